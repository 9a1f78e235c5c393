import { z } from "zod";
import { Construct, TerraformProvider } from "../../internal/tf";
import { DefaultSecurityGroup, Eip, FlowLog, IamRole, IamRolePolicy, InternetGateway, NatGateway, Route, RouteTable, RouteTableAssociation, Subnet, Vpc, VpcEndpoint } from "../../internal/providers/aws";
import { assumeRolePolicy, policyDocument } from "./iam";
import { EncryptedLogGroup } from "./logs";
import { awsPartition } from "./plan-aws-shared";
import { shortName } from "../../plan/names";
import type { NewNetworkPlan } from "./plan-aws-infra";
import type { SubnetRef } from "./plan-aws-shared";
import { parseOrThrow } from "../../validation";
import { providerSchema, tagsFor } from "./common";

export interface EksNetworkProps {
  /** Cluster the network serves (subnet discovery tags and names). */
  readonly clusterName: string;
  /** Layout from `planEksInfra(...).network` (kind "new"). */
  readonly network: NewNetworkPlan;
  /** Deletion window of the flow-log key, days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

const propsSchema = z.object({
  clusterName: z.string().min(1),
  network: z.object({ kind: z.literal("new"), vpcCidr: z.string(), zones: z.array(z.any()).min(2), natZones: z.array(z.string()).min(1) }).passthrough(),
  keyDeletionWindowDays: z.number().int().min(7).max(30).optional(),
  provider: providerSchema,
}).strict();

/**
 * VPC with one private subnet (nodes) and one public subnet (NAT, load balancers) per zone,
 * NAT egress, and an S3 gateway endpoint so checkpoint downloads stay off the NAT. Subnets carry
 * the load-balancer discovery tags (subnetDiscoveryTags) so a LoadBalancer Service finds them.
 * Flow logs of every accepted and rejected connection go to an encrypted log group kept a year, and
 * the VPC's default security group is emptied (no rules: nothing may use it by accident).
 */
export class EksNetwork extends Construct {
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  /** Private subnets with their zones, in plan order. */
  public readonly privateSubnets: SubnetRef[];
  public readonly publicSubnetIds: string[];

