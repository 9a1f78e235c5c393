// GKE constructs and planners of cdktf-deepseek (loads only the google provider's submodules).
export * from "./control-plane";
export * from "./gpu-node-pool";
export * from "./identities";
export * from "./infra";
export * from "./model-bucket";
export * from "./network";
export * from "../planner/gke-network";
export * from "../planner/gke-node-pool";
export * from "../planner/gke-infra";
export * from "../planner/gke-fabric";
