/**
 * Prometheus metrics trtllm-serve exports on `/prometheus/metrics`, per TensorRT-LLM image line:
 * the only names autoscaling triggers, endpoint-picker flags and checks may read (preflight's
 * "metrics exist" rule reads this table too). Names are written here with the `trtllm_` prefix
 * (`MetricsCollector.metric_prefix` in NVIDIA/TensorRT-LLM tensorrt_llm/metrics/collector.py);
 * `metricNames: "unprefixed"` strips it for builds without the prefix.
 *
 * How each set was established:
 * - "1.3": tensorrt_llm/metrics/collector.py read at NVIDIA/TensorRT-LLM main, commit
 *   050f80def8df236e326949c8bd9dee10fd896a83 (the class docstring lists every metric created; the
 *   constructor creates them). The load gauges `trtllm_num_requests_running` / `_waiting` came with
 *   PR #12545 (merged to main 2026-03-25), the KV gauges with PR #11243 (2026-02-03); PR #12636
 *   explicitly dropped `trtllm_server_queue_length` / `trtllm_num_active_requests` in their favour,
 *   so no release exports those two names. gateway-api-inference-extension v1.5.0's `trtllm-serve`
 *   defaults (config/charts/epplib/templates/_deployment.yaml) read the same running/waiting/KV names.
 *   Dating the pinned 1.3.0rc14: its GitHub release (github.com/NVIDIA/TensorRT-LLM/releases/tag/v1.3.0rc14)
 *   is dated 2026-05-07, tag commit 93cb6518, 152 commits after rc13 (b9ce4b69), as recorded by two independent
 *   stored write-ups (a 2026-05-13 release digest and an NVBug regression case bisecting rc13..rc14); ai-dynamo
 *   v1.2.0 pairs with that tag. 1.3 pre-releases are cut from main, so rc14 carries the running/waiting gauges
 *   (main 2026-03-25) and the KV gauges (2026-02-03), which main @050f80de, later still, keeps. The rest of
 *   the list (prefill/decode histograms, iteration stats, config info) is main's and is claimed for listing only.
 * - "1.2": 1.2.1 is built from the release/1.2 branch (PR #12754 "bump version to 1.2.1",
 *   2026-04-03), which predates all of the above on main; its collector is the core set of PR #5785
 *   (request success, e2e latency, time to first token, time per output token, queue time).
 *   NVIDIA/TensorRT-LLM is too large to clone here, so collector.py at tag v1.2.1 itself was not
 *   read: UNCONFIRMED at the tag; scripts/refresh-upstream.sh's note says how to confirm it.
 *   Checked again 2026-11-30, still not at the tag: the repository snapshot (2.5 GB) is over the
 *   500 MB fetch limit here and the 1.2.1 wheel cannot be downloaded. Secondary evidence agrees:
 *   NVIDIA Dynamo's TensorRT-LLM Prometheus page (docs.nvidia.com/dynamo, backends/tensor-rt-llm:
 *   "1.1.0rc5 exposes 5 basic Prometheus metrics", the CORE set below), and vllm-project/aibrix
 *   issue #2016 (2026-03-17), which defers the trtllm_kv_cache_utilization and running/waiting
 *   mappings to "after bumping to v1.3.0".
 *   What matters is settled either way: this set claims only names present in every stored version
 *   of collector.py, from the earliest stored one (core set + the KV gauges of PR #11243) to main
 *   (test/fixtures/nvidia/tensorrt_llm/metrics/collector.versions.json; test/catalog/trtllm-metrics-sources.test.ts),
 *   so they are exported at v1.2.1 whichever version the tag carries. No running/waiting/KV gauge is
 *   claimed, so load is read from the latency histograms (Little's law), and the KV trigger and EPP
 *   KV scorer are off.
 */
