// `npm run bench`: whole-app synth time and peak memory, beside a naive baseline measured in
// the same run. Each sample is a fresh Node process (module loading is most of the cost).
// The children are compiled once with tsc so TypeScript compilation is not measured.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const root = join(__dirname, "..");
const outDir = join(root, "node_modules", ".cache", "bench-build");

// Compile only what the child imports (not the whole project) to plain CommonJS.
execFileSync(join(root, "node_modules", ".bin", "tsc"), [
  join(root, "bench", "synth-child.ts"), "--outDir", outDir, "--rootDir", root, "--module", "commonjs", "--target", "es2022",
  "--strict", "--esModuleInterop", "--skipLibCheck", "--resolveJsonModule", "--types", "node",
], { stdio: "inherit" });
const child = join(outDir, "bench", "synth-child.js");
if (!existsSync(child)) throw new Error(`bench child not built at ${child}`);

interface Sample { wallMs: number; peakRssMB: number }
function sample(args: string[]): Sample {
  const result = spawnSync(process.execPath, [child, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  if (result.status !== 0) throw new Error(`bench child failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop()!);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const ours: Sample[] = [];
const baseline: Sample[] = [];
for (let i = 0; i < RUNS; i++) {
  // Interleave so background load affects both equally.
  ours.push(sample([]));
  baseline.push(sample(["--baseline"]));
}
const row = (name: string, s: Sample[]) => `${name.padEnd(34)} ${median(s.map((x) => x.wallMs)).toFixed(0).padStart(8)} ms ${Math.max(...s.map((x) => x.peakRssMB)).toFixed(0).padStart(8)} MB`;
console.log(`whole default app synth, ${RUNS} runs each (median wall time, peak RSS)`);
console.log(row("cdktf-deepseek (submodule imports)", ours));
console.log(row("baseline (provider root imports)", baseline));
console.log(`speed-up: ${(median(baseline.map((x) => x.wallMs)) / median(ours.map((x) => x.wallMs))).toFixed(1)}x`);
