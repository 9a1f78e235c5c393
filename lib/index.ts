// Public contract of cdktf-deepseek (the package root): constructs, the plan functions, plan and
// props types, DeepSeekConfigError and the catalog. Nothing else: renderers, scripts and their
// constants are internals that may change in any release (tests import them by path).
// Cloud-neutral: the EKS and GKE constructs live behind `cdktf-deepseek/aws` and `cdktf-deepseek/gcp`,
// so a one-cloud consumer needs one provider package. DeepSeekCluster and GpuNodePool load a
// cloud's module only when a placement uses that cloud. test/api/public-api.test.ts counts the names.

export { DeepSeekConfigError } from "./errors";

// Catalog: hardware, models, jurisdictions, recipes, images, prices, chart versions, throughput.
export * from "./catalog";
export { THROUGHPUT_FIGURES, throughputFigureFor } from "./catalog/throughput";
export type * from "./catalog/throughput";
export { NAMED_PROFILES } from "./plan/hardware";
export { KEDA_CHART, CLUSTER_AUTOSCALER_CHART } from "./autoscaling/charts";
export { TRAFFIC_CHARTS } from "./traffic/charts";

// Plan functions (pure: no cdktf, no providers) and their plan and input types.
export { planCluster } from "./app/plan-cluster";
export type * from "./app/plan-cluster";
export { planDeployment } from "./plan/plan-deployment";
export { planSizing } from "./plan/plan-sizing";
export type * from "./plan/plan-sizing";
export { parseHardwareProfile } from "./plan/hardware";
export type { HardwareProfile } from "./plan/hardware";
export { servingNames, apiKeySecretPrefix } from "./plan/names";
export { planFingerprint } from "./plan/fingerprint";
export { placementPosture } from "./plan/posture";
export type * from "./plan/plan";
export type * from "./plan/input";
export { planGlobalEndpoint } from "./endpoint/plan-global-endpoint";
export type * from "./endpoint/plan-global-endpoint";
export { GlobalEndpoint } from "./endpoint/global-endpoint";
export type { GlobalEndpointProps } from "./endpoint/global-endpoint";
export { planTraffic } from "./traffic/plan-traffic";
export type { TrafficInput, TrafficPlan, TrafficTierPlan, TrafficTierInput } from "./traffic/plan-traffic";
export { planAutoscaling } from "./autoscaling/plan-autoscaling";
export type * from "./autoscaling/plan-autoscaling";
export { planReplicaAutoscaler, planKedaRelease, planClusterAutoscalerRelease } from "./autoscaling/plan-replica-autoscaler";
export type { ReplicaAutoscalerPlan, ReplicaAutoscalerOptions } from "./autoscaling/plan-replica-autoscaler";
export type { ChartReleasePlan } from "./plan/chart-release";
export { planClusterAutoscalerIdentity } from "./autoscaling/plan-autoscaling-nodes";
export type { ClusterAutoscalerIdentityPlan } from "./autoscaling/plan-autoscaling-nodes";
export { planVerification } from "./verification/plan-verification";
export type * from "./verification/plan-verification";
export { planDeploymentChecks } from "./verification/plan-deployment-checks";
export type { DeploymentChecksPlan, DeploymentChecksOptions } from "./verification/plan-deployment-checks";
export { planDrain } from "./serving/plan-drain";
export type * from "./serving/plan-drain";
export { planStaging } from "./serving/staging";
export { planOperators } from "./serving/plan-operators";

// Constructs and their props.
// The type of the constructs' `.bundle` (their Kubernetes objects as one Helm release), so consumers
// can name it; the class itself stays internal.
export type { ManifestBundle, ManifestBundleProps } from "./internal/manifest-bundle";
export { DeepSeekApp } from "./app/deepseek-app";
export { runSynth, synthSummary } from "./app/synth-summary";
export type { SynthIo } from "./app/synth-summary";
export { DeepSeekCluster } from "./app/deepseek-cluster";
export type { DeepSeekClusterProps, DeepSeekPlacementProps, AwsPlacementOptions, GcpPlacementOptions, PlacementStacks } from "./app/deepseek-cluster";
export { RegionLockAspect } from "./app/region-lock-aspect";
export { RegionLock } from "./app/region-lock";
export type { DeepSeekAppConfig, StateBackendChooser } from "./app/deepseek-app";
export { useStateBackend } from "./app/state-backend";
export type { UseStateBackendOptions } from "./app/state-backend";
export type { StateBackendInput, StateBackendPlan } from "./app/plan-state-backend";
export { GpuNodePool } from "./clouds/gpu-node-pool";
export type { GpuNodePoolProps } from "./clouds/gpu-node-pool";
export { DeepSeekServing } from "./serving/deepseek-serving";
export type { DeepSeekServingProps } from "./serving/deepseek-serving";
export type { ClusterTarget } from "./serving/cluster-target";
export { ClusterProviders } from "./serving/cluster-providers";
export type { ClusterProvidersProps } from "./serving/cluster-providers";
export { ClusterOperators } from "./serving/cluster-operators";
export type { ClusterOperatorsProps } from "./serving/cluster-operators";
export { ServingNamespace } from "./serving/serving-namespace";
export type { ServingNamespaceProps } from "./serving/serving-namespace";
export { ModelStaging } from "./serving/model-staging";
export type { ModelStagingProps } from "./serving/model-staging";
export { SingleNodeInference, MultiNodeInference } from "./serving/inference";
export type { InferenceProps } from "./serving/inference";
export { InferenceGateway } from "./traffic/inference-gateway";
export type { InferenceGatewayProps } from "./traffic/inference-gateway";
export { ReplicaAutoscaler } from "./autoscaling/replica-autoscaler";
export type { ReplicaAutoscalerProps } from "./autoscaling/replica-autoscaler";
export { KedaOperator, ClusterAutoscaler, ClusterAutoscalerIdentity } from "./autoscaling/operators";
export type { KedaOperatorProps, ClusterAutoscalerProps, ClusterAutoscalerIdentityProps } from "./autoscaling/operators";
export { DeploymentChecks } from "./verification/deployment-checks";
export type { DeploymentChecksProps, ApiKeySecretRef } from "./verification/deployment-checks";
export type { GatewayAddress } from "./verification/objects";
export type { KubernetesObject } from "./internal/k8s-object";
