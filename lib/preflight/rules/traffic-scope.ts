import { cidrContains } from "../../review/cidr-contains";
import type { Finding, K8sObject, Rule, StackView, SynthView } from "../types";
import { describe, objectsOf } from "../types";
import type { Endpoint, Flow, FlowPort, NamespaceLabels, Peer, PolicyRule, PolicySpec } from "./flows";
import { namespaceLabelsOf, neededFlows, ofType, peerAdmits, podsOf, selecting } from "./flows";

const subset = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) => Object.entries(a).every(([k, v]) => b[k] === v);

/** Whether some needed flow covers a connection from `src` to `dst` on `port` ("any": every port). */
function needed(flows: readonly Flow[], src: Endpoint, dst: Endpoint, port: FlowPort): boolean {
  return flows.some((f) => f.to.namespace === dst.namespace && subset(f.to.labels, dst.labels) && (f.port === "any" || f.port === port)
    && f.from.namespace === src.namespace && (!f.from.labels || subset(f.from.labels, src.labels)));
}

/**
 * Sources a peer may admit, to test it with: every pod the stack deploys, the chart pods flows
 * name (Prometheus server, rate limit, the gateway's proxies), their siblings (the same labels
 * with one value changed: another Gateway's proxies, another Prometheus release), and a pod with
 * no labels in each namespace the stack touches, in `default` and in a namespace it does not know.
 */
function probes(stack: StackView, flows: readonly Flow[]): Endpoint[] {
  const known = podsOf(stack);
  const fromFlows = flows.filter((f) => f.from.labels).map((f) => ({ namespace: f.from.namespace, labels: f.from.labels!, what: `${f.name.split(" → ")[0]} pods` }));
  const siblings = fromFlows.filter((p) => Object.keys(p.labels).length > 1).flatMap((p) => Object.entries(p.labels).map(([k, v]) => ({
    namespace: p.namespace, labels: { ...p.labels, [k]: `${v}-other` }, what: `${p.what} with another ${k}` })));
  const namespaces = new Set(["default", "some-other-namespace", ...stack.releases.map((r) => r.namespace), ...known.map((p) => p.namespace),
    ...objectsOf(stack).flatMap(({ object: o }) => (o.kind === "Namespace" ? [o.metadata.name] : []))]);
  return [...[...namespaces].map((ns) => ({ namespace: ns, labels: {}, what: `any pod in ${ns}` })), ...fromFlows, ...siblings, ...known];
}

const portsOf = (r: PolicyRule): FlowPort[] => (r.ports?.length ? r.ports.map((p) => (p.port === undefined ? "any" : Number(p.port))) : ["any"]);
const EVERYONE: Peer = {};
const OPEN = new Set(["0.0.0.0/0", "::/0"]);

