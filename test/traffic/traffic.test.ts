import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { planDeployment } from "../../lib/plan/plan-deployment";
import { servingNames } from "../../lib/plan/names";
import type { KubernetesObject } from "../../lib/internal/k8s-object";
import { planTraffic, requestTimeoutFor } from "../../lib/traffic/plan-traffic";
import { replicaConcurrency } from "../../lib/plan/concurrency";
import { inferencePoolChartValues, trafficObjects } from "../../lib/traffic";

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
function crdValidator(file: string, version = "v1"): ValidateFunction {
  const crd = parse(readFileSync(join(__dirname, "../fixtures/schemas", file), "utf8"));
  const v = crd.spec.versions.find((x: { name: string }) => x.name === version);
  return ajv.compile(v.schema.openAPIV3Schema);
}
const validators: Record<string, ValidateFunction> = {
  Gateway: crdValidator("gateway.networking.k8s.io_gateways.yaml"),
  HTTPRoute: crdValidator("gateway.networking.k8s.io_httproutes.yaml"),
  InferencePool: crdValidator("inference.networking.k8s.io_inferencepools.yaml"),
};
function expectValid(o: KubernetesObject) {
  const validate = validators[o.kind];
  const ok = validate(o);
  expect({ kind: o.kind, name: o.metadata.name, errors: ok ? null : validate.errors }).toEqual({ kind: o.kind, name: o.metadata.name, errors: null });
}

const single = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1" });
const multi = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
const gke = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "us-central1" });
const base = { hostname: "api.example.com" };

const byKind = (objs: readonly KubernetesObject[], kind: string) => objs.filter((o) => o.kind === kind);
const spec = (o: KubernetesObject) => o.spec as any;

describe("planTraffic", () => {
  const t = planTraffic(single, base);

  test("defaults: Envoy Gateway, cert-manager TLS, two tiers with interactive above batch", () => {
    expect(t.implementation).toBe("envoy-gateway");
    expect(t.tls.kind).toBe("cert-manager");
    expect(t.tiers.map((x) => [x.name, x.rank])).toEqual([["interactive", 0], ["batch", 1]]);
  });

  test("lower tier is shed first: lower concurrency cap, lower per-key limit, longer Retry-After", () => {
    const [hi, lo] = t.tiers;
    expect(t.capacityConcurrency).toBe(single.replicas.max * replicaConcurrency(single));
    expect(hi.maxParallelRequests).toBe(t.capacityConcurrency);
    expect(lo.maxParallelRequests).toBe(Math.floor(t.capacityConcurrency / 2));
    expect(lo.requestsPerMinutePerKey).toBeLessThan(hi.requestsPerMinutePerKey);
    expect(lo.retryAfterSeconds).toBeGreaterThan(hi.retryAfterSeconds);
  });

  test("retry budget caps parallel retries at budget% of parallel requests; 2 retries before headers only", () => {
    for (const tier of t.tiers) expect(tier.maxParallelRetries).toBe(Math.ceil(tier.maxParallelRequests * 0.2));
    expect(t.retry.numRetries).toBe(2);
    expect(t.retry.triggers).not.toContain("5xx");
    expect(planTraffic(single, { ...base, retryBudgetPercent: 5 }).tiers[0].maxParallelRetries).toBe(Math.ceil(t.tiers[0].maxParallelRequests * 0.05));
  });

  test("request timeout sized from maxSeqLen at a conservative decode rate, never under 600 s", () => {
    expect(single.maxSeqLen).toBe(131072);
    // 131072 / 30 tok/s = 4369 s -> 4380 s, shortened to the 3550 s a draining server can wait out.
    expect(t.requestTimeoutSeconds).toBe(3550);
    expect(requestTimeoutFor(2048, 30)).toBe(600);
    expect(planTraffic(single, { ...base, decodeTokensPerSecond: 60 }).requestTimeoutSeconds).toBe(2220);
    expect(planTraffic(single, { ...base, requestTimeoutSeconds: 900 }).requestTimeoutSeconds).toBe(900);
  });

  test("pool selects leaders only for a multi-node plan and all servers otherwise", () => {
    const m = planTraffic(multi, base);
    expect(multi.nodesPerReplica).toBe(2);
    expect(m.pool.selector).toEqual(servingNames(multi).endpointSelector);
    expect(m.pool.selector["leaderworkerset.sigs.k8s.io/worker-index"]).toBe("0");
    expect(t.pool.selector["leaderworkerset.sigs.k8s.io/worker-index"]).toBeUndefined();
    expect(t.pool.targetPort).toBe(8000);
  });

  test("default tier is the lowest priority unless set", () => {
    expect(t.tiers.find((x) => x.headerMatch === null)?.name).toBe("batch");
    const u = planTraffic(single, { ...base, defaultTier: "interactive" });
    expect(u.tiers.find((x) => x.headerMatch === null)?.name).toBe("interactive");
  });
});

