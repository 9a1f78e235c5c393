import { DeepSeekConfigError } from "../../../lib/errors";
import { planDeployment } from "../../../lib/plan/index";
import type { DeploymentInput } from "../../../lib/plan/index";
import { gpuNodeUserData, planGpuNodeGroup } from "../../../lib/clouds/aws/plan-aws-gpu-nodes";
import { planEksInfra } from "../../../lib/clouds/aws/plan-aws-infra";
import type { NewNetworkPlan } from "../../../lib/clouds/aws/plan-aws-network";

const h100 = (extra: Partial<DeploymentInput> = {}) => planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1", ...extra });
const b200 = (extra: Partial<DeploymentInput> = {}) => planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1", ...extra });
const h200 = (extra: Partial<DeploymentInput> = {}) => planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-2", ...extra });
const cb = { kind: "capacity-block", id: "cr-0abc1234", zone: "us-east-1d", nodes: 4 } as const;
const odcr = { kind: "reservation", id: "cr-0def5678", zone: "us-east-1b", nodes: 4 } as const;

describe("planEksInfra: defaults", () => {
  const infra = planEksInfra(h100());
  it("pins the version, keeps the endpoint private and lists the core add-ons", () => {
    expect(infra.kubernetesVersion).toBe("1.35");
    expect(infra.endpoint).toEqual({ privateAccess: true, publicAccess: false, publicAccessCidrs: [] });
    expect(infra.addons).toEqual(["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"]);
    expect(infra.bootstrapCreatorAdmin).toBe(true);
  });
  it("lays out a /16 with the GPU zone first and a second zone for EKS", () => {
    const network = infra.network as NewNetworkPlan;
    expect(network).toMatchObject({ kind: "new", vpcCidr: "10.64.0.0/16", natZones: ["us-east-1a"], region: "us-east-1", partition: "aws" });
    expect(network.zones.map(({ zone, privateCidr, publicCidr, natZone }) => ({ zone, privateCidr, publicCidr, natZone }))).toEqual([
      { zone: "us-east-1a", privateCidr: "10.64.0.0/19", publicCidr: "10.64.192.0/24", natZone: "us-east-1a" },
      { zone: "us-east-1b", privateCidr: "10.64.32.0/19", publicCidr: "10.64.193.0/24", natZone: "us-east-1a" },
    ]);
  });
  it("sizes the GPU pool in whole replicas, desired = min", () => {
    expect(infra.gpuNodeGroup.scaling).toEqual({ min: 2, max: 4, desired: 2 });
    expect(infra.gpuNodeGroup.maxUnavailable).toBe(2);
    expect(infra.gpuNodeGroup.zones).toEqual(["us-east-1a"]);
  });
  it("on-demand multi-node: ON_DEMAND and a created cluster placement group", () => {
    expect(infra.gpuNodeGroup.capacity).toEqual({ capacityType: "ON_DEMAND", placementGroup: { kind: "create", name: "deepseek-us-east-1-gpu" } });
  });
  it("has 32 EFA interfaces for p5, IMDSv2 with hop limit 1, encrypted 200 GiB gp3, GPU taint and pool label", () => {
    const g = infra.gpuNodeGroup;
    expect(g.efaInterfaces).toHaveLength(32);
    expect(g.metadata).toEqual({ httpTokens: "required", hopLimit: 1, httpEndpoint: "enabled" });
    expect(g.rootVolume).toEqual({ deviceName: "/dev/xvda", sizeGiB: 200, type: "gp3", encrypted: true });
    expect(g.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
    expect(g.labels).toEqual({ "cdktf-deepseek.io/pool": "gpu" });
    expect(g.amiType).toBe("AL2023_x86_64_NVIDIA");
  });
  it("user data is a nodeadm NodeConfig that RAID0s the local NVMe", () => {
    const ud = gpuNodeUserData();
    expect(ud).toContain("Content-Type: application/node.eks.aws");
    expect(ud).toContain("kind: NodeConfig");
    expect(ud).toMatch(/localStorage:\n\s+strategy: RAID0/);
    expect(ud.trimEnd().endsWith("--==CDKTF-DEEPSEEK==--")).toBe(true);
  });
});

describe("planEksInfra: capacity kinds", () => {
  it("Capacity Block: CAPACITY_BLOCK, market type, reservation target, block zone only, no placement group", () => {
    const infra = planEksInfra(h100({ capacity: cb }));
    expect(infra.gpuNodeGroup.capacity).toEqual({ capacityType: "CAPACITY_BLOCK", marketType: "capacity-block", reservationId: "cr-0abc1234", placementGroup: { kind: "none" } });
    expect(infra.gpuNodeGroup.zones).toEqual(["us-east-1d"]);
    expect(infra.gpuNodeGroup.scaling).toEqual({ min: 2, max: 4, desired: 2 });
  });
  it("ODCR multi-node: ON_DEMAND, reservation target, placement group", () => {
    const infra = planEksInfra(h100({ capacity: odcr }));
    expect(infra.gpuNodeGroup.capacity).toEqual({ capacityType: "ON_DEMAND", reservationId: "cr-0def5678", placementGroup: { kind: "create", name: "deepseek-us-east-1-gpu" } });
    expect(infra.network.kind === "new" && infra.network.zones.map((z) => z.zone)).toEqual(["us-east-1b", "us-east-1a"]);
  });
  it("ODCR with an existing placement group uses it by name", () => {
    expect(planEksInfra(h100({ capacity: odcr }), { placementGroupName: "my-pg" }).gpuNodeGroup.capacity.placementGroup).toEqual({ kind: "existing", name: "my-pg" });
  });
  it("single-node B200 and H200: no EFA, no placement group, 8 and 16 cards only when multi-node", () => {
    const b = planEksInfra(b200()).gpuNodeGroup;
    expect(b.instanceType).toBe("p6-b200.48xlarge");
    expect(b.efaInterfaces).toEqual([]);
    expect(b.capacity.placementGroup).toEqual({ kind: "none" });
    const h = planEksInfra(h200()).gpuNodeGroup;
    expect(h.instanceType).toBe("p5en.48xlarge");
    expect(h.zones).toEqual(["us-east-2a", "us-east-2b", "us-east-2c"]);
  });
  it("spot maps to SPOT", () => {
    expect(planEksInfra(b200({ capacity: { kind: "spot" } })).gpuNodeGroup.capacity.capacityType).toBe("SPOT");
  });
  it("admin principals turn off creator bootstrap admin", () => {
    expect(planEksInfra(b200(), { adminPrincipalArns: ["arn:aws:iam::123456789012:role/admin"] }).bootstrapCreatorAdmin).toBe(false);
  });
});

describe("planEksInfra: refusals", () => {
  const refuse = (fn: () => unknown, message: string) => {
    expect(fn).toThrow(DeepSeekConfigError);
    expect(fn).toThrow(message);
  };
  it("a public endpoint open to the internet", () => {
    refuse(() => planEksInfra(b200(), { publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] }),
      'publicAccessCidrs.1: opens the cluster API to the whole internet (got "0.0.0.0/0"); list the CIDRs of your networks (office, VPN, CI runners), or leave publicAccessCidrs unset for a private-only endpoint');
  });
  it("a capacity zone that no network zone covers", () => {
    refuse(() => planEksInfra(h100({ capacity: cb }), { networkZones: ["us-east-1a", "us-east-1b"] }),
      'networkZones: does not include the capacity-block\'s zone us-east-1d, so no subnet would cover it (got ["us-east-1a","us-east-1b"]); add "us-east-1d" to networkZones');
  });
  it("a reservation zone that no existing subnet covers", () => {
    refuse(() => planEksInfra(h100({ capacity: odcr }), { existingNetwork: { vpcId: "vpc-1", privateSubnets: [{ subnetId: "subnet-a", zone: "us-east-1a" }, { subnetId: "subnet-c", zone: "us-east-1c" }] } }),
      'existingNetwork.privateSubnets: no subnet is in the reservation\'s zone us-east-1b, so no GPU node could launch (got ["subnet-a@us-east-1a","subnet-c@us-east-1c"]); pass a private subnet in "us-east-1b", or plan the placement with zones that your subnets cover');
  });
  it("existing subnets in fewer than two zones", () => {
    refuse(() => planEksInfra(b200(), { existingNetwork: { vpcId: "vpc-1", privateSubnets: [{ subnetId: "subnet-d", zone: "us-east-1d" }] } }),
      'existingNetwork.privateSubnets: cover fewer than two zones; an EKS cluster needs subnets in at least two availability zones (got ["us-east-1d"]); pass private subnets in at least two zones');
  });
  it("existing subnets without a zone", () => {
    refuse(() => planEksInfra(b200(), { existingNetwork: { vpcId: "vpc-1", privateSubnets: [{ subnetId: "subnet-d" } as never] } }),
      "existingNetwork.privateSubnets.0.zone: is required (got undefined); set it to a string");
  });
  it("subnet ids without zones for a Capacity Block (standalone pool)", () => {
    refuse(() => planGpuNodeGroup(h100({ capacity: cb }), { clusterName: "c", subnetIdsWithoutZones: ["subnet-1"] }),
      'subnetIds: come without zones, so they cannot be checked against the capacity-block\'s zone us-east-1d (got ["subnet-1"]); pass subnets: [{ subnetId, zone }] instead, with subnets in that zone only');
  });
  it("a placement group with a Capacity Block", () => {
    refuse(() => planEksInfra(h100({ capacity: cb }), { placementGroupName: "pg" }),
      'placementGroupName: cannot be used with a Capacity Block: its instances are already co-located and a placement group makes launches fail (got "pg"); remove placementGroupName');
  });
  it("a VPC CIDR that is not a /16", () => {
    refuse(() => planEksInfra(b200(), { vpcCidr: "10.0.0.0/20" }), 'vpcCidr: must be a /16 network (nodes get a /19 per zone, NAT and load balancers a /24) (got "10.0.0.0/20"); use a /16 such as 10.64.0.0/16');
  });
  it("a single network zone", () => {
    refuse(() => planEksInfra(h100({ capacity: cb }), { networkZones: ["us-east-1d"] }),
      'networkZones: has fewer than two zones; an EKS cluster needs subnets in at least two availability zones (got ["us-east-1d"]); list at least two zones');
  });
  it("a network zone outside the region", () => {
    refuse(() => planEksInfra(b200(), { networkZones: ["us-east-1d", "us-west-2a"] }), 'networkZones.1: is not a zone of us-east-1 (got "us-west-2a"); use zones named us-east-1a, us-east-1b, ...');
  });
  it("a GCP plan", () => {
    const gcp = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "gcp", region: "us-central1" });
    refuse(() => planEksInfra(gcp), 'plan.cloud: is not "aws": the EKS constructs emit AWS resources only (got "gcp"); plan the placement with cloud "aws", or use the GKE constructs for GCP');
  });
  it("a malformed admin principal", () => {
    refuse(() => planEksInfra(b200(), { adminPrincipalArns: ["admin"] }), 'adminPrincipalArns.0: is not an IAM principal ARN (got "admin"); use arn:aws:iam::<account>:role/<name>');
  });
  it("a root volume too small for the image", () => {
    refuse(() => planEksInfra(b200(), { gpuRootVolumeGiB: 20 }), "gpuRootVolumeGiB: is below the minimum of 100 (got 20); use a value of at least 100");
  });
  it("network options together with an existing network", () => {
    refuse(() => planEksInfra(b200(), { vpcCidr: "10.1.0.0/16", existingNetwork: { vpcId: "vpc-1", privateSubnets: [{ subnetId: "a", zone: "us-east-1a" }, { subnetId: "b", zone: "us-east-1b" }] } }),
      'vpcCidr: applies only when the construct creates the network, not with existingNetwork (got "10.1.0.0/16"); remove vpcCidr or existingNetwork');
  });
});
