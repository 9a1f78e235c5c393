import { asWritten, type PathOf } from "../plan/refusal-paths";
import type { DeploymentPlan } from "../plan/plan";
import { servingNames } from "../plan/names";
import { PROMETHEUS_SERVER_URL } from "../serving/constants";
import { planAutoscaling, type AutoscalingInput, type AutoscalingPlan } from "./plan-autoscaling";
import { CLUSTER_AUTOSCALER_CHART, KEDA_CHART } from "./charts";
import { CLUSTER_AUTOSCALER_SERVICE_ACCOUNT } from "./plan-autoscaling-nodes";
import type { ChartReleasePlan } from "../plan/chart-release";


/** What `ReplicaAutoscaler` writes: the scaling decisions, where KEDA reads the metrics, and its release. */
export interface ReplicaAutoscalerPlan {
  readonly autoscaling: AutoscalingPlan;
  /** Prometheus HTTP API the KEDA triggers query. */
  readonly prometheusAddress: string;
  /** The Helm release record carrying the ScaledObject. */
  readonly release: { readonly name: string; readonly namespace: string };
}

export interface ReplicaAutoscalerOptions {
  /** A decided autoscaling plan, or the input to plan one. @default {} (bounds from the plan) */
  readonly autoscaling?: AutoscalingPlan | AutoscalingInput;
  /** @default PROMETHEUS_SERVER_URL (the serving layer's Prometheus) */
  readonly prometheusAddress?: string;
  /** Namespace of the Helm release record. @default the serving namespace */
  readonly namespace?: string;
}

/** True for a decided autoscaling plan (as opposed to the input of one). */
export function isAutoscalingPlan(value: AutoscalingPlan | AutoscalingInput): value is AutoscalingPlan {
  return Array.isArray((value as AutoscalingPlan).triggers) && (value as AutoscalingPlan).nodeAutoscaling !== undefined;
}

/** Plans `ReplicaAutoscaler`. Pure; refusals at `at("autoscaling.…")`. */
export function planReplicaAutoscaler(plan: DeploymentPlan, options: ReplicaAutoscalerOptions = {}, at: PathOf = asWritten): ReplicaAutoscalerPlan {
  const input = options.autoscaling ?? {};
  const names = servingNames(plan);
  return {
    autoscaling: isAutoscalingPlan(input) ? input : planAutoscaling(plan, input, at),
    prometheusAddress: options.prometheusAddress ?? PROMETHEUS_SERVER_URL,
    release: { name: `${names.workload}-autoscaling`, namespace: options.namespace ?? names.namespace },
  };
}

/** Plans the KEDA operator's release: the pinned chart (lib/catalog/charts.ts) into its own namespace. Pure. */
export function planKedaRelease(options: { readonly namespace?: string; readonly chartVersion?: string } = {}): ChartReleasePlan {
  return {
    name: "keda", repository: KEDA_CHART.repository, chart: KEDA_CHART.chart,
    version: options.chartVersion ?? KEDA_CHART.version, namespace: options.namespace ?? KEDA_CHART.namespace, createNamespace: true,
  };
}

/**
 * Plans the cluster autoscaler's release: the pinned chart into the namespace of the service
 * account its Pod Identity association names (kube-system, which exists). Pure.
 */
export function planClusterAutoscalerRelease(options: { readonly chartVersion?: string } = {}): ChartReleasePlan {
  return {
    name: "cluster-autoscaler", repository: CLUSTER_AUTOSCALER_CHART.repository, chart: CLUSTER_AUTOSCALER_CHART.chart,
    version: options.chartVersion ?? CLUSTER_AUTOSCALER_CHART.version, namespace: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.namespace, createNamespace: false,
  };
}
