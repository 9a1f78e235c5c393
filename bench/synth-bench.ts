// `npm run bench`: the README's synth command (`npm run synth`) timed as a whole process, beside
// the naive load in the same run: a process that loads the four provider packages from their
// package roots (what a library with root imports pays) and then synthesizes the same app.
// Runs alternate (A B A B ...) after one warm-up each, so machine load hits both alike.
// Peak memory is the largest single Node process of a run (npm and the synth both report theirs
// through bench/peak-rss.js), CPU the user + system time of all its Node processes (less
// sensitive to a busy machine than wall time). Targets (issue 15): median <= 1.5 s, peak <= 400 MB, >= 4x faster.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = join(__dirname, "..");
const { ensureBuilt, OUT } = require("../scripts/synth.js") as { ensureBuilt(): boolean; OUT: string };
ensureBuilt();

const PROVIDER_ROOTS = ["@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-kubernetes", "@cdktf/provider-helm"];
const naiveScript = `for (const r of ${JSON.stringify(PROVIDER_ROOTS)}) require(r); process.chdir(${JSON.stringify(root)}); require(${JSON.stringify(join(OUT, "stacks", "main.js"))});`;

interface Sample { wallMs: number; peakMB: number; cpuMs: number }
const scratch = mkdtempSync(join(tmpdir(), "deepseek-bench-"));
let n = 0;
function sample(cmd: string, args: string[]): Sample {
  const rssFile = join(scratch, `rss-${n++}`);
  const env = { ...process.env, NODE_OPTIONS: `--require ${join(root, "bench", "peak-rss.js")}`, BENCH_RSS_FILE: rssFile };
  const start = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { cwd: root, env, encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  const procs = readFileSync(rssFile, "utf8").trim().split("\n").map((l) => l.split(" ").map(Number));
  return { wallMs, peakMB: Math.max(...procs.map(([kib]) => kib)) / 1024, cpuMs: procs.reduce((a, [, us]) => a + us, 0) / 1000 };
}
const readme = () => sample("npm", ["run", "--silent", "synth"]);
const naive = () => sample(process.execPath, ["-e", naiveScript]);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

readme();
naive();
const ours: Sample[] = [];
const base: Sample[] = [];
for (let i = 0; i < RUNS; i++) {
  ours.push(readme());
  base.push(naive());
}
rmSync(scratch, { recursive: true, force: true });

const oursMs = median(ours.map((s) => s.wallMs));
const baseMs = median(base.map((s) => s.wallMs));
const oursPeak = Math.max(...ours.map((s) => s.peakMB));
const ratio = baseMs / oursMs;
const range = (xs: number[]) => `(${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
const row = (name: string, s: Sample[]) => [
  name.padEnd(44),
  `${median(s.map((x) => x.wallMs)).toFixed(0).padStart(7)} ms ${range(s.map((x) => x.wallMs)).padStart(13)}`,
  `${median(s.map((x) => x.cpuMs)).toFixed(0).padStart(7)} ms cpu`,
  `${Math.max(...s.map((x) => x.peakMB)).toFixed(0).padStart(6)} MB`,
].join(" ");
console.log(`default app, whole process, ${RUNS} runs each after a warm-up: median wall (min-max), median CPU, peak RSS of the largest process`);
console.log(row("npm run synth (README; compiled JavaScript)", ours));
console.log(row("naive: provider package roots, then synth", base));
const cpuRatio = median(base.map((s) => s.cpuMs)) / median(ours.map((s) => s.cpuMs));
console.log(`naive / README: ${ratio.toFixed(1)}x wall, ${cpuRatio.toFixed(1)}x CPU`);
const verdict = (ok: boolean) => (ok ? "ok" : "MISSED");
console.log(`targets: median <= 1500 ms ${verdict(oursMs <= 1500)}; peak <= 400 MB ${verdict(oursPeak <= 400)}; >= 4x ${verdict(ratio >= 4)}`);
