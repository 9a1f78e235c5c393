import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/plan-deployment";
import type { DeploymentInput } from "../../lib/plan/index";
import {
  defaultMetricNames, planAutoscaling, triggerQueries, metricNameSet,
} from "../../lib/autoscaling/plan-autoscaling";
import { replicaConcurrency } from "../../lib/plan/concurrency";
import { THROUGHPUT_FIGURES, throughputFigureFor } from "../../lib/catalog/throughput";
import { TRTLLM_METRIC_SETS, isExported, seriesIn } from "../../lib/catalog/trtllm-metrics";
import { prometheusValues } from "../../lib/serving/plan-operators";
import { servingNames } from "../../lib/plan/names";
import { parse } from "yaml";

const aws = { model: "deepseek-r1", cloud: "aws", region: "us-east-2" } as const;
const plan = (extra: Partial<DeploymentInput> & { hardware: string }) => planDeployment({ ...aws, ...extra } as DeploymentInput);

describe("sizing from targets (hand calculations)", () => {
  test("8xB200 throughput: 100,000 tok/s needs 3 replicas", () => {
    // Row b200-r1-0528-fp4-max-throughput-fp8kv: 5,393 tok/s/GPU × 8 GPUs = 43,144 tok/s per replica.
    // 100,000 ÷ 43,144 = 2.318 → ceil = 3 replicas → 3 nodes (1 node per replica).
    const p = plan({ hardware: "8xB200" });
    const a = planAutoscaling(p, { targets: { outputTokensPerSecond: 100_000 } });
    expect(a.replicas).toEqual({ min: 1, max: 3 });
    expect(a.nodes).toEqual({ min: 1, max: 3 });
    expect(a.boundsSource).toBe("targets");
    expect(a.sizing?.figures.map((f) => f.id)).toEqual(["b200-r1-0528-fp4-max-throughput-fp8kv"]);
    expect(a.sizing?.arithmetic).toBe("ceil(100000 tok/s ÷ (5393 tok/s/GPU × 8 GPUs)) = ceil(100000 ÷ 43144) = 3 replicas (b200-r1-0528-fp4-max-throughput-fp8kv, ISL 1024/OSL 2048, concurrency 7168)");
  });

  test("8xH200 throughput: 50,000 tok/s needs 5 replicas", () => {
    // Row h200-r1-fp8-max-throughput: 1,436 × 8 = 11,488 tok/s per replica; 50,000 ÷ 11,488 = 4.35 → 5.
    const a = planAutoscaling(plan({ hardware: "8xH200" }), { targets: { outputTokensPerSecond: 50_000 } });
    expect(a.replicas.max).toBe(5);
    expect(a.sizing?.figures[0].id).toBe("h200-r1-fp8-max-throughput");
  });

  test("8xB200 latency: 1,000 tok/s at 250 tok/s/user needs 4 replicas", () => {
    // Row b200-r1-fp4-min-latency: 34.30 × 8 = 274.4 tok/s per replica; 1,000 ÷ 274.4 = 3.64 → 4. 250 ≤ 274.72 tok/s/user.
    const a = planAutoscaling(plan({ hardware: "8xB200", mode: "latency" }), { targets: { outputTokensPerSecond: 1000, tokensPerSecondPerUser: 250 } });
    expect(a.replicas).toEqual({ min: 1, max: 4 });
    expect(a.sizing?.figures[0].id).toBe("b200-r1-fp4-min-latency");
  });

  test("a BF16 KV cache on B200 uses the FP16-KV row", () => {
    // 4,548 × 8 = 36,384 per replica; 100,000 ÷ 36,384 = 2.75 → 3.
    const a = planAutoscaling(plan({ hardware: "8xB200", overrides: { kvCacheDtype: "bf16" } }), { targets: { outputTokensPerSecond: 100_000 } });
    expect(a.sizing?.figures[0].id).toBe("b200-r1-fp4-max-throughput-bf16kv");
    expect(a.replicas.max).toBe(3);
  });

  test("refuses a per-user speed above the published figure for the mode", () => {
    expect(() => planAutoscaling(plan({ hardware: "8xB200" }), { targets: { tokensPerSecondPerUser: 20 } })).toThrow(
      'autoscaling.targets.tokensPerSecondPerUser: is above the 6.18 tok/s per user NVIDIA published for 8xB200 throughput NVFP4 (KV fp8) (b200-r1-0528-fp4-max-throughput-fp8kv) (got 20); use at most 6.18; use mode "latency" for per-user speed',
    );
  });

  test("refuses sizing on hardware without published figures, unless the user gives bounds", () => {
    const h100 = plan({ hardware: "2x8xH100" });
    expect(() => planAutoscaling(h100, { targets: { outputTokensPerSecond: 10_000 } })).toThrow(
      "autoscaling.targets.outputTokensPerSecond: cannot size replicas: neither NVIDIA nor InferenceX publishes DeepSeek-R1 throughput for 2x8xH100 throughput FP8 (KV fp8) (got 10000); give autoscaling.replicas { min, max } yourself, "
      + "or use hardware, precision and mode with a published point: 8xB200 NVFP4 (latency, throughput); 8xH200 FP8 (latency, balanced, throughput); 8xB200 FP8 (balanced)",
    );
    const given = planAutoscaling(h100, { targets: { outputTokensPerSecond: 10_000 }, replicas: { min: 1, max: 3 } });
    expect(given.replicas).toEqual({ min: 1, max: 3 });
    expect(given.nodes).toEqual({ min: 2, max: 6 });
    expect(given.boundsSource).toBe("input");
  });

  test("every table row names its source and is self-consistent (catches transcription slips)", () => {
    for (const row of THROUGHPUT_FIGURES) {
      expect(row.source.length).toBeGreaterThan(20);
      // aggregate = per GPU × GPUs ≈ per user × concurrency (published per-user speed excludes queueing: within 5%).
      const aggregate = row.outputTokensPerSecondPerGpu * row.gpus;
      const streams = row.outputTokensPerSecondPerUser * row.concurrency;
      if (row.published.repository === "NVIDIA/TensorRT-LLM") {
        expect(Math.abs(aggregate - streams) / aggregate).toBeLessThan(0.05);
      } else {
        // InferenceX's per-user speed is 1000 / TPOT (decode only); each stream also waits for its
        // prefill (TTFT) between requests, so the aggregate is below concurrency × per-user speed, not above.
        expect(aggregate / streams).toBeLessThan(1);
        expect(aggregate / streams).toBeGreaterThan(0.85);
      }
    }
    expect(throughputFigureFor({ gpu: "H100", gpusPerReplica: 16, mode: "throughput", weightPrecision: "fp8", kvCacheDtype: "fp8" })).toBeUndefined();
  });
});

