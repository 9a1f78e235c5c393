#!/usr/bin/env node
// `npm run synth` and cdktf.json's `app`: synthesizes the default app from compiled JavaScript.
// The TypeScript under lib/, stacks/ and bin/ is transpiled file by file with esbuild into .cache/synth/
// (same layout, so relative requires and files read beside the code keep working), only when a
// source changed since the last build: the check stats every source file (a few ms); a rebuild
// takes a fraction of a second. Type-checking stays with `npm run typecheck` / `npm test`.
// `--build-only` builds (if stale) and exits. The output directory is not cleared first: DeepSeekApp
// writes a fresh directory and swaps it in only when the synth succeeds, so a refused synth leaves the
// earlier output (a review base) as it was, and a successful one leaves no stale stack behind.
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const OUT = path.join(ROOT, ".cache", "synth");
const STAMP = path.join(OUT, ".sources");
const SOURCE_DIRS = ["lib", "stacks", "bin"];

/** Every file under the source folders: TypeScript to transpile, anything else to copy. */
function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) files.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return files.sort();
}

/** A digest of the sources' paths, sizes and modification times, and of the compiler's version. */
function signature(files) {
  const hash = createHash("sha256").update(require("esbuild/package.json").version);
  for (const f of files) {
    const st = fs.statSync(path.join(ROOT, f));
    hash.update(`${f}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

function build(files, sig) {
  fs.rmSync(OUT, { recursive: true, force: true });
  const ts = files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  require("esbuild").buildSync({
    entryPoints: ts.map((f) => path.join(ROOT, f)),
    outdir: OUT,
    outbase: ROOT,
    format: "cjs",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  for (const f of files.filter((f) => !f.endsWith(".ts"))) {
    fs.mkdirSync(path.dirname(path.join(OUT, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(OUT, f));
  }
  fs.writeFileSync(STAMP, sig);
}

const LOCK = `${OUT}.lock`;

/** Blocks the thread for `ms` (no busy loop). */
function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether the process that holds the lock is gone (killed mid-build), so the lock can be taken over. */
function lockIsStale() {
  let pid;
  try { pid = Number(fs.readFileSync(path.join(LOCK, "pid"), "utf8")); } catch { pid = undefined; }
  if (pid) {
    try { process.kill(pid, 0); return false; } catch (e) { return e.code === "ESRCH"; }
  }
  // No pid yet: the holder is between mkdir and writing it, unless that was long ago.
  try { return Date.now() - fs.statSync(LOCK).mtimeMs > 60000; } catch { return false; }
}

/**
 * Runs `fn` holding .cache/synth.lock (a directory: mkdir is atomic), so one process builds at a
 * time. Without it, processes started together after a source changed (jest workers, a synth beside
 * a test run) each saw a stale stamp and rebuilt: one deleted .cache/synth while another was
 * loading the build it had just made (a test that synthesizes from the build failed now and then).
 */
function withBuildLock(fn) {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 300000;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      if (lockIsStale()) { fs.rmSync(LOCK, { recursive: true, force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`scripts/synth.js: ${LOCK} is held by another build for over 5 minutes; remove it if no build is running`);
      sleep(50);
    }
  }
  try {
    fs.writeFileSync(path.join(LOCK, "pid"), String(process.pid));
    return fn();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The stamp of the current build, if any. */
function currentStamp() {
  try { return fs.readFileSync(STAMP, "utf8"); } catch { return undefined; }
}

/**
 * Builds .cache/synth when a source changed; returns whether it rebuilt. The stamp is checked again
 * under the lock: a process that waited for another's build finds it current and does not rebuild
 * (so a build, once stamped, is never deleted under a process reading it unless a source changes).
 */
function ensureBuilt() {
  const files = sourceFiles();
  const sig = signature(files);
  if (currentStamp() === sig) return false;
  return withBuildLock(() => {
    if (currentStamp() === sig) return false;
    if (process.env.DEEPSEEK_SYNTH_BUILD_TRACE) fs.appendFileSync(process.env.DEEPSEEK_SYNTH_BUILD_TRACE, `${process.pid} build\n`);
    build(files, sig);
    return true;
  });
}

module.exports = { ensureBuilt, OUT };

if (require.main === module) {
  ensureBuilt();
  if (!process.argv.includes("--build-only")) {
    require(path.join(OUT, "stacks", "main.js"));
  }
}
