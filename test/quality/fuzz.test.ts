import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/index";
import { FUZZ_TARGETS, WrongOutput, inStack, runFuzz } from "../fuzz/targets";
import { scanOutput } from "../fuzz/scan";
import { INJECTED } from "../fuzz/gen";
import { Lazy, TerraformOutput } from "../../lib/internal/tf";
import { ModelBucket } from "../../lib/clouds/aws/index";
import { DeepSeekCluster } from "../../lib/app/deepseek-cluster";

// The same targets `npm run fuzz` runs with 10,000 cases, here with 1,000+ and a fixed seed.
describe("fuzz: every public props/input schema plans, constructs or refuses with DeepSeekConfigError", () => {
  // Whole-cluster targets cost ~100 ms a case; in the 60 s test budget they get an eighth share
  // (npm run fuzz keeps their full weight), the cheap targets take up the rest of the 1,000.
  const SLOW = new Set(["DeepSeekCluster", "EksControlPlane+EksNetwork", "GkeNetwork+GkeModelBucket+GkeServingIdentities", "EksInfra", "GkeInfra"]);
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
      (s: never) => new DeepSeekCluster(s, "ds", { model: "deepseek-r1-0528", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }], endpoint: { hostname: "api.example.com" }, tags: { team: text } }),
    ]) {
      try {
        inStack(build as never);
      } catch (e) {
        expect(e).toBeInstanceOf(DeepSeekConfigError);
      }
    }
  });
});