describe("bounds agree with node pools for every profile and capacity kind", () => {
  const profiles = ["8xB200", "8xH200", "2x8xH100"] as const;
  const capacities = [
    { kind: "on-demand" },
    { kind: "reservation", id: "cr-0123abcd", zone: "us-east-2a", nodes: 4 },
    { kind: "capacity-block", id: "cr-0123abcd", zone: "us-east-2a", nodes: 3 },
  ] as const;
  for (const hardware of profiles) {
    for (const capacity of capacities) {
      test(`${hardware} ${capacity.kind}`, () => {
        const p = plan({ hardware, capacity });
        const a = planAutoscaling(p);
        expect(a.nodes).toEqual({ min: a.replicas.min * p.nodesPerReplica, max: a.replicas.max * p.nodesPerReplica });
        expect(a.nodes).toEqual(p.nodes);
        expect(a.nodeAutoscaling).toMatchObject({ kind: "cluster-autoscaler", minNodes: p.nodes.min, maxNodes: p.nodes.max });
        if ("nodes" in capacity) expect(a.nodes.max).toBeLessThanOrEqual(capacity.nodes);
        const one = planAutoscaling(p, { replicas: { min: 1, max: 1 } });
        expect(one.nodes).toEqual({ min: p.nodesPerReplica, max: p.nodesPerReplica });
        expect(one.nodeAutoscaling).toMatchObject({ minNodes: p.nodesPerReplica, maxNodes: p.nodesPerReplica });
      });
    }
  }

  test("GKE node pools: same bounds from the same plan", () => {
    for (const hardware of profiles) {
      const p = planDeployment({ model: "deepseek-r1", cloud: "gcp", region: "us-central1", hardware });
      const a = planAutoscaling(p);
      expect(a.nodeAutoscaling).toMatchObject({ kind: "gke-node-pool", minNodes: p.nodes.min, maxNodes: p.nodes.max });
    }
  });

  test("refuses bounds beyond a reservation", () => {
    const p = plan({ hardware: "2x8xH100", capacity: { kind: "reservation", id: "cr-0123abcd", zone: "us-east-2a", nodes: 5 } });
    expect(p.nodes).toEqual({ min: 2, max: 4 });
    expect(() => planAutoscaling(p, { replicas: { min: 1, max: 3 } })).toThrow(
      "autoscaling.replicas: needs 3 replicas = 6 nodes (2 per replica) but the reservation holds 5 nodes (got 3); the reservation fits at most 2 replicas: lower the target or maximum, or reserve 6 nodes",
    );
  });

  test("refuses a sized target beyond a Capacity Block, naming what it can carry", () => {
    const p = plan({ hardware: "8xB200", capacity: { kind: "capacity-block", id: "cr-0123abcd", zone: "us-east-2a", nodes: 2 } });
    // 200,000 ÷ 43,144 = 4.64 → 5 replicas > 2 nodes; 2 replicas carry 2 × 43,144 = 86,288 tok/s.
    expect(() => planAutoscaling(p, { targets: { outputTokensPerSecond: 200_000 } })).toThrow(
      "autoscaling.targets.outputTokensPerSecond: needs 5 replicas = 5 nodes (1 per replica) but the capacity-block holds 2 nodes (got 200000); the capacity-block fits at most 2 replicas (about 86288 output tok/s): lower the target or maximum, or reserve 5 nodes",
    );
  });


  test("refuses min > max", () => {
    expect(() => planAutoscaling(plan({ hardware: "8xH200" }), { replicas: { min: 3, max: 2 } })).toThrow(
      "autoscaling.replicas.min: is greater than autoscaling.replicas.max (2) (got 3); set min ≤ max",
    );
  });
});

