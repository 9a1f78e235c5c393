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
  /**
   * Where the configuration is: the repository and each file at the commit whose stored text was read
   * (the search tools' read_file; one commit per file, as stored).
   */
  readonly config: { readonly repository: "SemiAnalysisAI/InferenceX"; readonly files: readonly { readonly path: string; readonly commit: string }[] };
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

const INFERENCEX_ROWS = "SemiAnalysisAI/InferenceX-app packages/app/cypress/fixtures/api/benchmarks.json (InferenceX results captured from inferencex.semianalysis.com)";
const INFERENCEX_RUN = "https://github.com/SemiAnalysisAI/InferenceX/actions/runs/";
const INFERENCEX_BENCH = "InferenceX (SemiAnalysis) against trtllm-serve over HTTP (run_benchmark_serving, 10 × concurrency prompts)";
/** InferenceX's published rows, as its dashboard serves them (see test/fixtures/inferencex/SOURCES.md). */
const inferenceX = (path: string, key: string): PublishedSource => ({
  repository: "SemiAnalysisAI/InferenceX-app",
  path,
  // The stored copy read through read_file (test/fixtures/inferencex/SOURCES.md).
  commit: "a369c398135d525127c1622c1417d75b1cce5170",
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
  // on TP8 EP8, ISL/OSL 1K/1K, as the stored copy of SemiAnalysisAI/InferenceX-app @a369c398
  // packages/app/cypress/fixtures/api/benchmarks.json holds it, with the InferenceX configuration of
  // that run. 8xB200 NVFP4 has no row: see MISSING_POINTS.
  {
    id: "b200-r1-0528-fp8-conc64-inferencex", gpu: "B200", gpus: 8, mode: "balanced", checkpoint: "deepseek-ai/DeepSeek-R1-0528", weightPrecision: "fp8", kvCacheDtype: "fp8",
    layout: "TP8 EP8 attention-DP (balanced), DEEPGEMM MoE, no MTP", outputTokensPerSecondPerGpu: 257.78, outputTokensPerSecondPerUser: 35.69,
    inputSequenceLength: 1024, outputSequenceLength: 1024, concurrency: 64, usedForSizing: true,
    source: `${INFERENCEX_ROWS}: 257.78 output tok/s/GPU, 35.69 tok/s/user (median; TPOT 28.02 ms), concurrency 64, run ${INFERENCEX_RUN}20216641521 (2025-12-15)`,
    published: inferenceX("packages/app/cypress/fixtures/api/benchmarks.json", "b200/trt/dsr1/fp8/none/1024x1024/conc64/tp8-ep8-dpa"),
    measuredBy: INFERENCEX_BENCH,
    measured: {
      // Layout and image: the result row. Options: SemiAnalysisAI/InferenceX benchmarks/dsr1_fp8_b200_trt_slurm.sh
      // @2e46dba0 (DEEPGEMM, graphs to 256, KV fp8 0.8, max_num_tokens (conc + ISL + 127) / 64 * 64 = 1152);
      // perf-changelog.yaml @000de6df PR #594 dates it: the move off 1.1.0rc2.post2 also moved the MoE
      // backend off DEEPGEMM and dropped EP=TP, so a 1.1.0rc2.post2 run is from before it.
      image: "nvcr.io/nvidia/tensorrt-llm/release:1.1.0rc2.post2", tensorParallel: 8, expertParallel: 8, attentionDataParallel: true, attentionDpBalance: true,
      moeBackend: "DEEPGEMM", mtpLayers: 0, kvCacheFreeMemoryFraction: 0.8, cudaGraphMaxBatchSize: 256, maxNumTokens: 1152,
      config: {
        repository: "SemiAnalysisAI/InferenceX",
        files: [
          { path: "benchmarks/dsr1_fp8_b200_trt_slurm.sh", commit: "2e46dba0393537668d37d83b532fff2cdbbad231" },
          { path: "perf-changelog.yaml", commit: "000de6df8af034076b0477bbfa2658851e8ceb74" },
        ],
      },
    },
    differsFromRecipe: {
      image: "measured on 1.1.0rc2.post2; the recipe runs on the pinned image",
      attentionDataParallel: "the run had attention DP on (the result row: decode_dp_attention true); NVIDIA's conc64 file (the recipe) keeps it off. The only published B200 FP8 point at this concurrency",
      attentionDpBalance: "follows attention DP (balancing exists only with it)",
    },
  },
  {
    id: "h200-r1-0528-fp8-conc64-inferencex", gpu: "H200", gpus: 8, mode: "balanced", checkpoint: "deepseek-ai/DeepSeek-R1-0528", weightPrecision: "fp8", kvCacheDtype: "fp8",
    layout: "TP8 EP8, CUTLASS MoE, no MTP", outputTokensPerSecondPerGpu: 228.3, outputTokensPerSecondPerUser: 30.19,
    inputSequenceLength: 1024, outputSequenceLength: 1024, concurrency: 64, usedForSizing: true,
    source: `${INFERENCEX_ROWS}: 228.30 output tok/s/GPU, 30.19 tok/s/user (median; TPOT 33.13 ms), concurrency 64, run ${INFERENCEX_RUN}20216641521 (2025-12-15)`,
    published: inferenceX("packages/app/cypress/fixtures/api/benchmarks.json", "h200/trt/dsr1/fp8/none/1024x1024/conc64/tp8-ep8"),
    measuredBy: INFERENCEX_BENCH,
    measured: {
      // SemiAnalysisAI/InferenceX .github/configs/nvidia-master.yaml @0004cf5f (dsr1-fp8-h200-trt: image
      // release:1.1.0rc2.post2, { tp: 8, ep: 8, conc-start: 4, conc-end: 64 }, "If CONC > 64, then DP_ATTN=true")
      // and benchmarks/dsr1_fp8_h200_trt_slurm.sh @2e46dba0 (CUTLASS, graphs to 128, KV fp8 0.75, max_num_tokens 1152).
      image: "nvcr.io/nvidia/tensorrt-llm/release:1.1.0rc2.post2", tensorParallel: 8, expertParallel: 8, attentionDataParallel: false, attentionDpBalance: false,
      moeBackend: "CUTLASS", mtpLayers: 0, kvCacheFreeMemoryFraction: 0.75, cudaGraphMaxBatchSize: 128, maxNumTokens: 1152,
      config: {
        repository: "SemiAnalysisAI/InferenceX",
        files: [
          { path: ".github/configs/nvidia-master.yaml", commit: "0004cf5f2577a1c1007a9bed7cc7d55656519507" },
          { path: "benchmarks/dsr1_fp8_h200_trt_slurm.sh", commit: "2e46dba0393537668d37d83b532fff2cdbbad231" },
        ],
      },
    },
    differsFromRecipe: {
      image: "measured on 1.1.0rc2.post2; the recipe runs on the pinned image",
      mtpLayers: "measured without MTP; the recipe (NVIDIA's conc64 file) decodes with MTP 3, which raises per-user speed, so the point understates it",
      cudaGraphMaxBatchSize: "graphs captured to 128 at concurrency 64; the recipe captures to its batch ceiling (64): both cover every batch formed",
      maxNumTokens: "InferenceX sizes max_num_tokens from the benchmark's ISL (1152); the recipe keeps NVIDIA's 1344: a prefill budget, not the decode rate this point measures",
    },
  },
];

/** A (GPU, weight precision, mode) key, as lib/catalog/recipes.ts spells recipe keys. */
export type PointKey = `${GpuName}/${WeightPrecision}/${ServingMode}`;

/**
 * Modes that have a recipe but no published point to size from, with the source that is missing.
 * The planner names it when it cannot size (lib/plan/plan-sizing.ts, lib/autoscaling/plan-autoscaling.ts).
 */
export const MISSING_POINTS: Readonly<Partial<Record<PointKey, string>>> = {
  // The row once quoted here (run 26016880548, 1.3.0rc14, 2026-05-19: 48.73 tok/s/user, 727.27 tok/s/GPU)
  // came from a fetched snapshot; no stored copy holds it (test/fixtures/inferencex/SOURCES.md).
  "B200/nvfp4/balanced": "InferenceX's 8xB200 NVFP4 concurrency-128 run (TP8 EP8 attention DP, 1K/1K) on TensorRT-LLM 1.3.0rc14 "
    + "(SemiAnalysisAI/InferenceX actions run 26016880548) is in no stored copy of SemiAnalysisAI/InferenceX-app packages/app/cypress/fixtures/api/benchmarks.json "
    + "(@a369c398, and the vngcloud/InferenceX-app fork @cb4e87cb): both hold the 2026-02-03 run 21640806486 on 1.2.0rc6.post2 instead, "
    + "and no stored version of InferenceX's benchmark script can be tied to that run's server options",
};

/** Why a mode with a recipe has no published point, when the catalog knows. */
export function missingPointReason(gpu: GpuName, weightPrecision: WeightPrecision, mode: ServingMode): string | undefined {
  return MISSING_POINTS[`${gpu}/${weightPrecision}/${mode}`];
}

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

/** Where published points exist, one entry per hardware and precision: "8xH200 FP8 (latency, balanced, throughput)". */
export function publishedPlatforms(table: readonly ThroughputFigure[] = THROUGHPUT_FIGURES): string[] {
  const modes = new Map<string, Set<ServingMode>>();
  for (const r of table.filter((x) => x.usedForSizing)) {
    const k = `${r.gpus}x${r.gpu} ${r.weightPrecision.toUpperCase()}`;
    modes.set(k, (modes.get(k) ?? new Set()).add(r.mode));
  }
  const order: readonly ServingMode[] = ["latency", "balanced", "throughput"];
  return [...modes].map(([k, m]) => `${k} (${order.filter((x) => m.has(x)).join(", ")})`);
}
