import { z } from "zod";
import { Construct, TerraformProvider } from "../../internal/tf";
import { DefaultSecurityGroup, Eip, FlowLog, IamRole, IamRolePolicy, InternetGateway, NatGateway, Route, RouteTable, RouteTableAssociation, Subnet, Vpc, VpcEndpoint } from "../../internal/providers/aws";
import { assumeRolePolicy, policyDocument } from "./iam";
import { EncryptedLogGroup } from "./logs";
import type { NewNetworkPlan } from "./plan-aws-network";
import type { SubnetRef } from "./plan-aws-shared";
import { DeepSeekConfigError } from "../../errors";
import { parseOrThrow } from "../../validation";
import { providerSchema } from "./common";

export { subnetDiscoveryTags } from "./plan-aws-network";

export interface EksNetworkProps {
  /** Layout, names and tags from `planEksInfra(...).network` (kind "new"). */
  readonly network: NewNetworkPlan;
  /** The cluster the network serves: must be the plan's (`network.clusterName`). @default network.clusterName */
  readonly clusterName?: string;
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

const tags = z.record(z.string(), z.string());
const propsSchema = z.object({
  clusterName: z.string().min(1).optional(),
  network: z.custom<unknown>((v) => typeof v === "object" && v !== null && typeof (v as NewNetworkPlan).s3EndpointServiceName === "string" && Array.isArray((v as NewNetworkPlan).natGateways),
    "must be a new-network plan with its names and routes; plan it with planEksInfra(plan, options).network").pipe(z.object({
    kind: z.literal("new"), vpcCidr: z.string(), zones: z.array(z.object({ zone: z.string(), natZone: z.string() }).loose()).min(2), natZones: z.array(z.string()).min(1),
    natGateways: z.array(z.object({ zone: z.string() }).loose()).min(1), clusterName: z.string().min(1), region: z.string().min(1), partition: z.string().min(1),
    tags: z.object({ common: tags }).loose(), flowLogs: z.object({ keyDeletionWindowDays: z.number().int().min(7).max(30) }).loose(), s3EndpointServiceName: z.string().min(1),
  }).passthrough().superRefine((n, ctx) => {
    // Every route names a planned NAT gateway, and every gateway sits in a planned zone's public subnet.
    const gateways = new Set(n.natGateways.map((g) => g.zone));
    n.zones.forEach((z, i) => { if (!gateways.has(z.natZone)) ctx.addIssue({ code: "custom", path: ["zones", i, "natZone"], message: "is not the zone of a planned NAT gateway; route through one of network.natGateways" }); });
    const zones = new Set(n.zones.map((z) => z.zone));
    n.natGateways.forEach((g, i) => { if (!zones.has(g.zone)) ctx.addIssue({ code: "custom", path: ["natGateways", i, "zone"], message: "is not a zone of the network; a NAT gateway sits in one of network.zones" }); });
  })),
  // Decided in the plan now (planEksInfra: the placement's protection): a clear refusal rather than "not a known field".
  keyDeletionWindowDays: z.never({ error: "is decided in the network's plan; remove it: network.flowLogs.keyDeletionWindowDays follows the plan's protection (planEksInfra)" }).optional(),
  provider: providerSchema,
}).strict();

/**
 * VPC with one private subnet (nodes) and one public subnet (NAT, load balancers) per zone,
 * NAT egress, and an S3 gateway endpoint so checkpoint downloads stay off the NAT. Subnets carry
 * the load-balancer discovery tags (subnetDiscoveryTags) so a LoadBalancer Service finds them.
 * Flow logs of every accepted and rejected connection go to an encrypted log group kept a year, and
 * the VPC's default security group is emptied (no rules: nothing may use it by accident).
 * Every name, tag, route and window is the plan's (plan-aws-network.ts); this only writes them.
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
    const { network, provider } = props;
    if (props.clusterName !== undefined && props.clusterName !== network.clusterName) {
      throw new DeepSeekConfigError(`${id}.clusterName`, `is not the cluster the network was planned for (${network.clusterName})`, props.clusterName, "leave clusterName unset, or plan the network with planEksInfra for this cluster");
    }
    const t = network.tags;
    this.vpc = new Vpc(this, "vpc", { provider, cidrBlock: network.vpcCidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { ...t.vpc } });
    this.vpcId = this.vpc.id;
    // An aws_default_security_group without rules removes the default group's rules (AWS provider docs,
    // "aws_default_security_group"): EKS and the node groups use their own groups.
    new DefaultSecurityGroup(this, "default-sg", { provider, vpcId: this.vpc.id, ingress: [], egress: [], tags: { ...t.defaultSecurityGroup } });
    const fl = network.flowLogs;
    const flowLogs = new EncryptedLogGroup(this, "flow-logs", {
      provider, name: fl.logGroupName, region: network.region, partition: network.partition, description: fl.description,
      keyDeletionWindowDays: fl.keyDeletionWindowDays, tags: t.common,
    });
    // VPC User Guide, "Publish flow logs to CloudWatch Logs": the service role and its permissions.
    const flowRole = new IamRole(this, "flow-logs-role", { provider, namePrefix: fl.rolePrefix, assumeRolePolicy: assumeRolePolicy("vpc-flow-logs.amazonaws.com"), tags: { ...t.common } });
    new IamRolePolicy(this, "flow-logs-policy", {
      provider, role: flowRole.id, name: fl.policyName,
      policy: policyDocument([{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"], Resource: [flowLogs.group.arn, `${flowLogs.group.arn}:*`] }]),
    });
    new FlowLog(this, "flow-log", {
      provider, vpcId: this.vpc.id, trafficType: fl.trafficType, logDestinationType: "cloud-watch-logs", logDestination: flowLogs.group.arn, iamRoleArn: flowRole.arn,
      maxAggregationInterval: fl.maxAggregationIntervalSeconds, tags: { ...t.flowLog },
    });
    const igw = new InternetGateway(this, "igw", { provider, vpcId: this.vpc.id, tags: { ...t.internetGateway } });
    const publicRt = new RouteTable(this, "public", { provider, vpcId: this.vpc.id, tags: { ...t.publicRouteTable } });
    new Route(this, "public-default", { provider, routeTableId: publicRt.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });

    const publics = new Map<string, Subnet>();
    const privateRts: RouteTable[] = [];
    this.privateSubnets = [];
    this.publicSubnetIds = [];
    for (const z of network.zones) {
      const pub = new Subnet(this, `public-${z.zone}`, {
        provider, vpcId: this.vpc.id, cidrBlock: z.publicCidr, availabilityZone: z.zone, mapPublicIpOnLaunch: false, tags: { ...z.publicSubnetTags },
      });
      new RouteTableAssociation(this, `public-${z.zone}-rt`, { provider, subnetId: pub.id, routeTableId: publicRt.id });
      publics.set(z.zone, pub);
      this.publicSubnetIds.push(pub.id);
    }
    const nats = new Map<string, NatGateway>();
    for (const nat of network.natGateways) {
      const eip = new Eip(this, `nat-${nat.zone}-eip`, { provider, domain: "vpc", tags: { ...nat.eipTags } });
      nats.set(nat.zone, new NatGateway(this, `nat-${nat.zone}`, { provider, allocationId: eip.allocationId, subnetId: publics.get(nat.zone)!.id, dependsOn: [igw], tags: { ...nat.gatewayTags } }));
    }
    for (const z of network.zones) {
      const priv = new Subnet(this, `private-${z.zone}`, {
        provider, vpcId: this.vpc.id, cidrBlock: z.privateCidr, availabilityZone: z.zone, mapPublicIpOnLaunch: false, tags: { ...z.privateSubnetTags },
      });
      const rt = new RouteTable(this, `private-${z.zone}-rt`, { provider, vpcId: this.vpc.id, tags: { ...z.privateRouteTableTags } });
      new Route(this, `private-${z.zone}-default`, { provider, routeTableId: rt.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats.get(z.natZone)!.id });
      new RouteTableAssociation(this, `private-${z.zone}-assoc`, { provider, subnetId: priv.id, routeTableId: rt.id });
      privateRts.push(rt);
      this.privateSubnets.push({ subnetId: priv.id, zone: z.zone });
    }
    new VpcEndpoint(this, "s3", {
      provider, vpcId: this.vpc.id, serviceName: network.s3EndpointServiceName, vpcEndpointType: "Gateway",
      routeTableIds: privateRts.map((rt) => rt.id), tags: { ...t.s3Endpoint },
    });
  }
}
