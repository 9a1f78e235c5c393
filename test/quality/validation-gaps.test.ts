import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack } from "cdktf";
import { DeepSeekApp, DeepSeekCluster, DeepSeekConfigError, INT32_MAX, MAX_POOL_NODES } from "../../lib";
import { planGkeNetworks } from "../../lib/clouds/gcp/index";
import { planEksInfra } from "../../lib/clouds/aws/index";
import { formatReceived } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/index";
import { requirePlan } from "../../lib/plan/plan-shape";
import { planAutoscaling } from "../../lib/autoscaling";
import { SingleNodeInference } from "../../lib/serving";
import { awsTarget } from "../support/fixtures-quality";
import { refusal } from "../support/refusal";

const base = { model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" } as const;
type Mutable = { -readonly [K in string]: any };

describe("a plan cannot change after it is checked", () => {
  test("the first check freezes the plan deeply; an edit throws and the checked values are the ones emitted", () => {
    const plan = planDeployment(base);
    planAutoscaling(plan, {});
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.coldStart)).toBe(true);
    expect(Object.isFrozen(plan.zones)).toBe(true);
    const [threshold, replicasMax, zones] = [plan.coldStart.probeFailureThreshold, plan.replicas.max, plan.zones.length];
    // Assignments throw in strict-mode code and are ignored elsewhere; either way nothing changes.
    const attempt = (edit: () => void) => { try { edit(); } catch (e) { expect(e).toBeInstanceOf(TypeError); } };
    attempt(() => { (plan.coldStart as Mutable).probeFailureThreshold = Number.NaN; });
    attempt(() => { (plan.replicas as Mutable).max = -5; });
    expect(() => { (plan.zones as unknown as string[]).push("us-west-2a"); }).toThrow(TypeError);
    expect([plan.coldStart.probeFailureThreshold, plan.replicas.max, plan.zones.length]).toEqual([threshold, replicasMax, zones]);
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "frozen-")) });
    const inference = new SingleNodeInference(new TerraformStack(app, "s"), "ds", { plan, target: awsTarget });
    expect(JSON.stringify(inference.objects)).toContain(`"failureThreshold":${threshold}`);
  });

  test("a copy edited into nonsense is refused as plan, with the field", () => {
    const plan = planDeployment(base);
    const edited = { ...plan, coldStart: { ...plan.coldStart, probeFailureThreshold: Number.NaN } };
    expect(refusal(() => requirePlan(edited)).message).toMatch(/^plan: is not a DeploymentPlan \(coldStart\.probeFailureThreshold is malformed\)/);
    expect(refusal(() => requirePlan({ ...plan, replicas: { min: 0, max: -5 } })).message).toMatch(/replicas\.max is malformed/);
    expect(refusal(() => requirePlan({ ...plan, replicas: { min: 3, max: 2 } })).message).toMatch(/replicas is malformed/);
  });

  test("a hand-made plan with an absurd nodesPerReplica is refused at once, not built (the process once ran out of heap)", () => {
    const plan = planDeployment(base);
    const started = Date.now();
    expect(refusal(() => planAutoscaling({ ...plan, nodesPerReplica: 1e9 } as never, {})).message).toMatch(/nodesPerReplica is malformed/);
    expect(refusal(() => planAutoscaling({ ...plan, nodes: { min: 0, max: 2 ** 31 } } as never, {})).message).toMatch(/nodes\.max is malformed/);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("numbers have real bounds", () => {
  test(`replicas beyond one node pool (${MAX_POOL_NODES.aws} EKS nodes) are refused before anything overflows int32`, () => {
    const e = refusal(() => planDeployment({ ...base, replicas: { min: 1, max: 2 ** 31 } }));
    expect(e.path).toBe("replicas.max");
    expect(e.message).toMatch(/more than one EKS managed node group holds \(450\) \(got 2147483648\); use replicas\.max ≤ 450/);
    expect(refusal(() => planDeployment({ ...base, hardware: "2x8xH100", region: "us-east-1", replicas: { min: 1, max: 226 } })).fix).toMatch(/≤ 225/);
    expect(planDeployment({ ...base, replicas: { min: 1, max: 450 } }).nodes.max).toBe(450);
    expect(450 * 8).toBeLessThan(INT32_MAX);
  });

  test("more than 8 nodes per replica is refused", () => {
    expect(refusal(() => planDeployment({ ...base, hardware: "9x8xB200" })).path).toBe("hardware");
  });
});

describe("duplicates are refusals", () => {
  test("a zone listed twice", () => {
    const e = refusal(() => planDeployment({ ...base, zones: ["us-east-2a", "us-east-2a"] }));
    expect(e.path).toBe("zones.1");
    expect(e.message).toMatch(/repeats zones\.0/);
  });

  test("a zone listed twice in a DeepSeekCluster placement names the placement", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "dup-")) });
    const e = refusal(() => new DeepSeekCluster(app, "c", { model: "deepseek-r1-0528", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200", zones: ["us-east-2a", "us-east-2a"] }], endpoint: { hostname: "api.example.com" } }));
    expect(e.path).toBe("c.placements.0.zones.1");
  });
});

test("EKS network zones and existing subnets listed twice", () => {
  const aws = planDeployment(base);
  expect(refusal(() => planEksInfra(aws, { networkZones: [...aws.zones, aws.zones[0]] })).path).toBe(`networkZones.${aws.zones.length}`);
  const subnets = aws.zones.map((zone, i) => ({ subnetId: `subnet-${i}`, zone }));
  expect(refusal(() => planEksInfra(aws, { existingNetwork: { vpcId: "vpc-1", privateSubnets: [...subnets, subnets[0]] } })).path).toBe(`existingNetwork.privateSubnets.${subnets.length}.subnetId`);
});

describe("messages stay short", () => {
  test("a 200 kB string is cut in the message, with its length", () => {
    const huge = "x".repeat(200_000);
    const e = refusal(() => planDeployment({ ...base, region: huge }));
    expect(e.message.length).toBeLessThan(1000);
    expect(e.message).toContain("(200000 characters)");
    expect(formatReceived("short")).toBe('"short"');
  });
});

describe("the functions refusals point to", () => {
  test("planGkeNetworks(plan) without options is a refusal naming project, not a TypeError", () => {
    const gcp = planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });
    const e = refusal(() => (planGkeNetworks as (p: unknown) => unknown)(gcp));
    expect(e.path).toBe("project");
    expect(planGkeNetworks(gcp, { project: "p" }).additionalNetworks.length).toBeGreaterThan(0);
  });
});

describe("a refusal raised while files are written leaves nothing", () => {
  test("a construct that refuses during synth: no stack file, no manifest, no review", () => {
    const outdir = mkdtempSync(join(tmpdir(), "write-refusal-"));
    const app = new DeepSeekApp({ outdir });
    const first = new TerraformStack(app, "a-first");
    const second = new TerraformStack(app, "b-second");
    first.node.addValidation({ validate: () => [] });
    second.node.addValidation({ validate: () => { throw new DeepSeekConfigError("b-second", "refuses while written", undefined, "fix it"); } });
    expect(() => app.synth()).toThrow(/refuses while written/);
    expect(readdirSync(join(outdir, "stacks"))).toEqual([]);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
    expect(existsSync(join(outdir, "review.md"))).toBe(false);
    expect(readdirSync(join(outdir, "..")).filter((d) => d.startsWith(`.${outdir.split("/").pop()}.synth-`))).toEqual([]);
  });
});
