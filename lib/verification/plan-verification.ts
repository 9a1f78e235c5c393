import { asWritten, type PathOf } from "../plan/refusal-paths";
import { requirePlan } from "../plan/plan-shape";
import { z } from "zod";
import type { FabricKind } from "../catalog";
import { throughputFigureFor } from "../catalog/throughput";
import { DeepSeekConfigError } from "../errors";
import { parseOrThrow } from "../validation";
import type { DeploymentPlan } from "../plan/plan";

/**
 * Post-deploy checks decided from the plan (issue 11). Pure: no cdktf, plain data out.
 *
 * - fabric: an NCCL all-reduce across the nodes of one replica, with the servers' fabric settings;
 *   fails unless NCCL selects the expected network and the bus bandwidth reaches
 *   `nominalGbps / 8 × busBandwidthFraction` GB/s.
 * - serving: /health, /health_generate, one streamed chat completion through the gateway (its
 *   in-cluster Service with the public hostname as TLS SNI, or the public endpoint) with the API
 *   key (TTFT, output tokens/s), and one request without a key that must be refused.
 * - loadProbe (off by default): a short benchmark at a set concurrency reporting TTFT p50/p90,
 *   inter-token latency and aggregate tokens/s beside an expectation.
 */

/** Fraction of the node type's nominal fabric bandwidth the all-reduce bus bandwidth must reach. */
export const DEFAULT_BUS_BANDWIDTH_FRACTION = 0.5;

const timeoutsSchema = z.object({
  /** Deadline of the fabric check Job (image pull + scale-up + all-reduce), seconds. */
  fabricSeconds: z.number().int().min(60).max(6 * 3600).optional(),
  /** Extra time the serving check waits beyond the plan's startup budget, seconds. */
  servingSeconds: z.number().int().min(60).max(6 * 3600).optional(),
  /** Deadline of the load probe Job, seconds. */
  loadProbeSeconds: z.number().int().min(60).max(6 * 3600).optional(),
}).strict();

const loadProbeSchema = z.object({
  enabled: z.boolean().optional(),
  /** Requests in flight at once. */
  concurrency: z.number().int().min(1).max(4096).optional(),
  /** Requests sent in all. */
  requests: z.number().int().min(1).max(100000).optional(),
  /** Prompt length, tokens (approximate: words). */
  inputTokens: z.number().int().min(1).max(131072).optional(),
  /** Tokens asked per request. */
  outputTokens: z.number().int().min(1).max(32768).optional(),
  /**
   * Aggregate output tokens/s you expect from one replica at this concurrency.
   * @default the catalog's published figure for the plan's GPU, GPU count, mode and precision, when there is one
   */
  // No replica in the catalog comes near 10^6 output tok/s (the highest published figure is about 43,000: lib/catalog/throughput.ts).
  expectedOutputTokensPerSecond: z.number().positive().max(1e6).optional(),
}).strict();

export const verificationInputSchema = z.object({
  /** Run the NCCL fabric check. @default true when the plan spans more than one node per replica. */
  fabricCheck: z.boolean().optional(),
  /** Run the serving check. @default true */
  servingCheck: z.boolean().optional(),
  loadProbe: loadProbeSchema.optional(),
  /** @default 0.5 */
  busBandwidthFraction: z.number().gt(0).max(1).optional(),
  /** Size of the all-reduce message, MiB. @default 1024 */
  allReduceMessageMiB: z.number().int().min(1).max(16384).optional(),
  timeouts: timeoutsSchema.optional(),
  /** Seconds a finished check Job (and its log) is kept. @default 3600 */
  ttlSecondsAfterFinished: z.number().int().min(0).max(7 * 86400).optional(),
}).strict();

/** What `planVerification` accepts. */
export type VerificationInput = z.input<typeof verificationInputSchema>;

export type CheckName = "fabric" | "serving" | "loadProbe";

/** The NCCL network a fabric must select, as the NCCL_DEBUG=INFO log shows it. */
export interface FabricTransport {
  /** NCCL network plugin name (NCCL_NET). */
  readonly ncclNet: string;
  /** Extended regular expression (grep -E) a log line must match. */
  readonly expectedLogPattern: string;
  /** Human description for the review and the failure message. */
  readonly description: string;
  /** Extended regular expression of a fallback that fails the check. */
  readonly fallbackLogPattern: string;
  readonly source: string;
}

