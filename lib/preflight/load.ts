import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { SynthView } from "./types";
import { intentOfReview, synthView } from "./view";

/**
 * Reads `<outdir>/stacks/*\/cdk.tf.json`. Throws when the directory holds no JSON stack, unless
 * `allowNone` (an app synthesized as HCL: preflight reads Terraform JSON only). What was configured
 * comes from `review` (the app's model at synth) or else `<outdir>/review.json` when present.
 */
export function loadSynth(outdir: string, options: { allowNone?: boolean; review?: unknown } = {}): SynthView {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) throw new Error(`${outdir}: no stacks/ directory (run cdktf synth first)`);
  const names = readdirSync(dir).filter((n) => existsSync(join(dir, n, "cdk.tf.json"))).sort();
  if (names.length === 0 && !options.allowNone) throw new Error(`${dir}: no stack has a cdk.tf.json (preflight reads Terraform JSON; synthesize without hclOutput)`);
  const stacks = names.map((name) => ({ name, json: JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")) as unknown }));
  return synthView(stacks, options.review !== undefined ? intentOfReview(options.review) : readIntent(outdir));
}

/** The review.json a DeepSeekApp wrote beside the stacks, as intent; none when absent or unreadable. */
function readIntent(outdir: string) {
  try { return intentOfReview(JSON.parse(readFileSync(join(outdir, "review.json"), "utf8"))); } catch { return undefined; }
}
