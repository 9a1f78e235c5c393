import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp, DeepSeekCluster } from "../../lib";
import { findPlaceholders, isExampleHostname } from "../../lib/plan/placeholders";
import { DEFAULT_CLUSTERS } from "../../stacks/default-app";
import { defaultAppOutdir } from "../support/default-app";

/** Evaluates the only condition form the guard writes: `${local.name[i] != "value"}`. */
function evaluate(condition: string, locals: Record<string, string[]>): boolean {
  const m = /^\$\{local\.([A-Za-z0-9_]+)\[(\d+)\] != ("(?:[^"\\]|\\.)*")\}$/.exec(condition);
  if (!m) throw new Error(`unexpected condition ${condition}`);
  return locals[m[1]][Number(m[2])] !== JSON.parse(m[3]);
}

const stackJson = (outdir: string, stack: string) => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
const guardOf = (outdir: string, stack: string) => Object.values<any>(stackJson(outdir, stack).resource?.terraform_data ?? {}).find((r) => r.input?.placeholders);

/** The guard alone (its locals and terraform_data): what `terraform plan` says about it. */
function terraformPlan(json: any): { code: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "deepseek-guard-tf-"));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ locals: json.locals, resource: { terraform_data: json.resource.terraform_data } }));
  const run = spawnSync("terraform", ["plan", "-input=false", "-no-color"], { cwd: dir, encoding: "utf8", timeout: 60000, env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" } });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}
const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;

describe("placeholders cannot be deployed", () => {
  const outdir = defaultAppOutdir();

  test("the default app synthesizes, and every stack with a placeholder fails terraform plan naming the value", () => {
    const expected: Record<string, string[]> = {
      "b200-us-aws-use2-infra": ["b200.deepseek.example.com"],
      "h200-eu-gcp-euw4-infra": ["my-gcp-project", "h200.deepseek.example.eu"],
      "eu-multi-aws-eun1-infra": ["my-gcp-project", "api.deepseek.example.eu", "Z0123456789EXAMPLE"],
      "eu-multi-global": ["my-gcp-project", "api.deepseek.example.eu", "Z0123456789EXAMPLE"],
      "h100x2-us-aws-use1-serving": ["h100.deepseek.example.com"],
    };
    for (const [stack, values] of Object.entries(expected)) {
      const guard = guardOf(outdir, stack);
      const locals = stackJson(outdir, stack).locals;
      expect(Object.values(locals)).toContainEqual(values);
      for (const [i, pre] of guard.lifecycle.precondition.entries()) {
        expect(evaluate(pre.condition, locals)).toBe(false);
        expect(pre.error_message).toContain(JSON.stringify(values[i]));
        expect(pre.error_message).toMatch(/replace it with/);
      }
    }
    expect(guardOf(outdir, "eu-multi-gcp-euw1-infra").input.placeholders).toMatch(/^\$\{local\./);
    const review = readFileSync(join(outdir, "review.md"), "utf8");
    expect(review).toContain('h200-eu.placements.0.gcp.project is the placeholder "my-gcp-project"');
  });

  test("real values pass: no guard, no warning", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "deepseek-real-")) });
    new DeepSeekCluster(app, "prod", {
      ...DEFAULT_CLUSTERS["eu-multi"],
      placements: DEFAULT_CLUSTERS["eu-multi"].placements.map((p) => (p.gcp ? { ...p, gcp: { ...p.gcp, project: "acme-inference" } } : p)),
      endpoint: { hostname: "api.acme.eu", route53ZoneId: "Z04417433C7JRZBYH0PUL" },
    });
    app.synth();
    for (const stack of ["prod-gcp-euw1-infra", "prod-aws-eun1-serving", "prod-global"]) expect(guardOf(app.outdir, stack)).toBeUndefined();
    expect(app.placements.flatMap((p) => p.plan.warnings).join("\n")).not.toMatch(/placeholder/);
  });

  (hasTerraform ? test : test.skip)("terraform plan itself refuses the placeholders (runs when a terraform binary is on PATH)", () => {
    const json = stackJson(outdir, "eu-multi-gcp-euw1-infra");
    const refused = terraformPlan(json);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/Resource precondition failed/);
    expect(refused.output.replace(/\s+/g, " ")).toContain('eu-multi.placements.0.gcp.project is the placeholder "my-gcp-project"');
    // Planted fix: the same guard with real values in its local plans cleanly.
    const local = Object.keys(json.locals).find((k) => k.startsWith("placeholders_values"))!;
    const fixed = { ...json, locals: { ...json.locals, [local]: ["acme-inference", "api.acme.eu", "Z04417433C7JRZBYH0PUL"] } };
    const passed = terraformPlan(fixed);
    expect(passed.output).not.toMatch(/precondition failed/);
    expect(passed.code).toBe(0);
  });

  test("what counts as a placeholder", () => {
    expect(isExampleHostname("api.example.com")).toBe(true);
    expect(isExampleHostname("example.org")).toBe(true);
    expect(isExampleHostname("llm.corp.test")).toBe(true);
    expect(isExampleHostname("api.notexample.com")).toBe(false);
    expect(isExampleHostname("example.company.com")).toBe(false);
    expect(findPlaceholders({ placements: [{ gcp: { project: "my-project" } }, {}], endpoint: { hostname: "a.acme.io", route53ZoneId: "ZEXAMPLE123" } }).map((p) => p.path))
      .toEqual(["placements.0.gcp.project", "endpoint.route53ZoneId"]);
  });
});

describe("the guard synthesizes without a terraform binary (README: synth needs none)", () => {
  // In a child process with an empty PATH (jest's process.env is not what child processes of
  // this process see), over the compiled build, with cdktf's validations on.
  const ROOT = join(__dirname, "..", "..");
  function synthWithoutTerraform(body: string): { status: number | null; out: string } {
    execFileSync(process.execPath, [join(ROOT, "scripts", "synth.js"), "--build-only"], { cwd: ROOT });
    const script = `
      const { DataResource, TerraformStack, Testing } = require(${JSON.stringify(join(ROOT, "node_modules", "cdktf"))});
      const { PlaceholderGuard } = require(${JSON.stringify(join(ROOT, ".cache", "synth", "lib", "app", "placeholder-guard.js"))});
      const placeholders = ${JSON.stringify(findPlaceholders(DEFAULT_CLUSTERS["b200-us"]))};
      const stack = new TerraformStack(Testing.app(), "s");
      ${body}
      process.stdout.write(Testing.synth(stack, true));`;
    const r = spawnSync(process.execPath, ["-e", script], { env: { PATH: mkdtempSync(join(tmpdir(), "no-terraform-")) }, encoding: "utf8" });
    return { status: r.status, out: r.stdout + r.stderr };
  }

  test("PlaceholderGuard: terraform_data with its preconditions, and no terraform version run", () => {
    const r = synthWithoutTerraform('new PlaceholderGuard(stack, "placeholders", { clusterId: "b200-us", placeholders });');
    expect(r.status).toBe(0);
    const [guard] = Object.values<any>(JSON.parse(r.out).resource.terraform_data);
    expect(guard.lifecycle.precondition.length).toBeGreaterThan(0);
  });

  test("planted fault: cdktf's DataResource in its place fails synth without terraform", () => {
    const r = synthWithoutTerraform('new DataResource(stack, "check", { input: { a: "b" } });');
    expect(r.status).not.toBe(0);
    expect(r.out).toContain("Could not determine version of terraform");
  });
});
