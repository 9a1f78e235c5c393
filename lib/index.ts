// Public contract of cdktf-deepseek. Cloud-specific constructs are also reachable through
// `cdktf-deepseek/aws` and `cdktf-deepseek/gcp`, which load only that cloud's provider package.
export { DeepSeekConfigError } from "./errors";
export * from "./catalog";
export * from "./planner";
