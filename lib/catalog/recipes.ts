import { GpuName } from "./gpus";
import { WeightPrecision } from "./models";

/**
 * Serving goals, mirroring NVIDIA's published configurations per GPU: min-latency (few concurrent
 * users, deep MTP), a mid-concurrency point, and max-throughput (attention DP, large batches).
 */
export type ServingMode = "latency" | "balanced" | "throughput";
export const SERVING_MODES: readonly ServingMode[] = ["latency", "balanced", "throughput"];

/**
 * MoE backends a plan may name. `WIDEEP` is gone: deprecated in NVIDIA/TensorRT-LLM PR #17119 and
 * removed in PR #17797; wide EP now runs on `CUTEDSL` (NVFP4) or `DEEPGEMM` (FP8). Which of these a
 * given image has is in lib/catalog/trtllm-images.ts.
 */
export type MoeBackend = "CUTLASS" | "TRTLLM" | "DEEPGEMM" | "CUTEDSL";
export const MOE_BACKENDS: readonly MoeBackend[] = ["CUTLASS", "TRTLLM", "DEEPGEMM", "CUTEDSL"];

/** Where a recipe comes from: one file (or one excerpt of a file) of NVIDIA/TensorRT-LLM at one commit. */
export interface RecipeSource {
  readonly repository: "NVIDIA/TensorRT-LLM";
  readonly commit: string;
  readonly path: string;
  /** The vendored copy under test/fixtures/nvidia/ (see its sources.json). */
  readonly fixture: string;
  /** What the file is: which benchmark point, and what it measured where NVIDIA says. */
  readonly note: string;
}

/**
 * NVIDIA's published TensorRT-LLM settings for DeepSeek-R1 on one GPU family, precision and goal.
 * Every field reproduces the source file; where the emitted options file must differ, the key is
 * listed in `deviations` with the reason (test/catalog/nvidia-recipes.test.ts holds both to it).
 */
export interface RuntimeRecipe {
  /** Parallel layout per replica, as a function of the replica's GPU count. */
  readonly expertParallel: (gpusPerReplica: number) => number;
  readonly attentionDataParallel: boolean;
  /** `attention_dp_config: {enable_balance: true, batching_wait_iters: 0, timeout_iters: 60}`. */
  readonly attentionDpBalance: boolean;
  readonly moeBackend: MoeBackend;
  /** `moe_config.max_num_tokens` (chunks the MoE workspace), when the source sets it. */
  readonly moeMaxNumTokens?: number;
  readonly mtpLayers: number;
  readonly maxBatchSize: number;
  readonly maxNumTokens: number;
  readonly kvCacheFreeMemoryFraction: number;
  /** Largest batch captured in CUDA graphs (`cuda_graph_config.max_batch_size`). */
  readonly cudaGraphMaxBatchSize: number;
  /** Explicit CUDA-graph batch sizes, when the source lists them instead of a maximum. */
  readonly cudaGraphBatchSizes?: readonly number[];
  /** Relaxed MTP acceptance for reasoning traces. */
  readonly relaxedMtpAcceptance: boolean;
  /** Extra environment the recipe sets, each with its source in a comment. */
  readonly env: Readonly<Record<string, string>>;
  readonly source: RecipeSource;
  /** Source keys (dotted) whose emitted value differs from the source, or that are not emitted, and why. */
  readonly deviations: Readonly<Record<string, string>>;
  /** Things a reviewer should know about this recipe (shown as plan warnings). */
  readonly caveat?: string;
}

export type RecipeKey = `${GpuName}/${WeightPrecision}/${ServingMode}`;

const REPO = "NVIDIA/TensorRT-LLM" as const;
const DB = "examples/configs/database";
const src = (commit: string, path: string, note: string, fixture = path): RecipeSource => ({ repository: REPO, commit, path, fixture, note });

// The MTP layer count is written under the name the pinned image reads (num_nextn_predict_layers on
// 1.2, max_draft_len on 1.3: lib/catalog/trtllm-images.ts), whichever name the source file uses.
// Deviations every serving recipe shares. NVIDIA's database files are benchmark configs for a fixed
// 1K/1K (or 1K/8K) load; a server admits the model's context window.
const SEQ_LEN = "serving admits the context window the plan decides (contextLength, default 128K), not the benchmark's ISL+OSL";
const ITER_LOG = "not emitted: one log line per iteration per rank is benchmark output; the server's iteration stats come from /metrics (enable_iter_perf_stats)";
const REMOTE_CODE = "not emitted: DeepseekV3ForCausalLM is a native TensorRT-LLM model, so no repository Python needs to run (lib/serving/plan-options.ts)";
const BACKEND_FLAG = "carried by `trtllm-serve --backend pytorch` on the command line (LlmArgs has no `backend` key in a --config file for serve)";

