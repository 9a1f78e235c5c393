import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EksNetwork } from "../../../lib/clouds/aws/network";
import { planEksInfra } from "../../../lib/clouds/aws/plan-aws-infra";
import type { NewNetworkPlan } from "../../../lib/clouds/aws/plan-aws-network";
import { planDeployment } from "../../../lib/plan/index";
import { refusal } from "../../support/refusal";

/**
 * Issue 15: EksNetwork only emits. Its tags and names, the region its S3 endpoint and flow-log key
 * are for, the flow-log key's deletion window and which NAT gateway each private subnet routes
 * through are decided by planEksInfra (plan-aws-network.ts). Each test hands the construct an edited
 * plan: an emitter that still derived any of them itself would write its own value, not the edit.
 */
type Json = Record<string, any>;
const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
const planned = (singleNatGateway = true) => planEksInfra(plan, { clusterName: "ds", singleNatGateway }).network as NewNetworkPlan;
const synth = (network: NewNetworkPlan, extra: Json = {}): Json => JSON.parse(Testing.synthScope((s) => {
  new AwsProvider(s, "aws", { region: "us-east-2" });
  new EksNetwork(s, "net", { network, ...extra });
})) as Json;
const all = (out: Json, type: string): Json[] => Object.values(out.resource[type] ?? {});
/** Each private route's NAT gateway, by the zone of its route table's subnet (construct ids carry the zone). */
const natOfZone = (out: Json): Record<string, string> => Object.fromEntries(Object.entries(out.resource.aws_route as Json)
  .filter(([id]) => id.includes("private"))
  .map(([id, r]) => [/us-east-2[a-z]/.exec(id)![0], /aws_nat_gateway\.([^.]+)\./.exec((r as Json).nat_gateway_id)![1]]));

describe("planEksInfra plans the new VPC's names, tags, region and routes", () => {
  test("one NAT gateway: every private subnet routes through the first zone's; region and S3 service from the zones", () => {
    const n = planned();
    const first = n.zones[0].zone;
    expect(n.zones.length).toBeGreaterThanOrEqual(2);
    expect(n.natGateways.map((g) => g.zone)).toEqual([first]);
    expect(n.zones.map((z) => z.natZone)).toEqual(n.zones.map(() => first));
    expect(n).toMatchObject({ clusterName: "ds", region: "us-east-2", partition: "aws", s3EndpointServiceName: "com.amazonaws.us-east-2.s3" });
    expect(n.flowLogs).toMatchObject({ logGroupName: "/cdktf-deepseek/ds/vpc-flow-logs", rolePrefix: "ds-flowlogs-", keyDeletionWindowDays: 30 });
    expect(n.zones[1].privateSubnetTags).toEqual({ "cdktf-deepseek/eks-cluster": "ds", Name: "ds-private-us-east-2b", "kubernetes.io/cluster/ds": "shared", "kubernetes.io/role/internal-elb": "1" });
    expect(n.zones[1].publicSubnetTags).toMatchObject({ Name: "ds-public-us-east-2b", "kubernetes.io/role/elb": "1" });
    const out = synth(n);
    expect(new Set(Object.values(natOfZone(out)))).toEqual(new Set([Object.keys(out.resource.aws_nat_gateway)[0]]));
    expect(all(out, "aws_vpc_endpoint")[0].service_name).toBe("com.amazonaws.us-east-2.s3");
  });

  test("a NAT gateway per zone: each private subnet routes through its own zone's", () => {
    const n = planned(false);
    expect(n.zones.map((z) => z.natZone)).toEqual(n.zones.map((z) => z.zone));
    const routes = natOfZone(synth(n));
    for (const z of n.zones) expect(routes[z.zone]).toMatch(new RegExp(z.zone));
  });
});

describe("EksNetwork writes an edited plan as edited", () => {
  test("routes, S3 service name, flow-log names and window, region of the key policy and tags", () => {
    const n = planned(false);
    const edited: NewNetworkPlan = {
      ...n,
      // Both private subnets through zone b's gateway (the emitter used to fall back to the first zone's itself).
      zones: n.zones.map((z) => ({ ...z, natZone: "us-east-2b", privateSubnetTags: { ...z.privateSubnetTags, planted: z.zone } })),
      region: "eu-west-1", partition: "aws-planted",
      s3EndpointServiceName: "com.amazonaws.planted.s3",
      flowLogs: { ...n.flowLogs, logGroupName: "/planted/flow", rolePrefix: "planted-", policyName: "planted-policy", keyDeletionWindowDays: 7 },
      tags: { ...n.tags, vpc: { Name: "planted-vpc" } },
    };
    const out = synth(edited);
    expect(Object.values(natOfZone(out)).every((g) => g.includes("us-east-2b"))).toBe(true);
    expect(all(out, "aws_vpc_endpoint")[0].service_name).toBe("com.amazonaws.planted.s3");
    expect(all(out, "aws_cloudwatch_log_group")[0].name).toBe("/planted/flow");
    expect(all(out, "aws_kms_key")[0].deletion_window_in_days).toBe(7);
    // The flow-log key policy lets CloudWatch Logs of the planned region (and partition) use the key.
    expect(all(out, "aws_kms_key")[0].policy).toContain("logs.eu-west-1.amazonaws.com");
    expect(all(out, "aws_kms_key")[0].policy).toContain("arn:aws-planted:");
    expect(all(out, "aws_iam_role")[0].name_prefix).toBe("planted-");
    expect(all(out, "aws_iam_role_policy")[0].name).toBe("planted-policy");
    expect(all(out, "aws_vpc")[0].tags).toEqual({ Name: "planted-vpc" });
    expect(all(out, "aws_subnet").filter((s) => s.tags.planted).map((s) => s.tags.planted).sort()).toEqual(n.zones.map((z) => z.zone).sort());
  });

  test("refused: a route through a gateway the plan lacks, a gateway outside the zones, a plan without names, the old window prop, another cluster", () => {
    const n = planned();
    expect(refusal(() => synth({ ...n, zones: n.zones.map((z) => ({ ...z, natZone: "us-east-2c" })) })).path).toBe("net.network.zones.0.natZone");
    expect(refusal(() => synth({ ...n, natGateways: [...n.natGateways, { ...n.natGateways[0], zone: "us-west-2a" }] })).path).toBe("net.network.natGateways.1.zone");
    const { kind, vpcCidr, zones, natZones } = n;
    expect(refusal(() => synth({ kind, vpcCidr, zones, natZones } as never)).message).toMatch(/planEksInfra\(plan, options\)\.network/);
    expect(refusal(() => synth(n, { keyDeletionWindowDays: 7 })).message).toMatch(/^net\.keyDeletionWindowDays: is decided in the network's plan/);
    expect(refusal(() => synth(n, { clusterName: "other" })).path).toBe("net.clusterName");
    expect(all(synth(n, { clusterName: "ds" }), "aws_vpc")).toHaveLength(1);
  });
});
