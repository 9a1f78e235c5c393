// `npm run synth` and cdktf.json's app run compiled JavaScript (scripts/synth.js: esbuild into
// .cache/synth when a source changed), not tsx on TypeScript.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultAppOutdir } from "../support/default-app";

const ROOT = join(__dirname, "..", "..");
const SYNTH = join(ROOT, "scripts", "synth.js");
const OUT = join(ROOT, ".cache", "synth");

describe("compiled synth", () => {
  test("npm run synth and the cdktf app run scripts/synth.js, never tsx", () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    const app = JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8")).app as string;
    expect(scripts.synth).toBe("node scripts/synth.js");
    expect(app).toBe("node scripts/synth.js");
    expect(`${scripts.synth} ${app}`).not.toMatch(/tsx|ts-node/);
  });

  test("the build holds every lib and stacks module as JavaScript, and its lib entry exports what lib/index.ts does", () => {
    execFileSync(process.execPath, [SYNTH, "--build-only"], { cwd: ROOT });
    const stamp = statSync(join(OUT, ".sources")).mtimeMs;
    // Unchanged sources: a second call does not rebuild.
    execFileSync(process.execPath, [SYNTH, "--build-only"], { cwd: ROOT });
    expect(statSync(join(OUT, ".sources")).mtimeMs).toBe(stamp);
    expect(statSync(join(OUT, "stacks", "main.js")).isFile()).toBe(true);
    const compiled = execFileSync(process.execPath, ["-e", `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(join(OUT, "lib", "index.js"))})).sort()))`], { encoding: "utf8" });
    expect(JSON.parse(compiled)).toEqual(Object.keys(require("../../lib")).sort());
  });

  test("npm run preflight runs the bin compiled (scripts/cli.js over the same build), never tsx", () => {
    const scripts = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    expect(scripts.preflight).toBe("node scripts/cli.js preflight cdktf.out");
    const out = execFileSync(process.execPath, [join(ROOT, "scripts", "cli.js"), "preflight", defaultAppOutdir()], { cwd: ROOT, encoding: "utf8" });
    expect(out).toMatch(/^preflight: \d+ stacks, \d+ rules, no findings/);
    expect(statSync(join(OUT, "bin", "cdktf-deepseek.js")).isFile()).toBe(true);
  });
});

describe("a refused npm run synth keeps the earlier output", () => {
  // The review base of a PR is the previous cdktf.out: a refusal must not delete it. The refusal here
  // is an empty CDKTF_OUTDIR (DeepSeekApp refuses it before anything is written).
  const refusedSynth = (script: string) => {
    const cwd = mkdtempSync(join(tmpdir(), "deepseek-refused-synth-"));
    mkdirSync(join(cwd, "cdktf.out", "stacks"), { recursive: true });
    writeFileSync(join(cwd, "cdktf.out", "review.md"), "earlier review\n");
    const file = join(ROOT, "scripts", `.synth-copy-${process.pid}.js`);
    writeFileSync(file, script);
    try {
      const run = spawnSync(process.execPath, [file], { cwd, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: "" } });
      return { status: run.status, stderr: run.stderr, kept: existsSync(join(cwd, "cdktf.out", "review.md")) };
    } finally {
      rmSync(file, { force: true });
    }
  };

  test("exits 1 with the refusal, and cdktf.out is as it was", () => {
    const r = refusedSynth(readFileSync(SYNTH, "utf8"));
    expect(r.stderr).toContain("refused: CDKTF_OUTDIR");
    expect(r.status).toBe(1);
    expect(r.kept).toBe(true);
  });

  test("planted fault: clearing cdktf.out before the synth (the old script) loses it", () => {
    const clearing = readFileSync(SYNTH, "utf8").replace('require(path.join(OUT, "stacks", "main.js"));', 'fs.rmSync(path.join(process.cwd(), "cdktf.out"), { recursive: true, force: true });\n    require(path.join(OUT, "stacks", "main.js"));');
    expect(clearing).not.toBe(readFileSync(SYNTH, "utf8"));
    expect(refusedSynth(clearing).kept).toBe(false);
  });
});

describe("concurrent builds (scripts/synth.js holds a lock)", () => {
  // A copy of scripts/synth.js over a tiny source tree, so the real .cache/synth that other test
  // files read is never rebuilt under them. Processes wait at a barrier, then call ensureBuilt()
  // together on a stale build, as jest workers do after a source changed.
  const race = async (script: string, processes: number): Promise<{ builds: number; codes: (number | null)[] }> => {
    const root = mkdtempSync(join(tmpdir(), "deepseek-synth-race-"));
    for (const dir of ["scripts", "lib", "stacks", "bin"]) mkdirSync(join(root, dir));
    writeFileSync(join(root, "scripts", "synth.js"), script);
    writeFileSync(join(root, "lib", "a.ts"), "export const a: number = 1;\n");
    writeFileSync(join(root, "stacks", "main.ts"), "import { a } from \"../lib/a\";\nexport const b = a + 1;\n");
    writeFileSync(join(root, "bin", "x.ts"), "export {};\n");
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    const go = join(root, "go");
    const trace = join(root, "trace");
    const body = [
      "const fs = require('node:fs');",
      `while (!fs.existsSync(${JSON.stringify(go)})) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);`,
      `require(${JSON.stringify(join(root, "scripts", "synth.js"))}).ensureBuilt();`,
      // Every process then reads a complete build.
      `if (require(${JSON.stringify(join(root, ".cache", "synth", "stacks", "main.js"))}).b !== 2) process.exit(3);`,
    ].join("\n");
    const children = Array.from({ length: processes }, () => spawn(process.execPath, ["-e", body], { env: { ...process.env, DEEPSEEK_SYNTH_BUILD_TRACE: trace }, stdio: "ignore" }));
    const codes = children.map((c) => new Promise<number | null>((resolve) => c.on("exit", resolve)));
    await new Promise((r) => setTimeout(r, 1000));
    writeFileSync(go, "");
    const exits = await Promise.all(codes);
    const builds = existsSync(trace) ? readFileSync(trace, "utf8").trim().split("\n").length : 0;
    return { builds, codes: exits };
  };

  test("four processes on a stale build: one builds, the others wait and find it current", async () => {
    const r = await race(readFileSync(SYNTH, "utf8"), 4);
    expect(r).toEqual({ builds: 1, codes: [0, 0, 0, 0] });
  }, 60000);

  test("planted fault: without the lock, processes started together each rebuild", async () => {
    const unlocked = readFileSync(SYNTH, "utf8").replace("return withBuildLock(() => {", "return ((fn) => fn())(() => {");
    expect(unlocked).not.toBe(readFileSync(SYNTH, "utf8"));
    const r = await race(unlocked, 4);
    expect(r.builds).toBeGreaterThan(1);
  }, 60000);
});