export interface TrtllmMetricSet {
  /** Image tags this set applies to: `major.minor` prefixes. */
  readonly lines: readonly string[];
  /** Every metric name the image exports (histograms by base name; Prometheus adds _bucket/_sum/_count). */
  readonly exported: readonly string[];
  /** Histograms among `exported` (their _bucket, _sum and _count series exist). */
  readonly histograms: readonly string[];
  /** How to read load: gauges of running and waiting requests, or in-flight requests by Little's law. */
  readonly load:
    | { readonly kind: "gauges"; readonly running: string; readonly waiting: string }
    | { readonly kind: "littles-law"; readonly latencyHistogram: string };
  /** KV cache utilisation gauge (0-1), when exported. */
  readonly kvCacheUtilization?: string;
  readonly timeToFirstToken: string;
  readonly source: string;
}

const CORE = [
  "trtllm_request_success_total",
  "trtllm_e2e_request_latency_seconds",
  "trtllm_time_to_first_token_seconds",
  "trtllm_time_per_output_token_seconds",
  "trtllm_request_queue_time_seconds",
] as const;

export const TRTLLM_METRIC_SETS = {
  "1.2": {
    lines: ["0.", "1.0", "1.1", "1.2"],
    exported: CORE,
    histograms: ["trtllm_e2e_request_latency_seconds", "trtllm_time_to_first_token_seconds", "trtllm_time_per_output_token_seconds", "trtllm_request_queue_time_seconds"],
    load: { kind: "littles-law", latencyHistogram: "trtllm_e2e_request_latency_seconds" },
    timeToFirstToken: "trtllm_time_to_first_token_seconds",
    source: "NVIDIA/TensorRT-LLM PR #5785 (core metrics); release/1.2 branch (PR #12754 bumps it to 1.2.1) predates PRs #11243 and #12545; UNCONFIRMED at tag v1.2.1 (collector.py not read at the tag)",
  },
  "1.3": {
    lines: ["1.3"],
    exported: [
      ...CORE,
      "trtllm_request_prefill_time_seconds", "trtllm_request_decode_time_seconds", "trtllm_request_inference_time_seconds",
      "trtllm_prompt_tokens_total", "trtllm_generation_tokens_total", "trtllm_prompt_cached_tokens_total", "trtllm_prompt_cache_hit_tokens_total",
      "trtllm_prompt_cached_tokens_per_request", "trtllm_spec_decode_drafted_tokens_total", "trtllm_spec_decode_accepted_tokens_total",
      "trtllm_prefill_perplexity", "trtllm_generation_perplexity", "trtllm_request_error_total", "trtllm_scheduled_batch_size",
      "trtllm_kv_cache_hit_rate", "trtllm_kv_cache_utilization", "trtllm_kv_cache_host_utilization", "trtllm_kv_cache_iter_reuse_rate",
      "trtllm_kv_cache_reused_blocks_total", "trtllm_kv_cache_missed_blocks_total", "trtllm_kv_cache_iter_reused_blocks_total",
      "trtllm_kv_cache_iter_full_reused_blocks_total", "trtllm_kv_cache_iter_partial_reused_blocks_total", "trtllm_kv_cache_iter_missed_blocks_total",
      "trtllm_kv_cache_gen_alloc_blocks_total", "trtllm_kv_cache_onboard_bytes_total", "trtllm_kv_cache_offload_bytes_total",
      "trtllm_kv_cache_disk_prefetch_blocks_total", "trtllm_kv_cache_intra_device_copy_bytes_total",
      "trtllm_num_requests_running", "trtllm_num_requests_waiting", "trtllm_num_requests_completed_total", "trtllm_max_num_active_requests",
      "trtllm_iteration_latency_seconds", "trtllm_gpu_memory_usage_bytes", "trtllm_cpu_memory_usage_bytes", "trtllm_pinned_memory_usage_bytes",
      "trtllm_max_batch_size_static", "trtllm_max_batch_size_runtime", "trtllm_max_num_tokens_runtime", "trtllm_kv_cache_max_blocks",
      "trtllm_kv_cache_free_blocks", "trtllm_kv_cache_used_blocks", "trtllm_kv_cache_tokens_per_block", "trtllm_num_context_requests",
      "trtllm_num_generation_requests", "trtllm_num_paused_requests", "trtllm_num_scheduled_requests", "trtllm_total_context_tokens",
      "trtllm_avg_decoded_tokens_per_iter", "trtllm_spec_decode_num_draft_tokens_total", "trtllm_spec_decode_num_accepted_tokens_total",
      "trtllm_spec_decode_acceptance_length", "trtllm_spec_decode_draft_overhead", "trtllm_prefill_batch_occupancy", "trtllm_prefill_batch_tokens",
      "trtllm_model_config_info", "trtllm_parallel_config_info", "trtllm_speculative_config_info", "trtllm_kv_cache_config_info",
    ],
    histograms: [
      "trtllm_e2e_request_latency_seconds", "trtllm_time_to_first_token_seconds", "trtllm_time_per_output_token_seconds", "trtllm_request_queue_time_seconds",
      "trtllm_request_prefill_time_seconds", "trtllm_request_decode_time_seconds", "trtllm_request_inference_time_seconds",
    ],
    load: { kind: "gauges", running: "trtllm_num_requests_running", waiting: "trtllm_num_requests_waiting" },
    kvCacheUtilization: "trtllm_kv_cache_utilization",
    timeToFirstToken: "trtllm_time_to_first_token_seconds",
    source: "NVIDIA/TensorRT-LLM tensorrt_llm/metrics/collector.py @ 050f80def8df236e326949c8bd9dee10fd896a83 (main, 2026); PRs #11243, #12545, #12636",
  },
} as const satisfies Readonly<Record<string, TrtllmMetricSet>>;

