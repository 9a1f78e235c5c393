import { DeepSeekConfigError } from "../../../lib/errors";
import { DeploymentInput, DeploymentPlan, planDeployment } from "../../../lib/plan/index";
import { GKE_MTU, gkeNetworkObjects, planGkeNetworks } from "../../../lib/clouds/gcp/plan-gke-network";
import { FLEX_START_MAX_RUN_SECONDS, planGkeNodePool } from "../../../lib/clouds/gcp/plan-gke-node-pool";
import { gkeAccountId, planGkeInfraNames } from "../../../lib/clouds/gcp/plan-gke-infra";

const base = { model: "deepseek-r1", cloud: "gcp", region: "us-central1" } as const;
const plan = (input: Partial<DeploymentInput> & { hardware: string }): DeploymentPlan => planDeployment({ ...base, ...input } as DeploymentInput);
const distill = { model: "deepseek-r1-distill-llama-70b", hardware: "8xH100" } as const;
const nets = (p: DeploymentPlan) => planGkeNetworks(p, { project: "my-proj" }).additionalNetworks;
const pool = (p: DeploymentPlan, o: Parameters<typeof planGkeNodePool>[1] = {}) => planGkeNodePool(p, { additionalNodeNetworks: nets(p), ...o });

describe("planGkeNetworks: NIC layouts per machine type", () => {
  it.each([
    ["8xB200", {}, "a4-highgpu-8g", 9, { gvnic: 1, rdma: 8, gpu: 0 }],
    ["8xH200", {}, "a3-ultragpu-8g", 9, { gvnic: 1, rdma: 8, gpu: 0 }],
    ["2x8xH100", {}, "a3-megagpu-8g", 8, { gvnic: 0, rdma: 0, gpu: 8 }],
  ] as const)("%s", (hardware, extra, nodeType, nics, roles) => {
    const p = plan({ hardware, ...extra });
    expect(p.nodeType).toBe(nodeType);
    const n = planGkeNetworks(p, { project: "my-proj" });
    expect(n.additionalNetworks).toHaveLength(nics);
    for (const role of ["gvnic", "rdma", "gpu"] as const) expect(n.additionalNetworks.filter((a) => a.role === role)).toHaveLength(roles[role]);
    expect(n.multiNetworking).toBe(true);
  });

  it("a3-highgpu-8g has 4 GPUDirect-TCPX VPCs with MTU 8244, one subnet each", () => {
    const n = planGkeNetworks(plan({ ...distill, overrides: { nodeType: "a3-highgpu-8g" } }), { project: "my-proj" });
    const gpu = n.vpcs.filter((v) => v.role === "gpu");
    expect(gpu.map((v) => v.name)).toEqual(["ds-us-central1-gpu-0", "ds-us-central1-gpu-1", "ds-us-central1-gpu-2", "ds-us-central1-gpu-3"]);
    expect(gpu.every((v) => v.mtu === GKE_MTU.tcpx && v.subnets.length === 1 && v.internalFirewall)).toBe(true);
    expect(n.additionalNetworks.map((a) => a.gkeNetworkName)).toEqual(["vpc1", "vpc2", "vpc3", "vpc4"]);
  });

  it("a3-megagpu-8g has 8 GPUDirect-TCPXO VPCs with MTU 8244", () => {
    const n = planGkeNetworks(plan({ hardware: "2x8xH100" }), { project: "my-proj" });
    expect(n.vpcs.filter((v) => v.role === "gpu" && v.mtu === 8244)).toHaveLength(8);
  });

  it("a4-highgpu-8g: 2nd gVNIC VPC + one RDMA VPC with the zonal RoCE profile and 8 subnets", () => {
    const n = planGkeNetworks(plan({ hardware: "8xB200" }), { project: "my-proj" });
    const rdma = n.vpcs.filter((v) => v.role === "rdma");
    expect(rdma).toHaveLength(1);
    expect(rdma[0].networkProfile).toBe("projects/my-proj/global/networkProfiles/us-central1-b-vpc-roce");
    expect(rdma[0].subnets.map((s) => s.cidr)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `192.168.${i}.0/24`));
    expect(rdma[0].internalFirewall).toBe(false);
    expect(n.vpcs.filter((v) => v.role === "gvnic").map((v) => v.subnets[0].cidr)).toEqual(["192.168.0.0/24"]);
    expect(n.additionalNetworks.map((a) => `${a.gkeNetworkName}:${a.deviceMode}`)).toEqual(["gvnic-1:NetDevice", ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `rdma-${i}:RDMA`)]);
  });

  it("node VPC: deterministic CIDRs, pods/services secondary ranges, router and NAT", () => {
    const a = planGkeNetworks(plan({ hardware: "8xH200" }), { project: "my-proj" });
    const b = planGkeNetworks(plan({ hardware: "8xH200" }), { project: "my-proj" });
    expect(a).toEqual(b);
    expect(a.vpcs[0]).toMatchObject({ role: "node", subnets: [{ cidr: "10.0.0.0/20", secondaryRanges: [{ rangeName: "pods", cidr: "10.4.0.0/14" }, { rangeName: "services", cidr: "10.8.0.0/20" }] }] });
    expect(a.routerName).toBe("ds-us-central1-router");
    expect(a.natName).toBe("ds-us-central1-nat");
  });

  it("refuses an RDMA machine type over several zones", () => {
    const p = plan({ hardware: "8xB200", zones: ["us-central1-b", "us-central1-c"] });
    expect(() => planGkeNetworks(p, { project: "my-proj" })).toThrow(
      'zones: a4-highgpu-8g needs exactly one zone: its RDMA VPC uses the zonal RoCE network profile (got ["us-central1-b","us-central1-c"]); set zones to the one zone that holds your capacity',
    );
  });

  it("takes existing networks, refusing a wrong NIC count", () => {
    const p = plan({ hardware: "2x8xH100" });
    const existing = { network: "vpc", subnetwork: "sub", podsRangeName: "p", servicesRangeName: "s", additionalNetworks: [{ network: "g", subnetwork: "g0" }] };
    expect(() => planGkeNetworks(p, { project: "my-proj", existing })).toThrow(
      "existingNetwork.additionalNetworks: a3-megagpu-8g has 8 extra NICs (8 GPU); one network/subnetwork pair is needed per NIC (got 1); pass exactly 8 pairs, in NIC order",
    );
    const ok = planGkeNetworks(p, { project: "my-proj", existing: { ...existing, additionalNetworks: Array.from({ length: 8 }, (_, i) => ({ network: `g${i}`, subnetwork: `s${i}` })) } });
    expect(ok.create).toBe(false);
    expect(ok.vpcs).toEqual([]);
    expect(ok.additionalNetworks[7]).toEqual({ network: "g7", subnetwork: "s7", role: "gpu", gkeNetworkName: "vpc8", deviceMode: "NetDevice" });
  });

  it("refuses an AWS plan and a bad name prefix", () => {
    const aws = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
    expect(() => planGkeNetworks(aws, { project: "my-proj" })).toThrow(DeepSeekConfigError);
    expect(() => planGkeNetworks(plan({ hardware: "8xB200" }), { project: "my-proj", namePrefix: "Bad_Prefix" })).toThrow(
      'namePrefix: is not a valid GCP name prefix (got "Bad_Prefix"); use 1-40 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen',
    );
  });
});

