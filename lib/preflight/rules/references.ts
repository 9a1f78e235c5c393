import type { Finding, K8sObject, Rule, StackView, SynthView } from "../types";
import { describe, infraOf, objectsOf } from "../types";
import { podSpecs } from "./scheduling";

/**
 * Gateway API hostname intersection (gateway-api apis/v1 HTTPRouteSpec.hostnames): a listener
 * without a hostname admits every name; `*.example.com` admits one or more labels in front of
 * example.com; otherwise the names must be equal. A route without hostnames matches any listener.
 */
export function hostnamesIntersect(listener: string | undefined, routeHostnames: readonly string[] | undefined): boolean {
  if (!listener || !routeHostnames || routeHostnames.length === 0) return true;
  const one = (a: string, b: string) => {
    if (a === b) return true;
    if (a.startsWith("*.")) return b.endsWith(a.slice(1)) && b.length > a.length - 1;
    if (b.startsWith("*.")) return a.endsWith(b.slice(1)) && a.length > b.length - 1;
    return false;
  };
  return routeHostnames.some((h) => one(listener, h));
}

type Ctr = { env?: { valueFrom?: { secretKeyRef?: { name: string }; configMapKeyRef?: { name: string } } }[]; envFrom?: { secretRef?: { name: string } }[] };
const key = (o: K8sObject) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/**
 * Names resolve: Service selectors match a pod template; HTTPRoute parentRefs attach to a listener
 * (by section name and hostname) and backendRefs exist; every Secret a pod or policy reads exists
 * or is produced by an ExternalSecret; every ServiceAccount a pod runs as exists (created by us or
 * by a chart release that creates it); every mounted ConfigMap exists; every EKS Pod Identity
 * association names a ServiceAccount that exists.
 */
export const references: Rule = {
  id: "references",
  proves: "Service selectors, HTTPRoute parentRefs/backendRefs, Secrets (or ExternalSecrets), ServiceAccounts (with their cloud identity) and ConfigMaps resolve",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) out.push(...checkStack(view, stack, this.id));
    return out;
  },
};

