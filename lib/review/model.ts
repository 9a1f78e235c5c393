import { hourlyRate } from "../catalog/prices";
import type { DeploymentPlan } from "../plan/plan";
import { parseOrThrow } from "../validation";
import { CostEstimate, GlobalEndpointReview, PlacementReview, PlacementReviewInfo, RegisteredPlacement, ReviewModel, SizingReview, placementReviewInfoSchema } from "./types";

/** Rounds USD to cents, so sums and renderings agree. */
export function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** Cost per hour of a plan: nodes × the node's hourly rate for its capacity kind. */
export function estimateCost(plan: Pick<DeploymentPlan, "nodeType" | "nodes" | "capacity"> & { readonly region?: string }): CostEstimate | null {
  const rate = hourlyRate(plan.nodeType, plan.capacity.kind);
  if (!rate) return null;
  // Prices differ by region (EU regions usually cost more than the US ones the table holds): no
  // price rather than another region's.
  if (plan.region !== undefined && !rate.regions.includes(plan.region)) return null;
  return {
    usdPerNodeHour: rate.usdPerNodeHour,
    usdPerHourAtMin: cents(plan.nodes.min * rate.usdPerNodeHour),
    usdPerHourAtMax: cents(plan.nodes.max * rate.usdPerNodeHour),
    basis: rate.basis,
    referenceRegion: rate.referenceRegion,
    source: rate.source,
    asOf: rate.asOf,
    confirmed: rate.confirmed,
  };
}

/** The review of one placement. Pure. */
export function placementReview(plan: DeploymentPlan, info: PlacementReviewInfo = {}, id: string = plan.id): PlacementReview {
  const checked = parseOrThrow(placementReviewInfoSchema, info, "reviewInfo");
  const qualified = checked.cluster === undefined ? undefined : `${checked.cluster}/${checked.displayName ?? plan.id}`;
  return {
    id: qualified ?? id,
    name: qualified ?? checked.displayName ?? id,
    cluster: checked.cluster ?? null,
    model: plan.model,
    modelDisplayName: plan.modelDisplayName,
    stacks: [...(checked.stacks ?? [])],
    cloud: plan.cloud,
    region: plan.region,
    zones: [...plan.zones],
    jurisdiction: plan.jurisdiction ?? null,
    hardware: plan.hardware,
    gpu: plan.gpu,
    nodeType: plan.nodeType,
    nodesPerReplica: plan.nodesPerReplica,
    gpusPerNode: plan.gpusPerNode,
    replicas: { ...plan.replicas },
    nodes: { ...plan.nodes },
    gpus: { ...plan.gpus },
    tensorParallel: plan.tensorParallel,
    expertParallel: plan.expertParallel,
    pipelineParallel: plan.pipelineParallel,
    attentionDataParallel: plan.attentionDataParallel,
    checkpoint: plan.checkpoint,
    checkpointRevision: plan.checkpointRevision,
    precision: plan.weightPrecision,
    kvCacheDtype: plan.kvCacheDtype,
    kvCapacityTokens: { ...plan.kvCapacityTokens },
    maxSeqLen: plan.maxSeqLen,
    mode: plan.mode,
    runtime: {
      image: `${plan.image.repository}:${plan.image.tag}`,
      recipe: plan.recipeSource,
      reasoningParser: plan.reasoningParser ?? null,
      toolParser: plan.toolParser ?? null,
      structuredOutput: plan.guidedDecodingBackend ?? null,
    },
    capacityKind: plan.capacity.kind,
    endpoint: checked.endpoint ? { ...checked.endpoint, ...(checked.endpoint.allowedSourceCidrs ? { allowedSourceCidrs: [...checked.endpoint.allowedSourceCidrs] } : {}) } : null,
    posture: { ...(checked.posture ?? {}) },
    overridden: [...plan.overridden],
    warnings: [...plan.warnings],
    cost: estimateCost(plan),
    ...(checked.timeouts ? { timeouts: { ...checked.timeouts } } : {}),
    sizing: sizingReview(plan),
  };
}

/** The sizing arithmetic of a plan sized from a throughput target, else null. */
export function sizingReview(plan: Pick<DeploymentPlan, "sizing">): SizingReview | null {
  const s = plan.sizing;
  if (!s) return null;
  return {
    targetOutputTokensPerSecond: s.target.outputTokensPerSecond,
    requiredTokensPerSecondPerUser: s.target.requiredTokensPerSecondPerUser,
    mode: s.mode,
    modeChosenBy: s.modeChosenBy,
    replicasForTarget: s.replicasForTarget,
    replicas: { ...s.replicas },
    formula: [...s.formula],
    point: s.point.id,
    source: `${s.point.source.repository} ${s.point.source.path} @ ${s.point.source.commit.slice(0, 12)} ("${s.point.source.section}")`,
    caveats: [...s.caveats],
  };
}

/** Each cluster's global endpoint, from what its placements registered, in order of first appearance. */
export function endpointsOf(placements: readonly { readonly id: string; readonly name: string; readonly info: PlacementReviewInfo }[]): GlobalEndpointReview[] {
  const byCluster = new Map<string, GlobalEndpointReview & { placements: GlobalEndpointReview["placements"][number][] }>();
  for (const { id, name, info } of placements) {
    const e = info.globalEndpoint;
    if (!e) continue;
    let entry = byCluster.get(e.cluster);
    if (!entry) {
      entry = {
        cluster: e.cluster, hostname: e.hostname, routing: e.routing, routingReason: e.routingReason, route53ZoneId: e.route53ZoneId ?? null,
        failoverSeconds: e.failoverSeconds, recordTtlSeconds: e.recordTtlSeconds, placements: [],
      };
      byCluster.set(e.cluster, entry);
    }
    entry.placements.push({ id, name, ...e.placement });
  }
  return [...byCluster.values()];
}

/**
 * The review of a whole app: one entry per placement, in registration order, plus totals.
 * Pure and deterministic (no timestamps), so two synths of the same app give the same JSON.
 */
export function reviewModel(placements: readonly RegisteredPlacement<DeploymentPlan>[]): ReviewModel {
  const seen = new Map<string, number>();
  const named = placements.map(({ plan, info }) => {
    // Placements without a cluster are keyed by plan id, numbered when two share it.
    if (info.cluster !== undefined) return placementReview(plan, info);
    const n = (seen.get(plan.id) ?? 0) + 1;
    seen.set(plan.id, n);
    return placementReview(plan, info, n === 1 ? plan.id : `${plan.id}-${n}`);
  });
  // Two placements (e.g. of two clusters) may share a display name: then show the id beside it.
  const reviews = named.map((r) => (r.name !== r.id && named.filter((o) => o.name === r.name).length > 1 ? { ...r, name: `${r.name} (${r.id})` } : r));
  const priced = reviews.filter((r) => r.cost !== null);
  const endpoints = endpointsOf(reviews.map((r, i) => ({ id: r.id, name: r.name, info: placements[i].info })));
  return {
    schemaVersion: 1,
    generator: "cdktf-deepseek",
    placements: reviews,
    endpoints,
    totals: {
      gpus: { min: sum(reviews.map((r) => r.gpus.min)), max: sum(reviews.map((r) => r.gpus.max)) },
      costUsdPerHour: priced.length === 0 ? null : {
        min: cents(sum(priced.map((r) => r.cost!.usdPerHourAtMin))),
        max: cents(sum(priced.map((r) => r.cost!.usdPerHourAtMax))),
      },
      unpriced: reviews.filter((r) => r.cost === null).map((r) => r.id),
    },
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
