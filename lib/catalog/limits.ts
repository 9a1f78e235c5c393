import { Cloud } from "./node-types";

/**
 * Upper bounds on counts, so no input (or hand-made plan) asks a cloud for more than it will
 * create, and no emitted number overflows the int32 fields of the Kubernetes and cloud APIs.
 */

/** Largest value of an int32 field (Kubernetes `replicas`, probe thresholds, EKS scaling sizes). */
export const INT32_MAX = 2_147_483_647;

/**
 * Nodes one GPU node pool may hold:
 * - EKS: "Nodes per managed node group", default quota 450 (Amazon EKS service quotas,
 *   https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html);
 * - GKE: "Nodes per node pool zone" 1,000 (https://cloud.google.com/kubernetes-engine/quotas).
 */
export const MAX_POOL_NODES: Readonly<Record<Cloud, number>> = { aws: 450, gcp: 1000 };

/** Nodes one replica may span (the hardware profile `<nodes>x8x<GPU>`, 1 to 8 nodes). */
export const MAX_NODES_PER_REPLICA = 8;

/** GPUs on one node of every supported node type. */
export const MAX_GPUS_PER_NODE = 8;
