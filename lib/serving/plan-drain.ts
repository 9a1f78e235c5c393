import { DeepSeekConfigError } from "../errors";
import type { DeploymentPlan } from "../plan/plan";
import { servingNames } from "../plan/names";

/**
 * How long a request may live, and draining a server before it stops, pure: one decision, so the
 * gateway never lets a request run longer than a draining server waits for it.
 *
 * The request timeout (enforced by the gateway, lib/traffic/plan-traffic.ts) is the user's, or
 * sized for the longest generation the plan allows. A terminating server first stops taking new
 * work (its readiness probe fails and Kubernetes drops the terminating pod from the endpoints),
 * then waits until trtllm-serve reports no active or queued request, or until the grace period
 * ends. The grace period is derived from the request timeout: endpoint removal + timeout +
 * shutdown, so it always covers the longest request the gateway lets run. A timeout whose grace
 * would pass the one-hour cap is refused (or, when defaulted, shortened to fit).
 */

/** Seconds the drain waits after failing readiness, so routers (EndpointSlices, the EPP) stop sending. */
export const ENDPOINT_REMOVAL_SECONDS = 20;
/** Seconds after the drain for the server (or mpirun and its ranks) to exit on SIGTERM. */
export const SHUTDOWN_SECONDS = 30;
/**
 * Cap on the grace period, seconds: an hour. A node drain, rollout or scale-down must not hang on
 * one pod for longer (GKE respects a pod's termination grace for at most an hour during node
 * upgrades: cloud.google.com/kubernetes-engine/docs/concepts/node-pool-upgrade-strategies).
 */
export const MAX_TERMINATION_GRACE_SECONDS = 3600;
/** The longest request timeout a draining server can wait out under the cap: 3550 s. */
export const MAX_REQUEST_TIMEOUT_SECONDS = MAX_TERMINATION_GRACE_SECONDS - ENDPOINT_REMOVAL_SECONDS - SHUTDOWN_SECONDS;
/** Shortest default request timeout, seconds. */
export const MIN_REQUEST_TIMEOUT_SECONDS = 600;
/** Conservative per-stream decode rate that sizes the default timeout, tokens/s. */
export const DEFAULT_DECODE_TOKENS_PER_SECOND = 30;
/** Seconds between two reads of the server's active-request count. */
export const DRAIN_POLL_SECONDS = 5;
/** File whose presence fails the readiness probe: the drain has begun. */
export const DRAIN_MARKER = "/tmp/trtllm-draining";
/** Where the drain script is mounted (the serving ConfigMap, key `drain.py`). */
export const DRAIN_SCRIPT_PATH = "/etc/trtllm/drain.py";

export interface DrainPlan {
  /** The gateway's whole-request timeout for this plan: the longest a request may run, seconds. */
  readonly requestTimeoutSeconds: number;
  readonly endpointRemovalSeconds: number;
  /**
   * How long the drain waits for active requests to reach 0 before giving up, counted from its
   * start (the endpoint-removal wait included): endpoint removal + request timeout, so a request
   * admitted just before the routers dropped the pod can still run its full timeout.
   */
  readonly drainBudgetSeconds: number;
  readonly shutdownSeconds: number;
  /** endpoint removal + request timeout + shutdown (≤ MAX_TERMINATION_GRACE_SECONDS). */
  readonly terminationGracePeriodSeconds: number;
}

/**
 * The default whole-request timeout: the longest generation (maxSeqLen tokens) at a conservative
 * decode rate, rounded up to a minute, at least 600 s, and at most what a draining server can wait
 * out ({@link MAX_REQUEST_TIMEOUT_SECONDS}).
 */
export function requestTimeoutFor(maxSeqLen: number, decodeTokensPerSecond: number = DEFAULT_DECODE_TOKENS_PER_SECOND): number {
  const seconds = Math.ceil(maxSeqLen / decodeTokensPerSecond / 60) * 60;
  return Math.min(MAX_REQUEST_TIMEOUT_SECONDS, Math.max(MIN_REQUEST_TIMEOUT_SECONDS, seconds));
}

/**
 * Drain numbers for a request timeout (default: {@link requestTimeoutFor} the plan's maxSeqLen).
 * The grace period is derived from the timeout, so it always covers it; a timeout too long to
 * drain is refused at `path`, where the caller's input holds it.
 */
