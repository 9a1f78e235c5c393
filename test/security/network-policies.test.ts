import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bundledObjects } from "../support/manifests";
import { defaultAppOutdir } from "../support/default-app";
import { egressAllowed, ingressAllowed, ns, type Any, type Dest, type External, type Peer } from "./netpol-eval";

/*
 * NetworkPolicies of every serving stack, evaluated with Kubernetes semantics (a pod selected by no
 * policy of a direction is open in it; selected, it may only do what some policy allows): default
 * deny both ways, then what each workload needs.
 */

// A single-node server, or a multi-node leader (worker-index 0 carries the server port).
const SERVER: Peer = { ...ns("deepseek"), labels: { "app.kubernetes.io/name": "trtllm", "app.kubernetes.io/part-of": "cdktf-deepseek", "leaderworkerset.sigs.k8s.io/worker-index": "0" } };
const STAGER: Peer = { ...ns("deepseek"), labels: { "app.kubernetes.io/name": "stage-checkpoint", "app.kubernetes.io/part-of": "cdktf-deepseek" } };
const CHECK: Peer = { ...ns("deepseek"), labels: { "cdktf-deepseek.io/role": "check" } };
const PROMETHEUS: Peer = { ...ns("monitoring"), labels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/component": "server", "app.kubernetes.io/instance": "prometheus" } };
// Another Prometheus release's server in the same namespace (e.g. a team's own kube-prometheus).
const OTHER_PROMETHEUS: Peer = { ...PROMETHEUS, labels: { ...PROMETHEUS.labels, "app.kubernetes.io/instance": "team-prometheus" } };
const OTHER_MONITORING: Peer = { ...ns("monitoring"), labels: { "app.kubernetes.io/name": "grafana" } };
const GW_NS = ns("envoy-gateway-system", { "cdktf-deepseek.io/traffic": "true" });
// The gateway's Envoy proxies (envoyproxy/gateway v1.9.0 proxy/resource.go EnvoyAppLabel + owning-gateway labels).
const PROXY: Peer = { ...GW_NS, labels: { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway", "gateway.envoyproxy.io/owning-gateway-name": "deepseek", "gateway.envoyproxy.io/owning-gateway-namespace": "envoy-gateway-system" } };
// Other pods of the gateway namespace: the controller (gateway-helm chart), the rate limit service, its Redis, an ACME solver.
const CONTROLLER: Peer = { ...GW_NS, labels: { "control-plane": "envoy-gateway", "app.kubernetes.io/name": "gateway-helm" } };
const RATELIMIT: Peer = { ...GW_NS, labels: { "app.kubernetes.io/name": "envoy-ratelimit", "app.kubernetes.io/component": "ratelimit", "app.kubernetes.io/managed-by": "envoy-gateway" } };
const REDIS: Peer = { ...GW_NS, labels: { "app.kubernetes.io/name": "ratelimit-redis" } };
const SOLVER: Peer = { ...GW_NS, labels: { "acme.cert-manager.io/http01-solver": "true" } };
// Another gateway's proxies in the same namespace.
const OTHER_PROXY: Peer = { ...PROXY, labels: { ...PROXY.labels, "gateway.envoyproxy.io/owning-gateway-name": "other" } };
const EPP: Peer = { ...ns("deepseek"), labels: { inferencepool: "trtllm-epp" } };
const DNS: Peer = { ...ns("kube-system"), labels: { "k8s-app": "kube-dns" } };
const HUB: External = { ip: "18.160.10.20" };

let serving: { name: string; policies: Any[] }[];
beforeAll(() => {
  const dir = join(defaultAppOutdir(), "stacks");
  serving = readdirSync(dir).map((name) => ({ name, policies: bundledObjects(JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8"))).map((b) => b.object).filter((o) => o.kind === "NetworkPolicy") }))
    .filter((s) => s.policies.some((p) => p.metadata.namespace === "deepseek"));
}, 60_000);

describe("NetworkPolicies of every serving stack", () => {
  test("there are serving stacks, each default-deny both ways", () => {
    expect(serving.length).toBeGreaterThanOrEqual(4);
    for (const s of serving) {
      for (const dir of ["Ingress", "Egress"]) {
        expect([s.name, dir, s.policies.some((p) => p.metadata.namespace === "deepseek" && Object.keys(p.spec.podSelector ?? {}).length === 0 && p.spec.policyTypes?.includes(dir) && !(p.spec[dir.toLowerCase()] ?? []).length)]).toEqual([s.name, dir, true]);
      }
    }
  });

  test("servers admit the Prometheus server, not the rest of the monitoring namespace", () => {
    for (const s of serving) {
      expect([s.name, ingressAllowed(s.policies, PROMETHEUS, SERVER, 8000)]).toEqual([s.name, true]);
      expect([s.name, ingressAllowed(s.policies, OTHER_MONITORING, SERVER, 8000)]).toEqual([s.name, false]);
      expect([s.name, ingressAllowed(s.policies, OTHER_PROMETHEUS, SERVER, 8000)]).toEqual([s.name, false]);
      expect([s.name, ingressAllowed(s.policies, STAGER, SERVER, 8000)]).toEqual([s.name, false]);
      expect([s.name, ingressAllowed(s.policies, CHECK, SERVER, 8000)]).toEqual([s.name, true]);
    }
  });

  test("servers and the endpoint picker admit the gateway's Envoy proxies, no other pod of the gateway namespace", () => {
    for (const s of serving) {
      const into = (src: Peer, dst: Peer, port: number) => [s.name, ingressAllowed(s.policies, src, dst, port)];
      expect(into(PROXY, SERVER, 8000)).toEqual([s.name, true]);
      expect(into(PROXY, EPP, 9002)).toEqual([s.name, true]);
      expect(into(EPP, SERVER, 8000)).toEqual([s.name, true]);
      for (const other of [CONTROLLER, RATELIMIT, REDIS, SOLVER, OTHER_PROXY]) {
        expect(into(other, SERVER, 8000)).toEqual([s.name, false]);
        expect(into(other, EPP, 9002)).toEqual([s.name, false]);
      }
      // Ports: the proxies reach the servers' port and the picker's ext-proc port, nothing else.
      expect(into(PROXY, SERVER, 9002)).toEqual([s.name, false]);
      expect(into(PROXY, EPP, 8000)).toEqual([s.name, false]);
      // Prometheus: the server port (which serves the metrics path) only; not the picker.
      expect(into(PROMETHEUS, SERVER, 9000)).toEqual([s.name, false]);
      expect(into(PROMETHEUS, EPP, 9002)).toEqual([s.name, false]);
      // Only the proxies' own egress is open (they are not isolated); the checks reach the proxies' listener ports only.
      const out = (src: Peer, dest: Dest, port: number) => [s.name, egressAllowed(s.policies, src, dest, port)];
      expect(out(CHECK, PROXY, 10443)).toEqual([s.name, true]);
      expect(out(CHECK, PROXY, 10080)).toEqual([s.name, true]);
      const elsewhere = [[PROXY, 19001], [REDIS, 6379], [CONTROLLER, 18000], [RATELIMIT, 8081], [OTHER_PROXY, 10443]] as const;
      for (const [dest, port] of elsewhere) expect(out(CHECK, dest, port)).toEqual([s.name, false]);
    }
  });

  test("planted: a namespace-wide gateway peer (as before) lets the rate limit service and the controller reach the servers; the checks' namespace-wide egress reaches Redis; a release-less Prometheus peer admits another Prometheus", () => {
    const s = serving[0];
    const wide = s.policies.map((p) => JSON.parse(JSON.stringify(p)));
    for (const p of wide) for (const r of [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])]) for (const peer of [...(r.from ?? []), ...(r.to ?? [])]) {
      if (peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "envoy-gateway-system") { delete peer.podSelector; delete r.ports; }
    }
    expect(ingressAllowed(wide, RATELIMIT, SERVER, 8000)).toBe(true);
    expect(ingressAllowed(wide, CONTROLLER, EPP, 9002)).toBe(true);
    expect(egressAllowed(wide, CHECK, REDIS, 6379)).toBe(true);
    expect(ingressAllowed(s.policies, RATELIMIT, SERVER, 8000)).toBe(false);
    // The Prometheus peer without its release label admits another Prometheus of the namespace.
    const anyPrometheus = s.policies.map((p) => JSON.parse(JSON.stringify(p)));
    for (const p of anyPrometheus) for (const r of p.spec.ingress ?? []) for (const peer of r.from ?? []) delete peer.podSelector?.matchLabels?.["app.kubernetes.io/instance"];
    expect(ingressAllowed(anyPrometheus, OTHER_PROMETHEUS, SERVER, 8000)).toBe(true);
    expect(ingressAllowed(s.policies, OTHER_PROMETHEUS, SERVER, 8000)).toBe(false);
  });

  test("egress: DNS and HTTPS for everyone; nothing else to the outside; the checks reach the servers, the stager does not", () => {
    for (const s of serving) {
      const out = (src: Peer, dest: Dest, port: number, proto?: string) => [s.name, egressAllowed(s.policies, src, dest, port, proto)];
      expect(out(STAGER, DNS, 53, "UDP")).toEqual([s.name, true]);
      expect(out(STAGER, HUB, 443)).toEqual([s.name, true]);
      expect(out(SERVER, HUB, 443)).toEqual([s.name, true]);
      expect(out(STAGER, HUB, 80)).toEqual([s.name, false]);
      expect(out(SERVER, { ip: "10.0.3.4" }, 6379)).toEqual([s.name, false]);
      expect(out(STAGER, SERVER, 8000)).toEqual([s.name, false]);
      expect(out(CHECK, SERVER, 8000)).toEqual([s.name, true]);
      // Egress to 0.0.0.0/0 only ever on 443.
      for (const p of s.policies) for (const rule of p.spec.egress ?? []) {
        if ((rule.to ?? []).some((peer: Any) => peer.ipBlock?.cidr === "0.0.0.0/0")) expect(rule.ports).toEqual([{ protocol: "TCP", port: 443 }]);
      }
    }
  });

  test("cloud identity endpoints are reachable (EKS Pod Identity agent or the GKE metadata server)", () => {
    for (const s of serving) {
      const aws = egressAllowed(s.policies, STAGER, { ip: "169.254.170.23" }, 80);
      const gcp = egressAllowed(s.policies, STAGER, { ip: "169.254.169.254" }, 80) && egressAllowed(s.policies, STAGER, { ip: "169.254.169.252" }, 988);
      expect([s.name, aws !== gcp]).toEqual([s.name, true]);
      expect(s.name.includes("-aws-") ? aws : gcp).toBe(true);
    }
  });

  test("a planted fault is caught: a policy that opens all egress", () => {
    const s = serving[0];
    const open = [...s.policies, { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "oops", namespace: "deepseek" }, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{}] } }];
    expect(egressAllowed(open, STAGER, HUB, 80)).toBe(true);
    expect(egressAllowed(s.policies, STAGER, HUB, 80)).toBe(false);
  });
});
