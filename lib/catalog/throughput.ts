import type { GpuName } from "./gpus";
import type { KvCacheDtype, WeightPrecision } from "./models";
import type { ServingMode } from "./recipes";

/**
 * One published DeepSeek-R1 serving result on TensorRT-LLM. Output tokens only (decode), at the
 * stated input/output sequence lengths and concurrency. Plain data; every row carries its source
 * (NVIDIA/TensorRT-LLM `docs/source/blogs/Best_perf_practice_on_DeepSeek-R1_in_TensorRT-LLM.md`).
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
}

/** One published page: the repository file at a commit, its rendered URL, and the vendored excerpt. */
export interface PublishedSource {
  readonly repository: "NVIDIA/TensorRT-LLM";
  readonly path: string;
  readonly commit: string;
  readonly url: string;
  /** Vendored copy under test/fixtures/nvidia/ (sources.json), or null when none is vendored. */
  readonly fixture: string | null;
  /** The section heading in that file that holds the figure. */
  readonly section: string;
  /** When the figure was read at the source (the file carries no publication date). */
  readonly read: string;
}

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

/**
 * NVIDIA's published DeepSeek-R1 figures for 8×B200 and 8×H200 (ISL 1K / OSL 2K). There is no
 * NVIDIA TRT-LLM figure for H100 in NVIDIA/TensorRT-LLM docs/source/blogs, so H100 has no row: sizing from a
 * throughput target is refused there and the user gives replica bounds instead.
 */
export const THROUGHPUT_FIGURES: readonly ThroughputFigure[] = [
  {
    id: "b200-r1-fp4-min-latency", gpu: "B200", gpus: 8, mode: "latency", checkpoint: "nvidia/DeepSeek-R1-FP4", weightPrecision: "nvfp4",
    layout: "TP8 EP2, MTP3", outputTokensPerSecondPerGpu: 34.3, outputTokensPerSecondPerUser: 274.72,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 1, usedForSizing: true,
    source: `${BEST_PERF}: 274.72 tok/s/user (34.30 tok/s/GPU), batch size 1, 10 real-dataset requests`,
    published: bestPerf("B200 min-latency"),
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
  },
  {
    id: "b200-r1-0528-fp4-max-throughput-fp8kv", gpu: "B200", gpus: 8, mode: "throughput", checkpoint: "nvidia/DeepSeek-R1-0528-FP4", weightPrecision: "nvfp4", kvCacheDtype: "fp8",
    layout: "TP8 EP8 attention-DP, batch 896", outputTokensPerSecondPerGpu: 5393, outputTokensPerSecondPerUser: 6.18,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 7168, usedForSizing: true,
    source: `${BEST_PERF}: 5,393 tok/s/GPU (43,146 tok/s total, 6.18 tok/s/user, 21.07 req/s), concurrency 7168, commit b6261862`,
    published: bestPerf("B200 max-throughput for R1-0528 with FP8 KV cache"),
  },
  {
    id: "b200-r1-fp4-max-throughput-bf16kv", gpu: "B200", gpus: 8, mode: "throughput", checkpoint: "nvidia/DeepSeek-R1-FP4", weightPrecision: "nvfp4", kvCacheDtype: "bf16",
    layout: "TP8 EP8 attention-DP, batch 384", outputTokensPerSecondPerGpu: 4548, outputTokensPerSecondPerUser: 11.93,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 3072, usedForSizing: true,
    source: `${BEST_PERF}: 4,548 tok/s/GPU (36,384 tok/s total, 11.93 tok/s/user), FP16 KV, concurrency 3072`,
    published: bestPerf("B200 max-throughput for R1 with FP16 KV cache"),
  },
  {
    id: "h200-r1-fp8-min-latency", gpu: "H200", gpus: 8, mode: "latency", checkpoint: "deepseek-ai/DeepSeek-R1", weightPrecision: "fp8",
    layout: "TP8 EP4, MTP3", outputTokensPerSecondPerGpu: 19.76, outputTokensPerSecondPerUser: 158.12,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 1, usedForSizing: true,
    source: `${BEST_PERF}: 158.12 tok/s/user (19.76 tok/s/GPU), batch size 1`,
    published: bestPerf("H200 min-latency"),
  },
  {
    id: "h200-r1-fp8-max-throughput", gpu: "H200", gpus: 8, mode: "throughput", checkpoint: "deepseek-ai/DeepSeek-R1", weightPrecision: "fp8",
    layout: "TP8 EP8 attention-DP, batch 128", outputTokensPerSecondPerGpu: 1436, outputTokensPerSecondPerUser: 11.35,
    inputSequenceLength: 1024, outputSequenceLength: 2048, concurrency: 1024, usedForSizing: true,
    source: `${BEST_PERF}: 1,436 tok/s/GPU (11,489 tok/s total, 11.35 tok/s/user), concurrency 1024, 5,120 requests`,
    published: bestPerf("H200 max-throughput"),
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
