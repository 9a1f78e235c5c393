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
    expect(synth).toHaveResourceWithProperties(Release, { name: "trtllm", chart: "inferencepool", version: "v1.6.0", namespace: "deepseek" });
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
