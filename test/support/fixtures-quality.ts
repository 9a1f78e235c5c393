import { planDeployment } from "../../lib/plan/index";
import type { DeploymentPlan } from "../../lib/plan/index";
import type { ClusterTarget } from "../../lib/serving/cluster-target";

/** Shared valid plans and cluster targets for the quality gates (bad inputs, fuzzing). */
export const awsPlan: DeploymentPlan = planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
export const awsMultiPlan: DeploymentPlan = planDeployment({ model: "deepseek-r1-0528", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
export const gcpPlan: DeploymentPlan = planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });

export const awsTarget: ClusterTarget = {
  cloud: "aws", region: "us-east-2", clusterName: "deepseek-us-east-2", endpoint: "https://example.eks.amazonaws.com",
  caCertificateBase64: "Q0E=", modelBucket: "models-bucket", workloadIdentity: { awsRoleArn: "arn:aws:iam::123456789012:role/server" },
  hfTokenSecretName: "hf-token",
};
export const awsMultiTarget: ClusterTarget = { ...awsTarget, region: "us-east-1", clusterName: "deepseek-us-east-1" };
export const gcpTarget: ClusterTarget = {
  cloud: "gcp", region: "europe-west4", project: "my-proj", clusterName: "ds-europe-west4", endpoint: "https://10.0.0.2",
  caCertificateBase64: "Q0E=", modelBucket: "my-proj-models", workloadIdentity: { gcpServiceAccountEmail: "server@my-proj.iam.gserviceaccount.com" },
  hfTokenSecretName: "hf-token",
};
