import { z } from "zod";
import { wholeNumber } from "../validation";
import { INT32_MAX } from "../catalog/limits";
import { CLOUDS, JURISDICTIONS, MODEL_NAMES, MOE_BACKENDS, SERVING_MODES, TRTLLM_IMAGES, WEIGHT_PRECISIONS, unservedModelFamily, unservedModelMessage } from "../catalog";

const count = (min: number) => z.number().int().min(min);
/**
 * Nodes of a reservation: EC2 CreateCapacityReservation's InstanceCount is an Integer (int32;
 * docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateCapacityReservation.html); one node
 * pool uses at most MAX_POOL_NODES of them, whatever the reservation holds.
 */
const reservedNodes = () => count(1).max(INT32_MAX);

/** Where GPU capacity comes from. Kinds are cloud-specific; the planner refuses a mismatch. */
export const capacitySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("on-demand") }).strict(),
  z.object({
    kind: z.literal("reservation"),
    /** AWS: On-Demand Capacity Reservation id (`cr-...`); GCP: reservation name. */
    id: z.string().min(1),
    /** The zone the reservation lives in. */
    zone: z.string().min(1),
    /** Nodes reserved. Caps the node pool's maximum. */
    nodes: reservedNodes(),
    /** GCP only: a reservation block inside the reservation. */
    block: z.string().min(1).optional(),
  }).strict(),
  z.object({ kind: z.literal("capacity-block"), id: z.string().regex(/^cr-[0-9a-f]+$/, "must look like cr-0123abcd; use the Capacity Block's reservation id"), zone: z.string().min(1), nodes: reservedNodes() }).strict(),
  z.object({ kind: z.literal("flex-start"), zone: z.string().min(1).optional() }).strict(),
  z.object({ kind: z.literal("queued"), zone: z.string().min(1).optional() }).strict(),
  z.object({ kind: z.literal("spot") }).strict(),
]);
export type CapacityInput = z.input<typeof capacitySchema>;
export const CAPACITY_KINDS = ["on-demand", "reservation", "capacity-block", "flex-start", "queued", "spot"] as const;
export type CapacityKind = (typeof CAPACITY_KINDS)[number];

/** Derived values a user may set explicitly; each is re-checked like a default. */
export const overridesSchema = z.object({
  nodeType: z.string().min(1).optional(),
  precision: z.enum(WEIGHT_PRECISIONS).optional(),
  tensorParallel: count(1).optional(),
  expertParallel: count(1).optional(),
  pipelineParallel: count(1).optional(),
  attentionDataParallel: z.boolean().optional(),
  kvCacheDtype: z.enum(["fp8", "bf16"]).optional(),
  moeBackend: z.enum(MOE_BACKENDS).optional(),
  mtpLayers: z.number().int().min(0).max(5).optional(),
  maxBatchSize: count(1).max(4096).optional(),
  maxNumTokens: count(64).max(262144).optional(),
  kvCacheFreeMemoryFraction: z.number().gt(0).max(0.98).optional(),
  /**
   * OpenAI tool calls (`trtllm-serve --tool_parser`). Default: on where the pinned image's parser names are
   * established (lib/catalog/trtllm-images.ts), off with a warning elsewhere; true refuses an image without them.
   */
  toolCalls: z.boolean().optional(),
}).strict();
export type PlanOverrides = z.input<typeof overridesSchema>;

export const imageSchema = z.object({
  repository: z.string().min(1).optional(),
  tag: z.string().regex(/^[\w][\w.-]{0,127}$/, "is not a valid image tag; use a tag such as 1.2.1").optional(),
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, "is not an image digest; use sha256: followed by 64 hex digits").optional(),
}).strict();

export const checkpointRevisionSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/, "is not a Hugging Face revision; use a commit hash (40 hex digits), a tag or a branch");

export const coldStartSchema = z.object({
  /** Sustained copy rate from the in-region bucket to node-local NVMe, MB/s. */
  stageThroughputMBps: z.number().min(50).max(100000).optional(),
  /** Rate at which the server reads weights from NVMe into GPU memory, MB/s. */
  loadThroughputMBps: z.number().min(50).max(100000).optional(),
  /** Engine warm-up after weights are resident (CUDA graphs, autotuning), seconds. */
  warmupSeconds: z.number().int().min(0).max(7200).optional(),
}).strict();

/**
 * A catalog model name. A name of a family the catalog knows but does not serve (DeepSeek-V4,
 * lib/catalog/unserved-models.ts) is refused with the reason and the TensorRT-LLM tag that would serve it.
 */
export const modelNameSchema = z.enum(MODEL_NAMES as [string, ...string[]], {
  error: (issue) => {
    const input = typeof issue.input === "string" ? issue.input : "";
    const family = unservedModelFamily(input);
    return family
      ? unservedModelMessage(family, Object.values(TRTLLM_IMAGES).map((i) => i.defaultTag), MODEL_NAMES)
      : undefined;
  },
});

export const deploymentInputSchema = z.object({
  model: modelNameSchema,
  /** `"8xB200"`, `"8xH200"`, `"2x8xH100"`, or `<nodes>x<gpus>x<GPU>`. */
  hardware: z.string().min(1),
  cloud: z.enum(CLOUDS),
  region: z.string().min(1),
  /** Zones for the GPU nodes; default: the capacity's zone, else the catalog's known zones. */
  zones: z.array(z.string().min(1)).min(1).optional(),
  /** Regions you have confirmed offer the node type, beyond the catalog's starting list. */
  additionalRegions: z.array(z.string().min(1)).optional(),
  jurisdiction: z.enum(JURISDICTIONS).optional(),
  mode: z.enum(SERVING_MODES).optional(),
  /** Longest request (prompt + output) in tokens. */
  // Bounded by the model's context window and the node pool's maximum (catalog): the planner quotes them.
  contextLength: wholeNumber().min(1).optional(),
  replicas: z.object({ min: wholeNumber().min(0), max: wholeNumber().min(1) }).strict().optional(),
  capacity: capacitySchema.optional(),
  image: imageSchema.optional(),
  /** Hugging Face revision of the checkpoint: a 40-hex commit pins the weights. @default "main" (not pinned) */
  checkpointRevision: checkpointRevisionSchema.optional(),
  coldStart: coldStartSchema.optional(),
  overrides: overridesSchema.optional(),
}).strict();

/** What `planDeployment` accepts. */
export type DeploymentInput = z.input<typeof deploymentInputSchema>;
export type ParsedDeploymentInput = z.output<typeof deploymentInputSchema>;
