// One measured synth in a fresh process. `--baseline` first loads the four provider packages
// from their package roots, as a library with root imports would, then does the same synth.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const start = process.hrtime.bigint();
if (process.argv.includes("--baseline")) {
  for (const root of ["@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-kubernetes", "@cdktf/provider-helm"]) require(root);
}
const outdir = mkdtempSync(join(tmpdir(), "deepseek-bench-"));
const { buildDefaultApp } = require("../stacks/default-app") as typeof import("../stacks/default-app");
buildDefaultApp(outdir).synth();
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
rmSync(outdir, { recursive: true, force: true });
// maxRSS is in KiB on Linux.
process.stdout.write(JSON.stringify({ wallMs, peakRssMB: process.resourceUsage().maxRSS / 1024 }) + "\n");
