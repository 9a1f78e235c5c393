#!/usr/bin/env node
// `npm run synth` and cdktf.json's `app`: synthesizes the default app from compiled JavaScript.
// The TypeScript under lib/, stacks/ and bin/ is transpiled file by file with esbuild into .cache/synth/
// (same layout, so relative requires and files read beside the code keep working), only when a
// source changed since the last build: the check stats every source file (a few ms); a rebuild
// takes a fraction of a second. Type-checking stays with `npm run typecheck` / `npm test`.
// `--build-only` builds (if stale) and exits; `--keep-out` leaves an existing cdktf.out in place.
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

/** Builds .cache/synth when a source changed; returns whether it rebuilt. */
function ensureBuilt() {
  const files = sourceFiles();
  const sig = signature(files);
  let current;
  try { current = fs.readFileSync(STAMP, "utf8"); } catch { current = undefined; }
  if (current === sig) return false;
  build(files, sig);
  return true;
}

module.exports = { ensureBuilt, OUT };

if (require.main === module) {
  ensureBuilt();
  if (!process.argv.includes("--build-only")) {
    if (!process.argv.includes("--keep-out")) fs.rmSync(path.join(process.cwd(), "cdktf.out"), { recursive: true, force: true });
    require(path.join(OUT, "stacks", "main.js"));
  }
}
