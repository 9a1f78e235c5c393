import { shortName } from "../../plan/names";

/**
 * Pure planning of the AWS model bucket, the workload identities' key and secret, and encrypted
 * log groups: the defaults and derived names ModelBucket, EksWorkloadIdentity and
 * EncryptedLogGroup emit. No cdktf import.
 */

/**
 * Days a KMS key waits before deletion: AWS's default and maximum, 30 (AWS KMS API Reference,
 * ScheduleKeyDeletion: "PendingWindowInDays ... 7-30 ... If you do not specify a value, it defaults to 30").
 */
export const DEFAULT_KMS_DELETION_WINDOW_DAYS = 30;
/** Days a deleted Secrets Manager secret can be restored: this project's default (AWS allows 0 or 7-30). */
export const DEFAULT_SECRET_RECOVERY_WINDOW_DAYS = 7;

export interface ModelBucketPlan {
  readonly bucketPrefix: string;
  /** The access-log bucket's prefix: the model bucket's, cut so `-log-` and S3's random suffix fit 63 characters. */
  readonly logBucketPrefix: string;
  readonly forceDestroy: boolean;
  readonly keyDeletionWindowDays: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The model bucket, its key and its log bucket. Pure. */
export function planModelBucket(o: {
  readonly bucketPrefix: string; readonly forceDestroy?: boolean; readonly keyDeletionWindowDays?: number; readonly tags?: Readonly<Record<string, string>>;
}): ModelBucketPlan {
  return {
    bucketPrefix: o.bucketPrefix,
    logBucketPrefix: `${o.bucketPrefix.slice(0, 32)}-log-`,
    forceDestroy: o.forceDestroy ?? false,
    keyDeletionWindowDays: o.keyDeletionWindowDays ?? DEFAULT_KMS_DELETION_WINDOW_DAYS,
    tags: { ...(o.tags ?? {}) },
  };
}

export interface WorkloadIdentityPlan {
  /** IAM role name prefixes (name_prefix takes at most 38 characters): the cluster name cut to 24, then the role. */
  readonly rolePrefixes: { readonly server: string; readonly stager: string; readonly secretsReader: string };
  readonly keyDeletionWindowDays: number;
  readonly secretRecoveryWindowDays: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The serving roles, the Hugging Face token's key and secret. Pure. */
export function planWorkloadIdentity(o: {
  readonly clusterName: string; readonly keyDeletionWindowDays?: number; readonly secretRecoveryWindowDays?: number; readonly tags?: Readonly<Record<string, string>>;
}): WorkloadIdentityPlan {
  const head = shortName(o.clusterName, 24);
  return {
    rolePrefixes: { server: `${head}-server-`, stager: `${head}-stager-`, secretsReader: `${head}-secrets-` },
    keyDeletionWindowDays: o.keyDeletionWindowDays ?? DEFAULT_KMS_DELETION_WINDOW_DAYS,
    secretRecoveryWindowDays: o.secretRecoveryWindowDays ?? DEFAULT_SECRET_RECOVERY_WINDOW_DAYS,
    tags: { ...(o.tags ?? {}) },
  };
}
