import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PREFLIGHT_RULES, intentOfReview, synthView } from "../../lib/preflight";
import type { K8sObject, Rule, SynthView } from "../../lib/preflight/types";
import { GATEWAY_LISTENER_PORTS, GATEWAY_NAME, GATEWAY_NAMESPACE, GATEWAY_PROXY_POD_LABELS, planTraffic } from "../../lib/traffic/plan-traffic";
import { planDeployment } from "../../lib";
import { defaultAppOutdir } from "../support/default-app";

/*
 * Ingress to the servers and the endpoint picker is admitted from the exact pods that need it:
 * the gateway's Envoy proxies (by the labels Envoy Gateway v1.9 gives them), the endpoint picker,
 * the Prometheus server on the server port only, the checks. Preflight's `traffic` rule proves the
 * needed flows pass, `traffic-scope` that nothing wider does; each broader selector planted below
 * must be reported by `traffic-scope`.
 */
const raw = (() => {
  const dir = join(defaultAppOutdir(), "stacks");
  return readdirSync(dir).sort().map((name) => ({ name, text: readFileSync(join(dir, name, "cdk.tf.json"), "utf8") }));
})();
const reviewJson = readFileSync(join(defaultAppOutdir(), "review.json"), "utf8");
const fresh = (): SynthView => synthView(raw.map(({ name, text }) => ({ name, json: JSON.parse(text) as unknown })), intentOfReview(JSON.parse(reviewJson)));
const rule = (id: string): Rule => PREFLIGHT_RULES.find((r) => r.id === id)!;
const servingStacks = (v: SynthView) => v.stacks.filter((s) => s.releases.some((r) => r.chart === "inferencepool")).map((s) => s.name);
function policy(view: SynthView, stack: string, name: string): K8sObject & { spec: any } {
  const o = view.stacks.find((s) => s.name === stack)!.releases.flatMap((r) => r.objects).find((x) => x.kind === "NetworkPolicy" && x.metadata.name === name);
  if (!o) throw new Error(`no NetworkPolicy ${name} in ${stack}`);
  return o as never;
}
const PROXY_PEER = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": GATEWAY_NAMESPACE, "cdktf-deepseek.io/traffic": "true" } },
  podSelector: { matchLabels: { ...GATEWAY_PROXY_POD_LABELS } },
};

