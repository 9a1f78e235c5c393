import type { GpuName } from "./gpus";
import type { KvCacheDtype, WeightPrecision } from "./models";
import type { MoeBackend, ServingMode } from "./recipes";

/**
 * One published DeepSeek-R1 serving result on TensorRT-LLM. Output tokens only (decode), at the
 * stated input/output sequence lengths and concurrency. Plain data; every row carries its source:
 * NVIDIA's (NVIDIA/TensorRT-LLM `docs/source/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md`,
 * min-latency and max-throughput) or InferenceX's (SemiAnalysis; mid-concurrency points, which NVIDIA
 * does not publish for DeepSeek-R1 on TensorRT-LLM).
 */
export interface ThroughputFigure {
  /** Stable id, recorded in the autoscaling plan when the row is used. */
  readonly id: string;
  readonly gpu: GpuName;
  /** GPUs the figure was measured on (one node of 8). */
  readonly gpus: number;
  readonly mode: ServingMode;
  readonly checkpoint: string;
  readonly weightPrecision: WeightPrecision;
  /** KV cache dtype of the run, when the source states it. */
  readonly kvCacheDtype?: KvCacheDtype;
  /** Parallel layout of the run. */
  readonly layout: string;
  /** Output tokens per second per GPU (aggregate ÷ GPUs). */
  readonly outputTokensPerSecondPerGpu: number;
  /** Output tokens per second one user sees. */
  readonly outputTokensPerSecondPerUser: number;
  /** Input / output sequence lengths of the benchmark, tokens. */
  readonly inputSequenceLength: number;
  readonly outputSequenceLength: number;
  /** Concurrent requests during the run (batch size 1 for min-latency). */
  readonly concurrency: number;
  /** False for rows kept for reference only (not used to size replicas). */
  readonly usedForSizing: boolean;
  readonly source: string;
  /** Where the numbers are published: file, commit, page, and the vendored excerpt that holds them. */
  readonly published: PublishedSource;
  /** Who measured the point, and with what client (shown beside the point in the sizing caveats). */
  readonly measuredBy: string;
  /** The server settings of the run, when the source publishes the configuration that produced it. */
  readonly measured?: MeasuredSettings;
  /**
   * Settings (keys of MeasuredSettings) in which the run differs from the recipe of its mode, each
   * with why the point still stands for that mode. test/catalog/balanced-points.test.ts holds both
   * ways: every difference declared, every declaration a real difference.
   */
  readonly differsFromRecipe?: Readonly<Partial<Record<keyof Omit<MeasuredSettings, "config">, string>>>;
}

/** One published page: the repository file at a commit, its rendered URL, and the vendored excerpt. */
export interface PublishedSource {
  readonly repository: "NVIDIA/TensorRT-LLM" | "SemiAnalysisAI/InferenceX-app";
  readonly path: string;
  readonly commit: string;
  readonly url: string;
  /**
   * Vendored copy (sources.json beside it), or null when none is vendored: under test/fixtures/nvidia/
   * for NVIDIA/TensorRT-LLM, under test/fixtures/inferencex/ for SemiAnalysisAI/InferenceX-app.
   */
  readonly fixture: string | null;
  /** The section heading in that file that holds the figure (InferenceX: the point's key in the excerpt). */
  readonly section: string;
  /** When the figure was read at the source (the file carries no publication date). */
  readonly read: string;
}

/** The TensorRT-LLM settings of a published run, as its configuration states them. */
export interface MeasuredSettings {
  /** The TensorRT-LLM image of the run. */
  readonly image: string;
  readonly tensorParallel: number;
  readonly expertParallel: number;
  readonly attentionDataParallel: boolean;
  readonly attentionDpBalance: boolean;
  readonly moeBackend: MoeBackend;
  readonly mtpLayers: number;
  readonly kvCacheFreeMemoryFraction: number;
  readonly cudaGraphMaxBatchSize: number;
  readonly maxNumTokens: number;
  /** Where the configuration is: repository, commit, files. */
  readonly config: { readonly repository: "SemiAnalysisAI/InferenceX"; readonly commit: string; readonly paths: readonly string[] };
}

