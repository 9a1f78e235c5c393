import { DeepSeekConfigError } from "../errors";
import type { PreflightSummary } from "../review/types";
import { PREFLIGHT_RULES, runPreflight } from "./index";
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
 * as HCL (`hclOutput`) are not read. `review` (the app's review model) says what was configured.
 * Returns what ran, for the review.
 */
export function refuseOnPreflightFindings(outdir: string, review?: unknown): PreflightSummary {
  const view = loadSynth(outdir, { allowNone: true, review });
  const findings = runPreflight(view);
  if (findings.length > 0) throw new PreflightRefusal(findings);
  return { rules: PREFLIGHT_RULES.map((r) => r.id), stacks: view.stacks.length, findings: 0 };
}
