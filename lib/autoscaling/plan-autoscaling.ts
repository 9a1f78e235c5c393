import { asWritten, type PathOf } from "../plan/refusal-paths";
import { requirePlan } from "../plan/plan-shape";
import { z } from "zod";
import { missingPointReason, publishedPlatforms, throughputFigureFor, type ThroughputFigure } from "../catalog/throughput";
import { DeepSeekConfigError } from "../errors";
import { parseOrThrow, wholeNumber } from "../validation";
import { servingNames } from "../plan/names";
import { replicaConcurrency } from "../plan/concurrency";
import type { DeploymentPlan } from "../plan/plan";
import { defaultMetricNames, metricNameSet, triggerQueries, type MetricNameSet } from "./plan-autoscaling-metrics";
import { trtllmMetricLine } from "../catalog/trtllm-metrics";
import { MAX_POOL_NODES } from "../catalog/limits";
export * from "./plan-autoscaling-metrics";

/**
 * SLA-aware autoscaling, decided as plain data: replica and node bounds tied to capacity, KEDA
 * triggers on TensorRT-LLM's Prometheus metrics, scale behaviour that respects cold start, and the
 * node autoscaler that follows. No cdktf import; every refusal is a DeepSeekConfigError.
 */

/** HPA limits (autoscaling/v2): stabilisation window ≤ 3600 s, policy period ≤ 1800 s. */
export const HPA_MAX_STABILIZATION_SECONDS = 3600;
export const HPA_MAX_POLICY_PERIOD_SECONDS = 1800;
/** KEDA polling interval, seconds (KEDA default). */
export const POLLING_INTERVAL_SECONDS = 30;
/** Consecutive failed metric reads before KEDA applies the fallback. */
export const FALLBACK_FAILURE_THRESHOLD = 3;
/** Default KV cache utilisation target (0-1) per replica. */
export const DEFAULT_KV_CACHE_UTILIZATION_TARGET = 0.85;
/**
 * Prometheus job that scrapes trtllm-serve (lib/serving/plan-operators.ts `prometheusValues`):
 * it keeps only pods matching servingNames(plan).endpointSelector, i.e. LWS leaders or all
 * single-node servers, so series with this job label come from leader/server pods only.
 */
export const TRTLLM_SCRAPE_JOB = "trtllm";

export const NODE_AUTOSCALERS = ["cluster-autoscaler", "karpenter", "gke-node-pool"] as const;
export type NodeAutoscalerKind = (typeof NODE_AUTOSCALERS)[number];

const positive = z.number().gt(0);

export const autoscalingInputSchema = z.object({
  /** Service-level targets. Sizing uses outputTokensPerSecond; all are checked against the table. */
  targets: z.object({
    /** Aggregate output tokens/s the deployment must sustain at peak. */
    outputTokensPerSecond: positive.max(1e9).optional(), // as sizing.outputTokensPerSecond: far past any placement the pool maxima allow
    /** Output tokens/s each user must see. */
    tokensPerSecondPerUser: positive.optional(),
    /** p90 time to first token, seconds; adds a TTFT trigger. */
    // At least 1 ms: KEDA turns a threshold into a milli-quantity (int64(value * 1000), kedacore/keda
    // pkg/scalers/scaler.go GetMetricTargetMili), so a smaller target becomes 0 and the HPA scales to the maximum.
    timeToFirstTokenSeconds: z.number().min(0.001).max(600).optional(),
  }).strict().optional(),
  /** Explicit replica bounds; win over sizing and over the deployment plan. */
  // Bounded by the node pool's maximum (catalog): checked against the plan, quoting it.
  replicas: z.object({ min: wholeNumber().min(0), max: wholeNumber().min(1) }).strict().optional(),
  /** Allow 0 replicas when idle. @default false */
  scaleToZero: z.boolean().optional(),
  /**
   * PromQL that is > 0 when clients wait while no server runs (e.g. 5xx rate at your gateway).
   * Required with scaleToZero: at zero replicas the servers' own metrics do not exist.
   */
  activationQuery: z.string().min(1).optional(),
  /** `trtllm_`-prefixed names (TRT-LLM ≥ 1.2) or the older unprefixed ones. @default from plan.image.tag */
  metricNames: z.enum(["prefixed", "unprefixed"]).optional(),
  /** Queued + active requests per replica before scaling out. @default from the throughput row / batch capacity */
  // At most one replica's concurrency (checked against the plan, quoting it).
  queuePerReplicaTarget: wholeNumber().min(1).optional(),
  /** KV cache utilisation (0-1) per replica before scaling out. @default 0.85 */
  kvCacheUtilizationTarget: z.number().gt(0).max(1).optional(),
  /** Labels that select the servers' series in Prometheus (the serving layer's scrape job keeps leader/server pods only).
   * @default { namespace: <serving namespace>, job: "trtllm" } */
  metricLabels: z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, "is not a Prometheus label name; use letters, digits and _"), z.string()).optional(),
  /** Node autoscaler. @default "cluster-autoscaler" on AWS, "gke-node-pool" on GCP */
  nodeAutoscaler: z.enum(NODE_AUTOSCALERS).optional(),
}).strict();

