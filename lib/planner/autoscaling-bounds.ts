import type { AutoscalingPlan } from "./autoscaling";
import type { DeploymentPlan } from "./plan";

/**
 * The deployment plan with the replica bounds autoscaling settled on (e.g. sized from a
 * throughput target), so node pools are sized from the same numbers the scaler uses:
 * node bounds = replica bounds × nodes per replica.
 */
export function withAutoscalingBounds(plan: DeploymentPlan, autoscaling: AutoscalingPlan): DeploymentPlan {
  const { min, max } = autoscaling.replicas;
  if (min === plan.replicas.min && max === plan.replicas.max) return plan;
  const nodes = { min: min * plan.nodesPerReplica, max: max * plan.nodesPerReplica };
  return {
    ...plan,
    replicas: { min, max },
    nodes,
    gpus: { min: nodes.min * plan.gpusPerNode, max: nodes.max * plan.gpusPerNode },
    overridden: [...plan.overridden, `replicas: ${plan.replicas.min}-${plan.replicas.max} → ${min}-${max} (autoscaling ${autoscaling.boundsSource})`],
  };
}
