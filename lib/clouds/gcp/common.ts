import { isDeploymentPlan } from "../../plan/plan-shape";
import { z } from "zod";
import type { DeploymentPlan } from "../../plan/plan";
import type { TerraformProvider } from "../../internal/tf";

/** A DeploymentPlan for cloud "gcp". */
export const gcpPlanSchema = z.custom<DeploymentPlan>(
  (v) => isDeploymentPlan(v) && v.cloud === "gcp",
  "must be a DeploymentPlan for cloud \"gcp\"; plan it with planDeployment({ cloud: \"gcp\", ... })",
);
export const providerSchema = z.custom<TerraformProvider>((v) => v === undefined || (typeof v === "object" && v !== null)).optional();
