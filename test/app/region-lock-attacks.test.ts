import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { BackupPlan } from "@cdktf/provider-aws/lib/backup-plan";
import { BackupVault } from "@cdktf/provider-aws/lib/backup-vault";
import { CloudfrontDistribution } from "@cdktf/provider-aws/lib/cloudfront-distribution";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { EcrReplicationConfiguration } from "@cdktf/provider-aws/lib/ecr-replication-configuration";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketReplicationConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-replication-configuration";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ComputeGlobalForwardingRule } from "@cdktf/provider-google/lib/compute-global-forwarding-rule";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import {
  App, Aspects, DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, Fn, GcsBackend, IAspect, Lazy, LocalBackend, S3Backend, TerraformHclModule,
  TerraformLocal, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack, TerraformVariable, Testing,
} from "cdktf";
import { Construct, IConstruct } from "constructs";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { buildDefaultApp } from "../../stacks/default-app";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps, DeepSeekConfigError, RegionLock, RegionLockAspect } from "../../lib";
import { refusal as refused } from "../support/refusal";

/**
 * Attempts to get an out-of-jurisdiction location past the region lock through ordinary cdktf and
 * provider APIs. Each builds on a small EU-locked stack (AWS in eu-north-1, Google in
 * europe-west4) of a DeepSeekApp, beside an unlocked stack in the US, and must be refused with a
 * DeepSeekConfigError while writing nothing. A few attack the library's own cluster.
 */

interface Ctx {
  readonly app: App;
  /** The EU-locked stack, with `aws` (eu-north-1) and `google` (europe-west4) providers. */
  readonly locked: TerraformStack;
  readonly aws: AwsProvider;
  readonly google: GoogleProvider;
  /** An unlocked stack with an AWS provider in us-east-1. */
  readonly free: TerraformStack;
}

function context(app: App = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "lock-attack-")) })): Ctx {
  const locked = new TerraformStack(app, "locked");
  RegionLock.lock(locked, "eu");
  const aws = new AwsProvider(locked, "aws", { region: "eu-north-1" });
  const google = new GoogleProvider(locked, "google", { project: "p", region: "europe-west4" });
  const free = new TerraformStack(app, "free");
  new AwsProvider(free, "aws", { region: "us-east-1" });
  return { app, locked, aws, google, free };
}

/** A resource type the typed providers do not offer (or the lock does not know). */
class Raw extends TerraformResource {
  constructor(scope: Construct, id: string, type: string, private readonly body: Record<string, unknown>, provider?: TerraformProvider) {
    super(scope, id, { terraformResourceType: type, provider });
  }
  protected synthesizeAttributes(): Record<string, unknown> {
    return this.body;
  }
}

const usAlias = (c: Ctx) => new AwsProvider(c.locked, "us", { region: "us-east-1", alias: "us" });
const regionOverride = (region: string): IAspect => ({ visit: (n: IConstruct) => { if (n instanceof S3Bucket) n.addOverride("region", region); } });

interface Attack {
  readonly name: string;
  readonly build: (c: Ctx) => void;
  /** Part of the refusal's path or message. */
  readonly expect: RegExp;
}

