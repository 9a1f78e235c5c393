import { asWritten, type PathOf } from "../../plan/refusal-paths";
import { requirePlan } from "../../plan/plan-shape";
import { NODE_TYPES, NodeTypeSpec } from "../../catalog";
import { DeepSeekConfigError } from "../../errors";
import type { KubernetesObject } from "../../internal/k8s-object";
import type { DeploymentPlan } from "../../plan/plan";

/**
 * GKE networking for one placement, as plain data: the node VPC (pods and services as secondary
 * ranges, Cloud Router + NAT) and the extra VPCs the GPU machine type's additional NICs attach to.
 *
 * Layouts (GoogleCloudPlatform/cluster-toolkit examples/gke-a3-megagpu, gke-a3-ultragpu, gke-a4):
 * - a3-ultragpu-8g, a4-highgpu-8g: a second gVNIC VPC + one RDMA VPC with the zonal RoCE network
 *   profile `${zone}-vpc-roce` and 8 subnets (GPUDirect RDMA).
 * - a3-megagpu-8g: 8 GPU-NIC VPCs, MTU 8244 (GPUDirect-TCPXO).
 * - a3-highgpu-8g: 4 GPU-NIC VPCs, MTU 8244 (GPUDirect-TCPX).
 */

/** The node subnet's primary and secondary ranges. Deterministic, RFC 1918. */
export const GKE_NODE_CIDRS = {
  nodes: "10.0.0.0/20",
  pods: "10.4.0.0/14",
  services: "10.8.0.0/20",
} as const;
/** Extra NIC subnets: 192.168.0.0/24 for the 2nd gVNIC, 192.168.<i+1>.0/24 for GPU/RDMA NIC i. */
export const GKE_EXTRA_NIC_CIDR_BASE = "192.168";
/** MTUs from cluster-toolkit blueprints: 8896 for A3 Ultra/A4 VPCs, 8244 for A3 High/Mega GPU VPCs. */
export const GKE_MTU = { rdma: 8896, tcpx: 8244 } as const;

export type GkeNicRole = "gvnic" | "rdma" | "gpu";

export interface GkeSubnetPlan {
  readonly name: string;
  readonly cidr: string;
  readonly secondaryRanges: readonly { readonly rangeName: string; readonly cidr: string }[];
}

export interface GkeVpcPlan {
  readonly name: string;
  readonly role: "node" | GkeNicRole;
  readonly mtu: number;
  /** Partial URL of the network profile (RDMA VPC only). */
  readonly networkProfile?: string;
  readonly subnets: readonly GkeSubnetPlan[];
  /** Allow intra-VPC traffic (tcp, udp, icmp) from the VPC's own subnets. Not on RoCE VPCs. */
  readonly internalFirewall: boolean;
}

/** One extra NIC of the GPU node: the VPC/subnet it attaches to and its GKE Network object. */
export interface GkeAdditionalNetwork {
  readonly network: string;
  readonly subnetwork: string;
  readonly role: GkeNicRole;
  /** Name of the GKENetworkParamSet and Network objects (`gvnic-1`, `rdma-<i>`, `vpc<i+1>`). */
  readonly gkeNetworkName: string;
  readonly deviceMode: "NetDevice" | "RDMA";
}

export interface GkeNetworkPlan {
  readonly region: string;
  readonly namePrefix: string;
  /** Whether this plan creates the VPCs (false when existing networks are passed in). */
  readonly create: boolean;
  readonly nodeNetwork: string;
  readonly nodeSubnetwork: string;
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
  /** VPCs to create, node VPC first. Empty when `create` is false. */
  readonly vpcs: readonly GkeVpcPlan[];
  readonly routerName?: string;
  readonly natName?: string;
  /** One per extra NIC, in NIC order. */
  readonly additionalNetworks: readonly GkeAdditionalNetwork[];
  /** Dataplane V2 multi-networking is required when the node has extra NICs. */
  readonly multiNetworking: boolean;
}

/** Existing networks to use instead of creating them. */
export interface ExistingGkeNetworks {
  readonly network: string;
  readonly subnetwork: string;
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
  /** One `{network, subnetwork}` per extra NIC, in NIC order (2nd gVNIC first, then GPU/RDMA NICs). */
  readonly additionalNetworks: readonly { readonly network: string; readonly subnetwork: string }[];
}

export interface GkeNetworkOptions {
  /** Project id; the RoCE network profile URL names it. */
  readonly project: string;
  /** Prefix of every network resource name. @default `ds-<region>` */
  readonly namePrefix?: string;
  readonly existing?: ExistingGkeNetworks;
}

