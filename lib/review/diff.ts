import { apiEndpointLabel, cloudLabel, endpointSourcesLabel, formatInt, formatRange, formatUsd, jurisdictionLabel, parallelismLabel, placementLabel, routingLabel, sizingLabel, upper } from "./markdown";
import type { EndpointInfo, GlobalEndpointReview, PlacementReview, ReviewModel, SecurityPosture } from "./types";
import { cidrContains } from "./cidr-contains";


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
 * Which base placement each head placement continues: the same id, else (a base written before
 * placements were keyed `<cluster>/<placement>`) the same stacks, which are what Terraform state
 * is kept by.
 */
export function pairPlacements(
  base: readonly PlacementReview[], head: readonly PlacementReview[],
): { baseOf: Map<PlacementReview, PlacementReview>; paired: Set<PlacementReview> } {
  const baseOf = new Map<PlacementReview, PlacementReview>();
  const paired = new Set<PlacementReview>();
  const pair = (h: PlacementReview, b: PlacementReview | undefined): void => {
    if (!b || paired.has(b)) return;
    baseOf.set(h, b);
    paired.add(b);
  };
  for (const h of head) pair(h, base.find((b) => b.id === h.id));
  const stacksKey = (p: PlacementReview): string => [...p.stacks].sort().join("\n");
  for (const h of head) {
    if (baseOf.has(h) || h.stacks.length === 0) continue;
    pair(h, base.find((b) => !paired.has(b) && !head.some((o) => o.id === b.id) && stacksKey(b) === stacksKey(h)));
  }
  return { baseOf, paired };
}

/**
 * What changed between two reviews, in reviewer terms. `base` null means there was none (first
 * synth): every head placement is "added" and nothing counts as weakening.
 */
export function diffReviews(base: ReviewModel | null, head: ReviewModel): ReviewChange[] {
  const changes: ReviewChange[] = [];
  const basePlacements = base?.placements ?? [];
  const pairs = pairPlacements(basePlacements, head.placements);
  const named = (p: PlacementReview, c: ReviewChange): ReviewChange => (placementLabel(p) === p.id ? c : { ...c, placementName: placementLabel(p) });
  for (const p of head.placements) {
    const b = pairs.baseOf.get(p);
    if (!b) changes.push(named(p, { placement: p.id, field: "placement", severity: "info", text: `${placementScope(p)}placement added: ${placementLine(p)}` }));
    else changes.push(...diffPlacement(b, p).map((c) => named(p, c)));
  }
  for (const b of basePlacements) {
    if (!pairs.paired.has(b)) changes.push(named(b, { placement: b.id, field: "placement", severity: "info", text: `${placementScope(b)}placement removed: ${placementLine(b)}` }));
  }
  if (base) changes.push(...diffEndpoints(base.endpoints, head.endpoints));
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
  // Reviews from before sizing was reported lack it: unknown, not a change.
  if (b.sizing !== undefined) cmp("sizing", "sizing:", sizingLabel(b), sizingLabel(h));
  if (b.timeouts && h.timeouts) {
    cmp("timeouts.requestTimeoutSeconds", "gateway request timeout", `${formatInt(b.timeouts.requestTimeoutSeconds)} s`, `${formatInt(h.timeouts.requestTimeoutSeconds)} s`);
    cmp("timeouts.drainBudgetSeconds", "server drain", `${formatInt(b.timeouts.drainBudgetSeconds)} s`, `${formatInt(h.timeouts.drainBudgetSeconds)} s`);
    cmp("timeouts.terminationGracePeriodSeconds", "termination grace", `${formatInt(b.timeouts.terminationGracePeriodSeconds)} s`, `${formatInt(h.timeouts.terminationGracePeriodSeconds)} s`);
  }
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
  } else if (ha === "allow-listed" && b.apiAllowedCidrsVariable !== h.apiAllowedCidrsVariable) {
    // The allow-list moved between the synth and a deploy-time variable.
    if (h.apiAllowedCidrsVariable) add("posture.apiAllowedCidrsVariable", `Kubernetes API allow-list now given at deploy in \`var.${h.apiAllowedCidrsVariable}\` (was ${apiEndpointLabel(b)})`, "weakening");
    else add("posture.apiAllowedCidrsVariable", `Kubernetes API allow-list now in the synth: ${apiEndpointLabel(h)} (was given at deploy in \`var.${b.apiAllowedCidrsVariable}\`)`, "info");
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
  // Pod Security of the serving namespace: a higher enforced level admits more privileged pods.
  const bp = b.podSecurity?.level;
  const hp = h.podSecurity?.level;
  if (bp && hp && bp !== hp) {
    const rank = { restricted: 0, baseline: 1, privileged: 2 } as const;
    add("posture.podSecurity", `serving namespace enforces Pod Security ${hp} (was ${bp})`, rank[hp] > rank[bp] ? "weakening" : "strengthening");
  }
  return out;
}

