// Public contract of cdktf-deepseek: cloud-neutral. The EKS and GKE constructs live behind
// `cdktf-deepseek/aws` and `cdktf-deepseek/gcp`, so a one-cloud consumer needs one provider package.
// DeepSeekCluster and GpuNodePool load a cloud's module only when a placement uses that cloud.
export { DeepSeekConfigError } from "./errors";
export * from "./catalog";
export * from "./plan/index";
export * from "./serving/index";
export * from "./autoscaling/index";
export * from "./traffic/index";
export * from "./verification/index";
export * from "./review/index";
export { DeepSeekCluster, DEPLOYMENT_CHECK_CLIENT } from "./app/deepseek-cluster";
export type { DeepSeekClusterProps, DeepSeekPlacementProps, AwsPlacementOptions, GcpPlacementOptions, PlacementStacks } from "./app/deepseek-cluster";
export { RegionLockAspect } from "./app/region-lock-aspect";
export type { DeepSeekAppConfig, StateBackendChooser } from "./app/deepseek-app";
export { useStateBackend } from "./app/state-backend";
export type { UseStateBackendOptions } from "./app/state-backend";
export { planStateBackend, checkStateBackend, LOCAL_STATE_WARNING } from "./app/plan-state-backend";
export type { StateBackendInput, StateBackendPlan } from "./app/plan-state-backend";
export { ManifestBundle } from "./internal/manifest-bundle";
export type { ManifestBundleProps } from "./internal/manifest-bundle";
export type { KubernetesObject } from "./internal/k8s-object";
export { GpuNodePool } from "./clouds/gpu-node-pool";
export type { GpuNodePoolProps } from "./clouds/gpu-node-pool";
