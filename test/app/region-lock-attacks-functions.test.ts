import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { App, Fn, TerraformLocal, TerraformStack, TerraformVariable } from "cdktf";
import { lockAttackTables } from "../support/region-lock-attacks";
import { DeepSeekApp, RegionLock } from "../../lib";
import { buildFabricApp } from "../security/fabric-app";

/**
 * Region names built by Terraform functions outside location attributes (a fourth round, after
 * region-lock-attacks.test.ts, -files and -destinations): an IAM policy ARN or a key name written
 * as `${join("-", ["us", "east", "1"])}`, `${format("%s-east-1", "us")}`, `${lower("US")}-east-1`,
 * `${base64decode(…)}`, or chosen at plan time from literals. The lock folds the functions it can
 * evaluate over literals (lib/app/region-lock-functions.ts) and scans every text the value can take;
 * a function it cannot evaluate over what it is given is refused, unless its result cannot name a
 * region. Every attack marked "escaped" synthesized before this round (measured on main at 21f9bd1).
 */

interface Ctx { readonly app: App; readonly locked: TerraformStack }

function context(): Ctx {
  const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "lock-fn-")) });
  const locked = new TerraformStack(app, "locked");
  RegionLock.lock(locked, "eu");
  new AwsProvider(locked, "aws", { region: "eu-north-1" });
  new GoogleProvider(locked, "google", { project: "p", region: "europe-west4" });
  return { app, locked };
}

const policy = (resource: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: resource }] });
const keyArn = (region: string) => `arn:aws:kms:${region}:123456789012:key/00000000-0000-0000-0000-000000000000`;
const rolePolicy = (c: Ctx, resource: string) => new IamRolePolicy(c.locked, "p", { role: "r", policy: policy(resource) });
/** A string attribute written as is (an expression inside JSON.stringify would have its quotes escaped). */
const secretKey = (c: Ctx, kmsKeyId: string) => new SecretsmanagerSecret(c.locked, "s", { name: "s", kmsKeyId });
const variable = (c: Ctx) => new TerraformVariable(c.locked, "r", { type: "string" }).stringValue;

