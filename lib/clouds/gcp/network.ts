import { z } from "zod";
import { ComputeFirewall, ComputeNetwork, ComputeRouter, ComputeRouterNat, ComputeSubnetwork } from "../../internal/providers/google";
import { Construct, TerraformProvider } from "../../internal/tf";
import type { GkeNetworkPlan } from "./plan-gke-network";
import { parseOrThrow } from "../../validation";
import { providerSchema } from "./common";

export interface GkeNetworkProps {
  /** From `planGkeNetworks(plan, ...)` with `create: true`. */
  readonly networkPlan: GkeNetworkPlan;
  /** Project of the networks. @default the provider's project */
  readonly project?: string;
  /** @default the scope's google provider */
  readonly provider?: TerraformProvider;
}

const schema = z.object({
  networkPlan: z.custom<GkeNetworkPlan>((v) => typeof v === "object" && v !== null && (v as GkeNetworkPlan).create === true,
    "must be a network plan that creates networks; for existing networks skip GkeNetwork and pass their names on"),
  project: z.string().min(1).optional(),
  provider: providerSchema,
}).strict();

/**
 * The VPCs of a GKE placement: node VPC and subnet (pods/services secondary ranges, Private Google
 * Access), Cloud Router + NAT for egress, and the extra NIC VPCs (gVNIC, RDMA with the RoCE
 * profile, or GPUDirect-TCPX/TCPXO), translated from the network plan.
 */
export class GkeNetwork extends Construct {
  public readonly networks: Readonly<Record<string, ComputeNetwork>> = {};
  public readonly subnetworks: Readonly<Record<string, ComputeSubnetwork>> = {};
  /** Node VPC name (token, so dependents wait for it). */
  public readonly nodeNetworkName: string;
  public readonly nodeSubnetworkName: string;
  public readonly podsRangeName: string;
  public readonly servicesRangeName: string;
  /** One per extra NIC, in NIC order, as tokens. */
  public readonly additionalNodeNetworks: readonly { readonly network: string; readonly subnetwork: string }[];

  constructor(scope: Construct, id: string, props: GkeNetworkProps) {
    super(scope, id);
    const p = parseOrThrow(schema, props, id);
    const plan = p.networkPlan;
    const base = { project: p.project, provider: p.provider };
    const networks: Record<string, ComputeNetwork> = {};
    const subnetworks: Record<string, ComputeSubnetwork> = {};
    for (const vpc of plan.vpcs) {
      const net = new ComputeNetwork(this, `vpc-${vpc.name}`, {
        ...base, name: vpc.name, autoCreateSubnetworks: false, routingMode: "REGIONAL", mtu: vpc.mtu, networkProfile: vpc.networkProfile,
      });
      networks[vpc.name] = net;
      for (const s of vpc.subnets) {
        subnetworks[s.name] = new ComputeSubnetwork(this, `subnet-${s.name}`, {
          ...base, name: s.name, region: plan.region, network: net.id, ipCidrRange: s.cidr,
          privateIpGoogleAccess: vpc.role === "node" ? true : undefined,
          // VPC flow logs on the node subnet (VPC docs, "Use VPC Flow Logs"): every pod and node connection, sampled at half, 10-minute aggregation.
          logConfig: vpc.role === "node" ? { aggregationInterval: "INTERVAL_10_MIN", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" } : undefined,
          secondaryIpRange: s.secondaryRanges.length ? s.secondaryRanges.map((r) => ({ rangeName: r.rangeName, ipCidrRange: r.cidr })) : undefined,
        });
      }
      if (vpc.internalFirewall) {
        new ComputeFirewall(this, `fw-${vpc.name}`, {
          ...base, name: `${vpc.name}-internal`, network: net.id, direction: "INGRESS",
          sourceRanges: vpc.subnets.map((s) => s.cidr),
          allow: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }],
        });
      }
    }
    this.networks = networks;
    this.subnetworks = subnetworks;
    const node = networks[plan.nodeNetwork];
    if (plan.routerName && plan.natName) {
      const router = new ComputeRouter(this, "router", { ...base, name: plan.routerName, region: plan.region, network: node.id });
      new ComputeRouterNat(this, "nat", {
        ...base, name: plan.natName, region: plan.region, router: router.name,
        natIpAllocateOption: "AUTO_ONLY", sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
        logConfig: { enable: true, filter: "ERRORS_ONLY" },
      });
    }
    this.nodeNetworkName = node.name;
    this.nodeSubnetworkName = subnetworks[plan.nodeSubnetwork].name;
    this.podsRangeName = plan.podsRangeName;
    this.servicesRangeName = plan.servicesRangeName;
    this.additionalNodeNetworks = plan.additionalNetworks.map((n) => ({ network: networks[n.network].name, subnetwork: subnetworks[n.subnetwork].name }));
  }
}
