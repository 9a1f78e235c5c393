import type { ColdStartPlan } from "./plan";

/**
 * Stated throughputs for a cold start [D]: a parallel copy from an in-region bucket to local
 * NVMe sustains ~1 GB/s on 100-400 Gbit/s instances (conservative); safetensors reads from
 * NVMe into HBM ~2 GB/s per node; warm-up (CUDA graphs, autotuning) ~10 minutes.
 * A published cold start: "Shard ready in 3966s" (ai-on-gke PR #606); TRT-LLM README:
 * "initial loading can take around one hour".
 */
export const DEFAULT_STAGE_MBPS = 1000;
export const DEFAULT_LOAD_MBPS = 2000;
export const DEFAULT_WARMUP_SECONDS = 600;
export const STARTUP_SAFETY_FACTOR = 1.5;
export const PROBE_PERIOD_SECONDS = 30;

export function planColdStart(checkpointGB: number, options: { stageThroughputMBps?: number; loadThroughputMBps?: number; warmupSeconds?: number } = {}): ColdStartPlan {
  const stageMBps = options.stageThroughputMBps ?? DEFAULT_STAGE_MBPS;
  const loadMBps = options.loadThroughputMBps ?? DEFAULT_LOAD_MBPS;
  const warmupSeconds = options.warmupSeconds ?? DEFAULT_WARMUP_SECONDS;
  const stageSeconds = Math.ceil((checkpointGB * 1000) / stageMBps);
  const loadSeconds = Math.ceil((checkpointGB * 1000) / loadMBps);
  const expectedSeconds = stageSeconds + loadSeconds + warmupSeconds;
  const probeFailureThreshold = Math.ceil((expectedSeconds * STARTUP_SAFETY_FACTOR) / PROBE_PERIOD_SECONDS);
  return {
    checkpointGB,
    stageThroughputMBps: stageMBps,
    loadThroughputMBps: loadMBps,
    warmupSeconds,
    stageSeconds,
    loadSeconds,
    expectedSeconds,
    startupBudgetSeconds: probeFailureThreshold * PROBE_PERIOD_SECONDS,
    probePeriodSeconds: PROBE_PERIOD_SECONDS,
    probeFailureThreshold,
  };
}
