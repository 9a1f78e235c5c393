import type { Finding, K8sObject, Rule, StackView } from "../types";
import { objectsOf } from "../types";

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: unknown };
type Policy = { podSelector?: Selector; policyTypes?: string[]; ingress?: { from?: Peer[]; ports?: { port?: number | string; protocol?: string }[] }[] };

/** Label selector semantics (Kubernetes "Labels and Selectors"); an empty selector matches all. */
export function selects(sel: Selector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const v = labels[e.key];
    if (e.operator === "In" && !(v !== undefined && (e.values ?? []).includes(v))) return false;
    if (e.operator === "NotIn" && v !== undefined && (e.values ?? []).includes(v)) return false;
    if (e.operator === "Exists" && v === undefined) return false;
    if (e.operator === "DoesNotExist" && v !== undefined) return false;
  }
  return true;
}

export interface Flow { readonly name: string; readonly from: { readonly namespace: string; readonly labels: Record<string, string> };
  readonly to: { readonly namespace: string; readonly labels: Record<string, string> }; readonly port: number }

/**
 * Whether NetworkPolicies admit a flow (Kubernetes "Network Policies"): a pod selected by no
 * Ingress policy admits everything; otherwise some selecting policy must have a rule whose peers
 * (pod and/or namespace selectors; an empty `from` admits all) and ports admit it.
 */
export function admitted(flow: Flow, policies: readonly K8sObject[], namespaceLabels: (ns: string) => Record<string, string>): boolean {
  const selecting = policies.filter((p) => p.metadata.namespace === flow.to.namespace).map((p) => p.spec as Policy)
    .filter((p) => (p.policyTypes ?? ["Ingress"]).includes("Ingress") && selects(p.podSelector, flow.to.labels));
  if (selecting.length === 0) return true;
  return selecting.some((p) => (p.ingress ?? []).some((rule) => {
    const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((x) => x.port === undefined || Number(x.port) === flow.port);
    const peerOk = !rule.from || rule.from.length === 0 || rule.from.some((peer) => {
      if (peer.ipBlock) return false; // pod-to-pod traffic is not judged by IP here
      const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, namespaceLabels(flow.from.namespace)) : flow.from.namespace === flow.to.namespace;
      const podOk = peer.podSelector ? selects(peer.podSelector, flow.from.labels) : true;
      return nsOk && podOk;
    });
    return portOk && peerOk;
  }));
}

/** The flows a serving stack needs: gateway → servers and EPP, EPP → servers, Prometheus → servers. */
export function neededFlows(stack: StackView): Flow[] {
  const objects = objectsOf(stack).map((x) => x.object);
  const pool = stack.releases.find((r) => r.chart === "inferencepool");
  const gateway = objects.find((o) => o.kind === "Gateway");
  const prometheus = stack.releases.find((r) => r.chart === "prometheus");
  if (!pool || !gateway) return [];
  const ip = pool.values.inferencePool as { targetPorts?: { number: number }[]; modelServers?: { matchLabels?: Record<string, string> } } | undefined;
  const servers = { namespace: pool.namespace, labels: { ...(ip?.modelServers?.matchLabels ?? {}) } };
  const port = ip?.targetPorts?.[0]?.number ?? 8000;
  // The inferencepool chart labels the EPP pods `inferencepool: <release>-epp` (config/charts/epplib/templates/_helpers.tpl @ v1.5.0).
  const epp = { namespace: pool.namespace, labels: { inferencepool: `${pool.name.toLowerCase().trim().slice(0, 40)}-epp` } };
  const eppPort = Number((pool.values.inferenceExtension as { extProcPort?: number } | undefined)?.extProcPort ?? 9002);
  const gw = { namespace: gateway.metadata.namespace ?? "default", labels: {} };
  return [
    { name: "gateway → servers", from: gw, to: servers, port },
    { name: "gateway → endpoint picker", from: gw, to: epp, port: eppPort },
    { name: "endpoint picker → servers (metrics)", from: epp, to: servers, port },
    // The prometheus chart's server pods (prometheus-community/helm-charts charts/prometheus/templates/_helpers.tpl,
    // `prometheus.server.matchLabels`: component = server.name, default "server", plus name and instance).
    ...(prometheus ? [{
      name: "Prometheus → servers (metrics)",
      from: { namespace: prometheus.namespace, labels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/component": "server", "app.kubernetes.io/instance": prometheus.name } },
      to: servers, port,
    }] : []),
  ];
}

/**
 * Traffic can flow: NetworkPolicies admit the flows the system needs, and when Route 53
 * health-checks a placement, its load balancer's source ranges do not keep the checkers out
 * (Route 53 treats all-unhealthy as all-healthy: failover would silently disappear).
 */
export const traffic: Rule = {
  id: "traffic",
  proves: "NetworkPolicies and load-balancer source ranges admit the flows the system needs (gateway → endpoint picker → servers, Prometheus → servers, Route 53 health checkers → /health)",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      const objects = objectsOf(stack).map((x) => x.object);
      const policies = objects.filter((o) => o.kind === "NetworkPolicy");
      const nsLabels = (ns: string) => ({ ...(objects.find((o) => o.kind === "Namespace" && o.metadata.name === ns)?.metadata.labels ?? {}), "kubernetes.io/metadata.name": ns });
      for (const flow of neededFlows(stack)) {
        if (!admitted(flow, policies, nsLabels)) {
          out.push({ rule: this.id, stack: stack.name, object: `NetworkPolicy ${flow.to.namespace}/*`, field: "spec.ingress", why: `no NetworkPolicy admits ${flow.name} (${flow.from.namespace} → ${JSON.stringify(flow.to.labels)}:${flow.port}) while a policy isolates the destination`, fix: "add an ingress rule admitting that source on that port" });
        }
      }
    }
    // Route 53 health checks against source-restricted load balancers.
    for (const global of view.stacks) {
      for (const [id, hc] of Object.entries(global.resources.aws_route53_health_check ?? {})) {
        const fqdn = String(hc.fqdn ?? "");
        for (const stack of view.stacks) {
          const objects = objectsOf(stack).map((x) => x.object);
          const serves = objects.some((o) => o.kind === "Gateway" && ((o.spec as { listeners?: { hostname?: string }[] }).listeners ?? []).some((l) => l.hostname === fqdn));
          if (!serves) continue;
          for (const proxy of objects.filter((o) => o.kind === "EnvoyProxy")) {
            type ProxySpec = { provider?: { kubernetes?: { envoyService?: { loadBalancerSourceRanges?: string[] } } } };
            const ranges = (proxy.spec as ProxySpec).provider?.kubernetes?.envoyService?.loadBalancerSourceRanges ?? [];
            if (ranges.length && !ranges.some((r) => r === "0.0.0.0/0")) {
              out.push({ rule: this.id, stack: stack.name, object: `EnvoyProxy ${proxy.metadata.namespace}/${proxy.metadata.name}`, field: "spec.provider.kubernetes.envoyService.loadBalancerSourceRanges", why: `admits only ${ranges.join(", ")}, so Route 53's health checkers (${global.name} aws_route53_health_check.${id} → ${fqdn}) cannot reach /health: every check fails and failover is lost`, fix: "leave traffic.allowedSourceCidrs unset, or publish DNS without per-placement health checks" });
            }
          }
        }
      }
    }
    return out;
  },
};
