import type { DeploymentPlan } from "../plan/plan";

/** How one replica's pods are laid out: decided here (pure), written by the serving builders and DeepSeekServing. */
export interface ServingTopologyPlan {
  /** A LeaderWorkerSet of `nodesPerReplica` pods per replica (multi-node), or a Deployment of one-pod replicas. */
  readonly workload: "LeaderWorkerSet" | "Deployment";
  /** The group's pods talk among themselves (MPI, NCCL on any port): intra-group ingress and egress policies. */
  readonly groupTraffic: boolean;
  /** The leader launches the ranks on the workers (kubectl exec agent and its RBAC, the fabric preamble and rank wrapper in the ConfigMap). */
  readonly leaderLaunch: boolean;
}

/** A replica spanning several nodes is a LeaderWorkerSet whose leader launches the ranks; one node is a plain Deployment. Pure. */
export function planServingTopology(plan: Pick<DeploymentPlan, "nodesPerReplica">): ServingTopologyPlan {
  const multiNode = plan.nodesPerReplica > 1;
  return { workload: multiNode ? "LeaderWorkerSet" : "Deployment", groupTraffic: multiNode, leaderLaunch: multiNode };
}