export type AutoscalingInput = z.input<typeof autoscalingInputSchema>;

export interface AutoscalingTrigger {
  /** Trigger name in the ScaledObject. */
  readonly name: "load" | "kv-cache" | "ttft" | "activation";
  readonly query: string;
  /** Per-replica target (KEDA `threshold`, HPA AverageValue). */
  readonly threshold: number;
  /** Above this value KEDA activates the workload from zero. */
  readonly activationThreshold: number;
  /**
   * Whether an empty result is an error (KEDA `ignoreNullValues: "false"`): true for every query
   * over the server's metrics, so a metric the image does not export (or a broken scrape) shows
   * as a failing ScaledObject and KEDA's fallback, never as zero load.
   */
  readonly absentIsError: boolean;
  readonly description: string;
}

export interface SizingRecord {
  /** Table rows used, by id, with what was taken from each. */
  readonly figures: readonly ThroughputFigure[];
  readonly replicasForThroughput?: number;
  /** Human-readable arithmetic. */
  readonly arithmetic: string;
}

export interface NodeAutoscalingPlan {
  readonly kind: NodeAutoscalerKind;
  /** Node bounds the pool (EKS node group, GKE node pool, Karpenter NodePool limits) must carry. */
  readonly minNodes: number;
  readonly maxNodes: number;
  /** GPUs at the maximum; Karpenter NodePool `limits` use it. */
  readonly maxGpus: number;
  /** Cluster autoscaler waits this long after a scale-up before any scale-down (≥ cold start). */
  readonly scaleDownDelayAfterAddSeconds: number;
  /** A node must be unneeded this long before removal (≥ cold start). */
  readonly scaleDownUnneededSeconds: number;
  /** Longest a requested node may take to register before the cluster autoscaler gives up. */
  readonly maxNodeProvisionSeconds: number;
  /** Pod annotations that stop node autoscalers evicting a serving pod (breaking a multi-node group). */
  readonly podAnnotations: Readonly<Record<string, string>>;
  readonly note: string;
}

/** The plain, fully decided autoscaling of one placement. */
export interface AutoscalingPlan {
  readonly replicas: { readonly min: number; readonly max: number };
  readonly nodes: { readonly min: number; readonly max: number };
  /** Where the replica bounds came from. */
  readonly boundsSource: "input" | "targets" | "plan";
  readonly scaleToZero: boolean;
  readonly metricNames: "prefixed" | "unprefixed";
  readonly metrics: MetricNameSet;
  readonly metricLabels: Readonly<Record<string, string>>;
  readonly queuePerReplicaTarget: number;
  readonly kvCacheUtilizationTarget: number;
  readonly timeToFirstTokenSeconds?: number;
  readonly triggers: readonly AutoscalingTrigger[];
  readonly pollingIntervalSeconds: number;
  /** KEDA cooldownPeriod (last replica → 0) and HPA scale-down stabilisation, seconds (≥ cold start). */
  readonly cooldownSeconds: number;
  readonly scaleDownStabilizationSeconds: number;
  /** KEDA initialCooldownPeriod: no scale-to-zero before the first replica can be up. */
  readonly initialCooldownSeconds: number;
  /** Scale up and down by one replica (one whole node group) per period. */
  readonly scaleUp: { readonly replicas: 1; readonly periodSeconds: number };
  readonly scaleDown: { readonly replicas: 1; readonly periodSeconds: number };
  readonly fallback: { readonly failureThreshold: number; readonly replicas: number; readonly behavior: "currentReplicasIfHigher" };
  readonly sizing?: SizingRecord;
  readonly nodeAutoscaling: NodeAutoscalingPlan;
  readonly warnings: readonly string[];
}

