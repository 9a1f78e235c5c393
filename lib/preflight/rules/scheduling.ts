import type { Finding, K8sObject, NodePool, Rule, StackView } from "../types";
import { describe, infraOf } from "../types";
import { chartDigest } from "../upstream";
import { deepMerge, isMap } from "../view";

type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
type Expr = { key: string; operator: string; values?: string[] };
export interface PodPlacement {
  readonly nodeSelector?: Record<string, string>;
  readonly affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchExpressions?: Expr[] }[] } } };
  readonly tolerations?: Toleration[];
  /** Summed requests (limits where a request is unset), Kubernetes quantities parsed. */
  readonly requests: Record<string, number>;
}

/**
 * Where each upstream chart keeps its workload's scheduling values (the chart's values.yaml;
 * upstream/charts/<id>.json records the defaults). Charts not listed are controllers with their
 * own nested layouts that run on the system pool with no selector.
 */
const CHART_WORKLOADS: Record<string, { name: string; at: string[] }[]> = {
  "nvidia-device-plugin": [{ name: "DaemonSet nvidia-device-plugin", at: [] }],
  "aws-efa-k8s-device-plugin": [{ name: "DaemonSet aws-efa-k8s-device-plugin", at: [] }],
  inferencepool: [{ name: "Deployment <release>-epp", at: ["inferenceExtension"] }],
  "external-secrets": [{ name: "Deployment external-secrets", at: [] }],
  "cert-manager": [{ name: "Deployment cert-manager", at: [] }],
  "cluster-autoscaler": [{ name: "Deployment cluster-autoscaler", at: [] }],
  keda: [{ name: "Deployment keda-operator", at: [] }],
  prometheus: [{ name: "Deployment prometheus-server", at: ["server"] }],
};

/**
 * The Kubernetes scheduler's node filters, offline: a pod fits a node pool when every nodeSelector
 * label is on the pool's nodes, a required node-affinity term matches (terms ORed, expressions
 * ANDed; kubernetes.io docs "Assigning Pods to Nodes"), every NoSchedule/NoExecute taint is
 * tolerated ("Taints and Tolerations"), and its requests fit the node type's allocatable.
 */
export function fits(pod: PodPlacement, pool: NodePool): string[] {
  const why: string[] = [];
  for (const [k, v] of Object.entries(pod.nodeSelector ?? {})) {
    if (pool.labels[k] !== v) why.push(`nodeSelector ${k}=${v} (node has ${pool.labels[k] ?? "no such label"})`);
  }
  const terms = pod.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && terms.length > 0 && !terms.some((t) => (t.matchExpressions ?? []).every((e) => matches(e, pool.labels)))) {
    why.push(`required node affinity on ${[...new Set(terms.flatMap((t) => (t.matchExpressions ?? []).map((e) => e.key)))].join(" | ")} matches no label of the node`);
  }
  for (const taint of pool.taints) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (!(pod.tolerations ?? []).some((t) => tolerates(t, taint))) why.push(`taint ${taint.key}=${taint.value ?? ""}:${taint.effect} not tolerated`);
  }
  for (const [resource, amount] of Object.entries(pod.requests)) {
    const have = pool.allocatable[resource] ?? 0;
    if (amount > have) why.push(`requests ${resource} ${fmt(resource, amount)} > allocatable ${fmt(resource, have)} on ${pool.nodeType}`);
  }
  return why;
}

function matches(e: Expr, labels: Readonly<Record<string, string>>): boolean {
  const v = labels[e.key];
  switch (e.operator) {
    case "In": return v !== undefined && (e.values ?? []).includes(v);
    case "NotIn": return v === undefined || !(e.values ?? []).includes(v);
    case "Exists": return v !== undefined;
    case "DoesNotExist": return v === undefined;
    case "Gt": return v !== undefined && Number(v) > Number(e.values?.[0]);
    case "Lt": return v !== undefined && Number(v) < Number(e.values?.[0]);
    default: return false;
  }
}

function tolerates(t: Toleration, taint: { key: string; value?: string; effect: string }): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === "Exists") return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? "") === (taint.value ?? "");
}

const SUFFIX: Record<string, number> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };
/** A Kubernetes quantity ("500m", "8Gi", 4) as a number. */
export function quantity(q: unknown): number {
  if (typeof q === "number") return q;
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q).trim());
  if (!m) return NaN;
  return Number(m[1]) * (m[2] ? SUFFIX[m[2]] ?? NaN : 1);
}
const fmt = (r: string, n: number) => (r === "cpu" ? `${Math.round(n * 1000) / 1000}` : /memory|storage|hugepages/.test(r) ? `${(n / 1024 ** 3).toFixed(1)}Gi` : String(n));