export function planDrain(plan: Pick<DeploymentPlan, "maxSeqLen">, requestTimeoutSeconds = requestTimeoutFor(plan.maxSeqLen), path = "traffic.requestTimeoutSeconds"): DrainPlan {
  if (!Number.isInteger(requestTimeoutSeconds) || requestTimeoutSeconds < 1) {
    throw new DeepSeekConfigError(path, "is not a whole number of seconds", requestTimeoutSeconds, "use a timeout in whole seconds, at least 60");
  }
  if (requestTimeoutSeconds > MAX_REQUEST_TIMEOUT_SECONDS) {
    throw new DeepSeekConfigError(
      path,
      `is longer than a draining server can wait: its grace period would be ${ENDPOINT_REMOVAL_SECONDS} + ${requestTimeoutSeconds} + ${SHUTDOWN_SECONDS} s, over the ${MAX_TERMINATION_GRACE_SECONDS} s cap, so a rollout or scale-down would cut requests the gateway still lets run`,
      requestTimeoutSeconds,
      `use at most ${MAX_REQUEST_TIMEOUT_SECONDS} s`,
    );
  }
  return {
    requestTimeoutSeconds,
    endpointRemovalSeconds: ENDPOINT_REMOVAL_SECONDS,
    drainBudgetSeconds: ENDPOINT_REMOVAL_SECONDS + requestTimeoutSeconds,
    shutdownSeconds: SHUTDOWN_SECONDS,
    terminationGracePeriodSeconds: ENDPOINT_REMOVAL_SECONDS + requestTimeoutSeconds + SHUTDOWN_SECONDS,
  };
}

/**
 * Python run by the preStop hook (and by the multi-node leader's TERM trap). Usage:
 * `python3 drain.py <port> <endpointRemovalSeconds> <drainBudgetSeconds>`.
 * 1. creates {@link DRAIN_MARKER} (readiness fails: no new work) and, the first time, waits the
 *    endpoint-removal delay;
 * 2. polls `/prometheus/metrics` for `[trtllm_]num_active_requests` (+ `[trtllm_]server_queue_length`),
 *    falling back to the `/metrics` JSON (`numActiveRequests` + `numQueuedRequests` of the last
 *    iteration; no iteration means idle), every {@link DRAIN_POLL_SECONDS} s until 0;
 * 3. gives up at the budget. A server that no longer answers has nothing left to drain.
 * Always exits 0: a failed hook must not skip the grace period.
 */
export const DRAIN_PY = `import json, os, re, sys, time, urllib.error, urllib.request

port, settle, budget = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
base = "http://127.0.0.1:%d" % port
marker = os.environ.get("DRAIN_MARKER", ${JSON.stringify(DRAIN_MARKER)})
poll = float(os.environ.get("DRAIN_POLL_SECONDS", "${DRAIN_POLL_SECONDS}"))
first = not os.path.exists(marker)
open(marker, "a").close()
start = time.time()
if first:
    print("drain: readiness now fails; waiting %d s for routers to drop this pod" % settle, flush=True)
    time.sleep(settle)

def get(path):
    with urllib.request.urlopen(base + path, timeout=5) as r:
        return r.read().decode("utf-8", "replace")

def in_flight():
    try:
        text = get("/prometheus/metrics")
        total, seen = 0.0, False
        for line in text.splitlines():
            m = re.match(r"^(?:trtllm_)?(num_active_requests|server_queue_length)(?:\\{[^}]*\\})?\\s+([0-9.eE+-]+)", line)
            if m:
                total += float(m.group(2)); seen = m.group(1) == "num_active_requests" or seen
        if seen:
            return int(total)
    except urllib.error.HTTPError:
        pass
    stats = json.loads(get("/metrics") or "[]")
    if isinstance(stats, dict):
        stats = [stats]
    if not stats:
        return 0
    last = stats[-1]
    return int(last.get("numActiveRequests", 0)) + int(last.get("numQueuedRequests", 0))

deadline = start + budget
while True:
    try:
        n = in_flight()
    except Exception as e:
        print("drain: server not answering (%s); nothing left to drain" % e, flush=True)
        sys.exit(0)
    if n <= 0:
        print("drain: no active requests after %d s; stopping" % (time.time() - start), flush=True)
        sys.exit(0)
    if time.time() >= deadline:
        print("drain: %d requests still active after %d s; stopping anyway" % (n, budget), flush=True)
        sys.exit(0)
    print("drain: %d requests active" % n, flush=True)
    time.sleep(poll)
`;

/** The preStop command of a server container. */
export function drainCommand(plan: DeploymentPlan, drain: DrainPlan = planDrain(plan)): string[] {
  return ["python3", DRAIN_SCRIPT_PATH, String(servingNames(plan).port), String(drain.endpointRemovalSeconds), String(drain.drainBudgetSeconds)];
}

/** Readiness: not draining and /health answers 200 (exec, so the drain marker can fail it). */
export function drainAwareReadinessCommand(plan: DeploymentPlan): string[] {
  const port = servingNames(plan).port;
  return ["/bin/sh", "-c", `test ! -e ${DRAIN_MARKER} && python3 -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:${port}/health", timeout=4)'`];
}
