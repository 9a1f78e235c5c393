import { GpuName } from "./gpus";
import { WeightPrecision } from "./models";

export type ServingMode = "latency" | "throughput";
export const SERVING_MODES: readonly ServingMode[] = ["latency", "throughput"];

export type MoeBackend = "CUTLASS" | "TRTLLM" | "DEEPGEMM" | "WIDEEP";
export const MOE_BACKENDS: readonly MoeBackend[] = ["CUTLASS", "TRTLLM", "DEEPGEMM", "WIDEEP"];

/** NVIDIA's published TensorRT-LLM settings for DeepSeek-R1 on one GPU family, precision and goal. */
export interface RuntimeRecipe {
  /** Parallel layout per replica, as a function of the replica's GPU count. */
  readonly expertParallel: (gpusPerReplica: number) => number;
  readonly attentionDataParallel: boolean;
  readonly moeBackend: MoeBackend;
  readonly mtpLayers: number;
  readonly maxBatchSize: number;
  readonly maxNumTokens: number;
  readonly kvCacheFreeMemoryFraction: number;
  /** Largest batch captured in CUDA graphs. */
  readonly cudaGraphMaxBatchSize: number;
  /** Relaxed MTP acceptance for reasoning traces (latency recipes). */
  readonly relaxedMtpAcceptance: boolean;
  /** Extra environment the recipe sets. */
  readonly env: Readonly<Record<string, string>>;
  readonly source: string;
}

type RecipeKey = `${GpuName}/${WeightPrecision}/${ServingMode}`;

const BEST_PERF = "TRT-LLM docs/source/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md";

/** Single-node and multi-node DeepSeek-R1 recipes (facts §4.3, §4.4). */
export const RUNTIME_RECIPES: Partial<Record<RecipeKey, RuntimeRecipe>> = {
  "B200/nvfp4/latency": {
    expertParallel: () => 2, attentionDataParallel: false, moeBackend: "TRTLLM", mtpLayers: 3,
    maxBatchSize: 4, maxNumTokens: 32768, kvCacheFreeMemoryFraction: 0.75, cudaGraphMaxBatchSize: 4, relaxedMtpAcceptance: true,
    env: { TRTLLM_ENABLE_PDL: "1" },
    source: `${BEST_PERF} (TP8 EP2 MTP3, 274.72 tok/s/user); examples/configs/curated/deepseek-r1-latency.yaml`,
  },
  "B200/nvfp4/throughput": {
    expertParallel: (g) => g, attentionDataParallel: true, moeBackend: "CUTLASS", mtpLayers: 1,
    maxBatchSize: 896, maxNumTokens: 2048, kvCacheFreeMemoryFraction: 0.93, cudaGraphMaxBatchSize: 896, relaxedMtpAcceptance: false,
    env: {},
    source: `${BEST_PERF} (TP8 EP8 ADP, 5,393 tok/s/GPU); examples/configs/database nvidia/DeepSeek-R1-0528-FP4-v2/B200/1k1k_tp8_conc1024`,
  },
  "B200/fp8/latency": {
    expertParallel: (g) => g, attentionDataParallel: false, moeBackend: "DEEPGEMM", mtpLayers: 3,
    maxBatchSize: 1024, maxNumTokens: 8192, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 1024, relaxedMtpAcceptance: false,
    env: {},
    source: "TRT-LLM examples/models/core/deepseek_v3/README.md (B200 FP8 DEEPGEMM min-latency)",
  },
  "B200/fp8/throughput": {
    expertParallel: (g) => g, attentionDataParallel: true, moeBackend: "DEEPGEMM", mtpLayers: 1,
    maxBatchSize: 512, maxNumTokens: 1600, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 512, relaxedMtpAcceptance: false,
    env: {},
    source: "TRT-LLM examples/configs/curated/deepseek-r1-deepgemm.yaml; database B200 FP8 conc1024",
  },
  "H200/fp8/latency": {
    expertParallel: () => 4, attentionDataParallel: false, moeBackend: "CUTLASS", mtpLayers: 3,
    maxBatchSize: 512, maxNumTokens: 3136, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 1, relaxedMtpAcceptance: false,
    env: {},
    source: `${BEST_PERF} (TP8 EP4 MTP3, 158.12 tok/s/user); database H200/1k1k_tp8_conc1`,
  },
  "H200/fp8/throughput": {
    expertParallel: (g) => g, attentionDataParallel: true, moeBackend: "CUTLASS", mtpLayers: 1,
    maxBatchSize: 1024, maxNumTokens: 2048, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 1024, relaxedMtpAcceptance: false,
    env: { TRTLLM_DG_JIT_USE_NVCC: "1" },
    source: `${BEST_PERF} (TP8 EP8 ADP, 1,436 tok/s/GPU); database H200/1k1k_tp8_conc1024`,
  },
  // 2x8xH100: TP16 EP4 for serving, EP8 for the benchmark (trtllm-serve.rst; README multi-node).
  "H100/fp8/latency": {
    expertParallel: () => 4, attentionDataParallel: false, moeBackend: "CUTLASS", mtpLayers: 0,
    maxBatchSize: 161, maxNumTokens: 1160, kvCacheFreeMemoryFraction: 0.95, cudaGraphMaxBatchSize: 161, relaxedMtpAcceptance: false,
    env: {},
    source: "TRT-LLM docs/source/commands/trtllm-serve/trtllm-serve.rst (srun TP16 EP4, max_batch_size 161, max_num_tokens 1160, kv 0.95)",
  },
  "H100/fp8/throughput": {
    expertParallel: () => 8, attentionDataParallel: false, moeBackend: "CUTLASS", mtpLayers: 0,
    maxBatchSize: 161, maxNumTokens: 1160, kvCacheFreeMemoryFraction: 0.95, cudaGraphMaxBatchSize: 161, relaxedMtpAcceptance: false,
    env: {},
    source: "TRT-LLM examples/models/core/deepseek_v3/README.md (mpirun -n 16 --tp 16 --ep 8)",
  },
};

/** Defaults for the dense R1 distills: plain tensor parallelism, no MoE, no MTP. */
export const DENSE_RECIPE: Omit<RuntimeRecipe, "expertParallel" | "moeBackend" | "relaxedMtpAcceptance"> = {
  attentionDataParallel: false, mtpLayers: 0, maxBatchSize: 256, maxNumTokens: 8192, kvCacheFreeMemoryFraction: 0.9,
  cudaGraphMaxBatchSize: 256, env: {},
  source: "trtllm-serve defaults (kv_cache_free_gpu_memory_fraction 0.9, tensorrt_llm/commands/serve.py)",
};

/** MoE backends that run on each architecture and precision (deployment guide @7c22bbf9 matrix). */
export const MOE_BACKEND_SUPPORT: Readonly<Record<string, readonly MoeBackend[]>> = {
  "hopper/fp8": ["CUTLASS"],
  "blackwell/nvfp4": ["CUTLASS", "TRTLLM", "WIDEEP"],
  "blackwell/fp8": ["DEEPGEMM", "WIDEEP"],
};
