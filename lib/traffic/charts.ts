/**
 * Upstream Helm charts the traffic layer installs, pinned. Same shape as `HELM_CHARTS` in
 * lib/catalog/charts.ts, so the lead can merge these entries there.
 */
export interface TrafficChartRef {
  /** Helm repository URL, or an `oci://` registry path (then `chart` is the last path segment). */
  readonly repository: string;
  readonly chart: string;
  /** Exact chart version: never a range. */
  readonly version: string;
  /** Namespace the chart is installed into by default. */
  readonly namespace: string;
  /** Where the repository and version come from. */
  readonly source: string;
}

export const TRAFFIC_CHARTS = {
  /** Envoy Gateway: the Gateway API implementation (installs the Gateway API CRDs too). */
  "envoy-gateway": {
    repository: "oci://docker.io/envoyproxy",
    chart: "gateway-helm",
    version: "v1.9.1",
    namespace: "envoy-gateway-system",
    source: "gateway.envoyproxy.io/v1.9/tasks/security/apikey-auth (helm install eg oci://docker.io/envoyproxy/gateway-helm --version v1.9.0); v1.9.1 released 2026-08-28 (gateway.envoyproxy.io/news/releases/matrix, v1.9 EOL 2027-02-14)",
  },
  /**
   * Envoy AI Gateway CRDs and controller. Plain Envoy Gateway does not accept an InferencePool
   * backendRef (envoyproxy/gateway#4423: "supported in the Envoy AI Gateway project"); the AI
   * Gateway controller is the extension server that translates it.
   */
  "ai-gateway-crds": {
    repository: "oci://docker.io/envoyproxy",
    chart: "ai-gateway-crds-helm",
    version: "v0.4.0",
    namespace: "envoy-ai-gateway-system",
    source: "aigateway.envoyproxy.io/docs/capabilities/inference/httproute-inferencepool; v0.4.0 stable 2025-11-08 (UNCONFIRMED newest)",
  },
  "ai-gateway": {
    repository: "oci://docker.io/envoyproxy",
    chart: "ai-gateway-helm",
    version: "v0.4.0",
    namespace: "envoy-ai-gateway-system",
    source: "aigateway.envoyproxy.io/docs/capabilities/inference/httproute-inferencepool; v0.4.0 stable 2025-11-08 (UNCONFIRMED newest)",
  },
  /**
   * InferencePool + endpoint picker (EPP). v1.6.0 serves `inference.networking.k8s.io/v1`
   * (facts §6.5; the CRD in test/fixtures/schemas carries bundle-version v1.6.0).
   */
  inferencepool: {
    repository: "oci://registry.k8s.io/gateway-api-inference-extension/charts",
    chart: "inferencepool",
    version: "v1.6.0",
    namespace: "deepseek",
    source: "kubernetes-sigs/gateway-api-inference-extension config/charts/inferencepool (README, templates/inferencepool.yaml); tag v1.6.0 = 992e5c29 (2026-08-10)",
  },
  /** cert-manager, only when TLS kind is "cert-manager" (ACME HTTP-01 through the Gateway). */
  "cert-manager": {
    repository: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.18.2",
    namespace: "cert-manager",
    source: "cert-manager.io/docs/installation/helm (jetstack/cert-manager); Gateway API solver needs config.enableGatewayAPI (cert-manager.io/docs/usage/gateway); UNCONFIRMED newest",
  },
} as const satisfies Readonly<Record<string, TrafficChartRef>>;

export type TrafficChartId = keyof typeof TRAFFIC_CHARTS;

/** Redis backing Envoy Gateway's global rate limit (per-key `Distinct` limits need Global). */
export const RATE_LIMIT_REDIS_IMAGE = { repository: "docker.io/library/redis", tag: "7.4.2-alpine" } as const;
