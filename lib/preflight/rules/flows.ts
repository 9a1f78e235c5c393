import type { K8sObject, StackView } from "../types";
import { objectsOf } from "../types";
import { podLabels } from "./references";
import { podSpecs } from "./scheduling";

/**
 * NetworkPolicy semantics (Kubernetes docs "Network Policies", networking.k8s.io/v1): a pod
 * selected by no policy of a direction is open in that direction; selected, a connection passes
 * only when some selecting policy has a rule whose peers and ports admit it, on both ends (the
 * source's Egress and the destination's Ingress).
 */
export type Selector = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
export type Peer = { podSelector?: Selector; namespaceSelector?: Selector; ipBlock?: { cidr: string; except?: string[] } };
export type PolicyRule = { from?: Peer[]; to?: Peer[]; ports?: { port?: number | string; protocol?: string; endPort?: number }[] };
export type PolicySpec = { podSelector?: Selector; policyTypes?: string[]; ingress?: PolicyRule[]; egress?: PolicyRule[] };

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

/** A pod as policies see it: its namespace (and that namespace's labels) and its own labels. */
export interface Endpoint { readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly what: string }
/** A port, or every port (multi-node ranks and NCCL use ephemeral ports). */
export type FlowPort = number | "any";
/**
 * A connection the system needs. `from.labels` undefined: any pod of that namespace.
 */
export interface Flow {
  readonly name: string;
  readonly from: { readonly namespace: string; readonly labels?: Readonly<Record<string, string>> };
  readonly to: { readonly namespace: string; readonly labels: Readonly<Record<string, string>> };
  readonly port: FlowPort;
}

export type NamespaceLabels = (ns: string) => Record<string, string>;

/** Namespace labels as the stack creates them, plus the one Kubernetes sets on every namespace. */
export function namespaceLabelsOf(stack: StackView): NamespaceLabels {
  const objects = objectsOf(stack).map((x) => x.object);
  return (ns) => ({ ...(objects.find((o) => o.kind === "Namespace" && o.metadata.name === ns)?.metadata.labels ?? {}), "kubernetes.io/metadata.name": ns });
}

/** Whether a policy peer admits a pod (pod-to-pod traffic is not judged by ipBlock). */
export function peerAdmits(peer: Peer, policyNs: string, pod: Endpoint, nsLabels: NamespaceLabels): boolean {
  if (peer.ipBlock) return false;
  const nsOk = peer.namespaceSelector ? selects(peer.namespaceSelector, nsLabels(pod.namespace)) : pod.namespace === policyNs;
  return nsOk && (peer.podSelector ? selects(peer.podSelector, pod.labels) : true);
}

/** Whether a rule's ports admit a flow's port: no ports admit every port; "any" needs no ports. */
export function portAdmits(rule: PolicyRule, port: FlowPort): boolean {
  if (!rule.ports || rule.ports.length === 0) return true;
  if (port === "any") return false;
  return rule.ports.some((x) => x.port === undefined || (x.endPort !== undefined ? Number(x.port) <= port && port <= x.endPort : Number(x.port) === port));
}

const spec = (p: K8sObject) => p.spec as PolicySpec;
/** policyTypes defaults to Ingress, plus Egress when the policy has egress rules. */
export const ofType = (p: K8sObject, type: "Ingress" | "Egress"): boolean => (spec(p).policyTypes ?? ["Ingress", ...(spec(p).egress ? ["Egress"] : [])]).includes(type);

/** The policies of a direction that select a pod. */
export function selecting(policies: readonly K8sObject[], pod: { namespace: string; labels: Readonly<Record<string, string>> }, type: "Ingress" | "Egress"): K8sObject[] {
  return policies.filter((p) => (p.metadata.namespace ?? "default") === pod.namespace && ofType(p, type) && selects(spec(p).podSelector, pod.labels));
}

/**
 * Whether policies admit a flow, to every pod the destination names and from every pod the source
 * names (the stack's pod templates with those labels; a source given as a whole namespace is
 * judged by a pod of it with no labels): the destination's Ingress and the source's Egress policies.
 */
