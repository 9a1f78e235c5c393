import { HELM_CHARTS, type HelmChartRef } from "../catalog/charts";

/** The charts the traffic layer installs (entries of the one pinned chart catalog). */
export const TRAFFIC_CHART_IDS = ["envoy-gateway", "ai-gateway-crds", "ai-gateway", "inferencepool", "cert-manager"] as const;
export type TrafficChartId = (typeof TRAFFIC_CHART_IDS)[number];
export const TRAFFIC_CHARTS: Readonly<Record<TrafficChartId, HelmChartRef>> = Object.fromEntries(
  TRAFFIC_CHART_IDS.map((id) => [id, HELM_CHARTS[id]]),
) as Record<TrafficChartId, HelmChartRef>;


/**
 * Redis backing Envoy Gateway's global rate limit (per-key `Distinct` limits need Global): the
 * newest 7.4 patch in docker-library/repo-info (redis user uid 999), pinned by the digest in
 * lib/catalog/image-digests.ts.
 */
export const RATE_LIMIT_REDIS_IMAGE = { repository: "docker.io/library/redis", tag: "7.4.11-alpine" } as const;
