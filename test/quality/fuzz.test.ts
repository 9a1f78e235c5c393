import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/index";
import { FUZZ_TARGETS, WrongOutput, inStack, runFuzz } from "../fuzz/targets";
import { explainedBy, scanOutput } from "../fuzz/scan";
import { clusterCaseArb, mutate, validClusterArb } from "../fuzz/cluster-inputs";
import { planCluster } from "../../lib/app/plan-cluster";
import fc from "fast-check";
import { INJECTED } from "../fuzz/gen";
import { Construct, Lazy, TerraformOutput } from "../../lib/internal/tf";
import { ModelBucket } from "../../lib/clouds/aws/index";
import { DeepSeekCluster } from "../../lib/app/deepseek-cluster";

// The same targets `npm run fuzz` runs with 10,000 cases, here with 1,000+ and a fixed seed.
describe("fuzz: every public props/input schema plans, constructs or refuses with DeepSeekConfigError", () => {
  // Whole-cluster targets cost ~100 ms a case; in the 60 s test budget they get an eighth share
  // (npm run fuzz keeps their full weight), the cheap targets take up the rest of the 1,000.
  const SLOW = new Set(["DeepSeekCluster", "DeepSeekApp", "EksControlPlane+EksNetwork", "GkeNetwork+GkeModelBucket+GkeServingIdentities", "EksInfra", "GkeInfra"]);
  const results = runFuzz(1000, 20250101, FUZZ_TARGETS.map((t) => (SLOW.has(t.name) ? { ...t, weight: t.weight / 8 } : t)));

  it("covers every target with at least 1,000 cases in all", () => {
    expect(results.map((r) => r.name)).toEqual(FUZZ_TARGETS.map((t) => t.name));
    expect(results.reduce((n, r) => n + r.cases, 0)).toBeGreaterThanOrEqual(1000);
    for (const r of results) expect(r.ok + r.refused + r.escapes.length).toBe(r.cases);
  });

  it("exercises both outcomes overall (valid inputs plan, bad ones are refused)", () => {
    expect(results.reduce((n, r) => n + r.ok, 0)).toBeGreaterThan(50);
    expect(results.reduce((n, r) => n + r.refused, 0)).toBeGreaterThan(50);
  });

  test.each(FUZZ_TARGETS.map((t) => [t.name]))("%s: no error other than DeepSeekConfigError escapes, no wrong output", (name) => {
    const r = results.find((x) => x.name === name)!;
    expect(r.escapes.map((e) => e.error.split("\n")[0])).toEqual([]);
    expect(r.wrong.map((e) => e.error)).toEqual([]);
  });
});

// Inputs that once escaped, replayed as found (generators change; the recorded input does not).
describe("fuzz regressions", () => {
  it("seed 520507: planGkeNodePool with string additionalNodeNetworks/compactPlacement is refused, not a TypeError", () => {
    const planners = FUZZ_TARGETS.find((t) => t.name === "GKE/EKS planners")!;
    const gcp = planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "gcp", region: "europe-west1" });
    const aws = planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-1" });
    const input = {
      which: "pool", aws, gcp, project: "my-proj", namePrefix: -2.555559287826297e+270,
      pool: { name: "vzw74", autoRepair: false, spot: true, compactPlacement: "+BeX.{\\&B{", bootDiskSizeGb: 34411, additionalNodeNetworks: "\"HC`5#8sO" },
      eks: { clusterName: "deepseek", vpcCidr: "::/0", systemNodes: 7, publicAccessCidrs: [] },
    };
    expect(() => planners.run(input)).toThrow(DeepSeekConfigError);
    expect(() => planners.run(input)).toThrow(/^compactPlacement: must be a boolean \(got "\+BeX\.\{.*"\); pass a boolean$/);
  });
});

