import { parseAllDocuments, parseDocument } from "yaml";
import { apiEndpointLabel, cloudLabel, endpointSourcesLabel, formatInt, formatRange, formatUsd, jurisdictionLabel, parallelismLabel, placementLabel, upper } from "./markdown";
import type { EndpointInfo, PlacementReview, ReviewModel, SecurityPosture } from "./types";

/** `weakening` changes make the CLI exit 2. */
export type ChangeSeverity = "weakening" | "strengthening" | "info";

/** One change, in reviewer terms. */
export interface ReviewChange {
  /** Placement id, or `null` for app-wide totals. */
  readonly placement: string | null;
  /** The placement's display name, when it differs from the id (reviewer text shows it instead). */
  readonly placementName?: string;
  /** Machine-readable field name, e.g. `gpus.max`, `posture.apiEndpoint`. */
  readonly field: string;
  readonly severity: ChangeSeverity;
  /** Human text, e.g. `GPUs at max 16 → 32`. */
  readonly text: string;
}

type Str = string | undefined;

/** Order of exposure, least to most open. */
const EXPOSURE_RANK: Readonly<Record<string, number>> = { cluster: 0, private: 1, public: 2 };
const API_RANK: Readonly<Record<string, number>> = { private: 0, "allow-listed": 1, public: 2 };

const OPEN_CIDRS = new Set(["0.0.0.0/0", "::/0"]);

/** Effective Kubernetes API access: an allow-list holding 0.0.0.0/0 is public. */
function effectiveApi(p: SecurityPosture): Str {
  if (p.apiEndpoint === "allow-listed" && (p.apiAllowedCidrs ?? []).some((c) => OPEN_CIDRS.has(c))) return "public";
  return p.apiEndpoint;
}

/**
 * What changed between two reviews, in reviewer terms. `base` null means there was none (first
 * synth): every head placement is "added" and nothing counts as weakening.
 */
export function diffReviews(base: ReviewModel | null, head: ReviewModel): ReviewChange[] {
  const changes: ReviewChange[] = [];
  const basePlacements = base?.placements ?? [];
  const baseById = new Map(basePlacements.map((p) => [p.id, p]));
  const headById = new Map(head.placements.map((p) => [p.id, p]));
  const named = (p: PlacementReview, c: ReviewChange): ReviewChange => (placementLabel(p) === p.id ? c : { ...c, placementName: placementLabel(p) });
  for (const p of head.placements) {
    const b = baseById.get(p.id);
    if (!b) changes.push(named(p, { placement: p.id, field: "placement", severity: "info", text: `${placementScope(p)}placement added: ${placementLine(p)}` }));
    else changes.push(...diffPlacement(b, p).map((c) => named(p, c)));
  }
  for (const b of basePlacements) {
    if (!headById.has(b.id)) changes.push(named(b, { placement: b.id, field: "placement", severity: "info", text: `${placementScope(b)}placement removed: ${placementLine(b)}` }));
  }
  if (base) {
    const t = (text: string, field: string): void => void changes.push({ placement: null, field, severity: "info", text });
    if (base.totals.gpus.max !== head.totals.gpus.max) t(`total GPUs at max ${formatInt(base.totals.gpus.max)} → ${formatInt(head.totals.gpus.max)}`, "totals.gpus.max");
    if (base.totals.gpus.min !== head.totals.gpus.min) t(`total GPUs at min ${formatInt(base.totals.gpus.min)} → ${formatInt(head.totals.gpus.min)}`, "totals.gpus.min");
    const bc = base.totals.costUsdPerHour;
    const hc = head.totals.costUsdPerHour;
    if (bc?.max !== hc?.max) t(`total estimated cost at max ${usdOrNone(bc?.max)} → ${usdOrNone(hc?.max)} per hour${delta(bc?.max, hc?.max)}`, "totals.cost.max");
    if (bc?.min !== hc?.min) t(`total estimated cost at min ${usdOrNone(bc?.min)} → ${usdOrNone(hc?.min)} per hour${delta(bc?.min, hc?.min)}`, "totals.cost.min");
  }
  return changes;
}

/** `EU ` for placements locked to a jurisdiction, else empty. */
function placementScope(p: PlacementReview): string {
  return p.jurisdiction ? `${jurisdictionLabel(p.jurisdiction)} ` : "";
}

function placementLine(p: PlacementReview): string {
  return `\`${placementLabel(p)}\` (${cloudLabel(p.cloud)} ${p.region}, ${p.hardware} on ${p.nodeType}, GPUs ${formatRange(p.gpus)}, ${p.modelDisplayName} ${upper(p.precision)})`;
}

function usdOrNone(v: number | undefined): string {
  return v === undefined ? "none" : formatUsd(v);
}