const NVIDIA_BENCH = "NVIDIA with trtllm-bench";
const BEST_PERF = "NVIDIA/TensorRT-LLM docs/source/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md";
const bestPerf = (section: string): PublishedSource => ({
  repository: "NVIDIA/TensorRT-LLM",
  path: "docs/source/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md",
  commit: "01c4ece911eb569e72cf4177f83238a0520641c2",
  url: "https://nvidia.github.io/TensorRT-LLM/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.html",
  fixture: "docs/source/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.overview.md",
  section,
  read: "2026-11-30",
});

const INFERENCEX_ROWS = "SemiAnalysisAI/InferenceX-app packages/app/cypress/fixtures/api (InferenceX results captured from inferencex.semianalysis.com)";
const INFERENCEX_RUN = "https://github.com/SemiAnalysisAI/InferenceX/actions/runs/";
const INFERENCEX_BENCH = "InferenceX (SemiAnalysis) against trtllm-serve over HTTP (run_benchmark_serving, 10 × concurrency prompts)";
/** InferenceX's published rows, as its dashboard serves them (see test/fixtures/inferencex/SOURCES.md). */
const inferenceX = (path: string, key: string): PublishedSource => ({
  repository: "SemiAnalysisAI/InferenceX-app",
  path,
  commit: "528c4146b8f502fcbce8df7870a935a970cbae25",
  url: "https://inferencex.semianalysis.com",
  fixture: "dsr1-trt-1k1k-mid-concurrency.excerpt.json",
  section: key,
  read: "2026-12-01",
});

/**
 * Published DeepSeek-R1 figures for 8×B200 and 8×H200: NVIDIA's min-latency and max-throughput
 * points (ISL 1K / OSL 2K) and InferenceX's mid-concurrency points (ISL 1K / OSL 1K). There is no
 * NVIDIA TRT-LLM figure for H100 in NVIDIA/TensorRT-LLM docs/source/blogs, and InferenceX runs H100
 * only disaggregated (Dynamo), so H100 has no row: sizing from a throughput target is refused there
 * and the user gives replica bounds instead.
 */
