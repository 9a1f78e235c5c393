/*
 * NetworkPolicy semantics for tests (Kubernetes docs "Network Policies": a pod selected by no policy
 * of a direction is open in it; selected, it may only do what some policy of that direction allows).
 */
export type Any = Record<string, any>;
export interface Peer { namespace: string; nsLabels: Record<string, string>; labels: Record<string, string> }
export interface External { ip: string }
export type Dest = Peer | External;

const matches = (sel: Any | undefined, labels: Record<string, string>) => !sel || Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
const inCidr = (ip: string, cidr: string) => {
  const [base, bits] = cidr.split("/");
  const n = (a: string) => a.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const mask = Number(bits) === 0 ? 0 : 2 ** 32 - 2 ** (32 - Number(bits));
  return Math.floor(n(ip) / 2 ** (32 - Number(bits))) === Math.floor(n(base) / 2 ** (32 - Number(bits))) || mask === 0;
};

function peerMatches(peer: Any, dest: Dest, policyNs: string): boolean {
  if ("ip" in dest) return !!peer.ipBlock && inCidr(dest.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c: string) => inCidr(dest.ip, c));
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector) return matches(peer.namespaceSelector, dest.nsLabels) && matches(peer.podSelector, dest.labels);
  return dest.namespace === policyNs && matches(peer.podSelector, dest.labels);
}

/** May `src` open a connection to `dest` on `port` under the egress policies of src's namespace? */
export function egressAllowed(policies: Any[], src: Peer, dest: Dest, port: number, protocol = "TCP"): boolean {
  const mine = policies.filter((p) => p.metadata.namespace === src.namespace && (p.spec.policyTypes ?? []).includes("Egress") && matches(p.spec.podSelector, src.labels));
  if (mine.length === 0) return true;
  return mine.some((p) => (p.spec.egress ?? []).some((rule: Any) =>
    (!rule.to || rule.to.some((peer: Any) => peerMatches(peer, dest, p.metadata.namespace)))
    && (!rule.ports || rule.ports.some((pt: Any) => pt.port === port && (pt.protocol ?? "TCP") === protocol))));
}

/** May `src` reach pod `dest` on `port` under the ingress policies of dest's namespace? */
export function ingressAllowed(policies: Any[], src: Peer, dest: Peer, port: number): boolean {
  const mine = policies.filter((p) => p.metadata.namespace === dest.namespace && (p.spec.policyTypes ?? ["Ingress"]).includes("Ingress") && matches(p.spec.podSelector, dest.labels));
  if (mine.length === 0) return true;
  return mine.some((p) => (p.spec.ingress ?? []).some((rule: Any) =>
    (!rule.from || rule.from.some((peer: Any) => peerMatches(peer, src, p.metadata.namespace)))
    && (!rule.ports || rule.ports.some((pt: Any) => pt.port === port))));
}

export const ns = (name: string, extra: Record<string, string> = {}) => ({ namespace: name, nsLabels: { "kubernetes.io/metadata.name": name, ...extra } });