const ATTACKS: readonly Attack[] = [
  // ---- values the lock cannot know at synth ----
  { name: "resource region from a Terraform variable", build: (c) => { new S3Bucket(c.locked, "b", { region: new TerraformVariable(c.locked, "r", { type: "string" }).stringValue }); }, expect: /Terraform variable/ },
  { name: "provider region from a Terraform variable", build: (c) => { new AwsProvider(c.locked, "v", { alias: "v", region: new TerraformVariable(c.locked, "r", { type: "string", default: "eu-north-1" }).stringValue }); }, expect: /locked\/v\.region: .*Terraform variable/ },
  { name: "region from a local", build: (c) => { new S3Bucket(c.locked, "b", { region: new TerraformLocal(c.locked, "r", "us-east-1").asString }); }, expect: /local value/ },
  { name: "region from a module output", build: (c) => { const m = new TerraformHclModule(c.free, "m", { source: "terraform-aws-modules/vpc/aws" }); new S3Bucket(c.locked, "b", { region: m.getString("region") }); }, expect: /not region-locked|module/ },
  { name: "region from a module output in the locked stack", build: (c) => { const m = new TerraformHclModule(c.locked, "m", { source: "terraform-aws-modules/vpc/aws" }); new S3Bucket(c.locked, "b", { region: m.getString("region") }); }, expect: /module/ },
  { name: "region from remote state in a US bucket", build: (c) => { const rs = new DataTerraformRemoteStateS3(c.locked, "rs", { bucket: "s", key: "k", region: "us-east-1" }); new S3Bucket(c.locked, "b", { region: rs.getString("region") }); }, expect: /rs\.config\.region|state of no stack/ },
  { name: "region from remote state of no stack of the app", build: (c) => { const rs = new DataTerraformRemoteStateLocal(c.locked, "rs", { path: "/tmp/other.tfstate" }); new S3Bucket(c.locked, "b", { region: rs.getString("region") }); }, expect: /state of no stack/ },
  { name: "region from an unlocked stack's output (cross-stack reference)", build: (c) => { const us = new S3Bucket(c.free, "us", { bucket: "x" }); new S3Bucket(c.locked, "b", { region: us.region }); }, expect: /not region-locked/ },
  { name: "region from a function", build: (c) => { new S3Bucket(c.locked, "b", { region: Fn.lower("US-EAST-1") }); }, expect: /functions and operators/ },
  { name: "region from a function over EU-looking parts", build: (c) => { new S3Bucket(c.locked, "b", { region: Fn.element(["eu-north-1", "us-east-1"], 1) }); }, expect: /functions and operators/ },
  { name: "region from a template directive", build: (c) => { new S3Bucket(c.locked, "b", { region: "%{ if true }us-east-1%{ endif }" }); }, expect: /template directive/ },
  { name: "region from a checked bucket's name (not a location)", build: (c) => { const eu = new S3Bucket(c.locked, "eu", { bucket: "us-east-1" }); new S3Bucket(c.locked, "b", { region: eu.bucket }); }, expect: /not a location/ },
  { name: "region from a checked bucket's tag", build: (c) => { const eu = new S3Bucket(c.locked, "eu", { tags: { r: "us-east-1" } }); new S3Bucket(c.locked, "b", { region: Fn.lookup(eu.tags, "r", "") }); }, expect: /computed attribute|functions and operators/ },
  { name: "a reference chain ending outside", build: (c) => { const a = new S3Bucket(c.locked, "a", { region: "us-east-1" }); new S3Bucket(c.locked, "b", { region: a.region }); }, expect: /outside the "eu"/ },
  { name: "a circular reference", build: (c) => { const a = new S3Bucket(c.locked, "a", {}); const b = new S3Bucket(c.locked, "b", { region: a.region }); a.addOverride("region", b.region); }, expect: /too long or circular/ },
  { name: "zone from a data source list (computed at apply)", build: (c) => { new Raw(c.locked, "sn", "aws_subnet", { vpc_id: "vpc-1", availability_zone: "${data.aws_availability_zones.all.names[3]}" }); c.locked.addOverride("data.aws_availability_zones.all", {}); }, expect: /sn\.availability_zone: .*computed attribute/ },

  // ---- escape hatches ----
  { name: "addOverride moves a bucket to a US provider alias", build: (c) => { usAlias(c); new S3Bucket(c.locked, "b", {}).addOverride("provider", "aws.us"); }, expect: /locked\/us\.region/ },
  { name: "a provider alias in the jurisdiction, region overridden", build: (c) => { const p = new AwsProvider(c.locked, "eu2", { region: "eu-west-1", alias: "eu2" }); p.addOverride("region", "us-east-1"); new S3Bucket(c.locked, "b", { provider: p }); }, expect: /locked\/eu2\.region/ },
  { name: "the default provider's region overridden", build: (c) => { c.aws.addOverride("region", "us-west-2"); }, expect: /locked\/aws\.region/ },
  { name: "the default provider's region deleted", build: (c) => { c.aws.addOverride("region", undefined); }, expect: /is missing on an AWS provider/ },
  { name: "a resource's own region overridden", build: (c) => { new S3Bucket(c.locked, "b", {}).addOverride("region", "us-east-1"); }, expect: /locked\/b\.region/ },
  { name: "a resource bound to a provider the stack does not configure", build: (c) => { new S3Bucket(c.locked, "b", {}).addOverride("provider", "aws.ghost"); }, expect: /which this stack does not configure/ },
  { name: "a resource bound to a provider of another kind", build: (c) => { new S3Bucket(c.locked, "b", {}).addOverride("provider", "google"); }, expect: /provider of another kind/ },
  { name: "a provisioner that copies data out", build: (c) => { new S3Bucket(c.locked, "b", {}).addOverride("provisioner", [{ "local-exec": { command: "aws s3 sync s3://b s3://us-copy --region us-east-1" } }]); }, expect: /provisioner/ },
  { name: "a dynamic block generating replicas", build: (c) => { new DynamodbTable(c.locked, "t", { name: "t", hashKey: "k", attribute: [{ name: "k", type: "S" }] }).addOverride("dynamic.replica", { for_each: "${var.regions}", content: { region_name: "${replica.value}" } }); }, expect: /dynamic/ },
  // Nested dynamic blocks pass the lock only when their content holds no location: the GKE
  // authorized networks over var.admin_cidrs do (lib/app/deploy-inputs.ts); a location from the iterator does not.
  { name: "a nested dynamic block taking secret replica locations from a variable", build: (c) => { new SecretManagerSecret(c.locked, "s", { secretId: "s", replication: { userManaged: { replicas: [{ location: "europe-west4" }] } } }).addOverride("replication.user_managed.dynamic.replicas", { for_each: "${var.regions}", content: { location: "${replicas.value}" } }); }, expect: /dynamic\.replicas\.content\.location/ },
  { name: "a Google provider with a custom storage endpoint", build: (c) => { c.google.addOverride("storage_custom_endpoint", "https://storage.us.example.com/"); }, expect: /storage_custom_endpoint/ },
  { name: "an AWS provider with custom endpoints", build: (c) => { c.aws.addOverride("endpoints", [{ s3: "https://s3.us-east-1.amazonaws.com" }]); }, expect: /endpoints/ },
  { name: "required_providers maps aws to another provider", build: (c) => { c.locked.addOverride("terraform.required_providers.aws.source", "evil/aws"); }, expect: /another provider than hashicorp\/aws/ },
  { name: "an HCP Terraform cloud block", build: (c) => { c.locked.addOverride("terraform.cloud", { organization: "o", workspaces: { name: "w" } }); }, expect: /HCP Terraform/ },
  { name: "an unknown top-level block", build: (c) => { c.locked.addOverride("action", { aws_lambda_invoke: { x: {} } }); }, expect: /locked:action/ },
  { name: "a check block reading through a US alias", build: (c) => { usAlias(c); c.locked.addOverride("check.peek.data.aws_s3_bucket.x", { bucket: "b", provider: "aws.us" }); }, expect: /locked\/us\.region/ },
  { name: "an import block through a US alias", build: (c) => { c.locked.addOverride("provider.aws", [{ region: "eu-north-1" }, { alias: "imp", region: "us-east-1" }]); c.locked.addOverride("import", [{ to: "aws_s3_bucket.x", id: "x", provider: "aws.imp" }]); }, expect: /outside the "eu"/ },

  // ---- after the constructs: later aspects, validations, lazy values ----
  { name: "an aspect added later moves every bucket", build: (c) => { new S3Bucket(c.locked, "b", {}); Aspects.of(c.locked).add(regionOverride("us-east-1")); }, expect: /locked\/b\.region/ },
  { name: "a validation hook that moves a bucket while validating", build: (c) => { const b = new S3Bucket(c.locked, "b", {}); c.locked.node.addValidation({ validate: () => { b.addOverride("region", "us-east-1"); return []; } }); }, expect: /locked\/b\.region/ },
  { name: "a lazy region", build: (c) => { new S3Bucket(c.locked, "b", { region: Lazy.stringValue({ produce: () => "us-east-1" }) }); }, expect: /locked\/b\.region/ },
  { name: "a lazy region that answers EU once, then US", build: (c) => { let n = 0; new S3Bucket(c.locked, "b", { region: Lazy.stringValue({ produce: () => (n++ === 0 ? "eu-north-1" : "us-east-1") }) }); }, expect: /locked\/b\.region|outside/ },
  { name: "a lazy provider region", build: (c) => { new AwsProvider(c.locked, "lz", { alias: "lz", region: Lazy.stringValue({ produce: () => "ap-south-1" }) }); }, expect: /locked\/lz\.region/ },

  // ---- types the lock does not know, global edge services ----
  { name: "an unknown AWS resource type", build: (c) => { new Raw(c.locked, "ls", "aws_lightsail_instance", { name: "x", availability_zone: "eu-north-1a", blueprint_id: "b", bundle_id: "s" }); }, expect: /does not know \(aws_lightsail_instance\)/ },
  { name: "an unknown data source", build: (c) => { c.locked.addOverride("data.external.x", { program: ["sh", "-c", "curl https://us.example.com"] }); }, expect: /data source type the region lock does not know/ },
  { name: "a CloudFront distribution", build: (c) => { new CloudfrontDistribution(c.locked, "cdn", { enabled: true, origin: [{ domainName: "b.s3.eu-north-1.amazonaws.com", originId: "o" }], defaultCacheBehavior: { allowedMethods: ["GET", "HEAD"], cachedMethods: ["GET", "HEAD"], targetOriginId: "o", viewerProtocolPolicy: "https-only" }, restrictions: { geoRestriction: { restrictionType: "none" } }, viewerCertificate: { cloudfrontDefaultCertificate: true } }); }, expect: /global edge service/ },
  { name: "a Google global forwarding rule", build: (c) => { new ComputeGlobalForwardingRule(c.locked, "fr", { name: "fr", target: "t" }); }, expect: /Google's edge/ },
  { name: "an unknown provider", build: (c) => { new (class extends TerraformProvider { constructor(s: Construct) { super(s, "az", { terraformResourceType: "azurerm" }); } protected synthesizeAttributes() { return { features: {} }; } })(c.locked); }, expect: /provider the region lock does not know/ },

  // ---- copies, replicas, backups elsewhere ----
  { name: "S3 replication to a bucket of an unlocked US stack", build: (c) => { const us = new S3Bucket(c.free, "dest", { bucket: "dest" }); const src = new S3Bucket(c.locked, "src", {}); new S3BucketReplicationConfigurationA(c.locked, "rep", { bucket: src.id, role: "arn:aws:iam::1:role/r", rule: [{ status: "Enabled", destination: { bucket: us.arn } }] }); }, expect: /replication destination bucket/ },
  { name: "S3 replication to a literal bucket ARN (no region in it)", build: (c) => { const src = new S3Bucket(c.locked, "src", {}); new S3BucketReplicationConfigurationA(c.locked, "rep", { bucket: src.id, role: "arn:aws:iam::1:role/r", rule: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::us-bucket" } }] }); }, expect: /does not say where it is/ },
  // A nested dynamic block is judged as the block it generates: its content is the destination.
  { name: "S3 replication to a literal bucket ARN through a nested dynamic destination block", build: (c) => { const src = new S3Bucket(c.locked, "src", {}); const rep = new S3BucketReplicationConfigurationA(c.locked, "rep", { bucket: src.id, role: "arn:aws:iam::1:role/r", rule: [{ status: "Enabled", destination: { bucket: src.arn } }] }); rep.addOverride("rule.0.destination", undefined); rep.addOverride("rule.0.dynamic.destination", { for_each: ["x"], content: { bucket: "arn:aws:s3:::us-bucket" } }); }, expect: /rule\.0\.dynamic\.destination\.content\.bucket: is the replication destination bucket given as a literal that does not say where it is/ },
  { name: "S3 replication to a bucket from a nested dynamic block's iterator", build: (c) => { const src = new S3Bucket(c.locked, "src", {}); const rep = new S3BucketReplicationConfigurationA(c.locked, "rep", { bucket: src.id, role: "arn:aws:iam::1:role/r", rule: [{ status: "Enabled", destination: { bucket: src.arn } }] }); rep.addOverride("rule.0.destination", undefined); rep.addOverride("rule.0.dynamic.destination", { for_each: "${var.buckets}", content: { bucket: "${destination.value}" } }); }, expect: /dynamic\.destination\.content\.bucket/ },
  { name: "S3 replication to a locked-stack bucket placed in the US", build: (c) => { const dest = new S3Bucket(c.locked, "dest", { region: "us-east-2" }); const src = new S3Bucket(c.locked, "src", {}); new S3BucketReplicationConfigurationA(c.locked, "rep", { bucket: src.id, role: "arn:aws:iam::1:role/r", rule: [{ status: "Enabled", destination: { bucket: dest.arn } }] }); }, expect: /outside/ },
  { name: "inline S3 replication on the bucket", build: (c) => { new S3Bucket(c.locked, "src", { replicationConfiguration: { role: "r", rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::us-bucket" } }] } }); }, expect: /replication destination bucket/ },
  { name: "a DynamoDB replica in the US", build: (c) => { new DynamodbTable(c.locked, "t", { name: "t", hashKey: "k", attribute: [{ name: "k", type: "S" }], replica: [{ regionName: "us-east-1" }] }); }, expect: /replica\.0\.region_name/ },
  { name: "a Secrets Manager replica in the US", build: (c) => { new SecretsmanagerSecret(c.locked, "s", { name: "s", replica: [{ region: "us-west-2" }] }); }, expect: /replica\.0\.region/ },
  { name: "a backup copy to a US vault (ARN)", build: (c) => { const v = new BackupVault(c.locked, "v", { name: "v" }); new BackupPlan(c.locked, "p", { name: "p", rule: [{ ruleName: "r", targetVaultName: v.name, copyAction: [{ destinationVaultArn: "arn:aws:backup:us-east-1:123456789012:backup-vault:dr" }] }] }); }, expect: /destination vault is in us-east-1/ },
  { name: "a backup copy to a vault behind a US alias", build: (c) => { const us = usAlias(c); const v = new BackupVault(c.locked, "v", { name: "v" }); const dr = new BackupVault(c.locked, "dr", { name: "dr", provider: us }); new BackupPlan(c.locked, "p", { name: "p", rule: [{ ruleName: "r", targetVaultName: v.name, copyAction: [{ destinationVaultArn: dr.arn }] }] }); }, expect: /outside/ },
  { name: "ECR replication to a US region", build: (c) => { new EcrReplicationConfiguration(c.locked, "e", { replicationConfiguration: { rule: [{ destination: [{ region: "us-east-1", registryId: "123456789012" }] }] } }); }, expect: /destination\.0\.region/ },
  { name: "VPC flow logs to a literal S3 ARN", build: (c) => { new FlowLog(c.locked, "fl", { vpcId: "vpc-1", trafficType: "ALL", logDestinationType: "s3", logDestination: "arn:aws:s3:::us-logs" }); }, expect: /flow log destination, an ARN without a region/ },
  { name: "a GCS bucket in the US multi-region", build: (c) => { new StorageBucket(c.locked, "m", { name: "m", location: "US" }); }, expect: /locked\/m\.location/ },
  { name: "a GCS configurable dual-region across the Atlantic", build: (c) => { new StorageBucket(c.locked, "m", { name: "m", location: "EU", customPlacementConfig: { dataLocations: ["europe-west4", "us-central1"] } }); }, expect: /data_locations\.1/ },
  { name: "Secret Manager automatic replication", build: (c) => { new SecretManagerSecret(c.locked, "s", { secretId: "s", replication: { auto: {} } }); }, expect: /replication\.auto/ },
  { name: "a Secret Manager replica in the US", build: (c) => { new SecretManagerSecret(c.locked, "s", { secretId: "s", replication: { userManaged: { replicas: [{ location: "europe-west4" }, { location: "us-central1" }] } } }); }, expect: /replicas\.1\.location/ },
  { name: "a KMS key on a literal key ring in the US", build: (c) => { new KmsCryptoKey(c.locked, "k", { name: "k", keyRing: "projects/p/locations/us/keyRings/r" }); }, expect: /key ring is in us/ },
  { name: "a KMS key on a key ring behind another Google provider", build: (c) => { const us = new GoogleProvider(c.locked, "gus", { project: "p", region: "us-central1", alias: "gus" }); const r = new KmsKeyRing(c.locked, "r", { name: "r", location: "europe-west4", provider: us }); new KmsCryptoKey(c.locked, "k", { name: "k", keyRing: r.id }); }, expect: /locked\/gus\.region/ },

  // ---- modules and state ----
  { name: "a module in a locked stack", build: (c) => { new TerraformHclModule(c.locked, "vpc", { source: "terraform-aws-modules/vpc/aws", variables: { azs: ["eu-north-1a"] } }); }, expect: /is a module/ },
  { name: "an S3 state bucket in the US", build: (c) => { new S3Backend(c.locked, { bucket: "state", key: "k", region: "us-east-1" }); }, expect: /terraform\.backend\.s3\.region/ },
  { name: "an S3 state bucket behind a custom endpoint", build: (c) => { new S3Backend(c.locked, { bucket: "state", key: "k", region: "eu-north-1", endpoints: { s3: "https://minio.us.example.com" } }); }, expect: /custom endpoint/ },
  { name: "a GCS state bucket of undeclared location", build: (c) => { new GcsBackend(c.locked, { bucket: "state" }); }, expect: /GCS state bucket/ },
  { name: "a GCS state bucket declared in the US", build: (c) => { RegionLock.declareStateBucket(c.app, "state-us", "US"); new GcsBackend(c.locked, { bucket: "state-us" }); }, expect: /terraform\.backend\.gcs\.bucket/ },
  { name: "a backend the lock does not know", build: (c) => { c.locked.addOverride("terraform.backend", { http: { address: "https://state.us.example.com" } }); }, expect: /state backend the region lock does not know/ },
  { name: "an unlocked stack sharing the locked stack's state, read back as remote state", build: (c) => { new LocalBackend(c.locked, { path: "shared.tfstate" }); new LocalBackend(c.free, { path: "shared.tfstate" }); new TerraformOutput(c.free, "r", { value: "us-east-1" }); const rs = new DataTerraformRemoteStateLocal(c.locked, "rs", { path: "shared.tfstate" }); new S3Bucket(c.locked, "b", { region: rs.getString("r") }); }, expect: /shared by 2 stacks/ },

  // ---- Kubernetes connections ----
  { name: "a Kubernetes provider pointed at a literal US cluster", build: (c) => { const k = new KubernetesProvider(c.locked, "k8s", { host: "https://ABC.gr7.us-east-1.eks.amazonaws.com" }); new NamespaceV1(c.locked, "ns", { metadata: { name: "x" }, provider: k }); }, expect: /k8s\.host/ },
  { name: "a Kubernetes provider from a kubeconfig", build: (c) => { new KubernetesProvider(c.locked, "k8s", { configPath: "~/.kube/config" }); }, expect: /config_path/ },
  { name: "a Helm provider with no cluster connection", build: (c) => { new HelmProvider(c.locked, "helm", {}); }, expect: /helm\.kubernetes/ },
  { name: "a Kubernetes host from a checked bucket (not a cluster endpoint)", build: (c) => { const b = new S3Bucket(c.locked, "b", {}); new KubernetesProvider(c.locked, "k8s", { host: `https://${b.bucket}` }); }, expect: /not the endpoint of a cluster/ },

  // ---- around the writer ----
  { name: "an extra Terraform JSON file written by custom synthesis", build: (c) => { addCustomSynthesis(c.locked, { onSynthesize: (s) => writeFileSync(join(s.outdir, "stacks", "locked", "extra.tf.json"), JSON.stringify({ provider: { aws: [{ alias: "x", region: "us-east-1" }] } })) }); }, expect: /locked:provider\.aws\.x\.region|outside/ },
  { name: "an HCL file written by custom synthesis", build: (c) => { addCustomSynthesis(c.locked, { onSynthesize: (s) => writeFileSync(join(s.outdir, "stacks", "locked", "extra.tf"), 'provider "aws" { alias = "x" region = "us-east-1" }') }); }, expect: /cannot read/ },
  { name: "a stray stack directory written by custom synthesis", build: (c) => { addCustomSynthesis(c.locked, { onSynthesize: (s) => { require("node:fs").mkdirSync(join(s.outdir, "stacks", "ghost"), { recursive: true }); } }); }, expect: /stacks\/ghost/ },
  { name: "a provider without a region", build: (c) => { new AwsProvider(c.locked, "bare", { alias: "bare" }); }, expect: /locked\/bare\.region: is missing/ },
  { name: "a Google provider without region or zone", build: (c) => { new GoogleProvider(c.locked, "g2", { project: "p", alias: "g2" }); }, expect: /is missing on a Google provider/ },
  { name: "a Google zone outside", build: (c) => { new GoogleProvider(c.locked, "g3", { project: "p", alias: "g3", region: "europe-west4", zone: "europe-west6-a" }); }, expect: /g3\.zone/ },
];

/** Synthesizes; returns the refusal and checks nothing was written. */
function refusal(app: App): DeepSeekConfigError {
  const outdir = app.outdir;
  const before = existsSync(join(outdir, "stacks")) ? readdirSync(join(outdir, "stacks")) : [];
  const error = refused(() => app.synth());
  expect(existsSync(join(outdir, "stacks")) ? readdirSync(join(outdir, "stacks")) : []).toEqual(before);
  expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
  return error;
}

describe("region lock attacks on a small EU-locked stack", () => {
  test("the base (EU providers, an EU bucket and references to checked locations) synthesizes", () => {
    const c = context();
    const b = new StorageBucket(c.locked, "m", { name: "m", location: "europe-west4" });
    new StorageBucket(c.locked, "copy", { name: "c", location: b.location });
    const s3 = new S3Bucket(c.locked, "s3", {});
    new S3Bucket(c.locked, "s3b", { region: s3.region });
    RegionLock.declareStateBucket(c.app, "state-eu", "EU");
    new GcsBackend(c.locked, { bucket: "state-eu" });
    c.app.synth();
    expect(readdirSync(join(c.app.outdir, "stacks")).sort()).toEqual(["free", "locked"]);
  });

  test.each(ATTACKS.map((a) => [a.name, a] as const))("%s", (_name, attack) => {
    const c = context();
    attack.build(c);
    const e = refusal(c.app);
    expect(`${e.path}: ${e.message}`).toMatch(attack.expect);
  });

  test(`${ATTACKS.length} attacks`, () => {
    expect(ATTACKS.length).toBeGreaterThanOrEqual(60);
  });
});

describe("region lock attacks around the app", () => {
  test("a locked stack's synthesizer cannot be swapped for one that skips the lock", () => {
    const c = context();
    const guard = c.locked.synthesizer;
    try {
      (c.locked as unknown as { synthesizer: unknown }).synthesizer = { synthesize: () => undefined };
    } catch (e) {
      expect(e).toBeInstanceOf(TypeError);
    }
    expect(c.locked.synthesizer).toBe(guard);
    new S3Bucket(c.locked, "b", { region: "us-east-1" });
    expect(refusal(c.app).path).toBe("locked/b.region");
  });

  test("a locked stack written outside the app's synth (Testing.fullSynth) is refused", () => {
    const c = context();
    expect(() => Testing.fullSynth(c.locked)).toThrow(/being written outside the app's synth/);
  });

  test("HCL output is refused for locked stacks", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "lock-hcl-")), hclOutput: true });
    context(app);
    expect(refusal(app).message).toMatch(/writes HCL/);
  });

  test("a plain cdktf App with a locked stack is guarded the same way", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "lock-plain-")) });
    const c = context(app);
    new S3Bucket(c.locked, "b", { region: "us-east-1" });
    expect(refusal(app).path).toBe("locked/b.region");
  });

  test("RegionLockAspect under a plain App that nothing guards refuses instead of passing silently", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "lock-aspect-")) });
    const stack = new TerraformStack(app, "s");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    Aspects.of(stack).add(new RegionLockAspect("eu"));
    expect(() => app.synth()).toThrow(/whose synth does not run the region lock/);
  });

  test("RegionLockAspect under DeepSeekApp locks the stack for this synth", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "lock-aspect-")) });
    const stack = new TerraformStack(app, "s");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    Aspects.of(stack).add(new RegionLockAspect("eu"));
    expect(refusal(app).path).toBe("s/aws.region");
  });

  test("a refusal leaves a previous synth's output untouched", () => {
    const c = context();
    c.app.synth();
    const stacks = readdirSync(join(c.app.outdir, "stacks"));
    new S3Bucket(c.locked, "late", { region: "us-east-1" });
    expect(() => c.app.synth()).toThrow(DeepSeekConfigError);
    expect(readdirSync(join(c.app.outdir, "stacks"))).toEqual(stacks);
    expect(existsSync(join(c.app.outdir, "manifest.json"))).toBe(true);
  });
});

