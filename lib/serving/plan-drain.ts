import type { DeploymentPlan } from "../plan/plan";
import { servingNames } from "../plan/names";
import { DEFAULT_DECODE_TOKENS_PER_SECOND, requestTimeoutFor } from "../traffic/plan-traffic";

/**
 * Draining a server before it stops, pure. A terminating server first stops taking new work (its
 * readiness probe fails and Kubernetes drops the terminating pod from the endpoints), then waits
 * until trtllm-serve reports no active or queued request, or until the grace period ends. The
 * grace period covers the longest request the gateway lets run (its request timeout).
 */

/** Seconds the drain waits after failing readiness, so routers (EndpointSlices, the EPP) stop sending. */
export const ENDPOINT_REMOVAL_SECONDS = 20;
/** Seconds after the drain for the server (or mpirun and its ranks) to exit on SIGTERM. */
export const SHUTDOWN_SECONDS = 30;
/**
 * Cap on the grace period, seconds: an hour. A node drain, rollout or scale-down must not hang on
 * one pod for longer; a request still running past it is cut (clients retry).
 */
export const MAX_TERMINATION_GRACE_SECONDS = 3600;
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
  /** How long the drain waits for active requests to reach 0 before giving up, seconds. */
  readonly drainBudgetSeconds: number;
  readonly shutdownSeconds: number;
  /** min(cap, endpoint removal + request timeout + shutdown). */
  readonly terminationGracePeriodSeconds: number;
  /** True when the cap cut the grace period below the longest request. */
  readonly capped: boolean;
}

/**
 * Drain numbers for a plan. The request timeout is the traffic layer's own formula
 * ({@link requestTimeoutFor}: maxSeqLen at the default decode rate, at least 600 s), so the
 * gateway never lets a request outlive the server's grace period (below the cap).
 */
export function planDrain(plan: Pick<DeploymentPlan, "maxSeqLen">, requestTimeoutSeconds = requestTimeoutFor(plan.maxSeqLen, DEFAULT_DECODE_TOKENS_PER_SECOND)): DrainPlan {
  const wanted = ENDPOINT_REMOVAL_SECONDS + requestTimeoutSeconds + SHUTDOWN_SECONDS;
  const terminationGracePeriodSeconds = Math.min(MAX_TERMINATION_GRACE_SECONDS, wanted);
  return {
    requestTimeoutSeconds,
    endpointRemovalSeconds: ENDPOINT_REMOVAL_SECONDS,
    drainBudgetSeconds: terminationGracePeriodSeconds - ENDPOINT_REMOVAL_SECONDS - SHUTDOWN_SECONDS,
    shutdownSeconds: SHUTDOWN_SECONDS,
    terminationGracePeriodSeconds,
    capped: wanted > MAX_TERMINATION_GRACE_SECONDS,
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