/** Log line of a TCP fallback: NCCL picked its built-in socket transport. */
export const SOCKET_FALLBACK_PATTERN = "Using network Socket|NET/Socket : Using";

/**
 * Expected NCCL transport per fabric: EKS UG node-efa + aws/aws-ofi-nccl (EFA); cluster-toolkit (GCP families:
 * A3 High TCPX, A3 Mega TCPXO "FasTrak", A3 Ultra/A4 gIB). The exact log wording varies between
 * plugin versions, so each pattern accepts the known spellings.
 */
export const FABRIC_TRANSPORTS: Readonly<Record<FabricKind, FabricTransport>> = {
  efa: {
    ncclNet: "AWS Libfabric",
    expectedLogPattern: "NET/OFI Selected provider is efa|Using network (AWS )?Libfabric",
    description: "aws-ofi-nccl over EFA (libfabric provider efa)",
    fallbackLogPattern: SOCKET_FALLBACK_PATTERN,
    source: "EKS UG node-efa (awsdocs/amazon-eks-user-guide latest/ug/ml/node-efa.adoc); aws/aws-ofi-nccl log strings",
  },
  "gpudirect-rdma": {
    ncclNet: "gIB",
    expectedLogPattern: "NET/gIB|Using network gIB",
    description: "GPUDirect RDMA through the gIB NCCL plugin",
    fallbackLogPattern: SOCKET_FALLBACK_PATTERN,
    source: "GoogleCloudPlatform/cluster-toolkit examples/gke-a3-ultragpu/gke-a3-ultragpu.yaml, examples/gke-a4/gke-a4.yaml",
  },
  "gpudirect-tcpxo": {
    ncclNet: "FasTrak",
    expectedLogPattern: "NET/FasTrak|Using network FasTrak",
    description: "GPUDirect-TCPXO through the FasTrak NCCL plugin",
    fallbackLogPattern: SOCKET_FALLBACK_PATTERN,
    source: "GoogleCloudPlatform/container-engine-accelerators gpudirect-tcpxo/README.md",
  },
  "gpudirect-tcpx": {
    ncclNet: "GPUDirectTCPX_v7",
    expectedLogPattern: "NET/GPUDirectTCPX|Using network GPUDirectTCPX",
    description: "GPUDirect-TCPX through the TCPX NCCL plugin",
    fallbackLogPattern: SOCKET_FALLBACK_PATTERN,
    source: "GKE docs: Maximize GPU network bandwidth with GPUDirect and multi-networking (TCPX)",
  },
};

export interface FabricCheckPlan {
  readonly fabric: FabricKind;
  readonly transport: FabricTransport;
  /** Pods (one per node) = plan.nodesPerReplica. */
  readonly nodes: number;
  readonly gpusPerNode: number;
  /** Ranks in the all-reduce = plan.gpusPerReplica. */
  readonly worldSize: number;
  readonly nominalGbps: number;
  readonly busBandwidthFraction: number;
  /** nominalGbps / 8 × busBandwidthFraction, GB/s, rounded down to 0.1. */
  readonly minBusBandwidthGBps: number;
  /** The formula, spelled out for the review. */
  readonly thresholdFormula: string;
  readonly messageBytes: number;
  readonly timeoutSeconds: number;
}

export interface ServingCheckPlan {
  /** Seconds the check waits for /health before giving up (plan cold-start budget). */
  readonly readyWaitSeconds: number;
  readonly timeoutSeconds: number;
  /** Tokens asked of the one chat completion. */
  readonly maxTokens: number;
  /** HTTP statuses that count as refusing the unauthenticated request. */
  readonly refusalStatuses: readonly number[];
  /**
   * Seconds the check keeps retrying the chat completion while the gateway comes up (listener,
   * route, API-key Secret): half the check's time beyond the startup budget, so the /health wait
   * plus this fit inside the Job deadline.
   */
  readonly gatewayWaitSeconds: number;
  /** Longest pause between two attempts (backoff doubles from 2 s up to this), seconds. */
  readonly gatewayMaxBackoffSeconds: number;
}