/** Whether any change weakens the security posture. */
export function weakens(changes: readonly ReviewChange[]): boolean {
  return changes.some((c) => c.severity === "weakening");
}

/** Changes to the clusters' global endpoints: name, routing, DNS zone, placements behind it, health checks. */
export function diffEndpoints(base: readonly GlobalEndpointReview[] | undefined, head: readonly GlobalEndpointReview[] | undefined): ReviewChange[] {
  // A base from before endpoints were reported: nothing to compare against.
  if (base === undefined || head === undefined) return [];
  const out: ReviewChange[] = [];
  const add = (cluster: string, field: string, text: string): void => void out.push({ placement: null, field: `endpoint.${field}`, severity: "info", text: `global endpoint of \`${cluster}\`: ${text}` });
  const baseBy = new Map(base.map((e) => [e.cluster, e]));
  for (const h of head) {
    const b = baseBy.get(h.cluster);
    if (!b) {
      add(h.cluster, "added", `added: \`${h.hostname}\`, ${routingLabel(h)}`);
      continue;
    }
    if (b.hostname !== h.hostname) add(h.cluster, "hostname", `name ${b.hostname} → ${h.hostname}`);
    if (b.routing !== h.routing) add(h.cluster, "routing", `${routingLabel(b)} → ${routingLabel(h)} (${h.routingReason})`);
    if (b.route53ZoneId !== h.route53ZoneId) add(h.cluster, "route53ZoneId", `Route 53 zone ${b.route53ZoneId ?? "none (no DNS published)"} → ${h.route53ZoneId ?? "none (no DNS published)"}`);
    const bp = new Map(b.placements.map((p) => [p.id, p]));
    for (const p of h.placements) {
      const o = bp.get(p.id);
      if (!o) add(h.cluster, "placements", `\`${p.name}\` now behind it (${p.hostname})`);
      else {
        if (o.failoverRole !== p.failoverRole) add(h.cluster, "failoverRole", `\`${p.name}\` failover role ${o.failoverRole ?? "none"} → ${p.failoverRole ?? "none"}`);
        const hc = (x: typeof p.healthCheck): string => (x ? `GET https://${x.hostname}${x.path} every ${x.intervalSeconds} s, ${x.failureThreshold} failures` : "none");
        if (hc(o.healthCheck) !== hc(p.healthCheck)) add(h.cluster, "healthCheck", `\`${p.name}\` health check ${hc(o.healthCheck)} → ${hc(p.healthCheck)}`);
      }
    }
    for (const o of b.placements) if (!h.placements.some((p) => p.id === o.id)) add(h.cluster, "placements", `\`${o.name}\` no longer behind it`);
  }
  for (const b of base) if (!head.some((h) => h.cluster === b.cluster)) add(b.cluster, "removed", `removed (was \`${b.hostname}\`)`);
  return out;
}
