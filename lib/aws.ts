// Entry point `cdktf-deepseek/aws`: the cloud-neutral API plus the EKS constructs, their plan
// functions and types. Loads @cdktf/provider-aws (submodules only) and never @cdktf/provider-google.
export * from "./index";
export { EksInfra } from "./clouds/aws/infra";
export type { EksInfraProps, EksInfraOptionsProps } from "./clouds/aws/infra";
export { EksNetwork } from "./clouds/aws/network";
export type { EksNetworkProps } from "./clouds/aws/network";
export { EksControlPlane } from "./clouds/aws/control-plane";
export type { EksControlPlaneProps } from "./clouds/aws/control-plane";
export { EksGpuNodePool } from "./clouds/aws/gpu-node-pool";
export type { EksGpuNodePoolProps, EksGpuPoolOptionsProps } from "./clouds/aws/gpu-node-pool";
export { ModelBucket } from "./clouds/aws/model-bucket";
export type { ModelBucketProps } from "./clouds/aws/model-bucket";
export { EksWorkloadIdentity } from "./clouds/aws/workload-identity";
export type { EksWorkloadIdentityProps } from "./clouds/aws/workload-identity";
export { planEksInfra } from "./clouds/aws/plan-aws-infra";
export type * from "./clouds/aws/plan-aws-infra";
export { planEksGpuPool, planGpuNodeGroup } from "./clouds/aws/plan-aws-gpu-nodes";
export type * from "./clouds/aws/plan-aws-gpu-nodes";
export type * from "./clouds/aws/plan-aws-shared";
export { planEfaInterfaces } from "./fabric/plan-efa-interfaces";
export type * from "./fabric/plan-efa-interfaces";
