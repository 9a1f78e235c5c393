import { shortName } from "../../plan/names";
import { awsPartition, tagsFor } from "./plan-aws-shared";

/**
 * Pure planning of a new EKS VPC (EksNetwork emits it): the layout planEksInfra chose, and every
 * name, tag, region-derived value and NAT route decided here, so the construct only writes them.
 */

/** One zone of a new VPC: its subnets, the NAT gateway its private route uses, and the tags. */
export interface NetworkZonePlan {
  readonly zone: string;
  /** Nodes (a /19). */
  readonly privateCidr: string;
  /** NAT gateways and load balancers (a /24). */
  readonly publicCidr: string;
  /** Zone of the NAT gateway the private subnet's default route goes through (its own, else the first). */
  readonly natZone: string;
  readonly publicSubnetTags: Readonly<Record<string, string>>;
  readonly privateSubnetTags: Readonly<Record<string, string>>;
  readonly privateRouteTableTags: Readonly<Record<string, string>>;
}

/** A NAT gateway (and its Elastic IP) in a zone's public subnet. */
export interface NatGatewayPlan {
  readonly zone: string;
  readonly eipTags: Readonly<Record<string, string>>;
  readonly gatewayTags: Readonly<Record<string, string>>;
}

export interface NewNetworkPlan {
  readonly kind: "new";
  readonly vpcCidr: string;
  /** One private (nodes) and one public (NAT, load balancers) subnet per zone. */
  readonly zones: readonly NetworkZonePlan[];
  /** Zones that get a NAT gateway (first zone only, or every zone). */
  readonly natZones: readonly string[];
  /** The NAT gateways, one per `natZones` entry. */
  readonly natGateways: readonly NatGatewayPlan[];
  /** The cluster the network serves (subnet discovery tags, names). */
  readonly clusterName: string;
  /** Region of the zones, and its partition (flow-log key policy, S3 endpoint service name). */
  readonly region: string;
  readonly partition: string;
  /** Tags of the VPC-wide resources. */
  readonly tags: {
    readonly common: Readonly<Record<string, string>>; readonly vpc: Readonly<Record<string, string>>; readonly defaultSecurityGroup: Readonly<Record<string, string>>;
    readonly internetGateway: Readonly<Record<string, string>>; readonly publicRouteTable: Readonly<Record<string, string>>;
    readonly flowLog: Readonly<Record<string, string>>; readonly s3Endpoint: Readonly<Record<string, string>>;
  };
  /** VPC flow logs: every accepted and rejected connection, to an encrypted log group (VPC User Guide, "Publish flow logs to CloudWatch Logs"). */
  readonly flowLogs: {
    readonly logGroupName: string; readonly description: string; readonly rolePrefix: string; readonly policyName: string;
    readonly trafficType: "ALL"; readonly maxAggregationIntervalSeconds: 600; readonly keyDeletionWindowDays: number;
  };
  /** The S3 gateway endpoint's service name (`com.amazonaws.<region>.s3`), so checkpoint downloads stay off the NAT. */
  readonly s3EndpointServiceName: string;
}

/**
 * Tags the EKS cloud controller (and the AWS Load Balancer Controller) use to find subnets for a
 * Service of type LoadBalancer: `kubernetes.io/role/elb` on public subnets (internet-facing),
 * `kubernetes.io/role/internal-elb` on private ones (internal), and
 * `kubernetes.io/cluster/<cluster>: shared` on every subnet the cluster may use (kubernetes/cloud-provider-aws,
 * pkg/providers/v1/aws.go: TagNameSubnetPublicELB, TagNameSubnetInternalELB and the cluster tag key).
 */
export function subnetDiscoveryTags(clusterName: string, kind: "public" | "private"): Record<string, string> {
  return { [`kubernetes.io/cluster/${clusterName}`]: "shared", [kind === "public" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1" };
}

/** The region of an availability zone (`us-east-1a` -> `us-east-1`). */
export function regionOfZone(zone: string): string {
  return zone.replace(/[a-z]$/, "");
}

export interface NewNetworkLayout {
  readonly clusterName: string;
  readonly vpcCidr: string;
  readonly zones: readonly { readonly zone: string; readonly privateCidr: string; readonly publicCidr: string }[];
  readonly natZones: readonly string[];
  readonly keyDeletionWindowDays: number;
}

/** Names, tags and routes of a new VPC laid out by planEksInfra. Pure. */
export function planNewNetwork(layout: NewNetworkLayout): NewNetworkPlan {
  const c = layout.clusterName;
  const region = regionOfZone(layout.zones[0].zone);
  const zones = layout.zones.map((z): NetworkZonePlan => ({
    ...z,
    natZone: layout.natZones.includes(z.zone) ? z.zone : layout.natZones[0],
    publicSubnetTags: { ...tagsFor(c, `${c}-public-${z.zone}`), ...subnetDiscoveryTags(c, "public") },
    privateSubnetTags: { ...tagsFor(c, `${c}-private-${z.zone}`), ...subnetDiscoveryTags(c, "private") },
    privateRouteTableTags: tagsFor(c, `${c}-private-${z.zone}`),
  }));
  return {
    kind: "new",
    vpcCidr: layout.vpcCidr,
    zones,
    natZones: [...layout.natZones],
    natGateways: layout.natZones.map((zone) => ({ zone, eipTags: tagsFor(c, `${c}-nat-${zone}`), gatewayTags: tagsFor(c, `${c}-${zone}`) })),
    clusterName: c,
    region,
    partition: awsPartition(region),
    tags: {
      common: tagsFor(c), vpc: tagsFor(c, c), defaultSecurityGroup: tagsFor(c, `${c}-default-unused`), internetGateway: tagsFor(c, c),
      publicRouteTable: tagsFor(c, `${c}-public`), flowLog: tagsFor(c, `${c}-flow-log`), s3Endpoint: tagsFor(c, `${c}-s3`),
    },
    flowLogs: {
      logGroupName: `/cdktf-deepseek/${c}/vpc-flow-logs`, description: `VPC flow logs of ${c}`,
      // IAM name_prefix takes at most 38 characters: 24 of the cluster name and "-flowlogs-".
      rolePrefix: `${shortName(c, 24)}-flowlogs-`, policyName: "flow-logs-write",
      trafficType: "ALL", maxAggregationIntervalSeconds: 600, keyDeletionWindowDays: layout.keyDeletionWindowDays,
    },
    s3EndpointServiceName: `com.amazonaws.${region}.s3`,
  };
}
