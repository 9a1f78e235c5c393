// GKE constructs and planners of cdktf-deepseek (loads only the google provider's submodules).
export * from "./control-plane";
export * from "./gpu-node-pool";
export * from "./identities";
export * from "./infra";
export * from "./model-bucket";
export * from "./network";
export * from "./plan-gke-network";
export * from "./plan-gke-node-pool";
export * from "./plan-gke-infra";
export * from "../../fabric/plan-gke-fabric";
