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
const PROMETHEUS: Peer = { ...ns("monitoring"), labels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/component": "server" } };
const OTHER_MONITORING: Peer = { ...ns("monitoring"), labels: { "app.kubernetes.io/name": "grafana" } };
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
      expect([s.name, ingressAllowed(s.policies, STAGER, SERVER, 8000)]).toEqual([s.name, false]);
      expect([s.name, ingressAllowed(s.policies, CHECK, SERVER, 8000)]).toEqual([s.name, true]);
    }
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
