import { z } from "zod";
import type { DeploymentPlan } from "../planner/plan";
import type { TerraformProvider } from "../internal/tf";

/** A DeploymentPlan for cloud "gcp" (checked shallowly; the planners check the rest). */
export const gcpPlanSchema = z.custom<DeploymentPlan>(
  (v) => typeof v === "object" && v !== null && (v as { cloud?: unknown }).cloud === "gcp" && typeof (v as { nodeType?: unknown }).nodeType === "string",
  "must be a DeploymentPlan for cloud \"gcp\"; plan it with planDeployment({ cloud: \"gcp\", ... })",
);
export const providerSchema = z.custom<TerraformProvider>((v) => v === undefined || (typeof v === "object" && v !== null)).optional();
