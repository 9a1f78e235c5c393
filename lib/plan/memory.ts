import { KV_DTYPE_BYTES, KvCacheDtype, ModelSpec } from "../catalog";
import type { MemoryBudget } from "./plan";

const GIB = 2 ** 30;
const GB = 1e9;

/** CUDA context, NCCL communicators and CUDA-graph pools per GPU, GiB [D: TRT-LLM startup logs, order of magnitude]. */
export const BASE_RUNTIME_RESERVE_GIB = 5;
/** Activation workspace per scheduled token, MiB [D: MoE gate/up/act buffers for 8 experts + MLA q + logits ≈ 0.7 MB]. */
export const ACTIVATION_MIB_PER_TOKEN = 0.75;

export interface MemoryInputs {
  readonly model: ModelSpec;
  readonly weightsGB: number;
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

/** Weights one GPU holds: the checkpoint sharded over all ranks, plus replicated attention under attention DP. */
export function weightsPerGpuGiB(m: MemoryInputs): number {
  const arch = m.model.architecture;
  let gb = m.weightsGB / m.gpusPerReplica;
  if (arch.kind === "moe") {
    if (m.attentionDataParallel) gb += arch.attentionWeightsGB * (1 - 1 / m.gpusPerReplica);
    if (m.mtpLayers > 0) gb += arch.mtpWeightsGB / m.gpusPerReplica;
  }
  return (gb * GB) / GIB;
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
    return arch.kvValuesPerTokenPerLayer * layers * bytes;
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
