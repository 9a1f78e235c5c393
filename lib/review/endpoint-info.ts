import type { GlobalEndpointPlan, PlacementEndpointPlan } from "../endpoint/plan-global-endpoint";
import type { GlobalEndpointInfo } from "./types";

/** What a placement reports to the review about its cluster's global endpoint. Pure. */
export function reviewedEndpoint(cluster: string, endpoint: GlobalEndpointPlan, placement: PlacementEndpointPlan): GlobalEndpointInfo {
  return {
    cluster,
    hostname: endpoint.hostname,
    routing: endpoint.singleRecord ? "single" : endpoint.routing,
    routingReason: endpoint.routingReason,
    ...(endpoint.publishesDns && endpoint.route53ZoneId !== undefined ? { route53ZoneId: endpoint.route53ZoneId } : {}),
    failoverSeconds: endpoint.failoverSeconds,
    recordTtlSeconds: endpoint.recordTtlSeconds,
    placement: {
      hostname: placement.hostname,
      recordType: placement.recordType,
      latencyRegion: placement.latencyRegion,
      ...(placement.failoverRole ? { failoverRole: placement.failoverRole } : {}),
      ...(placement.healthCheckHostname ? { healthCheck: { hostname: placement.healthCheckHostname, ...placement.healthCheck } } : {}),
    },
  };
}