export const THROUGHPUT_FIGURES: readonly ThroughputFigure[] = [
  {
    id: "b200-r1-fp4-min-latency", gpu: "B200", gpus: 8, mode: "latency", checkpoint: "nvidia/DeepSeek-R1-FP4", weightPrecision: "nvfp4",
    layout: "TP8 EP2, MTP3", outputTokensPerSecondPerGpu: 34.3, outputTokensPerSecondPerUser: 274.72,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 1, usedForSizing: true,
    source: `${BEST_PERF}: 274.72 tok/s/user (34.30 tok/s/GPU), batch size 1, 10 real-dataset requests`,
    measuredBy: NVIDIA_BENCH, published: bestPerf("B200 min-latency"),
  },
  {
    id: "b200-r1-fp4-min-latency-relaxed", gpu: "B200", gpus: 8, mode: "latency", checkpoint: "nvidia/DeepSeek-R1-FP4", weightPrecision: "nvfp4",
    // [D] 368 tok/s/user at batch 1 over 8 GPUs = 46 tok/s/GPU; the blog gives no per-GPU figure.
    layout: "TP8 EP2, MTP3 relaxed acceptance", outputTokensPerSecondPerGpu: 46, outputTokensPerSecondPerUser: 368,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 1, usedForSizing: false,
    source: "NVIDIA/TensorRT-LLM docs/source/blogs/tech_blog/blog1 (B200 min-latency): 368 tok/s/user; per-GPU figure derived (368 ÷ 8)",
    published: {
      repository: "NVIDIA/TensorRT-LLM", path: "docs/source/blogs/tech_blog/blog1_Pushing_Latency_Boundaries_Optimizing_DeepSeek-R1_Performance_on_NVIDIA_B200_GPUs.md",
      commit: "56851033051a6f9bd50e22219db64d68722a6f01", url: "https://nvidia.github.io/TensorRT-LLM/blogs/tech_blog/blog1_Pushing_Latency_Boundaries_Optimizing_DeepSeek-R1_Performance_on_NVIDIA_B200_GPUs.html",
      fixture: null, section: "relaxed acceptance", read: "2026-11-30",
    },
    measuredBy: NVIDIA_BENCH,
  },
  {
    id: "b200-r1-0528-fp4-max-throughput-fp8kv", gpu: "B200", gpus: 8, mode: "throughput", checkpoint: "nvidia/DeepSeek-R1-0528-FP4", weightPrecision: "nvfp4", kvCacheDtype: "fp8",
    layout: "TP8 EP8 attention-DP, batch 896", outputTokensPerSecondPerGpu: 5393, outputTokensPerSecondPerUser: 6.18,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 7168, usedForSizing: true,
    source: `${BEST_PERF}: 5,393 tok/s/GPU (43,146 tok/s total, 6.18 tok/s/user, 21.07 req/s), concurrency 7168, commit b6261862`,
    measuredBy: NVIDIA_BENCH, published: bestPerf("B200 max-throughput for R1-0528 with FP8 KV cache"),
  },
  {
    id: "b200-r1-fp4-max-throughput-bf16kv", gpu: "B200", gpus: 8, mode: "throughput", checkpoint: "nvidia/DeepSeek-R1-FP4", weightPrecision: "nvfp4", kvCacheDtype: "bf16",
    layout: "TP8 EP8 attention-DP, batch 384", outputTokensPerSecondPerGpu: 4548, outputTokensPerSecondPerUser: 11.93,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 3072, usedForSizing: true,
    source: `${BEST_PERF}: 4,548 tok/s/GPU (36,384 tok/s total, 11.93 tok/s/user), FP16 KV, concurrency 3072`,
    measuredBy: NVIDIA_BENCH, published: bestPerf("B200 max-throughput for R1 with FP16 KV cache"),
  },
  {
    id: "h200-r1-fp8-min-latency", gpu: "H200", gpus: 8, mode: "latency", checkpoint: "deepseek-ai/DeepSeek-R1", weightPrecision: "fp8",
    layout: "TP8 EP4, MTP3", outputTokensPerSecondPerGpu: 19.76, outputTokensPerSecondPerUser: 158.12,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 1, usedForSizing: true,
    source: `${BEST_PERF}: 158.12 tok/s/user (19.76 tok/s/GPU), batch size 1`,
    measuredBy: NVIDIA_BENCH, published: bestPerf("H200 min-latency"),
  },
  {
    id: "h200-r1-fp8-max-throughput", gpu: "H200", gpus: 8, mode: "throughput", checkpoint: "deepseek-ai/DeepSeek-R1", weightPrecision: "fp8",
    layout: "TP8 EP8 attention-DP, batch 128", outputTokensPerSecondPerGpu: 1436, outputTokensPerSecondPerUser: 11.35,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 1024, usedForSizing: true,
    source: `${BEST_PERF}: 1,436 tok/s/GPU (11,489 tok/s total, 11.35 tok/s/user), concurrency 1024, 5,120 requests`,
    measuredBy: NVIDIA_BENCH, published: bestPerf("H200 max-throughput"),
  },
  // Mid concurrency (mode "balanced"). NVIDIA publishes no DeepSeek-R1 TensorRT-LLM figure between
  // its min-latency and max-throughput points; InferenceX (SemiAnalysis) measures TensorRT-LLM on the
  // same hardware across concurrencies and publishes every run. Each row: the InferenceX run at the
  // concurrency of NVIDIA's database file that the balanced recipe reproduces (lib/catalog/recipes.ts),
  // on TP8 EP8, ISL/OSL 1K/1K, with the configuration that produced it.
  {
    id: "b200-r1-0528-fp4-conc128-inferencex", gpu: "B200", gpus: 8, mode: "balanced", checkpoint: "nvidia/DeepSeek-R1-0528-FP4-V2", weightPrecision: "nvfp4", kvCacheDtype: "fp8",
    layout: "TP8 EP8 attention-DP (balanced), CUTLASS MoE, no MTP", outputTokensPerSecondPerGpu: 727.27, outputTokensPerSecondPerUser: 48.73,
    inputSequenceLength: 1024, outputSequenceLength: 1024, concurrency: 128, usedForSizing: true,
    source: `${INFERENCEX_ROWS}: 727.27 output tok/s/GPU, 48.73 tok/s/user (median; TPOT 20.52 ms), concurrency 128, run ${INFERENCEX_RUN}26016880548 (2026-05-19)`,
    published: inferenceX("packages/app/cypress/fixtures/api/benchmarks.json", "b200/trt/dsr1/fp4/none/1024x1024/conc128/tp8-ep8-dpa"),
    measuredBy: INFERENCEX_BENCH,
    measured: {
      // SemiAnalysisAI/InferenceX @0d8d1f93 .github/configs/nvidia-master.yaml (dsr1-fp4-b200-trt) and
      // benchmarks/single_node/dsr1_fp4_b200_trt.sh: attention DP → CUTLASS and graphs to conc ÷ 4;
      // max_num_tokens at least 8192.
      image: "nvcr.io/nvidia/tensorrt-llm/release:1.3.0rc14", tensorParallel: 8, expertParallel: 8, attentionDataParallel: true, attentionDpBalance: true,
      moeBackend: "CUTLASS", mtpLayers: 0, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 32, maxNumTokens: 8192,
      config: { repository: "SemiAnalysisAI/InferenceX", commit: "0d8d1f93de663930eddaaa3304d9f870e485e507", paths: [".github/configs/nvidia-master.yaml", "benchmarks/single_node/dsr1_fp4_b200_trt.sh"] },
    },
    differsFromRecipe: {
      image: "measured on 1.3.0rc14; the recipe runs on the pinned image (the same options exist on both: lib/catalog/trtllm-images.ts)",
      mtpLayers: "measured without MTP; the recipe (NVIDIA's conc128 file) decodes with MTP 1, which raises per-user speed, so the point understates it",
      maxNumTokens: "InferenceX raises max_num_tokens to at least 8192; a token budget bounds prefill chunks, not the decode rate this point measures",
    },
  },
  {
    id: "b200-r1-0528-fp8-conc64-inferencex", gpu: "B200", gpus: 8, mode: "balanced", checkpoint: "deepseek-ai/DeepSeek-R1-0528", weightPrecision: "fp8", kvCacheDtype: "fp8",
    layout: "TP8 EP8 attention-DP (balanced), DEEPGEMM MoE, no MTP", outputTokensPerSecondPerGpu: 257.78, outputTokensPerSecondPerUser: 35.69,
    inputSequenceLength: 1024, outputSequenceLength: 1024, concurrency: 64, usedForSizing: true,
    source: `${INFERENCEX_ROWS}: 257.78 output tok/s/GPU, 35.69 tok/s/user (median; TPOT 28.02 ms), concurrency 64, run ${INFERENCEX_RUN}20216641521 (2025-12-15)`,
    published: inferenceX("packages/app/cypress/fixtures/api/benchmarks.json", "b200/trt/dsr1/fp8/none/1024x1024/conc64/tp8-ep8-dpa"),
    measuredBy: INFERENCEX_BENCH,
    measured: {
      // SemiAnalysisAI/InferenceX @f6a9d0b6 .github/configs/nvidia-master.yaml (dsr1-fp8-b200-trt: "If CONC > 32,
      // then DP_ATTN=true") and benchmarks/dsr1_fp8_b200_trt_slurm.sh (DEEPGEMM, graphs to 256, KV 0.8).
      image: "nvcr.io/nvidia/tensorrt-llm/release:1.1.0rc2.post2", tensorParallel: 8, expertParallel: 8, attentionDataParallel: true, attentionDpBalance: true,
      moeBackend: "DEEPGEMM", mtpLayers: 0, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 256, maxNumTokens: 1152,
      config: { repository: "SemiAnalysisAI/InferenceX", commit: "f6a9d0b6adf1b0eb52c7b107b275f086bbb48100", paths: [".github/configs/nvidia-master.yaml", "benchmarks/dsr1_fp8_b200_trt_slurm.sh"] },
    },
    differsFromRecipe: {
      image: "measured on 1.1.0rc2.post2; the recipe runs on the pinned image",
      attentionDataParallel: "InferenceX turns attention DP on above concurrency 32; NVIDIA's conc64 file (the recipe) keeps it off. The only published B200 FP8 point at this concurrency",
      attentionDpBalance: "follows attention DP (balancing exists only with it)",
    },
  },
  {
    id: "h200-r1-0528-fp8-conc64-inferencex", gpu: "H200", gpus: 8, mode: "balanced", checkpoint: "deepseek-ai/DeepSeek-R1-0528", weightPrecision: "fp8", kvCacheDtype: "fp8",
    layout: "TP8 EP8, CUTLASS MoE, no MTP", outputTokensPerSecondPerGpu: 228.3, outputTokensPerSecondPerUser: 30.19,
    inputSequenceLength: 1024, outputSequenceLength: 1024, concurrency: 64, usedForSizing: true,
    source: `${INFERENCEX_ROWS} (history): 228.30 output tok/s/GPU, 30.19 tok/s/user (median; TPOT 33.13 ms), concurrency 64, run ${INFERENCEX_RUN}20216641521 (2025-12-15)`,
    published: inferenceX("packages/app/cypress/fixtures/api/benchmarks-history.json", "h200/trt/dsr1/fp8/none/1024x1024/conc64/tp8-ep8"),
    measuredBy: INFERENCEX_BENCH,
    measured: {
      // SemiAnalysisAI/InferenceX @f6a9d0b6 .github/configs/nvidia-master.yaml (dsr1-fp8-h200-trt) and
      // benchmarks/dsr1_fp8_h200_trt_slurm.sh (CUTLASS, graphs to 128, KV 0.75).
      image: "nvcr.io/nvidia/tensorrt-llm/release:1.1.0rc2.post2", tensorParallel: 8, expertParallel: 8, attentionDataParallel: false, attentionDpBalance: false,
      moeBackend: "CUTLASS", mtpLayers: 0, kvCacheFreeMemoryFraction: 0.75, cudaGraphMaxBatchSize: 128, maxNumTokens: 1152,
      config: { repository: "SemiAnalysisAI/InferenceX", commit: "f6a9d0b6adf1b0eb52c7b107b275f086bbb48100", paths: [".github/configs/nvidia-master.yaml", "benchmarks/dsr1_fp8_h200_trt_slurm.sh"] },
    },
    differsFromRecipe: {
      image: "measured on 1.1.0rc2.post2; the recipe runs on the pinned image",
      mtpLayers: "measured without MTP; the recipe (NVIDIA's conc64 file) decodes with MTP 3, which raises per-user speed, so the point understates it",
      cudaGraphMaxBatchSize: "graphs captured to 128 at concurrency 64; the recipe captures to its batch ceiling (64): both cover every batch formed",
      maxNumTokens: "InferenceX sizes max_num_tokens from the benchmark's ISL (1152); the recipe keeps NVIDIA's 1344: a prefill budget, not the decode rate this point measures",
    },
  },
];

