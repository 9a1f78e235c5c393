/**
 * Upstream Helm charts the library installs, pinned. Other areas append their charts here.
 * Keep it a plain record keyed by chart id; every entry names where its version was seen.
 *
 * Each pin is the newest stable release whose chart preflight can read at its source (the
 * repository's tag, upstream/charts/<id>.json via scripts/refresh-upstream.sh), checked
 * 2026-12-01. A newer release seen only in release notes is named beside the pin with the reason
 * it is not taken: a pin whose values, defaults and CRDs nothing here has read is a guess.
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
  /**
   * NVIDIA device plugin (EKS only; GKE manages its own). Stays at 0.20.0, the newest tag of the
   * stored NVIDIA/k8s-device-plugin (1b826acc, 2026-08-19; release-0.20 has no deployments/helm
   * change after it there). v0.20.1 was released later (the project's release list, mirrored at
   * sourceforge.net/projects/nvidia-device-plugin-k.mirror, names it "Latest Version"), but its tree
   * is not in the stored repository, so its values and defaults cannot be proven: bump after
   * `bash scripts/refresh-upstream.sh` reads it.
   */
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
    version: "v0.5.30",
    namespace: "kube-system",
    source: "EKS UG node-efa (awsdocs/amazon-eks-user-guide latest/ug/ml/node-efa.adoc: eks/aws-efa-k8s-device-plugin); aws/eks-charts has no per-chart tags, and every Chart.yaml version merged to master is published (gh-pages index): v0.5.30 = newest, master bfe91c4b (2026-07-21) stable/aws-efa-k8s-device-plugin/Chart.yaml, image v0.5.20 (appVersion). Was v0.5.8 (image v0.5.5, 22 chart versions behind). Since v0.5.16 (aws/eks-charts #1245) the DaemonSet runs privileged as root and mounts hostPath /opt/aws/neuron (DirectoryOrCreate) besides /dev/infiniband and the kubelet device-plugin socket; it runs in kube-system, which Pod Security does not restrict",
  },
  /**
   * LeaderWorkerSet controller and CRD (multi-node replicas). Stays at 0.10.0, the newest tag of
   * the stored kubernetes-sigs/lws (2161f38, 2026-08-11). LWS v1.0.0 came later (reviewed in
   * qiita.com/yosshi_/items/76465d5ee2139ff34146, 2026-10-18): a major version whose chart, CRD and
   * API changes are not in the stored repository, so nothing here proves our LeaderWorkerSets
   * against it.
   */
  lws: {
    repository: "oci://registry.k8s.io/lws/charts",
    chart: "lws",
    version: "0.10.0",
    namespace: "lws-system",
    source: "kubernetes-sigs/lws README install; v0.10.0 = tag of the CRD kept in test/fixtures/schemas (2026-08-11)",
  },
  /**
   * External Secrets Operator: syncs the Hugging Face token from the cloud secret manager. Stays at
   * 2.9.0, the newest helm-chart tag of the stored external-secrets/external-secrets (cc5bfbc2,
   * 2026-08-08). Charts up to 2.14.0 were released since (release notes quoted in
   * gitlab.com/sylva-projects/sylva-core MRs 9690, 9823, 9896), not in the stored repository: their
   * values, defaults and CRDs (which our ExternalSecret and SecretStore need) are unproven here.
   */
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
  /**
   * KEDA operator and its CRDs (ScaledObject): replica autoscaling (lib/autoscaling). Stays at
   * 2.20.2, the newest tag of the stored kedacore/charts (cbb9bb8, 2026-07-31), whose ScaledObject
   * CRD test/fixtures/schemas keeps. Chart v2.21.1 was released 2026-11-16
   * (github.com/kedacore/charts/releases/tag/v2.21.1); neither it nor v2.21.0 is in the stored
   * repository, so its values and CRD are unproven here.
   */
  keda: {
    repository: "https://kedacore.github.io/charts",
    chart: "keda",
    version: "2.20.2",
    namespace: "keda",
    source: "kedacore/charts keda/Chart.yaml (chart version = appVersion); 2.20.2 = tag of the ScaledObject CRD kept in test/fixtures/schemas (2026-07-31)",
  },
  /**
   * Kubernetes cluster autoscaler for EKS managed node groups (lib/autoscaling). Match the image
   * minor to the cluster (CLUSTER_AUTOSCALER_IMAGE_TAGS). 9.59.0 is the newest chart tag of the
   * stored kubernetes/autoscaler (2026-07-21); no later chart release was found.
   */
  "cluster-autoscaler": {
    repository: "https://kubernetes.github.io/autoscaler",
    chart: "cluster-autoscaler",
    version: "9.59.0",
    namespace: "kube-system",
    source: "kubernetes/autoscaler tag cluster-autoscaler-chart-9.59.0 (2026-07-21, newest chart tag) cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml (appVersion 1.35.0); 9.38.0 ran 1.31.0, four minors behind EKS 1.35",
  },
  // Traffic layer (lib/traffic).
  /**
   * Envoy Gateway: the Gateway API implementation (installs the Gateway API CRDs too). v1.9.1 is
   * the newest patch of the newest line (v1.9.0, 39763b1c, 2026-08-15, is the newest tag of the
   * stored envoyproxy/gateway; v1.9.1 from the release matrix, read at v1.9.0's tree).
   */
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
