import { asWritten, type PathOf } from "../../plan/refusal-paths";
import { requirePlan } from "../../plan/plan-shape";
import { DeepSeekConfigError } from "../../errors";
import type { DeploymentPlan } from "../../plan/plan";

// Small pure pieces shared by the AWS plans (infra and GPU node group).

export interface SubnetRef {
  readonly subnetId: string;
  readonly zone: string;
}

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
