export * from "./charts";
export * from "./objects";
export * from "./inference-gateway";
export { planTraffic, requestTimeoutFor, trafficInputSchema, trafficTierSchema, DEFAULT_TIERS, TRAFFIC_NAMESPACE_LABEL } from "../planner/traffic";
export type { TrafficInput, TrafficPlan, TrafficTierPlan, TrafficTierInput } from "../planner/traffic";