const NAME_PREFIX_RE = /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/;

/** The NIC layout of a GCP node type: roles of the extra NICs in order. */
export function gkeNicRoles(nodeType: NodeTypeSpec): GkeNicRole[] {
  const nics = nodeType.additionalNics ?? { gvnic: 0, gpuNics: 0 };
  const gpuRole: GkeNicRole = nodeType.fabric === "gpudirect-rdma" ? "rdma" : "gpu";
  return [...Array<GkeNicRole>(nics.gvnic).fill("gvnic"), ...Array<GkeNicRole>(nics.gpuNics).fill(gpuRole)];
}

function gcpNodeType(plan: DeploymentPlan, at: PathOf = asWritten): NodeTypeSpec {
  requirePlan(plan, at("plan"));
  const spec = NODE_TYPES[plan.nodeType];
  if (!spec || plan.cloud !== "gcp" || spec.cloud !== "gcp") {
    throw new DeepSeekConfigError(at("plan.cloud"), "GKE infrastructure needs a plan for cloud \"gcp\" with a GCP machine type", `${plan.cloud}/${plan.nodeType}`, "plan the placement with cloud \"gcp\"");
  }
  return spec;
}

/** Decides the VPCs, subnets and extra NIC attachments for a GKE placement. Pure. */
export function planGkeNetworks(plan: DeploymentPlan, options: GkeNetworkOptions, at: PathOf = asWritten): GkeNetworkPlan {
  const spec = gcpNodeType(plan, at);
  // Untyped callers (and the refusal that points here) may leave the options out.
  if (typeof options !== "object" || options === null || typeof options.project !== "string" || !options.project) {
    throw new DeepSeekConfigError(at("project"), "is required: the RoCE network profile and network names are in the project", (options as { project?: unknown } | undefined)?.project, 'call planGkeNetworks(plan, { project: "<project id>" })');
  }
  const roles = gkeNicRoles(spec);
  const prefix = options.namePrefix ?? `ds-${plan.region}`;
  if (!NAME_PREFIX_RE.test(prefix)) {
    throw new DeepSeekConfigError(at("namePrefix"), "is not a valid GCP name prefix", prefix, "use 1-40 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen");
  }
  const multiNetworking = roles.length > 0;
  const rdma = roles.includes("rdma");
  if (rdma && plan.zones.length !== 1) {
    throw new DeepSeekConfigError(at("zones"), `${plan.nodeType} needs exactly one zone: its RDMA VPC uses the zonal RoCE network profile`, plan.zones, "set zones to the one zone that holds your capacity");
  }

  let gpuIndex = 0;
  let gvnicIndex = 0;
  const gkeName = (role: GkeNicRole): string => {
    if (role === "gvnic") return `gvnic-${++gvnicIndex}`;
    const i = gpuIndex++;
    return role === "rdma" ? `rdma-${i}` : `vpc${i + 1}`;
  };

  if (options.existing) {
    const ex = options.existing;
    if (ex.additionalNetworks.length !== roles.length) {
      throw new DeepSeekConfigError(at("existingNetwork.additionalNetworks"), `${plan.nodeType} has ${roles.length} extra NICs (${describeRoles(roles)}); one network/subnetwork pair is needed per NIC`, ex.additionalNetworks.length, `pass exactly ${roles.length} pairs, in NIC order`);
    }
    return {
      region: plan.region, namePrefix: prefix, create: false,
      nodeNetwork: ex.network, nodeSubnetwork: ex.subnetwork, podsRangeName: ex.podsRangeName, servicesRangeName: ex.servicesRangeName,
      vpcs: [],
      additionalNetworks: roles.map((role, i) => ({
        network: ex.additionalNetworks[i].network, subnetwork: ex.additionalNetworks[i].subnetwork, role,
        gkeNetworkName: gkeName(role), deviceMode: role === "rdma" ? "RDMA" as const : "NetDevice" as const,
      })),
      multiNetworking,
    };
  }

  const mtu = rdma ? GKE_MTU.rdma : multiNetworking ? GKE_MTU.tcpx : 1460;
  const podsRangeName = "pods";
  const servicesRangeName = "services";
  const node: GkeVpcPlan = {
    name: `${prefix}-net`, role: "node", mtu, internalFirewall: false,
    subnets: [{
      name: `${prefix}-nodes`, cidr: GKE_NODE_CIDRS.nodes,
      secondaryRanges: [{ rangeName: podsRangeName, cidr: GKE_NODE_CIDRS.pods }, { rangeName: servicesRangeName, cidr: GKE_NODE_CIDRS.services }],
    }],
  };
  const vpcs: GkeVpcPlan[] = [node];
  const additionalNetworks: GkeAdditionalNetwork[] = [];
  const gvnicCount = roles.filter((r) => r === "gvnic").length;
  for (let i = 0; i < gvnicCount; i++) {
    const name = `${prefix}-gvnic-${i + 1}`;
    const subnet = { name: `${name}-sub`, cidr: `${GKE_EXTRA_NIC_CIDR_BASE}.${i * 100}.0/24`, secondaryRanges: [] };
    vpcs.push({ name, role: "gvnic", mtu, internalFirewall: true, subnets: [subnet] });
    additionalNetworks.push({ network: name, subnetwork: subnet.name, role: "gvnic", gkeNetworkName: gkeName("gvnic"), deviceMode: "NetDevice" });
  }
  const gpuCount = roles.length - gvnicCount;
  if (rdma) {
    const name = `${prefix}-rdma`;
    const subnets = Array.from({ length: gpuCount }, (_, i) => ({ name: `${name}-sub-${i}`, cidr: `${GKE_EXTRA_NIC_CIDR_BASE}.${i + 1}.0/24`, secondaryRanges: [] }));
    vpcs.push({ name, role: "rdma", mtu: GKE_MTU.rdma, networkProfile: `projects/${options.project}/global/networkProfiles/${plan.zones[0]}-vpc-roce`, internalFirewall: false, subnets });
    subnets.forEach((s) => additionalNetworks.push({ network: name, subnetwork: s.name, role: "rdma", gkeNetworkName: gkeName("rdma"), deviceMode: "RDMA" }));
  } else {
    for (let i = 0; i < gpuCount; i++) {
      const name = `${prefix}-gpu-${i}`;
      const subnet = { name: `${name}-sub`, cidr: `${GKE_EXTRA_NIC_CIDR_BASE}.${i + 1}.0/24`, secondaryRanges: [] };
      vpcs.push({ name, role: "gpu", mtu: GKE_MTU.tcpx, internalFirewall: true, subnets: [subnet] });
      additionalNetworks.push({ network: name, subnetwork: subnet.name, role: "gpu", gkeNetworkName: gkeName("gpu"), deviceMode: "NetDevice" });
    }
  }
  return {
    region: plan.region, namePrefix: prefix, create: true,
    nodeNetwork: node.name, nodeSubnetwork: node.subnets[0].name, podsRangeName, servicesRangeName,
    vpcs, routerName: `${prefix}-router`, natName: `${prefix}-nat`, additionalNetworks, multiNetworking,
  };
}

