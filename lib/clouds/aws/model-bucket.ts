import { z } from "zod";
import { Construct, TerraformProvider } from "../../internal/tf";
import {
  KmsKey, S3Bucket, S3BucketOwnershipControls, S3BucketPolicy, S3BucketPublicAccessBlock, S3BucketServerSideEncryptionConfigurationA, S3BucketVersioningA,
} from "../../internal/providers/aws";
import { parseOrThrow } from "../../validation";
import { providerSchema } from "./common";
import { policyDocument } from "./iam";

export interface ModelBucketProps {
  /** S3 bucket_prefix (the provider appends a unique suffix), at most 37 characters. */
  readonly bucketPrefix: string;
  /** Keep objects when the bucket is destroyed: refuse to delete a non-empty bucket. @default false (force_destroy off) */
  readonly forceDestroy?: boolean;
  /** Days before the destroyed bucket key's material is gone (7-30). @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** Tags for every resource. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

const propsSchema = z.object({
  bucketPrefix: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,36}$/, "is not a valid S3 bucket prefix; use at most 37 lowercase letters, digits, dots and hyphens"),
  forceDestroy: z.boolean().optional(),
  keyDeletionWindowDays: z.number().int().min(7).max(30).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  provider: providerSchema,
}).strict();

/**
 * Model cache bucket in the placement's region: private (owner-enforced, public access blocked),
 * SSE-KMS with a rotating key and bucket keys, versioned, TLS-only bucket policy.
 */
export class ModelBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly key: KmsKey;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: ModelBucketProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const { provider } = props;
    const tags = { ...(props.tags ?? {}) };
    this.key = new KmsKey(this, "key", { provider, description: "Model cache bucket encryption", enableKeyRotation: true, deletionWindowInDays: props.keyDeletionWindowDays ?? 30, tags });
    this.bucket = new S3Bucket(this, "bucket", { provider, bucketPrefix: props.bucketPrefix, forceDestroy: props.forceDestroy ?? false, tags });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.kmsKeyArn = this.key.arn;
    new S3BucketOwnershipControls(this, "ownership", { provider, bucket: this.bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketPublicAccessBlock(this, "public-access", {
      provider, bucket: this.bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider, bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn }, bucketKeyEnabled: true }],
    });
    new S3BucketVersioningA(this, "versioning", { provider, bucket: this.bucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketPolicy(this, "tls-only", {
      provider, bucket: this.bucket.id,
      policy: policyDocument([{
        Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
        Resource: [this.bucket.arn, `${this.bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
      }]),
    });
  }
}
