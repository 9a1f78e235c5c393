import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/index";
import { FUZZ_TARGETS, runFuzz } from "../fuzz/targets";

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

  test.each(FUZZ_TARGETS.map((t) => [t.name]))("%s: no error other than DeepSeekConfigError escapes", (name) => {
    const r = results.find((x) => x.name === name)!;
    expect(r.escapes.map((e) => e.error.split("\n")[0])).toEqual([]);
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
