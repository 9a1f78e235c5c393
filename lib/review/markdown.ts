import { preflightSection } from "./preflight-section";
import type { EndpointInfo, GlobalEndpointReview, PlacementReview, ReviewModel, SecurityPosture } from "./types";

/** `1234567` -> `1,234,567`, independent of the host locale. */
export function formatInt(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `1234.5` -> `$1,234.50`. */
export function formatUsd(usd: number): string {
  const [whole, frac] = Math.abs(usd).toFixed(2).split(".");
  return `${usd < 0 ? "-" : ""}$${formatInt(Number(whole))}.${frac}`;
}

/** `{min: 1, max: 2}` -> `1–2`, `{min: 2, max: 2}` -> `2`. */
export function formatRange(r: { readonly min: number; readonly max: number }): string {
  return r.min === r.max ? formatInt(r.min) : `${formatInt(r.min)}–${formatInt(r.max)}`;
}

const NOT_REPORTED = "not reported";

export const upper = (s: string): string => s.toUpperCase();
export const cloudLabel = (cloud: string): string => (cloud === "gcp" ? "GCP" : cloud === "aws" ? "AWS" : cloud);
export const jurisdictionLabel = (j: string | null): string => (j === null ? "none" : j.toUpperCase());

export function parallelismLabel(p: PlacementReview): string {
  return `TP${p.tensorParallel} · EP${p.expertParallel} · PP${p.pipelineParallel} · attention DP ${p.attentionDataParallel ? "on" : "off"}`;
}

/** The name reviewers see: the registered display name, else the id (reviews from before display names). */
export function placementLabel(p: Pick<PlacementReview, "id"> & { readonly name?: string }): string {
  return p.name ?? p.id;
}

const OPEN_CIDRS = new Set(["0.0.0.0/0", "::/0"]);

/** Who may reach a public endpoint: `undefined` when not reported or not public. */
export function endpointSourcesLabel(endpoint: EndpointInfo | null | undefined): string | undefined {
  if (!endpoint || endpoint.exposure !== "public" || endpoint.allowedSourceCidrs === undefined) return undefined;
  const cidrs = endpoint.allowedSourceCidrs;
  return cidrs.length === 0 || cidrs.some((c) => OPEN_CIDRS.has(c)) ? "**open to the whole internet**" : `allowed from ${cidrs.join(", ")}`;
}

export function endpointLabel(p: PlacementReview): string {
  if (!p.endpoint) return "not reported";
  const where = [p.endpoint.address, p.endpoint.port === undefined ? undefined : `port ${p.endpoint.port}`].filter((x) => x !== undefined).join(", ");
  const sources = endpointSourcesLabel(p.endpoint);
  const detail = [where || undefined, sources].filter((x) => x !== undefined).join("; ");
  return detail ? `${p.endpoint.exposure} (${detail})` : p.endpoint.exposure;
}

/**
 * The node metadata protection, per cloud: AWS requires IMDSv2 (hop limit 1); on GKE pods see
 * the GKE metadata server (Workload Identity), not the node's. Both are reported as `imdsV2`.
 */
export function nodeMetadataLabel(cloud: string, on: boolean | undefined): string {
  if (on === undefined) return NOT_REPORTED;
  if (cloud === "gcp") return on ? "GKE metadata server (Workload Identity)" : "**node metadata server reachable from pods**";
  return on ? "IMDSv2 required" : "**IMDSv2 not required**";
}

const onOff = (v: boolean | undefined, on = "on", off = "**off**"): string => (v === undefined ? NOT_REPORTED : v ? on : off);

export function apiEndpointLabel(posture: SecurityPosture): string {
  if (posture.apiEndpoint === undefined) return NOT_REPORTED;
  if (posture.apiEndpoint === "allow-listed" && posture.apiAllowedCidrsVariable) {
    return `private unless \`var.${posture.apiAllowedCidrsVariable}\` lists CIDRs at deploy (then allow-listed to them; a /0 is refused)`;
  }
  if (posture.apiEndpoint === "allow-listed") return `allow-listed (${(posture.apiAllowedCidrs ?? []).join(", ") || "no CIDRs"})`;
  return posture.apiEndpoint === "public" ? "**public**" : "private";
}

/** The enforced level, and for anything above restricted why (lib/serving/plan-pod-security.ts). */
function podSecurityLabel(posture: SecurityPosture): string {
  const ps = posture.podSecurity;
  if (!ps) return NOT_REPORTED;
  return ps.level === "restricted" ? "restricted" : `${ps.level === "privileged" ? "**privileged**" : ps.level}: ${ps.reasons.join("; ")}`;
}

function bucketsLabel(posture: SecurityPosture): string {
  if (posture.bucketsPrivate === undefined && posture.bucketsEncrypted === undefined) return NOT_REPORTED;
  const priv = posture.bucketsPrivate === undefined ? `access ${NOT_REPORTED}` : posture.bucketsPrivate ? "private" : "**public access allowed**";
  const enc = posture.bucketsEncrypted === undefined ? `encryption ${NOT_REPORTED}` : posture.bucketsEncrypted ? "encrypted" : "**not encrypted**";
  return `${priv}, ${enc}`;
}

export function costLabel(p: PlacementReview): string {
  if (!p.cost) return `no price for ${p.nodeType} in ${p.region}`;
  return `${formatUsd(p.cost.usdPerHourAtMin)} at min, ${formatUsd(p.cost.usdPerHourAtMax)} at max (estimate)`;
}

/** A Markdown table cell: no pipes or newlines. */
function cell(s: string): string {
  return s.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function table(placements: readonly PlacementReview[], rows: readonly (readonly [string, (p: PlacementReview) => string])[]): string[] {
  const lines = [
    `| | ${placements.map((p) => `\`${cell(placementLabel(p))}\``).join(" | ")} |`,
    `|---|${placements.map(() => "---").join("|")}|`,
  ];
  for (const [label, value] of rows) lines.push(`| ${label} | ${placements.map((p) => cell(value(p))).join(" | ")} |`);
  return lines;
}

/** The global endpoint a placement shares with other placements of its cluster, if any. */
function sharedEndpointOf(model: ReviewModel, id: string): GlobalEndpointReview | undefined {
  return (model.endpoints ?? []).find((e) => e.placements.length > 1 && e.placements.some((p) => p.id === id));
}

/** Who may reach a placement's gateway, without its address. */
function endpointAccessLabel(p: PlacementReview): string {
  if (!p.endpoint) return "not reported";
  const sources = endpointSourcesLabel(p.endpoint);
  return sources ? `${p.endpoint.exposure}, ${sources}` : p.endpoint.exposure;
}

/** `latency routing`, `failover routing`, `one record`. */
export function routingLabel(e: Pick<GlobalEndpointReview, "routing">): string {
  return e.routing === "single" ? "one record" : `${e.routing} routing`;
}

/** The global endpoints section: names, routing policy and why, DNS, health checks. */
export function renderEndpoints(endpoints: readonly GlobalEndpointReview[], h: string): string[] {
  if (endpoints.length === 0) return [];
  const out = [`${h}# Global endpoints`, ""];
  for (const e of endpoints) {
    const dns = e.route53ZoneId
      ? `records in Route 53 zone \`${e.route53ZoneId}\`, TTL ${e.recordTtlSeconds} s${e.routing === "single" ? "" : `; a placement failing its health check leaves the answer after ${e.failoverSeconds} s`}`
      : "no DNS records published (no Route 53 zone given): point the name at the gateway's load balancer yourself";
    out.push(`- \`${e.hostname}\` (cluster \`${e.cluster}\`), ${e.routingReason}. DNS: ${dns}.`);
    if (e.placements.length > 1) {
      out.push("", "| placement | its name | record | routing | health check |", "|---|---|---|---|---|");
      for (const m of e.placements) {
        const hc = m.healthCheck ? `GET https://${m.healthCheck.hostname}${m.healthCheck.path} every ${m.healthCheck.intervalSeconds} s, unhealthy after ${m.healthCheck.failureThreshold} failures` : "none";
        out.push(`| \`${cell(m.name)}\` | ${m.hostname} | ${m.recordType} | ${m.failoverRole ?? (e.routing === "latency" ? `latency, counted from ${m.latencyRegion}` : e.routing)} | ${hc} |`);
      }
      out.push("");
    }
  }
  out.push("");
  return out;
}

/** Gateway request timeout and server drain, or "not reported". */
export function timeoutsLabel(p: Pick<PlacementReview, "timeouts">): string {
  const t = p.timeouts;
  if (!t) return "not reported";
  return `requests time out after ${formatInt(t.requestTimeoutSeconds)} s; a stopping server drains for up to ${formatInt(t.drainBudgetSeconds)} s (grace ${formatInt(t.terminationGracePeriodSeconds)} s)`;
}

/** One line: how the replicas were sized, or that they were not. */
export function sizingLabel(p: PlacementReview): string {
  if (!p.sizing) return "replicas as configured (no throughput target)";
  return `${formatInt(p.sizing.targetOutputTokensPerSecond)} tok/s target needs ${formatInt(p.sizing.replicasForTarget)} replica${p.sizing.replicasForTarget === 1 ? "" : "s"} (${p.sizing.point})`;
}

/** The sizing section: the arithmetic of every sized placement, with its source. */
export function renderSizing(ps: readonly PlacementReview[], h: string): string[] {
  const sized = ps.filter((p) => p.sizing);
  if (sized.length === 0) return [];
  const out = [`${h}# Sizing`, ""];
  for (const p of sized) {
    const s = p.sizing!;
    out.push(`\`${placementLabel(p)}\`: mode ${s.mode} (${s.modeChosenBy === "sizing" ? "chosen by the sizing" : "as configured"}), replicas ${formatRange(s.replicas)}.`, "");
    out.push(...s.formula.map((line) => `    ${line}`), "");
    out.push(`Source: ${s.source}.`);
    if (s.caveats.length) out.push(...s.caveats.map((c) => `- ${c}`));
    out.push("");
  }
  return out;
}

/** Mermaid node id: letters, digits and underscores only. */
function mermaidId(prefix: string, key: string): string {
  return `${prefix}_${key.replace(/[^A-Za-z0-9]/g, "_")}`;
}

/** Mermaid label text inside `["..."]`. */
function mermaidText(s: string): string {
  // Mermaid shows Markdown emphasis as literal asterisks inside a quoted label.
  return s.replace(/\*\*/g, "").replace(/"/g, "#quot;").replace(/[<>]/g, (c) => (c === "<" ? "#lt;" : "#gt;"));
}

/**
 * The topology as a Mermaid flowchart: clouds → regions → clusters → node pools → replicas →
 * endpoint. Clouds and regions shared by several placements appear once.
 */
export function renderMermaid(model: ReviewModel): string {
  const lines = ["flowchart LR"];
  const declared = new Set<string>();
  const declare = (id: string, text: string, shape: "box" | "stadium" | "round" = "box"): void => {
    if (declared.has(id)) return;
    declared.add(id);
    const t = text.split("\n").map(mermaidText).join("<br/>");
    lines.push(shape === "stadium" ? `  ${id}(["${t}"])` : shape === "round" ? `  ${id}("${t}")` : `  ${id}["${t}"]`);
  };
  const edges: string[] = [];
  if (model.placements.length === 0) lines.push("  empty[\"no placements registered\"]");
  model.placements.forEach((p, i) => {
    const cloud = mermaidId("cloud", p.cloud);
    const region = mermaidId("region", `${p.cloud}_${p.region}`);
    const cluster = `cluster_${i}`;
    const pool = `pool_${i}`;
    const replicas = `replicas_${i}`;
    const endpoint = `endpoint_${i}`;
    declare(cloud, cloudLabel(p.cloud), "round");
    declare(region, `${p.region}\njurisdiction: ${jurisdictionLabel(p.jurisdiction)}`);
    declare(cluster, `${p.cloud === "gcp" ? "GKE" : p.cloud === "aws" ? "EKS" : "cluster"} ${placementLabel(p)}`);
    declare(pool, `GPU node pool\n${p.nodeType} × ${formatRange(p.nodes)} nodes\n${p.capacityKind}`);
    declare(replicas, `replicas ${formatRange(p.replicas)}\n${p.nodesPerReplica}×${p.gpusPerNode} ${p.gpu} each · TP${p.tensorParallel} EP${p.expertParallel} PP${p.pipelineParallel}\n${p.modelDisplayName} ${upper(p.precision)}`);
    const shared = sharedEndpointOf(model, p.id);
    const member = shared?.placements.find((m) => m.id === p.id);
    // Behind a shared endpoint, each placement's gateway is reached by its own name.
    declare(endpoint, shared && member ? `gateway: ${member.hostname}\n${endpointAccessLabel(p)}` : `endpoint: ${endpointLabel(p)}`, "stadium");
    for (const edge of [`${cloud} --> ${region}`, `${region} --> ${cluster}`, `${cluster} --> ${pool}`, `${pool} --> ${replicas}`, `${replicas} --> ${endpoint}`]) {
      if (!edges.includes(edge)) edges.push(edge);
    }
    if (shared && member) {
      const global = mermaidId("global", shared.cluster);
      declare(global, `${shared.hostname}\ncluster ${shared.cluster}: ${routingLabel(shared)} across ${shared.placements.length} placements`, "stadium");
      const role = member.failoverRole ?? (shared.routing === "latency" ? `latency from ${member.latencyRegion}` : shared.routing);
      edges.push(`${global} -- "${mermaidText(role)}" --> ${endpoint}`);
    }
  });
  return [...lines, ...edges.map((e) => `  ${e}`)].join("\n");
}

/** The review as Markdown: headline, topology, per-placement tables, overrides, cost note. */
export function renderReviewMarkdown(model: ReviewModel, options: { readonly headingLevel?: number } = {}): string {
  const h = "#".repeat(options.headingLevel ?? 1);
  const ps = model.placements;
  const out: string[] = [`${h} DeepSeek deployment review`, ""];
  const cost = model.totals.costUsdPerHour;
  out.push(`${ps.length} placement${ps.length === 1 ? "" : "s"} · GPUs ${formatInt(model.totals.gpus.min)} at min, ${formatInt(model.totals.gpus.max)} at max` +
    (cost ? ` · estimated ${formatUsd(cost.min)}–${formatUsd(cost.max)} per hour` : " · no cost estimate") +
    (model.totals.unpriced.length ? ` (not counted, no price for ${model.totals.unpriced.map((id) => placementLabel(ps.find((p) => p.id === id) ?? { id })).join(", ")})` : ""));
  out.push("", ...preflightSection(model, h));
  out.push(`${h}# Topology`, "", "```mermaid", renderMermaid(model), "```", "");
  if (ps.length === 0) {
    out.push("No placements were registered with the app.", "");
    return out.join("\n");
  }
  out.push(...renderEndpoints(model.endpoints ?? [], h));
  out.push(`${h}# Placements`, "");
  out.push(...table(ps, [
    ["Model", (p) => p.modelDisplayName],
    ["Cloud / region", (p) => `${cloudLabel(p.cloud)} ${p.region} (zones ${p.zones.join(", ") || "any"})`],
    ["Jurisdiction", (p) => jurisdictionLabel(p.jurisdiction)],
    ["Hardware", (p) => `${p.hardware} on ${p.nodeType}`],
    ["Nodes per replica", (p) => String(p.nodesPerReplica)],
    ["Replicas", (p) => formatRange(p.replicas)],
    ["Sizing", sizingLabel],
    ["Nodes", (p) => formatRange(p.nodes)],
    ["GPUs", (p) => `${formatInt(p.gpus.min)} at min, ${formatInt(p.gpus.max)} at max`],
    ["Parallelism", parallelismLabel],
    ["Checkpoint", (p) => `${p.checkpoint}@${p.checkpointRevision.length === 40 ? p.checkpointRevision.slice(0, 12) : `${p.checkpointRevision} (not pinned)`} (${upper(p.precision)})`],
    ["KV cache", (p) => `${upper(p.kvCacheDtype)}, ${formatInt(p.kvCapacityTokens.perReplica)} tokens per replica (${formatInt(p.kvCapacityTokens.perSequence)} per sequence)`],
    ["Max sequence", (p) => `${formatInt(p.maxSeqLen)} tokens`],
    ["Serving mode", (p) => p.mode],
    ["TensorRT-LLM", (p) => (p.runtime ? `${p.runtime.image}; recipe ${p.runtime.recipe}` : "not reported")],
    ["Output parsing", (p) => (p.runtime ? `reasoning ${p.runtime.reasoningParser ?? "off"}, tool calls ${p.runtime.toolParser ?? "off"}, structured output ${p.runtime.structuredOutput ?? "off"}` : "not reported")],
    ["Capacity", (p) => p.capacityKind],
    ["Timeouts", timeoutsLabel],
    ["Endpoint", endpointLabel],
    ["Stacks", (p) => (p.stacks.length ? p.stacks.join(", ") : "not reported")],
    ["Cost per hour", costLabel],
  ]), "");
  out.push(...renderSizing(ps, h));
  out.push(`${h}# Security posture`, "");
  out.push(...table(ps, [
    ["Kubernetes API endpoint", (p) => apiEndpointLabel(p.posture)],
    ["Secrets encryption", (p) => onOff(p.posture.secretsEncryption)],
    ["Node metadata", (p) => nodeMetadataLabel(p.cloud, p.posture.imdsV2)],
    ["API authentication", (p) => onOff(p.posture.authentication)],
    ["Buckets", (p) => bucketsLabel(p.posture)],
    ["Checks enabled", (p) => (p.posture.checksEnabled === undefined ? NOT_REPORTED : p.posture.checksEnabled.join(", ") || "**none**")],
    ["Pod Security (serving namespace)", (p) => podSecurityLabel(p.posture)],
  ]), "");
  out.push(`${h}# Overridden defaults`, "");
  const overrides = ps.flatMap((p) => p.overridden.map((o) => `- \`${placementLabel(p)}\`: ${o}`));
  out.push(...(overrides.length ? overrides : ["None: every derived setting is the planner's default."]), "");
  const warnings = ps.flatMap((p) => p.warnings.map((w) => `- \`${placementLabel(p)}\`: ${w}`));
  if (warnings.length) out.push(`${h}# Warnings`, "", ...warnings, "");
  out.push(`${h}# Cost estimate`, "");
  out.push("Estimates, not quotes: nodes × the hourly price of one node, from the price table in `lib/catalog/prices.ts`. Storage, network egress, load balancers and the control plane are not included.", "");
  out.push("| placement | node type | per node-hour | basis | at min | at max | price as of |", "|---|---|---|---|---|---|---|");
  for (const p of ps) {
    if (!p.cost) {
      out.push(`| \`${cell(placementLabel(p))}\` | ${p.nodeType} | no price for ${p.region} | | | | |`);
      continue;
    }
    const c = p.cost;
    out.push(`| \`${cell(placementLabel(p))}\` | ${p.nodeType} | ${formatUsd(c.usdPerNodeHour)} | ${c.basis}, ${c.referenceRegion} prices | ${formatInt(p.nodes.min)} × ${formatUsd(c.usdPerNodeHour)} = ${formatUsd(c.usdPerHourAtMin)} | ${formatInt(p.nodes.max)} × ${formatUsd(c.usdPerNodeHour)} = ${formatUsd(c.usdPerHourAtMax)} | ${c.asOf}${c.confirmed ? "" : ", UNCONFIRMED"} |`);
  }
  const sources = new Map(ps.filter((p) => p.cost).map((p) => [p.nodeType, p.cost!.source]));
  if (sources.size) out.push("", "Price sources:", ...[...sources].map(([type, source]) => `- ${type}: ${source}`));
  out.push("");
  return out.join("\n");
}
