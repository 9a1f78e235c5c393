// AWS constructs of cdktf-deepseek (loads only @cdktf/provider-aws submodules).
export { EksInfra } from "./infra";
export type { EksInfraProps } from "./infra";
export { EksNetwork, subnetDiscoveryTags } from "./network";
export type { EksNetworkProps } from "./network";
export { EksControlPlane } from "./control-plane";
export type { EksControlPlaneProps } from "./control-plane";
export { EksGpuNodePool } from "./gpu-node-pool";
export type { EksGpuNodePoolProps } from "./gpu-node-pool";
export { ModelBucket } from "./model-bucket";
export type { ModelBucketProps } from "./model-bucket";
export { EksWorkloadIdentity } from "./workload-identity";
export type { EksWorkloadIdentityProps } from "./workload-identity";
export * from "./plan-aws-infra";
export * from "./plan-aws-gpu-nodes";
export * from "./plan-aws-shared";
export * from "../../fabric/plan-efa-interfaces";
