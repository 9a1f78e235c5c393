import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { App, Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { DeepSeekApp, DeepSeekConfigError, RegionLockAspect, StateBackendInput, useStateBackend } from "../../lib";
import { checkStateBackend } from "../../lib/app/plan-state-backend";
import { runReviewCli } from "../../lib/review";
import { buildDefaultApp } from "../../stacks/default-app";
import { defaultAppOutdir } from "../support/default-app";

/** Every file under `dir`, by relative path, with its bytes. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

/** Two small stacks, `producer` and `consumer`, wired by a cross-stack reference. */
function twoStacks(app: App, lock?: "eu" | "us"): { producer: TerraformStack; consumer: TerraformStack } {
  const producer = new TerraformStack(app, "producer");
  const consumer = new TerraformStack(app, "consumer");
  if (lock) for (const s of [producer, consumer]) Aspects.of(s).add(new RegionLockAspect(lock));
  new AwsProvider(producer, "aws", { region: "eu-central-1" });
  const key = new KmsKey(producer, "key", {});
  new TerraformOutput(consumer, "arn", { value: key.arn });
  return { producer, consumer };
}

function synthJson(app: App, stack: string): any {
  app.synth();
  return JSON.parse(readFileSync(join(app.outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
}

const tmp = () => mkdtempSync(join(tmpdir(), "deepseek-state-"));

describe("local state (the default)", () => {
  test("no synthesized file contains a path of the synthesizing machine", () => {
    const outdir = defaultAppOutdir();
    for (const [file, text] of tree(outdir)) {
      expect({ file, hasOutdir: text.includes(outdir) }).toEqual({ file, hasOutdir: false });
      expect({ file, hasCwd: text.includes(process.cwd()) }).toEqual({ file, hasCwd: false });
    }
  });

  test("two synths in two folders (and two working directories) are byte-identical", () => {
    const cwd = process.cwd();
    const [a, b] = [tmp(), tmp()];
    try {
      process.chdir(a);
      buildDefaultApp(join(a, "cdktf.out")).synth();
      process.chdir(b);
      mkdirSync(join(b, "nested"));
      buildDefaultApp(join(b, "nested", "cdktf.out")).synth();
    } finally {
      process.chdir(cwd);
    }
    const [ta, tb] = [tree(join(a, "cdktf.out")), tree(join(b, "nested", "cdktf.out"))];
    expect([...tb.keys()].sort()).toEqual([...ta.keys()].sort());
    for (const [file, text] of ta) expect({ file, same: tb.get(file) === text }).toEqual({ file, same: true });
    // And the pull-request review of one against the other says so.
    let out = "";
    const code = runReviewCli(["review", "--base", join(a, "cdktf.out"), "--head", join(b, "nested", "cdktf.out")], { stdout: (t) => (out += t), stderr: () => undefined });
    expect(code).toBe(0);
    expect(out).toMatch(/Nothing changed in reviewer terms/);
    expect(out).toMatch(/No resource changes in 11 stacks/);
  });

  test("state files sit beside cdktf.out by a relative path, and cross-stack reads use the same file", () => {
    const outdir = defaultAppOutdir();
    const serving = JSON.parse(readFileSync(join(outdir, "stacks", "b200-us-aws-use2-serving", "cdk.tf.json"), "utf8"));
    expect(serving.terraform.backend).toEqual({ local: { path: "../../../terraform.b200-us-aws-use2-serving.tfstate" } });
    const infra = JSON.parse(readFileSync(join(outdir, "stacks", "b200-us-aws-use2-infra", "cdk.tf.json"), "utf8"));
    const infraPath = infra.terraform.backend.local.path;
    expect(serving.data.terraform_remote_state["cross-stack-reference-input-b200-us-aws-use2-infra"].config.path).toBe(infraPath);
    // Terraform runs in <outdir>/stacks/<stack>: the path resolves to a file beside <outdir>, outside it.
    const resolved = join(outdir, "stacks", "b200-us-aws-use2-infra", infraPath);
    expect(relative(outdir, resolved).startsWith("..")).toBe(true);
    expect(resolved).toBe(join(outdir, "..", "terraform.b200-us-aws-use2-infra.tfstate"));
  });

  test("the app warns while state is local, and a directory must be relative", () => {
    const app = new DeepSeekApp({ outdir: join(tmp(), "cdktf.out") });
    twoStacks(app);
    app.synth();
    expect(app.warnings.join("\n")).toMatch(/state is local/);
    expect(() => new DeepSeekApp({ backend: { kind: "local", directory: "/home/me/state" } })).toThrow(/backend\.directory: is an absolute path/);
    const app2 = new DeepSeekApp({ outdir: join(tmp(), "cdktf.out"), backend: { kind: "local", directory: "state" } });
    twoStacks(app2);
    expect(synthJson(app2, "consumer").terraform.backend.local.path).toBe("../../../state/terraform.consumer.tfstate");
  });
});

describe("S3 and GCS backends", () => {
  const s3: StateBackendInput = { kind: "s3", bucket: "team-tfstate", region: "eu-central-1" };
  const gcs: StateBackendInput = { kind: "gcs", bucket: "team-tfstate", location: "EU", prefix: "platform/deepseek" };

  test("S3: one key per stack, S3 lock file, encryption; cross-stack references read the producer's key", () => {
    const app = new DeepSeekApp({ outdir: join(tmp(), "cdktf.out"), backend: s3 });
    twoStacks(app, "eu");
    app.synth();
    const read = (s: string) => JSON.parse(readFileSync(join(app.outdir, "stacks", s, "cdk.tf.json"), "utf8"));
    expect(read("producer").terraform.backend).toEqual({ s3: { bucket: "team-tfstate", region: "eu-central-1", key: "cdktf-deepseek/producer.tfstate", encrypt: true, use_lockfile: true } });
    expect(read("consumer").terraform.backend.s3.key).toBe("cdktf-deepseek/consumer.tfstate");
    const remote = read("consumer").data.terraform_remote_state["cross-stack-reference-input-producer"];
    expect(remote.backend).toBe("s3");
    expect(remote.config).toMatchObject({ bucket: "team-tfstate", key: "cdktf-deepseek/producer.tfstate", region: "eu-central-1" });
    expect(app.warnings).toEqual([]);
  });

  test("S3 with a role: the assume_role block", () => {
    const app = new DeepSeekApp({ outdir: join(tmp(), "cdktf.out"), backend: { ...s3, roleArn: "arn:aws:iam::123456789012:role/tfstate", keyPrefix: "team/ds" } as StateBackendInput });
    twoStacks(app);
    const backend = synthJson(app, "producer").terraform.backend.s3;
    expect(backend.assume_role).toEqual({ role_arn: "arn:aws:iam::123456789012:role/tfstate" });
    expect(backend.role_arn).toBeUndefined();
    expect(backend.key).toBe("team/ds/producer.tfstate");
  });

  test("GCS: one prefix per stack; cross-stack references read the producer's prefix", () => {
    const app = new DeepSeekApp({ outdir: join(tmp(), "cdktf.out"), backend: gcs });
    twoStacks(app, "eu");
    app.synth();
    const consumer = JSON.parse(readFileSync(join(app.outdir, "stacks", "consumer", "cdk.tf.json"), "utf8"));
    expect(consumer.terraform.backend).toEqual({ gcs: { bucket: "team-tfstate", prefix: "platform/deepseek/consumer" } });
    const remote = consumer.data.terraform_remote_state["cross-stack-reference-input-producer"];
    expect(remote).toMatchObject({ backend: "gcs", config: { bucket: "team-tfstate", prefix: "platform/deepseek/producer" } });
  });

  test("a region-locked stack refuses a state bucket outside its jurisdiction", () => {
    const refusal = (backend: StateBackendInput, lock: "eu" | "us") => {
      const app = new DeepSeekApp({ outdir: join(tmp(), "cdktf.out"), backend });
      twoStacks(app, lock);
      try {
        app.synth();
      } catch (e) {
        return e;
      }
      return undefined;
    };
    const usS3 = refusal({ ...s3, region: "us-east-1" } as StateBackendInput, "eu");
    expect(usS3).toBeInstanceOf(DeepSeekConfigError);
    expect((usS3 as DeepSeekConfigError).path).toBe("backend.region");
    expect((usS3 as Error).message).toMatch(/outside the "eu" jurisdiction.*got "us-east-1"/);
    // London is not in the EU.
    expect((refusal({ ...s3, region: "eu-west-2" } as StateBackendInput, "eu") as Error).message).toMatch(/backend\.region/);
    expect((refusal({ ...gcs, location: "US" } as StateBackendInput, "eu") as DeepSeekConfigError).path).toBe("backend.location");
    expect((refusal(gcs, "us") as DeepSeekConfigError).path).toBe("backend.location");
    expect(refusal({ ...gcs, location: "europe-west4" } as StateBackendInput, "eu")).toBeUndefined();
    // The pure check says the same.
    expect(() => checkStateBackend({ ...gcs, location: "EUR4" }, "backend", "eu")).not.toThrow();
  });

  test("the default app with a state bucket per jurisdiction", () => {
    const app = buildDefaultApp(join(tmp(), "cdktf.out"), {
      backend: ({ jurisdiction }) => (jurisdiction === "eu" ? s3 : { kind: "s3", bucket: "team-tfstate-us", region: "us-east-2" }),
    });
    app.synth();
    const read = (s: string) => JSON.parse(readFileSync(join(app.outdir, "stacks", s, "cdk.tf.json"), "utf8"));
    expect(read("h200-eu-gcp-euw4-infra").terraform.backend.s3.bucket).toBe("team-tfstate");
    expect(read("b200-us-aws-use2-serving").terraform.backend.s3).toMatchObject({ bucket: "team-tfstate-us", key: "cdktf-deepseek/b200-us-aws-use2-serving.tfstate" });
    // One bucket for every stack: the US clusters refuse an EU bucket.
    expect(() => buildDefaultApp(join(tmp(), "cdktf.out"), { backend: s3 }).synth()).toThrow(/backend\(b200-us-aws-use2-infra\)\.region|backend\.region/);
  });

  test("bad backend options are refused with their path", () => {
    expect(() => checkStateBackend({ kind: "s3", bucket: "Team_State", region: "eu-central-1" }, "backend")).toThrow(/backend\.bucket: is not an S3 bucket name/);
    expect(() => checkStateBackend({ kind: "s3", bucket: "team", region: "europe" }, "backend")).toThrow(/backend\.region: is not an AWS region/);
    expect(() => checkStateBackend({ kind: "gcs", bucket: "team" }, "backend")).toThrow(/backend\.location: is required/);
    expect(() => checkStateBackend({ kind: "s3", bucket: "team", region: "eu-central-1", keyPrefix: "../x" }, "backend")).toThrow(/backend\.keyPrefix/);
    expect(() => checkStateBackend({ kind: "azurerm" }, "backend")).toThrow(DeepSeekConfigError);
  });

  test("useStateBackend serves a consumer's own stacks under a plain App, and keeps a backend the stack already has", () => {
    const app = new App({ outdir: join(tmp(), "cdktf.out") });
    const { producer, consumer } = twoStacks(app);
    useStateBackend(producer, gcs);
    useStateBackend(consumer, gcs);
    expect(useStateBackend(consumer, s3)).toBeUndefined();
    const json = synthJson(app, "consumer");
    expect(json.terraform.backend.gcs.prefix).toBe("platform/deepseek/consumer");
    expect(json.data.terraform_remote_state["cross-stack-reference-input-producer"].config.prefix).toBe("platform/deepseek/producer");
    expect(() => useStateBackend(new TerraformStack(app, "x"), { ...s3, region: "us-east-1" } as StateBackendInput, { jurisdiction: "eu" })).toThrow(/backend\.region/);
  });
});
