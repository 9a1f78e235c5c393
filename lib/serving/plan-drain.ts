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


/** The preStop command of a server container. */
export function drainCommand(plan: DeploymentPlan, drain: DrainPlan = planDrain(plan)): string[] {
  return ["python3", DRAIN_SCRIPT_PATH, String(servingNames(plan).port), String(drain.endpointRemovalSeconds), String(drain.drainBudgetSeconds)];
}

/** Readiness: not draining and /health answers 200 (exec, so the drain marker can fail it). */
export function drainAwareReadinessCommand(plan: DeploymentPlan): string[] {
  const port = servingNames(plan).port;
  return ["/bin/sh", "-c", `test ! -e ${DRAIN_MARKER} && python3 -c 'import urllib.request; urllib.request.urlopen("http://127.0.0.1:${port}/health", timeout=4)'`];
}
