import { certificates } from "./rules/certificates";
import { chartValues } from "./rules/chart-values";
import { chartsPublished } from "./rules/charts-published";
import { crdsInstalled } from "./rules/crds-installed";
import { metrics } from "./rules/metrics";
import { references } from "./rules/references";
import { scheduling } from "./rules/scheduling";
import { traffic } from "./rules/traffic";
import { trafficScope } from "./rules/traffic-scope";
import { versions } from "./rules/versions";
import { identity } from "./rules/identity";
import { keysAndPorts } from "./rules/keys-and-ports";
import { policiesEnforced } from "./rules/policies-enforced";
import { storage } from "./rules/storage";
import type { Finding, Rule, SynthView } from "./types";

export type { Finding, Rule, SynthView } from "./types";
export { intentOfReview, synthView } from "./view";

/** Every preflight rule, in the order findings are reported. */
export const PREFLIGHT_RULES: readonly Rule[] = [
  chartsPublished, chartValues, crdsInstalled, scheduling, references, keysAndPorts, certificates, metrics, traffic, trafficScope, policiesEnforced, identity, versions, storage,
];

/** Runs every rule over the synthesized stacks. */
export function runPreflight(view: SynthView, rules: readonly Rule[] = PREFLIGHT_RULES): Finding[] {
  return rules.flatMap((r) => r.check(view));
}

/** One finding per paragraph: stack, object, field, why, fix. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `[${f.rule}] ${f.stack}: ${f.object} ${f.field}\n  why: ${f.why}\n  fix: ${f.fix}\n`).join("\n");
}