describe("refusals", () => {
  const cases: [string, DeploymentPlanLike, unknown, string][] = [
    ["missing hostname", single, {}, "traffic.hostname: is required for TLS (got undefined); set it to the DNS name clients call, e.g. api.example.com"],
    ["unknown default tier", single, { ...base, defaultTier: "premium" }, 'traffic.defaultTier: is not a defined tier (got "premium"); use "interactive" or "batch"'],
    ["retry budget out of range", single, { ...base, retryBudgetPercent: 80 }, "traffic.retryBudgetPercent: is outside 1-50 percent (got 80); use a retry budget between 1 and 50 percent (20 is typical)"],
    ["single tier", single, { ...base, tiers: [{ name: "only", priority: 1, requestsPerMinutePerKey: 10 }] }, 'traffic.tiers: needs at least two tiers so the lower one is shed first (got ["only"]); add a lower-priority tier such as batch'],
    ["duplicate priority", single, { ...base, tiers: [{ name: "a", priority: 1, requestsPerMinutePerKey: 10 }, { name: "b", priority: 1, requestsPerMinutePerKey: 5 }] }, 'traffic.tiers.1.priority: equals the priority of tier "a" (got 1); give every tier a distinct priority so the shedding order is defined'],
    ["managed TLS on GCP", gke, { ...base, tls: { kind: "managed", certificateMap: "m" } }, 'traffic.tls.kind: "managed" on GCP needs GKE Gateway with a Certificate Manager map, and this library installs Envoy Gateway (GKE\'s L4 load balancer cannot terminate TLS) (got "managed"); use tls.kind "cert-manager" on GCP'],
    ["managed TLS on AWS without ARN", single, { ...base, tls: { kind: "managed" } }, 'traffic.tls.certificateArn: is required for managed TLS on AWS (got undefined); set the ACM certificate ARN for the hostname, or use tls.kind "cert-manager"'],
    ["bad hostname", single, { hostname: "API_EXAMPLE" }, 'traffic.hostname: is not a DNS name (got "API_EXAMPLE"); use a lowercase fully qualified name such as api.example.com'],
  ];
  test.each(cases)("%s", (_name, plan, input, message) => {
    expect(() => planTraffic(plan, input)).toThrow(message);
  });
});
type DeploymentPlanLike = typeof single;