describe("gkeNetworkObjects", () => {
  it("one GKENetworkParamSet + Network per extra NIC, RDMA device mode on RDMA subnets", () => {
    const p = plan({ hardware: "8xH200" });
    const objs = gkeNetworkObjects(p, planGkeNetworks(p, { project: "my-proj" }));
    expect(objs).toHaveLength(18);
    expect(objs.every((o) => o.apiVersion === "networking.gke.io/v1" && o.metadata.namespace === undefined)).toBe(true);
    const sets = objs.filter((o) => o.kind === "GKENetworkParamSet");
    expect(sets.map((o) => (o.spec as { deviceMode: string }).deviceMode)).toEqual(["NetDevice", ...Array(8).fill("RDMA")]);
    expect(sets[3].spec).toEqual({ vpc: "ds-us-central1-rdma", vpcSubnet: "ds-us-central1-rdma-sub-2", deviceMode: "RDMA" });
    expect(objs[1]).toMatchObject({ kind: "Network", metadata: { name: "gvnic-1" }, spec: { type: "Device", parametersRef: { group: "networking.gke.io", kind: "GKENetworkParamSet", name: "gvnic-1" } } });
  });
});

describe("planGkeNodePool", () => {
  it("8xB200: a4-highgpu-8g, nvidia-b200 x 8, GKE-managed LATEST driver, 32 local SSDs, whole replicas", () => {
    const n = pool(plan({ hardware: "8xB200" }));
    expect(n).toMatchObject({
      machineType: "a4-highgpu-8g", acceleratorType: "nvidia-b200", acceleratorCount: 8, gpuDriverVersion: "LATEST", gvnic: true,
      localSsdCount: 32, compactPlacement: false, nodeLocations: ["us-central1-b"], initialNodeCount: 1,
      autoscaling: { totalMinNodeCount: 1, totalMaxNodeCount: 2, locationPolicy: "ANY" },
      reservationAffinity: { consumeReservationType: "NO_RESERVATION" },
      taint: { key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }, labels: { "cdktf-deepseek.io/pool": "gpu" },
    });
    expect(n.additionalNodeNetworks).toHaveLength(9);
  });

  it("8xH200: a3-ultragpu-8g, nvidia-h200-141gb x 8", () => {
    expect(pool(plan({ hardware: "8xH200" }))).toMatchObject({ machineType: "a3-ultragpu-8g", acceleratorType: "nvidia-h200-141gb", acceleratorCount: 8 });
  });

  it("2x8xH100: a3-megagpu-8g, COMPACT in one zone, nodes in pairs", () => {
    const n = pool(plan({ hardware: "2x8xH100" }));
    expect(n).toMatchObject({ machineType: "a3-megagpu-8g", acceleratorType: "nvidia-h100-mega-80gb", compactPlacement: true, nodeLocations: ["us-central1-a"], localSsdCount: 16 });
    expect(n.autoscaling).toEqual({ totalMinNodeCount: 2, totalMaxNodeCount: 4, locationPolicy: "ANY" });
  });

  it("upgrades take down one whole replica (nodesPerReplica nodes) and never surge", () => {
    expect(pool(plan({ hardware: "2x8xH100" })).upgradeSettings).toEqual({ strategy: "SURGE", maxSurge: 0, maxUnavailable: 2 });
    expect(pool(plan({ hardware: "8xB200" })).upgradeSettings).toEqual({ strategy: "SURGE", maxSurge: 0, maxUnavailable: 1 });
  });

  it("a specific reservation, with a block", () => {
    const p = plan({ hardware: "8xB200", capacity: { kind: "reservation", id: "my-res", zone: "us-central1-b", nodes: 2, block: "blk-1" } });
    expect(pool(p).reservationAffinity).toEqual({ consumeReservationType: "SPECIFIC_RESERVATION", key: "compute.googleapis.com/reservation-name", values: ["my-res/reservationBlocks/blk-1"] });
    const q = plan({ hardware: "8xB200", capacity: { kind: "reservation", id: "my-res", zone: "us-central1-b", nodes: 2 } });
    expect(pool(q).reservationAffinity.values).toEqual(["my-res"]);
  });

  it("flex-start: flex_start, no auto-repair, NO_RESERVATION, no spot, 7-day run limit, no static node count", () => {
    const n = pool(plan({ hardware: "2x8xH200", capacity: { kind: "flex-start" } }));
    expect(n).toMatchObject({ flexStart: true, spot: false, management: { autoRepair: false, autoUpgrade: true }, reservationAffinity: { consumeReservationType: "NO_RESERVATION" }, maxRunDuration: `${FLEX_START_MAX_RUN_SECONDS}s`, compactPlacement: true });
    expect(n.initialNodeCount).toBeUndefined();
  });

  it("queued provisioning: queued, NO_RESERVATION, min 0, no COMPACT, no auto-upgrade, gke-queued label", () => {
    const n = pool(plan({ hardware: "2x8xH100", capacity: { kind: "queued" }, replicas: { min: 0, max: 2 } }));
    expect(n).toMatchObject({
      queuedProvisioning: true, compactPlacement: false, management: { autoRepair: true, autoUpgrade: false },
      reservationAffinity: { consumeReservationType: "NO_RESERVATION" }, autoscaling: { totalMinNodeCount: 0, totalMaxNodeCount: 4 },
    });
    expect(n.labels["cloud.google.com/gke-queued"]).toBe("true");
    expect(n.initialNodeCount).toBeUndefined();
  });

  it("spot: spot VMs with NO_RESERVATION", () => {
    expect(pool(plan({ hardware: "8xB200", capacity: { kind: "spot" } }))).toMatchObject({ spot: true, reservationAffinity: { consumeReservationType: "NO_RESERVATION" } });
  });
});

