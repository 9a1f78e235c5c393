import { parse } from "yaml";
import { HELM_CHARTS, planOperators, prometheusValues } from "../../lib/serving";
import { MODES, PROFILES, planFor } from "./helpers";

const ids = (cloud: "aws" | "gcp", hw: string, mode: "latency" | "throughput" = "throughput") => planOperators(planFor(cloud, hw, mode), { cloud }).map((o) => o.id);

describe("cluster operators", () => {
  test.each(MODES)("AWS multi-node (%s): NVIDIA + EFA device plugins, LWS, External Secrets, Prometheus", (mode) => {
    expect(ids("aws", "2x8xH100", mode)).toEqual(["nvidia-device-plugin", "aws-efa-k8s-device-plugin", "lws", "external-secrets", "prometheus"]);
  });

  test.each(["8xB200", "8xH200"])("AWS single-node %s: no EFA plugin, no LWS", (hw) => {
    expect(ids("aws", hw)).toEqual(["nvidia-device-plugin", "external-secrets", "prometheus"]);
  });

  test.each(PROFILES)("GKE %s: nothing GPU-related (GKE manages driver and device plugin)", (hw) => {
    const got = ids("gcp", hw);
    expect(got).not.toContain("nvidia-device-plugin");
    expect(got).not.toContain("aws-efa-k8s-device-plugin");
    expect(got.includes("lws")).toBe(hw === "2x8xH100");
    expect(got).toEqual(expect.arrayContaining(["external-secrets", "prometheus"]));
  });

  test("NVIDIA device plugin: MOFED detection off (always on EKS, so on every EFA node), tolerates the GPU taint", () => {
    const [nvdp, efa] = planOperators(planFor("aws", "2x8xH100", "latency"), { cloud: "aws" });
    expect(nvdp.values).toMatchObject({ mofedEnabled: false, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] });
    expect(efa.values).toMatchObject({ tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }] });
    const single = planOperators(planFor("aws", "8xB200", "latency"), { cloud: "aws" })[0];
    expect(single.values).toMatchObject({ mofedEnabled: false });
  });

  test("every chart is pinned to an exact version with a source", () => {
    for (const [id, chart] of Object.entries(HELM_CHARTS)) {
      expect(chart.version).toMatch(/^v?\d+\.\d+\.\d+$/);
      expect(chart.source.length).toBeGreaterThan(10);
      expect(chart.repository).toMatch(/^(https|oci):\/\//);
      expect(id).toBeTruthy();
    }
  });

  test("Prometheus scrapes /prometheus/metrics of the serving pods (leaders only for LWS) on 8000", () => {
    const values = prometheusValues(planFor("aws", "2x8xH100", "latency"));
    const [job] = parse(values.extraScrapeConfigs as string);
    expect(job.metrics_path).toBe("/prometheus/metrics");
    expect(job.kubernetes_sd_configs).toEqual([{ role: "pod", namespaces: { names: ["deepseek"] } }]);
    expect(job.relabel_configs).toContainEqual({ source_labels: ["__meta_kubernetes_pod_label_leaderworkerset_sigs_k8s_io_worker_index"], regex: "0", action: "keep" });
    expect(job.relabel_configs).toContainEqual({ source_labels: ["__meta_kubernetes_pod_container_port_number"], regex: "8000", action: "keep" });
  });
});