function delta(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined) return " (estimate)";
  const d = Math.round((b - a) * 100) / 100;
  return ` (estimate, ${d >= 0 ? "+" : "-"}${formatUsd(Math.abs(d))})`;
}

function diffPlacement(b: PlacementReview, h: PlacementReview): ReviewChange[] {
  const out: ReviewChange[] = [];
  const id = h.id;
  const add = (field: string, text: string, severity: ChangeSeverity = "info"): void => void out.push({ placement: id, field, severity, text });
  const cmp = (field: string, label: string, from: string, to: string): void => {
    if (from !== to) add(field, `${label} ${from} → ${to}`);
  };
  cmp("name", "placement name", placementLabel(b), placementLabel(h));
  cmp("model", "model", b.modelDisplayName, h.modelDisplayName);
  cmp("hardware", "hardware", b.hardware, h.hardware);
  cmp("nodeType", "node type", b.nodeType, h.nodeType);
  cmp("nodesPerReplica", "nodes per replica", String(b.nodesPerReplica), String(h.nodesPerReplica));
  cmp("zones", "zones", b.zones.join(", "), h.zones.join(", "));
  if (b.jurisdiction !== h.jurisdiction) {
    add("jurisdiction", `jurisdiction ${jurisdictionLabel(b.jurisdiction)} → ${jurisdictionLabel(h.jurisdiction)}${h.jurisdiction === null ? " (region lock removed)" : ""}`, h.jurisdiction === null ? "weakening" : "info");
  }
  cmp("replicas", "replicas", formatRange(b.replicas), formatRange(h.replicas));
  cmp("nodes", "nodes", formatRange(b.nodes), formatRange(h.nodes));
  cmp("gpus.min", "GPUs at min", formatInt(b.gpus.min), formatInt(h.gpus.min));
  cmp("gpus.max", "GPUs at max", formatInt(b.gpus.max), formatInt(h.gpus.max));
  cmp("parallelism", "parallel layout", parallelismLabel(b), parallelismLabel(h));
  cmp("checkpoint", "checkpoint", b.checkpoint, h.checkpoint);
  // Older review.json files have no revision; treat that as unknown rather than a change.
  if (b.checkpointRevision !== undefined) cmp("checkpointRevision", "checkpoint revision", b.checkpointRevision, h.checkpointRevision);
  cmp("precision", "precision", upper(b.precision), upper(h.precision));
  cmp("kvCacheDtype", "KV cache dtype", upper(b.kvCacheDtype), upper(h.kvCacheDtype));
  cmp("kvCapacityTokens.perReplica", "KV capacity per replica", `${formatInt(b.kvCapacityTokens.perReplica)} tokens`, `${formatInt(h.kvCapacityTokens.perReplica)} tokens`);
  cmp("maxSeqLen", "max sequence", `${formatInt(b.maxSeqLen)} tokens`, `${formatInt(h.maxSeqLen)} tokens`);
  cmp("mode", "serving mode", b.mode, h.mode);
  cmp("capacityKind", "capacity", b.capacityKind, h.capacityKind);
  cmp("stacks", "stacks", b.stacks.join(", ") || "not reported", h.stacks.join(", ") || "not reported");

  // The inference endpoint.
  const be = b.endpoint?.exposure;
  const he = h.endpoint?.exposure;
  if (be !== he) {
    if (he === undefined) add("endpoint", `inference endpoint no longer reported (was ${be})`);
    else if (be === undefined) add("endpoint", `inference endpoint is ${he}${sourcesSuffix(h.endpoint)} (was not reported)`, he === "public" ? "weakening" : "info");
    else if (EXPOSURE_RANK[he] > EXPOSURE_RANK[be]) add("endpoint", `inference endpoint became ${he}${sourcesSuffix(h.endpoint)} (was ${be})`, "weakening");
    else add("endpoint", `inference endpoint became ${he} (was ${be})`, "strengthening");
  } else {
    if (b.endpoint?.address !== h.endpoint?.address) add("endpoint.address", `inference endpoint address ${b.endpoint?.address ?? "not shown"} → ${h.endpoint?.address ?? "not shown"}`);
    if (he === "public") out.push(...diffEndpointSources(id, b.endpoint!, h.endpoint!));
  }
  out.push(...diffPosture(id, b.posture, h.posture, h.cloud));

  // Overridden defaults.
  for (const o of h.overridden) if (!b.overridden.includes(o)) add("overridden", `default overridden: ${o}`);
  for (const o of b.overridden) if (!h.overridden.includes(o)) add("overridden", `override removed: ${o}`);

  // Cost.
  const bc = b.cost;
  const hc = h.cost;
  if (bc?.usdPerHourAtMax !== hc?.usdPerHourAtMax) add("cost.max", `estimated cost at max ${usdOrNone(bc?.usdPerHourAtMax)} → ${usdOrNone(hc?.usdPerHourAtMax)} per hour${delta(bc?.usdPerHourAtMax, hc?.usdPerHourAtMax)}`);
  if (bc?.usdPerHourAtMin !== hc?.usdPerHourAtMin) add("cost.min", `estimated cost at min ${usdOrNone(bc?.usdPerHourAtMin)} → ${usdOrNone(hc?.usdPerHourAtMin)} per hour${delta(bc?.usdPerHourAtMin, hc?.usdPerHourAtMin)}`);
  return out;
}

