import { z } from "zod";
import { INT32_MAX, MAX_GPUS_PER_NODE, MAX_NODES_PER_REPLICA, MAX_POOL_NODES } from "../catalog/limits";
import { DeepSeekConfigError } from "../errors";
import type { DeploymentPlan } from "./plan";

// Every count a plan carries ends in an int32 field somewhere (Kubernetes, EKS, GKE), and none
// may be NaN, infinite, negative or fractional; node and GPU counts have the catalog's maxima.
const count = z.number().int().min(0).max(INT32_MAX);
const poolNodes = Math.max(...Object.values(MAX_POOL_NODES));
const bounded = (max: number) => z.object({ min: z.number().int().min(0).max(max), max: z.number().int().min(0).max(max) }).loose()
  .refine((r) => r.min <= r.max, "min is above max; plan it with planDeployment");
const perReplica = (max: number) => z.number().int().min(1).max(max);
const numbers = (...keys: string[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().min(0).max(INT32_MAX)]))).loose();
/**
 * A cold start's durations, seconds. Emitters add them up (Helm timeouts, progress deadlines) into
 * int32 fields, so each is bounded by what the planner can produce with room to spare: a week
 * (the slowest plannable cold start, a ~1.4 TB checkpoint at the 50 MB/s floor plus a 2-hour
 * warm-up, is under a day).
 */
const COLD_START_MAX_SECONDS = 604_800;
const seconds = (...keys: string[]) => Object.fromEntries(keys.map((k) => [k, z.number().min(0).max(COLD_START_MAX_SECONDS)]));

/**
 * The structure every consumer of a DeploymentPlan reads. Plans come from `planDeployment`, but a
 * consumer may hand over one they built, edited or loaded from JSON: this keeps a malformed one
 * from failing deep inside a planner with a TypeError instead of a refusal naming `plan`.
 */
const planShape = z.object({
  id: z.string().min(1), model: z.string().min(1), cloud: z.enum(["aws", "gcp"]), region: z.string().min(1), zones: z.array(z.string()).min(1),
  mode: z.string(), hardware: z.string(), gpu: z.string(), nodeType: z.string().min(1),
  nodesPerReplica: perReplica(MAX_NODES_PER_REPLICA), gpusPerNode: perReplica(MAX_GPUS_PER_NODE), gpusPerReplica: perReplica(MAX_NODES_PER_REPLICA * MAX_GPUS_PER_NODE),
  tensorParallel: perReplica(MAX_NODES_PER_REPLICA * MAX_GPUS_PER_NODE), expertParallel: perReplica(MAX_NODES_PER_REPLICA * MAX_GPUS_PER_NODE),
  pipelineParallel: perReplica(MAX_NODES_PER_REPLICA * MAX_GPUS_PER_NODE), attentionDataParallel: z.boolean(),
  checkpoint: z.string().min(1), checkpointRevision: z.string(), checkpointSizeGB: z.number().positive().max(INT32_MAX), weightPrecision: z.string(), kvCacheDtype: z.string(),
  mtpLayers: count, maxBatchSize: count, maxNumTokens: count, maxSeqLen: count, kvCacheFreeMemoryFraction: z.number().gt(0).max(1), cudaGraphMaxBatchSize: count,
  memory: numbers("gpuMemoryGiB", "weightsGiB", "runtimeReserveGiB", "kvCacheGiB"),
  kvCapacityTokens: numbers("perSequence", "perReplica"),
  replicas: bounded(poolNodes), nodes: bounded(poolNodes), gpus: bounded(poolNodes * MAX_GPUS_PER_NODE),
  capacity: z.object({ kind: z.string(), placementGroup: z.boolean(), compactPlacement: z.boolean() }).loose(),
  fabric: z.object({ kind: z.string(), interfacesPerNode: count, nominalGbps: z.number().min(0).max(INT32_MAX) }).loose(),
  coldStart: numbers("checkpointGB", "stageThroughputMBps", "loadThroughputMBps", "probeFailureThreshold")
    .extend(seconds("warmupSeconds", "stageSeconds", "loadSeconds", "expectedSeconds", "startupBudgetSeconds", "probePeriodSeconds")),
  image: z.object({ repository: z.string().min(1), tag: z.string().min(1) }).loose(),
  env: z.record(z.string(), z.string()),
  overridden: z.array(z.string()), warnings: z.array(z.string()),
}).loose();

// Plans are usually shared by many constructs: each object is checked once, then frozen (deeply),
// so a plan edited after the check cannot reach an emitter: the edit throws (strict mode) or is
// ignored, and the checked values are the ones emitted.
const checked = new WeakSet<object>();

/** True when `value` has the structure of a DeploymentPlan (see planShape); freezes it if so. */
export function isDeploymentPlan(value: unknown): value is DeploymentPlan {
  if (typeof value !== "object" || value === null) return false;
  if (checked.has(value)) return true;
  if (!planShape.safeParse(value).success) return false;
  deepFreeze(value);
  checked.add(value);
  return true;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/** The first field a malformed plan gets wrong, for the refusal message. */
function firstProblem(value: unknown): string {
  if (typeof value !== "object" || value === null) return "it is not an object";
  const issue = planShape.safeParse(value).error?.issues[0];
  if (!issue) return "";
  const at = issue.path.reduce<unknown>((v, k) => (typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[k] : undefined), value);
  return `${issue.path.join(".") || "(root)"} is ${at === undefined ? "missing" : "malformed"}`;
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
