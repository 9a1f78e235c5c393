// Kubernetes provider seam: submodule imports only.
export { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
export type { KubernetesProviderConfig } from "@cdktf/provider-kubernetes/lib/provider";
export { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
export { DataKubernetesServiceV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-service-v1";
