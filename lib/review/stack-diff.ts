import { parseAllDocuments, parseDocument } from "yaml";

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
  /**
   * For each added, changed or removed `helm_release` whose values carry ManifestBundle
   * `manifests`: the Kubernetes objects added, changed and removed (only releases with some).
   */
  readonly objects: Readonly<Record<string, ObjectChanges>>;
}

/** Kubernetes object changes inside one release, objects named `<kind> <namespace>/<name>` (`<kind> <name>` when cluster-scoped). */
export interface ObjectChanges {
  readonly added: readonly string[];
  /** Each changed object with the paths whose values differ, e.g. `spec.template.spec.containers`. */
  readonly changed: readonly { readonly object: string; readonly paths: readonly string[] }[];
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

/** The resources and data sources of one `cdk.tf.json`, by address. */
export function stackResources(tfJson: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const doc = (tfJson ?? {}) as Record<string, unknown>;
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
    const objects: Record<string, ObjectChanges> = {};
    for (const a of [...added, ...changed, ...removed]) {
      if (!a.startsWith("helm_release.")) continue;
      const o = diffObjects(bundledObjectsOf(b?.get(a)), bundledObjectsOf(h?.get(a)));
      if (o.added.length + o.changed.length + o.removed.length) objects[a] = o;
    }
    return { stack, status, added, changed, removed, changedAttributes, objects };
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
      const doc = parseDocument(v);
      if (doc.errors.length) continue;
      const js = doc.toJS() as unknown;
      manifests = isObj(js) ? js.manifests : undefined;
    } catch {
      continue;
    }
    if (typeof manifests !== "string") continue;
    for (const d of parseAllDocuments(manifests)) {
      if (!("errors" in d) || d.errors.length) continue;
      const o = d.toJS() as unknown;
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
    return [{ object: k, paths: paths.length > MAX_PATHS_PER_OBJECT ? [...paths.slice(0, MAX_PATHS_PER_OBJECT), `… ${paths.length - MAX_PATHS_PER_OBJECT} more`] : paths }];
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
