import "../../support/cdktf-matchers";
import "cdktf/lib/testing/adapters/jest";
import { TerraformStack, Testing } from "cdktf";
import { EksGpuNodePool, EksInfra } from "../../../lib/aws";
import {
  AwsProvider, DataAwsEc2InstanceTypeOfferings, EksAddon, EksCluster, EksNodeGroup, EksPodIdentityAssociation, LaunchTemplate, PlacementGroup,
  S3BucketPolicy, S3BucketPublicAccessBlock, S3BucketServerSideEncryptionConfigurationA, SecretsmanagerSecret,
} from "../../../lib/internal/providers/aws";
import { planDeployment } from "../../../lib/plan/index";
import type { DeploymentInput } from "../../../lib/plan/index";

type Synth = { resource: Record<string, Record<string, Record<string, unknown>>>; data?: Record<string, Record<string, Record<string, unknown>>> };

function synthInfra(input: Partial<DeploymentInput>, props: Record<string, unknown> = {}): { json: string; parsed: Synth; infra: EksInfra } {
  const stack = new TerraformStack(Testing.app(), "infra");
  new AwsProvider(stack, "aws", { region: (input.region as string) ?? "us-east-1" });
  const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1", ...input });
  const infra = EksInfra.fromOptions(stack, "eks", { plan, ...props });
  const json = Testing.synth(stack, true);
  return { json, parsed: JSON.parse(json) as Synth, infra };
}
const all = (s: Synth, type: string) => Object.values(s.resource[type] ?? {});
const gpuLt = (s: Synth) => all(s, "aws_launch_template").find((lt) => /-gpu-$/.test(String(lt.name_prefix)))!;
const gpuNg = (s: Synth) => all(s, "aws_eks_node_group").find((ng) => ng.ami_type === "AL2023_x86_64_NVIDIA")!;

