import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EksGpuNodePool } from "../../../lib/clouds/aws/gpu-node-pool";
import { planEksGpuPool, type EksGpuPoolPlan } from "../../../lib/clouds/aws/plan-aws-gpu-nodes";
import { planEksInfra } from "../../../lib/clouds/aws/plan-aws-infra";
import { planDeployment } from "../../../lib/plan/index";
import { refusal } from "../../support/refusal";

/**
 * Issue 15: whether EksGpuNodePool creates its node role (with which managed policies, in which
 * partition) and whether it reads the cluster security group from the cluster or is handed it are
 * decided by the pool's plan; the construct's props only carry the given references. An emitter
 * that still fell back on its own (`clusterSecurityGroupId ?? lookup`) would ignore the edits below.
 */
type Json = Record<string, any>;
// Multi-node: the pool gets an EFA security group, so the cluster group is attached beside it.
const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
const subnets = [{ subnetId: "subnet-a", zone: "us-east-1a" }];
const synth = (pool: EksGpuPoolPlan, extra: Json = {}): Json => JSON.parse(Testing.synthScope((s) => {
  new AwsProvider(s, "aws", { region: "us-east-1" });
  new EksGpuNodePool(s, "gpu", { plan, pool, clusterName: "c", vpcId: "vpc-1", ...extra });
})) as Json;
const securityGroups = (out: Json): unknown[] => (Object.values(out.resource.aws_launch_template)[0] as Json).network_interfaces[0].security_groups;

describe("EksGpuNodePool: node role and cluster security group are the plan's", () => {
  test("planned: created role and looked-up group unless given; EksInfra's plan takes the control plane's", () => {
    const pool = planEksGpuPool(plan, { clusterName: "c", subnets });
    expect(pool.efaSecurityGroup).toBe(true);
    expect(pool.nodeRole).toEqual({ kind: "create", managedPolicies: ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"], partition: "aws" });
    expect(pool.clusterSecurityGroup).toBe("lookup");
    const given = planEksGpuPool(plan, { clusterName: "c", subnets, nodeRoleArn: "arn:aws:iam::1:role/n", clusterSecurityGroupId: "sg-1" });
    expect([given.nodeRole, given.clusterSecurityGroup]).toEqual([{ kind: "given" }, "given"]);
    const infra = planEksInfra(plan).gpuNodeGroup;
    expect([infra.nodeRole, infra.clusterSecurityGroup]).toEqual([{ kind: "given" }, "given"]);
    const out = synth(pool);
    expect(Object.keys(out.data.aws_eks_cluster)).toHaveLength(1);
    expect(securityGroups(out)[0]).toMatch(/data\.aws_eks_cluster\.[^.]+\.vpc_config\[0\]\.cluster_security_group_id/);
  });

  test("an edited plan is written as edited: policies and partition of the created role; given role and group used, nothing looked up", () => {
    const pool = planEksGpuPool(plan, { clusterName: "c", subnets });
    const planted = synth({ ...pool, nodeRole: { kind: "create", managedPolicies: ["PlantedPolicy"], partition: "aws-planted" } });
    expect(Object.values(planted.resource.aws_iam_role_policy_attachment).map((a) => (a as Json).policy_arn)).toEqual(["arn:aws-planted:iam::aws:policy/PlantedPolicy"]);
    const given = synth({ ...pool, nodeRole: { kind: "given" }, clusterSecurityGroup: "given" }, { nodeRoleArn: "arn:aws:iam::1:role/n", clusterSecurityGroupId: "sg-given" });
    expect(given.data?.aws_eks_cluster).toBeUndefined();
    expect(given.resource.aws_iam_role).toBeUndefined();
    expect(securityGroups(given)[0]).toBe("sg-given");
    expect((Object.values(given.resource.aws_eks_node_group)[0] as Json).node_role_arn).toBe("arn:aws:iam::1:role/n");
  });

  test("a reference the plan does not take, or a missing one it expects, is refused at the prop; fromOptions plans with it", () => {
    const pool = planEksGpuPool(plan, { clusterName: "c", subnets });
    expect(refusal(() => synth(pool, { clusterSecurityGroupId: "sg-1" })).message).toMatch(/^gpu\.clusterSecurityGroupId: is decided in the pool's plan.*planEksGpuPool\(plan, \{ clusterSecurityGroupId \}\)/);
    expect(refusal(() => synth(pool, { nodeRoleArn: "arn:aws:iam::1:role/n" })).path).toBe("gpu.nodeRoleArn");
    expect(refusal(() => synth({ ...pool, clusterSecurityGroup: "given" })).message).toMatch(/^gpu\.clusterSecurityGroupId: is missing: the pool's plan says it is given/);
    const { nodeRole: _dropped, ...old } = pool;
    void _dropped;
    expect(refusal(() => synth(old as never)).message).toMatch(/planEksGpuPool\(plan, options\)/);
    const out = JSON.parse(Testing.synthScope((s) => {
      new AwsProvider(s, "aws", { region: "us-east-1" });
      EksGpuNodePool.fromOptions(s, "gpu", { plan, clusterName: "c", vpcId: "vpc-1", subnets, clusterSecurityGroupId: "sg-opt" });
    })) as Json;
    expect(securityGroups(out)[0]).toBe("sg-opt");
    expect(out.data?.aws_eks_cluster).toBeUndefined();
  });
});
