import { parseDocument } from "yaml";
import { readYamlDocuments } from "../internal/yaml-documents";
import { forcesReplacement, replacementCondition, rollsNodes } from "./force-new";

// Resource-level and Kubernetes-object-level diffs of two synthesized apps (cdk.tf.json stacks).

/** Resource-level changes of one stack. */
export interface StackDiff {
  readonly stack: string;
  readonly status: "added" | "removed" | "changed" | "unchanged";
  /** Addresses `<type>.<name>` (resources) or `data.<type>.<name>` (data sources). */
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  /** For each changed address, the top-level attributes whose configuration differs. */
  readonly changedAttributes: Readonly<Record<string, readonly string[]>>;
  /** For each changed address, every changed value (leaf paths) with its old and new value. */
  readonly changes?: Readonly<Record<string, readonly AttributeChange[]>>;
  /** Changed addresses Terraform replaces (destroy, then create), with the attribute that forces it. */
  readonly replaced?: Readonly<Record<string, string>>;
  /** Changed addresses the provider replaces only in some cases (see `replaced` for certain ones), with the case. */
  readonly mayBeReplaced?: Readonly<Record<string, string>>;
  /** Changed node pools whose in-place update still recreates their nodes, with why. */
  readonly rolled?: Readonly<Record<string, string>>;
  /**
   * For each added, changed or removed `helm_release` whose values carry ManifestBundle
   * `manifests`: the Kubernetes objects added, changed and removed (only releases with some).
   */
  readonly objects: Readonly<Record<string, ObjectChanges>>;
}

/** One changed value: where, and its old and new value (`undefined` when absent on that side). */
export interface AttributeChange {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
}

/** Kubernetes object changes inside one release, objects named `<kind> <namespace>/<name>` (`<kind> <name>` when cluster-scoped). */
export interface ObjectChanges {
  readonly added: readonly string[];
  /**
   * Each changed object with the paths whose values differ, e.g. `spec.template.spec.containers`,
   * their old and new values, and whether the change restarts the object's pods.
   */
  readonly changed: readonly { readonly object: string; readonly paths: readonly string[]; readonly values?: readonly AttributeChange[]; readonly restarts?: boolean }[];
  readonly removed: readonly string[];
}

