// Helm provider seam: submodule imports only (a package-root import loads every class).
export { HelmProvider } from "@cdktf/provider-helm/lib/provider";
export type { HelmProviderConfig } from "@cdktf/provider-helm/lib/provider";
export { Release } from "@cdktf/provider-helm/lib/release";
export type { ReleaseConfig, ReleaseSet, ReleaseSetSensitive } from "@cdktf/provider-helm/lib/release";
