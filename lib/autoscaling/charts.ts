/**
 * Upstream Helm charts for autoscaling, pinned. (Kept here until lib/catalog/charts.ts exists.)
 */
export interface ChartRef {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  readonly source: string;
}

/** KEDA: chart and app share the version; 2.20.2 matches the ScaledObject CRD kept in test fixtures (shared/schemas/SOURCES.md). */
export const KEDA_CHART: ChartRef = {
  repository: "https://kedacore.github.io/charts",
  chart: "keda",
  version: "2.20.2",
  namespace: "keda",
  source: "kedacore/charts keda/Chart.yaml (version = appVersion); kedacore/keda v2.20.2 config/crd/bases/keda.sh_scaledobjects.yaml",
};

/**
 * Cluster autoscaler: chart 9.38.0 ships app 1.31.0 (kubernetes/autoscaler charts/cluster-autoscaler/Chart.yaml).
 * The autoscaler's minor version should match the cluster's; override the image tag per cluster.
 */
export const CLUSTER_AUTOSCALER_CHART: ChartRef = {
  repository: "https://kubernetes.github.io/autoscaler",
  chart: "cluster-autoscaler",
  version: "9.38.0",
  namespace: "kube-system",
  source: "kubernetes/autoscaler charts/cluster-autoscaler/Chart.yaml (version 9.38.0, appVersion 1.31.0)",
};
