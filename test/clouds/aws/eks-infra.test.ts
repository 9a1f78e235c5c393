import { EKS_ADDON_CONFIGURATION } from "../../../lib/clouds/aws/plan-aws-infra";
import { NODE_MODEL_CACHE_DIR, NVME_MOUNT_PATH, gpuNodeUserData } from "../../../lib/clouds/aws/plan-aws-gpu-nodes";
import { apiKeySecretPrefix, planDeployment } from "../../../lib/plan/index";
import { all, gpuNg, offerings, synthInfra, type Synth } from "./eks-synth";
import type { EksInfra } from "../../../lib/aws";

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
