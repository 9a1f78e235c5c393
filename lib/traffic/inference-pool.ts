import type { KubernetesObject } from "../internal/k8s-object";
import type { TrafficPlan } from "./plan-traffic";
import { INF } from "./api-groups";

// InferencePool (inference.networking.k8s.io/v1; CRD vendored in lib/traffic/crds) and the endpoint
// picker's configuration, rendered by the inferencepool chart.

export function inferencePool(t: TrafficPlan): KubernetesObject {
  return {
    apiVersion: `${INF}/v1`,
    kind: "InferencePool",
    metadata: { name: t.pool.name, namespace: t.servingNamespace },
    spec: {
      selector: { matchLabels: { ...t.pool.selector } },
      targetPorts: [{ number: t.pool.targetPort }],
      endpointPickerRef: { group: "", kind: "Service", name: t.pool.eppServiceName, port: { number: t.pool.eppPort }, failureMode: "FailClose" },
    },
  };
}

/**
 * EPP scheduling: prefix-cache scorer weighted highest so requests sharing a prompt prefix land
 * on the replica that already holds its KV cache; queue and KV-utilisation scorers break ties,
 * each only when the EPP scrapes its metric (an empty metric flag turns the scrape off, and a
 * scorer without data would rank every pod alike). Plugin names from the inferencepool chart's
 * default-plugins.yaml (EndpointPickerConfig).
 */
export function eppPluginsConfig(flags: Readonly<Record<string, string>> = { "total-queued-requests-metric": "q", "kv-cache-usage-percentage-metric": "kv" }): string {
  const queue = (flags["total-queued-requests-metric"] ?? "") !== "";
  const kv = (flags["kv-cache-usage-percentage-metric"] ?? "") !== "";
  return [
    "apiVersion: inference.networking.x-k8s.io/v1alpha1",
    "kind: EndpointPickerConfig",
    "plugins:",
    "- type: prefix-cache-scorer",
    ...(queue ? ["- type: queue-scorer"] : []),
    ...(kv ? ["- type: kv-cache-utilization-scorer"] : []),
    "- type: max-score-picker",
    "schedulingProfiles:",
    "- name: default",
    "  plugins:",
    "  - pluginRef: prefix-cache-scorer",
    "    weight: 3",
    ...(queue ? ["  - pluginRef: queue-scorer", "    weight: 1"] : []),
    ...(kv ? ["  - pluginRef: kv-cache-utilization-scorer", "    weight: 1"] : []),
    "  - pluginRef: max-score-picker",
    "",
  ].join("\n");
}

/** Values for the inferencepool chart, derived from the same InferencePool object. */
export function inferencePoolChartValues(t: TrafficPlan): Record<string, unknown> {
  const pool = inferencePool(t) as unknown as { spec: { selector: { matchLabels: Record<string, string> }; targetPorts: { number: number }[] } };
  return {
    inferencePool: {
      apiVersion: `${INF}/v1`,
      targetPorts: pool.spec.targetPorts,
      modelServers: { matchLabels: pool.spec.selector.matchLabels },
    },
    inferenceExtension: {
      replicas: 1,
      extProcPort: t.pool.eppPort,
      failureMode: "FailClose",
      // The chart renders each entry as `--<key> "<value>"` on the EPP container (v1.5.0
      // config/charts/epplib/templates/_deployment.yaml); there is no modelServerMetricsPath value.
      flags: { ...t.pool.eppFlags },
      pluginsConfigFile: "prefix-cache-aware.yaml",
      pluginsCustomConfig: { "prefix-cache-aware.yaml": eppPluginsConfig(t.pool.eppFlags) },
      // The chart's ServiceMonitor needs the Prometheus Operator; this stack runs plain Prometheus.
      monitoring: { prometheus: { enabled: false } },
      // The chart's default requests (cpu 4, memory 8Gi: config/charts/inferencepool/values.yaml
      // @ v1.5.0, "sized for ... high QPS") fit no system node (m7i.xlarge / e2-standard-4
      // allocate under 4 cores) and the EPP tolerates no GPU taint: it would stay Pending and
      // every request fail closed (preflight rule "scheduling" found this). One pool of a few
      // replicas needs far less; the memory limit keeps the chart's 2x headroom.
      resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "4Gi" } },
    },
    provider: { name: "none" },
  };
}