// Found by `npm run fuzz -- --cases 10000 --seed 20260101`: a hand-made plan whose startup budget
// is INT32_MAX passed the plan check, and the serving release's Helm timeout (the budget plus the
// staging time) overflowed int32 in the output.
describe("fuzz regressions (seed 20260101)", () => {
  it("a plan with coldStart.startupBudgetSeconds = INT32_MAX is refused, not written as a Helm timeout past int32", () => {
    const handMade = FUZZ_TARGETS.find((t) => t.name === "hand-made and edited plans")!;
    const plan = planDeployment({ model: "deepseek-r1-0528", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
    expect(() => handMade.run({ plan, field: ["coldStart", "startupBudgetSeconds"], value: 2147483647, when: "before", which: "serving" })).toThrow(DeepSeekConfigError);
  });
});

describe("cluster inputs are realistic (cluster-inputs.ts)", () => {
  it("most unmutated configs plan, and a mutated share is refused (planCluster, 300 cases)", () => {
    let clean = 0;
    for (const c of fc.sample(validClusterArb, { numRuns: 100, seed: 7 })) {
      try { planCluster(c as never); clean++; } catch (e) { expect(e).toBeInstanceOf(DeepSeekConfigError); }
    }
    expect(clean).toBe(100);
    const outcomes = { ok: 0, refused: 0 };
    for (const c of fc.sample(clusterCaseArb, { numRuns: 300, seed: 7 })) {
      try { planCluster(c as never); outcomes.ok++; } catch (e) { expect(e).toBeInstanceOf(DeepSeekConfigError); outcomes.refused++; }
    }
    expect(outcomes.ok).toBeGreaterThan(90);
    expect(outcomes.refused).toBeGreaterThan(90);
  });

  it("mutations reach every kind: boundary numbers, hostile strings, other types, removals, additions, duplicates", () => {
    const config = fc.sample(validClusterArb, { numRuns: 1, seed: 1 })[0] as Record<string, unknown>;
    expect(JSON.stringify(mutate(config, { kind: "boundary", pick: 0, value: 2 ** 31 }))).toContain("2147483648");
    expect(JSON.stringify(mutate(config, { kind: "hostile", pick: 0, value: "${fuzz.injected}" }))).toContain("${fuzz.injected}");
    expect(mutate(config, { kind: "duplicate", how: "placement" })).toMatchObject({ placements: [...(config.placements as unknown[]), (config.placements as unknown[])[0]] });
    expect(Object.keys(mutate(config, { kind: "remove", pick: 0 }) as object)).not.toContain("model");
  });
});

// The output scan, proven on planted faults: each must be caught, and the clean forms must not.
describe("fuzz output scan", () => {
  test.each([
    ["NaN", { a: { b: Number.NaN } }, "a non-finite number"],
    ["Infinity", { a: [Number.POSITIVE_INFINITY] }, "a non-finite number"],
    ["int32 overflow", { scaling_config: { max_size: 2 ** 31 } }, "a number beyond int32"],
    ["undefined in text", { command: "echo undefined" }, "undefined in text"],
    ["[object Object]", { name: "x-[object Object]" }, "[object Object] in text"],
    ["NaN in text", { value: "replicas: NaN" }, "NaN in text"],
    ["an unresolved token", { value: "${TfToken[TOKEN.12]}" }, "an unresolved cdktf token"],
    ["an injected template", { tags: { a: "a-${fuzz.x}-b" } }, "an injected ${ … } template evaluated by Terraform"],
    ["an injected directive", { tags: { a: "%{fuzz}x" } }, "an injected %{ … } directive evaluated by Terraform"],
    ["null in an embedded Kubernetes document", { values: ['{"spec":{"replicas":null}}'] }, "null inside an embedded document (a NaN or undefined written as JSON)"],
    ["int32 overflow in an embedded document", { values: ['{"spec":{"replicas":2147483648}}'] }, "a number beyond int32"],
  ])("catches %s", (_name, output, problem) => {
    expect(scanOutput(output).map((p) => p.problem)).toContain(problem);
  });

  test("a word the input itself holds (a placement named \"undefined\") is not a fault; one the library made still is", () => {
    const output = { name: "ds-undefined-infra" };
    expect(scanOutput(output, "", [], false, explainedBy({ placements: [{ name: "undefined" }] }))).toEqual([]);
    expect(scanOutput(output, "", [], false, explainedBy({ placements: [{ name: "east" }] })).map((p) => p.problem)).toEqual(["undefined in text"]);
    // Templates are never explained by the input: an injected one must be escaped whatever the input holds.
    expect(scanOutput({ a: "${fuzz.x}" }, "", [], false, explainedBy({ a: "${fuzz.x}" })).length).toBe(1);
  });

  test("passes clean output: an escaped template, library references, ordinary numbers", () => {
    expect(scanOutput({ a: "$${fuzz.escaped}", b: "${aws_s3_bucket.models.arn}", c: 2147483647, d: '{"spec":{"replicas":2}}' })).toEqual([]);
  });

  test("a build whose synthesized output holds a NaN is a wrong output, not a pass", () => {
    expect(() => inStack((s) => { new TerraformOutput(s, "n", { value: Lazy.numberValue({ produce: () => Number.NaN }) }); })).toThrow(WrongOutput);
    expect(() => inStack((s) => { new TerraformOutput(s, "n", { value: 2 }); })).not.toThrow();
  });

  test.each(INJECTED.filter((t) => !t.startsWith("$$")))("free text %s in tags is refused or escaped, never evaluated", (text) => {
    for (const build of [
      (s: never) => new ModelBucket(s, "m", { bucketPrefix: "models-", tags: { team: text } }),
      (s: Construct) => new DeepSeekCluster(s.node.scope!, "ds", { model: "deepseek-r1-0528", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }], endpoint: { hostname: "api.example.com" }, tags: { team: text } }),
    ]) {
      try {
        inStack(build as never);
      } catch (e) {
        expect(e).toBeInstanceOf(DeepSeekConfigError);
      }
    }
  });
});