type PodSpec = { nodeSelector?: Record<string, string>; affinity?: PodPlacement["affinity"]; tolerations?: Toleration[]; containers?: Container[]; initContainers?: Container[] };
type Container = { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } };

function requestsOf(containers: Container[] = []): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const c of containers) {
    const req = { ...(c.resources?.limits ?? {}), ...(c.resources?.requests ?? {}) };
    for (const [k, v] of Object.entries(req)) sum[k] = (sum[k] ?? 0) + quantity(v);
  }
  return sum;
}

export function placementOf(spec: PodSpec): PodPlacement {
  const main = requestsOf(spec.containers);
  // Init containers run one at a time before the others: the pod needs the larger of the two.
  for (const c of spec.initContainers ?? []) for (const [k, v] of Object.entries(requestsOf([c]))) main[k] = Math.max(main[k] ?? 0, v);
  return { nodeSelector: spec.nodeSelector, affinity: spec.affinity, tolerations: spec.tolerations, requests: main };
}

/** Pod templates of a workload object (LeaderWorkerSet: leader and worker). */
export function podSpecs(o: K8sObject): { at: string; spec: PodSpec }[] {
  const s = (o.spec ?? {}) as Record<string, any>;
  switch (o.kind) {
    case "Deployment": case "StatefulSet": case "DaemonSet": case "Job": case "ReplicaSet":
      return s.template?.spec ? [{ at: "spec.template.spec", spec: s.template.spec }] : [];
    case "CronJob":
      return s.jobTemplate?.spec?.template?.spec ? [{ at: "spec.jobTemplate.spec.template.spec", spec: s.jobTemplate.spec.template.spec }] : [];
    case "LeaderWorkerSet": {
      const t = s.leaderWorkerTemplate ?? {};
      return [
        ...(t.leaderTemplate?.spec ? [{ at: "spec.leaderWorkerTemplate.leaderTemplate.spec", spec: t.leaderTemplate.spec }] : []),
        ...(t.workerTemplate?.spec ? [{ at: "spec.leaderWorkerTemplate.workerTemplate.spec", spec: t.workerTemplate.spec }] : []),
      ];
    }
    default: return [];
  }
}

/** Pools a serving stack's pods can land on: its placement's infra stack. */
export function poolsFor(view: { stacks: readonly StackView[] }, stack: StackView): readonly NodePool[] {
  return infraOf(view as never, stack)?.nodePools ?? stack.nodePools;
}

export const scheduling: Rule = {
  id: "scheduling",
  proves: "every workload we deploy, and every chart workload (its defaults merged with our values), fits a planned node pool",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      const pools = poolsFor(view, stack);
      if (pools.length === 0) continue; // no infra of ours (a consumer's own cluster)
      const judge = (object: string, field: string, pod: PodPlacement) => {
        const verdicts = pools.map((p) => ({ p, why: fits(pod, p) }));
        if (verdicts.some((v) => v.why.length === 0)) return;
        const best = verdicts.reduce((a, b) => (b.why.length < a.why.length ? b : a));
        out.push({
          rule: this.id, stack: stack.name, object, field,
          why: `fits no planned node pool; closest ${best.p.address} (${best.p.nodeType}): ${best.why.join("; ")}`,
          fix: "set nodeSelector/affinity/tolerations the pool satisfies and requests its node type can hold, or plan a pool that can run it",
        });
      };
      for (const r of stack.releases) {
        for (const o of r.objects) for (const { at, spec } of podSpecs(o)) judge(`${r.address} ${describe(o)}`, at, placementOf(spec));
        for (const w of CHART_WORKLOADS[r.chart] ?? []) {
          const d = chartDigest(r.chart);
          if (!d) continue;
          const ours = w.at.reduce<unknown>((v, k) => (isMap(v) ? v[k] : undefined), r.values);
          const defaults = (w.at.length ? (d.workloads ?? []).find((x) => x.at.join(".") === w.at.join("."))?.defaults : d.defaults) ?? {};
          const merged = deepMerge(defaults as Record<string, unknown>, isMap(ours) ? ours : {}) as PodSpec & { resources?: Container["resources"] };
          judge(`${r.address} ${w.name.replace("<release>", r.name)}`, `values${w.at.length ? `.${w.at.join(".")}` : ""}`, {
            nodeSelector: merged.nodeSelector, affinity: merged.affinity, tolerations: merged.tolerations, requests: requestsOf([{ resources: merged.resources }]),
          });
        }
      }
    }
    return out;
  },
};