  constructor(scope: Construct, id: string, props: EksNetworkProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const { clusterName, network, provider } = props;
    this.vpc = new Vpc(this, "vpc", { provider, cidrBlock: network.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tagsFor(clusterName, clusterName) });
    this.vpcId = this.vpc.id;
    // An aws_default_security_group without rules removes the default group's rules (AWS provider docs,
    // "aws_default_security_group"): EKS and the node groups use their own groups.
    new DefaultSecurityGroup(this, "default-sg", { provider, vpcId: this.vpc.id, ingress: [], egress: [], tags: tagsFor(clusterName, `${clusterName}-default-unused`) });
    const region = regionOf(network.zones[0].zone);
    const partition = awsPartition(region);
    const flowLogs = new EncryptedLogGroup(this, "flow-logs", {
      provider, name: `/cdktf-deepseek/${clusterName}/vpc-flow-logs`, region, partition, description: `VPC flow logs of ${clusterName}`, keyDeletionWindowDays: props.keyDeletionWindowDays, tags: tagsFor(clusterName),
    });
    // VPC User Guide, "Publish flow logs to CloudWatch Logs": the service role and its permissions.
    const flowRole = new IamRole(this, "flow-logs-role", { provider, namePrefix: `${shortName(clusterName, 24)}-flowlogs-`, assumeRolePolicy: assumeRolePolicy("vpc-flow-logs.amazonaws.com"), tags: tagsFor(clusterName) });
    new IamRolePolicy(this, "flow-logs-policy", {
      provider, role: flowRole.id, name: "flow-logs-write",
      policy: policyDocument([{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"], Resource: [flowLogs.group.arn, `${flowLogs.group.arn}:*`] }]),
    });
    new FlowLog(this, "flow-log", { provider, vpcId: this.vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: flowLogs.group.arn, iamRoleArn: flowRole.arn, maxAggregationInterval: 600, tags: tagsFor(clusterName, `${clusterName}-flow-log`) });
    const igw = new InternetGateway(this, "igw", { provider, vpcId: this.vpc.id, tags: tagsFor(clusterName, clusterName) });
    const publicRt = new RouteTable(this, "public", { provider, vpcId: this.vpc.id, tags: tagsFor(clusterName, `${clusterName}-public`) });
    new Route(this, "public-default", { provider, routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });

    const publics = new Map<string, Subnet>();
    const privateRts: RouteTable[] = [];
    this.privateSubnets = [];
    this.publicSubnetIds = [];
    for (const z of network.zones) {
      const pub = new Subnet(this, `public-${z.zone}`, {
        provider, vpcId: this.vpc.id, cidrBlock: z.publicCidr, availabilityZone: z.zone, mapPublicIpOnLaunch: false,
        tags: { ...tagsFor(clusterName, `${clusterName}-public-${z.zone}`), ...subnetDiscoveryTags(clusterName, "public") },
      });
      new RouteTableAssociation(this, `public-${z.zone}-rt`, { provider, subnetId: pub.id, routeTableId: publicRt.id });
      publics.set(z.zone, pub);
      this.publicSubnetIds.push(pub.id);
    }
    const nats = new Map<string, NatGateway>();
    for (const zone of network.natZones) {
      const eip = new Eip(this, `nat-${zone}-eip`, { provider, domain: "vpc", tags: tagsFor(clusterName, `${clusterName}-nat-${zone}`) });
      nats.set(zone, new NatGateway(this, `nat-${zone}`, { provider, allocationId: eip.allocationId, subnetId: publics.get(zone)!.id, dependsOn: [igw], tags: tagsFor(clusterName, `${clusterName}-${zone}`) }));
    }
    for (const z of network.zones) {
      const priv = new Subnet(this, `private-${z.zone}`, {
        provider, vpcId: this.vpc.id, cidrBlock: z.privateCidr, availabilityZone: z.zone, mapPublicIpOnLaunch: false,
        tags: { ...tagsFor(clusterName, `${clusterName}-private-${z.zone}`), ...subnetDiscoveryTags(clusterName, "private") },
      });
      const rt = new RouteTable(this, `private-${z.zone}-rt`, { provider, vpcId: this.vpc.id, tags: tagsFor(clusterName, `${clusterName}-private-${z.zone}`) });
      const nat = nats.get(z.zone) ?? nats.get(network.natZones[0])!;
      new Route(this, `private-${z.zone}-default`, { provider, routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
      new RouteTableAssociation(this, `private-${z.zone}-assoc`, { provider, subnetId: priv.id, routeTableId: rt.id });
      privateRts.push(rt);
      this.privateSubnets.push({ subnetId: priv.id, zone: z.zone });
    }
    new VpcEndpoint(this, "s3", {
      provider, vpcId: this.vpc.id, serviceName: `com.amazonaws.${regionOf(network.zones[0].zone)}.s3`, vpcEndpointType: "Gateway",
      routeTableIds: privateRts.map((rt) => rt.id), tags: tagsFor(clusterName, `${clusterName}-s3`),
    });
  }
}

/**
 * Tags the EKS cloud controller (and the AWS Load Balancer Controller) use to find subnets for a
 * Service of type LoadBalancer: `kubernetes.io/role/elb` on public subnets (internet-facing),
 * `kubernetes.io/role/internal-elb` on private ones (internal), and
 * `kubernetes.io/cluster/<cluster>: shared` on every subnet the cluster may use.
 */
export function subnetDiscoveryTags(clusterName: string, kind: "public" | "private"): Record<string, string> {
  return { [`kubernetes.io/cluster/${clusterName}`]: "shared", [kind === "public" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1" };
}

function regionOf(zone: string): string {
  return zone.replace(/[a-z]$/, "");
}
