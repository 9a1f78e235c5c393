import { TENSORRT_LLM_IMAGE } from "../catalog/images";
import { TRTLLM_METRIC_SETS, trtllmMetricLine, unprefixed, type TrtllmMetricLine, type TrtllmMetricSet } from "../catalog/trtllm-metrics";

// Which TensorRT-LLM metrics the autoscaler reads, and the PromQL over them (pure: planned, not emitted).
/** Rate window of the TTFT histogram. */
export const TTFT_RATE_WINDOW = "2m";
/** Rate window of the latency histogram when load is read by Little's law (TRT-LLM 1.2.x). */
export const LOAD_RATE_WINDOW = "1m";
/** First TRT-LLM release whose Prometheus metrics carry the `trtllm_` prefix (NVIDIA/TensorRT-LLM tensorrt_llm/metrics/collector.py; ~1.1.0rc5 is unprefixed). */
export const PREFIXED_METRICS_SINCE = { major: 1, minor: 2 } as const;

/** The metrics of the pinned image the triggers read (lib/catalog/trtllm-metrics.ts). */
export interface MetricNameSet {
  /** TensorRT-LLM line the names were established for. */
  readonly line: TrtllmMetricLine;
  readonly load: TrtllmMetricSet["load"];
  /** Absent when the image exports no KV cache gauge (1.2.x): no KV trigger, no EPP KV scorer. */
  readonly kvCacheUtilization?: string;
  readonly timeToFirstToken: string;
  /** Every name the image exports, to check queries against. */
  readonly exported: readonly string[];
  readonly histograms: readonly string[];
}


/**
 * Metric names the pinned TRT-LLM line exports on `/prometheus/metrics`
 * (lib/catalog/trtllm-metrics.ts, with its sources), prefixed or not.
 */
export function metricNameSet(style: "prefixed" | "unprefixed", line: TrtllmMetricLine = trtllmMetricLine(TENSORRT_LLM_IMAGE.tag)): MetricNameSet {
  const set: TrtllmMetricSet = style === "prefixed" ? TRTLLM_METRIC_SETS[line] : unprefixed(TRTLLM_METRIC_SETS[line]);
  return {
    line,
    load: set.load,
    ...(set.kvCacheUtilization ? { kvCacheUtilization: set.kvCacheUtilization } : {}),
    timeToFirstToken: set.timeToFirstToken,
    exported: set.exported,
    histograms: set.histograms,
  };
}

/** `prefixed` for TRT-LLM ≥ 1.2 and for tags we cannot read; `unprefixed` for 0.x, 1.0 and 1.1. */
export function defaultMetricNames(tag: string): "prefixed" | "unprefixed" {
  const m = /^v?(\d+)\.(\d+)/.exec(tag);
  if (!m) return "prefixed";
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const newer = major > PREFIXED_METRICS_SINCE.major || (major === PREFIXED_METRICS_SINCE.major && minor >= PREFIXED_METRICS_SINCE.minor);
  return newer ? "prefixed" : "unprefixed";
}

function selector(labels: Readonly<Record<string, string>>): string {
  const parts = Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`);
  return `{${parts.join(",")}}`;
}

/**
 * PromQL for the triggers. A query over a metric the image does not export returns an empty
 * vector, and the triggers make that an error (`absentIsError`), not zero: there is no
 * `or vector(0)`. Idle but present reads as 0 (`or (0 * sum(<series that must exist>))`).
 * Load is queued + running requests: from the 1.3 gauges, or for 1.2.x (which has none) as
 * in-flight requests by Little's law, rate(e2e latency sum) = arrival rate × mean time in system,
 * which lags by one request duration. All triggers are HPA `AverageValue` (KEDA's fallback needs
 * it): the HPA divides the summed value by the replica target, so desired replicas =
 * ceil(sum ÷ threshold), independent of how many new replicas are still cold-starting.
 */
export function triggerQueries(metrics: MetricNameSet, labels: Readonly<Record<string, string>>): { load: string; kvCache?: string; ttft: string } {
  const sel = selector(labels);
  const ttftCount = `${metrics.timeToFirstToken}_count${sel}`;
  const servers = `count(${ttftCount})`;
  const load = metrics.load.kind === "gauges"
    ? `sum(${metrics.load.running}${sel}) + sum(${metrics.load.waiting}${sel})`
    : `sum(rate(${metrics.load.latencyHistogram}_sum${sel}[${LOAD_RATE_WINDOW}]))`;
  return {
    load,
    ...(metrics.kvCacheUtilization ? { kvCache: `sum(${metrics.kvCacheUtilization}${sel})` } : {}),
    // p90 × serving replicas, so AverageValue gives ceil(replicas × p90 ÷ target); `> 0` drops the NaN of an idle histogram.
    ttft: `((histogram_quantile(0.9, sum by (le) (rate(${metrics.timeToFirstToken}_bucket${sel}[${TTFT_RATE_WINDOW}]))) * scalar(${servers})) > 0) or (0 * sum(${ttftCount}))`,
  };
}