describe("planGkeNodePool: Google's rules are refusals", () => {
  const queued = () => plan({ hardware: "2x8xH100", capacity: { kind: "queued" }, replicas: { min: 0, max: 2 } });
  const flex = () => plan({ hardware: "2x8xH200", capacity: { kind: "flex-start" } });
  it("queued provisioning refuses COMPACT", () => {
    expect(() => pool(queued(), { compactPlacement: true })).toThrow(
      'compactPlacement: queued provisioning does not support COMPACT placement (got true); turn compactPlacement off, or use capacity kind "flex-start" or "reservation"',
    );
  });
  it("queued provisioning refuses a minimum above 0", () => {
    const p = { ...queued(), nodes: { min: 2, max: 4 } };
    expect(() => pool(p)).toThrow("plan.nodes.min: queued provisioning needs a node pool minimum of 0 nodes (got 2); set replicas.min to 0");
  });
  it("queued provisioning refuses spot", () => {
    expect(() => pool(queued(), { spot: true })).toThrow('spot: queued provisioning does not run on spot VMs (got true); turn spot off, or use capacity kind "spot"');
  });
  it("flex-start refuses auto-repair", () => {
    expect(() => pool(flex(), { autoRepair: true })).toThrow("autoRepair: DWS flex-start node pools need auto-repair off (got true); set autoRepair to false (or leave it unset)");
  });
  it("flex-start refuses spot", () => {
    expect(() => pool(flex(), { spot: true })).toThrow('spot: DWS flex-start does not run on spot VMs (got true); turn spot off, or use capacity kind "spot"');
  });
  it("COMPACT + flex-start only on a3-ultragpu-8g and a4-highgpu-8g", () => {
    const p = plan({ hardware: "2x8xH100", capacity: { kind: "flex-start" } });
    expect(() => pool(p)).toThrow(
      'compactPlacement: COMPACT placement with DWS flex-start is supported only on a3-ultragpu-8g and a4-highgpu-8g, not a3-megagpu-8g (got true); turn compactPlacement off, or use capacity kind "reservation" or "on-demand" for a multi-node replica',
    );
    expect(pool(p, { compactPlacement: false })).toMatchObject({ flexStart: true, compactPlacement: false });
  });
  it("COMPACT needs a single zone", () => {
    const p = plan(distill);
    expect(p.zones).toEqual(["us-central1-a", "us-central1-c"]);
    expect(() => pool(p, { compactPlacement: true })).toThrow(
      'compactPlacement: COMPACT placement needs exactly one zone (got ["us-central1-a","us-central1-c"]); set zones to a single zone, or turn compactPlacement off',
    );
  });
  it("a reservation refuses spot", () => {
    const p = plan({ hardware: "8xB200", capacity: { kind: "reservation", id: "my-res", zone: "us-central1-b", nodes: 2 } });
    expect(() => pool(p, { spot: true })).toThrow('spot: spot VMs cannot consume a reservation (they need NO_RESERVATION) (got true); turn spot off, or use capacity kind "spot"');
  });
  it("refuses a run limit outside flex-start and over 7 days", () => {
    expect(() => pool(plan({ hardware: "8xB200" }), { maxRunDurationSeconds: 3600 })).toThrow('maxRunDurationSeconds: applies to DWS flex-start node pools only (got 3600); remove it, or use capacity kind "flex-start"');
    expect(() => pool(flex(), { maxRunDurationSeconds: 8 * 86400 })).toThrow("maxRunDurationSeconds: is outside what DWS flex-start allows (60 s to 7 days) (got 691200); use a whole number of seconds from 60 to 604800");
  });
  it("refuses the wrong number of extra NIC attachments", () => {
    expect(() => planGkeNodePool(plan({ hardware: "8xB200" }), { additionalNodeNetworks: [] })).toThrow(
      "additionalNodeNetworks: a4-highgpu-8g has 9 extra NICs; one network/subnetwork pair is needed per NIC (got 0); pass exactly 9 pairs (planGkeNetworks(plan, { project }).additionalNetworks gives them in NIC order)",
    );
  });
  it("refuses node bounds that are not whole replicas", () => {
    const p = { ...plan({ hardware: "2x8xH100" }), nodes: { min: 2, max: 3 } };
    expect(() => pool(p)).toThrow("plan.nodes.max: is not a whole number of replicas (2 nodes each) (got 3); use a multiple of 2");
  });
});