/** Cap of the serving check's retry backoff while the gateway comes up, seconds. */
export const GATEWAY_MAX_BACKOFF_SECONDS = 30;

/** What the plan expects, reported beside the probe's measurement (never a pass/fail threshold). */
export interface LoadProbeExpectation {
  /** Aggregate output tokens/s of one replica. */
  readonly outputTokensPerSecond: number;
  /** Output tokens/s one user sees, when published. */
  readonly outputTokensPerSecondPerUser: number | null;
  /** Concurrency the figure was measured at; the probe's own concurrency is usually far lower. */
  readonly publishedConcurrency: number | null;
  /** Catalog row id, or `user` when given in the input. */
  readonly figure: string;
  readonly source: string;
}

export interface LoadProbePlan {
  readonly concurrency: number;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** `null` when there is no published figure for this hardware (H100) and none was given. */
  readonly expectation: LoadProbeExpectation | null;
  readonly timeoutSeconds: number;
}

export interface VerificationPlan {
  /** Checks that run, in order. */
  readonly enabled: readonly CheckName[];
  /** Checks that do not run, each with why (turned off, or not applicable). */
  readonly disabled: readonly { readonly check: CheckName; readonly reason: string }[];
  readonly fabric: FabricCheckPlan | null;
  readonly serving: ServingCheckPlan | null;
  readonly loadProbe: LoadProbePlan | null;
  readonly ttlSecondsAfterFinished: number;
  /** One line per check for the review summary. */
  readonly summary: readonly string[];
}

export const DEFAULT_CHECK_TIMEOUTS = { fabricSeconds: 1800, servingSeconds: 900, loadProbeSeconds: 1200 } as const;

/** busbw GB/s threshold: Gbit/s ÷ 8 = GB/s, times the fraction, rounded down to 0.1 GB/s. */
export function busBandwidthThresholdGBps(nominalGbps: number, fraction: number): number {
  return Math.floor((nominalGbps / 8) * fraction * 10) / 10;
}

/**
 * The expectation shown beside the load probe: the user's figure, else the catalog row for the plan
 * (per-GPU tokens/s × GPUs per replica), else null (no NVIDIA figure for H100 in NVIDIA/TensorRT-LLM docs/source/blogs).
 */
export function loadProbeExpectation(plan: DeploymentPlan, userFigure?: number): LoadProbeExpectation | null {
  if (userFigure !== undefined) {
    return { outputTokensPerSecond: userFigure, outputTokensPerSecondPerUser: null, publishedConcurrency: null, figure: "user", source: "verification.loadProbe.expectedOutputTokensPerSecond" };
  }
  const row = throughputFigureFor({ gpu: plan.gpu, gpusPerReplica: plan.gpusPerReplica, mode: plan.mode, weightPrecision: plan.weightPrecision, kvCacheDtype: plan.kvCacheDtype });
  if (!row) return null;
  return {
    outputTokensPerSecond: Math.round(row.outputTokensPerSecondPerGpu * plan.gpusPerReplica),
    outputTokensPerSecondPerUser: row.outputTokensPerSecondPerUser,
    publishedConcurrency: row.concurrency,
    figure: row.id,
    source: row.source,
  };
}

