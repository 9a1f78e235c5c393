import { planModelBucket } from "./plan-aws-storage";
import { z } from "zod";
import { Construct, TerraformProvider } from "../../internal/tf";
import {
  DataAwsCallerIdentity, DataAwsPartition, KmsKey, S3Bucket, S3BucketLifecycleConfiguration, S3BucketLoggingA, S3BucketOwnershipControls, S3BucketPolicy,
  S3BucketPublicAccessBlock, S3BucketServerSideEncryptionConfigurationA, S3BucketVersioningA,
} from "../../internal/providers/aws";
import { parseOrThrow, tagMap } from "../../validation";
import { providerSchema } from "./common";
import { kmsKeyPolicy, policyDocument } from "./iam";

/** Days the access-log bucket keeps server access logs. */
export const ACCESS_LOG_RETENTION_DAYS = 365;
/** Days a replaced checkpoint object (a noncurrent version) is kept before it expires. */
export const NONCURRENT_VERSION_DAYS = 30;
/** Days an unfinished multipart upload (an interrupted staging Job) is kept. */
export const ABORT_MULTIPART_DAYS = 7;

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
  tags: tagMap("an AWS tag").optional(),
  provider: providerSchema,
}).strict();

/**
 * Model cache bucket in the placement's region: private (owner-enforced, public access blocked),
 * SSE-KMS with a rotating key (explicit key policy) and bucket keys, versioned, TLS-only bucket
 * policy, a lifecycle (replaced checkpoint versions expire after {@link NONCURRENT_VERSION_DAYS}
 * days, interrupted uploads after {@link ABORT_MULTIPART_DAYS}), and server access logs in a
 * second private bucket of the same region kept {@link ACCESS_LOG_RETENTION_DAYS} days. The log
 * bucket is encrypted with SSE-S3: S3 server access logging cannot write to an SSE-KMS target
 * (S3 User Guide, "Enabling Amazon S3 server access logging", target bucket requirements).
 */
export class ModelBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly key: KmsKey;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly kmsKeyArn: string;
  /** Bucket that receives the model bucket's server access logs. */
  public readonly logBucket: S3Bucket;

  constructor(scope: Construct, id: string, props: ModelBucketProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const { provider } = props;
    // Defaults and derived names are the plan's (plan-aws-storage.ts); this only emits.
    const planned = planModelBucket(props);
    const tags = { ...planned.tags };
    const caller = new DataAwsCallerIdentity(this, "caller", { provider });
    const partition = new DataAwsPartition(this, "partition", { provider });
    this.key = new KmsKey(this, "key", {
      provider, description: "Model cache bucket encryption", enableKeyRotation: true, deletionWindowInDays: planned.keyDeletionWindowDays, tags,
      // Readers and the stager get kms:Decrypt / GenerateDataKey from their IAM policies.
      policy: kmsKeyPolicy(partition.partition, caller.accountId),
    });
    this.bucket = new S3Bucket(this, "bucket", { provider, bucketPrefix: planned.bucketPrefix, forceDestroy: planned.forceDestroy, tags });
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
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      provider, bucket: this.bucket.id,
      rule: [{
        id: "expire-replaced-checkpoints", status: "Enabled", filter: [{ prefix: "" }],
        noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_DAYS }],
      }],
    });

    // Server access logs (S3 User Guide, "Enabling Amazon S3 server access logging": bucket-policy grant to the logging service).
    this.logBucket = new S3Bucket(this, "log-bucket", { provider, bucketPrefix: planned.logBucketPrefix, forceDestroy: planned.forceDestroy, tags });
    new S3BucketOwnershipControls(this, "log-ownership", { provider, bucket: this.logBucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
    new S3BucketPublicAccessBlock(this, "log-public-access", {
      provider, bucket: this.logBucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "log-encryption", { provider, bucket: this.logBucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    new S3BucketVersioningA(this, "log-versioning", { provider, bucket: this.logBucket.id, versioningConfiguration: { status: "Enabled" } });
    new S3BucketLifecycleConfiguration(this, "log-lifecycle", {
      provider, bucket: this.logBucket.id,
      rule: [{
        id: "expire-access-logs", status: "Enabled", filter: [{ prefix: "" }],
        expiration: [{ days: ACCESS_LOG_RETENTION_DAYS }], noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_MULTIPART_DAYS }],
      }],
    });
    new S3BucketPolicy(this, "log-policy", {
      provider, bucket: this.logBucket.id,
      policy: policyDocument([
        {
          Sid: "S3ServerAccessLogs", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: `${this.logBucket.arn}/*`,
          Condition: { ArnLike: { "aws:SourceArn": this.bucket.arn }, StringEquals: { "aws:SourceAccount": caller.accountId } },
        },
        {
          Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
          Resource: [this.logBucket.arn, `${this.logBucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]),
    });
    new S3BucketLoggingA(this, "access-logging", { provider, bucket: this.bucket.id, targetBucket: this.logBucket.id, targetPrefix: "s3-access/" });

    new S3BucketPolicy(this, "tls-only", {
      provider, bucket: this.bucket.id,
      policy: policyDocument([{
        Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
        Resource: [this.bucket.arn, `${this.bucket.arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
      }]),
    });
  }
}
