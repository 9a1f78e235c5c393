import { asWritten, type PathOf } from "../plan/refusal-paths";
import { DeepSeekConfigError } from "../errors";
import type { PlacementsPlan } from "../app/plan-cluster";

/**
 * Route 53 latency routing needs an AWS region per record. A GCP placement is routed as if it
 * were in the nearest AWS region (rough geography; latency routing only uses it to compare).
 */
export const NEAREST_AWS_REGION: Readonly<Record<string, string>> = {
  "us-central1": "us-east-2", "us-east1": "us-east-1", "us-east4": "us-east-1", "us-east5": "us-east-2", "us-south1": "us-east-2",
  "us-west1": "us-west-2", "us-west2": "us-west-1", "us-west3": "us-west-2", "us-west4": "us-west-1",
  "europe-west1": "eu-west-3", "europe-west3": "eu-central-1", "europe-west4": "eu-central-1", "europe-west8": "eu-south-1",
  "europe-west9": "eu-west-3", "europe-west10": "eu-central-1", "europe-west12": "eu-south-1", "europe-north1": "eu-north-1",
  "europe-central2": "eu-central-1", "europe-southwest1": "eu-south-2", "asia-southeast1": "ap-southeast-1",
};

export interface PlacementEndpointPlan {
  readonly placementId: string;
  /** Per-placement DNS name, `<placement>.<hostname>`; its record points at the gateway's load balancer. */
  readonly hostname: string;
  /** AWS gives a load-balancer DNS name (CNAME); GCP an IP address (A). */
  readonly recordType: "CNAME" | "A";
  /** Region Route 53 latency routing attributes this placement to. */
  readonly latencyRegion: string;
  /** Failover role when routing is `failover`. */
  readonly failoverRole?: "PRIMARY" | "SECONDARY";
  readonly healthCheck: { readonly path: string; readonly port: number; readonly intervalSeconds: number; readonly failureThreshold: number };
  /**
   * The name Route 53 health-checks this placement by, when the cluster publishes DNS for several
   * placements; the gateway then serves an unauthenticated `GET /health` on it. Else undefined.
   */
  readonly healthCheckHostname?: string;
}

export interface GlobalEndpointPlan {
  readonly hostname: string;
  readonly routing: PlacementsPlan["routing"];
  readonly placements: readonly PlacementEndpointPlan[];
  /** Seconds before Route 53 drops a failed placement: interval × failure threshold. */
  readonly failoverSeconds: number;
  /** Whether a global DNS stack is emitted (a Route 53 zone was given). */
  readonly publishesDns: boolean;
  /** One placement: a single record at the hostname, no health checks or routing policy. */
  readonly singleRecord: boolean;
  /** Region of the Route 53 provider: Route 53 is global, the region only names the API endpoint; kept inside the jurisdiction. */
  readonly providerRegion: string;
  /** The hosted zone the records go into, when DNS is published. */
  readonly route53ZoneId?: string;
  /**
   * TTL of every record, seconds: short, so clients follow a failover within about a minute of
   * Route 53 marking a placement unhealthy (failoverSeconds).
   */
  readonly recordTtlSeconds: number;
  /** Why the global name is routed this way, for the reviewer. */
  readonly routingReason: string;
}

/** TTL of the endpoint's records, seconds. */
export const RECORD_TTL_SECONDS = 60;

const HEALTH = { path: "/health", port: 443, intervalSeconds: 30, failureThreshold: 3 } as const;

/**
 * Plans the one endpoint in front of all placements: per-placement names with health checks,
 * and the global name routed by latency (default) or by placement order (failover).
 */
export function planGlobalEndpoint(cluster: PlacementsPlan, hostname: string, route53ZoneId?: string, at: PathOf = asWritten): GlobalEndpointPlan {
  if (cluster.routing === "failover" && cluster.placements.length !== 2) {
    throw new DeepSeekConfigError(at("routing"), `"failover" routes between exactly two placements (primary, secondary); this cluster has ${cluster.placements.length}`, cluster.routing, 'use routing "latency", or two placements');
  }
  const publishesDns = route53ZoneId !== undefined;
  const singleRecord = cluster.placements.length === 1;
  const placements = cluster.placements.map((plan, i): PlacementEndpointPlan => ({
    placementId: plan.id,
    hostname: `${plan.id}.${hostname}`,
    recordType: plan.cloud === "aws" ? "CNAME" : "A",
    latencyRegion: plan.cloud === "aws" ? plan.region : (NEAREST_AWS_REGION[plan.region] ?? "us-east-1"),
    failoverRole: cluster.routing === "failover" ? (i === 0 ? "PRIMARY" : "SECONDARY") : undefined,
    healthCheck: HEALTH,
    healthCheckHostname: publishesDns && !singleRecord ? `${plan.id}.${hostname}` : undefined,
  }));
  const firstAws = cluster.placements.find((p) => p.cloud === "aws");
  return {
    hostname, routing: cluster.routing, placements, failoverSeconds: HEALTH.intervalSeconds * HEALTH.failureThreshold,
    publishesDns, singleRecord,
    providerRegion: firstAws?.region ?? (cluster.jurisdiction === "eu" ? "eu-central-1" : "us-east-1"),
    ...(route53ZoneId !== undefined ? { route53ZoneId } : {}),
    recordTtlSeconds: RECORD_TTL_SECONDS,
    routingReason: singleRecord
      ? "one placement: a single record at the hostname, nothing to route between"
      : cluster.routing === "failover"
        ? "failover: every client goes to the primary (placements.0) while its health check passes, then to the secondary"
        : "latency: each client goes to the healthy placement with the lowest latency from it (Route 53 latency records, GCP placements counted from the nearest AWS region)",
  };
}
