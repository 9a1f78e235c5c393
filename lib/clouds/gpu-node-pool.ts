import { deploymentPlanSchema } from "../plan/plan-shape";
import { loadCloudModule } from "../internal/optional-provider";
import { z } from "zod";
import type { EksGpuNodePool, EksGpuPoolOptionsProps } from "./aws/gpu-node-pool";
import type { GkeGpuNodePool, GkeGpuPoolOptionsProps } from "./gcp/gpu-node-pool";
import { EKS_POOL_FIX, GKE_POOL_FIX, chooseGpuNodePool, type GpuNodePoolChoice } from "./plan-gpu-node-pool";
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

const EKS_FIX = EKS_POOL_FIX;
const GKE_FIX = GKE_POOL_FIX;

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
    // The plan's cloud picks the pool (chooseGpuNodePool, pure); only that cloud's module is loaded.
    const choice = chooseGpuNodePool(plan, { eks, gke }, id);
    this.pool = POOL_EMITTERS[choice.cloud](this, plan, choice as never, `${id}.plan.cloud`);
  }
}

type Choice = GpuNodePoolChoice<Omit<EksGpuPoolOptionsProps, "plan">, Omit<GkeGpuPoolOptionsProps, "plan">>;
const POOL_EMITTERS: { readonly [C in Choice["cloud"]]: (scope: Construct, plan: DeploymentPlan, choice: Extract<Choice, { cloud: C }>, cloudPath: string) => EksGpuNodePool | GkeGpuNodePool } = {
  aws: (scope, plan, choice, cloudPath) => {
    const { EksGpuNodePool: Pool } = loadCloudModule("aws", () => require("./aws/gpu-node-pool") as typeof import("./aws/gpu-node-pool"), cloudPath);
    return Pool.fromOptions(scope, "pool", { ...choice.options, plan }, choice.at);
  },
  gcp: (scope, plan, choice, cloudPath) => {
    const { GkeGpuNodePool: Pool } = loadCloudModule("gcp", () => require("./gcp/gpu-node-pool") as typeof import("./gcp/gpu-node-pool"), cloudPath);
    return Pool.fromOptions(scope, "pool", { ...choice.options, plan }, choice.at);
  },
};
