import { TerraformStack, Testing } from "cdktf";
import { EksInfra } from "../../lib/aws";
import { AwsProvider } from "../../lib/internal/providers/aws";
import { EKS_ADDON_CONFIGURATION, NODE_MODEL_CACHE_DIR, NVME_MOUNT_PATH, gpuNodeUserData, planGpuNodeGroup } from "../../lib/clouds/aws/plan-aws-infra";
import { apiKeySecretPrefix, planDeployment } from "../../lib/plan/index";
import type { DeploymentInput } from "../../lib/plan/index";

type Block = Record<string, unknown>;
type Synth = { resource: Record<string, Record<string, Block>>; data?: Record<string, Record<string, Block>> };

function synthInfra(input: Partial<DeploymentInput>): { parsed: Synth; infra: EksInfra } {
  const stack = new TerraformStack(Testing.app(), "infra");
  new AwsProvider(stack, "aws", { region: (input.region as string) ?? "us-east-1" });
  const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1", ...input });
  const infra = new EksInfra(stack, "eks", { plan });
  return { parsed: JSON.parse(Testing.synth(stack, true)) as Synth, infra };
}
const all = (s: Synth, type: string) => Object.values(s.resource[type] ?? {});
const gpuNg = (s: Synth) => all(s, "aws_eks_node_group").find((ng) => ng.ami_type === "AL2023_x86_64_NVIDIA")!;
const offerings = (s: Synth) => Object.values(s.data?.aws_ec2_instance_type_offerings ?? {})[0] as Block & { filter: { name: string; values: string[] }[]; lifecycle: { postcondition: { condition: string; error_message: string }[] } };

describe("EksInfra 2x8xH100 in us-east-1: add-ons, cache path, subnet tags, secrets reader", () => {
  let s: Synth;
  let infra: EksInfra;
  beforeAll(() => ({ parsed: s, infra } = synthInfra({})));

  it("turns on the vpc-cni network policy agent so NetworkPolicies are enforced; other add-ons keep defaults", () => {
    const addons = all(s, "aws_eks_addon");
    const cni = addons.find((a) => a.addon_name === "vpc-cni")!;
    expect(JSON.parse(String(cni.configuration_values))).toEqual({ enableNetworkPolicy: "true" });
    expect(cni.configuration_values).toBe(EKS_ADDON_CONFIGURATION["vpc-cni"]);
    expect(addons.filter((a) => a.addon_name !== "vpc-cni").every((a) => a.configuration_values === undefined)).toBe(true);
  });

  it("points the node model cache at a directory on the RAID0 array nodeadm mounts at <mountPath>/0", () => {
    expect(NODE_MODEL_CACHE_DIR).toBe("/mnt/k8s-disks/0/deepseek-models");
    expect(gpuNodeUserData()).toContain(`mountPath: ${NVME_MOUNT_PATH}\n`);
    expect(NODE_MODEL_CACHE_DIR.startsWith(`${NVME_MOUNT_PATH}/0/`)).toBe(true);
    expect(infra.target.nodeModelCachePath).toBe(NODE_MODEL_CACHE_DIR);
  });

  it("tags subnets for load balancer discovery: public elb, private internal-elb, all shared with the cluster", () => {
    const subnets = all(s, "aws_subnet") as { tags: Record<string, string> }[];
    const pub = subnets.filter((sn) => sn.tags.Name.includes("-public-"));
    const priv = subnets.filter((sn) => sn.tags.Name.includes("-private-"));
    expect(pub.length).toBeGreaterThanOrEqual(2);
    expect(priv).toHaveLength(pub.length);
    for (const sn of pub) expect(sn.tags).toMatchObject({ "kubernetes.io/role/elb": "1", "kubernetes.io/cluster/deepseek-us-east-1": "shared" });
    for (const sn of priv) expect(sn.tags).toMatchObject({ "kubernetes.io/role/internal-elb": "1", "kubernetes.io/cluster/deepseek-us-east-1": "shared" });
    expect(pub.some((sn) => "kubernetes.io/role/internal-elb" in sn.tags)).toBe(false);
    expect(priv.some((sn) => "kubernetes.io/role/elb" in sn.tags)).toBe(false);
  });

  it("scopes the secrets reader's API-key grant to the placement's region and exposes its role", () => {
    const reader = all(s, "aws_iam_role_policy").find((p) => p.name === "serving-secrets-read")!;
    const resources = JSON.parse(String(reader.policy)).Statement[0].Resource as string[];
    const prefix = apiKeySecretPrefix(planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" }));
    expect(resources[1]).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\}:secretsmanager:us-east-1:\$\{data\.aws_caller_identity\.[^}]+\}:secret:/);
    expect(resources[1].endsWith(`:secret:${prefix}*`)).toBe(true);
    expect(resources[1]).toContain(":secretsmanager:us-east-1:");
    expect(String(reader.policy)).not.toContain("secretsmanager:*:");
    expect(infra.target.secretsReaderIdentity?.awsRoleArn).toMatch(/^\$\{TfToken\[/);
  });

  it("multi-node replica keeps its one explicit zone and requires it to offer the type", () => {
    expect(gpuNg(s).subnet_ids).toEqual([expect.stringMatching(/^\$\{aws_subnet\..*us-east-1a.*\.id\}$/)]);
    const d = offerings(s);
    expect(d.filter).toEqual([{ name: "instance-type", values: ["p5.48xlarge"] }, { name: "location", values: ["us-east-1a"] }]);
    expect(d.lifecycle.postcondition[0].condition).toBe('${alltrue([for z in ["us-east-1a"] : contains(self.locations, z)])}');
  });
});

