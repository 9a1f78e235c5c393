import { z } from "zod";
import { StorageBucket, StorageBucketIamMember } from "../../internal/providers/google";
import { Construct, TerraformProvider } from "../../internal/tf";
import type { DeploymentPlan } from "../../plan/plan";
import { parseOrThrow } from "../../validation";
import { gcpPlanSchema, providerSchema } from "./common";
import { planGkeModelBucket } from "./plan-gke-identities";

export interface GkeModelBucketProps {
  readonly plan: DeploymentPlan;
  readonly bucketName: string;
  /** @default the provider's project */
  readonly project?: string;
  /** Location; a region, so the cache stays next to the GPUs. @default plan.region */
  readonly location?: string;
  /** CMEK for the objects (grant the Cloud Storage service agent encrypt/decrypt yourself). @default Google-managed keys */
  readonly kmsKeyName?: string;
  /** Delete the bucket with its objects on destroy. @default false */
  readonly forceDestroy?: boolean;
  /** @default the scope's google provider */
  readonly provider?: TerraformProvider;
}

const schema = z.object({
  plan: gcpPlanSchema,
  bucketName: z.string().min(3).max(63),
  project: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  kmsKeyName: z.string().min(1).optional(),
  forceDestroy: z.boolean().optional(),
  provider: providerSchema,
}).strict();

/** Days a replaced checkpoint object (a noncurrent version) is kept. */
export const GCS_NONCURRENT_VERSION_DAYS = 30;
/** Days access logs are kept. */
export const GCS_ACCESS_LOG_RETENTION_DAYS = 365;

/**
 * The regional model cache bucket: uniform bucket-level access, public access prevention enforced,
 * versioned (replaced objects expire after {@link GCS_NONCURRENT_VERSION_DAYS} days), usage logs
 * (access logs) in a second private bucket of the same location kept {@link GCS_ACCESS_LOG_RETENTION_DAYS}
 * days (Cloud Storage docs, "Usage logs and storage logs": the log bucket grants
 * cloud-storage-analytics@google.com write access).
 */
export class GkeModelBucket extends Construct {
  public readonly bucket: StorageBucket;
  public readonly bucketName: string;
  public readonly logBucket: StorageBucket;

  constructor(scope: Construct, id: string, props: GkeModelBucketProps) {
    super(scope, id);
    const p = parseOrThrow(schema, props, id);
    // Location, names and teardown are the plan's (plan-gke-identities.ts); this only emits.
    const planned = planGkeModelBucket(p.plan, p);
    const { location } = planned;
    const labels = { ...planned.labels };
    this.logBucket = new StorageBucket(this, "log-bucket", {
      project: p.project, provider: p.provider, name: planned.logBucketName, location, storageClass: "STANDARD",
      uniformBucketLevelAccess: true, publicAccessPrevention: "enforced", forceDestroy: planned.forceDestroy,
      versioning: { enabled: true },
      lifecycleRule: [
        { condition: { age: GCS_ACCESS_LOG_RETENTION_DAYS }, action: { type: "Delete" } },
        { condition: { daysSinceNoncurrentTime: 1 }, action: { type: "Delete" } },
      ],
      labels,
    });
    new StorageBucketIamMember(this, "log-writer", { provider: p.provider, bucket: this.logBucket.name, role: "roles/storage.objectCreator", member: "group:cloud-storage-analytics@google.com" });
    this.bucket = new StorageBucket(this, "bucket", {
      project: p.project,
      provider: p.provider,
      name: planned.name,
      location,
      storageClass: "STANDARD",
      versioning: { enabled: true },
      lifecycleRule: [{ condition: { daysSinceNoncurrentTime: GCS_NONCURRENT_VERSION_DAYS }, action: { type: "Delete" } }],
      logging: { logBucket: this.logBucket.name, logObjectPrefix: "gcs-access/" },
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: planned.forceDestroy,
      encryption: planned.kmsKeyName ? { defaultKmsKeyName: planned.kmsKeyName } : undefined,
      labels,
    });
    this.bucketName = this.bucket.name;
  }
}