describe("traffic objects", () => {
  const t = planTraffic(single, base);
  const { objects, namespaces, inferencePool } = trafficObjects(single, t);
  const routes = byKind(objects, "HTTPRoute");
  const tierRoutes = routes.filter((r) => r.metadata.namespace === t.servingNamespace);

  test("Gateway, HTTPRoutes and InferencePool validate against the upstream CRD schemas", () => {
    const checked = [...byKind(objects, "Gateway"), ...routes, inferencePool];
    expect(checked.length).toBe(1 + 3 + 1);
    checked.forEach(expectValid);
    const m = planTraffic(multi, base);
    const mo = trafficObjects(multi, m);
    [...byKind(mo.objects, "Gateway"), ...byKind(mo.objects, "HTTPRoute"), mo.inferencePool].forEach(expectValid);
    const managed = planTraffic(single, { ...base, tls: { kind: "managed", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666" } });
    byKind(trafficObjects(single, managed).objects, "Gateway").forEach(expectValid);
  });

  test("the schema check is not vacuous: a pool without targetPorts is rejected", () => {
    const bad = { ...inferencePool, spec: { ...spec(inferencePool), targetPorts: [] } };
    expect(validators.InferencePool(bad)).toBe(false);
  });

  test("every tier route's backendRef is the InferencePool", () => {
    expect(tierRoutes.map((r) => r.metadata.name)).toEqual(["trtllm-interactive", "trtllm-batch"]);
    for (const r of tierRoutes) {
      expect(spec(r).rules.flatMap((x: { backendRefs: unknown[] }) => x.backendRefs)).toEqual([{ group: "inference.networking.k8s.io", kind: "InferencePool", name: inferencePool.metadata.name }]);
      expect(spec(r).rules[0].timeouts).toEqual({ request: "3550s" });
    }
    expect(inferencePool.metadata.namespace).toBe(tierRoutes[0].metadata.namespace);
    expect(spec(inferencePool).endpointPickerRef.name).toBe("trtllm-epp");
  });

  test("auth, rate-limit and retry policies target the HTTPRoutes in front of the servers", () => {
    for (const r of tierRoutes) {
      const ref = [{ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: r.metadata.name }];
      const sp = byKind(objects, "SecurityPolicy").filter((p) => JSON.stringify(spec(p).targetRefs) === JSON.stringify(ref));
      const btp = byKind(objects, "BackendTrafficPolicy").filter((p) => JSON.stringify(spec(p).targetRefs) === JSON.stringify(ref));
      expect(sp).toHaveLength(1);
      expect(btp).toHaveLength(1);
      expect(sp[0].metadata.namespace).toBe(r.metadata.namespace);
      expect(btp[0].metadata.namespace).toBe(r.metadata.namespace);
      expect(spec(sp[0]).apiKeyAuth.extractFrom).toEqual([{ headers: ["authorization"] }]);
      expect(spec(btp[0]).rateLimit.global.rules[0].clientSelectors).toEqual([{ headers: [{ type: "Distinct", name: "x-client-id" }] }]);
      expect(spec(btp[0]).retry.numRetries).toBe(2);
    }
  });

  test("API keys come from the secret store through External Secrets, never literals", () => {
    // The API keys' ExternalSecrets read the secret store (the rate limit's Redis password is generated in-cluster).
    const es = byKind(objects, "ExternalSecret").filter((e) => spec(e).secretStoreRef);
    expect(es).toHaveLength(2);
    expect(byKind(objects, "Secret")).toHaveLength(0);
    expect(spec(es[0]).dataFrom).toEqual([{ extract: { key: `cdktf-deepseek/${single.id}/api-keys/interactive` } }]);
    for (const sp of byKind(objects, "SecurityPolicy")) {
      const secretName = spec(sp).apiKeyAuth.credentialRefs[0].name;
      expect(es.map((e) => spec(e).target.name)).toContain(secretName);
    }
  });

  test("saturation answers 429 with Retry-After, batch waiting longer than interactive", () => {
    const [hi, lo] = byKind(objects, "BackendTrafficPolicy").map((p) => spec(p).responseOverride[0]);
    expect(hi.match.statusCodes).toEqual([{ type: "Value", value: 503 }]);
    expect(hi.response.statusCode).toBe(429);
    expect(hi.response.header.add).toEqual([{ name: "Retry-After", value: "10" }]);
    expect(lo.response.header.add).toEqual([{ name: "Retry-After", value: "20" }]);
  });

  test("port 80 only redirects to HTTPS; nothing plaintext reaches the servers", () => {
    const gw = byKind(objects, "Gateway")[0];
    const http = spec(gw).listeners.filter((l: { port: number }) => l.port === 80);
    expect(http).toHaveLength(1);
    const onHttp = routes.filter((r) => spec(r).parentRefs.some((p: { sectionName?: string }) => p.sectionName === "http"));
    expect(onHttp.map((r) => r.metadata.name)).toEqual(["https-redirect"]);
    expect(spec(onHttp[0]).rules.every((x: { backendRefs?: unknown; filters: { type: string }[] }) => !x.backendRefs && x.filters[0].type === "RequestRedirect")).toBe(true);
    const https = spec(gw).listeners.find((l: { port: number }) => l.port === 443);
    expect(https.protocol).toBe("HTTPS");
    expect(https.tls.certificateRefs[0].name).toBe("deepseek-gateway-tls");
    // managed TLS (NLB terminates): no port 80 at all
    const managed = planTraffic(single, { ...base, tls: { kind: "managed", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666" } });
    const mo = trafficObjects(single, managed);
    expect(spec(byKind(mo.objects, "Gateway")[0]).listeners.map((l: { port: number }) => l.port)).toEqual([443]);
    expect(byKind(mo.objects, "Issuer")).toHaveLength(0);
  });

  test("cert-manager Issuer and Certificate for the hostname", () => {
    const cert = byKind(objects, "Certificate")[0];
    expect(spec(cert).dnsNames).toEqual(["api.example.com"]);
    expect(spec(cert).secretName).toBe("deepseek-gateway-tls");
    expect(byKind(objects, "Issuer")).toHaveLength(1);
  });

  test("gateway namespace carries the label the serving NetworkPolicy admits", () => {
    expect(namespaces[0].metadata.labels).toMatchObject({ "cdktf-deepseek.io/traffic": "true" });
    expect(namespaces[0].metadata.name).toBe(byKind(objects, "Gateway")[0].metadata.namespace);
  });

  test("Envoy proxies carry Prometheus scrape annotations", () => {
    const ep = byKind(objects, "EnvoyProxy")[0];
    expect(spec(ep).provider.kubernetes.envoyDeployment.pod.annotations).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": "19001", "prometheus.io/path": "/stats/prometheus" });
  });

  test("inferencepool chart values render the same selector and port, with a prefix-cache scorer", () => {
    const m = planTraffic(multi, base);
    type Values = { inferencePool: { modelServers: { matchLabels: unknown }; targetPorts: unknown }; inferenceExtension: { pluginsCustomConfig: Record<string, string> } };
    const v = inferencePoolChartValues(m) as Values;
    expect(v.inferencePool.modelServers.matchLabels).toEqual(servingNames(multi).endpointSelector);
    expect(v.inferencePool.targetPorts).toEqual([{ number: 8000 }]);
    expect(Object.values(v.inferenceExtension.pluginsCustomConfig)[0]).toContain("prefix-cache-scorer");
  });
});

describe("health-check listener and route", () => {
  test("validate against the Gateway API schemas", () => {
    const t = planTraffic(single, { ...base, healthCheckHostname: "aws-us-east-1.api.example.com" });
    const { objects } = trafficObjects(single, t);
    const checked = [...byKind(objects, "Gateway"), ...byKind(objects, "HTTPRoute")];
    expect(checked.map((o) => o.metadata.name)).toContain("health-check");
    checked.forEach(expectValid);
  });
});