export function admitted(flow: Flow, policies: readonly K8sObject[], nsLabels: NamespaceLabels, pods: readonly Endpoint[] = []): { ok: boolean; side?: "ingress" | "egress" } {
  const concrete = (end: { namespace: string; labels?: Readonly<Record<string, string>> }, what: string): Endpoint[] => {
    if (!end.labels) return [{ namespace: end.namespace, labels: {}, what }];
    const hits = pods.filter((p) => p.namespace === end.namespace && Object.entries(end.labels!).every(([k, v]) => p.labels[k] === v));
    return hits.length ? hits : [{ namespace: end.namespace, labels: end.labels, what }];
  };
  for (const dst of concrete(flow.to, "destination")) {
    for (const src of concrete(flow.from, "source")) {
      const ing = selecting(policies, dst, "Ingress");
      if (ing.length && !ing.some((p) => (spec(p).ingress ?? []).some((r) => portAdmits(r, flow.port) &&
        (!r.from || r.from.length === 0 || r.from.some((peer) => peerAdmits(peer, dst.namespace, src, nsLabels)))))) return { ok: false, side: "ingress" };
      const eg = selecting(policies, src, "Egress");
      if (eg.length && !eg.some((p) => (spec(p).egress ?? []).some((r) => portAdmits(r, flow.port) &&
        (!r.to || r.to.length === 0 || r.to.some((peer) => peerAdmits(peer, src.namespace, dst, nsLabels)))))) return { ok: false, side: "egress" };
    }
  }
  return { ok: true };
}

/** Every pod template of a stack with the labels its pods carry, plus the pods charts create that flows name. */
export function podsOf(stack: StackView): Endpoint[] {
  const templates = objectsOf(stack).flatMap(({ object: o }) => podSpecs(o).map((p) => ({
    namespace: o.metadata.namespace ?? "default", labels: podLabels(o, p.at), what: `${o.kind} ${o.metadata.namespace ?? "default"}/${o.metadata.name} (${p.at})` })));
  const pool = stack.releases.find((r) => r.chart === "inferencepool");
  return [...templates, ...(pool ? [{ namespace: pool.namespace, labels: eppLabels(pool.name), what: `endpoint picker of ${pool.address}` }] : [])];
}

/** The inferencepool chart labels the EPP pods `inferencepool: <release>-epp` (config/charts/epplib/templates/_helpers.tpl @ v1.5.0). */
export const eppLabels = (release: string): Record<string, string> => ({ inferencepool: `${release.toLowerCase().trim().slice(0, 40)}-epp` });

/**
 * Labels Envoy Gateway gives its rate limit pods (envoyproxy/gateway v1.9.0
 * internal/infrastructure/kubernetes/ratelimit/resource.go `LabelSelector`).
 */
export const RATE_LIMIT_POD_LABELS = { "app.kubernetes.io/name": "envoy-ratelimit", "app.kubernetes.io/component": "ratelimit", "app.kubernetes.io/managed-by": "envoy-gateway" };

/**
 * Labels Envoy Gateway gives every proxy pod (envoyproxy/gateway internal/infrastructure/kubernetes/proxy/resource.go
 * `EnvoyAppLabel`); the owning-gateway labels come on top.
 */
