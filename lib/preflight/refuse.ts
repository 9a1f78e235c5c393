import { DeepSeekConfigError } from "../errors";
import { runPreflight } from "./index";
import { loadSynth } from "./load";
import type { Finding } from "./types";

/**
 * A synthesized configuration preflight proves would fail on deploy. Message form as every
 * refusal: `<stack>: <object> <field>: <why> (got <rule>); <fix>`, the first finding first;
 * `findings` holds them all.
 */
export class PreflightRefusal extends DeepSeekConfigError {
  public readonly findings: readonly Finding[];
  constructor(findings: readonly Finding[]) {
    const f = findings[0];
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more finding${findings.length > 2 ? "s" : ""}: npx cdktf-deepseek preflight <outdir> lists them)` : "";
    super(`${f.stack}: ${f.object} ${f.field}`, `${f.why}${more}`, `preflight rule ${f.rule}`, f.fix);
    this.name = "PreflightRefusal";
    this.findings = findings;
  }
}

/**
 * Runs preflight over the stacks just written to `outdir`; refuses on any finding. Stacks written
 * as HCL (`hclOutput`) are not read.
 */
export function refuseOnPreflightFindings(outdir: string): void {
  const findings = runPreflight(loadSynth(outdir, { allowNone: true }));
  if (findings.length > 0) throw new PreflightRefusal(findings);
}
