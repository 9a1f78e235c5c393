import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { Testing } from "cdktf";
import { GpuNodePool, planDeployment } from "../../lib";

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
    const pool = Object.values(synth.resource[ContainerNodePool.tfResourceType])[0] as { node_config: { machine_type: string; guest_accelerator: { type: string; count: number }[] } };
    expect(pool.node_config.machine_type).toBe("a3-ultragpu-8g");
    expect(pool.node_config.guest_accelerator[0]).toMatchObject({ type: "nvidia-h200-141gb", count: 8 });
  });

  test("cloud settings must match the plan", () => {
    const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
    expect(() => Testing.synthScope((stack) => new GpuNodePool(stack, "gpus", { plan }))).toThrow("eks: is required for an AWS plan (your cluster, VPC and subnets) (got undefined); set eks: { clusterName, vpcId, subnetIds }");
  });
});