describe("scale-down respects cold start", () => {
  test.each(["8xB200", "8xH200", "2x8xH100"])("%s: stabilisation, cooldown and node scale-down delay ≥ cold start", (hardware) => {
    const p = plan({ hardware });
    const a = planAutoscaling(p);
    expect(a.scaleDownStabilizationSeconds).toBeGreaterThanOrEqual(p.coldStart.expectedSeconds);
    expect(a.cooldownSeconds).toBeGreaterThanOrEqual(p.coldStart.expectedSeconds);
    expect(a.scaleDownStabilizationSeconds).toBeLessThanOrEqual(3600);
    expect(a.scaleUp).toEqual({ replicas: 1, periodSeconds: Math.min(1800, a.scaleDownStabilizationSeconds) });
    expect(a.scaleDown.replicas).toBe(1);
    expect(a.initialCooldownSeconds).toBe(p.coldStart.startupBudgetSeconds);
    expect(a.nodeAutoscaling.scaleDownDelayAfterAddSeconds).toBeGreaterThanOrEqual(p.coldStart.expectedSeconds);
    expect(a.nodeAutoscaling.podAnnotations).toEqual({ "cluster-autoscaler.kubernetes.io/safe-to-evict": "false", "karpenter.sh/do-not-disrupt": "true" });
  });

  test("refuses a cold start longer than the HPA's longest stabilisation window", () => {
    const p = plan({ hardware: "8xH200", coldStart: { stageThroughputMBps: 200 } });
    expect(() => planAutoscaling(p)).toThrow(
      `coldStart: is planned at ${p.coldStart.expectedSeconds} s, longer than the 3600 s the HPA allows as a scale-down stabilisation window (got ${p.coldStart.expectedSeconds}); speed up the cold start (coldStart.stageThroughputMBps / loadThroughputMBps, or a shorter warmupSeconds), so scale-down can wait it out`,
    );
  });
});

