// Entry point `cdktf-deepseek/aws`: the cloud-neutral API plus the EKS constructs.
// Loads @cdktf/provider-aws (submodules only) and never @cdktf/provider-google.
export * from "./index";
export * from "./clouds/aws/index";
