export * from "./charts";
export * from "./scaled-object";
export * from "./replica-autoscaler";
export * from "./operators";
export * from "./plan-autoscaling";
export * from "./plan-autoscaling-nodes";
export * from "./plan-replica-autoscaler";
export * from "../catalog/throughput";
