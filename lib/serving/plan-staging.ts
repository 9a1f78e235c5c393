import type { DeploymentPlan } from "../plan/plan";
import { servingNames } from "../plan/names";

/**
 * How long staging the checkpoint takes (Hugging Face -> node NVMe -> verify -> bucket), as the
 * staging Job's deadline and Helm's wait (staging.ts, model-staging.ts emit it). Pure.
 */

/** Stated sustained Hugging Face download rate for one Job, MB/s [D]: conservative for hf_xet/parallel downloads. */
export const HF_DOWNLOAD_MBPS = 250;
/** Safety factor on the staging estimate (same as the startup probe's). */
export const STAGING_SAFETY_FACTOR = 1.5;
/** Stated SHA-256 verification rate of the download on NVMe with 8 hashing threads (staging.ts HASH_WORKERS), MB/s [D]: about 0.5 GB/s per core, conservatively. */
export const VERIFY_MBPS = 2000;

export interface StagingPlan {
  readonly checkpoint: string;
  readonly checkpointGB: number;
  readonly downloadMBps: number;
  readonly uploadMBps: number;
  readonly downloadSeconds: number;
  readonly uploadSeconds: number;
  /** Hashing the download against the Hub's SHA-256 of every LFS file. */
  readonly verifySeconds: number;
  /** (download + verify + upload) × safety factor: the Job's activeDeadlineSeconds and Helm's wait. */
  readonly budgetSeconds: number;
  /** The Helm release carrying the staging objects; Helm waits the Job's budget plus {@link STAGING_HELM_MARGIN_SECONDS}. */
  readonly release: { readonly name: string; readonly namespace: string; readonly timeoutSeconds: number };
}

/** Helm waits this long beyond the staging Job's deadline, seconds (its pods start, the secret syncs). */
export const STAGING_HELM_MARGIN_SECONDS = 300;

export function planStaging(plan: DeploymentPlan): StagingPlan {
  const downloadSeconds = Math.ceil((plan.checkpointSizeGB * 1000) / HF_DOWNLOAD_MBPS);
  const uploadSeconds = Math.ceil((plan.checkpointSizeGB * 1000) / plan.coldStart.stageThroughputMBps);
  const verifySeconds = Math.ceil((plan.checkpointSizeGB * 1000) / VERIFY_MBPS);
  const budgetSeconds = Math.ceil((downloadSeconds + verifySeconds + uploadSeconds) * STAGING_SAFETY_FACTOR);
  return {
    checkpoint: plan.checkpoint,
    checkpointGB: plan.checkpointSizeGB,
    downloadMBps: HF_DOWNLOAD_MBPS,
    uploadMBps: plan.coldStart.stageThroughputMBps,
    downloadSeconds,
    uploadSeconds,
    verifySeconds,
    budgetSeconds,
    release: { name: "deepseek-model-staging", namespace: servingNames(plan).namespace, timeoutSeconds: budgetSeconds + STAGING_HELM_MARGIN_SECONDS },
  };
}
