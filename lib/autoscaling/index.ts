export * from "./charts";
export * from "./scaled-object";
export * from "./replica-autoscaler";
export * from "./operators";
export * from "../planner/autoscaling";
export * from "../planner/autoscaling-nodes";
export * from "../catalog/throughput";
