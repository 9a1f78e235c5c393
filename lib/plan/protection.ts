import { z } from "zod";
import { parseOrThrow } from "../validation";
import type { DeploymentPlan } from "./plan";

/**
 * How hard a cluster is to destroy. `"protected"` (the default) keeps what is costly or slow to
 * lose; `"disposable"` lets `cdktf destroy` remove everything it can at once and a redeploy reuse
 * the names. Single settings override either.
 */
export interface ProtectionInput {
  /** @default "protected" */
  readonly mode?: "protected" | "disposable";
  /** GKE `deletion_protection`: Terraform refuses to destroy the cluster. @default true (protected), false (disposable) */
  readonly clusterDeletionProtection?: boolean;
  /**
   * Model buckets' `force_destroy`: destroy deletes the staged checkpoint (400-700 GB, re-staged
   * from Hugging Face in 10-60 minutes) with the bucket. Without it, destroy stops at a non-empty
   * bucket. @default false (protected), true (disposable)
   */
  readonly destroyModelBuckets?: boolean;
  /**
   * AWS Secrets Manager recovery window of the Hugging Face token secret: 0 deletes at once, 7-30
   * days keep the secret (and its name) restorable. @default 7 (protected), 0 (disposable)
   */
  readonly secretRecoveryWindowDays?: number;
  /**
   * Days before a destroyed KMS key's material is gone (AWS `deletion_window_in_days`, 7-30; GCP
   * `destroy_scheduled_duration`, 1-120). Data encrypted with it is unreadable afterwards.
   * @default 30 (protected), 7 (disposable)
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * Deployment generation, part of the names a cloud keeps reserved after a destroy (GCP key
   * rings and keys are never deleted; an AWS secret's name stays taken during its recovery
   * window). Raise it to redeploy into the same account or project after a destroy.
   * @default 1 (no suffix)
   */
  readonly generation?: number;
}

/** Every teardown decision of a placement. */
export interface ProtectionPlan {
  readonly mode: "protected" | "disposable";
  readonly clusterDeletionProtection: boolean;
  readonly destroyModelBuckets: boolean;
  readonly secretRecoveryWindowDays: number;
  readonly keyDeletionWindowDays: number;
  readonly generation: number;
  /** Appended to names the cloud keeps reserved: "" for generation 1, `-g<n>` after. */
  readonly nameSuffix: string;
  /** What a destroy leaves behind, for the README and review. */
  readonly leftBehind: readonly string[];
}

// AWS Secrets Manager DeleteSecret: RecoveryWindowInDays 7-30, or ForceDeleteWithoutRecovery
// (terraform aws_secretsmanager_secret recovery_window_in_days: "0 to force deletion without
// recovery or range from 7 to 30 days"). AWS KMS ScheduleKeyDeletion: PendingWindowInDays 7-30.
// GCP Cloud KMS destroy_scheduled_duration: default 30 days (cloud.google.com/kms/docs/destroy-restore).
const schema = z.object({
  mode: z.enum(["protected", "disposable"]).optional(),
  clusterDeletionProtection: z.boolean().optional(),
  destroyModelBuckets: z.boolean().optional(),
  secretRecoveryWindowDays: z.number().int().refine((d) => d === 0 || (d >= 7 && d <= 30), "is not an AWS Secrets Manager recovery window; use 0 (delete at once) or 7-30 days").optional(),
  keyDeletionWindowDays: z.number().int().min(7).max(30).optional(),
  generation: z.number().int().min(1).max(999).optional(),
}).strict();

const DEFAULTS = {
  protected: { clusterDeletionProtection: true, destroyModelBuckets: false, secretRecoveryWindowDays: 7, keyDeletionWindowDays: 30 },
  disposable: { clusterDeletionProtection: false, destroyModelBuckets: true, secretRecoveryWindowDays: 0, keyDeletionWindowDays: 7 },
} as const;

/** Decides the teardown settings; refusals are rooted at `protection`. */
/** `path` is where the caller's input holds the protection settings (DeepSeekCluster: `<id>.protection`). */
export function planProtection(input: ProtectionInput = {}, path = "protection"): ProtectionPlan {
  const p = parseOrThrow(schema, input, path);
  const mode = p.mode ?? "protected";
  const d = DEFAULTS[mode];
  const generation = p.generation ?? 1;
  const plan = {
    mode,
    clusterDeletionProtection: p.clusterDeletionProtection ?? d.clusterDeletionProtection,
    destroyModelBuckets: p.destroyModelBuckets ?? d.destroyModelBuckets,
    secretRecoveryWindowDays: p.secretRecoveryWindowDays ?? d.secretRecoveryWindowDays,
    keyDeletionWindowDays: p.keyDeletionWindowDays ?? d.keyDeletionWindowDays,
    generation,
    nameSuffix: generation === 1 ? "" : `-g${generation}`,
  };
  const leftBehind = [
    "GCP: the KMS key ring and key (Cloud KMS never deletes them; their versions are destroyed after the window)",
    `AWS: the KMS keys until their ${plan.keyDeletionWindowDays}-day deletion window ends`,
    ...(plan.secretRecoveryWindowDays > 0 ? [`AWS: the Hugging Face token secret, restorable for ${plan.secretRecoveryWindowDays} days (its name stays taken)`] : []),
    ...(plan.destroyModelBuckets ? [] : ["the model buckets while they hold objects (destroy stops there: empty them, or set destroyModelBuckets)"]),
    ...(plan.clusterDeletionProtection ? ["the GKE cluster (deletion protection: destroy stops there until it is lifted and applied)"] : []),
    "the API key secrets you created yourself, and the Terraform state",
  ];
  return { ...plan, leftBehind };
}

/** The plan's teardown decisions; a plan without them (planDeployment alone) is protected. */
export function protectionOf(plan: Pick<DeploymentPlan, "protection">): ProtectionPlan {
  return plan.protection ?? planProtection();
}