describe("EksInfra, 2x8xH100 on-demand (p5.48xlarge)", () => {
  let json: string;
  let s: Synth;
  let infra: EksInfra;
  beforeAll(() => ({ json, parsed: s, infra } = synthInfra({}, { adminPrincipalArns: ["arn:aws:iam::123456789012:role/admin"] })));

  it("has a private endpoint, KMS secrets encryption, API auth and a pinned version", () => {
    expect(json).toHaveResourceWithProperties(EksCluster, {
      version: "1.35",
      vpc_config: expect.objectContaining({ endpoint_private_access: true, endpoint_public_access: false }),
      access_config: { authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false },
      encryption_config: { provider: { key_arn: expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/) }, resources: ["secrets"] },
    });
    expect(all(s, "aws_kms_key").every((k) => k.enable_key_rotation === true)).toBe(true);
    expect(all(s, "aws_eks_access_policy_association")[0]).toMatchObject({ policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope: { type: "cluster" } });
  });

  it("installs the core add-ons", () => {
    for (const addon of ["vpc-cni", "coredns", "kube-proxy", "eks-pod-identity-agent"]) expect(json).toHaveResourceWithProperties(EksAddon, { addon_name: addon });
  });

  it("GPU launch template: IMDSv2, encrypted root volume, RAID0 user data", () => {
    const lt = gpuLt(s);
    expect(lt.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
    expect(lt.block_device_mappings).toEqual([{ device_name: "/dev/xvda", ebs: { volume_size: 200, volume_type: "gp3", encrypted: "true", delete_on_termination: "true" } }]);
    expect(Buffer.from(String(lt.user_data), "base64").toString()).toContain("strategy: RAID0");
  });

  it("GPU launch template carries 32 EFA interfaces, first efa then efa-only, no subnet", () => {
    const nics = gpuLt(s).network_interfaces as Record<string, unknown>[];
    expect(nics).toHaveLength(32);
    expect(nics[0]).toMatchObject({ network_card_index: 0, device_index: 0, interface_type: "efa" });
    expect(nics.slice(1).every((n) => n.interface_type === "efa-only")).toBe(true);
    expect(nics.map((n) => n.network_card_index)).toEqual([...Array(32).keys()]);
    expect(nics.some((n) => "subnet_id" in n)).toBe(false);
    expect(nics[0].security_groups).toHaveLength(2);
  });

  it("EFA security group allows all traffic to itself only; no ingress from 0.0.0.0/0 anywhere", () => {
    const ingress = all(s, "aws_vpc_security_group_ingress_rule");
    expect(ingress).toHaveLength(1);
    expect(ingress[0]).toMatchObject({ ip_protocol: "-1", referenced_security_group_id: expect.stringMatching(/aws_security_group\..+\.id/) });
    expect(json).not.toMatch(/"cidr_ipv4":\s*"0\.0\.0\.0\/0"/);
    expect(all(s, "aws_security_group").every((sg) => !("ingress" in sg))).toBe(true);
  });

  it("GPU node group: NVIDIA AMI, whole-replica bounds, autoscaler owns desired size, taint and label", () => {
    expect(json).toHaveResourceWithProperties(EksNodeGroup, {
      ami_type: "AL2023_x86_64_NVIDIA",
      capacity_type: "ON_DEMAND",
      instance_types: ["p5.48xlarge"],
      scaling_config: { min_size: 2, max_size: 4, desired_size: 2 },
      taint: [{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
      labels: { "cdktf-deepseek.io/pool": "gpu" },
      lifecycle: expect.objectContaining({ ignore_changes: ["scaling_config[0].desired_size"] }),
    });
    expect(gpuNg(s).subnet_ids).toHaveLength(1);
  });

  it("creates a cluster placement group and checks the zone offers the instance type", () => {
    expect(json).toHaveResourceWithProperties(PlacementGroup, { strategy: "cluster" });
    expect(gpuLt(s).placement).toEqual({ group_name: expect.stringMatching(/aws_placement_group/) });
    expect(json).toHaveDataSourceWithProperties(DataAwsEc2InstanceTypeOfferings, {
      location_type: "availability-zone",
      filter: [{ name: "instance-type", values: ["p5.48xlarge"] }, { name: "location", values: ["us-east-1a"] }],
    });
  });

  it("model bucket: public access blocked, SSE-KMS, TLS-only policy", () => {
    expect(json).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { block_public_acls: true, block_public_policy: true, ignore_public_acls: true,
      restrict_public_buckets: true });
    expect(json).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [expect.objectContaining({ apply_server_side_encryption_by_default: expect.objectContaining({ sse_algorithm: "aws:kms" }) })],
    });
    // Both buckets (models and their access logs) refuse plain HTTP.
    const policies = all(s, "aws_s3_bucket_policy").map((p) => JSON.parse(String(p.policy)));
    expect(policies).toHaveLength(2);
    for (const policy of policies) expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
    expect(json).toHaveResource(S3BucketPolicy);
  });

  it("pod identity: server reads the bucket only, stager writes it and reads the HF token; secret has no value", () => {
    expect(json).toHaveResourceWithProperties(EksPodIdentityAssociation, { namespace: "deepseek", service_account: "trtllm-server" });
    expect(json).toHaveResourceWithProperties(EksPodIdentityAssociation, { namespace: "deepseek", service_account: "model-stager" });
    const policies = all(s, "aws_iam_role_policy").map((p) => ({ name: p.name, doc: JSON.parse(String(p.policy)) }));
    const server = policies.find((p) => p.name === "model-bucket-read")!.doc;
    const actions = server.Statement.flatMap((st: { Action: string[] }) => st.Action);
    expect(actions).not.toContain("s3:PutObject");
    expect(actions.some((a: string) => a.startsWith("secretsmanager:"))).toBe(false);
    const stager = policies.find((p) => p.name === "model-bucket-stage")!.doc;
    expect(stager.Statement.flatMap((st: { Action: string[] }) => st.Action)).toEqual(expect.arrayContaining(["s3:PutObject"]));
    // The token reaches the stager through External Secrets; the stager's role cannot read secrets.
    expect(stager.Statement.flatMap((st: { Action: string[] }) => st.Action).some((a: string) => a.startsWith("secretsmanager:"))).toBe(false);
    expect(json).toHaveResourceWithProperties(SecretsmanagerSecret, { name: "deepseek-us-east-1/hf-token" });
    expect(s.resource.aws_secretsmanager_secret_version).toBeUndefined();
  });

  it("exposes a ClusterTarget for the serving stack", () => {
    expect(infra.target.cloud).toBe("aws");
    expect(infra.target.region).toBe("us-east-1");
    for (const v of [infra.target.clusterName, infra.target.endpoint, infra.target.caCertificateBase64, infra.target.modelBucket, infra.target.workloadIdentity.awsRoleArn]) {
      expect(v).toMatch(/\$\{TfToken\[/);
    }
  });
});

describe("EksInfra capacity kinds", () => {
  it("Capacity Block: CAPACITY_BLOCK, market type, single-zone subnets, no placement group", () => {
    const { json, parsed } = synthInfra({ capacity: { kind: "capacity-block", id: "cr-0abc1234", zone: "us-east-1d", nodes: 2 } });
    expect(json).toHaveResourceWithProperties(EksNodeGroup, { capacity_type: "CAPACITY_BLOCK" });
    const lt = gpuLt(parsed);
    expect(lt.instance_market_options).toEqual({ market_type: "capacity-block" });
    expect(lt.capacity_reservation_specification).toEqual({ capacity_reservation_target: { capacity_reservation_id: "cr-0abc1234" } });
    expect(lt.placement).toBeUndefined();
    expect(parsed.resource.aws_placement_group).toBeUndefined();
    const subnets = gpuNg(parsed).subnet_ids as string[];
    expect(subnets).toHaveLength(1);
    expect(subnets[0]).toContain("private-us-east-1d");
  });

  it("ODCR multi-node: reservation target and a placement group", () => {
    const { json, parsed } = synthInfra({ capacity: { kind: "reservation", id: "cr-0def5678", zone: "us-east-1b", nodes: 4 } });
    expect(json).toHaveResource(PlacementGroup);
    expect(json).toHaveResourceWithProperties(EksNodeGroup, { capacity_type: "ON_DEMAND", scaling_config: { min_size: 2, max_size: 4, desired_size: 2 } });
    expect(gpuLt(parsed).capacity_reservation_specification).toEqual({ capacity_reservation_target: { capacity_reservation_id: "cr-0def5678" } });
  });

  it("8xB200 (p6-b200) single node: no EFA interfaces, no EFA group, no placement group", () => {
    const { parsed } = synthInfra({ hardware: "8xB200" });
    expect(gpuNg(parsed).instance_types).toEqual(["p6-b200.48xlarge"]);
    expect(gpuLt(parsed).network_interfaces).toBeUndefined();
    expect(parsed.resource.aws_security_group).toBeUndefined();
    expect(parsed.resource.aws_placement_group).toBeUndefined();
  });

  it("8xH200 (p5en) in us-east-2 across the catalog zones", () => {
    const { parsed } = synthInfra({ hardware: "8xH200", region: "us-east-2" });
    expect(gpuNg(parsed).instance_types).toEqual(["p5en.48xlarge"]);
    // The catalog's three zones, kept only where EC2 offers the type (matchkeys on the offerings data source).
    expect(gpuNg(parsed).subnet_ids).toMatch(/^\$\{matchkeys\(\[aws_subnet\.[^,]+us-east-2a[^,]*\.id, aws_subnet\.[^,]+us-east-2b[^,]*\.id, aws_subnet\.[^\]]+us-east-2c[^\]]*\.id\], \["us-east-2a", "us-east-2b", "us-east-2c"\], data\.aws_ec2_instance_type_offerings\.[^.]+\.locations\)\}$/);
  });

  it("public endpoint only with an allow-list, and never 0.0.0.0/0", () => {
    const { json } = synthInfra({ hardware: "8xB200" }, { publicAccessCidrs: ["203.0.113.0/24"] });
    expect(json).toHaveResourceWithProperties(EksCluster, { vpc_config: expect.objectContaining({ endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] }) });
    expect(() => synthInfra({ hardware: "8xB200" }, { publicAccessCidrs: ["0.0.0.0/0"] })).toThrow(
      'publicAccessCidrs.0: opens the cluster API to the whole internet (got "0.0.0.0/0"); list the CIDRs of your networks (office, VPN, CI runners), or leave publicAccessCidrs unset for a private-only endpoint',
    );
  });
});