// Issue 17 defect: chart 0.20.0's default affinity asks for NFD/GFD labels our nodes never carry.
describe("NVIDIA device plugin schedules on the planned GPU node groups", () => {
  const { planGpuNodeGroup } = require("../../lib/clouds/aws/plan-aws-gpu-nodes") as typeof import("../../lib/clouds/aws/plan-aws-gpu-nodes");
  const upstream = require("../../upstream/charts/nvidia-device-plugin.json") as { version: string; defaults: { affinity: Affinity } };
  type Term = { matchExpressions: { key: string; operator: string; values: string[] }[] };
  type Affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: Term[] } } };
  // Kubernetes: terms are ORed, expressions within a term ANDed (only "In" is used here).
  const admits = (a: Affinity, labels: Record<string, string>) => a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms
    .some((t) => t.matchExpressions.every((e) => e.operator === "In" && e.values.includes(labels[e.key])));

  test.each(["8xB200", "8xH200", "2x8xH100"])("%s: our affinity admits the node group's labels; the chart default would not", (hw) => {
    const plan = planFor("aws", hw, "throughput");
    const group = planGpuNodeGroup(plan, { clusterName: "c", subnets: plan.zones.map((zone, i) => ({ subnetId: `subnet-${i}`, zone })) });
    // Kubelet adds node.kubernetes.io/instance-type itself.
    const nodeLabels: Record<string, string> = { ...group.labels, "node.kubernetes.io/instance-type": group.instanceType };
    const nvdp = planOperators(plan, { cloud: "aws" }).find((o) => o.id === "nvidia-device-plugin")!;
    expect(upstream.version).toBe(HELM_CHARTS["nvidia-device-plugin"].version);
    expect(admits(upstream.defaults.affinity, nodeLabels)).toBe(false);
    expect(admits(nvdp.values.affinity as Affinity, nodeLabels)).toBe(true);
    for (const [k, v] of Object.entries(nvdp.values.nodeSelector as Record<string, string>)) expect(nodeLabels[k]).toBe(v);
  });
});

// Audit (fabric): the EFA device plugin chart's DaemonSet requires node.kubernetes.io/instance-type
// In supportedInstanceLabels.values (aws/eks-charts stable/aws-efa-k8s-device-plugin/templates/daemonset.yaml).
describe("EFA device plugin schedules on every EFA node type the catalog offers", () => {
  const { NODE_TYPES } = require("../../lib/catalog") as typeof import("../../lib/catalog");
  // The P-family (GPU) entries of the chart's default list at the pinned v0.5.30
  // (aws/eks-charts bfe91c4b9257c80f754ad4b3d6a9a3c239b2b8ec stable/aws-efa-k8s-device-plugin/values.yaml).
  // v0.5.8 (8b25c603) stopped at p5en.48xlarge: the list lags AWS's EFA instance types.
  const CHART_DEFAULT_GPU_TYPES = ["p3dn.24xlarge", "p4d.24xlarge", "p4de.24xlarge", "p5.48xlarge", "p5.4xlarge", "p5e.48xlarge", "p5en.48xlarge",
    "p6-b200.48xlarge", "p6-b300.48xlarge", "p6e-gb200.36xlarge", "p6e-gb300.36xlarge"];
  const efaTypes = Object.values(NODE_TYPES).filter((t) => t.cloud === "aws" && t.fabric === "efa").map((t) => t.name);
  type Labels = { keys: string[]; values: string[] };

  test("the list at the pinned chart holds every EFA node type of the catalog; ours narrows it to the planned one", () => {
    expect(HELM_CHARTS["aws-efa-k8s-device-plugin"].version).toBe("v0.5.30");
    for (const t of efaTypes) expect(CHART_DEFAULT_GPU_TYPES).toContain(t);
  });

  test.each([["us-east-1", "2x8xH100"], ["us-east-2", "2x8xH200"], ["us-east-2", "2x8xB200"]])("%s %s: the DaemonSet's required affinity admits the planned node type", (region, hw) => {
    const plan = require("../../lib").planDeployment({ model: "deepseek-r1", hardware: hw, cloud: "aws", region });
    expect(plan.fabric.kind).toBe("efa");
    const efa = planOperators(plan, { cloud: "aws" }).find((o) => o.id === "aws-efa-k8s-device-plugin")!;
    // Helm replaces lists: the effective list is ours when we set one, else the chart's.
    const labels = (efa.values.supportedInstanceLabels as Labels | undefined) ?? { keys: ["node.kubernetes.io/instance-type"], values: CHART_DEFAULT_GPU_TYPES };
    expect(labels.keys).toEqual(["node.kubernetes.io/instance-type"]);
    expect(labels.values).toContain(plan.nodeType);
    expect((efa.values.nodeSelector as Record<string, string>)["node.kubernetes.io/instance-type"]).toBe(plan.nodeType);
  });
});
