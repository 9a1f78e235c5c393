import { deploymentPlanSchema } from "../plan/plan-shape";
import { loadCloudModule } from "../internal/optional-provider";
import { z } from "zod";
import type { EksGpuNodePool, EksGpuPoolOptionsProps } from "./aws/gpu-node-pool";
import type { GkeGpuNodePool, GkeGpuPoolOptionsProps } from "./gcp/gpu-node-pool";
import { DeepSeekConfigError } from "../errors";
import { joinPath, type PathOf } from "../plan/refusal-paths";
import { Construct } from "../internal/tf";
import type { DeploymentPlan } from "../plan/plan";
import { parseOrThrow } from "../validation";

export interface GpuNodePoolProps {
  /** The placement, from `planDeployment`; its `cloud` picks EKS or GKE. */
  readonly plan: DeploymentPlan;
  /** Your EKS cluster, VPC and subnets. Required when `plan.cloud` is `"aws"`. @default none */
  readonly eks?: Omit<EksGpuPoolOptionsProps, "plan">;
  /** Your GKE cluster and extra networks. Required when `plan.cloud` is `"gcp"`. @default none */
  readonly gke?: Omit<GkeGpuPoolOptionsProps, "plan">;
}

const EKS_FIX = "set eks: { clusterName, vpcId, subnetIds }";
const GKE_FIX = "set gke: { cluster, additionalNodeNetworks }";

/**
 * The shape GpuNodePool checks itself; the cloud pool's planner checks the contents of `eks` /
 * `gke`, with refusals at `<id>.eks.<option>` / `<id>.gke.<option>` (see optionsAt).
 */
const schema = z.object({
  plan: deploymentPlanSchema("must be a DeploymentPlan; plan it with planDeployment({ model, hardware, cloud, region })"),
  eks: z.looseObject({}, { error: `must be an object; ${EKS_FIX}` }).optional(),
  gke: z.looseObject({}, { error: `must be an object; ${GKE_FIX}` }).optional(),
}, { error: (issue) => (issue.code === "invalid_type" ? "must be an object; pass { plan, eks } or { plan, gke }" : undefined) }).strict();

/**
 * One pool of 8-GPU nodes for a plan, on EKS (managed node group with EFA when multi-node) or
 * GKE (node pool with GPU NICs and COMPACT placement when multi-node), in your own stack.
 * Only the plan's cloud module is loaded, so a one-cloud consumer needs one provider package.
 */
export class GpuNodePool extends Construct {
  /** The cloud-specific pool, for escape hatches. */
  public readonly pool: EksGpuNodePool | GkeGpuNodePool;

  constructor(scope: Construct, id: string, props: GpuNodePoolProps) {
    super(scope, id);
    parseOrThrow(schema, props, id);
    // Validated above; the original objects are passed on (a plan is used by identity downstream).
    const { plan, eks, gke } = props;
    const at = (field: string) => `${id}.${field}`;
    if (plan.cloud === "aws") {
      if (!eks) throw new DeepSeekConfigError(at("eks"), "is required for an AWS plan (your cluster, VPC and subnets)", undefined, EKS_FIX);
      if (gke) throw new DeepSeekConfigError(at("gke"), "applies to GCP plans only", gke, "remove gke, or plan for cloud \"gcp\"");
      const { EksGpuNodePool: Pool } = loadCloudModule("aws", () => require("./aws/gpu-node-pool") as typeof import("./aws/gpu-node-pool"), `${id}.plan.cloud`);
      this.pool = Pool.fromOptions(this, "pool", { ...eks, plan }, optionsAt(id, "eks"));
    } else {
      if (!gke) throw new DeepSeekConfigError(at("gke"), "is required for a GCP plan (your cluster and extra networks)", undefined, GKE_FIX);
      if (eks) throw new DeepSeekConfigError(at("eks"), "applies to AWS plans only", eks, "remove eks, or plan for cloud \"aws\"");
      const { GkeGpuNodePool: Pool } = loadCloudModule("gcp", () => require("./gcp/gpu-node-pool") as typeof import("./gcp/gpu-node-pool"), `${id}.plan.cloud`);
      this.pool = Pool.fromOptions(this, "pool", { ...gke, plan }, optionsAt(id, "gke"));
    }
  }
}

/** Where a cloud pool's refusal points: the plan at `<id>.plan...`, every option at `<id>.<eks|gke>.<option>`. */
function optionsAt(id: string, cloudKey: "eks" | "gke"): PathOf {
  return (field) => (field === "plan" || field.startsWith("plan.") ? joinPath(id, field) : joinPath(id, cloudKey, field));
}