/** Decides which post-deploy checks run and with what thresholds. Throws DeepSeekConfigError. */
export function planVerification(plan: DeploymentPlan, input: VerificationInput = {}, at: PathOf = asWritten): VerificationPlan {
  requirePlan(plan);
  const v = parseOrThrow(verificationInputSchema, input, at("verification"));
  const multiNode = plan.nodesPerReplica > 1 && plan.fabric.kind !== "none";
  if (v.fabricCheck === true && !multiNode) {
    throw new DeepSeekConfigError(
      at("verification.fabricCheck"),
      `a fabric check needs more than one node per replica, and ${plan.hardware} runs each replica on ${plan.nodesPerReplica} node`,
      true,
      "omit fabricCheck or set it to false; the serving check covers single-node placements",
    );
  }
  const timeouts = { ...DEFAULT_CHECK_TIMEOUTS, ...v.timeouts };
  const disabled: { check: CheckName; reason: string }[] = [];
  const enabled: CheckName[] = [];

  let fabric: FabricCheckPlan | null = null;
  if (!multiNode) {
    disabled.push({ check: "fabric", reason: "single-node replica: no inter-node fabric" });
  } else if (v.fabricCheck === false) {
    disabled.push({ check: "fabric", reason: "turned off (fabricCheck: false)" });
  } else {
    const kind = plan.fabric.kind as FabricKind;
    const fraction = v.busBandwidthFraction ?? DEFAULT_BUS_BANDWIDTH_FRACTION;
    const min = busBandwidthThresholdGBps(plan.fabric.nominalGbps, fraction);
    fabric = {
      fabric: kind,
      transport: FABRIC_TRANSPORTS[kind],
      nodes: plan.nodesPerReplica,
      gpusPerNode: plan.gpusPerNode,
      worldSize: plan.gpusPerReplica,
      nominalGbps: plan.fabric.nominalGbps,
      busBandwidthFraction: fraction,
      minBusBandwidthGBps: min,
      thresholdFormula: `${plan.fabric.nominalGbps} Gbps / 8 × ${fraction} = ${min} GB/s`,
      messageBytes: (v.allReduceMessageMiB ?? 1024) * 1024 * 1024,
      timeoutSeconds: timeouts.fabricSeconds,
    };
    enabled.push("fabric");
  }

  let serving: ServingCheckPlan | null = null;
  if (v.servingCheck === false) {
    disabled.push({ check: "serving", reason: "turned off (servingCheck: false)" });
  } else {
    const readyWaitSeconds = plan.coldStart.startupBudgetSeconds;
    serving = {
      readyWaitSeconds, timeoutSeconds: readyWaitSeconds + timeouts.servingSeconds, maxTokens: 64, refusalStatuses: [401, 403],
      gatewayWaitSeconds: Math.floor(timeouts.servingSeconds / 2), gatewayMaxBackoffSeconds: GATEWAY_MAX_BACKOFF_SECONDS,
    };
    enabled.push("serving");
  }

  let loadProbe: LoadProbePlan | null = null;
  const lp = v.loadProbe;
  if (lp?.enabled) {
    const concurrency = lp.concurrency ?? 16;
    loadProbe = {
      concurrency,
      requests: lp.requests ?? concurrency * 4,
      inputTokens: lp.inputTokens ?? 1024,
      outputTokens: lp.outputTokens ?? 256,
      expectation: loadProbeExpectation(plan, lp.expectedOutputTokensPerSecond),
      timeoutSeconds: timeouts.loadProbeSeconds,
    };
    enabled.push("loadProbe");
  } else {
    disabled.push({ check: "loadProbe", reason: lp ? "turned off (loadProbe.enabled: false)" : "off by default (loadProbe.enabled: true to run it)" });
  }

  const summary: string[] = [];
  if (fabric) summary.push(`fabric: NCCL all-reduce over ${fabric.nodes} nodes (${fabric.worldSize} GPUs), expects ${fabric.transport.description}, busbw ≥ ${fabric.thresholdFormula}`);
  if (serving) summary.push(`serving: /health, /health_generate, one chat completion with the API key (TTFT, tokens/s); a request without a key must get ${serving.refusalStatuses.join(" or ")}`);
  if (loadProbe) {
    const e = loadProbe.expectation;
    const expected = e ? `${e.outputTokensPerSecond} output tokens/s (${e.figure}${e.publishedConcurrency ? ` at concurrency ${e.publishedConcurrency}` : ""})` : "no published figure for this hardware";
    summary.push(`loadProbe: ${loadProbe.requests} requests at concurrency ${loadProbe.concurrency}, reported beside ${expected}`);
  }
  for (const d of disabled) summary.push(`${d.check}: not run (${d.reason})`);

  return { enabled, disabled, fabric, serving, loadProbe, ttlSecondsAfterFinished: v.ttlSecondsAfterFinished ?? 3600, summary };
}
