import type { Finding, K8sObject, Rule, StackView } from "../types";
import { describe, objectsOf } from "../types";
import { podLabels } from "./references";
import { podSpecs } from "./scheduling";

type Port = { name?: string; containerPort: number };
type Probe = { httpGet?: { port?: number | string }; tcpSocket?: { port?: number | string }; grpc?: { port?: number } };
type Ctr = {
  name: string; ports?: Port[]; livenessProbe?: Probe; readinessProbe?: Probe; startupProbe?: Probe;
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string; optional?: boolean } } }[];
};
type Items = { items?: { key: string }[]; optional?: boolean };
type Volume = { name: string; secret?: { secretName: string } & Items; configMap?: { name: string } & Items };

/**
 * The keys a Secret will hold, or undefined when they cannot be known offline. A Secret object:
 * its data and stringData. An ExternalSecret's target (external-secrets apis/externalsecrets/v1
 * externalsecret_types.go): with `template.data` and the default mergePolicy Replace, exactly the
 * template's keys; otherwise `data[].secretKey`, open when `dataFrom` or `templateFrom` adds keys.
 */
function secretKeys(all: readonly K8sObject[], ns: string | undefined, name: string): Set<string> | undefined {
  const secret = all.find((o) => o.kind === "Secret" && o.metadata.namespace === ns && o.metadata.name === name);
  if (secret) return new Set([...Object.keys((secret.data as object | undefined) ?? {}), ...Object.keys((secret.stringData as object | undefined) ?? {})]);
  const es = all.find((o) => o.kind === "ExternalSecret" && o.metadata.namespace === ns && (((o.spec as { target?: { name?: string } }).target?.name) ?? o.metadata.name) === name);
  if (!es) return undefined;
  type T = { data?: Record<string, string>; mergePolicy?: string; templateFrom?: unknown[] };
  const spec = es.spec as { data?: { secretKey: string }[]; dataFrom?: unknown[]; target?: { template?: T } };
  const t = spec.target?.template;
  if (t?.templateFrom?.length) return undefined;
  if (t?.data && (t.mergePolicy ?? "Replace") === "Replace") return new Set(Object.keys(t.data));
  if (spec.dataFrom?.length) return undefined;
  return new Set([...(spec.data ?? []).map((d) => d.secretKey), ...Object.keys(t?.data ?? {})]);
}

function configMapKeys(all: readonly K8sObject[], ns: string | undefined, name: string): Set<string> | undefined {
  const cm = all.find((o) => o.kind === "ConfigMap" && o.metadata.namespace === ns && o.metadata.name === name);
  return cm ? new Set([...Object.keys((cm.data as object | undefined) ?? {}), ...Object.keys((cm.binaryData as object | undefined) ?? {})]) : undefined;
}

/**
 * Keys and ports resolve: every Secret / ConfigMap key a container reads (env `secretKeyRef` /
 * `configMapKeyRef`, volume `items`) is a key the object will hold (a missing key keeps the pod in
 * CreateContainerConfigError, or the volume unmounted); every named probe port is a port of that
 * container, every named Service targetPort a port of a pod it selects (else no endpoints), and
 * every HTTPRoute backendRef port a port of its Service (Kubernetes API reference: core/v1
 * EnvVarSource, KeyToPath, ContainerPort, ServicePort; gateway-api BackendRef).
 */
export const keysAndPorts: Rule = {
  id: "keys-and-ports",
  proves: "Secret and ConfigMap keys read by env and volumes exist (ExternalSecret targets included), named probe and Service target ports are declared, HTTPRoute backend ports exist on their Service",
  check(view) {
    return view.stacks.flatMap((s) => checkStack(s, this.id));
  },
};