/** Stack name -> resource address -> canonical JSON of its configuration. */
export type StackResources = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Canonical JSON: sorted keys, cdktf `//` metadata dropped (it holds construct paths, not configuration). */
export function canonicalJson(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(norm);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.keys(v).filter((k) => k !== "//").sort().map((k) => [k, norm((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(norm(value));
}

/**
 * The resources and data sources of one `cdk.tf.json`, by address; also its variables
 * (`var.<name>`), outputs (`output.<name>`), locals (`local.<name>`), providers
 * (`provider.<type>`) and `terraform` block, so a change anywhere in the stack shows.
 */
export function stackResources(tfJson: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const doc = (tfJson ?? {}) as Record<string, unknown>;
  for (const [section, prefix] of [["variable", "var."], ["output", "output."], ["locals", "local."], ["provider", "provider."]] as const) {
    const byName = doc[section];
    if (byName === null || typeof byName !== "object") continue;
    for (const [name, config] of Object.entries(byName as Record<string, unknown>)) out.set(`${prefix}${name}`, canonicalJson(config));
  }
  if (doc.terraform !== undefined) out.set("terraform", canonicalJson(doc.terraform));
  for (const [section, prefix] of [["resource", ""], ["data", "data."]] as const) {
    const byType = doc[section];
    if (byType === null || typeof byType !== "object") continue;
    for (const [type, byName] of Object.entries(byType as Record<string, unknown>)) {
      if (byName === null || typeof byName !== "object") continue;
      for (const [name, config] of Object.entries(byName as Record<string, unknown>)) out.set(`${prefix}${type}.${name}`, canonicalJson(config));
    }
  }
  return out;
}

/** Resource adds, changes and removals per stack. Pure; stacks sorted by name. */
export function diffStackResources(base: StackResources, head: StackResources): StackDiff[] {
  const names = [...new Set([...base.keys(), ...head.keys()])].sort();
  return names.map((stack) => {
    const b = base.get(stack);
    const h = head.get(stack);
    const added = h ? [...h.keys()].filter((a) => !b?.has(a)).sort() : [];
    const removed = b ? [...b.keys()].filter((a) => !h?.has(a)).sort() : [];
    const changed = b && h ? [...h.keys()].filter((a) => b.has(a) && b.get(a) !== h.get(a)).sort() : [];
    const status = !b ? "added" : !h ? "removed" : added.length + removed.length + changed.length ? "changed" : "unchanged";
    const changedAttributes = Object.fromEntries(changed.map((a) => [a, changedKeys(b!.get(a)!, h!.get(a)!)]));
    const changes = Object.fromEntries(changed.map((a) => [a, leafChanges(readableConfig(a, b!.get(a)!), readableConfig(a, h!.get(a)!), "")]));
    const replaced: Record<string, string> = {};
    const rolled: Record<string, string> = {};
    const mayBeReplaced: Record<string, string> = {};
    for (const a of changed) {
      const type = resourceType(a);
      const forcing = changes[a].map((c) => forcesReplacement(type, c.path)).find((x) => x !== undefined);
      if (forcing) replaced[a] = forcing;
      const condition = changes[a].map((c) => replacementCondition(type, c.path)).find((x) => x !== undefined);
      if (!forcing && condition) mayBeReplaced[a] = condition;
      const roll = changes[a].map((c) => rollsNodes(type, c.path)).find((x) => x !== undefined);
      if (!forcing && roll) rolled[a] = roll;
    }
    const objects: Record<string, ObjectChanges> = {};
    for (const a of [...added, ...changed, ...removed]) {
      if (!a.startsWith("helm_release.")) continue;
      const o = diffObjects(bundledObjectsOf(b?.get(a)), bundledObjectsOf(h?.get(a)));
      if (o.added.length + o.changed.length + o.removed.length) objects[a] = o;
    }
    return { stack, status, added, changed, removed, changedAttributes, changes, replaced, mayBeReplaced, rolled, objects };
  });
}

/** Top-level keys whose values differ between two canonical JSON objects. */
function changedKeys(a: string, b: string): string[] {
  const x = JSON.parse(a) as unknown;
  const y = JSON.parse(b) as unknown;
  if (x === null || y === null || typeof x !== "object" || typeof y !== "object" || Array.isArray(x) || Array.isArray(y)) return [];
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  return [...new Set([...Object.keys(xo), ...Object.keys(yo)])].sort().filter((k) => JSON.stringify(xo[k]) !== JSON.stringify(yo[k]));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * The Kubernetes objects a `helm_release` installs through its `manifests` value (how
 * ManifestBundle passes them), keyed `<kind> <namespace>/<name>`. Empty for other releases or
 * values that are not YAML (e.g. unresolved tokens).
 */
export function bundledObjectsOf(canonicalConfig: string | undefined): Map<string, Obj> {
  const out = new Map<string, Obj>();
  if (canonicalConfig === undefined) return out;
  const config = JSON.parse(canonicalConfig) as unknown;
  const values = isObj(config) && Array.isArray(config.values) ? config.values : [];
  for (const v of values) {
    if (typeof v !== "string") continue;
    let manifests: unknown;
    try {
      const docs = readYamlDocuments(v, { skipInvalid: true });
      if (docs.length !== 1) continue;
      manifests = isObj(docs[0]) ? docs[0].manifests : undefined;
    } catch {
      continue;
    }
    if (typeof manifests !== "string") continue;
    for (const o of readYamlDocuments(manifests, { skipInvalid: true })) {
      if (!isObj(o) || typeof o.kind !== "string") continue;
      const meta = isObj(o.metadata) ? o.metadata : {};
      const name = typeof meta.name === "string" ? meta.name : "(unnamed)";
      const key = typeof meta.namespace === "string" ? `${o.kind} ${meta.namespace}/${name}` : `${o.kind} ${name}`;
      out.set(key, o);
    }
  }
  return out;
}

/** Paths shown per changed object before the list is cut. */
export const MAX_PATHS_PER_OBJECT = 8;

/** Object adds, changes (with the differing paths) and removals between two sets of bundled objects. */
export function diffObjects(base: ReadonlyMap<string, Obj>, head: ReadonlyMap<string, Obj>): ObjectChanges {
  const added = [...head.keys()].filter((k) => !base.has(k)).sort();
  const removed = [...base.keys()].filter((k) => !head.has(k)).sort();
  const changed = [...head.keys()].filter((k) => base.has(k)).sort().flatMap((k) => {
    const paths = differingPaths(base.get(k), head.get(k), "");
    if (paths.length === 0) return [];
    const values = leafChanges(base.get(k), head.get(k), "");
    return [{
      object: k,
      paths: paths.length > MAX_PATHS_PER_OBJECT ? [...paths.slice(0, MAX_PATHS_PER_OBJECT), `… ${paths.length - MAX_PATHS_PER_OBJECT} more`] : paths,
      values,
      restarts: restartsPods(k, values),
    }];
  });
  return { added, changed, removed };
}

/** Dotted paths where two values differ, descending through maps; arrays and scalars are leaves. */
function differingPaths(a: unknown, b: unknown, at: string): string[] {
  if (isObj(a) && isObj(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((k) => differingPaths(a[k], b[k], at ? `${at}.${k}` : k));
  }
  return canonicalJson(a) === canonicalJson(b) ? [] : [at || "(whole object)"];
}

/** `aws_eks_node_group` of `aws_eks_node_group.x`; `data.aws_x.y` gives `aws_x`. */
function resourceType(address: string): string {
  const parts = address.split(".");
  return parts[0] === "data" ? parts[1] : parts[0];
}

/**
 * Every changed value between two JSON values, as leaf paths with their old and new values.
 * Maps descend by key; lists of objects that all carry a `name` match by it (`containers[trtllm]`),
 * other lists of objects of the same length by index (`[0]`); any other list is one value.
 */
export function leafChanges(a: unknown, b: unknown, at: string): AttributeChange[] {
  if (isObj(a) && isObj(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().flatMap((k) => leafChanges(a[k], b[k], at ? `${at}.${k}` : k));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const named = (xs: unknown[]) => xs.length > 0 && xs.every((x) => isObj(x) && typeof x.name === "string");
    if (named(a) && named(b)) {
      const key = (x: unknown) => (x as Obj).name as string;
      const names = [...new Set([...a.map(key), ...b.map(key)])];
      return names.flatMap((n) => leafChanges(a.find((x) => key(x) === n), b.find((x) => key(x) === n), `${at}[${n}]`));
    }
    if (a.length === b.length && a.every(isObj) && b.every(isObj)) return a.flatMap((x, i) => leafChanges(x, b[i], `${at}[${i}]`));
  }
  return canonicalJson(a) === canonicalJson(b) ? [] : [{ path: at || "(whole object)", from: a, to: b }];
}

/** Workload kinds whose pod template restarts the pods when it changes, and where the template is. */
const POD_TEMPLATES: Readonly<Record<string, readonly string[]>> = {
  Deployment: ["spec.template"], StatefulSet: ["spec.template"], DaemonSet: ["spec.template"], Job: ["spec.template"],
  // LeaderWorkerSet: a change to either template recreates the group (lws.x-k8s.io/v1 LeaderWorkerTemplate).
  LeaderWorkerSet: ["spec.leaderWorkerTemplate"],
};

/** Whether a change to an object restarts its pods: a changed pod template of a workload. */
function restartsPods(object: string, values: readonly AttributeChange[]): boolean {
  const templates = POD_TEMPLATES[object.split(" ")[0]];
  return !!templates && values.some((v) => templates.some((t) => v.path === t || v.path.startsWith(`${t}.`) || v.path.startsWith(`${t}[`)));
}

/** A resource's configuration with a Helm release's `values` documents parsed, so their keys diff one by one. */
function readableConfig(address: string, canonical: string): unknown {
  const config = JSON.parse(canonical) as unknown;
  if (!address.startsWith("helm_release.") || !isObj(config) || !Array.isArray(config.values)) return config;
  const values = config.values.map((v) => {
    if (typeof v !== "string") return v;
    try {
      const doc = parseDocument(v);
      const js = doc.errors.length ? undefined : (doc.toJS() as unknown);
      return isObj(js) ? js : v;
    } catch {
      return v;
    }
  });
  return { ...config, values };
}
