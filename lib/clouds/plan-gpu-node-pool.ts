import { DeepSeekConfigError } from "../errors";
import type { DeploymentPlan } from "../plan/plan";
import { joinPath, type PathOf } from "../plan/refusal-paths";

/**
 * Which cloud's pool GpuNodePool builds, and from which options: the plan's cloud decides, and
 * the other cloud's options are refused. Pure; the construct only dispatches on the result.
 */
export type GpuNodePoolChoice<E, G> =
  | { readonly cloud: "aws"; readonly options: E; readonly at: PathOf }
  | { readonly cloud: "gcp"; readonly options: G; readonly at: PathOf };

export const EKS_POOL_FIX = "set eks: { clusterName, vpcId, subnetIds }";
export const GKE_POOL_FIX = "set gke: { cluster, additionalNodeNetworks }";

/** Refusals at `<id>.eks` / `<id>.gke`; the chosen pool's refusals at `<id>.<eks|gke>.<option>` and `<id>.plan...`. */
export function chooseGpuNodePool<E, G>(plan: Pick<DeploymentPlan, "cloud">, props: { readonly eks?: E; readonly gke?: G }, id: string): GpuNodePoolChoice<E, G> {
  const at = (field: string) => `${id}.${field}`;
  if (plan.cloud === "aws") {
    if (!props.eks) throw new DeepSeekConfigError(at("eks"), "is required for an AWS plan (your cluster, VPC and subnets)", undefined, EKS_POOL_FIX);
    if (props.gke) throw new DeepSeekConfigError(at("gke"), "applies to GCP plans only", props.gke, "remove gke, or plan for cloud \"gcp\"");
    return { cloud: "aws", options: props.eks, at: optionsAt(id, "eks") };
  }
  if (!props.gke) throw new DeepSeekConfigError(at("gke"), "is required for a GCP plan (your cluster and extra networks)", undefined, GKE_POOL_FIX);
  if (props.eks) throw new DeepSeekConfigError(at("eks"), "applies to AWS plans only", props.eks, "remove eks, or plan for cloud \"aws\"");
  return { cloud: "gcp", options: props.gke, at: optionsAt(id, "gke") };
}

/** Where a cloud pool's refusal points: the plan at `<id>.plan...`, every option at `<id>.<eks|gke>.<option>`. */
function optionsAt(id: string, cloudKey: "eks" | "gke"): PathOf {
  return (field) => (field === "plan" || field.startsWith("plan.") ? joinPath(id, field) : joinPath(id, cloudKey, field));
}
