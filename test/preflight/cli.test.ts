import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp } from "../../lib/app/deepseek-app";
import { HelmProvider, Release } from "../../lib/internal/providers/helm";
import { TerraformStack } from "../../lib/internal/tf";
import { CLI_USAGE, runCli } from "../../lib/cli";
import { PREFLIGHT_RULES } from "../../lib/preflight";
import { runPreflightCli } from "../../lib/preflight/cli";
import { PreflightRefusal } from "../../lib/preflight/refuse";
import { defaultAppOutdir } from "../support/default-app";

const run = (args: string[]) => {
  let out = "", err = "";
  const code = runPreflightCli(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; } });
  return { code, out, err };
};

describe("cdktf-deepseek preflight <cdktf.out>", () => {
  test("default app: exit 0, well under a second of checking", () => {
    const times: number[] = [];
    let r = run([defaultAppOutdir()]);
    for (let i = 0; i < 3; i++) {
      const started = process.hrtime.bigint();
      r = run([defaultAppOutdir()]);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    const ms = Math.min(...times);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^preflight: \d+ stacks, \d+ rules, no findings \(\d+ ms\)\n$/);
    // The budget is 1 s for the whole command; loading and checking stay well inside it.
    expect(ms).toBeLessThan(1000);
  });

  test("a planted fault: exit 2, each finding with stack, object, field, why and fix", () => {
    const dir = mkdtempSync(join(tmpdir(), "preflight-cli-"));
    cpSync(join(defaultAppOutdir(), "stacks"), join(dir, "stacks"), { recursive: true });
    const file = join(dir, "stacks", "b200-us-aws-use2-serving", "cdk.tf.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"version": "v1.5.0"', '"version": "v1.6.0"'));
    const r = run([dir]);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/\[charts-published\] b200-us-aws-use2-serving: helm_release\.gateway_inferencepool_\w+ version\n  why: inferencepool v1\.6\.0 is not a published release.*\n  fix: pin a published version/);
    expect(r.out).toMatch(/preflight: 1 finding in \d+ stacks/);
  });

  test("unreadable input: exit 1; usage: exit 1 without a path", () => {
    expect(run([join(tmpdir(), "no-such-cdktf-out")]).code).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), "preflight-bad-"));
    cpSync(join(defaultAppOutdir(), "stacks"), join(dir, "stacks"), { recursive: true });
    writeFileSync(join(dir, "stacks", "b200-us-aws-use2-serving", "cdk.tf.json"), "{ not json");
    expect(run([dir])).toMatchObject({ code: 1, err: expect.stringMatching(/^preflight: /) });
    expect(run([]).code).toBe(1);
    expect(run(["--help"])).toMatchObject({ code: 0, out: expect.stringContaining("scheduling: ") });
  });
});

describe("DeepSeekApp runs preflight at every synth", () => {
  test("a finding refuses the synth like any refusal, and leaves the outdir as it was", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "preflight-app-")), "cdktf.out");
    const app = new DeepSeekApp({ outdir });
    const stack = new TerraformStack(app, "serving");
    new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
    new Release(stack, "pool", { name: "trtllm", chart: "inferencepool", repository: "oci://registry.k8s.io/gateway-api-inference-extension/charts", version: "v1.6.0", namespace: "deepseek" });
    let error: unknown;
    try { app.synth(); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(PreflightRefusal);
    expect((error as PreflightRefusal).message).toMatch(/^serving: helm_release\.pool version: inferencepool v1\.6\.0 is not a published release .*\(got "preflight rule charts-published"\); pin a published version/);
    expect((error as PreflightRefusal).findings).toHaveLength(1);
    // cdktf creates outdir/stacks at construction; no stack was written into it.
    expect(readdirSync(join(outdir, "stacks"))).toEqual([]);
  });
});

describe("every example passes preflight clean", () => {
  test("examples/consumer-eks (a plain App: preflight through the CLI)", () => {
    const { buildConsumerApp } = require("../../examples/consumer-eks/main") as typeof import("../../examples/consumer-eks/main");
    const outdir = mkdtempSync(join(tmpdir(), "preflight-consumer-"));
    buildConsumerApp(outdir).synth();
    expect(run([outdir])).toMatchObject({ code: 0, out: expect.stringMatching(/^preflight: 2 stacks, \d+ rules, no findings/) });
  });
});

describe("cdktf-deepseek --help names every command and the in-repo spelling", () => {
  const cli = (args: string[]) => {
    let out = "", err = "";
    const code = runCli(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; } });
    return { code, out, err };
  };
  test.each([["--help"], ["-h"], ["help"]])("%s: exit 0, preflight and review listed, with the checkout spelling", (flag) => {
    const r = cli([flag]);
    expect(r).toMatchObject({ code: 0, out: CLI_USAGE, err: "" });
    expect(r.out).toMatch(/^ {2}preflight <cdktf\.out>$/m);
    expect(r.out).toMatch(/^ {2}review --base <old cdktf\.out> --head <new cdktf\.out>/m);
    expect(r.out).toMatch(/npm run preflight/);
    expect(r.out).toMatch(/node scripts\/cli\.js <command>/);
  });
  test("no command or an unknown one: exit 1, usage on stderr", () => {
    expect(cli([])).toMatchObject({ code: 1, out: "", err: expect.stringMatching(/^cdktf-deepseek: missing command\n\nUsage: cdktf-deepseek <command>/) });
    expect(cli(["prefligt", "cdktf.out"])).toMatchObject({ code: 1, err: expect.stringMatching(/^cdktf-deepseek: unknown command "prefligt"/) });
  });
  test("each command still answers its own --help", () => {
    const pre = cli(["preflight", "--help"]);
    expect(pre.code).toBe(0);
    for (const rule of PREFLIGHT_RULES) expect(pre.out).toContain(`  ${rule.id}: `);
    expect(pre.out).toMatch(/node scripts\/cli\.js preflight <cdktf\.out>/);
    expect(cli(["review", "--help"])).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: cdktf-deepseek review --base/) });
  });
});
