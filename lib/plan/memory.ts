import { Checkpoint, KV_DTYPE_BYTES, KvCacheDtype, ModelSpec, MoeParams, weightGB } from "../catalog";
import type { MemoryBudget } from "./plan";

const GIB = 2 ** 30;
const GB = 1e9;

/**
 * CUDA context, NCCL communicators, all-reduce / MoE workspaces and CUDA-graph pools per GPU, GiB
 * [D: order of magnitude of TRT-LLM startup logs]. With the weight groups counted as attention DP
 * places them, this and the per-token activations reproduce NVIDIA's published "about 80 GB of
 * weights plus activations per B200 GPU" for R1-FP4 (docs/source/blogs/tech_blog/blog3; see
 * test/planner/memory.test.ts) within 10%, without being fitted to it.
 */
export const BASE_RUNTIME_RESERVE_GIB = 5;
/** Activation workspace per scheduled token, MiB [D: MoE gate/up/act buffers for 8 experts + MLA q + logits ≈ 0.7 MB]. */
export const ACTIVATION_MIB_PER_TOKEN = 0.75;

export interface MemoryInputs {
  readonly model: ModelSpec;
  readonly weightsGB: number;
  /** The checkpoint served: its bytes per weight group place MoE weights per GPU. */
  readonly checkpoint?: Checkpoint;
  readonly gpuMemoryGiB: number;
  readonly gpusPerReplica: number;
  readonly pipelineParallel: number;
  readonly attentionDataParallel: boolean;
  readonly mtpLayers: number;
  readonly maxNumTokens: number;
  readonly kvCacheFreeMemoryFraction: number;
  readonly kvCacheDtype: KvCacheDtype;
  readonly tensorParallel: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Weights one GPU holds, GB (10^9), by group. Routed experts are sharded over every GPU of the replica
 * (EP × MoE-TP). Without attention DP everything else is tensor-parallel too. With attention DP, every
 * rank holds the whole attention, the dense MLP layers, the shared experts (NVIDIA's DeepSeek-R1
 * throughput blog lists them as DP8), the router and the BF16 embedding / lm_head. Pipeline stages
 * split the layers. The MTP module (one layer, shared by all MTP steps) follows the same rules.
 */
export function weightsPerGpuGB(m: MemoryInputs): { total: number; replicated: number; sharded: number } {
  const arch = m.model.architecture;
  if (arch.kind !== "moe" || !m.checkpoint?.bytes) {
    const total = m.weightsGB / m.gpusPerReplica;
    return { total, replicated: 0, sharded: total };
  }
  const bytes = m.checkpoint.bytes;
  const place = (p: MoeParams) => {
    const routed = weightGB({ ...ZERO, routedExperts: p.routedExperts }, bytes) / m.gpusPerReplica;
    const rest = weightGB({ ...p, routedExperts: 0 }, bytes);
    return m.attentionDataParallel
      ? { sharded: routed, replicated: rest / m.pipelineParallel }
      : { sharded: routed + rest / m.gpusPerReplica, replicated: 0 };
  };
  const main = place(arch.params);
  const mtp = m.mtpLayers > 0 ? place(arch.mtpParams) : { sharded: 0, replicated: 0 };
  const sharded = main.sharded + mtp.sharded;
  const replicated = main.replicated + mtp.replicated;
  return { total: sharded + replicated, replicated, sharded };
}

const ZERO: MoeParams = { routedExperts: 0, attention: 0, denseMlp: 0, sharedExperts: 0, embeddings: 0, router: 0 };

/** Weights one GPU holds, GiB. */
export function weightsPerGpuGiB(m: MemoryInputs): number {
  return (weightsPerGpuGB(m).total * GB) / GIB;
}

export function runtimeReserveGiB(maxNumTokens: number): number {
  return BASE_RUNTIME_RESERVE_GIB + (maxNumTokens * ACTIVATION_MIB_PER_TOKEN) / 1024;
}

/**
 * Bytes of KV cache one token takes on one GPU.
 * MoE (MLA): one 576-value latent per layer, replicated on every attention rank; layers split by PP.
 * Dense (GQA): K and V for kvHeads × headDim per layer, heads split by TP (at least one head per rank).
 */
export function kvBytesPerTokenPerGpu(m: MemoryInputs): number {
  const arch = m.model.architecture;
  const bytes = KV_DTYPE_BYTES[m.kvCacheDtype];
  if (arch.kind === "moe") {
    const layers = Math.ceil((arch.layers + (m.mtpLayers > 0 ? arch.mtpLayers : 0)) / m.pipelineParallel);
    return (arch.kvValuesPerTokenPerLayer * bytes + arch.indexerBytesPerTokenPerLayer) * layers;
  }
  const layers = Math.ceil(arch.layers / m.pipelineParallel);
  const headsPerRank = Math.max(1, arch.kvHeads / m.tensorParallel);
  return 2 * headsPerRank * arch.headDim * layers * bytes;
}

export function memoryBudget(m: MemoryInputs): MemoryBudget {
  const weights = weightsPerGpuGiB(m);
  const reserve = runtimeReserveGiB(m.maxNumTokens);
  const free = m.gpuMemoryGiB - weights - reserve;
  const kv = Math.max(0, free) * m.kvCacheFreeMemoryFraction;
  return {
    gpuMemoryGiB: m.gpuMemoryGiB,
    weightsGiB: round2(weights),
    runtimeReserveGiB: round2(reserve),
    kvCacheGiB: round2(kv),
    headroomGiB: round2(m.gpuMemoryGiB - round2(weights) - round2(reserve) - round2(kv)),
  };
}

/** Tokens of KV one sequence can hold, and one replica holds in all. */
export function kvCapacity(m: MemoryInputs, budget: MemoryBudget): { perSequence: number; perReplica: number } {
  const perToken = kvBytesPerTokenPerGpu(m);
  const perRank = Math.floor((budget.kvCacheGiB * GIB) / perToken);
  // Attention DP: each rank caches only its own requests, so the replica holds TP times more.
  const ranksHoldingDistinctTokens = m.attentionDataParallel ? m.tensorParallel : 1;
  return { perSequence: perRank, perReplica: perRank * ranksHoldingDistinctTokens };
}