export const ENVOY_PROXY_LABELS = { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway" };

/**
 * Envoy Gateway listens on a privileged service port + 10000 inside the proxy pod
 * (envoyproxy/gateway internal/gatewayapi/helpers.go `servicePortToContainerPort`, wellKnownPortShift).
 */
export const proxyContainerPort = (servicePort: number): number => (servicePort < 1024 ? servicePort + 10000 : servicePort);

/**
 * The flows a serving stack needs: gateway → servers and endpoint picker, endpoint picker →
 * servers, Prometheus → servers, checks → servers, gateway and each other, a multi-node group's
 * ranks → each other, Envoy Gateway's rate limit service → its Redis.
 */
export function neededFlows(stack: StackView): Flow[] {
  const objects = objectsOf(stack).map((x) => x.object);
  const pool = stack.releases.find((r) => r.chart === "inferencepool");
  const gateway = objects.find((o) => o.kind === "Gateway");
  if (!pool || !gateway) return [];
  const ip = pool.values.inferencePool as { targetPorts?: { number: number }[]; modelServers?: { matchLabels?: Record<string, string> } } | undefined;
  const servers = { namespace: pool.namespace, labels: { ...(ip?.modelServers?.matchLabels ?? {}) } };
  const port = ip?.targetPorts?.[0]?.number ?? 8000;
  const epp = { namespace: pool.namespace, labels: eppLabels(pool.name) };
  const eppPort = Number((pool.values.inferenceExtension as { extProcPort?: number } | undefined)?.extProcPort ?? 9002);
  const gwNs = gateway.metadata.namespace ?? "default";
  // The Gateway's Envoy proxies only: Envoy Gateway labels them with ENVOY_PROXY_LABELS and the owning
  // Gateway (internal/gatewayapi/translator.go `buildIR`: GatewayOwnerLabels, without mergeGateways).
  const gw = { namespace: gwNs, labels: { ...ENVOY_PROXY_LABELS, "gateway.envoyproxy.io/owning-gateway-name": gateway.metadata.name, "gateway.envoyproxy.io/owning-gateway-namespace": gwNs } };
  const flows: Flow[] = [
    { name: "gateway → servers", from: gw, to: servers, port },
    { name: "gateway → endpoint picker", from: gw, to: epp, port: eppPort },
    { name: "endpoint picker → servers (metrics)", from: epp, to: servers, port },
  ];
  // The prometheus chart's server pods (prometheus-community/helm-charts charts/prometheus/templates/_helpers.tpl,
  // `prometheus.server.matchLabels`: component = server.name, default "server", plus name and instance).
  const prometheus = stack.releases.find((r) => r.chart === "prometheus");
  if (prometheus) {
    flows.push({ name: "Prometheus → servers (metrics)", from: { namespace: prometheus.namespace,
      labels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/component": "server", "app.kubernetes.io/instance": prometheus.name } }, to: servers, port });
  }
  const pods = podsOf(stack);
  // Post-deploy checks (lib/verification): call the servers and the gateway's listeners, and the
  // fabric check's ranks run NCCL between themselves on ephemeral ports.
  const check = pods.find((p) => p.namespace === pool.namespace && p.labels["cdktf-deepseek.io/role"] === "check");
  if (check) {
    const c = { namespace: pool.namespace, labels: { "cdktf-deepseek.io/role": "check" } };
    flows.push({ name: "checks → servers", from: c, to: servers, port }, { name: "checks → checks (NCCL)", from: c, to: c, port: "any" });
    for (const l of (gateway.spec as { listeners?: { port: number }[] }).listeners ?? []) {
      flows.push({ name: `checks → gateway :${l.port}`, from: c, to: gw, port: proxyContainerPort(l.port) });
    }
  }
  // A multi-node group's ranks (LeaderWorkerSet of size > 1) talk on any port (MPI, NCCL).
  for (const lws of objects.filter((o) => o.kind === "LeaderWorkerSet" && Number((o.spec as { leaderWorkerTemplate?: { size?: number } }).leaderWorkerTemplate?.size ?? 1) > 1)) {
    const ranks = { namespace: lws.metadata.namespace ?? "default", labels: { "leaderworkerset.sigs.k8s.io/name": lws.metadata.name } };
    flows.push({ name: `${lws.metadata.name} ranks → each other`, from: ranks, to: ranks, port: "any" });
  }
  // Envoy Gateway's rate limit service → the Redis its values name (config.envoyGateway.rateLimit.backend.redis.url).
  const eg = stack.releases.find((r) => r.chart === "gateway-helm");
  const url = ((eg?.values.config as { envoyGateway?: { rateLimit?: { backend?: { redis?: { url?: string } } } } } | undefined)?.envoyGateway?.rateLimit?.backend?.redis?.url) ?? "";
  const m = /^([^.]+)\.([^.]+)\.svc(?:\.cluster\.local)?:(\d+)$/.exec(url);
  const svc = m && objects.find((o) => o.kind === "Service" && o.metadata.name === m[1] && o.metadata.namespace === m[2]);
  if (m && svc && eg) {
    const s = svc.spec as { selector?: Record<string, string>; ports?: { port: number; targetPort?: number | string }[] };
    const to = { namespace: m[2], labels: { ...(s.selector ?? {}) } };
    flows.push({ name: "rate limit service → Redis", from: { namespace: eg.namespace, labels: RATE_LIMIT_POD_LABELS }, to,
      port: targetPort(objects, to, (s.ports ?? []).find((x) => x.port === Number(m[3]))?.targetPort ?? Number(m[3])) });
  }
  return flows;
}

/** A Service's targetPort as a number: a named port is looked up in the selected pods' containers. */
function targetPort(objects: readonly K8sObject[], to: { namespace: string; labels: Record<string, string> }, port: number | string): number {
  if (typeof port === "number") return port;
  for (const o of objects.filter((x) => (x.metadata.namespace ?? "default") === to.namespace)) {
    for (const p of podSpecs(o)) {
      if (!Object.entries(to.labels).every(([k, v]) => podLabels(o, p.at)[k] === v)) continue;
      const hit = (p.spec.containers ?? []).flatMap((c) => (c as { ports?: { name?: string; containerPort: number }[] }).ports ?? []).find((x) => x.name === port);
      if (hit) return hit.containerPort;
    }
  }
  return Number(port);
}
