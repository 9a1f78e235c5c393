export * from "./charts";
export * from "./objects";
export * from "./gateway-objects";
export * from "./inference-pool";
export * from "./inference-gateway";
export * from "./crds/inferencepool-crd";
export { planTraffic, requestTimeoutFor, ENDPOINT_PICKER_POD_LABELS, endpointPickerPodLabels, endpointPickerFlags, trafficInputSchema, trafficTierSchema, DEFAULT_TIERS, TRAFFIC_NAMESPACE_LABEL } from "./plan-traffic";
export type { TrafficInput, TrafficPlan, TrafficTierPlan, TrafficTierInput } from "./plan-traffic";
