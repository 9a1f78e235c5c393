import { z } from "zod";
import { StorageBucket } from "../../internal/providers/google";
import { Construct, TerraformProvider } from "../../internal/tf";
import type { DeploymentPlan } from "../../plan/plan";
import { parseOrThrow } from "../../validation";
import { gcpPlanSchema, providerSchema } from "./common";

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

/** The regional model cache bucket: uniform bucket-level access, public access prevention enforced. */
export class GkeModelBucket extends Construct {
  public readonly bucket: StorageBucket;
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: GkeModelBucketProps) {
    super(scope, id);
    const p = parseOrThrow(schema, props, id);
    this.bucket = new StorageBucket(this, "bucket", {
      project: p.project,
      provider: p.provider,
      name: p.bucketName,
      location: p.location ?? p.plan.region,
      storageClass: "STANDARD",
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: p.forceDestroy ?? false,
      encryption: p.kmsKeyName ? { defaultKmsKeyName: p.kmsKeyName } : undefined,
      labels: { "app-kubernetes-io-part-of": "cdktf-deepseek" },
    });
    this.bucketName = this.bucket.name;
  }
}
