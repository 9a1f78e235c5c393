import "../support/cdktf-matchers";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { Testing } from "cdktf";
import { GpuNodePool, planDeployment } from "../../lib";
import { DeepSeekConfigError } from "../../lib/errors";
import { planGkeNodePool } from "../../lib/clouds/gcp/plan-gke-node-pool";

describe("GpuNodePool", () => {
  test("an AWS plan becomes an EKS managed node group in the consumer's cluster", () => {
    const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
    const synth = Testing.synthScope((stack) => {
      new GpuNodePool(stack, "gpus", { plan, eks: { clusterName: "their-cluster", vpcId: "vpc-123", subnetIds: ["subnet-a"], nodeRoleArn: "arn:aws:iam::123456789012:role/nodes" } });
    });
    expect(synth).toHaveResourceWithProperties(EksNodeGroup, { cluster_name: "their-cluster", ami_type: "AL2023_x86_64_NVIDIA", subnet_ids: ["subnet-a"] });
  });

  test("a GCP plan becomes a GKE node pool with the plan's accelerators", () => {
    const plan = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });
    const nets = Array.from({ length: 9 }, (_, i) => ({ network: `net-${i}`, subnetwork: `sub-${i}` }));
    const synth = JSON.parse(Testing.synthScope((stack) => {
      new GpuNodePool(stack, "gpus", { plan, gke: { cluster: "projects/p/locations/europe-west4/clusters/theirs", additionalNodeNetworks: nets } });
    }));
    const pool = Object.values(synth.resource[ContainerNodePool.tfResourceType])[0] as { node_config: { machine_type: string; guest_accelerator: { type: string;
      count: number }[] } };
    expect(pool.node_config.machine_type).toBe("a3-ultragpu-8g");
    expect(pool.node_config.guest_accelerator[0]).toMatchObject({ type: "nvidia-h200-141gb", count: 8 });
  });

  test("cloud settings must match the plan", () => {
    const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
    expect(() => Testing.synthScope((stack) => new GpuNodePool(stack, "gpus", { plan }))).toThrow("gpus.eks: is required for an AWS plan (your cluster, VPC and subnets) (got undefined); set eks: { clusterName, vpcId, subnetIds }");
  });
});

describe("GpuNodePool props validation: exact DeepSeekConfigError, never a TypeError", () => {
  const aws = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
  const gcp = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });
  const eks = { clusterName: "c", vpcId: "vpc-1", subnetIds: ["subnet-a"] };
  const build = (props: unknown) => () => Testing.synthScope((stack) => { new GpuNodePool(stack, "gpus", props as never); });

  it.each<[string, unknown, string]>([
    ["plan null", { plan: null, eks }, "gpus.plan: must be a DeploymentPlan (got null); plan it with planDeployment({ model, hardware, cloud, region })"],
    ["plan missing", { eks }, "gpus.plan: must be a DeploymentPlan (got undefined); plan it with planDeployment({ model, hardware, cloud, region })"],
    ["plan of an unknown cloud", { plan: { cloud: "azure" }, eks }, 'gpus.plan: must be a DeploymentPlan (got {"cloud":"azure"}); plan it with planDeployment({ model, hardware, cloud, region })'],
    ["props null", null, "gpus: must be an object (got null); pass { plan, eks } or { plan, gke }"],
    ["eks not an object", { plan: aws, eks: "my-cluster" }, 'gpus.eks: must be an object (got "my-cluster"); set eks: { clusterName, vpcId, subnetIds }'],
    ["gke not an object", { plan: gcp, gke: 7 }, "gpus.gke: must be an object (got 7); set gke: { cluster, additionalNodeNetworks }"],
    ["unknown prop", { plan: aws, eks, nodes: 2 }, "gpus.nodes: is not a known field (got 2); remove it or check its spelling"],
    ["gke on an AWS plan", { plan: aws, eks, gke: {} }, 'gpus.gke: applies to GCP plans only (got {}); remove gke, or plan for cloud "gcp"'],
    ["eks on a GCP plan", { plan: gcp, gke: { cluster: "c", additionalNodeNetworks: [] }, eks }, 'gpus.eks: applies to AWS plans only (got {"clusterName":"c","vpcId":"vpc-1","subnetIds":["subnet-a"]}); remove eks, or plan for cloud "aws"'],
    ["gke missing on a GCP plan", { plan: gcp }, "gpus.gke: is required for a GCP plan (your cluster and extra networks) (got undefined); set gke: { cluster, additionalNodeNetworks }"],
    ["EKS pool error re-rooted under eks", { plan: aws, eks: { ...eks, rootVolumeGiB: 20 } }, "gpus.eks.rootVolumeGiB: is below the minimum of 100 (got 20); use a value of at least 100"],
    ["GKE planner error re-rooted under gke", { plan: gcp, gke: { cluster: "c", additionalNodeNetworks: [] } }, "gpus.gke.additionalNodeNetworks: a3-ultragpu-8g has 9 extra NICs; one network/subnetwork pair is needed per NIC (got 0); pass exactly 9 pairs (planGkeNetworks(plan, { project }).additionalNetworks gives them in NIC order)"],
  ])("%s", (_name, props, message) => {
    expect(build(props)).toThrow(DeepSeekConfigError);
    expect(build(props)).toThrow(message);
  });
});

describe("planGkeNodePool options are parsed (untyped callers get DeepSeekConfigError)", () => {
  const gcp = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });
  const call = (options: unknown) => () => planGkeNodePool(gcp, options as never);
  it.each<[string, unknown, string]>([
    // fuzz seed 520507: additionalNodeNetworks was a string and reached `.map`
    ["additionalNodeNetworks a string", { additionalNodeNetworks: "HC`5#8sO" }, 'additionalNodeNetworks: must be an array (got "HC`5#8sO"); pass an array'],
    ["compactPlacement a string", { compactPlacement: "yes" }, 'compactPlacement: must be a boolean (got "yes"); pass a boolean'],
    ["a network pair without subnetwork", { additionalNodeNetworks: [{ network: "n" }] }, "additionalNodeNetworks.0.subnetwork: is required (got undefined); set it to a string"],
    ["bootDiskSizeGb a string", { bootDiskSizeGb: "200" }, 'bootDiskSizeGb: must be a number (got "200"); pass a number'],
    ["unknown option", { nodes: 2 }, "nodes: is not a known field (got 2); remove it or check its spelling"],
  ])("%s", (_name, options, message) => {
    expect(call(options)).toThrow(DeepSeekConfigError);
    expect(call(options)).toThrow(message);
  });

  it("accepts planGkeNetworks' additionalNetworks as they are (extra keys dropped)", () => {
    const nets = Array.from({ length: 9 }, (_, i) => ({ network: `net-${i}`, subnetwork: `sub-${i}`, role: "gpu", mtu: 8896 }));
    expect(planGkeNodePool(gcp, { additionalNodeNetworks: nets }).additionalNodeNetworks[0]).toEqual({ network: "net-0", subnetwork: "sub-0" });
  });
});
