// Entry point `cdktf-deepseek/gcp`: the cloud-neutral API plus the GKE constructs.
// Loads @cdktf/provider-google (submodules only) and never @cdktf/provider-aws.
export * from "./index";
export * from "./clouds/gcp/index";
