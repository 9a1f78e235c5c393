// A consumer with its own VPC, EKS cluster and providers adds DeepSeek-R1 on 2x8xH100 to it:
// GpuNodePool in the consumer's infra stack, DeepSeekServing (operators, namespace, model staging,
// MultiNodeInference) in its serving stack. Imports only the package's public entry point.
// Run: npx tsx examples/consumer-eks/main.ts   (writes examples/consumer-eks/cdktf.out)
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack } from "cdktf";
import { ClusterProviders, ClusterTarget, DeepSeekServing, GpuNodePool, planDeployment } from "../../lib";

export function buildConsumerApp(outdir = `${__dirname}/cdktf.out`): App {
  const app = new App({ outdir });

  // The consumer's existing platform (ids would come from its own stacks or data sources).
  const platform = {
    clusterName: "platform-prod",
    vpcId: "vpc-0123456789abcdef0",
    gpuSubnet: { subnetId: "subnet-0aaaabbbbccccdddd", zone: "us-east-1a" },
    endpoint: "https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com",
    caCertificateBase64: "LS0tLS1CRUdJTi...",
  };

  const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1", zones: [platform.gpuSubnet.zone], replicas: { min: 1, max: 1 } });

  const infra = new TerraformStack(app, "consumer-gpu-pool");
  new AwsProvider(infra, "aws", { region: plan.region });
  new GpuNodePool(infra, "deepseek-gpus", {
    plan,
    eks: { clusterName: platform.clusterName, vpcId: platform.vpcId, subnets: [platform.gpuSubnet], nodeRoleArn: "arn:aws:iam::123456789012:role/platform-gpu-nodes" },
  });

  const target: ClusterTarget = {
    cloud: "aws", region: plan.region, clusterName: platform.clusterName, endpoint: platform.endpoint, caCertificateBase64: platform.caCertificateBase64,
    modelBucket: "platform-prod-models", workloadIdentity: { awsRoleArn: "arn:aws:iam::123456789012:role/deepseek-server" }, hfTokenSecretName: "platform/hf-token",
  };
  const serving = new TerraformStack(app, "consumer-serving");
  const { helm } = new ClusterProviders(serving, "cluster", { target });
  new DeepSeekServing(serving, "deepseek", { plan, target, provider: helm });
  return app;
}

if (require.main === module) buildConsumerApp().synth();
