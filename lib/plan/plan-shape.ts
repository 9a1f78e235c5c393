import { z } from "zod";
import { DeepSeekConfigError } from "../errors";
import type { DeploymentPlan } from "./plan";

const count = z.number().int().min(0);
const range = z.object({ min: count, max: count }).loose();
const numbers = (...keys: string[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()]))).loose();

/**
 * The structure every consumer of a DeploymentPlan reads. Plans come from `planDeployment`, but a
 * consumer may hand over one they built, edited or loaded from JSON: this keeps a malformed one
 * from failing deep inside a planner with a TypeError instead of a refusal naming `plan`.
 */
const planShape = z.object({
  id: z.string().min(1), model: z.string().min(1), cloud: z.enum(["aws", "gcp"]), region: z.string().min(1), zones: z.array(z.string()).min(1),
  mode: z.string(), hardware: z.string(), gpu: z.string(), nodeType: z.string().min(1),
  nodesPerReplica: z.number().int().min(1), gpusPerNode: z.number().int().min(1), gpusPerReplica: z.number().int().min(1),
  tensorParallel: z.number().int().min(1), expertParallel: z.number().int().min(1), pipelineParallel: z.number().int().min(1), attentionDataParallel: z.boolean(),
  checkpoint: z.string().min(1), checkpointRevision: z.string(), checkpointSizeGB: z.number(), weightPrecision: z.string(), kvCacheDtype: z.string(),
  mtpLayers: count, maxBatchSize: count, maxNumTokens: count, maxSeqLen: count, kvCacheFreeMemoryFraction: z.number(), cudaGraphMaxBatchSize: count,
  memory: numbers("gpuMemoryGiB", "weightsGiB", "runtimeReserveGiB", "kvCacheGiB"),
  kvCapacityTokens: numbers("perSequence", "perReplica"),
  replicas: range, nodes: range, gpus: range,
  capacity: z.object({ kind: z.string(), placementGroup: z.boolean(), compactPlacement: z.boolean() }).loose(),
  fabric: z.object({ kind: z.string(), interfacesPerNode: count, nominalGbps: z.number() }).loose(),
  coldStart: numbers("checkpointGB", "stageThroughputMBps", "loadThroughputMBps", "warmupSeconds", "stageSeconds", "loadSeconds", "expectedSeconds", "startupBudgetSeconds", "probePeriodSeconds", "probeFailureThreshold"),
  image: z.object({ repository: z.string().min(1), tag: z.string().min(1) }).loose(),
  env: z.record(z.string(), z.string()),
  overridden: z.array(z.string()), warnings: z.array(z.string()),
}).loose();

// Plans are usually shared by many constructs: check each object once.
const checked = new WeakSet<object>();

/** True when `value` has the structure of a DeploymentPlan (see planShape). */
export function isDeploymentPlan(value: unknown): value is DeploymentPlan {
  if (typeof value !== "object" || value === null) return false;
  if (checked.has(value)) return true;
  if (!planShape.safeParse(value).success) return false;
  checked.add(value);
  return true;
}

/** The first field a malformed plan gets wrong, for the refusal message. */
function firstProblem(value: unknown): string {
  if (typeof value !== "object" || value === null) return "it is not an object";
  const issue = planShape.safeParse(value).error?.issues[0];
  return issue ? `${issue.path.join(".") || "(root)"} is ${issue.code === "invalid_type" && issue.input === undefined ? "missing" : "malformed"}` : "";
}

/** zod check for a plan passed in props; `message` names what it is for. */
export const deploymentPlanSchema = (message = "is not a DeploymentPlan; pass the result of planDeployment(...)") => z.custom<DeploymentPlan>(isDeploymentPlan, message);

/**
 * Refuses anything that is not a DeploymentPlan (optionally for `cloud`) before a planner reads
 * it. `path` is where the caller's plan sits in its input.
 */
export function requirePlan(plan: unknown, path = "plan", cloud?: "aws" | "gcp"): asserts plan is DeploymentPlan {
  if (!isDeploymentPlan(plan)) {
    throw new DeepSeekConfigError(path, `is not a DeploymentPlan (${firstProblem(plan)})`, plan, "pass the result of planDeployment(...)");
  }
  if (cloud && plan.cloud !== cloud) {
    throw new DeepSeekConfigError(`${path}.cloud`, `is not "${cloud}"`, plan.cloud, `plan the placement with cloud "${cloud}"`);
  }
}
