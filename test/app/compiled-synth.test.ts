// `npm run synth` and cdktf.json's app run compiled JavaScript (scripts/synth.js: esbuild into
// .cache/synth when a source changed), not tsx on TypeScript.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
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
    expect(app).toBe("node scripts/synth.js --keep-out");
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