describe("GPU zones the catalog does not list (guessed <region>a/b/c)", () => {
  let s: Synth;
  beforeAll(() => ({ parsed: s } = synthInfra({ model: "deepseek-r1-distill-llama-70b", hardware: "8xH100" })));

  it("keeps only the subnets whose zone offers the instance type", () => {
    expect(gpuNg(s).subnet_ids).toMatch(
      /^\$\{matchkeys\(\[aws_subnet\.[^,]*us-east-1a[^,]*\.id, aws_subnet\.[^,]*us-east-1b[^,]*\.id, aws_subnet\.[^\]]*us-east-1c[^\]]*\.id\], \["us-east-1a", "us-east-1b", "us-east-1c"\], data\.aws_ec2_instance_type_offerings\.[^.]+\.locations\)\}$/,
    );
  });

  it("fails plan only when no zone offers it, naming the instance type and region", () => {
    const d = offerings(s);
    expect(d.filter[1]).toEqual({ name: "location", values: ["us-east-1a", "us-east-1b", "us-east-1c"] });
    expect(d.lifecycle.postcondition).toEqual([{
      condition: "${length(self.locations) > 0}",
      error_message: "p5.48xlarge is offered in none of the GPU zones of us-east-1 (us-east-1a, us-east-1b, us-east-1c); plan the placement with zones that offer it, or another region.",
    }]);
  });

  it("the planner marks the zones for filtering, but not a pinned or a single zone", () => {
    const plan = (input: Partial<DeploymentInput>) => planDeployment({ model: "deepseek-r1-distill-llama-70b", hardware: "8xH100", cloud: "aws", region: "us-east-1", ...input });
    const subnets = ["a", "b", "c", "d"].map((z) => ({ subnetId: `subnet-${z}`, zone: `us-east-1${z}` }));
    expect(planGpuNodeGroup(plan({}), { clusterName: "c", subnets })).toMatchObject({ offeringCheck: "filter", subnetIds: ["subnet-a", "subnet-b", "subnet-c"], subnetZones: ["us-east-1a", "us-east-1b", "us-east-1c"] });
    expect(planGpuNodeGroup(plan({ zones: ["us-east-1b"] }), { clusterName: "c", subnets }).offeringCheck).toBe("require");
    expect(planGpuNodeGroup(plan({ capacity: { kind: "reservation", id: "cr-0abc1234", zone: "us-east-1d", nodes: 1 } }), { clusterName: "c", subnets }).offeringCheck).toBe("require");
    expect(planGpuNodeGroup(plan({}), { clusterName: "c", subnetIdsWithoutZones: ["subnet-a"] }).offeringCheck).toBe("require");
  });
});

describe("Capacity Block node group", () => {
  it("keeps its one explicit zone and may scale to 0 (replicas.min 0) for updates", () => {
    const { parsed } = synthInfra({ capacity: { kind: "capacity-block", id: "cr-0abc1234", zone: "us-east-1d", nodes: 2 }, replicas: { min: 0, max: 1 } });
    const ng = gpuNg(parsed);
    expect(ng.subnet_ids).toEqual([expect.stringMatching(/^\$\{aws_subnet\..*us-east-1d.*\.id\}$/)]);
    expect(ng.scaling_config).toEqual({ min_size: 0, max_size: 2, desired_size: 0 });
    expect(ng.update_config).toEqual({ max_unavailable: 2 });
    expect(ng.lifecycle).toMatchObject({ create_before_destroy: false });
    expect(offerings(parsed).lifecycle.postcondition[0].condition).toBe('${alltrue([for z in ["us-east-1d"] : contains(self.locations, z)])}');
  });
});
