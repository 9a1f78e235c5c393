import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/index";
import { isDeploymentPlan, requirePlan } from "../../lib/plan/plan-shape";

const plans = [
  planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" }),
  planDeployment({ model: "deepseek-r1-0528", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" }),
  planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "gcp", region: "europe-west4", mode: "latency" }),
  planDeployment({ model: "deepseek-r1-distill-llama-8b", hardware: "8xH100", cloud: "aws", region: "us-east-1" }),
];

describe("DeploymentPlan shape", () => {
  test("every plan planDeployment returns has it, also after a JSON round trip", () => {
    for (const plan of plans) {
      expect(isDeploymentPlan(plan)).toBe(true);
      expect(isDeploymentPlan(JSON.parse(JSON.stringify(plan)))).toBe(true);
    }
  });

  test("a plan missing or mistyping a field that planners read does not", () => {
    const { replicas: _r, ...noReplicas } = plans[0];
    expect(isDeploymentPlan(noReplicas)).toBe(false);
    expect(isDeploymentPlan({ ...plans[0], nodes: { min: 1 } })).toBe(false);
    expect(isDeploymentPlan({ ...plans[0], cloud: "azure" })).toBe(false);
    expect(isDeploymentPlan({ id: "x", cloud: "gcp" })).toBe(false);
    expect(isDeploymentPlan(null)).toBe(false);
  });

  test("requirePlan names the first missing field, and the cloud when one is required", () => {
    expect(() => requirePlan({ id: "x", cloud: "gcp" })).toThrow('plan: is not a DeploymentPlan (model is missing) (got {"id":"x","cloud":"gcp"}); pass the result of planDeployment(...)');
    expect(() => requirePlan(plans[0], "plan", "gcp")).toThrow('plan.cloud: is not "gcp" (got "aws"); plan the placement with cloud "gcp"');
    expect(() => requirePlan(plans[2], "plan", "gcp")).not.toThrow();
    expect(() => requirePlan("8xB200", "placements.0.plan")).toThrow(DeepSeekConfigError);
  });
});