describe("EksGpuNodePool alone in a consumer stack", () => {
  const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
  it("uses the consumer's cluster, VPC and subnets, and creates its own node role", () => {
    const json = Testing.synthScope((scope) => {
      EksGpuNodePool.fromOptions(scope, "gpu", {
        plan, clusterName: "existing", vpcId: "vpc-123", clusterSecurityGroupId: "sg-cluster",
        subnets: [{ subnetId: "subnet-a", zone: "us-east-1a" }, { subnetId: "subnet-b", zone: "us-east-1b" }],
      });
    });
    expect(json).toHaveResourceWithProperties(EksNodeGroup, { cluster_name: "existing", subnet_ids: ["subnet-a"] });
    expect(json).toHaveResourceWithProperties(LaunchTemplate, { network_interfaces: expect.arrayContaining([expect.objectContaining({ security_groups: ["sg-cluster", expect.stringMatching(/aws_security_group/)] })]) });
    expect(JSON.parse(json).resource.aws_iam_role_policy_attachment).toBeDefined();
  });
  it("refuses subnets and subnetIds together", () => {
    expect(() => Testing.synthScope((scope) => {
      EksGpuNodePool.fromOptions(scope, "gpu", { plan, clusterName: "c", vpcId: "v", subnets: [{ subnetId: "a", zone: "us-east-1a" }], subnetIds: ["a"] });
    })).toThrow("gpu.subnets: set exactly one of subnets or subnetIds");
  });
});
