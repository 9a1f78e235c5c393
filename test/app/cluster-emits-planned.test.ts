// DeepSeekCluster hands its serving stack's autoscaling and check constructs the slices planCluster
// decided (issue 15): planCluster is wrapped so a test can edit its output before DeepSeekCluster
// emits it. A construct that re-planned from old-style props would write its own values instead.
import type { ClusterPlan, PlacementPlan } from "../../lib/app/plan-cluster";

let mockEdit: ((placement: PlacementPlan) => PlacementPlan) | undefined;
jest.mock("../../lib/app/plan-cluster", () => {
  const actual = jest.requireActual("../../lib/app/plan-cluster") as typeof import("../../lib/app/plan-cluster");
  return {
    ...actual,
    planCluster: (...args: Parameters<typeof actual.planCluster>): ClusterPlan => {
      const plan = actual.planCluster(...args);
      const edit = mockEdit;
      return edit ? { ...plan, placementPlans: plan.placementPlans.map(edit) } : plan;
    },
  };
});

type Json = Record<string, any>;
const { Testing } = require("cdktf") as typeof import("cdktf");
const { DeepSeekApp, DeepSeekCluster } = require("../../lib") as typeof import("../../lib");
const { planCluster } = require("../../lib/app/plan-cluster") as typeof import("../../lib/app/plan-cluster");
const { DEFAULT_CLUSTERS } = require("../../stacks/default-app") as typeof import("../../stacks/default-app");
const { KEDA_CHART, CLUSTER_AUTOSCALER_CHART } = require("../../lib/autoscaling/charts") as typeof import("../../lib/autoscaling/charts");
const { PROMETHEUS_SERVER_URL } = require("../../lib/serving/constants") as typeof import("../../lib/serving/constants");

// 2x8xH100 on EKS: a fabric check, the cluster autoscaler, KEDA and the load-based ScaledObject.
const props = DEFAULT_CLUSTERS["h100x2-us"];
const servingStack = (edit?: (p: PlacementPlan) => PlacementPlan): Json => {
  mockEdit = edit;
  try {
    const cluster = new DeepSeekCluster(new DeepSeekApp(), "c", props);
    return JSON.parse(Testing.synth(cluster.placements[0].serving)) as Json;
  } finally {
    mockEdit = undefined;
  }
};
const releases = (out: Json): Json[] => Object.values(out.resource.helm_release as Json);
const release = (out: Json, name: string): Json | undefined => releases(out).find((r) => r.name === name);
/** The Helm release record the serving workload (the LeaderWorkerSet) is installed with. */
const inference = (out: Json): Json => Object.entries(out.resource.helm_release as Json).find(([id]) => id.startsWith("serving_inference"))![1] as Json;

describe("planCluster decides what the serving stack's autoscaling and checks write", () => {
  const placement = planCluster(props, { id: "c" }).placementPlans[0];

  test("the slices: ScaledObject release and Prometheus, pinned KEDA and cluster autoscaler charts, check releases, fabric before the servers", () => {
    expect(placement.replicaAutoscaler).toMatchObject({ prometheusAddress: PROMETHEUS_SERVER_URL, autoscaling: placement.autoscaling });
    expect(placement.kedaRelease).toMatchObject({ chart: KEDA_CHART.chart, version: KEDA_CHART.version, createNamespace: true });
    expect(placement.clusterAutoscalerRelease).toMatchObject({ chart: CLUSTER_AUTOSCALER_CHART.chart, version: CLUSTER_AUTOSCALER_CHART.version, namespace: "kube-system" });
    expect(placement.checks.checks).toBe(placement.verification);
    expect(placement.checks.releases.fabric?.after).toEqual(["prerequisites"]);
    expect(placement.checks.serversAfterFabric).toBe(true);
    expect(placement.checkAccess).toEqual({
      endpointUrl: "https://h100.deepseek.example.com", gatewayAddress: placement.traffic.inClusterEndpoint,
      apiKeySecret: { name: placement.traffic.tiers[0].credentialsSecret, key: placement.checkClientId },
    });
    expect(placement.checksRunOutput).toBe(placement.verification.enabled.join(","));
    expect(placement.gatewayInstall.charts.map((c) => c.chartId)).toEqual(["envoy-gateway", "ai-gateway-crds", "ai-gateway", "cert-manager", "inferencepool"]);
  });

  test("as planned: the synthesized releases are the slices, and the servers wait for the fabric check", () => {
    const out = servingStack();
    expect(release(out, placement.kedaRelease.name)).toMatchObject({ version: placement.kedaRelease.version, namespace: placement.kedaRelease.namespace });
    expect(release(out, placement.replicaAutoscaler.release.name)?.namespace).toBe(placement.replicaAutoscaler.release.namespace);
    expect(release(out, placement.clusterAutoscalerRelease!.name)?.version).toBe(placement.clusterAutoscalerRelease!.version);
    const fabric = placement.checks.releases.fabric!;
    expect(release(out, fabric.name)?.timeout).toBe(fabric.timeoutSeconds);
    expect(inference(out).depends_on).toContainEqual(expect.stringMatching(/^helm_release\.checks_fabric_release/));
  });

  test("an edited plan is what DeepSeekCluster writes: release names, versions, Helm wait, no cluster autoscaler, servers not after the fabric check", () => {
    const out = servingStack((p) => ({
      ...p,
      kedaRelease: { ...p.kedaRelease, version: "9.9.9-planted" },
      replicaAutoscaler: { ...p.replicaAutoscaler, release: { ...p.replicaAutoscaler.release, name: "planted-autoscaling" } },
      clusterAutoscalerRelease: null,
      checkAccess: { ...p.checkAccess, apiKeySecret: { name: "planted-keys", key: "planted-client" } },
      checksRunOutput: "planted-output",
      gatewayInstall: { ...p.gatewayInstall, objects: { ...p.gatewayInstall.objects, name: "planted-traffic" } },
      checks: {
        ...p.checks, serversAfterFabric: false,
        releases: { ...p.checks.releases, fabric: { ...p.checks.releases.fabric!, timeoutSeconds: 4321 } },
      },
    }));
    expect(release(out, "keda")?.version).toBe("9.9.9-planted");
    expect(release(out, "planted-autoscaling")).toBeDefined();
    expect(release(out, placement.replicaAutoscaler.release.name)).toBeUndefined();
    expect(release(out, "cluster-autoscaler")).toBeUndefined();
    expect(release(out, placement.checks.releases.fabric!.name)?.timeout).toBe(4321);
    expect(out.output.checks_run.value).toBe("planted-output");
    expect(release(out, "planted-traffic")).toBeDefined();
    expect(release(out, placement.gatewayInstall.objects.name)).toBeUndefined();
    expect(JSON.stringify(release(out, placement.checks.releases.serving!.name)?.values)).toContain("planted-keys");
    expect(inference(out).depends_on ?? []).not.toContainEqual(expect.stringMatching(/^helm_release\.checks_fabric_release/));
  });
});