function describeRoles(roles: readonly GkeNicRole[]): string {
  const count = (r: GkeNicRole) => roles.filter((x) => x === r).length;
  const parts = [[count("gvnic"), "gVNIC"], [count("rdma"), "RDMA"], [count("gpu"), "GPU"]].filter(([n]) => (n as number) > 0).map(([n, what]) => `${String(n)} ${String(what)}`);
  return parts.length ? parts.join(" + ") : "none";
}

/**
 * The GKE multi-networking objects the cluster needs: one GKENetworkParamSet + Network per extra
 * NIC (`deviceMode: RDMA` on RDMA subnets, `NetDevice` otherwise). Cluster-scoped Kubernetes
 * objects for the serving layer to install; pods reference them by name in their
 * `networking.gke.io/interfaces` annotation.
 */
export function gkeNetworkObjects(plan: DeploymentPlan, networkPlan: GkeNetworkPlan): KubernetesObject[] {
  const labels = { "app.kubernetes.io/part-of": "cdktf-deepseek", "app.kubernetes.io/component": `gke-network-${plan.nodeType}` };
  return networkPlan.additionalNetworks.flatMap((n) => [
    {
      apiVersion: "networking.gke.io/v1",
      kind: "GKENetworkParamSet",
      metadata: { name: n.gkeNetworkName, labels },
      spec: { vpc: n.network, vpcSubnet: n.subnetwork, deviceMode: n.deviceMode },
    },
    {
      apiVersion: "networking.gke.io/v1",
      kind: "Network",
      metadata: { name: n.gkeNetworkName, labels },
      spec: { type: "Device", parametersRef: { group: "networking.gke.io", kind: "GKENetworkParamSet", name: n.gkeNetworkName } },
    },
  ]);
}