/** What a deployment runs, as far as the throughput table can tell rows apart. */
export interface ThroughputQuery {
  readonly gpu: GpuName;
  readonly gpusPerReplica: number;
  readonly mode: ServingMode;
  readonly weightPrecision: WeightPrecision;
  readonly kvCacheDtype: KvCacheDtype;
}

/**
 * The published row that matches a deployment for sizing, or undefined when NVIDIA has published
 * none: same GPU, GPU count, mode and weight precision, and the same KV dtype when the row states one.
 */
export function throughputFigureFor(q: ThroughputQuery): ThroughputFigure | undefined {
  return THROUGHPUT_FIGURES.find((row) => row.usedForSizing && row.gpu === q.gpu && row.gpus === q.gpusPerReplica && row.mode === q.mode
    && row.weightPrecision === q.weightPrecision && (row.kvCacheDtype === undefined || row.kvCacheDtype === q.kvCacheDtype));
}

/** Where published points exist, one entry per hardware and precision: "8xB200 NVFP4 (latency, balanced, throughput)". */
export function publishedPlatforms(table: readonly ThroughputFigure[] = THROUGHPUT_FIGURES): string[] {
  const modes = new Map<string, Set<ServingMode>>();
  for (const r of table.filter((x) => x.usedForSizing)) {
    const k = `${r.gpus}x${r.gpu} ${r.weightPrecision.toUpperCase()}`;
    modes.set(k, (modes.get(k) ?? new Set()).add(r.mode));
  }
  const order: readonly ServingMode[] = ["latency", "balanced", "throughput"];
  return [...modes].map(([k, m]) => `${k} (${order.filter((x) => m.has(x)).join(", ")})`);
}