/** Pod annotations that keep node autoscalers from evicting a serving pod to consolidate nodes. */
export const NO_EVICT_POD_ANNOTATIONS: Readonly<Record<string, string>> = {
  "cluster-autoscaler.kubernetes.io/safe-to-evict": "false",
  "karpenter.sh/do-not-disrupt": "true",
};

/**
 * Plans autoscaling for a deployment plan.
 *
 * Bounds: `input.replicas`, else sizing from `targets.outputTokensPerSecond`, else `plan.replicas`.
 * Nodes = replicas × nodesPerReplica, refused beyond reserved capacity. planCluster builds the
 * placement's deployment (and so every node pool) with these bounds.
 */
export function planAutoscaling(plan: DeploymentPlan, input: AutoscalingInput = {}, at: PathOf = asWritten): AutoscalingPlan {
  requirePlan(plan);
  const parsed = parseOrThrow(autoscalingInputSchema, input, at("autoscaling"));
  const warnings: string[] = [];
  const targets = parsed.targets ?? {};
  const scaleToZero = parsed.scaleToZero ?? false;
  const coldStart = plan.coldStart.expectedSeconds;
  const coldMinutes = Math.round(coldStart / 60);

  // Throughput table: needed to size from a target and to check a per-user speed.
  const figure = throughputFigureFor(plan);
  const published = figure !== undefined && plan.modelKind === "moe";
  const what = `${plan.hardware} ${plan.mode} ${plan.weightPrecision.toUpperCase()} (KV ${plan.kvCacheDtype})`;
  const missingWhy = missingPointReason(plan.gpu, plan.weightPrecision, plan.mode);
  const nonePublished = missingWhy === undefined
    ? `neither NVIDIA nor InferenceX publishes a DeepSeek-R1 figure for ${what}`
    : `no published DeepSeek-R1 figure for ${what} is vendored (${missingWhy})`;

  let sizing: SizingRecord | undefined;
  if (targets.tokensPerSecondPerUser !== undefined) {
    if (!published) {
      if (parsed.replicas === undefined) {
        throw new DeepSeekConfigError(at("autoscaling.targets.tokensPerSecondPerUser"), `cannot be checked: ${nonePublished}`, targets.tokensPerSecondPerUser, `give autoscaling.replicas { min, max } yourself and drop the target, or use hardware, precision and mode with a published point: ${publishedPlatforms().join("; ")}`);
      }
      warnings.push(`no published figure for ${what}: the per-user target of ${targets.tokensPerSecondPerUser} tok/s is not checked`);
    } else if (targets.tokensPerSecondPerUser > figure.outputTokensPerSecondPerUser) {
      const other = figure.mode === "throughput" ? "; use mode \"latency\" for per-user speed" : "";
      throw new DeepSeekConfigError(at("autoscaling.targets.tokensPerSecondPerUser"), `is above the ${figure.outputTokensPerSecondPerUser} tok/s per user NVIDIA published for ${what} (${figure.id})`, targets.tokensPerSecondPerUser, `use at most ${figure.outputTokensPerSecondPerUser}${other}`);
    }
  }

  let bounds: { min: number; max: number };
  let boundsSource: AutoscalingPlan["boundsSource"];
  if (parsed.replicas !== undefined) {
    bounds = { ...parsed.replicas };
    boundsSource = "input";
  } else if (targets.outputTokensPerSecond !== undefined) {
    if (!published) {
      throw new DeepSeekConfigError(at("autoscaling.targets.outputTokensPerSecond"), `cannot size replicas: ${missingWhy === undefined ? `neither NVIDIA nor InferenceX publishes DeepSeek-R1 throughput for ${what}` : `no published DeepSeek-R1 throughput for ${what} is vendored (${missingWhy})`}`, targets.outputTokensPerSecond, `give autoscaling.replicas { min, max } yourself, or use hardware, precision and mode with a published point: ${publishedPlatforms().join("; ")}`);
    }
    const perReplica = figure.outputTokensPerSecondPerGpu * plan.gpusPerReplica;
    const needed = Math.ceil(targets.outputTokensPerSecond / perReplica);
    sizing = {
      figures: [figure],
      replicasForThroughput: needed,
      arithmetic: `ceil(${targets.outputTokensPerSecond} tok/s ÷ (${figure.outputTokensPerSecondPerGpu} tok/s/GPU × ${plan.gpusPerReplica} GPUs)) = ceil(${targets.outputTokensPerSecond} ÷ ${round(perReplica)}) = ${needed} replicas (${figure.id}, ISL ${figure.inputSequenceLength}/OSL ${figure.outputSequenceLength}, concurrency ${figure.concurrency})`,
    };
    bounds = { min: Math.min(Math.max(plan.replicas.min, 1), needed), max: needed };
    boundsSource = "targets";
  } else {
    bounds = { ...plan.replicas };
    boundsSource = "plan";
  }
  if (sizing === undefined && published && targets.tokensPerSecondPerUser !== undefined) {
    sizing = { figures: [figure], arithmetic: `per-user target ${targets.tokensPerSecondPerUser} tok/s ≤ ${figure.outputTokensPerSecondPerUser} tok/s/user published (${figure.id})` };
  }

  const boundsPath = boundsSource === "input" ? "autoscaling.replicas" : boundsSource === "targets" ? "autoscaling.targets.outputTokensPerSecond" : "replicas";
  if (bounds.min > bounds.max) {
    throw new DeepSeekConfigError(at("autoscaling.replicas.min"), `is greater than autoscaling.replicas.max (${bounds.max})`, bounds.min, "set min ≤ max");
  }
  if (scaleToZero) {
    if (parsed.activationQuery === undefined) {
      throw new DeepSeekConfigError(at("autoscaling.activationQuery"), "is required with scaleToZero: at zero replicas no server exists to report queued requests, so nothing would ever scale back up", undefined, "give a PromQL query that is > 0 while clients wait, e.g. the 5xx rate of your gateway for this service");
    }
    bounds.min = 0;
    warnings.push(`scaleToZero: the first request after an idle period waits a full cold start (about ${coldMinutes} min, ${coldStart} s planned)`);
  } else if (bounds.min === 0) {
    throw new DeepSeekConfigError(at(boundsSource === "plan" ? "replicas.min" : "autoscaling.replicas.min"), "is 0 but autoscaling.scaleToZero is not set", 0, `set autoscaling.scaleToZero to true (cold start about ${coldMinutes} min) and give autoscaling.activationQuery, or use a minimum of at least 1`);
  }
  if (plan.capacity.kind === "queued" && bounds.min > 0) {
    throw new DeepSeekConfigError(at("autoscaling.scaleToZero"), "must be true with queued provisioning (DWS), whose node pool starts at 0 nodes", parsed.scaleToZero, "set scaleToZero to true, or use capacity kind \"on-demand\" or \"reservation\"");
  }

  const nodesPerReplica = plan.nodesPerReplica;
  const nodes = { min: bounds.min * nodesPerReplica, max: bounds.max * nodesPerReplica };
  // The node pool holds every replica's nodes: the autoscaler's bounds meet the same cloud maximum as the plan's.
  const poolMax = MAX_POOL_NODES[plan.cloud];
  if (nodes.max > poolMax) {
    throw new DeepSeekConfigError(at(boundsPath === "replicas" ? "replicas.max" : boundsPath === "autoscaling.replicas" ? "autoscaling.replicas.max" : boundsPath), `needs ${nodes.max} nodes (${nodesPerReplica} per replica), more than one ${plan.cloud === "aws" ? "EKS managed node group" : "GKE node pool zone"} holds (${poolMax})`, boundsSource === "targets" ? targets.outputTokensPerSecond : bounds.max, `use at most ${Math.floor(poolMax / nodesPerReplica)} replicas, or split the capacity into several placements`);
  }
  const reserved = plan.capacity.reservedNodes;
  if (reserved !== undefined && nodes.max > reserved) {
    const fit = Math.floor(reserved / nodesPerReplica);
    const perReplicaTps = published ? figure.outputTokensPerSecondPerGpu * plan.gpusPerReplica : undefined;
    const cap = perReplicaTps !== undefined ? ` (about ${round(fit * perReplicaTps)} output tok/s)` : "";
    throw new DeepSeekConfigError(at(boundsPath), `needs ${bounds.max} replicas = ${nodes.max} nodes (${nodesPerReplica} per replica) but the ${plan.capacity.kind} holds ${reserved} nodes`, boundsSource === "targets" ? targets.outputTokensPerSecond : bounds.max, `the ${plan.capacity.kind} fits at most ${fit} replicas${cap}: lower the target or maximum, or reserve ${nodes.max} nodes`);
  }

  // Cold start bounds every window: a replica removed costs a full reload to get back.
  if (coldStart > HPA_MAX_STABILIZATION_SECONDS) {
    throw new DeepSeekConfigError(at("coldStart"), `is planned at ${coldStart} s, longer than the 3600 s the HPA allows as a scale-down stabilisation window`, coldStart, "speed up the cold start (coldStart.stageThroughputMBps / loadThroughputMBps, or a shorter warmupSeconds), so scale-down can wait it out");
  }
  const window = Math.min(HPA_MAX_STABILIZATION_SECONDS, Math.ceil(coldStart / 60) * 60);
  const period = Math.min(HPA_MAX_POLICY_PERIOD_SECONDS, window);

  const style = parsed.metricNames ?? defaultMetricNames(plan.image.tag);
  const metrics = metricNameSet(style, trtllmMetricLine(plan.image.tag));
  if (style === "unprefixed") {
    warnings.push(`unprefixed TRT-LLM metric names: confirm ${metrics.exported.slice(0, 3).join(", ")} appear on /prometheus/metrics`);
  }
  if (!metrics.kvCacheUtilization) {
    if (parsed.kvCacheUtilizationTarget !== undefined) {
      throw new DeepSeekConfigError(at("autoscaling.kvCacheUtilizationTarget"), `needs a KV cache utilisation metric, and TensorRT-LLM ${plan.image.tag} exports none (lib/catalog/trtllm-metrics.ts: the ${metrics.line} line)`, parsed.kvCacheUtilizationTarget, "remove kvCacheUtilizationTarget, or pin an image of the 1.3 line, which exports trtllm_kv_cache_utilization");
    }
    warnings.push(`TensorRT-LLM ${plan.image.tag} exports no running/waiting/KV-cache gauges: load is read as in-flight requests by Little's law over ${metrics.load.kind === "littles-law" ? metrics.load.latencyHistogram : "the latency histogram"} (lags by one request duration) and there is no KV-cache trigger; a 1.3 image exports the gauges`);
  }
  const names = servingNames(plan);
  const metricLabels = parsed.metricLabels ?? { namespace: names.namespace, job: TRTLLM_SCRAPE_JOB };
  const queries = triggerQueries(metrics, metricLabels);

  const batchCapacity = replicaConcurrency(plan);
  const rowConcurrency = published ? Math.ceil(figure.concurrency * plan.gpusPerReplica / figure.gpus) : undefined;
  if (parsed.queuePerReplicaTarget !== undefined && parsed.queuePerReplicaTarget > batchCapacity) {
    throw new DeepSeekConfigError(at("autoscaling.queuePerReplicaTarget"), `is above the ${batchCapacity} requests one replica runs at once (max batch size × attention data-parallel ranks), so the load trigger would fire only past saturation`, parsed.queuePerReplicaTarget, `use at most ${batchCapacity}`);
  }
  const queuePerReplicaTarget = parsed.queuePerReplicaTarget ?? Math.max(1, Math.min(batchCapacity, rowConcurrency ?? batchCapacity));
  const kvCacheUtilizationTarget = parsed.kvCacheUtilizationTarget ?? DEFAULT_KV_CACHE_UTILIZATION_TARGET;

  const triggers: AutoscalingTrigger[] = [
    { name: "load", query: queries.load, threshold: queuePerReplicaTarget, activationThreshold: 0, absentIsError: true, description: `queued + active requests per replica above ${queuePerReplicaTarget}` },
    ...(queries.kvCache ? [{ name: "kv-cache" as const, query: queries.kvCache, threshold: kvCacheUtilizationTarget, activationThreshold: 0, absentIsError: true, description: `KV cache utilisation per replica above ${kvCacheUtilizationTarget}` }] : []),
  ];
  if (targets.timeToFirstTokenSeconds !== undefined) {
    triggers.push({ name: "ttft", query: queries.ttft, threshold: targets.timeToFirstTokenSeconds, activationThreshold: 0, absentIsError: true, description: `p90 time to first token above ${targets.timeToFirstTokenSeconds} s` });
  }
  if (scaleToZero && parsed.activationQuery !== undefined) {
    // The user's own query (typically a gateway metric): an idle gateway may have no series yet.
    triggers.push({ name: "activation", query: `(${parsed.activationQuery}) or vector(0)`, threshold: 1, activationThreshold: 0, absentIsError: false, description: "clients waiting while no replica runs" });
  }

  const nodeAutoscaling = planNodeAutoscaling(plan, parsed.nodeAutoscaler, nodes, at);
  return {
    replicas: bounds,
    nodes,
    boundsSource,
    scaleToZero,
    metricNames: style,
    metrics,
    metricLabels,
    queuePerReplicaTarget,
    kvCacheUtilizationTarget,
    timeToFirstTokenSeconds: targets.timeToFirstTokenSeconds,
    triggers,
    pollingIntervalSeconds: POLLING_INTERVAL_SECONDS,
    cooldownSeconds: window,
    scaleDownStabilizationSeconds: window,
    initialCooldownSeconds: plan.coldStart.startupBudgetSeconds,
    scaleUp: { replicas: 1, periodSeconds: period },
    scaleDown: { replicas: 1, periodSeconds: period },
    fallback: { failureThreshold: FALLBACK_FAILURE_THRESHOLD, replicas: bounds.min, behavior: "currentReplicasIfHigher" },
    sizing,
    nodeAutoscaling,
    warnings,
  };
}