function ingressScope(stack: StackView, rule: string): Finding[] {
  const out: Finding[] = [];
  const objects = objectsOf(stack).map((x) => x.object);
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const flows = neededFlows(stack);
  if (flows.length === 0) return out;
  const nsLabels: NamespaceLabels = namespaceLabelsOf(stack);
  const sources = probes(stack, flows);
  const pods = podsOf(stack);
  const isolated = new Set(policies.filter((p) => ofType(p, "Ingress")).map((p) => p.metadata.namespace ?? "default"));
  const push = (o: K8sObject | string, field: string, why: string, fix: string) => out.push({ rule, stack: stack.name, object: typeof o === "string" ? o : describe(o), field, why, fix });
  for (const dst of pods.filter((p) => isolated.has(p.namespace))) {
    if (selecting(policies, dst, "Ingress").length === 0) {
      push(dst.what, "metadata.labels", `no Ingress NetworkPolicy selects these pods in ${dst.namespace}, a namespace the stack isolates: they admit every source`, "keep a default-deny Ingress policy (podSelector {}) in the namespace");
    }
  }
  for (const p of policies) {
    const spec = p.spec as PolicySpec;
    const ns = p.metadata.namespace ?? "default";
    const dsts = pods.filter((d) => selecting([p], d, "Ingress").length > 0);
    (spec.ingress ?? []).forEach((r, i) => {
      const peers = r.from?.length ? r.from : [EVERYONE];
      peers.forEach((peer, j) => {
        const field = r.from?.length ? `spec.ingress.${i}.from.${j}` : `spec.ingress.${i}.from`;
        if (peer.ipBlock) {
          if (OPEN.has(peer.ipBlock.cidr)) push(p, `${field}.ipBlock`, `admits every address (${peer.ipBlock.cidr}) to ${dsts.map((d) => d.what).join(", ") || "its pods"}; no flow needs connections from outside the cluster to them`, "remove the ipBlock, or name the ranges that need it");
          return;
        }
        const admittedSources = peer === EVERYONE ? sources : sources.filter((s) => peerAdmits(peer, ns, s, nsLabels));
        // A source no selected pod needs on these ports: the peer is too wide. Every source needed
        // by some selected pod, but not by all: the podSelector is.
        const extra: string[] = [];
        const unneeded: string[] = [];
        for (const port of portsOf(r)) {
          for (const s of admittedSources) {
            const ok = dsts.filter((d) => needed(flows, s, d, port));
            if (ok.length === 0) unneeded.push(`${s.what} → ${dsts.map((d) => d.what).join(", ")}:${port}`);
            else for (const d of dsts) if (!ok.includes(d)) extra.push(`${s.what} → ${d.what}:${port}`);
          }
        }
        const wide = peer === EVERYONE ? "every source" : JSON.stringify(peer);
        const list = (xs: string[]) => `${xs.slice(0, 3).join("; ")}${xs.length > 3 ? `; and ${xs.length - 3} more` : ""}`;
        if (unneeded.length) {
          push(p, field, `admits ${wide}, which no needed flow covers: ${list(unneeded)}`, "narrow the peer to the pods that need this port");
        } else if (extra.length) {
          push(p, "spec.podSelector", `selects pods that need none of what it admits (${wide}): ${list(extra)}`, "select only the pods that serve this flow");
        }
      });
    });
    (spec.egress ?? []).forEach((r, i) => {
      const anyPort = !r.ports?.length;
      if (anyPort && !r.to?.length) push(p, `spec.egress.${i}`, "admits every destination on every port", "name the destinations and ports the pods need");
      (r.to ?? []).forEach((peer, j) => {
        if (anyPort && peer.ipBlock && OPEN.has(peer.ipBlock.cidr)) push(p, `spec.egress.${i}.to.${j}.ipBlock`, `admits every address (${peer.ipBlock.cidr}) on every port`, "name the ports (HTTPS 443 for registries, buckets and cloud APIs)");
      });
    });
  }
  return out;
}

/** The load balancers a stack asks for: the gateway's (EnvoyProxy) and any Service of type LoadBalancer. */
function loadBalancers(stack: StackView): { o: K8sObject; field: string; annotations: Record<string, string>; ranges: readonly string[]; gateway: boolean }[] {
  const out: ReturnType<typeof loadBalancers> = [];
  for (const { object: o } of objectsOf(stack)) {
    if (o.kind === "EnvoyProxy") {
      type S = { provider?: { kubernetes?: { envoyService?: { type?: string; annotations?: Record<string, string>; loadBalancerSourceRanges?: string[] } } } };
      const svc = (o.spec as S).provider?.kubernetes?.envoyService;
      if ((svc?.type ?? "LoadBalancer") === "LoadBalancer") {
        out.push({ o, field: "spec.provider.kubernetes.envoyService", annotations: svc?.annotations ?? {}, ranges: svc?.loadBalancerSourceRanges ?? [], gateway: true });
      }
    }
    if (o.kind === "Service" && (o.spec as { type?: string }).type === "LoadBalancer") {
      out.push({ o, field: "spec", annotations: o.metadata.annotations ?? {}, ranges: (o.spec as { loadBalancerSourceRanges?: string[] }).loadBalancerSourceRanges ?? [], gateway: false });
    }
  }
  return out;
}