describe("gateway, endpoint picker, Prometheus and checks reach the servers from their own pods only", () => {
  test("the Envoy proxy labels are Envoy Gateway's, for our Gateway's name and namespace", () => {
    expect(GATEWAY_PROXY_POD_LABELS).toEqual({
      "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway",
      "gateway.envoyproxy.io/owning-gateway-name": "deepseek", "gateway.envoyproxy.io/owning-gateway-namespace": "envoy-gateway-system",
    });
    const t = planTraffic(planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2", mode: "latency" } as never), { hostname: "api.example.com", healthCheckHostname: "h.api.example.com" });
    expect([t.gatewayName, t.gatewayNamespace]).toEqual([GATEWAY_NAME, GATEWAY_NAMESPACE]);
    // Every listener port has its proxy port in the checks' egress.
    for (const l of t.listeners) expect(GATEWAY_LISTENER_PORTS).toContain(l.port);
  });

  test("every serving stack: the gateway peer of the servers and the endpoint picker is the proxies, not the namespace", () => {
    const v = fresh();
    expect(servingStacks(v).length).toBeGreaterThanOrEqual(4);
    for (const s of servingStacks(v)) {
      expect(policy(v, s, "allow-traffic-and-prometheus").spec.ingress[0].from[0]).toEqual(PROXY_PEER);
      expect(policy(v, s, "allow-gateway-to-endpoint-picker").spec.ingress).toEqual([{ from: [PROXY_PEER], ports: [{ protocol: "TCP", port: 9002 }] }]);
      expect(policy(v, s, "allow-checks").spec.egress).toContainEqual({ to: [PROXY_PEER], ports: [{ protocol: "TCP", port: 10443 }, { protocol: "TCP", port: 10080 }] });
      // No ingress peer anywhere in the serving namespace is a bare namespaceSelector.
      for (const p of v.stacks.find((x) => x.name === s)!.releases.flatMap((r) => r.objects).filter((o) => o.kind === "NetworkPolicy" && o.metadata.namespace === "deepseek")) {
        for (const r of (p.spec as { ingress?: { from?: Record<string, unknown>[] }[] }).ingress ?? []) for (const peer of r.from ?? []) expect([p.metadata.name, "podSelector" in peer]).toEqual([p.metadata.name, true]);
      }
    }
  });

  test("preflight traffic and traffic-scope pass clean", () => {
    expect(rule("traffic").check(fresh())).toEqual([]);
    expect(rule("traffic-scope").check(fresh())).toEqual([]);
  });

  type Plant = [string, (v: SynthView, stack: string) => void, RegExp];
  const plants: Plant[] = [
    ["servers admit every pod of the gateway namespace (the namespace-wide peer this replaced)",
      (v, s) => { policy(v, s, "allow-traffic-and-prometheus").spec.ingress[0].from[0] = { namespaceSelector: { matchLabels: { "cdktf-deepseek.io/traffic": "true" } } }; },
      /^spec\.ingress\.0\.from\.0: admits .*which no needed flow covers: any pod in envoy-gateway-system → /m],
    ["servers admit every pod Envoy Gateway manages (the rate limit service too)",
      (v, s) => { policy(v, s, "allow-traffic-and-prometheus").spec.ingress[0].from[0].podSelector = { matchLabels: { "app.kubernetes.io/managed-by": "envoy-gateway" } }; },
      /^spec\.ingress\.0\.from\.0: admits .*which no needed flow covers: rate limit service pods → /m],
    ["the endpoint picker admits every pod of the gateway namespace",
      (v, s) => { delete policy(v, s, "allow-gateway-to-endpoint-picker").spec.ingress[0].from[0].podSelector; },
      /^spec\.ingress\.0\.from\.0: admits .*which no needed flow covers: any pod in envoy-gateway-system → endpoint picker.*:9002/m],
    ["the endpoint picker admits every pod of its own namespace",
      (v, s) => { policy(v, s, "allow-gateway-to-endpoint-picker").spec.ingress[0].from.push({ podSelector: {} }); },
      /^spec\.ingress\.0\.from\.1: admits \{"podSelector":\{\}\}, which no needed flow covers: any pod in deepseek → endpoint picker/m],
    ["servers admit the whole monitoring namespace",
      (v, s) => { delete policy(v, s, "allow-traffic-and-prometheus").spec.ingress[0].from[1].podSelector; },
      /^spec\.ingress\.0\.from\.1: admits .*which no needed flow covers: any pod in monitoring → /m],
    ["Prometheus admitted to the servers on every port, not the metrics port",
      (v, s) => { policy(v, s, "allow-traffic-and-prometheus").spec.ingress.push({ from: [policy(v, s, "allow-traffic-and-prometheus").spec.ingress[0].from[1]] }); },
      /^spec\.ingress\.1\.from\.0: admits .*prometheus.*which no needed flow covers: .*:any/m],
    ["servers admit the proxies of any Gateway (the owning-gateway labels dropped)",
      (v, s) => { const m = policy(v, s, "allow-traffic-and-prometheus").spec.ingress[0].from[0].podSelector.matchLabels; delete m["gateway.envoyproxy.io/owning-gateway-name"]; },
      /^spec\.ingress\.0\.from\.0: admits .*which no needed flow covers: gateway pods with another gateway\.envoyproxy\.io\/owning-gateway-name → /m],
    ["servers admit any Prometheus release's server (the instance label dropped)",
      (v, s) => { delete policy(v, s, "allow-traffic-and-prometheus").spec.ingress[0].from[1].podSelector.matchLabels["app.kubernetes.io/instance"]; },
      /^spec\.ingress\.0\.from\.1: admits .*which no needed flow covers: Prometheus pods with another app\.kubernetes\.io\/instance → /m],
    ["servers admit every pod of their own namespace (the staging Job too)",
      (v, s) => { policy(v, s, "allow-traffic-and-prometheus").spec.ingress[0].from[2] = { podSelector: {} }; },
      /^spec\.ingress\.0\.from\.2: admits \{"podSelector":\{\}\}, which no needed flow covers: any pod in deepseek → /m],
  ];
  describe.each(plants)("traffic-scope catches: %s", (_what, plant, expected) => {
    test.each([["b200-us-aws-use2-serving"], ["h200-eu-gcp-euw4-serving"]])("in %s", (stack) => {
      const v = fresh();
      plant(v, stack);
      const found = rule("traffic-scope").check(v).filter((f) => f.stack === stack);
      expect(found.map((f) => `${f.field}: ${f.why}`).join("\n")).toMatch(expected);
    });
  });

  test("the traffic rule catches a proxy peer that misses our Gateway's proxies (another gateway's name)", () => {
    const v = fresh();
    const s = "b200-us-aws-use2-serving";
    policy(v, s, "allow-gateway-to-endpoint-picker").spec.ingress[0].from[0].podSelector.matchLabels["gateway.envoyproxy.io/owning-gateway-name"] = "other";
    expect(rule("traffic").check(v).filter((f) => f.stack === s).map((f) => f.why).join("\n")).toMatch(/gateway → endpoint picker/);
  });
});