describe("region lock attacks on the library's own EU cluster", () => {
  const props: DeepSeekClusterProps = {
    model: "deepseek-r1-0528", jurisdiction: "eu",
    placements: [{ cloud: "aws", region: "eu-north-1", hardware: "8xH200", name: "eks" }],
    endpoint: { hostname: "api.example.eu" },
  };
  const build = () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "lock-cluster-")) });
    return { app, cluster: new DeepSeekCluster(app, "eu", props) };
  };
  const find = <T,>(scope: IConstruct, type: new (...a: never[]) => T): T => scope.node.findAll().find((n) => n instanceof type) as T;

  test("the untouched cluster synthesizes", () => {
    const { app } = build();
    app.synth();
    expect(readdirSync(join(app.outdir, "stacks")).sort()).toEqual(["eu-eks-infra", "eu-eks-serving"]);
  });

  test("addOverride moves the model bucket to a US provider alias", () => {
    const { app, cluster } = build();
    const infra = cluster.placements[0].infra;
    new AwsProvider(infra, "us", { region: "us-east-1", alias: "us" });
    find(infra, S3Bucket).addOverride("provider", "aws.us");
    expect(refusal(app).path).toBe("eu-eks-infra/us.region");
  });

  test("the cluster's own provider region overridden by an aspect added after construction", () => {
    const { app, cluster } = build();
    Aspects.of(cluster.placements[0].infra).add({ visit: (n) => { if (n instanceof AwsProvider) n.addOverride("region", "us-east-1"); } });
    expect(refusal(app).path).toBe("eu-eks-infra/aws.region");
  });

  test("the serving stack's Helm connection pointed at a literal US cluster", () => {
    const { app, cluster } = build();
    find(cluster.placements[0].serving, HelmProvider).addOverride("kubernetes.host", "https://ABC.gr7.us-east-1.eks.amazonaws.com");
    expect(refusal(app).message).toMatch(/kubernetes\.host: is not the endpoint of a cluster/);
  });

  test("the serving stack reads its cluster from a state file that is not the infra stack's", () => {
    const { app, cluster } = build();
    cluster.placements[0].serving.addOverride("data.terraform_remote_state.cross-stack-reference-input-eu-eks-infra.config.path", "/tmp/elsewhere.tfstate");
    expect(refusal(app).message).toMatch(/state of no stack in this app/);
  });

  test("the model bucket's region set by a lazy value", () => {
    const { app, cluster } = build();
    find(cluster.placements[0].infra, S3Bucket).region = Lazy.stringValue({ produce: () => "us-east-2" });
    expect(refusal(app).message).toMatch(/outside the "eu"/);
  });
});

describe("the default app under the lock", () => {
  test("every stack of the four shipped clusters is locked, and the app synthesizes", () => {
    const app = buildDefaultApp(mkdtempSync(join(tmpdir(), "lock-default-")));
    const stacks = app.node.findAll().filter(TerraformStack.isStack);
    expect(stacks.map((s) => [s.node.id, RegionLock.jurisdictionsOf(s)]).filter(([, j]) => j.length === 0)).toEqual([]);
    app.synth();
    expect(readdirSync(join(app.outdir, "stacks"))).toHaveLength(stacks.length);
  });
});
