import { planDeployment } from "../../lib";
import { HelmProvider } from "../../lib/internal/providers/helm";
import { TerraformStack, TerraformVariable, Testing } from "../../lib/internal/tf";
import { InferenceGateway } from "../../lib/traffic";
import { planGatewayReleases, type GatewayInstallPlan } from "../../lib/traffic/plan-gateway-releases";
import { planTraffic } from "../../lib/traffic/plan-traffic";
import { refusal } from "../support/refusal";

/**
 * Issue 15: the traffic layer's releases (names, namespaces, pinned charts, values, createNamespace,
 * the cert-manager release only for cert-manager TLS, and what each waits for) are planGatewayReleases';
 * InferenceGateway writes them. It is handed edited plans: an emitter that decided for itself would
 * write its own release names and order instead.
 */
type Json = Record<string, any>;
const plan = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1" });
const traffic = planTraffic(plan, { hostname: "api.example.com" });
const ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
const synth = (planned?: GatewayInstallPlan): Json => {
  const stack = new TerraformStack(Testing.app(), "serving");
  new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
  const workload = new TerraformVariable(stack, "workload", {});
  new InferenceGateway(stack, "traffic", { plan, traffic, dependsOn: [workload], ...(planned ? { planned } : {}) });
  return JSON.parse(Testing.synth(stack)) as Json;
};
const byName = (out: Json, name: string): Json | undefined => Object.values(out.resource.helm_release as Json).find((r) => (r as Json).name === name) as Json | undefined;

describe("planGatewayReleases decides the traffic releases", () => {
  test("order, namespaces and waits; cert-manager only with cert-manager TLS; the pool release after the workload", () => {
    const install = planGatewayReleases(traffic);
    expect(install.charts.map((c) => [c.chartId, c.after])).toEqual([
      ["envoy-gateway", ["namespaces", "crds"]], ["ai-gateway-crds", ["envoy-gateway"]], ["ai-gateway", ["ai-gateway-crds"]],
      ["cert-manager", ["envoy-gateway"]], ["inferencepool", ["ai-gateway", "crds", "workload"]],
    ]);
    expect(install.charts.find((c) => c.chartId === "inferencepool")).toMatchObject({ name: traffic.pool.name, namespace: traffic.servingNamespace });
    const managed = planGatewayReleases(planTraffic(plan, { hostname: "api.example.com", tls: { kind: "managed", certificateArn: ARN } }));
    expect(managed.charts.map((c) => c.chartId)).not.toContain("cert-manager");
    expect(managed.objects.after).toEqual(["envoy-gateway", "ai-gateway", "inferencepool"]);
    const out = synth();
    expect(byName(out, traffic.pool.name)?.depends_on).toEqual([expect.stringMatching(/ai-gateway/), expect.stringMatching(/crds/), "var.workload"]);
  });

  test("an edited plan is written as edited: a renamed release, another version, no wait on the workload", () => {
    const install = planGatewayReleases(traffic);
    const edited: GatewayInstallPlan = {
      ...install,
      charts: install.charts.map((c) => (c.chartId === "envoy-gateway" ? { ...c, name: "planted-eg", version: "0.0.1-planted" }
        : c.chartId === "inferencepool" ? { ...c, after: ["ai-gateway"] } : c)),
      objects: { ...install.objects, name: "planted-objects" },
    };
    const out = synth(edited);
    expect(byName(out, "planted-eg")?.version).toBe("0.0.1-planted");
    expect(byName(out, "envoy-gateway")).toBeUndefined();
    expect(byName(out, traffic.pool.name)?.depends_on).toEqual([expect.stringMatching(/ai-gateway/)]);
    expect(byName(out, "planted-objects")).toBeDefined();
  });

  test("a release waiting for one the plan does not make before it is refused, naming where", () => {
    const install = planGatewayReleases(traffic);
    const backwards: GatewayInstallPlan = { ...install, charts: install.charts.map((c) => (c.chartId === "envoy-gateway" ? { ...c, after: ["inferencepool"] } : c)) };
    expect(refusal(() => synth(backwards)).message).toMatch(/^traffic\.planned\.charts\.0\.after: waits for inferencepool, which the plan does not release before it/);
  });
});

describe("the rate-limit Redis password generator writes the plan's length and digits", () => {
  test("planned: 48 characters, a quarter digits; an edited plan is written as edited", () => {
    const { redis: redisObjects } = require("../../lib/traffic/tier-objects") as typeof import("../../lib/traffic/tier-objects");
    const generator = (t: typeof traffic): Json => (redisObjects(t) as Json[]).find((o) => o.kind === "Password")!;
    expect(generator(traffic).spec).toMatchObject({ length: 48, digits: 12, symbols: 0 });
    const edited = { ...traffic, rateLimitRedis: { ...traffic.rateLimitRedis, passwordLength: 40, passwordDigits: 3 } };
    expect(generator(edited).spec).toMatchObject({ length: 40, digits: 3 });
  });
});