/** Single-node and multi-node DeepSeek-R1 recipes, each from one NVIDIA file. */
export const RUNTIME_RECIPES: Partial<Record<RecipeKey, RuntimeRecipe>> = {
  "B200/nvfp4/throughput": {
    expertParallel: (g) => g, attentionDataParallel: true, attentionDpBalance: true, moeBackend: "TRTLLM", mtpLayers: 1,
    // The file sets no max_batch_size / max_num_tokens: the batch is capped at the CUDA-graph
    // ceiling (no batch decodes eagerly) and max_num_tokens is the TorchLlmArgs default (8192).
    maxBatchSize: 256, maxNumTokens: 8192, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 256, relaxedMtpAcceptance: false,
    env: {},
    source: src("3105370ba2f2f7eafba58b42327fbbc0c6df8a20", `${DB}/nvidia/DeepSeek-R1-0528-FP4-v2/B200/1k1k_tp8_conc1024.yaml`, "8xB200 NVFP4, ISL/OSL 1K/1K, concurrency 1024: TP8 EP8 attention DP with balancing, TRTLLM MoE, MTP 1"),
    deviations: { trust_remote_code: REMOTE_CODE, max_seq_len: SEQ_LEN, print_iter_log: ITER_LOG },
  },
  "B200/nvfp4/balanced": {
    expertParallel: (g) => g, attentionDataParallel: true, attentionDpBalance: true, moeBackend: "CUTLASS", mtpLayers: 1,
    // Concurrency 128 over 8 attention-DP ranks is 16 per rank; graphs to 32 cover it. max_batch_size
    // is held at the graph ceiling (the file's 512 would let ranks decode eagerly).
    maxBatchSize: 32, maxNumTokens: 3072, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 32, relaxedMtpAcceptance: false,
    env: {},
    source: src("1a43c7d62d008ca9d1efdfd50f9180390598d314", `${DB}/nvidia/DeepSeek-R1-0528-FP4-v2/B200/1k1k_tp8_conc128.yaml`, "8xB200 NVFP4, 1K/1K, concurrency 128: TP8 EP8 attention DP, CUTLASS MoE, MTP 1"),
    deviations: {
      trust_remote_code: REMOTE_CODE,
      max_batch_size: "held at the CUDA-graph ceiling (32 per attention-DP rank): batches above it would decode without CUDA graphs",
      max_seq_len: SEQ_LEN, print_iter_log: ITER_LOG,
    },
  },
  "B200/nvfp4/latency": {
    expertParallel: () => 2, attentionDataParallel: false, attentionDpBalance: false, moeBackend: "TRTLLM", mtpLayers: 3,
    maxBatchSize: 4, maxNumTokens: 32768, kvCacheFreeMemoryFraction: 0.75, cudaGraphMaxBatchSize: 4, relaxedMtpAcceptance: true,
    // TRTLLM_ENABLE_PDL=1: docs/source/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md (B200 min-latency).
    env: { TRTLLM_ENABLE_PDL: "1" },
    source: src("1f1d64f0eb8719c2c5a255f6b100c5b504098e82", "examples/configs/curated/deepseek-r1-latency.yaml", "curated Min Latency for B200/GB200 (examples/configs/curated/lookup.yaml): TP8 EP2, TRTLLM MoE, MTP 3 relaxed"),
    deviations: { trust_remote_code: REMOTE_CODE },
  },
  "B200/fp8/throughput": {
    expertParallel: (g) => g, attentionDataParallel: true, attentionDpBalance: false, moeBackend: "DEEPGEMM", moeMaxNumTokens: 3200, mtpLayers: 1,
    maxBatchSize: 128, maxNumTokens: 3200, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 128, relaxedMtpAcceptance: false,
    env: {},
    source: src("6d2ab8f725e4947c663b8c97016faebd53bed669", "examples/configs/curated/deepseek-r1-deepgemm.yaml", "curated Max Throughput for B200/GB200 FP8 (the deployment guide's DeepGEMM config): TP8 EP8 attention DP, DEEPGEMM MoE"),
    deviations: {
      trust_remote_code: REMOTE_CODE,
      max_batch_size: "held at the CUDA-graph ceiling (128 per attention-DP rank): batches above it would decode without CUDA graphs",
    },
  },
  "B200/fp8/balanced": {
    expertParallel: (g) => g, attentionDataParallel: false, attentionDpBalance: false, moeBackend: "DEEPGEMM", mtpLayers: 0,
    maxBatchSize: 256, maxNumTokens: 1152, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 256, relaxedMtpAcceptance: false,
    env: {},
    source: src("0c8de69a1ca6213eebb20a51873890ff128666c2", `${DB}/deepseek-ai/DeepSeek-R1-0528/B200/1k1k_tp8_conc64.yaml`, "8xB200 FP8, 1K/1K, concurrency 64: TP8 EP8, DEEPGEMM MoE, no MTP"),
    deviations: { trust_remote_code: REMOTE_CODE, max_seq_len: SEQ_LEN, print_iter_log: ITER_LOG, backend: BACKEND_FLAG },
  },
  "B200/fp8/latency": {
    expertParallel: (g) => g, attentionDataParallel: false, attentionDpBalance: false, moeBackend: "TRTLLM", mtpLayers: 3,
    maxBatchSize: 512, maxNumTokens: 3136, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 512, relaxedMtpAcceptance: false,
    env: {},
    source: src("010405f19198a7318d08009ab311fa38b445df89", `${DB}/deepseek-ai/DeepSeek-R1-0528/B200/1k1k_tp8_conc1.yaml`, "8xB200 FP8, 1K/1K, concurrency 1: TP8 EP8, TRTLLM MoE (FP8 block scales), MTP 3"),
    deviations: {
      trust_remote_code: REMOTE_CODE,
      max_seq_len: SEQ_LEN, print_iter_log: ITER_LOG, backend: BACKEND_FLAG,
    },
  },
  "H200/fp8/throughput": {
    expertParallel: (g) => g, attentionDataParallel: true, attentionDpBalance: true, moeBackend: "CUTLASS", mtpLayers: 1,
    maxBatchSize: 1024, maxNumTokens: 2048, kvCacheFreeMemoryFraction: 0.75, cudaGraphMaxBatchSize: 1024, relaxedMtpAcceptance: false,
    env: {},
    source: src("a46e0ec340178518b6c54b2fc05b66b80fa613fb", `${DB}/deepseek-ai/DeepSeek-R1-0528/H200/1k1k_tp8_conc1024.yaml`, "8xH200 FP8, 1K/1K, concurrency 1024: TP8 EP8 attention DP with balancing, CUTLASS MoE, MTP 1"),
    deviations: {
      trust_remote_code: REMOTE_CODE,
      max_seq_len: SEQ_LEN, print_iter_log: ITER_LOG,
    },
  },
  "H200/fp8/balanced": {
    expertParallel: (g) => g, attentionDataParallel: false, attentionDpBalance: false, moeBackend: "CUTLASS", mtpLayers: 3,
    maxBatchSize: 64, maxNumTokens: 1344, kvCacheFreeMemoryFraction: 0.75, cudaGraphMaxBatchSize: 64, relaxedMtpAcceptance: false,
    env: {},
    source: src("6b32f284c16915570665fb546ef090fe56407ec4", `${DB}/deepseek-ai/DeepSeek-R1-0528/H200/1k1k_tp8_conc64.yaml`, "8xH200 FP8, 1K/1K, concurrency 64: TP8 EP8, CUTLASS MoE, MTP 3"),
    deviations: {
      trust_remote_code: REMOTE_CODE,
      "cuda_graph_config.max_batch_size": "captured up to max_batch_size (64): graphs for batches the scheduler never forms only take memory",
      max_seq_len: SEQ_LEN, print_iter_log: ITER_LOG,
    },
  },
  "H200/fp8/latency": {
    expertParallel: (g) => g, attentionDataParallel: false, attentionDpBalance: false, moeBackend: "CUTLASS", mtpLayers: 3,
    maxBatchSize: 8, maxNumTokens: 3136, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 8, relaxedMtpAcceptance: false,
    env: {},
    source: src("7f86dbcf1975236aa135ad419f254f3c3f983c6c", `${DB}/deepseek-ai/DeepSeek-R1-0528/H200/1k1k_tp8_conc8.yaml`, "8xH200 FP8, 1K/1K, concurrency 8: TP8 EP8, CUTLASS MoE, MTP 3"),
    deviations: {
      trust_remote_code: REMOTE_CODE,
      max_batch_size: "held at the CUDA-graph ceiling (8): the file's 512 is a benchmark ceiling never reached at concurrency 8, and any batch above 8 would decode without CUDA graphs",
      max_seq_len: SEQ_LEN, print_iter_log: ITER_LOG,
    },
  },
  // 2x8xH100 (TP16 over two nodes): NVIDIA publishes two two-node configurations, both with attention DP.
  "H100/fp8/throughput": {
    expertParallel: () => 8, attentionDataParallel: true, attentionDpBalance: false, moeBackend: "CUTLASS", mtpLayers: 0,
    maxBatchSize: 161, maxNumTokens: 1160, kvCacheFreeMemoryFraction: 0.95, cudaGraphMaxBatchSize: 384,
    cudaGraphBatchSizes: [1, 2, 4, 8, 16, 32, 64, 128, 256, 384], relaxedMtpAcceptance: false,
    env: {},
    source: src("a98a9061d72f6fd39f5d055ebdd2c6878a100e2c", "examples/models/core/deepseek_v3/README.md", "the README's two-node run ep8_tp16_attndp_on: mpirun -n 16 trtllm-bench --tp 16 --ep 8, attention DP, CUDA graphs to 384, batch 161, 1160 tokens, KV 0.95", "examples/models/core/deepseek_v3/README.ep8_tp16_attndp_on.yaml"),
    deviations: { print_iter_log: ITER_LOG },
  },
  "H100/fp8/latency": {
    expertParallel: () => 4, attentionDataParallel: true, attentionDpBalance: false, moeBackend: "CUTLASS", mtpLayers: 0,
    maxBatchSize: 161, maxNumTokens: 1160, kvCacheFreeMemoryFraction: 0.95, cudaGraphMaxBatchSize: 161, relaxedMtpAcceptance: false,
    env: {},
    source: src("0434755f93ec108e3e99aa1eef28141f4ef1a8f6", "docs/source/commands/trtllm-serve/trtllm-serve.rst", "'Multi-node Serving with Slurm': trtllm-serve DeepSeek-V3 over two nodes, --tp_size 16 --ep_size 4, attention DP, batch 161, 1160 tokens, KV 0.95", "docs/source/commands/trtllm-serve/trtllm-serve.multi-node.yaml"),
    deviations: {
      "pytorch_backend_config.enable_overlap_scheduler": "not emitted: the key is gone from TorchLlmArgs; the overlap scheduler it enabled is on by default (disable_overlap_scheduler: false)",
    },
    caveat: "NVIDIA publishes no min-latency configuration for 2x8xH100: latency mode runs NVIDIA's two-node trtllm-serve example (TP16 EP4 with attention DP); no per-user speed is published for it",
  },
};

