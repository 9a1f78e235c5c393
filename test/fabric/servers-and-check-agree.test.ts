import { checkPod, checkPreamble, FABRIC_PLANS, FABRICS, fabricDifferences, fabricView, serverPods, serverPreamble, type PodUnderTest } from "./support";
import { podTemplateErrors, targetFor } from "../serving/helpers";
import { NODE_TYPES } from "../../lib/catalog";
import { planDeployment } from "../../lib/plan/index";

type Any = Record<string, any>;

// The serving pods (LWS leader and worker) and the fabric check pod are built from real plans by
// the library's own builders; their fabric settings are read back from the pod templates and must be
// identical. A passing fabric check then proves something about the servers.

describe.each(FABRICS)("%s: servers and fabric check carry the same fabric settings", (fabric) => {
  const plan = FABRIC_PLANS[fabric]();
  const { leader, worker } = serverPods(plan);
  const check = checkPod(plan);

  test("the plan selects this fabric", () => {
    expect(plan.fabric.kind).toBe(fabric);
    expect(plan.nodesPerReplica).toBe(2);
  });

  test("leader, worker and check: identical env, mounts, volumes, devices, sidecars, annotations, capabilities", () => {
    expect(fabricDifferences(leader, check)).toEqual([]);
    expect(fabricDifferences(worker, check)).toEqual([]);
    expect(fabricView(leader)).toEqual(fabricView(check));
  });

  test("the comparison is not empty: the fabric puts something in every pod", () => {
    const v = fabricView(check);
    expect(v.env.length + v.volumeMounts.length + Object.keys(v.limits).length).toBeGreaterThan(0);
    if (plan.cloud === "gcp") expect(Object.keys(v.annotations)).toContain("networking.gke.io/interfaces");
  });

  test("every NCCL process sources the same preamble: the servers' ranks through fabric-rank.sh, the check inline", () => {
    expect(serverPreamble(plan).length).toBeGreaterThan(0);
    expect(serverPreamble(plan)).toEqual(checkPreamble(check));
    const leaderScript: string = leader.template.spec.containers[0].command[2];
    expect(leaderScript).toContain("/etc/trtllm/fabric-rank.sh trtllm-llmapi-launch");
  });

  test("no pod sets LD_LIBRARY_PATH as env (it would replace the image's own); the preamble prepends to it", () => {
    for (const pod of [leader, worker, check]) expect(fabricView(pod).env.map((e) => e.name)).not.toContain("LD_LIBRARY_PATH");
    expect(serverPreamble(plan).join("\n")).toMatch(/export LD_LIBRARY_PATH=".+:\$\{LD_LIBRARY_PATH:-\}"/);
  });

  test("the pod templates pass the LWS CRD's strict PodTemplateSpec schema", () => {
    for (const pod of [leader, worker, check]) expect(podTemplateErrors(pod.template)).toEqual([]);
  });
});

describe("planted faults: the comparison catches a one-sided change", () => {
  const plan = FABRIC_PLANS["gpudirect-tcpxo"]();
  const { leader } = serverPods(plan);
  const check = checkPod(plan);
  const mutated = (change: (t: Any) => void): PodUnderTest => {
    const template = structuredClone(check.template);
    change(template);
    return { ...check, template };
  };
  const c = (t: Any) => t.spec.containers[0];

  test.each([
    ["env", (t: Any) => c(t).env.push({ name: "NCCL_SOCKET_IFNAME", value: "eth1" })],
    ["env", (t: Any) => { c(t).env = c(t).env.filter((e: Any) => e.name !== "NCCL_LIB_DIR"); }],
    ["volumeMounts", (t: Any) => { c(t).volumeMounts = c(t).volumeMounts.filter((m: Any) => m.name !== "aperture-devices"); }],
    ["volumes", (t: Any) => { t.spec.volumes.find((v: Any) => v.name === "nvidia-lib").hostPath.path = "/home/kubernetes/bin/nvidia"; }],
    ["sidecars", (t: Any) => { t.spec.initContainers[0].image = "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/tcpgpudmarxd-dev:v1.0.20"; }],
    ["sidecars", (t: Any) => { t.spec.initContainers = []; }],
    ["annotations", (t: Any) => { delete t.metadata.annotations["devices.gke.io/container.tcpxo-daemon"]; }],
    ["capabilities", (t: Any) => { c(t).securityContext.capabilities.add = ["IPC_LOCK"]; }],
    ["limits", (t: Any) => { c(t).resources.limits["vpc.amazonaws.com/efa"] = "32"; }],
  ] as const)("%s", (field, change) => {
    expect(fabricDifferences(leader, check)).toEqual([]);
    expect(fabricDifferences(leader, mutated(change))).toContain(field);
  });

  test("a custom GKE network name on the servers' target alone is caught; given to both, they agree", () => {
    const names = ["gpu-a", "gpu-b", "gpu-c", "gpu-d", "gpu-e", "gpu-f", "gpu-g", "gpu-h"];
    const servers = serverPods(plan, { ...targetFor("gcp"), gpuNetworkNames: names });
    expect(fabricDifferences(servers.leader, check)).toEqual(["annotations"]);
    expect(fabricDifferences(servers.leader, checkPod(plan, { gpuNetworkNames: names }))).toEqual([]);
  });
});

describe("every multi-node GPU node type in the catalog: servers and check agree", () => {
  const cases = Object.values(NODE_TYPES).map((nt) => [nt.name, nt] as const);
  test.each(cases)("%s", (_name, nt) => {
    const region = Object.keys(nt.regions)[0];
    const plan = planDeployment({ model: "deepseek-r1", hardware: `2x8x${nt.gpu}`, cloud: nt.cloud, region, overrides: { nodeType: nt.name } });
    expect(plan.fabric.kind).toBe(nt.fabric);
    const { leader, worker } = serverPods(plan);
    const check = checkPod(plan);
    expect(fabricDifferences(leader, check)).toEqual([]);
    expect(fabricDifferences(worker, check)).toEqual([]);
    expect(serverPreamble(plan)).toEqual(checkPreamble(check));
    // EFA: one device per network card of this node type.
    if (nt.fabric === "efa") expect(fabricView(check).limits["vpc.amazonaws.com/efa"]).toBe(String(nt.efaInterfaces));
  });
});