describe("planGkeInfraNames", () => {
  it("derives names that fit GCP limits", () => {
    const n = planGkeInfraNames(plan({ hardware: "8xB200" }), { project: "my-proj" });
    expect(n).toMatchObject({ clusterName: "ds-us-central1", bucketName: "my-proj-ds-us-central1-models", hfTokenSecretId: "ds-us-central1-hf-token", workloadPool: "my-proj.svc.id.goog" });
    expect(gkeAccountId("ds-northamerica-northeast1", "stager")).toBe("ds-northamerica-northea-stager");
    expect(gkeAccountId("ds-northamerica-northeast1", "stager").length).toBeLessThanOrEqual(30);
  });
  it("gives the secrets reader its own Google service account id", () => {
    const ids = planGkeInfraNames(plan({ hardware: "8xB200" }), { project: "my-proj" }).accountIds;
    expect(ids).toEqual({ nodes: "ds-us-central1-nodes", server: "ds-us-central1-server", stager: "ds-us-central1-stager", secretsReader: "ds-us-central1-secrets" });
    expect(gkeAccountId("ds-northamerica-northeast1", "secrets")).toBe("ds-northamerica-northe-secrets");
  });
  it("refuses a project number in place of the id", () => {
    expect(() => planGkeInfraNames(plan({ hardware: "8xB200" }), { project: "123456789012" })).toThrow(
      'project: is not a valid GCP project id (got "123456789012"); use the project id (6-30 lowercase letters, digits and hyphens), not its name or number',
    );
  });
});
