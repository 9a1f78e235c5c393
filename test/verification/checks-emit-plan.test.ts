import { TerraformStack, Testing } from "cdktf";
import { planDeployment } from "../../lib/plan/index";
import { DeploymentChecks } from "../../lib/verification";
import { planDeploymentChecks } from "../../lib/verification/plan-deployment-checks";
import { DeepSeekConfigError } from "../../lib/errors";

/**
 * Issue 15: whether DeploymentChecks writes its checks output (and its description) is decided by
 * planDeploymentChecks; the construct writes what it is handed. An edited plan must be what is written.
 */
type Json = Record<string, any>;
const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1" });
const base = { plan, endpointUrl: "https://api.example.com", apiKeySecret: { name: "deepseek-api-keys", key: "check" } };
const synth = (props: Json): Json => {
  const stack = new TerraformStack(Testing.app(), "s");
  new DeploymentChecks(stack, "checks", { ...base, ...props } as never);
  return JSON.parse(Testing.synth(stack)) as Json;
};

describe("DeploymentChecks: the checks output is the plan's", () => {
  test("planned by default: an output with the plan's description; createOutput: false plans none", () => {
    const planned = planDeploymentChecks(plan);
    expect(planned.output?.description).toMatch(/^Post-deploy checks of /);
    expect(planDeploymentChecks(plan, { createOutput: false }).output).toBeNull();
    expect(Object.values(synth({}).output as Json).map((o) => (o as Json).description)).toEqual([planned.output?.description]);
    expect(synth({ createOutput: false }).output).toBeUndefined();
  });

  test("an edited plan is written as edited (description, no output, checks)", () => {
    const planned = planDeploymentChecks(plan);
    const out = synth({ planned: { ...planned, output: { description: "planted" } } });
    expect(Object.values(out.output as Json).map((o) => (o as Json).description)).toEqual(["planted"]);
    expect(synth({ planned: { ...planned, output: null } }).output).toBeUndefined();
    expect(Object.keys(synth({ planned }).resource.helm_release)).toHaveLength(1);
    const none = { ...planned.checks, enabled: [], serving: null, fabric: null, loadProbe: null };
    expect(synth({ planned: { ...planned, checks: none } }).resource?.helm_release).toBeUndefined();
  });

  test("planned together with verification or createOutput is refused, naming the prop", () => {
    const planned = planDeploymentChecks(plan);
    expect(() => synth({ planned, createOutput: false })).toThrow(DeepSeekConfigError);
    expect(() => synth({ planned, createOutput: false })).toThrow(/^checks\.createOutput: is decided in `planned`/);
  });
});
