import type { EksGpuNodePool, EksGpuNodePoolProps } from "../aws/gpu-node-pool";
import type { GkeGpuNodePool, GkeGpuNodePoolProps } from "../gcp/gpu-node-pool";
import { DeepSeekConfigError } from "../errors";
import { Construct } from "../internal/tf";
import type { DeploymentPlan } from "../planner/plan";

export interface GpuNodePoolProps {
  /** The placement, from `planDeployment`; its `cloud` picks EKS or GKE. */
  readonly plan: DeploymentPlan;
  /** Your EKS cluster, VPC and subnets. Required when `plan.cloud` is `"aws"`. */
  readonly eks?: Omit<EksGpuNodePoolProps, "plan">;
  /** Your GKE cluster and extra networks. Required when `plan.cloud` is `"gcp"`. */
  readonly gke?: Omit<GkeGpuNodePoolProps, "plan">;
}

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
    const { plan } = props;
    if (plan.cloud === "aws") {
      if (!props.eks) throw new DeepSeekConfigError("eks", "is required for an AWS plan (your cluster, VPC and subnets)", undefined, "set eks: { clusterName, vpcId, subnetIds }");
      if (props.gke) throw new DeepSeekConfigError("gke", "applies to GCP plans only", props.gke, "remove gke, or plan for cloud \"gcp\"");
      const { EksGpuNodePool: Pool } = require("../aws/gpu-node-pool") as typeof import("../aws/gpu-node-pool");
      this.pool = new Pool(this, "pool", { ...props.eks, plan });
    } else {
      if (!props.gke) throw new DeepSeekConfigError("gke", "is required for a GCP plan (your cluster and extra networks)", undefined, "set gke: { cluster, additionalNodeNetworks }");
      if (props.eks) throw new DeepSeekConfigError("eks", "applies to AWS plans only", props.eks, "remove eks, or plan for cloud \"aws\"");
      const { GkeGpuNodePool: Pool } = require("../gcp/gpu-node-pool") as typeof import("../gcp/gpu-node-pool");
      this.pool = new Pool(this, "pool", { ...props.gke, plan });
    }
  }
}