const ATTACKS: readonly { readonly name: string; readonly build: (c: Ctx) => void; readonly expect: RegExp }[] = [
  // escaped: folded by the lock now
  { name: "an IAM policy ARN whose region is join()ed", build: (c) => { rolePolicy(c, keyArn(Fn.join("-", ["us", "east", "1"]))); }, expect: /p\.policy: .*evaluated as Terraform would, names us-east-1/ },
  { name: "an IAM policy ARN whose region is format()ted", build: (c) => { rolePolicy(c, keyArn(Fn.format("%s-east-1", ["us"]))); }, expect: /p\.policy: .*names us-east-1/ },
  { name: "an IAM policy ARN with a lower()ed region prefix", build: (c) => { rolePolicy(c, keyArn(`${Fn.lower("US")}-east-1`)); }, expect: /p\.policy: .*names us-east-1/ },
  { name: "a region decoded from base64", build: (c) => { rolePolicy(c, keyArn(Fn.base64decode("dXMtZWFzdC0x"))); }, expect: /names us-east-1/ },
  { name: "a region from replace()", build: (c) => { rolePolicy(c, keyArn(Fn.replace("uz-east-1", "z", "s"))); }, expect: /names us-east-1/ },
  { name: "a region spelled backwards (strrev)", build: (c) => { rolePolicy(c, keyArn(Fn.strrev("1-tsae-su"))); }, expect: /names us-east-1/ },
  { name: "a region cut out of a longer word (substr)", build: (c) => { rolePolicy(c, keyArn(Fn.substr("xxus-east-1xx", 2, 9))); }, expect: /names us-east-1/ },
  { name: "a region URL-decoded", build: (c) => { secretKey(c, keyArn('${urldecode("us%2Deast-1")}')); }, expect: /s\.kms_key_id: .*names us-east-1/ },
  { name: "a region JSON-decoded from an escape", build: (c) => { secretKey(c, keyArn('${jsondecode("\\"\\\\u0075s-east-1\\"")}')); }, expect: /names us-east-1/ },
  { name: "a region joined from a for expression over letters", build: (c) => { secretKey(c, keyArn('${join("", [for c in ["u", "s", "-", "w", "e", "s", "t", "-", "2"] : c])}')); }, expect: /names us-west-2/ },
  { name: "a whole policy built by jsonencode with a formatted resource", build: (c) => { new IamRolePolicy(c.locked, "p", { role: "r", policy: Fn.jsonencode({ Statement: [{ Effect: "Allow", Action: "s3:*", Resource: Fn.format("arn:aws:s3:::%s", [Fn.join("-", ["data", "us", "east", "1"])]) }] }) }); }, expect: /p\.policy: .*names us-east-1/ },
  { name: "a policy document data source with a joined region", build: (c) => { new DataAwsIamPolicyDocument(c.locked, "d", { statement: [{ actions: ["kms:Decrypt"], resources: [keyArn(Fn.join("-", ["us", "west", "2"]))] }] }); }, expect: /statement\.0\.resources\.0: .*names us-west-2/ },
  { name: "a region chosen at plan time between an EU and a US literal (conditional)", build: (c) => { variable(c); secretKey(c, keyArn('${var.r == "x" ? "eu-north-1" : join("-", ["us", "east", "2"])}')); }, expect: /names us-east-2/ },
  { name: "a region picked by element() with a plan-time index", build: (c) => { rolePolicy(c, keyArn(Fn.element(["eu-north-1", Fn.join("-", ["ap", "south", "1"])], Fn.tonumber(variable(c))))); }, expect: /names ap-south-1/ },
  { name: "a secret on a KMS key whose ARN is formatted", build: (c) => { new SecretsmanagerSecret(c.locked, "s", { name: "s", kmsKeyId: Fn.format("arn:aws:kms:%s:1:key/k", [Fn.join("-", ["us", "east", "1"])]) }); }, expect: /s\.kms_key_id: .*names us-east-1/ },
  { name: "a GKE database key whose location is joined", build: (c) => { new ContainerCluster(c.locked, "k", { name: "k", location: "europe-west4", databaseEncryption: { state: "ENCRYPTED", keyName: `projects/p/locations/${Fn.join("", ["us-", "central1"])}/keyRings/r/cryptoKeys/k` } }); }, expect: /database_encryption\.key_name: .*names us-central1/ },
  { name: "a region spelled with an HCL unicode escape (no function)", build: (c) => { secretKey(c, keyArn('${"\\u0075s-east-1"}')); }, expect: /names us-east-1/ },
  { name: "a region split by an empty interpolation", build: (c) => { secretKey(c, keyArn('u${""}s-east-1')); }, expect: /names us-east-1/ },
  { name: "a region glued by template strip markers around an empty interpolation", build: (c) => { secretKey(c, keyArn('us ${~ "" ~} -east-1')); }, expect: /names us-east-1/ },
  { name: "a region completed by arithmetic over literals", build: (c) => { secretKey(c, keyArn("us-east-${2 - 1}")); }, expect: /names us-east-1/ },
  { name: "a region completed by length() of a literal list", build: (c) => { secretKey(c, keyArn('ap-south-${length(["x"])}')); }, expect: /names ap-south-1/ },
  // escaped (measured on 2869f6a): regions spelled in the stack outside its elements, read by a bare reference
  { name: "a local holding a US region, used in a policy", build: (c) => { new TerraformLocal(c.locked, "r", "us-east-1"); rolePolicy(c, "arn:aws:s3:::${local.r}-data/*"); }, expect: /locked:local\.r: .*names us-east-1/ },
  { name: "a local joining a US region", build: (c) => { new TerraformLocal(c.locked, "r", Fn.join("-", ["us", "east", "1"])); rolePolicy(c, "arn:aws:s3:::${local.r}-data/*"); }, expect: /locked:local\.r: .*names us-east-1/ },
  { name: "a variable whose default is a US region, used in a policy", build: (c) => { new TerraformVariable(c.locked, "region", { type: "string", default: "us-west-2" }); rolePolicy(c, "arn:aws:s3:::logs-${var.region}/*"); }, expect: /locked:variable\.region\.default: .*names us-west-2/ },
  { name: "an import id that carries a US region (provider v6 id@region)", build: (c) => { new S3Bucket(c.locked, "b", {}).importFrom("my-bucket@us-east-1"); }, expect: /locked:import\.0\.id: .*names us-east-1/ },
  // escaped (measured on afa8a56): a plan-time value in a region-shaped position, no function around it
  { name: "an ARN whose region is a variable", build: (c) => { rolePolicy(c, keyArn("${var.region}")); }, expect: /p\.policy: .*an ARN's region is chosen at plan time/ },
  { name: "a GKE database key whose location is a variable", build: (c) => { new ContainerCluster(c.locked, "k", { name: "k", location: "europe-west4", databaseEncryption: { state: "ENCRYPTED", keyName: "projects/p/locations/${var.location}/keyRings/r/cryptoKeys/k" } }); }, expect: /database_encryption\.key_name: .*a Google resource path's location is chosen at plan time/ },
  // escaped: functions the lock cannot evaluate over what they are given
  { name: "a region in a heredoc with an interpolation (an expression the lock cannot parse)", build: (c) => { secretKey(c, keyArn('${<<EOT\nu${"s"}-east-1\nEOT\n}')); }, expect: /an expression the lock cannot read \(heredoc\)/ },
  { name: "an ARN region lower()ed from a variable", build: (c) => { rolePolicy(c, keyArn(Fn.lower(variable(c)))); }, expect: /p\.policy: is built by an expression the region lock cannot evaluate \(lower\(…\) over a Terraform variable/ },
  { name: "an ARN region formatted from a variable", build: (c) => { rolePolicy(c, keyArn(Fn.format("%s-east-1", [variable(c)]))); }, expect: /format\(…\) over a Terraform variable/ },
  { name: "a provider-defined function building an ARN", build: (c) => { variable(c); secretKey(c, '${provider::aws::arn_build("aws", "kms", var.r, "123456789012", "key/k")}'); }, expect: /provider::aws::arn_build\(…\), a function the lock does not evaluate/ },
  { name: "a policy read from a template file on the deployer's disk", build: (c) => { new IamRolePolicy(c.locked, "p", { role: "r", policy: Fn.templatefile("policy.json.tpl", { region: "x" }) }); }, expect: /templatefile\(…\), a function the lock does not evaluate/ },
  { name: "a region from a regular expression", build: (c) => { rolePolicy(c, keyArn(Fn.regex("[a-z]{2}.[a-z]{4}.1", "xxus-east-1"))); }, expect: /regex\(…\), a function the lock does not evaluate/ },
  { name: "a region joined from plan-time parts", build: (c) => { rolePolicy(c, keyArn(Fn.join("-", Fn.split(",", variable(c))))); }, expect: /split\(…\) over a Terraform variable/ },
  { name: "a template directive building a region", build: (c) => { variable(c); secretKey(c, keyArn('%{ if var.r == "x" }us%{ endif }-east-1')); }, expect: /template directive/ },
];

/** Must synthesize: the evaluator must not refuse ordinary use. */
const ACCEPTED: readonly { readonly name: string; readonly build: (c: Ctx) => void }[] = [
  { name: "a policy built by jsonencode over a checked bucket's ARN", build: (c) => { const b = new S3Bucket(c.locked, "b", {}); new IamRolePolicy(c.locked, "p", { role: "r", policy: Fn.jsonencode({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `${b.arn}/*` }] }) }); } },
  { name: "an EU region joined from literals", build: (c) => { rolePolicy(c, keyArn(Fn.join("-", ["eu", "north", "1"]))); } },
  { name: "a name hashed from a variable", build: (c) => { new S3Bucket(c.locked, "b", { bucket: `models-${Fn.substr(Fn.md5(variable(c)), 0, 8)}` }); } },
  { name: "a flag computed from a variable", build: (c) => { new S3Bucket(c.locked, "b", { forceDestroy: Fn.tobool(`\${length(${variable(c).slice(2, -1)}) > 0}`) as unknown as boolean }); } },
  { name: "a bare variable in a policy (not a function: read as before, README threat model)", build: (c) => { rolePolicy(c, `arn:aws:s3:::${variable(c)}`); } },
];


describe("region lock attacks through Terraform functions outside location attributes", () => {
  lockAttackTables(context, ATTACKS, ACCEPTED);

  test("the app carrying every GKE GPU fabric synthesizes when locked to the US", () => {
    const app = buildFabricApp(mkdtempSync(join(tmpdir(), "lock-fn-fabric-")), "us");
    expect(() => app.synth()).not.toThrow();
    expect(readdirSync(join(app.outdir, "stacks")).length).toBeGreaterThan(0);
  });
});
