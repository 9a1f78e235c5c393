import { stringify } from "yaml";
import { HELM_CHARTS, type HelmChartId } from "../catalog/charts";
import type { ClusterTarget } from "./cluster-target";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import { PROMETHEUS_NAMESPACE, PROMETHEUS_RELEASE_NAME } from "./constants";

/**
 * Which cluster operators a placement needs, with their Helm values, as plain data.
 * EKS: NVIDIA device plugin (+ EFA device plugin for multi-node over EFA). Both clouds:
 * LeaderWorkerSet (multi-node), Prometheus, External Secrets. Nothing GKE manages itself.
 */
export interface OperatorRelease {
  readonly id: HelmChartId;
  /** Helm release name. */
  readonly name: string;
  readonly namespace: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** Ids of releases this one must follow. */
  readonly after: readonly HelmChartId[];
}

/**
 * The External Secrets controller's service account. On EKS the SecretStore uses the controller's
 * own credentials, so this account needs a Pod Identity association to a role that may read the
 * Hugging Face token (GKE uses the `model-stager` account through Workload Identity instead).
 */
export const ESO_SERVICE_ACCOUNT = { namespace: HELM_CHARTS["external-secrets"].namespace, name: "external-secrets" } as const;

export function planOperators(plan: DeploymentPlan, target: Pick<ClusterTarget, "cloud">): OperatorRelease[] {
  const names = servingNames(plan);
  const gpuToleration = { key: names.gpuTaint.key, operator: "Exists", effect: names.gpuTaint.effect };
  const releases: OperatorRelease[] = [];
  if (target.cloud === "aws") {
    releases.push({
      id: "nvidia-device-plugin", name: "nvidia-device-plugin", namespace: HELM_CHARTS["nvidia-device-plugin"].namespace, after: [],
      values: {
        gfd: { enabled: false },
        // v0.19+ turns MOFED detection on by default, which conflicts with the EFA device plugin
        // (EKS UG). AWS nodes never carry Mellanox OFED, so it is off on every EKS GPU node.
        mofedEnabled: false,
        nodeSelector: { ...names.gpuNodeLabels },
        // The chart's default `affinity` (NVIDIA/k8s-device-plugin v0.20.0
        // deployments/helm/nvidia-device-plugin/values.yaml) requires a label only node feature
        // discovery or GPU feature discovery set (feature.node.kubernetes.io/pci-10de.present,
        // .../cpu-model.vendor_id, nvidia.com/gpu.present). GFD is off and there is no NFD, so the
        // DaemonSet would never schedule. Helm replaces lists, so this term replaces all three:
        // it requires the pool label our GPU node groups carry.
        affinity: gpuPoolAffinity(names.gpuNodeLabels),
        tolerations: [gpuToleration],
      },
    });
    if (plan.fabric.kind === "efa") {
      releases.push({
        id: "aws-efa-k8s-device-plugin", name: "aws-efa-k8s-device-plugin", namespace: HELM_CHARTS["aws-efa-k8s-device-plugin"].namespace, after: [],
        values: {
          nodeSelector: { ...names.gpuNodeLabels },
          tolerations: [gpuToleration],
          // The chart's DaemonSet requires `node.kubernetes.io/instance-type` In
          // supportedInstanceLabels.values (templates/daemonset.yaml). The default list follows
          // AWS's EFA instance types with a lag (chart v0.5.8 stopped at p5en, without
          // p6-b200.48xlarge; v0.5.30, aws/eks-charts bfe91c4b stable/aws-efa-k8s-device-plugin/
          // values.yaml, lists p6-b200 and p6-b300). Helm replaces lists, so this names exactly
          // the planned node type: the plugin runs where the servers need vpc.amazonaws.com/efa
          // and on no other EFA-capable node, whatever the chart's list holds.
          supportedInstanceLabels: { keys: ["node.kubernetes.io/instance-type"], values: [plan.nodeType] },
        },
      });
    }
  }
  if (plan.nodesPerReplica > 1) {
    releases.push({ id: "lws", name: "lws", namespace: HELM_CHARTS.lws.namespace, after: [], values: {} });
  }
  releases.push({
    id: "external-secrets", name: "external-secrets", namespace: HELM_CHARTS["external-secrets"].namespace, after: [],
    // A fixed controller service account name, so the EKS infra can bind it with Pod Identity.
    values: { installCRDs: true, serviceAccount: { create: true, name: ESO_SERVICE_ACCOUNT.name } },
  });
  releases.push({
    id: "prometheus", name: PROMETHEUS_RELEASE_NAME, namespace: PROMETHEUS_NAMESPACE, after: [],
    values: prometheusValues(plan),
  });
  return releases;
}

/**
 * A required node affinity on the labels the GPU node groups carry themselves (the pool label;
 * kubelet's own `node.kubernetes.io/instance-type` is already in the nodeSelector).
 */
export function gpuPoolAffinity(gpuNodeLabels: Readonly<Record<string, string>>): Record<string, unknown> {
  const own = Object.entries(gpuNodeLabels).filter(([k]) => !/(^|\.)(kubernetes\.io|k8s\.io)\//.test(k));
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: own.map(([key, value]) => ({ key, operator: "In", values: [value] })) }],
      },
    },
  };
}

/** Prometheus chart values: a server that scrapes the serving pods' /prometheus/metrics. */
export function prometheusValues(plan: DeploymentPlan): Record<string, unknown> {
  const names = servingNames(plan);
  const keep = Object.entries(names.endpointSelector).map(([label, value]) => ({
    source_labels: [`__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`],
    regex: value,
    action: "keep",
  }));
  const scrape = {
    job_name: "trtllm",
    metrics_path: names.metricsPath,
    scrape_interval: "15s",
    kubernetes_sd_configs: [{ role: "pod", namespaces: { names: [names.namespace] } }],
    relabel_configs: [
      ...keep,
      { source_labels: ["__meta_kubernetes_pod_container_port_number"], regex: String(names.port), action: "keep" },
      { source_labels: ["__meta_kubernetes_pod_name"], target_label: "pod" },
      { source_labels: ["__meta_kubernetes_namespace"], target_label: "namespace" },
    ],
  };
  return {
    alertmanager: { enabled: false },
    "prometheus-pushgateway": { enabled: false },
    "prometheus-node-exporter": { enabled: false },
    // Autoscaling and checks read recent samples only; no PersistentVolume, so no StorageClass is assumed.
    server: { retention: "2d", persistentVolume: { enabled: false } },
    // The chart renders this string through `tpl`, so it is YAML text, not a list.
    extraScrapeConfigs: stringify([scrape], { lineWidth: 0 }),
  };
}