function checkStack(stack: StackView, rule: string): Finding[] {
  const out: Finding[] = [];
  const all = objectsOf(stack).map((x) => x.object);
  const push = (o: K8sObject, field: string, why: string, fix: string) => out.push({ rule, stack: stack.name, object: describe(o), field, why, fix });
  type Spec = { containers?: Ctr[]; initContainers?: Ctr[]; volumes?: Volume[] };
  const pods = all.flatMap((o) => podSpecs(o).map((p) => ({ o, at: p.at, spec: p.spec as Spec, labels: podLabels(o, p.at) })));
  for (const { o, at, spec } of pods) {
    const ns = o.metadata.namespace;
    const groups: [string, Ctr[]][] = [["initContainers", spec.initContainers ?? []], ["containers", spec.containers ?? []]];
    for (const [group, containers] of groups) {
      containers.forEach((c, i) => {
        (c.env ?? []).forEach((e, j) => {
          const s = e.valueFrom?.secretKeyRef;
          if (s && !s.optional) {
            const keys = secretKeys(all, ns, s.name);
            if (keys && !keys.has(s.key)) push(o, `${at}.${group}.${i}.env.${j}.valueFrom.secretKeyRef.key`, `reads key "${s.key}" of Secret ${ns}/${s.name}, which holds only ${[...keys].join(", ") || "no keys"}: the container never starts (CreateContainerConfigError)`, "read a key the Secret (or its ExternalSecret) produces");
          }
          const m = e.valueFrom?.configMapKeyRef;
          if (m && !m.optional) {
            const keys = configMapKeys(all, ns, m.name);
            if (keys && !keys.has(m.key)) push(o, `${at}.${group}.${i}.env.${j}.valueFrom.configMapKeyRef.key`, `reads key "${m.key}" of ConfigMap ${ns}/${m.name}, which holds only ${[...keys].join(", ") || "no keys"}`, "read a key the ConfigMap holds");
          }
        });
        for (const kind of ["livenessProbe", "readinessProbe", "startupProbe"] as const) {
          const p = c[kind];
          const port = p?.httpGet?.port ?? p?.tcpSocket?.port;
          if (typeof port === "string" && !/^\d+$/.test(port) && !(c.ports ?? []).some((x) => x.name === port)) {
            push(o, `${at}.${group}.${i}.${kind}`, `probes the named port "${port}", which container ${c.name} does not declare: the probe fails and the pod never becomes ready (or restarts)`, "name the port in the container's ports, or probe a number");
          }
        }
      });
    }
    (spec.volumes ?? []).forEach((v, i) => {
      if (v.secret?.items && !v.secret.optional) {
        const keys = secretKeys(all, ns, v.secret.secretName);
        for (const it of v.secret.items) if (keys && !keys.has(it.key)) push(o, `${at}.volumes.${i}.secret.items`, `projects key "${it.key}" of Secret ${ns}/${v.secret.secretName}, which holds only ${[...keys].join(", ")}: the volume never mounts`, "project a key the Secret holds");
      }
      if (v.configMap?.items && !v.configMap.optional) {
        const keys = configMapKeys(all, ns, v.configMap.name);
        for (const it of v.configMap.items) if (keys && !keys.has(it.key)) push(o, `${at}.volumes.${i}.configMap.items`, `projects key "${it.key}" of ConfigMap ${ns}/${v.configMap.name}, which holds only ${[...keys].join(", ")}: the volume never mounts`, "project a key the ConfigMap holds");
      }
    });
  }
  for (const svc of all.filter((o) => o.kind === "Service")) {
    const spec = svc.spec as { selector?: Record<string, string>; ports?: { port: number; targetPort?: number | string }[] };
    const sel = spec.selector;
    if (!sel || Object.keys(sel).length === 0) continue;
    const selected = pods.filter((p) => p.o.metadata.namespace === svc.metadata.namespace && Object.entries(sel).every(([k, v]) => p.labels[k] === v));
    if (selected.length === 0) continue; // references reports a selector matching nothing
    (spec.ports ?? []).forEach((p, i) => {
      if (typeof p.targetPort !== "string" || /^\d+$/.test(p.targetPort)) return;
      const named = selected.some((x) => [...(x.spec.containers ?? [])].some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort)));
      if (!named) push(svc, `spec.ports.${i}.targetPort`, `targets the named port "${p.targetPort}", which no pod it selects declares: the Service gets no endpoints`, "name the container port, or target a number");
    });
  }
  for (const route of all.filter((o) => o.kind === "HTTPRoute")) {
    const rules = (route.spec as { rules?: { backendRefs?: { kind?: string; name: string; namespace?: string; port?: number }[] }[] }).rules ?? [];
    rules.forEach((r, i) => (r.backendRefs ?? []).forEach((b, j) => {
      if ((b.kind ?? "Service") !== "Service" || b.port === undefined) return;
      const svc = all.find((o) => o.kind === "Service" && o.metadata.name === b.name && o.metadata.namespace === (b.namespace ?? route.metadata.namespace));
      const ports = ((svc?.spec as { ports?: { port: number }[] } | undefined)?.ports ?? []).map((p) => p.port);
      if (svc && !ports.includes(b.port)) push(route, `spec.rules.${i}.backendRefs.${j}.port`, `sends to port ${b.port} of Service ${svc.metadata.namespace}/${b.name}, which exposes ${ports.join(", ") || "no port"}: requests fail with 500`, "use a port the Service exposes");
    }));
  }
  return out;
}
