export * from "./plan";
export * from "./input";
export { planDeployment, DEFAULT_REPLICAS, MAX_CONTEXT_TOKENS } from "./plan-deployment";
export { parseHardwareProfile, NAMED_PROFILES } from "./hardware";
export type { HardwareProfile } from "./hardware";
export * from "./names";
export * from "./fingerprint";
export * from "../app/plan-cluster";

export * from "../endpoint/plan-global-endpoint";
export * from "../fabric/plan-gke-fabric";
export * from "./posture";
