// Google provider seam: submodule imports only.
export { GoogleProvider } from "@cdktf/provider-google/lib/provider";
export type { GoogleProviderConfig } from "@cdktf/provider-google/lib/provider";
