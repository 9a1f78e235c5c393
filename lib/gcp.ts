// Entry point `cdktf-deepseek/gcp`: the cloud-neutral API plus the GKE constructs, their plan
// functions and types. Loads @cdktf/provider-google (submodules only) and never @cdktf/provider-aws.
export * from "./index";
export { GkeInfra } from "./clouds/gcp/infra";
export type { GkeInfraProps, GkeInfraOptionsProps, GkeGpuPoolOverrides } from "./clouds/gcp/infra";
export { GkeNetwork } from "./clouds/gcp/network";
export type { GkeNetworkProps } from "./clouds/gcp/network";
export { GkeControlPlane } from "./clouds/gcp/control-plane";
export type { GkeControlPlaneProps, AuthorizedNetwork, ReleaseChannel } from "./clouds/gcp/control-plane";
export { GkeGpuNodePool } from "./clouds/gcp/gpu-node-pool";
export type { GkeGpuNodePoolProps, GkeGpuPoolOptionsProps } from "./clouds/gcp/gpu-node-pool";
export { GkeServingIdentities } from "./clouds/gcp/identities";
export type { GkeServingIdentitiesProps } from "./clouds/gcp/identities";
export { GkeModelBucket } from "./clouds/gcp/model-bucket";
export type { GkeModelBucketProps } from "./clouds/gcp/model-bucket";
export { planGkeNetworks } from "./clouds/gcp/plan-gke-network";
export type * from "./clouds/gcp/plan-gke-network";
export { planGkeNodePool } from "./clouds/gcp/plan-gke-node-pool";
export type * from "./clouds/gcp/plan-gke-node-pool";
export { planGkeInfra, planGkeInfraNames } from "./clouds/gcp/plan-gke-infra";
export type * from "./clouds/gcp/plan-gke-infra";
export { gkeFabricComponents } from "./fabric/plan-gke-fabric";
export type * from "./fabric/plan-gke-fabric";
