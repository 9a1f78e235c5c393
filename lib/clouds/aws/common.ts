import { deploymentPlanSchema } from "../../plan/plan-shape";
import { z } from "zod";
import type { TerraformProvider } from "../../internal/tf";

/** zod check for a DeploymentPlan passed as a prop (the planner already validated its content). */
export const planSchema = deploymentPlanSchema();
export const providerSchema = z.custom<TerraformProvider>((v) => v === undefined || (typeof v === "object" && v !== null), "is not a provider; pass an AwsProvider instance").optional();
export const subnetRefSchema = z.object({ subnetId: z.string().min(1), zone: z.string().min(1) }).strict();

/** Common tags for every resource a construct creates (decided in plan-aws-shared.ts). */
export { tagsFor } from "./plan-aws-shared";