/** ` (open to the whole internet)` / ` (allowed from …)` for a public endpoint whose sources are reported. */
function sourcesSuffix(e: EndpointInfo | null): string {
  const label = endpointSourcesLabel(e);
  return label === undefined ? "" : ` (${label.replace(/\*\*/g, "")})`;
}

/** The whole internet: no allow-list, or one holding 0.0.0.0/0 or ::/0. */
function openToInternet(cidrs: readonly string[]): boolean {
  return cidrs.length === 0 || cidrs.some((c) => OPEN_CIDRS.has(c));
}

/**
 * Changes to who may reach a public inference endpoint. Removing the allow-list (the whole
 * internet) or adding a range not inside the old ones is a `weakening`.
 */
export function diffEndpointSources(id: string | null, b: EndpointInfo, h: EndpointInfo): ReviewChange[] {
  const out: ReviewChange[] = [];
  const add = (text: string, severity: ChangeSeverity): void => void out.push({ placement: id, field: "endpoint.allowedSourceCidrs", severity, text });
  const bc = b.allowedSourceCidrs;
  const hc = h.allowedSourceCidrs;
  if (hc === undefined) {
    if (bc !== undefined) add(`inference endpoint allow-list no longer reported (was ${openToInternet(bc) ? "the whole internet" : bc.join(", ")})`, "info");
    return out;
  }
  if (bc === undefined) {
    // A base from before the allow-list was reported: judge the head on its own.
    if (openToInternet(hc)) add("inference endpoint is open to the whole internet (allow-list was not reported)", "weakening");
    else add(`inference endpoint allowed from ${hc.join(", ")} (allow-list was not reported)`, "info");
    return out;
  }
  const bOpen = openToInternet(bc);
  const hOpen = openToInternet(hc);
  if (bOpen && hOpen) return out;
  if (hOpen) add(`inference endpoint allow-list removed: open to the whole internet (was ${bc.join(", ")})`, "weakening");
  else if (bOpen) add(`inference endpoint restricted to ${hc.join(", ")} (was the whole internet)`, "strengthening");
  else {
    const widened = hc.filter((c) => !bc.some((outer) => cidrContains(outer, c)));
    const narrowed = bc.filter((c) => !hc.some((outer) => cidrContains(outer, c)));
    if (widened.length) add(`inference endpoint allow-list widened: ${widened.join(", ")} added`, "weakening");
    if (narrowed.length) add(`inference endpoint allow-list narrowed: ${narrowed.join(", ")} removed`, "strengthening");
  }
  return out;
}

/**
 * The head judged against an unknown base (the base synth failed): every open or unprotected
 * setting is a `weakening`, since nothing shows it was so before.
 */
export function diffAgainstUnknown(head: ReviewModel): ReviewChange[] {
  const out: ReviewChange[] = [];
  for (const p of head.placements) {
    const add = (field: string, text: string): void => void out.push({ placement: p.id, ...(placementLabel(p) === p.id ? {} : { placementName: placementLabel(p) }), field, severity: "weakening", text });
    if (p.endpoint?.exposure === "public") add("endpoint", `inference endpoint is public${sourcesSuffix(p.endpoint)} and the base is unknown`);
    const api = effectiveApi(p.posture);
    if (api !== undefined && api !== "private") add("posture.apiEndpoint", `Kubernetes API endpoint is ${api === "public" ? "public" : apiEndpointLabel(p.posture)} and the base is unknown`);
    for (const change of diffPosture(p.id, {}, { ...p.posture, apiEndpoint: undefined, checksEnabled: undefined }, p.cloud)) {
      if (change.severity === "weakening") add(change.field, `${change.text.replace(/ \(was not reported\)$/, "")} and the base is unknown`);
    }
  }
  return out;
}

