/**
 * The serving layer's Kubernetes objects, by concept (this file only re-exports them, so older
 * imports keep working):
 * - constants.ts: names, labels and tool images shared with traffic, autoscaling and checks;
 * - plan-server-pod.ts: probes, CPU/memory share, shared memory, checkpoint paths (decisions);
 * - model-cache.ts: the node-local model cache volume and the staging init container;
 * - server-pod.ts: the server pod spec, the single-node Deployment and the LeaderWorkerSet;
 * - launch-scripts.ts: the leader's MPI launch and the worker's hold script;
 * - namespace-objects.ts, network-policies.ts: namespace, identities, config, Service, PDB, policies.
 * The fabric settings of the pods come from lib/fabric/plan-pod-fabric.ts.
 */
export * from "./constants";
export * from "./plan-server-pod";
export * from "./model-cache";
export * from "./server-pod";
export * from "./launch-scripts";
export * from "./namespace-objects";
export * from "./network-policies";
export { EFA_HUGEPAGES_2MI, defaultGpuNetworkNames, planPodFabric } from "../fabric/plan-pod-fabric";
export type { PodFabric, FabricNodeContext } from "../fabric/plan-pod-fabric";
