import { HELM_CHARTS, type HelmChartRef } from "../catalog/charts";

/** KEDA chart, pinned in lib/catalog/charts.ts (2.20.2 = the ScaledObject CRD the tests validate against). */
export const KEDA_CHART: HelmChartRef = HELM_CHARTS.keda;
/** Cluster autoscaler chart, pinned in lib/catalog/charts.ts. */
export const CLUSTER_AUTOSCALER_CHART: HelmChartRef = HELM_CHARTS["cluster-autoscaler"];