/** Security posture changes; any loosening is a `weakening`. `cloud` words the node-metadata line. */
export function diffPosture(id: string | null, b: SecurityPosture, h: SecurityPosture, cloud?: string): ReviewChange[] {
  const out: ReviewChange[] = [];
  const add = (field: string, text: string, severity: ChangeSeverity): void => void out.push({ placement: id, field, severity, text });

  const ba = effectiveApi(b);
  const ha = effectiveApi(h);
  if (ba !== ha) {
    if (ha === undefined) add("posture.apiEndpoint", `Kubernetes API endpoint no longer reported (was ${apiEndpointLabel(b)})`, "info");
    else if (ba !== undefined && API_RANK[ha] < API_RANK[ba]) add("posture.apiEndpoint", `Kubernetes API endpoint became ${apiEndpointLabel(h)} (was ${apiEndpointLabel(b)})`, "strengthening");
    else add("posture.apiEndpoint", `Kubernetes API endpoint became ${ha === "public" ? "public" : apiEndpointLabel(h)} (was ${ba === undefined ? "not reported" : apiEndpointLabel(b)})`, ba === undefined && ha === "private" ? "info" : "weakening");
  } else if (ha === "allow-listed") {
    const bc = b.apiAllowedCidrs ?? [];
    const hc = h.apiAllowedCidrs ?? [];
    const widened = hc.filter((c) => !bc.some((outer) => cidrContains(outer, c)));
    const narrowed = bc.filter((c) => !hc.some((outer) => cidrContains(outer, c)));
    if (widened.length) add("posture.apiAllowedCidrs", `Kubernetes API allow-list widened: ${widened.join(", ")} added`, "weakening");
    if (narrowed.length) add("posture.apiAllowedCidrs", `Kubernetes API allow-list narrowed: ${narrowed.join(", ")} removed`, "strengthening");
  }
  const flag = (field: keyof SecurityPosture, offText: string, onText: string): void => {
    const bv = b[field] as boolean | undefined;
    const hv = h[field] as boolean | undefined;
    if (bv === hv) return;
    if (hv === false) add(`posture.${field}`, bv === undefined ? `${offText} (was not reported)` : offText, "weakening");
    else if (hv === true) add(`posture.${field}`, bv === undefined ? `${onText} (was not reported)` : onText, bv === undefined ? "info" : "strengthening");
    else add(`posture.${field}`, `${field} no longer reported (was ${bv ? "on" : "off"})`, "info");
  };
  flag("secretsEncryption", "secrets encryption turned off", "secrets encryption turned on");
  if (cloud === "gcp") flag("imdsV2", "GKE metadata server (Workload Identity) turned off", "GKE metadata server (Workload Identity) turned on");
  else flag("imdsV2", "IMDSv2 no longer required", "IMDSv2 required");
  flag("authentication", "API authentication turned off", "API authentication turned on");
  flag("bucketsPrivate", "buckets allow public access", "buckets made private");
  flag("bucketsEncrypted", "bucket encryption turned off", "bucket encryption turned on");
  if (b.checksEnabled !== undefined || h.checksEnabled !== undefined) {
    const bc = b.checksEnabled ?? [];
    const hc = h.checksEnabled ?? [];
    for (const c of bc) if (!hc.includes(c)) add("posture.checksEnabled", `check \`${c}\` turned off`, "weakening");
    for (const c of hc) if (!bc.includes(c)) add("posture.checksEnabled", `check \`${c}\` turned on`, b.checksEnabled === undefined ? "info" : "strengthening");
  }
  return out;
}

/** Parses an IPv4 or IPv6 address to a bigint and its bit width, or undefined. */
function parseIp(ip: string): { value: bigint; bits: number } | undefined {
  if (ip.includes(":")) {
    const [head, tail, extra] = ip.split("::");
    if (extra !== undefined) return undefined;
    const h = head ? head.split(":") : [];
    const t = tail === undefined ? [] : tail ? tail.split(":") : [];
    const missing = 8 - h.length - t.length;
    if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
    const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...t];
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return { value: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n), bits: 128 };
  }
  const parts = ip.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return { value: parts.reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n), bits: 32 };
}

/** True when CIDR `outer` contains every address of CIDR `inner`. Unparseable: equal strings only. */
export function cidrContains(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  const [oa, opl] = outer.split("/");
  const [ia, ipl] = inner.split("/");
  const o = parseIp(oa);
  const i = parseIp(ia);
  if (!o || !i || o.bits !== i.bits) return false;
  const op = Number(opl);
  const ip = Number(ipl);
  if (!Number.isInteger(op) || !Number.isInteger(ip) || op > o.bits || ip > i.bits || op > ip) return false;
  const shift = BigInt(o.bits - op);
  return o.value >> shift === i.value >> shift;
}

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

/** Whether any change weakens the security posture. */
export function weakens(changes: readonly ReviewChange[]): boolean {
  return changes.some((c) => c.severity === "weakening");
}
