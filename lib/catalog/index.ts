export * from "./gpus";
export * from "./node-types";
export * from "./models";
export * from "./jurisdictions";
export * from "./recipes";
export * from "./images";
export * from "./prices";
export * from "./charts";
