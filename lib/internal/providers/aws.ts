// AWS provider seam: submodule imports only.
export { AwsProvider } from "@cdktf/provider-aws/lib/provider";
export type { AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