export type TrtllmMetricLine = keyof typeof TRTLLM_METRIC_SETS;

/** The metric set of an image tag; tags we cannot read (custom builds) get the newest set. */
export function trtllmMetricLine(tag: string): TrtllmMetricLine {
  const m = /^v?(\d+)\.(\d+)/.exec(tag);
  if (!m) return "1.3";
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 1 || (major === 1 && minor <= 2) ? "1.2" : "1.3";
}

/** A metric set with the `trtllm_` prefix stripped from every name (`metricNames: "unprefixed"`). */
export function unprefixed(set: TrtllmMetricSet): TrtllmMetricSet {
  const u = (n: string) => n.replace(/^trtllm_/, "");
  return {
    ...set,
    exported: set.exported.map(u),
    histograms: set.histograms.map(u),
    load: set.load.kind === "gauges" ? { kind: "gauges", running: u(set.load.running), waiting: u(set.load.waiting) } : { kind: "littles-law", latencyHistogram: u(set.load.latencyHistogram) },
    ...(set.kvCacheUtilization ? { kvCacheUtilization: u(set.kvCacheUtilization) } : {}),
    timeToFirstToken: u(set.timeToFirstToken),
  };
}

/**
 * The series names a PromQL expression reads: every identifier left once strings, label matchers
 * (`{...}`), range selectors (`[...]`), grouping clauses (`by (...)`) and numbers are removed, minus
 * PromQL's functions and keywords. Used to check each name against the exported set.
 */
export function seriesIn(promql: string): string[] {
  const KEYWORDS = new Set(["sum", "rate", "irate", "increase", "histogram_quantile", "scalar", "vector", "count", "avg", "max", "min", "or", "and", "unless", "absent", "absent_over_time", "clamp_min", "clamp_max", "abs", "delta", "deriv", "topk", "bottomk", "quantile", "label_replace", "time", "offset", "bool"]);
  const stripped = promql
    .replace(/"(?:[^"\\]|\\.)*"/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ")
    .replace(/\b\d+(\.\d+)?([eE][-+]?\d+)?\b/g, " ");
  return [...new Set((stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? []).filter((w) => !KEYWORDS.has(w)))];
}

/** Whether `series` (a name a query reads, possibly `<histogram>_bucket|_sum|_count`) is exported by the set. */
export function isExported(set: TrtllmMetricSet, series: string): boolean {
  if (set.exported.includes(series)) return true;
  const base = series.replace(/_(bucket|sum|count)$/, "");
  return base !== series && set.histograms.includes(base);
}