function planNodeAutoscaling(plan: DeploymentPlan, kind: NodeAutoscalerKind | undefined, nodes: { min: number; max: number }, at: PathOf = asWritten): NodeAutoscalingPlan {
  const chosen = kind ?? (plan.cloud === "aws" ? "cluster-autoscaler" : "gke-node-pool");
  if (plan.cloud === "gcp" && chosen !== "gke-node-pool") {
    throw new DeepSeekConfigError(at("autoscaling.nodeAutoscaler"), "is not available on GKE, whose node pools autoscale themselves", chosen, "use \"gke-node-pool\" or leave it unset");
  }
  if (plan.cloud === "aws" && chosen === "gke-node-pool") {
    throw new DeepSeekConfigError(at("autoscaling.nodeAutoscaler"), "is GKE's built-in node pool autoscaler, not available on EKS", chosen, "use \"cluster-autoscaler\" or \"karpenter\"");
  }
  const delay = Math.ceil(plan.coldStart.expectedSeconds / 60) * 60;
  const notes: Record<NodeAutoscalerKind, string> = {
    "cluster-autoscaler": "EKS managed node group scaled by the cluster autoscaler (auto-discovered by cluster tag); its min/max are these node bounds",
    karpenter: "Karpenter (installed by you) provisions the nodes; set the NodePool limit nvidia.com/gpu to maxGpus and keep consolidation off pods annotated karpenter.sh/do-not-disrupt",
    "gke-node-pool": "GKE node pool autoscaling (built in); its min/max node counts are these node bounds, from the same plan",
  };
  return {
    kind: chosen,
    minNodes: nodes.min,
    maxNodes: nodes.max,
    maxGpus: nodes.max * plan.gpusPerNode,
    scaleDownDelayAfterAddSeconds: delay,
    scaleDownUnneededSeconds: delay,
    // GPU nodes boot slowly (driver, EFA); 30 min before CA calls a node group unavailable.
    maxNodeProvisionSeconds: 1800,
    podAnnotations: NO_EVICT_POD_ANNOTATIONS,
    note: notes[chosen],
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