describe("scale to zero only when asked", () => {
  const p = plan({ hardware: "8xB200" });
  test("default minimum is at least 1; the only warning is the pinned image's missing load gauges", () => {
    const a = planAutoscaling(p);
    expect(a.replicas.min).toBeGreaterThanOrEqual(1);
    expect(a.scaleToZero).toBe(false);
    expect(a.warnings).toEqual([expect.stringMatching(/^TensorRT-LLM 1\.2\.1 exports no running\/waiting\/KV-cache gauges: load is read as in-flight requests by Little's law/)]);
    // 1.2.x exports no KV cache gauge: no KV trigger.
    expect(a.triggers.map((t) => t.name)).toEqual(["load"]);
    expect(planAutoscaling(plan({ hardware: "8xH200", image: { tag: "1.3.0rc14" } })).triggers.map((t) => t.name)).toEqual(["load", "kv-cache"]);
  });

  test("asked: min 0, a cold-start warning, an activation trigger", () => {
    const a = planAutoscaling(p, { scaleToZero: true, activationQuery: 'sum(rate(gateway_requests_total{code="503"}[1m]))' });
    expect(a.replicas.min).toBe(0);
    expect(a.nodes.min).toBe(0);
    expect(a.warnings).toContain(`scaleToZero: the first request after an idle period waits a full cold start (about ${Math.round(p.coldStart.expectedSeconds / 60)} min, ${p.coldStart.expectedSeconds} s planned)`);
    expect(a.triggers.find((t) => t.name === "activation")?.query).toBe('(sum(rate(gateway_requests_total{code="503"}[1m]))) or vector(0)');
    expect(a.fallback).toEqual({ failureThreshold: 3, replicas: 0, behavior: "currentReplicasIfHigher" });
  });

  test("asked without an activation query: refused (nothing would scale it back up)", () => {
    expect(() => planAutoscaling(p, { scaleToZero: true })).toThrow(
      "autoscaling.activationQuery: is required with scaleToZero: at zero replicas no server exists to report queued requests, so nothing would ever scale back up (got undefined); give a PromQL query that is > 0 while clients wait, e.g. the 5xx rate of your gateway for this service",
    );
  });

  test("a 0 minimum without scaleToZero is refused", () => {
    expect(() => planAutoscaling(p, { replicas: { min: 0, max: 2 } })).toThrow(
      `autoscaling.replicas.min: is 0 but autoscaling.scaleToZero is not set (got 0); set autoscaling.scaleToZero to true (cold start about ${Math.round(p.coldStart.expectedSeconds / 60)} min) and give autoscaling.activationQuery, or use a minimum of at least 1`,
    );
    const zeroPlan = plan({ hardware: "8xB200", replicas: { min: 0, max: 2 } });
    expect(() => planAutoscaling(zeroPlan)).toThrow(/^replicas\.min: is 0 but autoscaling\.scaleToZero is not set/);
  });
});

describe("metric names and queries", () => {
  test("default follows the image tag", () => {
    expect(defaultMetricNames("1.2.1")).toBe("prefixed");
    expect(defaultMetricNames("1.3.0rc13")).toBe("prefixed");
    expect(defaultMetricNames("1.1.0rc5")).toBe("unprefixed");
    expect(defaultMetricNames("1.0.0")).toBe("unprefixed");
    expect(defaultMetricNames("0.21.0")).toBe("unprefixed");
    expect(defaultMetricNames("custom-build")).toBe("prefixed");
  });

  test("an older tag drops the trtllm_ prefix and warns; the option overrides", () => {
    const older = planAutoscaling(plan({ hardware: "8xH200", image: { tag: "1.1.0rc5" } }), { targets: { timeToFirstTokenSeconds: 2 } });
    expect(older.metricNames).toBe("unprefixed");
    expect(older.triggers.map((t) => t.query).join(" ")).not.toMatch(/trtllm_/);
    expect(older.triggers[0].query).toContain("sum(rate(e2e_request_latency_seconds_sum{");
    expect(older.warnings.some((w) => w.startsWith("unprefixed TRT-LLM metric names"))).toBe(true);
    const forced = planAutoscaling(plan({ hardware: "8xH200", image: { tag: "1.1.0rc5" } }), { metricNames: "prefixed" });
    expect(forced.triggers[0].query).toContain("sum(rate(trtllm_e2e_request_latency_seconds_sum{");
  });

  // Issue 17: a metric the image does not export must not read as zero load (no `or vector(0)`).
  test("queries read only exported names, select the leader/server series, and are empty (an error) when a metric is missing", () => {
    const labels = { namespace: "deepseek", service: "trtllm" };
    const q13 = triggerQueries(metricNameSet("prefixed", "1.3"), labels);
    expect(q13.load).toBe('sum(trtllm_num_requests_running{namespace="deepseek",service="trtllm"}) + sum(trtllm_num_requests_waiting{namespace="deepseek",service="trtllm"})');
    expect(q13.kvCache).toBe('sum(trtllm_kv_cache_utilization{namespace="deepseek",service="trtllm"})');
    expect(q13.ttft).toBe('((histogram_quantile(0.9, sum by (le) (rate(trtllm_time_to_first_token_seconds_bucket{namespace="deepseek",service="trtllm"}[2m]))) * scalar(count(trtllm_time_to_first_token_seconds_count{namespace="deepseek",service="trtllm"}))) > 0) or (0 * sum(trtllm_time_to_first_token_seconds_count{namespace="deepseek",service="trtllm"}))');
    const q12 = triggerQueries(metricNameSet("prefixed", "1.2"), labels);
    expect(q12.load).toBe('sum(rate(trtllm_e2e_request_latency_seconds_sum{namespace="deepseek",service="trtllm"}[1m]))');
    expect(q12.kvCache).toBeUndefined();
    for (const [line, q] of [["1.2", q12], ["1.3", q13]] as const) {
      const set = TRTLLM_METRIC_SETS[line];
      for (const query of Object.values(q)) {
        expect(query).not.toContain("vector(0)");
        for (const series of seriesIn(query!)) expect([line, series, isExported(set, series)]).toEqual([line, series, true]);
      }
    }
  });

  test("a KV-cache target with an image that exports no KV gauge: refused", () => {
    expect(() => planAutoscaling(plan({ hardware: "8xH200" }), { kvCacheUtilizationTarget: 0.8 })).toThrow(/^autoscaling\.kvCacheUtilizationTarget: needs a KV cache utilisation metric, and TensorRT-LLM 1\.2\.1 exports none/);
  });

  test("default labels pick the serving layer's scrape job, which keeps leader/server pods only", () => {
    for (const hardware of ["8xB200", "2x8xH100"]) {
      const p = plan({ hardware });
      const a = planAutoscaling(p);
      const [job] = parse(prometheusValues(p).extraScrapeConfigs as string);
      expect(a.metricLabels).toEqual({ namespace: servingNames(p).namespace, job: job.job_name });
      const kept = job.relabel_configs.filter((r: { action?: string }) => r.action === "keep").map((r: { source_labels: string[]; regex: string }) => [r.source_labels[0], r.regex]);
      for (const [label, value] of Object.entries(servingNames(p).endpointSelector)) {
        expect(kept).toContainEqual([`__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, "_")}`, value]);
      }
      expect(a.triggers[0].query).toContain(`trtllm_e2e_request_latency_seconds_sum{job="${job.job_name}",namespace="deepseek"}`);
    }
  });

  test("TTFT trigger only with a TTFT target; thresholds from the plan", () => {
    const p = plan({ hardware: "8xB200" });
    const a = planAutoscaling(plan({ hardware: "8xB200", image: { tag: "1.3.0rc14" } }), { targets: { timeToFirstTokenSeconds: 1.5 }, kvCacheUtilizationTarget: 0.8 });
    expect(a.triggers.map((t) => [t.name, t.threshold])).toEqual([["load", 2048], ["kv-cache", 0.8], ["ttft", 1.5]]);
    // 256 per rank (NVIDIA's conc-1024 file captures CUDA graphs to 256) × 8 attention-DP ranks.
    expect(replicaConcurrency(p)).toBe(2048);
    // Latency: the published figure holds at batch 1.
    expect(planAutoscaling(plan({ hardware: "8xB200", mode: "latency" })).queuePerReplicaTarget).toBe(1);
    expect(planAutoscaling(p, { queuePerReplicaTarget: 512 }).queuePerReplicaTarget).toBe(512);
  });
});

describe("input validation and node autoscaler choice", () => {
  const p = plan({ hardware: "8xB200" });
  test("unknown fields and bad values are DeepSeekConfigErrors with the autoscaling prefix", () => {
    expect(() => planAutoscaling(p, { scaleTozero: true } as never)).toThrow(`autoscaling.scaleTozero: is not a known field (got true); did you mean "scaleToZero"? (or remove it)`);
    expect(() => planAutoscaling(p, { kvCacheUtilizationTarget: 1.5 })).toThrow(DeepSeekConfigError);
    expect(() => planAutoscaling(p, { metricNames: "old" as never })).toThrow('autoscaling.metricNames: is not a supported value (got "old"); use "prefixed" or "unprefixed"');
  });

  test("karpenter on AWS; cloud mismatches refused", () => {
    expect(planAutoscaling(p, { nodeAutoscaler: "karpenter" }).nodeAutoscaling).toMatchObject({ kind: "karpenter", maxGpus: 16 });
    expect(() => planAutoscaling(p, { nodeAutoscaler: "gke-node-pool" })).toThrow(
      'autoscaling.nodeAutoscaler: is GKE\'s built-in node pool autoscaler, not available on EKS (got "gke-node-pool"); use "cluster-autoscaler" or "karpenter"',
    );
    const g = planDeployment({ model: "deepseek-r1", cloud: "gcp", region: "us-central1", hardware: "8xB200" });
    expect(() => planAutoscaling(g, { nodeAutoscaler: "karpenter" })).toThrow(
      'autoscaling.nodeAutoscaler: is not available on GKE, whose node pools autoscale themselves (got "karpenter"); use "gke-node-pool" or leave it unset',
    );
  });
});
