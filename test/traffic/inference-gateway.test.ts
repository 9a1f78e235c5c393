import "../support/cdktf-matchers";
import { planDeployment } from "../../lib";
import { HelmProvider, Release } from "../../lib/internal/providers/helm";
import { TerraformStack, Testing } from "../../lib/internal/tf";
import { InferenceGateway, TRAFFIC_CHARTS } from "../../lib/traffic";

const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });

describe("InferenceGateway", () => {
  let synth: string;
  let gw: InferenceGateway;
  beforeAll(() => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "serving");
    new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
    gw = new InferenceGateway(stack, "traffic", { plan, traffic: { hostname: "api.example.com" } });
    synth = Testing.synth(stack, true);
  });

  test("exposes the endpoint hostname", () => {
    expect(gw.endpointHostname).toBe("api.example.com");
  });

  test("installs Envoy Gateway from the pinned OCI chart", () => {
    expect(synth).toHaveResourceWithProperties(Release, { name: "envoy-gateway", repository: "oci://docker.io/envoyproxy", chart: "gateway-helm", version: TRAFFIC_CHARTS["envoy-gateway"].version, namespace: "envoy-gateway-system" });
  });

  test("installs the inferencepool chart at v1.x named after the pool, in the serving namespace", () => {
    expect(TRAFFIC_CHARTS.inferencepool.version).toMatch(/^v1\./);
    expect(synth).toHaveResourceWithProperties(Release, { name: "trtllm", chart: "inferencepool", version: "v1.5.0", namespace: "deepseek" });
    const release = Object.values(JSON.parse(synth).resource.helm_release as Record<string, { name: string; values: string[] }>).find((r) => r.name === "trtllm");
    expect(release?.values[0]).toContain("leaderworkerset.sigs.k8s.io/worker-index");
    expect(release?.values[0]).toContain("prefix-cache-scorer");
  });

  test("installs cert-manager only when chosen", () => {
    expect(synth).toHaveResourceWithProperties(Release, { name: "cert-manager", chart: "cert-manager" });
    const app = Testing.app();
    const stack = new TerraformStack(app, "managed");
    new InferenceGateway(stack, "traffic", { plan, traffic: { hostname: "api.example.com", tls: { kind: "managed", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666" } } });
    expect(Testing.synth(stack)).not.toHaveResourceWithProperties(Release, { name: "cert-manager" });
  });

  test("bundles the objects but leaves the InferencePool to its chart", () => {
    expect(gw.bundle.objects.some((o) => o.kind === "InferencePool")).toBe(false);
    expect(gw.objects.filter((o) => o.kind === "InferencePool")).toHaveLength(1);
    expect(gw.bundle.objects.filter((o) => o.kind === "SecurityPolicy")).toHaveLength(2);
  });

  test("no secret literal reaches Terraform", () => {
    expect(synth).not.toMatch(/Bearer [A-Za-z0-9]/);
    expect(synth).not.toContain("set_sensitive");
  });

  test("refuses bad props at construction with the traffic path", () => {
    const stack = new TerraformStack(Testing.app(), "bad");
    expect(() => new InferenceGateway(stack, "traffic", { plan, traffic: { hostname: "api.example.com", retryBudgetPercent: 0 } })).toThrow(
      "traffic.retryBudgetPercent: is outside 1-50 percent (got 0); use a retry budget between 1 and 50 percent (20 is typical)",
    );
  });
});

describe("health route for a global health checker", () => {
  const { planTraffic } = jest.requireActual("../../lib/traffic/plan-traffic") as typeof import("../../lib/traffic/plan-traffic");
  const { trafficObjects } = jest.requireActual("../../lib/traffic/objects") as typeof import("../../lib/traffic/objects");
  const { HEALTH_ROUTE_NAME } = jest.requireActual("../../lib/traffic/gateway-objects") as typeof import("../../lib/traffic/gateway-objects");
  const { planDeployment } = jest.requireActual("../../lib") as typeof import("../../lib");
  const plan = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1" });

  test("absent unless asked: every route is behind an API-key SecurityPolicy", () => {
    const t = planTraffic(plan, { hostname: "api.example.com" });
    const { objects } = trafficObjects(plan, t);
    const routes = objects.filter((o) => o.kind === "HTTPRoute" && o.metadata.namespace === t.servingNamespace).map((o) => o.metadata.name);
    const guarded = objects.filter((o) => o.kind === "SecurityPolicy").flatMap((o) => ((o.spec as { targetRefs: { name: string }[] }).targetRefs).map((r) => r.name));
    expect(routes.sort()).toEqual(guarded.sort());
  });

  test("with a health-check hostname: its own listener and exactly GET /health, unauthenticated", () => {
    const t = planTraffic(plan, { hostname: "api.example.com", healthCheckHostname: "aws-us-east-1.api.example.com" });
    const { objects } = trafficObjects(plan, t);
    const gateway = objects.find((o) => o.kind === "Gateway") as unknown as { spec: { listeners: { name: string; hostname: string }[] } };
    expect(gateway.spec.listeners.map((l) => [l.name, l.hostname])).toEqual([
      ["https", "api.example.com"], ["https-health", "aws-us-east-1.api.example.com"], ["http", "api.example.com"], ["http-health", "aws-us-east-1.api.example.com"],
    ]);
    const health = objects.find((o) => o.metadata.name === HEALTH_ROUTE_NAME) as unknown as { spec: { hostnames: string[]; rules: { matches: unknown[] }[] } };
    expect(health.spec.hostnames).toEqual(["aws-us-east-1.api.example.com"]);
    expect(health.spec.rules).toHaveLength(1);
    expect(health.spec.rules[0].matches).toEqual([{ path: { type: "Exact", value: "/health" }, method: "GET" }]);
    const certificate = objects.find((o) => o.kind === "Certificate") as unknown as { spec: { dnsNames: string[] } };
    expect(certificate.spec.dnsNames).toEqual(["api.example.com", "aws-us-east-1.api.example.com"]);
  });

  // Issue 17 defect: the ACME order holds both names; the placement name's HTTP-01 route must
  // attach to a port-80 listener whose hostname admits it (Gateway API hostname intersection).
  test("every Certificate dnsName has a port-80 listener admitting it, and the solver routes attach to each", () => {
    const t = planTraffic(plan, { hostname: "api.example.com", healthCheckHostname: "aws-us-east-1.api.example.com" });
    const { objects } = trafficObjects(plan, t);
    const gateway = objects.find((o) => o.kind === "Gateway") as unknown as { spec: { listeners: { name: string; port: number; hostname: string }[] } };
    const certificate = objects.find((o) => o.kind === "Certificate") as unknown as { spec: { dnsNames: string[] } };
    const issuer = objects.find((o) => o.kind === "Issuer") as unknown as { spec: { acme: { solvers: { http01: { gatewayHTTPRoute: { parentRefs: { sectionName: string }[] } } }[] } } };
    const sections = issuer.spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs.map((r) => r.sectionName);
    for (const name of certificate.spec.dnsNames) {
      const admitting = gateway.spec.listeners.filter((l) => l.port === 80 && l.hostname === name);
      expect(admitting).toHaveLength(1);
      expect(sections).toContain(admitting[0].name);
    }
  });

  test("Route 53 health checks with a source allow-list: refused, naming the field and the way out", () => {
    expect(() => planTraffic(plan, { hostname: "api.example.com", healthCheckHostname: "aws-us-east-1.api.example.com", allowedSourceCidrs: ["203.0.113.0/24"] }))
      .toThrow(/traffic\.allowedSourceCidrs: keeps the Route 53 health checkers out.*leave allowedSourceCidrs unset/);
    // Either alone is fine.
    expect(() => planTraffic(plan, { hostname: "api.example.com", allowedSourceCidrs: ["203.0.113.0/24"] })).not.toThrow();
  });
});
