import type { Cloud, FabricKind, GpuArchitecture, GpuName, ImageRef, Jurisdiction, KvCacheDtype, MoeBackend, ServingMode, WeightPrecision } from "../catalog";
import type { CapacityKind } from "./input";
import type { ProtectionPlan } from "./protection";
import type { SizingPlan } from "./plan-sizing";

/** Per-GPU memory budget, GiB. weights + runtimeReserve + kvCache + headroom = gpuMemory. */
export interface MemoryBudget {
  readonly gpuMemoryGiB: number;
  /** Model weights resident on one GPU (sharded by TP/EP/PP; attention replicated under attention DP). */
  readonly weightsGiB: number;
  /** CUDA context, NCCL buffers, CUDA graphs and activations for maxNumTokens. */
  readonly runtimeReserveGiB: number;
  /** Memory handed to the KV cache: kvCacheFreeMemoryFraction of what is left. */
  readonly kvCacheGiB: number;
  /** What TensorRT-LLM leaves free (1 - fraction of the remainder). */
  readonly headroomGiB: number;
}

export interface CapacityPlan {
  readonly kind: CapacityKind;
  /** Reservation / Capacity Block id, or GCP reservation name. */
  readonly id?: string;
  readonly block?: string;
  readonly zone?: string;
  /** Nodes reserved, when capacity is reserved. */
  readonly reservedNodes?: number;
  /** AWS: a cluster placement group for multi-node on-demand / reservation pools. */
  readonly placementGroup: boolean;
  /** GCP: COMPACT placement for multi-node pools. */
  readonly compactPlacement: boolean;
}

export interface FabricPlan {
  /** `none` when one replica fits on one node. */
  readonly kind: FabricKind | "none";
  /** EFA interfaces per node (AWS) or extra NICs per node (GCP). */
  readonly interfacesPerNode: number;
  readonly nominalGbps: number;
}

export interface ColdStartPlan {
  readonly checkpointGB: number;
  readonly stageThroughputMBps: number;
  readonly loadThroughputMBps: number;
  readonly warmupSeconds: number;
  /** Bucket to NVMe. */
  readonly stageSeconds: number;
  /** NVMe to GPU memory. */
  readonly loadSeconds: number;
  /** stage + load + warm-up. */
  readonly expectedSeconds: number;
  /** Startup probe budget: expected × 1.5 safety factor, rounded up to the probe period. */
  readonly startupBudgetSeconds: number;
  readonly probePeriodSeconds: number;
  readonly probeFailureThreshold: number;
}

/** The plain, fully decided deployment of one placement. No cdktf types inside. */
export interface DeploymentPlan {
  /** Stable id of the placement: `<cloud>-<region>`. */
  readonly id: string;
  /**
   * Prefix of the placement's cloud resource names (cluster, network, keys, buckets, roles,
   * secrets). `DeepSeekCluster` sets `<cluster id>-<placement name>` (see `resourcePrefixFor`).
   * @default `deepseek-<region>` on AWS, `ds-<region>` on GCP
   */
  readonly resourcePrefix?: string;
  /** Teardown decisions (`planProtection`). `DeepSeekCluster` sets them. @default protected */
  readonly protection?: ProtectionPlan;
  readonly model: string;
  readonly modelDisplayName: string;
  readonly modelKind: "moe" | "dense";
  readonly cloud: Cloud;
  readonly region: string;
  /** Zones GPU nodes may use. Multi-node pools use exactly one. */
  readonly zones: readonly string[];
  readonly jurisdiction?: Jurisdiction;
  readonly mode: ServingMode;
  readonly hardware: string;
  readonly gpu: GpuName;
  readonly gpuArchitecture: GpuArchitecture;
  readonly nodeType: string;
  readonly nodesPerReplica: number;
  readonly gpusPerNode: number;
  readonly gpusPerReplica: number;
  readonly tensorParallel: number;
  readonly expertParallel: number;
  readonly pipelineParallel: number;
  readonly attentionDataParallel: boolean;
  /** Hugging Face repository of the checkpoint served. */
  readonly checkpoint: string;
  /** Hugging Face revision staged: a commit hash pins the weights; "main" follows the branch. */
  readonly checkpointRevision: string;
  readonly checkpointSizeGB: number;
  readonly weightPrecision: WeightPrecision;
  readonly kvCacheDtype: KvCacheDtype;
  /** `null` for dense models. */
  readonly moeBackend: MoeBackend | null;
  readonly mtpLayers: number;
  readonly relaxedMtpAcceptance: boolean;
  readonly maxBatchSize: number;
  readonly maxNumTokens: number;
  /** Longest request, tokens (TRT-LLM max_seq_len). */
  readonly maxSeqLen: number;
  readonly chunkedPrefill: boolean;
  readonly kvCacheFreeMemoryFraction: number;
  readonly cudaGraphMaxBatchSize: number;
  /** Explicit CUDA-graph batch sizes, when the recipe lists them (null: every size up to cudaGraphMaxBatchSize). */
  readonly cudaGraphBatchSizes: readonly number[] | null;
  /** Attention-DP load balancing (`attention_dp_config`), as NVIDIA's attention-DP configs set it. */
  readonly attentionDpBalance: boolean;
  /** `moe_config.max_num_tokens` when the recipe chunks the MoE workspace; null otherwise. */
  readonly moeMaxNumTokens: number | null;
  readonly memory: MemoryBudget;
  /** Bytes of KV cache one token takes on one GPU. */
  readonly kvBytesPerTokenPerGpu: number;
  /** Tokens one sequence can hold (one rank's KV), and tokens one replica holds in all. */
  readonly kvCapacityTokens: { readonly perSequence: number; readonly perReplica: number };
  readonly replicas: { readonly min: number; readonly max: number };
  readonly nodes: { readonly min: number; readonly max: number };
  readonly gpus: { readonly min: number; readonly max: number };
  readonly capacity: CapacityPlan;
  readonly fabric: FabricPlan;
  readonly coldStart: ColdStartPlan;
  readonly image: ImageRef;
  /** Environment the recipe sets on the server. */
  readonly env: Readonly<Record<string, string>>;
  /** Fields the user set that differ from the computed default, as `field: default → value`. */
  readonly overridden: readonly string[];
  /** Things a reviewer should know that are not errors. */
  readonly warnings: readonly string[];
  /** Where the runtime defaults come from: repository, commit and path of NVIDIA's file. */
  readonly recipeSource: string;
  /** `trtllm-serve --reasoning_parser` (moves `<think>` text into `reasoning_content`); null: none. */
  readonly reasoningParser: string | null;
  /** `trtllm-serve --tool_parser` (OpenAI tool calls); null: none. */
  readonly toolParser: string | null;
  /** `guided_decoding_backend` for structured output (`response_format`). */
  readonly guidedDecodingBackend: string | null;
  /** The recipe's catalog key, `<GPU>/<precision>/<mode>` (`dense` for the distills). */
  readonly recipeId: string;
  /** When the replicas (and the mode, unless set) were sized from a throughput target: the decision and its arithmetic (lib/plan/plan-sizing.ts). */
  readonly sizing?: SizingPlan;
}