describe("DeepSeekCluster binds the serving service accounts as planned", () => {
  const gke = DEFAULT_CLUSTERS["h200-eu"];
  const baseRelease = (edit?: (p: PlacementPlan) => PlacementPlan): string => {
    mockEdit = edit;
    try {
      const cluster = new DeepSeekCluster(new DeepSeekApp(), "g", gke);
      const out = JSON.parse(Testing.synth(cluster.placements[0].serving)) as Json;
      return JSON.stringify(release(out, "deepseek-base")?.values);
    } finally {
      mockEdit = undefined;
    }
  };

  test("the GKE network objects' bundle is the plan's: its objects (GkeInfra's), release name and namespace; planned away, none is written", () => {
    const { gkeNetworkObjects } = require("../../lib/clouds/gcp/plan-gke-network") as typeof import("../../lib/clouds/gcp/plan-gke-network");
    const p = planCluster(gke, { id: "g" }).placementPlans[0];
    const infra = p.infra as Extract<typeof p.infra, { cloud: "gcp" }>;
    expect(p.nodeBundles.gkeNetworks?.objects).toEqual(gkeNetworkObjects(p.deployment, infra.gke.network));
    expect(p.nodeBundles.gkeNetworks).toMatchObject({ name: "deepseek-gke-networks", namespace: "default" });
    expect(p.nodeBundles.gkeFabric).toBeNull();
    const synthOf = (edit?: (q: PlacementPlan) => PlacementPlan): Json => {
      mockEdit = edit;
      try {
        return JSON.parse(Testing.synth(new DeepSeekCluster(new DeepSeekApp(), "g", gke).placements[0].serving)) as Json;
      } finally {
        mockEdit = undefined;
      }
    };
    expect(release(synthOf(), "deepseek-gke-networks")?.namespace).toBe("default");
    const edited = synthOf((q) => ({ ...q, nodeBundles: { gkeNetworks: { ...q.nodeBundles.gkeNetworks!, name: "planted-networks", namespace: "planted" }, gkeFabric: null } }));
    expect(release(edited, "planted-networks")?.namespace).toBe("planted");
    expect(release(synthOf((q) => ({ ...q, nodeBundles: { gkeNetworks: null, gkeFabric: null } })), "deepseek-gke-networks")).toBeUndefined();
  });

  test("GKE: each KSA annotated with its Google service account; with the bindings planned away, none is", () => {
    expect(planCluster(gke, { id: "g" }).placementPlans[0].serviceAccountBindings).toEqual({ server: "workloadIdentity", modelStager: "stagerIdentity", secretsReader: "secretsReaderIdentity" });
    expect(baseRelease().match(/iam\.gke\.io\/gcp-service-account/g)).toHaveLength(3);
    expect(baseRelease((p) => ({ ...p, serviceAccountBindings: { server: null, modelStager: null, secretsReader: null } }))).not.toContain("iam.gke.io/gcp-service-account");
  });
});
