import type { KubernetesObject } from "../internal/k8s-object";
import { servingNames } from "../plan/names";
import type { AutoscalingPlan } from "./plan-autoscaling";
import type { DeploymentPlan } from "../plan/plan";

/** Name of the ScaledObject (and of the HPA KEDA creates for it). */
export function scaledObjectName(plan: DeploymentPlan): string {
  return servingNames(plan).workload;
}

/**
 * The KEDA ScaledObject for the serving workload, as plain data. It targets the Deployment or the
 * LeaderWorkerSet through its scale subresource, so a multi-node replica grows and shrinks as a
 * whole group. Every trigger reads leader/server series only (the metric labels select them).
 */
export function scaledObjectFor(plan: DeploymentPlan, autoscaling: AutoscalingPlan, prometheusAddress: string): KubernetesObject {
  const names = servingNames(plan);
  const behavior = {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: "Max",
      policies: [{ type: "Pods", value: autoscaling.scaleUp.replicas, periodSeconds: autoscaling.scaleUp.periodSeconds }],
    },
    scaleDown: {
      stabilizationWindowSeconds: autoscaling.scaleDownStabilizationSeconds,
      selectPolicy: "Min",
      policies: [{ type: "Pods", value: autoscaling.scaleDown.replicas, periodSeconds: autoscaling.scaleDown.periodSeconds }],
    },
  };
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: {
      name: scaledObjectName(plan),
      namespace: names.namespace,
      labels: { ...names.podLabels, "app.kubernetes.io/component": "autoscaler" },
    },
    spec: {
      scaleTargetRef: { apiVersion: names.workloadApiVersion, kind: names.workloadKind, name: names.workload },
      pollingInterval: autoscaling.pollingIntervalSeconds,
      cooldownPeriod: autoscaling.cooldownSeconds,
      initialCooldownPeriod: autoscaling.initialCooldownSeconds,
      minReplicaCount: autoscaling.replicas.min,
      maxReplicaCount: autoscaling.replicas.max,
      fallback: { ...autoscaling.fallback },
      advanced: {
        restoreToOriginalReplicaCount: false,
        horizontalPodAutoscalerConfig: { name: `keda-hpa-${scaledObjectName(plan)}`, behavior },
      },
      triggers: autoscaling.triggers.map((t) => ({
        type: "prometheus",
        name: t.name,
        metricType: "AverageValue",
        metadata: {
          serverAddress: prometheusAddress,
          query: t.query,
          threshold: String(t.threshold),
          activationThreshold: String(t.activationThreshold),
          // "false": an empty result (a metric the image does not export, a broken scrape) is an
          // error KEDA reports on the ScaledObject and answers with its fallback, not zero load.
          ignoreNullValues: String(!t.absentIsError),
        },
      })),
    },
  };
}
