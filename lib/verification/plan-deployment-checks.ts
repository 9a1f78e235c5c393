import { asWritten, type PathOf } from "../plan/refusal-paths";
import type { DeploymentPlan } from "../plan/plan";
import { planVerification, type VerificationInput, type VerificationPlan } from "./plan-verification";

/** What `DeploymentChecks` writes besides the check objects: decided here, only emitted there. */
export interface DeploymentChecksPlan {
  /** Which checks run, with thresholds. */
  readonly checks: VerificationPlan;
  /** The TerraformOutput listing the checks, or null for none. */
  readonly output: { readonly description: string } | null;
}

export interface DeploymentChecksOptions {
  /** A decided checks plan (`planVerification`), or its input. @default {} */
  readonly verification?: VerificationPlan | VerificationInput;
  /** Emit a TerraformOutput listing the checks that run and those that do not. @default true */
  readonly createOutput?: boolean;
}

/** True for a decided checks plan (as opposed to the input of one). */
export function isVerificationPlan(value: unknown): value is VerificationPlan {
  const v = value as VerificationPlan;
  return typeof value === "object" && value !== null && Array.isArray(v.enabled) && Array.isArray(v.disabled) && typeof v.ttlSecondsAfterFinished === "number";
}

/**
 * Plans `DeploymentChecks`: the checks (planned from `verification` unless already decided) and
 * whether, and with which description, the checks output is written. Pure.
 */
export function planDeploymentChecks(plan: DeploymentPlan, options: DeploymentChecksOptions = {}, at: PathOf = asWritten): DeploymentChecksPlan {
  const input = options.verification ?? {};
  const checks = isVerificationPlan(input) ? input : planVerification(plan, input, at);
  const output = options.createOutput === false ? null : {
    description: `Post-deploy checks of ${plan.id}: the ones that run gate the apply; a failed check's reason is the 'CHECK FAILED:' line of its Job log`,
  };
  return { checks, output };
}
