import { podScript } from "../internal/pod-script";
import type { FabricCheckPlan, LoadProbePlan, ServingCheckPlan } from "./plan-verification";

/** Prefix of every failure line, so `kubectl logs` and the review can grep one string. */
export const FAILURE_PREFIX = "CHECK FAILED:";
/** Prefix of the JSON result line each check prints. */
export const RESULT_PREFIX = "CHECK RESULT:";

/**
 * All-reduce benchmark run by torchrun on every node, in the serving image (same NCCL and network
 * plugin the servers load). Prints the nccl-tests style line `# Avg bus bandwidth : <GB/s>` on rank 0.
 * busbw = algbw × 2(n−1)/n, the nccl-tests definition for all-reduce.
 */
export const ALL_REDUCE_PY = podScript(__dirname, "all_reduce.py");

/**
 * scripts/fabric_check.sh: bash run by each fabric check pod (one per node of an Indexed Job).
 * Exits non-zero on a wrong transport or a low bus bandwidth. Its numbers come from
 * {@link fabricCheckEnv}.
 */
export const FABRIC_CHECK_SH = podScript(__dirname, "fabric_check.sh");

/**
 * scripts/serving_check.py: Python run by the serving check. Its numbers come from
 * {@link servingCheckEnv}; it also reads SERVICE_URL, ENDPOINT_URL, API_KEY, MODEL, and optionally
 * GATEWAY_URL (`https://<in-cluster gateway Service>:<port>`, or `http://` when a load balancer
 * terminates TLS) with GATEWAY_SNI (the public hostname).
 *
 * With GATEWAY_URL the chat completion and the unauthenticated request go to the gateway's
 * in-cluster Service, with TLS SNI and Host = GATEWAY_SNI (Envoy picks the HTTPS listener by SNI and
 * the route by Host). The public name need not resolve yet (the global DNS stack comes later) and
 * the certificate is NOT verified: on a first deploy cert-manager may not have issued it yet (ACME
 * needs the public DNS). Clients and the Route 53 health checks verify TLS on the public name; this
 * check proves the route, the auth and the servers. The chat completion is retried with backoff
 * (2 s doubling to gatewayMaxBackoffSeconds) for gatewayWaitSeconds while the gateway comes up.
 */
export const SERVING_CHECK_PY = podScript(__dirname, "serving_check.py");

/** scripts/load_probe.py: streamed requests at a fixed concurrency; reports, fails only on errors. Numbers from {@link loadProbeEnv}. */
export const LOAD_PROBE_PY = podScript(__dirname, "load_probe.py");

/** A container environment variable. */
export type EnvVar = { readonly name: string; readonly value: string };

/** Port of the fabric check's torchrun rendezvous (the headless Service exposes it). */
export const FABRIC_RENDEZVOUS_PORT = 29500;

/** What fabric_check.sh checks against: the plan's transport, threshold and layout. */
export function fabricCheckEnv(f: FabricCheckPlan, masterAddr: string): EnvVar[] {
  return [
    { name: "CHECK_NODES", value: String(f.nodes) },
    { name: "CHECK_GPUS_PER_NODE", value: String(f.gpusPerNode) },
    { name: "CHECK_WORLD_SIZE", value: String(f.worldSize) },
    { name: "CHECK_MASTER_ADDR", value: masterAddr },
    { name: "CHECK_MASTER_PORT", value: String(FABRIC_RENDEZVOUS_PORT) },
    { name: "MESSAGE_BYTES", value: String(f.messageBytes) },
    { name: "CHECK_EXPECTED_LOG_PATTERN", value: f.transport.expectedLogPattern },
    { name: "CHECK_FALLBACK_LOG_PATTERN", value: f.transport.fallbackLogPattern },
    { name: "CHECK_TRANSPORT", value: f.transport.description },
    { name: "CHECK_MIN_BUS_BANDWIDTH_GBPS", value: String(f.minBusBandwidthGBps) },
    { name: "CHECK_THRESHOLD_FORMULA", value: f.thresholdFormula },
    { name: "CHECK_ALL_REDUCE_PY", value: ALL_REDUCE_PY },
  ];
}

/**
 * The fabric check pod's `bash -c` text: the fabric preamble (lib/fabric/plan-pod-fabric.ts:
 * library path, NCCL plugin, Google's NCCL profile), exactly as the servers' ranks source it, then
 * fabric_check.sh. If the preamble stops the check (no NCCL plugin in the image), the log still
 * says CHECK FAILED.
 */
export function fabricCheckCommand(preamble: readonly string[]): string {
  const guarded = preamble.length ? [`trap 'echo "${FAILURE_PREFIX} fabric: the fabric setup stopped the check (see the line above)"' EXIT`, ...preamble, "trap - EXIT"] : [];
  return [...guarded, FABRIC_CHECK_SH].join("\n");
}

/** What serving_check.py waits for and asks: the plan's budgets and refusals. */
export function servingCheckEnv(s: ServingCheckPlan): EnvVar[] {
  return [
    { name: "CHECK_READY_WAIT_SECONDS", value: String(s.readyWaitSeconds) },
    { name: "CHECK_MAX_TOKENS", value: String(s.maxTokens) },
    { name: "CHECK_GATEWAY_WAIT_SECONDS", value: String(s.gatewayWaitSeconds) },
    { name: "CHECK_GATEWAY_MAX_BACKOFF_SECONDS", value: String(s.gatewayMaxBackoffSeconds) },
    { name: "CHECK_REFUSAL_STATUSES", value: s.refusalStatuses.join(",") },
  ];
}

/** What load_probe.py sends, and the expectation it reports beside its measurement. */
export function loadProbeEnv(l: LoadProbePlan): EnvVar[] {
  return [
    { name: "PROBE_INPUT_TOKENS", value: String(l.inputTokens) },
    { name: "PROBE_OUTPUT_TOKENS", value: String(l.outputTokens) },
    { name: "PROBE_REQUESTS", value: String(l.requests) },
    { name: "PROBE_CONCURRENCY", value: String(l.concurrency) },
    { name: "PROBE_EXPECTED", value: JSON.stringify(l.expectation) },
  ];
}
