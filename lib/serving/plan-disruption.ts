import type { DeploymentPlan } from "../plan/plan";

/**
 * How a placement's servers survive routine operations (node drains, upgrades, rollouts). Pure.
 *
 * - Rollouts surge one replica (group) when the node pool can hold one more (nodes.max covers
 *   replicas.min + 1 replicas), so the old server serves until the new one is ready; otherwise one
 *   replica is replaced at a time.
 * - The PodDisruptionBudget keeps at least one replica: a drain may evict a server only while
 *   another one serves, so the last replica is never taken down voluntarily (a 30-40 minute cold
 *   start). Maintenance path for a single-replica placement: scale to two replicas (the autoscaler's
 *   minimum, or `kubectl scale`), wait until the new replica is ready, then drain; or accept the
 *   outage and delete the PDB for the window.
 */
export interface DisruptionPlan {
  readonly maxSurge: 0 | 1;
  readonly maxUnavailable: 0 | 1;
  /** PodDisruptionBudget: minAvailable 1 (never the last replica). */
  readonly minAvailable: 1;
}

export function planDisruption(plan: Pick<DeploymentPlan, "replicas" | "nodes" | "nodesPerReplica">): DisruptionPlan {
  const room = plan.nodes.max >= (plan.replicas.min + 1) * plan.nodesPerReplica;
  return room ? { maxSurge: 1, maxUnavailable: 0, minAvailable: 1 } : { maxSurge: 0, maxUnavailable: 1, minAvailable: 1 };
}
