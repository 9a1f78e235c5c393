import { asWritten, type PathOf } from "../plan/refusal-paths";
import type { DeploymentPlan } from "../plan/plan";
import { servingNames } from "../plan/names";
import { imageString } from "../catalog/images";
import { planVerification, type CheckName, type VerificationInput, type VerificationPlan } from "./plan-verification";

/** Helm waits this long beyond a Job's own deadline, seconds (pod start, log flush). */
export const HELM_WAIT_MARGIN_SECONDS = 120;
/** Release names of the checks. */
export const CHECK_RELEASES: Readonly<Record<CheckName, string>> = { fabric: "deepseek-check-fabric", serving: "deepseek-check-serving", loadProbe: "deepseek-check-load-probe" };
/** ConfigMap carrying the endpoint URL when it is only known at apply time. */
export const ENDPOINT_CONFIG_MAP = { name: "check-endpoint", key: "url" } as const;

/**
 * What a check release waits for, by role (the construct holds the resources of each):
 * `prerequisites`: what the fabric check needs on its own (GPU node pools, device plugins: `fabricDependsOn`);
 * `workload`: the serving workload and gateway (`dependsOn`); `endpoint`: the ConfigMap carrying an
 * apply-time endpoint URL, when one is written; `serving`: the serving check's release.
 */
export type CheckWait = "prerequisites" | "workload" | "endpoint" | "serving";

/** One check's Helm release: name, namespace, how long Helm waits for its Job, and what it waits for. */
export interface CheckReleasePlan {
  readonly name: string;
  readonly namespace: string;
  /** The Job's own deadline plus HELM_WAIT_MARGIN_SECONDS. */
  readonly timeoutSeconds: number;
  readonly after: readonly CheckWait[];
}

/** What `DeploymentChecks` writes besides the check objects: decided here, only emitted there. */
export interface DeploymentChecksPlan {
  /** Which checks run, with thresholds. */
  readonly checks: VerificationPlan;
  /** The TerraformOutput listing the checks, or null for none. */
  readonly output: { readonly description: string } | null;
  /** The release of each check that runs (null: not written). */
  readonly releases: { readonly [C in CheckName]: CheckReleasePlan | null };
  /**
   * Where the HTTP checks read the endpoint URL when it is a Terraform reference (known at apply
   * time only); null when no HTTP check runs. Written only for a reference: a literal URL is set in the Job.
   */
  readonly endpointConfigMap: { readonly name: string; readonly key: string; readonly namespace: string; readonly labels: Readonly<Record<string, string>> } | null;
  /** The serving workload starts after the fabric check: the check needs `nodesPerReplica` free GPU nodes. */
  readonly serversAfterFabric: boolean;
  /** Images: the serving check and load probe (python 3), the fabric check (torch, NCCL, the fabric's plugin). */
  readonly images: { readonly check: string; readonly fabric: string };
}

export interface DeploymentChecksOptions {
  /** A decided checks plan (`planVerification`), or its input. @default {} */
  readonly verification?: VerificationPlan | VerificationInput;
  /** Emit a TerraformOutput listing the checks that run and those that do not. @default true */
  readonly createOutput?: boolean;
  /**
   * The fabric check waits for its own prerequisites (DeploymentChecks' `fabricDependsOn`: node
   * pools, device plugins), not for the serving workload, so it can run before the servers.
   * @default false: it waits for the workload (`dependsOn`), like the other checks
   */
  readonly fabricPrerequisites?: boolean;
  /** Image of the serving check and load probe (needs python 3). @default the plan's serving image */
  readonly checkImage?: string;
  /** Image of the fabric check (needs torch, NCCL and the fabric's NCCL plugin). @default the plan's serving image */
  readonly fabricImage?: string;
}

/** True for a decided checks plan (as opposed to the input of one). */
export function isVerificationPlan(value: unknown): value is VerificationPlan {
  const v = value as VerificationPlan;
  return typeof value === "object" && value !== null && Array.isArray(v.enabled) && Array.isArray(v.disabled) && typeof v.ttlSecondsAfterFinished === "number";
}

/**
 * Plans `DeploymentChecks`: the checks (planned from `verification` unless already decided),
 * their releases and ordering, the endpoint ConfigMap, and whether (and with which description)
 * the checks output is written. Pure.
 */
export function planDeploymentChecks(plan: DeploymentPlan, options: DeploymentChecksOptions = {}, at: PathOf = asWritten): DeploymentChecksPlan {
  const input = options.verification ?? {};
  const checks = isVerificationPlan(input) ? input : planVerification(plan, input, at);
  const output = options.createOutput === false ? null : {
    description: `Post-deploy checks of ${plan.id}: the ones that run gate the apply; a failed check's reason is the 'CHECK FAILED:' line of its Job log`,
  };
  const namespace = servingNames(plan).namespace;
  const release = (check: CheckName, after: readonly CheckWait[]): CheckReleasePlan | null => {
    const job = checks[check];
    return job ? { name: CHECK_RELEASES[check], namespace, timeoutSeconds: job.timeoutSeconds + HELM_WAIT_MARGIN_SECONDS, after } : null;
  };
  const fabricPrerequisites = options.fabricPrerequisites === true;
  const http = checks.serving !== null || checks.loadProbe !== null;
  return {
    checks,
    output,
    releases: {
      fabric: release("fabric", [fabricPrerequisites ? "prerequisites" : "workload"]),
      serving: release("serving", ["workload", "endpoint"]),
      // The load probe runs last: after the serving check passed, if it runs.
      loadProbe: release("loadProbe", checks.serving ? ["workload", "endpoint", "serving"] : ["workload", "endpoint"]),
    },
    endpointConfigMap: http ? { ...ENDPOINT_CONFIG_MAP, namespace, labels: { "cdktf-deepseek.io/role": "check" } } : null,
    // Only a check that waits for its prerequisites alone can run before the servers.
    serversAfterFabric: checks.fabric !== null && fabricPrerequisites,
    // The serving image is on the GPU nodes already, and has python, torch and the fabric's NCCL plugin.
    images: { check: options.checkImage ?? imageString(plan.image), fabric: options.fabricImage ?? imageString(plan.image) },
  };
}