function checkStack(view: SynthView, stack: StackView, rule: string): Finding[] {
  const out: Finding[] = [];
  const all = objectsOf(stack).map((x) => x.object);
  if (all.length === 0) return out;
  const have = new Set(all.map(key));
  const exists = (kind: string, ns: string | undefined, name: string) => have.has(`${kind}/${ns ?? ""}/${name}`);
  // Secrets produced by ExternalSecrets (spec.target.name, default: the ExternalSecret's name).
  const produced = new Set(all.filter((o) => o.kind === "ExternalSecret").map((o) => `${o.metadata.namespace}/${((o.spec as { target?: { name?: string } }).target?.name) ?? o.metadata.name}`));
  // ServiceAccounts charts create (releases whose values name one: serviceAccount.name).
  // (`serviceAccount`, or `rbac.serviceAccount` as in the cluster-autoscaler chart).
  const chartAccounts = new Set(stack.releases.flatMap((r) => [r.values.serviceAccount,
    (r.values.rbac as { serviceAccount?: unknown } | undefined)?.serviceAccount].flatMap((v) => {
    const sa = v as { create?: boolean; name?: string } | undefined;
    return sa?.name && sa.create !== false ? [`${r.namespace}/${sa.name}`] : [];
  })));
  const push = (o: K8sObject, field: string, why: string, fix: string) => out.push({ rule, stack: stack.name, object: describe(o), field, why, fix });

  const pods = all.flatMap((o) => podSpecs(o).map((p) => ({ o, ...p, labels: podLabels(o, p.at) })));
  for (const o of all) {
    const ns = o.metadata.namespace;
    if (o.kind === "Service") {
      const sel = (o.spec as { selector?: Record<string, string> }).selector;
      if (sel && Object.keys(sel).length && !pods.some((p) => p.o.metadata.namespace === ns && Object.entries(sel).every(([k, v]) => p.labels[k] === v))) {
        push(o, "spec.selector", `selects ${JSON.stringify(sel)}, and no pod template in ${ns} carries those labels: the Service has no endpoints`, "make the selector match the workload's pod labels");
      }
    }
    if (o.kind === "HTTPRoute") {
      const spec = o.spec as { hostnames?: string[]; parentRefs?: { name: string; namespace?: string; sectionName?: string; kind?: string }[];
        rules?: { backendRefs?: { kind?: string; name: string; namespace?: string }[] }[] };
      (spec.parentRefs ?? []).forEach((ref, i) => {
        if (ref.kind && ref.kind !== "Gateway") return;
        const gw = all.find((g) => g.kind === "Gateway" && g.metadata.name === ref.name && g.metadata.namespace === (ref.namespace ?? ns));
        if (!gw) { push(o, `spec.parentRefs.${i}`, `Gateway ${ref.namespace ?? ns}/${ref.name} does not exist in this stack`, "point the route at the Gateway that serves it"); return; }
        const listeners = ((gw.spec as { listeners?: { name: string; hostname?: string;
          allowedRoutes?: { namespaces?: { from?: string } } }[] }).listeners ?? []).filter((l) => !ref.sectionName || l.name === ref.sectionName);
        if (listeners.length === 0) { push(o, `spec.parentRefs.${i}.sectionName`, `${describe(gw)} has no listener "${ref.sectionName}"`, "name an existing listener"); return; }
        const ok = listeners.filter((l) => hostnamesIntersect(l.hostname, spec.hostnames) && (l.allowedRoutes?.namespaces?.from !== "Same" || gw.metadata.namespace === ns));
        if (ok.length === 0) push(o, `spec.parentRefs.${i}`, `no listener of ${describe(gw)}${ref.sectionName ? ` named ${ref.sectionName}` : ""} admits this route (hostnames ${JSON.stringify(spec.hostnames ?? [])} vs ${listeners.map((l) => l.hostname ?? "*").join(", ")}, or allowedRoutes)`, "match the listener's hostname and allowed namespaces");
      });
      (spec.rules ?? []).forEach((r, i) => (r.backendRefs ?? []).forEach((b, j) => {
        const kind = b.kind ?? "Service";
        if (!exists(kind, b.namespace ?? ns, b.name) && !(kind === "InferencePool" && chartPool(stack, b.namespace ?? ns, b.name))) {
          push(o, `spec.rules.${i}.backendRefs.${j}`, `${kind} ${b.namespace ?? ns}/${b.name} is not created in this stack`, "create the backend or fix its name");
        }
      }));
    }
    for (const p of podSpecs(o)) {
      const spec = p.spec as { serviceAccountName?: string; volumes?: { secret?: { secretName: string }; configMap?: { name: string } }[]; containers?: Ctr[];
        initContainers?: Ctr[] };
      const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
      if (spec.serviceAccountName && spec.serviceAccountName !== "default" && !exists("ServiceAccount", ns, spec.serviceAccountName) && !chartAccounts.has(`${ns}/${spec.serviceAccountName}`)) {
        push(o, `${p.at}.serviceAccountName`, `ServiceAccount ${ns}/${spec.serviceAccountName} is not created: the pod is refused at admission`, "create the ServiceAccount beside the workload");
      }
      const secrets = [
        ...(spec.volumes ?? []).flatMap((v) => (v.secret ? [v.secret.secretName] : [])),
        ...containers.flatMap((c) => [...(c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : [])),
          ...(c.envFrom ?? []).flatMap((e) => (e.secretRef ? [e.secretRef.name] : []))]),
      ];
      for (const s of new Set(secrets)) {
        if (!exists("Secret", ns, s) && !produced.has(`${ns}/${s}`)) push(o, `${p.at}`, `reads Secret ${ns}/${s}, which neither exists nor is produced by an ExternalSecret`, "create it, or an ExternalSecret whose target is that name");
      }
      const maps = [
        ...(spec.volumes ?? []).flatMap((v) => (v.configMap ? [v.configMap.name] : [])),
        ...containers.flatMap((c) => (c.env ?? []).flatMap((e) => (e.valueFrom?.configMapKeyRef ? [e.valueFrom.configMapKeyRef.name] : []))),
      ];
      for (const m of new Set(maps)) {
        if (!exists("ConfigMap", ns, m)) push(o, `${p.at}.volumes`, `mounts ConfigMap ${ns}/${m}, which is not created`, "create the ConfigMap in the same release or one it depends on");
      }
    }
  }
  // Cloud identity: each EKS Pod Identity association names a ServiceAccount that exists.
  const infra = infraOf(view, stack);
  for (const [id, a] of Object.entries(infra?.resources.aws_eks_pod_identity_association ?? {})) {
    const ns = String(a.namespace), sa = String(a.service_account);
    if (!exists("ServiceAccount", ns, sa) && !chartAccounts.has(`${ns}/${sa}`)) {
      out.push({ rule, stack: infra!.name, object: `aws_eks_pod_identity_association.${id}`, field: "service_account", why: `binds ${ns}/${sa}, which the serving stack ${stack.name} does not create: the role reaches no pod`, fix: "name the ServiceAccount the workload runs as" });
    }
  }
  return out;
}

/** InferencePools rendered by the inferencepool chart (named after the release). */
function chartPool(stack: StackView, ns: string | undefined, name: string): boolean {
  return stack.releases.some((r) => r.chart === "inferencepool" && r.name === name && r.namespace === ns);
}

/**
 * Labels a pod template's pods carry: the template's own, plus those the LeaderWorkerSet
 * controller adds (kubernetes-sigs/lws api/leaderworkerset/v1/leaderworkerset_types.go @ v0.10.0:
 * leaderworkerset.sigs.k8s.io/name on all, worker-index "0" on the leader).
 */
export function podLabels(o: K8sObject, at: string): Record<string, string> {
  const s = o.spec as Record<string, any>;
  const path = at.split(".").slice(1, -1); // drop "spec" and the final "spec"
  const template = path.reduce((v, k) => v?.[k], s);
  const own = { ...(template?.metadata?.labels ?? {}) };
  if (o.kind !== "LeaderWorkerSet") return own;
  const leader = at.includes("leaderTemplate") || !s?.leaderWorkerTemplate?.leaderTemplate;
  return { ...own, "leaderworkerset.sigs.k8s.io/name": o.metadata.name, ...(leader ? { "leaderworkerset.sigs.k8s.io/worker-index": "0" } : {}) };
}
