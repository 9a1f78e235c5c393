import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { SynthView } from "./types";
import { synthView } from "./view";

/**
 * Reads `<outdir>/stacks/*\/cdk.tf.json`. Throws when the directory holds no JSON stack, unless
 * `allowNone` (an app synthesized as HCL: preflight reads Terraform JSON only).
 */
export function loadSynth(outdir: string, options: { allowNone?: boolean } = {}): SynthView {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) throw new Error(`${outdir}: no stacks/ directory (run cdktf synth first)`);
  const names = readdirSync(dir).filter((n) => existsSync(join(dir, n, "cdk.tf.json"))).sort();
  if (names.length === 0 && !options.allowNone) throw new Error(`${dir}: no stack has a cdk.tf.json (preflight reads Terraform JSON; synthesize without hclOutput)`);
  return synthView(names.map((name) => ({ name, json: JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")) as unknown })));
}
