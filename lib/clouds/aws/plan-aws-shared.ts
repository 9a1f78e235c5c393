import { asWritten, type PathOf } from "../../plan/refusal-paths";
import { requirePlan } from "../../plan/plan-shape";
import { DeepSeekConfigError } from "../../errors";
import type { DeploymentPlan } from "../../plan/plan";

// Small pure pieces shared by the AWS plans (infra and GPU node group).

export interface SubnetRef {
  readonly subnetId: string;
  readonly zone: string;
}

/** Managed policies a node needs, and no more (EKS UG "Amazon EKS node IAM role"). */
export const NODE_MANAGED_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"] as const;

/** `aws`, `aws-cn` or `aws-us-gov`, from the region name. */
export function awsPartition(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Refuses a plan that is not for AWS. */
export function requireAwsPlan(plan: DeploymentPlan, at: PathOf = asWritten): void {
  requirePlan(plan, at("plan"));
  if (plan.cloud !== "aws") {
    throw new DeepSeekConfigError(at("plan.cloud"), "is not \"aws\": the EKS constructs emit AWS resources only", plan.cloud, "plan the placement with cloud \"aws\", or use the GKE constructs for GCP");
  }
}

/** Common tags for every resource a construct creates (`Name` when given). */
export function tagsFor(clusterName: string, name?: string): Record<string, string> {
  // The EKS cluster; the cluster id and placement come from the provider's default_tags under DeepSeekCluster.
  return { "cdktf-deepseek/eks-cluster": clusterName, ...(name ? { Name: name } : {}) };
}
