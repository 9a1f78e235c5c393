import { deploymentPlanSchema } from "../plan/plan-shape";
import { z } from "zod";
import { CLOUDS } from "../catalog";
import type { DeploymentPlan } from "../plan/plan";
import { DeepSeekConfigError } from "../errors";
import { parseOrThrow } from "../validation";
import type { ClusterTarget } from "./cluster-target";
import { checkStagingInputs } from "./plan-checkpoint";
import { under } from "../plan/refusal-paths";
import { checkGpuNetworkNames } from "../fabric/plan-pod-fabric";

/** zod schema of a ClusterTarget (values may be Terraform tokens: they are strings). */
export const clusterTargetSchema = z.object({
  cloud: z.enum(CLOUDS),
  region: z.string().min(1),
  project: z.string().min(1).optional(),
  clusterName: z.string().min(1),
  endpoint: z.string().min(1),
  caCertificateBase64: z.string().min(1),
  modelBucket: z.string().min(1),
  workloadIdentity: z.object({ awsRoleArn: z.string().min(1).optional(), gcpServiceAccountEmail: z.string().min(1).optional() }).strict(),
  stagerIdentity: z.object({ awsRoleArn: z.string().min(1).optional(), gcpServiceAccountEmail: z.string().min(1).optional() }).strict().optional(),
  secretsReaderIdentity: z.object({ awsRoleArn: z.string().min(1).optional(), gcpServiceAccountEmail: z.string().min(1).optional() }).strict().optional(),
  hfTokenSecretName: z.string().min(1),
  nodeModelCachePath: z.string().regex(/^\//, "must be an absolute path; use a path such as /mnt/k8s-disks/0/deepseek-models").optional(),
  gpuNetworkNames: z.array(z.string().min(1)).min(1).optional(),
  placementDomainLabel: z.string().min(1).optional(),
}).strict().superRefine((t, ctx) => {
  if (t.cloud === "gcp" && !t.project) ctx.addIssue({ code: "custom", path: ["project"], message: "is required on GCP; set target.project to the cluster's project id" });
  if (t.cloud === "gcp" && !t.workloadIdentity.gcpServiceAccountEmail) {
    ctx.addIssue({ code: "custom", path: ["workloadIdentity", "gcpServiceAccountEmail"], message: "is required on GCP; set it to the Google service account Workload Identity binds to the serving pods" });
  }
});

/** A DeploymentPlan from planDeployment (checked by shape, not re-planned). */
export const planSchema = deploymentPlanSchema();

export const servingPropsShape = {
  plan: planSchema,
  target: clusterTargetSchema,
  provider: z.any().optional(),
  dependsOn: z.array(z.any()).optional(),
};

const k8sObjectSchema = z.object({ apiVersion: z.string().min(1), kind: z.string().min(1), metadata: z.object({ name: z.string().min(1) }).loose() }).loose();

/** A DrainPlan from planDrain (checked by shape). */
export const drainPlanSchema = z.object({
  requestTimeoutSeconds: z.number().int().min(1), endpointRemovalSeconds: z.number().int().min(0), drainBudgetSeconds: z.number().int().min(1),
  shutdownSeconds: z.number().int().min(0), terminationGracePeriodSeconds: z.number().int().min(1),
}).strict().refine((d) => d.terminationGracePeriodSeconds >= d.endpointRemovalSeconds + d.requestTimeoutSeconds + d.shutdownSeconds, "has a grace period shorter than endpoint removal + request timeout + shutdown; pass the result of planDrain(plan, requestTimeoutSeconds)");

/** The server workload also takes the drain decided with the gateway's request timeout. */
export const inferencePropsShape = { ...servingPropsShape, drain: drainPlanSchema.optional() };

/** DeepSeekServing also takes cluster objects from the infra stack. */
export const deepSeekServingPropsShape = { ...inferencePropsShape, clusterObjects: z.array(k8sObjectSchema).optional() };

/** Validates props and checks the plan and target agree on the cloud. */
export function parseServingProps<T extends { plan: DeploymentPlan; target: ClusterTarget }>(schema: z.ZodType, props: T, id: string): T {
  parseOrThrow(schema, props, id);
  if (props.plan.cloud !== props.target.cloud) {
    throw new DeepSeekConfigError(`${id}.target.cloud`, `does not match the plan's cloud "${props.plan.cloud}"`, props.target.cloud, `use a ${props.plan.cloud} cluster, or plan the deployment with cloud "${props.target.cloud}"`);
  }
  checkGpuNetworkNames(props.plan, props.target.gpuNetworkNames, `${id}.target.gpuNetworkNames`);
  // The values staging scripts read (checkpoint, revision, bucket) must be what they claim to be.
  checkStagingInputs(props.plan, props.target, under(id));
  return props;
}
