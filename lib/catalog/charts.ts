/**
 * Upstream Helm charts the library installs, pinned. Other areas append their charts here.
 * Keep it a plain record keyed by chart id; every entry names where its version was seen.
 */
export interface HelmChartRef {
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

export const HELM_CHARTS = {
  /** NVIDIA device plugin (EKS only; GKE manages its own). */
  "nvidia-device-plugin": {
    repository: "https://nvidia.github.io/k8s-device-plugin",
    chart: "nvidia-device-plugin",
    version: "0.20.0",
    namespace: "nvidia-device-plugin",
    source: "EKS UG device-management-nvidia (nvdp/nvidia-device-plugin; mofedEnabled from v0.19.0); NVIDIA/k8s-device-plugin tag v0.20.0 (1b826acc) deployments/helm/nvidia-device-plugin",
  },
  /** AWS EFA device plugin, `vpc.amazonaws.com/efa` (EKS, multi-node over EFA only). */
  "aws-efa-k8s-device-plugin": {
    repository: "https://aws.github.io/eks-charts",
    chart: "aws-efa-k8s-device-plugin",
    version: "v0.5.8",
    namespace: "kube-system",
    source: "EKS UG node-efa (awsdocs/amazon-eks-user-guide latest/ug/ml/node-efa.adoc: eks/aws-efa-k8s-device-plugin); aws/eks-charts stable/aws-efa-k8s-device-plugin README (image tag v0.5.8; chart version tracks it)",
  },
  /** LeaderWorkerSet controller and CRD (multi-node replicas). */
  lws: {
    repository: "oci://registry.k8s.io/lws/charts",
    chart: "lws",
    version: "0.10.0",
    namespace: "lws-system",
    source: "kubernetes-sigs/lws README install; v0.10.0 = tag of the CRD kept in test/fixtures/schemas (2026-08-11)",
  },
  /** External Secrets Operator: syncs the Hugging Face token from the cloud secret manager. */
  "external-secrets": {
    repository: "https://charts.external-secrets.io",
    chart: "external-secrets",
    version: "2.9.0",
    namespace: "external-secrets",
    source: "external-secrets.io getting-started (repo); helm-chart-2.9.0 release assets dated 2026-08-08",
  },
  /** Prometheus server that scrapes trtllm-serve's /prometheus/metrics (and feeds autoscaling). */
  prometheus: {
    repository: "https://prometheus-community.github.io/helm-charts",
    chart: "prometheus",
    version: "29.27.0",
    namespace: "monitoring",
    source: "prometheus-community/helm-charts tag prometheus-29.27.0 (ca06aaef, 2026-08-18; newest prometheus-* tag) charts/prometheus (appVersion v3.14.0). Was 27.45.0: 28.0 moved the default scrape configs to `scrapeConfigs` (extraScrapeConfigs, which we set, unchanged) and 29.0 moved the default service scrape configs to the endpointslice role (charts/prometheus/README.md \"To 28.0\", \"To 29.0\"); every key we set is in 29.27.0's values (upstream/charts/prometheus.json)",
  },
  /** KEDA operator and its CRDs (ScaledObject): replica autoscaling (lib/autoscaling). */
  keda: {
    repository: "https://kedacore.github.io/charts",
    chart: "keda",
    version: "2.20.2",
    namespace: "keda",
    source: "kedacore/charts keda/Chart.yaml (chart version = appVersion); 2.20.2 = tag of the ScaledObject CRD kept in test/fixtures/schemas (2026-07-31)",
  },
  /** Kubernetes cluster autoscaler for EKS managed node groups (lib/autoscaling). Match the image minor to the cluster. */
  "cluster-autoscaler": {
    repository: "https://kubernetes.github.io/autoscaler",
    chart: "cluster-autoscaler",
    version: "9.59.0",
    namespace: "kube-system",
    source: "kubernetes/autoscaler tag cluster-autoscaler-chart-9.59.0 (2026-07-21, newest chart tag) cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml (appVersion 1.35.0); 9.38.0 ran 1.31.0, four minors behind EKS 1.35",
  },
  // Traffic layer (lib/traffic).
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
    version: "v1.1.0",
    namespace: "envoy-ai-gateway-system",
    source: "envoyproxy/ai-gateway tag v1.1.0 (c217da8a, 2026-08-21; newest tag), manifests/charts; release.yaml pushes both charts to oci://docker.io/envoyproxy at the tag. site/docs/compatibility.md @ v1.1.0: v1.1.x supports Envoy Gateway v1.8.1+ (pinned v1.9.1); v0.4 is end of life there",
  },
  "ai-gateway": {
    repository: "oci://docker.io/envoyproxy",
    chart: "ai-gateway-helm",
    version: "v1.1.0",
    namespace: "envoy-ai-gateway-system",
    source: "envoyproxy/ai-gateway tag v1.1.0 (c217da8a, 2026-08-21; newest tag), manifests/charts; release.yaml pushes both charts to oci://docker.io/envoyproxy at the tag. site/docs/compatibility.md @ v1.1.0: v1.1.x supports Envoy Gateway v1.8.1+ (pinned v1.9.1); v0.4 is end of life there",
  },
  /**
   * InferencePool + endpoint picker (EPP). v1.5.0 is the last release whose build published this
   * chart: kubernetes-sigs/gateway-api-inference-extension removed `config/charts` (commit
   * a70292c1) before the v1.6.0 tag, whose cloudbuild pushes only the EPP image, so
   * `inferencepool` v1.6.0 does not exist in the registry (upstream/charts/inferencepool.json lists
   * the tags whose tree holds the chart). The chart renders `inference.networking.k8s.io/v1`
   * InferencePools; it does not ship the CRD (nor does ai-gateway-crds): lib/traffic/crds installs
   * the v1 CRD first (unchanged in v1.6.0), release "deepseek-inference-crds". EPP flags go
   * through `inferenceExtension.flags`. The EPP's successor lives in llm-d/llm-d-router.
   */
  inferencepool: {
    repository: "oci://registry.k8s.io/gateway-api-inference-extension/charts",
    chart: "inferencepool",
    version: "v1.5.0",
    namespace: "deepseek",
    source: "kubernetes-sigs/gateway-api-inference-extension tag v1.5.0 (df9f8909) config/charts/inferencepool; cloudbuild.yaml at v1.5.0 pushes the charts, v1.6.0 (992e5c29) has no config/charts",
  },
  /** cert-manager, only when TLS kind is "cert-manager" (ACME HTTP-01 through the Gateway). */
  "cert-manager": {
    repository: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.21.2",
    namespace: "cert-manager",
    source: "cert-manager.io/docs/installation/helm (jetstack/cert-manager). v1.21.2 = newest release: github.com/cert-manager/cert-manager/releases/tag/v1.21.2 (\"All users should upgrade\": HTTP-01 solver and Gateway API dnsNames fixes, Go CVEs); newest tag in the repository as stored here is v1.21.1 (24e33194, 2026-07-29), whose deploy/charts is what upstream/charts/cert-manager.json reads (unchanged to the head of release-1.21). Was v1.18.2. The Gateway API solver is switched on by ControllerConfiguration gatewayAPI.enabled since v1.21.0 (enableGatewayAPI deprecated: pkg/apis/config/controller/v1alpha1/types.go @ v1.21.1)",
  },
} as const satisfies Readonly<Record<string, HelmChartRef>>;

export type HelmChartId = keyof typeof HELM_CHARTS;

/**
 * Cluster autoscaler image per Kubernetes minor: upstream asks for the autoscaler of the control
 * plane's minor ("We recommend using Cluster Autoscaler with the Kubernetes control plane version
 * for which it was meant", kubernetes/autoscaler cluster-autoscaler/README.md, Releases table), and
 * the chart's default image follows its appVersion only. Newest patch per minor from the
 * repository's tags `cluster-autoscaler-<version>` (2026-11-30); the release build publishes
 * registry.k8s.io/autoscaling/cluster-autoscaler:v<version>.
 */
export const CLUSTER_AUTOSCALER_IMAGE_TAGS: Readonly<Record<string, string>> = {
  "1.32": "v1.32.7",
  "1.33": "v1.33.6",
  "1.34": "v1.34.5",
  "1.35": "v1.35.2",
};
