import { deploymentPlanSchema } from "../plan/plan-shape";
import { loadCloudModule } from "../internal/optional-provider";
import { z } from "zod";
import type { EksGpuNodePool, EksGpuNodePoolProps } from "./aws/gpu-node-pool";
import type { GkeGpuNodePool, GkeGpuNodePoolProps } from "./gcp/gpu-node-pool";
import { DeepSeekConfigError, refusalsAt } from "../errors";
import { Construct } from "../internal/tf";
import type { DeploymentPlan } from "../plan/plan";
import { parseOrThrow } from "../validation";

export interface GpuNodePoolProps {
  /** The placement, from `planDeployment`; its `cloud` picks EKS or GKE. */
  readonly plan: DeploymentPlan;
  /** Your EKS cluster, VPC and subnets. Required when `plan.cloud` is `"aws"`. @default none */
  readonly eks?: Omit<EksGpuNodePoolProps, "plan">;
  /** Your GKE cluster and extra networks. Required when `plan.cloud` is `"gcp"`. @default none */
  readonly gke?: Omit<GkeGpuNodePoolProps, "plan">;
}

const EKS_FIX = "set eks: { clusterName, vpcId, subnetIds }";
const GKE_FIX = "set gke: { cluster, additionalNodeNetworks }";

/**
 * The shape GpuNodePool checks itself; the cloud pool it delegates to checks the contents of
 * `eks` / `gke` (errors re-rooted under `<id>.eks` / `<id>.gke`).
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
      const { EksGpuNodePool: Pool } = loadCloudModule("aws", () => require("./aws/gpu-node-pool") as typeof import("./aws/gpu-node-pool"), "plan.cloud");
      this.pool = reRooted(id, "eks", () => new Pool(this, "pool", { ...eks, plan }));
    } else {
      if (!gke) throw new DeepSeekConfigError(at("gke"), "is required for a GCP plan (your cluster and extra networks)", undefined, GKE_FIX);
      if (eks) throw new DeepSeekConfigError(at("eks"), "applies to AWS plans only", eks, "remove eks, or plan for cloud \"aws\"");
      const { GkeGpuNodePool: Pool } = loadCloudModule("gcp", () => require("./gcp/gpu-node-pool") as typeof import("./gcp/gpu-node-pool"), "plan.cloud");
      this.pool = reRooted(id, "gke", () => new Pool(this, "pool", { ...gke, plan }));
    }
  }
}

/**
 * Runs the cloud pool's constructor and re-roots its errors at this construct's props:
 * `pool.clusterName` or `clusterName` -> `<id>.eks.clusterName`; `pool.plan...` or `plan...` -> `<id>.plan...`.
 */
function reRooted<T>(id: string, cloudKey: "eks" | "gke", build: () => T): T {
  return refusalsAt([["pool.plan", `${id}.plan`], ["pool", `${id}.${cloudKey}`], ["plan", `${id}.plan`], ["", `${id}.${cloudKey}`]], build);
}
