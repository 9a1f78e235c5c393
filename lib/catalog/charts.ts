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
    source: "EKS UG device-management-nvidia (nvdp/nvidia-device-plugin; mofedEnabled from v0.19.0, facts §1.4/§6.2); v0.20.0 release seen in distro packaging of NVIDIA/k8s-device-plugin; UNCONFIRMED newest",
  },
  /** AWS EFA device plugin, `vpc.amazonaws.com/efa` (EKS, multi-node over EFA only). */
  "aws-efa-k8s-device-plugin": {
    repository: "https://aws.github.io/eks-charts",
    chart: "aws-efa-k8s-device-plugin",
    version: "v0.5.8",
    namespace: "kube-system",
    source: "EKS UG (eks/aws-efa-k8s-device-plugin, facts §6.2); aws/eks-charts stable/aws-efa-k8s-device-plugin README (image tag v0.5.8; chart version tracks it)",
  },
  /** LeaderWorkerSet controller and CRD (multi-node replicas). */
  lws: {
    repository: "oci://registry.k8s.io/lws/charts",
    chart: "lws",
    version: "0.10.0",
    namespace: "lws-system",
    source: "kubernetes-sigs/lws README install (facts §6.1); v0.10.0 = tag of the CRD kept in test/fixtures/schemas (2026-08-11)",
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
    version: "27.45.0",
    namespace: "monitoring",
    source: "prometheus-community/helm-charts charts/prometheus; 27.45.0 seen pinned in published Terraform (facts §6.4 repo)",
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
    version: "9.38.0",
    namespace: "kube-system",
    source: "kubernetes/autoscaler charts/cluster-autoscaler/Chart.yaml (version 9.38.0, appVersion 1.31.0); newer releases exist, UNCONFIRMED newest",
  },
} as const satisfies Readonly<Record<string, HelmChartRef>>;

export type HelmChartId = keyof typeof HELM_CHARTS;