/** Kubernetes' AWS cloud provider and the AWS Load Balancer Controller; GKE's internal passthrough NLB. */
const internal = (a: Record<string, string>) => a["service.beta.kubernetes.io/aws-load-balancer-internal"] === "true"
  || a["service.beta.kubernetes.io/aws-load-balancer-scheme"] === "internal" || a["networking.gke.io/load-balancer-type"] === "Internal";

function loadBalancerScope(view: SynthView, stack: StackView, rule: string): Finding[] {
  const out: Finding[] = [];
  const intent = view.intent?.endpoints.find((e) => e.stacks.includes(stack.name));
  for (const lb of loadBalancers(stack)) {
    const push = (field: string, why: string, fix: string) => out.push({ rule, stack: stack.name, object: describe(lb.o), field: `${lb.field}.${field}`, why, fix });
    if (!lb.gateway) {
      if (!internal(lb.annotations) && lb.ranges.length === 0) push("type", "asks for an internet-facing load balancer open to every address; only the gateway is meant to be reachable from outside the cluster", "use ClusterIP, or an internal load balancer");
      continue;
    }
    if (!intent) continue;
    if (intent.exposure !== "public") {
      if (!internal(lb.annotations)) push("annotations", `asks for an internet-facing load balancer, but the endpoint is configured ${intent.exposure}`, "annotate the Service as internal for its cloud");
      continue;
    }
    const allowed = intent.allowedSourceCidrs ?? [];
    if (allowed.length === 0) continue;
    if (lb.ranges.length === 0) {
      push("loadBalancerSourceRanges", `is unset, so the load balancer admits every address, while traffic.allowedSourceCidrs is ${allowed.join(", ")}`, "set loadBalancerSourceRanges to the configured ranges");
    }
    for (const r of lb.ranges) {
      if (!allowed.some((a) => cidrContains(a, r))) push("loadBalancerSourceRanges", `admits ${r}, wider than (or outside) the configured ${allowed.join(", ")}`, "set loadBalancerSourceRanges to the configured ranges");
    }
  }
  // Chart releases asked for a LoadBalancer Service through their values (service.type).
  for (const rel of stack.releases) {
    const walk = (v: unknown, path: string[]): void => {
      if (typeof v !== "object" || v === null || Array.isArray(v)) return;
      const m = v as Record<string, unknown>;
      if (path[path.length - 1]?.toLowerCase().endsWith("service") && m.type === "LoadBalancer" && !(m.loadBalancerSourceRanges as unknown[] | undefined)?.length
        && !internal((m.annotations as Record<string, string> | undefined) ?? {})) {
        out.push({ rule, stack: stack.name, object: rel.address, field: `values.${[...path, "type"].join(".")}`, why: `asks ${rel.chart} for an internet-facing load balancer open to every address; only the gateway is meant to be reachable from outside the cluster`, fix: "leave the chart's Service ClusterIP" });
      }
      for (const [k, x] of Object.entries(m)) walk(x, [...path, k]);
    };
    walk(rel.values, []);
  }
  return out;
}

/**
 * Traffic admits nothing else: in every namespace the stack isolates, every pod is selected by an
 * Ingress policy, and each ingress rule admits only sources a needed flow names (flows.ts), to
 * pods that flow reaches, on its port (probed with every pod the stack deploys and a label-less
 * pod in each namespace, `default` and an unknown one); no rule admits 0.0.0.0/0, no egress rule
 * every destination or every port of the internet (egress to 0.0.0.0/0 on 443 is needed:
 * registries, buckets, cloud APIs). Load balancers: only the gateway's faces the internet; it is
 * internal when the endpoint is configured private and admits no range beyond
 * `traffic.allowedSourceCidrs` (read from the review the app registered).
 */
export const trafficScope: Rule = {
  id: "traffic-scope",
  proves: "NetworkPolicies and load-balancer source ranges admit nothing beyond the needed flows: no pod of an isolated namespace unselected, no peer wider than the flows it serves, no 0.0.0.0/0 where not needed, no load balancer but the gateway's, the gateway's internal when configured private and no wider than traffic.allowedSourceCidrs",
  check(view) {
    return view.stacks.flatMap((s) => [...ingressScope(s, this.id), ...loadBalancerScope(view, s, this.id)]);
  },
};
