import { Construct, type TerraformProvider } from "../internal/tf";
import { loadCloudModule } from "../internal/optional-provider";
import type { GlobalEndpointPlan } from "./plan-global-endpoint";

export interface GlobalEndpointProps {
  /** From `planGlobalEndpoint` (or `planCluster(...).endpoint`) with a Route 53 zone. */
  readonly plan: GlobalEndpointPlan & { readonly route53ZoneId: string };
  /** The gateway's load-balancer address of each placement, in the plan's order (DNS names on AWS, IPs on GCP). */
  readonly addresses: readonly string[];
  /**
   * AWS provider for the Route 53 records, e.g. the one your stack already has.
   * @default an AWS provider (id "aws", in the plan's `providerRegion`) created in the scope
   */
  readonly provider?: TerraformProvider;
}

/**
 * The one endpoint in Route 53: per-placement names with HTTPS health checks, and the global name
 * routed by latency or failover between them (or a single record for one placement). Emits
 * exactly what the plan says. Records and health checks sit directly in the scope (their Terraform
 * addresses do not move when this construct is added), so use one per stack.
 */
export class GlobalEndpoint extends Construct {
  public readonly provider: TerraformProvider;

  constructor(scope: Construct, id: string, props: GlobalEndpointProps) {
    super(scope, id);
    // Loaded here, so a GCP-only consumer never loads the AWS provider package.
    // Route 53 serves the global name whatever the placements' clouds: this needs the AWS provider.
    const { AwsProvider, Route53HealthCheck, Route53Record } = loadCloudModule("aws", () => require("../internal/providers/aws") as typeof import("../internal/providers/aws"), "endpoint.route53ZoneId");
    const { plan, addresses } = props;
    const zoneId = plan.route53ZoneId;
    const ttl = plan.recordTtlSeconds;
    // Resources sit directly in the scope (the global stack), keeping the Terraform addresses the
    // records had before this construct existed: a new address would replace live DNS records.
    const provider: TerraformProvider = props.provider ?? new AwsProvider(scope, "aws", { region: plan.providerRegion });
    this.provider = provider;
    plan.placements.forEach((p, i) => {
      if (plan.singleRecord) {
        new Route53Record(scope, `record-${p.placementId}`, { provider, zoneId, name: plan.hostname, type: p.recordType, ttl, records: [addresses[i]] });
        return;
      }
      const check = new Route53HealthCheck(scope, `health-${p.placementId}`, {
        provider, type: "HTTPS", fqdn: p.hostname, port: p.healthCheck.port, resourcePath: p.healthCheck.path,
        requestInterval: p.healthCheck.intervalSeconds, failureThreshold: p.healthCheck.failureThreshold, tags: { Name: p.hostname },
      });
      new Route53Record(scope, `placement-${p.placementId}`, { provider, zoneId, name: p.hostname, type: p.recordType, ttl, records: [addresses[i]] });
      new Route53Record(scope, `global-${p.placementId}`, {
        provider, zoneId, name: plan.hostname, type: "CNAME", ttl, records: [p.hostname], setIdentifier: p.placementId, healthCheckId: check.id,
        ...(p.failoverRole ? { failoverRoutingPolicy: { type: p.failoverRole } } : { latencyRoutingPolicy: { region: p.latencyRegion } }),
      });
    });
  }
}