/**
 * Why a (GPU, precision, mode) has no recipe: the sources searched and what they lack. The planner's
 * refusal quotes it.
 */
export const MISSING_RECIPES: Partial<Record<RecipeKey, string>> = {
  // NVIDIA/TensorRT-LLM examples/configs/database/deepseek-ai/DeepSeek-R1-0528 holds B200, B200_NVL,
  // H200 and H200_SXM files only; InferenceX (SemiAnalysisAI/InferenceX .github/configs/nvidia-master.yaml)
  // runs DeepSeek-R1 on H100 only as Dynamo disaggregated deployments.
  "H100/fp8/balanced": "no mid-concurrency two-node H100 configuration is published: NVIDIA's configuration database (NVIDIA/TensorRT-LLM examples/configs/database) has no H100 DeepSeek-R1 file, and InferenceX measures DeepSeek-R1 on H100 only disaggregated (Dynamo)",
};

/** The settings of a recipe a planner reads (without its provenance). */
export type RecipeSettings = Omit<RuntimeRecipe, "source" | "deviations">;

/** Defaults for the dense R1 distills: plain tensor parallelism, no MoE, no MTP. */
export const DENSE_RECIPE: RecipeSettings = {
  expertParallel: () => 1, moeBackend: "CUTLASS", relaxedMtpAcceptance: false,
  attentionDataParallel: false, attentionDpBalance: false, mtpLayers: 0, maxBatchSize: 256, maxNumTokens: 8192, kvCacheFreeMemoryFraction: 0.9,
  cudaGraphMaxBatchSize: 256, env: {},
};
export const DENSE_RECIPE_SOURCE = "trtllm-serve defaults (kv_cache_free_gpu_memory_fraction 0.9, NVIDIA/TensorRT-LLM tensorrt_llm/commands/serve.py)";

/** `NVIDIA/TensorRT-LLM@<commit7>:<path>`, the form the plan and the review show. */
export function recipeSourceString(s: RecipeSource): string {
  return `${s.repository}@${s.commit.slice(0, 8)}:${s.path} (${s.note})`;
}

/**
 * MoE backends with kernels for each architecture and precision. Deployment guide
 * (docs/source/deployment-guide/deployment-guide-for-deepseek-r1-on-trtllm.md) matrix: Hopper FP8
 * CUTLASS; Blackwell NVFP4 CUTLASS or TRTLLM; Blackwell FP8 DEEPGEMM. NVIDIA's own B200 FP8 database
 * configs also run TRTLLM (FP8 block scales; database/deepseek-ai/DeepSeek-R1-0528/B200/1k1k_tp8_conc1.yaml),
 * and wide EP runs on CUTEDSL (NVFP4).
 */
export const MOE_BACKEND_SUPPORT: Readonly<Record<string, readonly MoeBackend[]>> = {
  "hopper/fp8": ["CUTLASS"],
  "blackwell/nvfp4": ["CUTLASS", "TRTLLM", "CUTEDSL"],
  "blackwell/fp8": ["DEEPGEMM", "TRTLLM"],
};
