import { shortName } from "../../plan/names";
import { ProtectionPlan, protectionOf } from "../../plan/protection";
import { IPV4_CIDR, isPrivateIpv4Cidr, prefixLength } from "../../plan/cidr";
import { requirePlan } from "../../plan/plan-shape";
import { z } from "zod";
import { NODE_TYPES } from "../../catalog";
import { DeepSeekConfigError, oneOf } from "../../errors";
import { parseOrThrow } from "../../validation";
import { EfaInterfacePlan, planEfaInterfaces } from "../../fabric/plan-efa-interfaces";
import { servingNames } from "../../plan/names";
import type { DeploymentPlan } from "../../plan/plan";

/**
 * Pure planning of the AWS infrastructure of one placement: network layout, EKS control plane
 * settings, the system node group and the GPU node group. No cdktf import; constructs translate.
 */

/** Kubernetes minor version the cluster is pinned to (EKS standard support; check before deploying). */
export const DEFAULT_EKS_VERSION = "1.33";
export const DEFAULT_VPC_CIDR = "10.64.0.0/16";
/** Root volume of GPU nodes: the TensorRT-LLM image is tens of GB unpacked; 200 GiB leaves room for two versions. */
export const DEFAULT_GPU_ROOT_VOLUME_GIB = 200;
export const DEFAULT_SYSTEM_INSTANCE_TYPE = "m7i.xlarge";
export const DEFAULT_SYSTEM_NODES = 2;
/** Core add-ons every cluster gets (EKS-managed; versions default to the cluster version's default). */
export const EKS_CORE_ADDONS = ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"] as const;
/**
 * `configuration_values` of core add-ons (JSON, the add-on's own schema). vpc-cni enforces
 * Kubernetes NetworkPolicies only with its network policy agent on (EKS UG "Limit pod traffic
 * with Kubernetes network policies"); without it the serving policies are silently ignored.
 */
export const EKS_ADDON_CONFIGURATION: Readonly<Partial<Record<(typeof EKS_CORE_ADDONS)[number], string>>> = {
  "vpc-cni": JSON.stringify({ enableNetworkPolicy: "true" }),
};
/** The EKS access policy granted to admin principals. */
export const EKS_CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy";
/** AMI type of GPU nodes: AL2023 with NVIDIA driver, CUDA user-mode driver, container toolkit and EFA host pieces (facts §1.4). */
export const GPU_AMI_TYPE = "AL2023_x86_64_NVIDIA";
export const SYSTEM_AMI_TYPE = "AL2023_x86_64_STANDARD";
/** Managed policies a node needs, and no more (EKS UG "Amazon EKS node IAM role"). */
export const NODE_MANAGED_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly"] as const;
export const CLUSTER_MANAGED_POLICIES = ["AmazonEKSClusterPolicy"] as const;

const zoneSchema = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "is not an AWS availability zone name; use a name such as us-east-1a");
const subnetSchema = z.object({ subnetId: z.string().min(1), zone: zoneSchema }).strict();

export const eksInfraOptionsSchema = z.object({
  clusterName: z.string().regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, "is not a valid EKS cluster name; use letters, digits and hyphens, starting with a letter, at most 63 characters").optional(),
  kubernetesVersion: z.string().regex(/^1\.\d{2}$/, "is not a Kubernetes minor version; use a version such as 1.33").optional(),
  vpcCidr: z.string().regex(IPV4_CIDR, "is not an IPv4 CIDR; use a /16 such as 10.64.0.0/16").optional(),
  networkZones: z.array(zoneSchema).min(1).optional(),
  singleNatGateway: z.boolean().optional(),
  existingNetwork: z.object({ vpcId: z.string().min(1), privateSubnets: z.array(subnetSchema).min(1) }).strict().optional(),
  publicAccessCidrs: z.array(z.string().regex(IPV4_CIDR, "is not an IPv4 CIDR; use a CIDR such as 203.0.113.0/24")).optional(),
  adminPrincipalArns: z.array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:[a-z-]+\/.+$/, "is not an IAM principal ARN; use arn:aws:iam::<account>:role/<name>")).optional(),
  gpuRootVolumeGiB: z.number().int().min(100).max(16384).optional(),
  systemInstanceType: z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, "is not an EC2 instance type; use a type such as m7i.xlarge").optional(),
  systemNodes: z.number().int().min(1).max(10).optional(),
  placementGroupName: z.string().min(1).optional(),
}).strict();
export type EksInfraOptions = z.input<typeof eksInfraOptionsSchema>;

export interface SubnetRef {
  readonly subnetId: string;
  readonly zone: string;
}

export interface NewNetworkPlan {
  readonly kind: "new";
  readonly vpcCidr: string;
  /** One private (nodes) and one public (NAT, load balancers) subnet per zone. */
  readonly zones: readonly { readonly zone: string; readonly privateCidr: string; readonly publicCidr: string }[];
  /** Zones that get a NAT gateway (first zone only, or every zone). */
  readonly natZones: readonly string[];
}
export interface ExistingNetworkPlan {
  readonly kind: "existing";
  readonly vpcId: string;
  readonly privateSubnets: readonly SubnetRef[];
}

export interface GpuCapacitySettings {
  /** aws_eks_node_group.capacity_type. */
  readonly capacityType: "ON_DEMAND" | "SPOT" | "CAPACITY_BLOCK";
  /** Launch template instance_market_options.market_type, when any. */
  readonly marketType?: "capacity-block";
  /** Targeted capacity reservation (ODCR or Capacity Block). */
  readonly reservationId?: string;
  /** Create a cluster placement group (`create`), use an existing one by name, or none. */
  readonly placementGroup: { readonly kind: "none" } | { readonly kind: "create"; readonly name: string } | { readonly kind: "existing"; readonly name: string };
}

export interface GpuNodeGroupPlan {
  readonly name: string;
  readonly instanceType: string;
  readonly amiType: typeof GPU_AMI_TYPE;
  /** Zones GPU nodes may use; the subnets given to the node group are in these zones only. */
  readonly zones: readonly string[];
  /**
   * How the zones are checked against EC2's instance type offerings at plan time.
   * `"filter"`: several candidate zones (the catalog's, or a guess of `<region>a/b/c`); the node
   * group keeps only the subnets whose zone offers the type, and plan fails only when none does.
   * `"require"`: the zone is pinned (reservation, Capacity Block, a multi-node replica's single
   * zone, or subnets without zones) and every zone must offer the type.
   */
  readonly offeringCheck: "filter" | "require";
  readonly scaling: { readonly min: number; readonly max: number; readonly desired: number };
  /** Nodes replaced at once during an update: one whole replica. */
  readonly maxUnavailable: number;
  readonly capacity: GpuCapacitySettings;
  readonly rootVolume: { readonly deviceName: "/dev/xvda"; readonly sizeGiB: number; readonly type: "gp3"; readonly encrypted: true };
  /** IMDSv2 only; hop limit 1 so pods cannot reach the node role (they use EKS Pod Identity). */
  readonly metadata: { readonly httpTokens: "required"; readonly hopLimit: 1; readonly httpEndpoint: "enabled" };
  /** Empty for single-node replicas. */
  readonly efaInterfaces: readonly EfaInterfacePlan[];
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { readonly key: string; readonly value: string; readonly effect: "NO_SCHEDULE" }[];
  /** MIME multi-part user data (nodeadm NodeConfig), plain text; the emitter base64-encodes it. */
  readonly userData: string;
}

export interface EksInfraPlan {
  readonly clusterName: string;
  readonly region: string;
  readonly partition: string;
  readonly kubernetesVersion: string;
  readonly network: NewNetworkPlan | ExistingNetworkPlan;
  readonly endpoint: { readonly privateAccess: true; readonly publicAccess: boolean; readonly publicAccessCidrs: readonly string[] };
  /** Grant the identity running Terraform cluster admin when no admin principals are named. */
  readonly bootstrapCreatorAdmin: boolean;
  readonly adminPrincipalArns: readonly string[];
  readonly addons: readonly string[];
  /** configuration_values per add-on name (JSON strings); add-ons not listed take EKS defaults. */
  readonly addonConfiguration: Readonly<Record<string, string>>;
  readonly systemNodeGroup: {
    readonly name: string; readonly instanceType: string; readonly amiType: typeof SYSTEM_AMI_TYPE;
    readonly scaling: { readonly min: number; readonly max: number; readonly desired: number };
  };
  readonly gpuNodeGroup: GpuNodeGroupPlan;
  /** S3 bucket_prefix of the model cache bucket (the provider appends a unique suffix). */
  readonly bucketPrefix: string;
  readonly hfTokenSecretName: string;
  /** Teardown decisions: KMS deletion windows, bucket force_destroy, secret recovery window. */
  readonly protection: ProtectionPlan;
}

/** `aws`, `aws-cn` or `aws-us-gov`, from the region name. */
export function awsPartition(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** Refuses a plan that is not for AWS. */
export function requireAwsPlan(plan: DeploymentPlan): void {
  requirePlan(plan);
  if (plan.cloud !== "aws") {
    throw new DeepSeekConfigError("plan.cloud", "is not \"aws\": the EKS constructs emit AWS resources only", plan.cloud, "plan the placement with cloud \"aws\", or use the GKE constructs for GCP");
  }
}

/** Private subnet /19 and public subnet /24 of zone `i` inside a /16. */
export function zoneCidrs(vpcCidr: string, i: number): { privateCidr: string; publicCidr: string } {
  const m = IPV4_CIDR.test(vpcCidr) ? vpcCidr.split(/[./]/) : [];
  if (m[4] !== "16" || m[2] !== "0" || m[3] !== "0") {
    throw new DeepSeekConfigError("vpcCidr", "must be a /16 network (nodes get a /19 per zone, NAT and load balancers a /24)", vpcCidr, "use a /16 such as 10.64.0.0/16");
  }
  if (!isPrivateIpv4Cidr(vpcCidr)) {
    throw new DeepSeekConfigError("vpcCidr", "is not a private range: addresses in it that also exist on the internet become unreachable from the VPC", vpcCidr, "use a /16 inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, such as 10.64.0.0/16");
  }
  if (i > 5) throw new DeepSeekConfigError("networkZones", "has more than 6 zones; a /16 holds six /19 node subnets", i + 1, "use at most 6 zones");
  return { privateCidr: `${m[0]}.${m[1]}.${i * 32}.0/19`, publicCidr: `${m[0]}.${m[1]}.${192 + i}.0/24` };
}

/** Checks the public API allow-list: never the whole internet. */
export function checkPublicAccessCidrs(cidrs: readonly string[], path = "publicAccessCidrs"): void {
  cidrs.forEach((cidr, i) => {
    if (!IPV4_CIDR.test(cidr)) {
      throw new DeepSeekConfigError(`${path}.${i}`, "is not an IPv4 CIDR", cidr, "use a CIDR such as 203.0.113.0/24");
    }
    if (prefixLength(cidr) === 0) {
      throw new DeepSeekConfigError(`${path}.${i}`, "opens the cluster API to the whole internet", cidr, "list the CIDRs of your networks (office, VPN, CI runners), or leave publicAccessCidrs unset for a private-only endpoint");
    }
  });
}

/**
 * The GPU node group of a plan: sizes, capacity settings, launch-template contents, labels and
 * taints. `subnets` (when known) are checked against the capacity's zone.
 *
 * @param options.subnets subnets the caller offers, with zones; `undefined` when only ids are known
 * @param options.subnetIdsWithoutZones ids offered without zones (standalone pools)
 */
export function planGpuNodeGroup(plan: DeploymentPlan, options: {
  readonly clusterName: string;
  readonly rootVolumeGiB?: number;
  readonly placementGroupName?: string;
  readonly subnets?: readonly SubnetRef[];
  readonly subnetIdsWithoutZones?: readonly string[];
  /** Error path of `subnets`. @default "subnets" */
  readonly subnetsPath?: string;
}): GpuNodeGroupPlan & { readonly subnetIds: readonly string[]; readonly subnetZones?: readonly string[] } {
  requireAwsPlan(plan);
  const nodeType = NODE_TYPES[plan.nodeType];
  if (!nodeType || nodeType.cloud !== "aws") {
    throw new DeepSeekConfigError("plan.nodeType", "is not an AWS instance type in the catalog", plan.nodeType, "plan the placement with cloud \"aws\"");
  }
  const multiNode = plan.nodesPerReplica > 1;
  const names = servingNames(plan);
  const capacity = gpuCapacity(plan, options.clusterName, options.placementGroupName);
  const reserved = plan.capacity.kind === "reservation" || plan.capacity.kind === "capacity-block";
  const zones = reserved && plan.capacity.zone ? [plan.capacity.zone] : [...plan.zones];

  let subnetIds: string[];
  let subnetZones: string[] | undefined;
  if (options.subnets) {
    const inZones = options.subnets.filter((s) => zones.includes(s.zone));
    if (inZones.length === 0) {
      const what = reserved ? `the ${plan.capacity.kind}'s zone ${plan.capacity.zone}` : `the GPU zones ${oneOf(zones)}`;
      throw new DeepSeekConfigError(options.subnetsPath ?? "subnets", `no subnet is in ${what}, so no GPU node could launch`, options.subnets.map((s) => `${s.subnetId}@${s.zone}`), `pass a private subnet in ${oneOf(zones)}, or plan the placement with zones that your subnets cover`);
    }
    subnetIds = inZones.map((s) => s.subnetId);
    subnetZones = inZones.map((s) => s.zone);
  } else {
    const ids = options.subnetIdsWithoutZones ?? [];
    if (ids.length === 0) throw new DeepSeekConfigError("subnetIds", "is empty", ids, "pass at least one private subnet id");
    if (reserved) {
      throw new DeepSeekConfigError("subnetIds", `come without zones, so they cannot be checked against the ${plan.capacity.kind}'s zone ${plan.capacity.zone}`, ids, "pass subnets: [{ subnetId, zone }] instead, with subnets in that zone only");
    }
    subnetIds = [...ids];
  }

  return {
    name: "gpu",
    instanceType: plan.nodeType,
    amiType: GPU_AMI_TYPE,
    zones,
    offeringCheck: subnetZones !== undefined && new Set(subnetZones).size > 1 ? "filter" : "require",
    subnetIds,
    ...(subnetZones ? { subnetZones } : {}),
    scaling: { min: plan.nodes.min, max: plan.nodes.max, desired: plan.nodes.min },
    maxUnavailable: plan.nodesPerReplica,
    capacity,
    rootVolume: { deviceName: "/dev/xvda", sizeGiB: options.rootVolumeGiB ?? DEFAULT_GPU_ROOT_VOLUME_GIB, type: "gp3", encrypted: true },
    metadata: { httpTokens: "required", hopLimit: 1, httpEndpoint: "enabled" },
    efaInterfaces: planEfaInterfaces(nodeType, multiNode),
    // Kubelet sets kubernetes.io / k8s.io labels itself (instance type included) and EKS rejects them.
    labels: Object.fromEntries(Object.entries(names.gpuNodeLabels).filter(([k]) => !/(^|\.)(kubernetes\.io|k8s\.io)\//.test(k))),
    taints: [{ key: names.gpuTaint.key, value: names.gpuTaint.value, effect: "NO_SCHEDULE" }],
    userData: gpuNodeUserData(),
  };
}

function gpuCapacity(plan: DeploymentPlan, clusterName: string, placementGroupName: string | undefined): GpuCapacitySettings {
  const pg = (): GpuCapacitySettings["placementGroup"] => {
    if (!plan.capacity.placementGroup) return { kind: "none" };
    return placementGroupName ? { kind: "existing", name: placementGroupName } : { kind: "create", name: `${clusterName}-gpu` };
  };
  if (placementGroupName && !plan.capacity.placementGroup) {
    throw new DeepSeekConfigError("placementGroupName", plan.capacity.kind === "capacity-block"
      ? "cannot be used with a Capacity Block: its instances are already co-located and a placement group makes launches fail"
      : "applies to multi-node replicas only", placementGroupName, "remove placementGroupName");
  }
  switch (plan.capacity.kind) {
    case "on-demand":
      return { capacityType: "ON_DEMAND", placementGroup: pg() };
    case "spot":
      return { capacityType: "SPOT", placementGroup: pg() };
    case "reservation":
      return { capacityType: "ON_DEMAND", reservationId: plan.capacity.id, placementGroup: pg() };
    case "capacity-block":
      // EKS UG capacity-blocks-mng: market type capacity-block + targeted reservation + CAPACITY_BLOCK; no placement group.
      return { capacityType: "CAPACITY_BLOCK", marketType: "capacity-block", reservationId: plan.capacity.id, placementGroup: { kind: "none" } };
    default:
      throw new DeepSeekConfigError("plan.capacity.kind", "is not available on EKS", plan.capacity.kind, "use \"on-demand\", \"reservation\", \"capacity-block\" or \"spot\"");
  }
}

/**
 * nodeadm `localStorage.mountPath` (its default): the parent directory of the instance-store
 * mounts. With strategy RAID0, setup-local-disks mounts the md array at `<mountPath>/0` and
 * bind-mounts /var/lib/kubelet, /var/lib/containerd and /var/log/pods from subdirectories of it,
 * so emptyDir volumes are NVMe-backed (awslabs/amazon-eks-ami templates/shared/runtime/bin/setup-local-disks).
 */
export const NVME_MOUNT_PATH = "/mnt/k8s-disks";
/** Where the RAID0 array itself is mounted: `<mountPath>/0` (setup-local-disks `array_mount_point`). */
export const NVME_ARRAY_MOUNT_PATH = `${NVME_MOUNT_PATH}/0`;
/**
 * Host path of the node-local model cache on EKS GPU nodes: a directory on the NVMe RAID0, beside
 * (not inside) the kubelet and containerd state. ClusterTarget.nodeModelCachePath of EksInfra.
 */
export const NODE_MODEL_CACHE_DIR = `${NVME_ARRAY_MOUNT_PATH}/deepseek-models`;
export const MIME_BOUNDARY = "==CDKTF-DEEPSEEK==";

/**
 * User data for AL2023 GPU nodes: a nodeadm NodeConfig that assembles every instance-store NVMe
 * into one RAID0 (`spec.instance.localStorage.strategy: RAID0`, awslabs/amazon-eks-ami nodeadm API)
 * used as the model cache. MIME multi-part, as EKS managed node groups merge it with their own.
 */
export function gpuNodeUserData(): string {
  return [
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${MIME_BOUNDARY}"`,
    "",
    `--${MIME_BOUNDARY}`,
    "Content-Type: application/node.eks.aws",
    "",
    "---",
    "apiVersion: node.eks.aws/v1alpha1",
    "kind: NodeConfig",
    "spec:",
    "  instance:",
    "    localStorage:",
    "      strategy: RAID0",
    `      mountPath: ${NVME_MOUNT_PATH}`,
    "",
    `--${MIME_BOUNDARY}--`,
    "",
  ].join("\n");
}

/** Plans the whole EKS placement. Throws DeepSeekConfigError for anything that cannot work. */
export function planEksInfra(plan: DeploymentPlan, input: EksInfraOptions = {}): EksInfraPlan {
  requireAwsPlan(plan);
  const options = parseOrThrow(eksInfraOptionsSchema, input);
  const clusterName = options.clusterName ?? plan.resourcePrefix ?? `deepseek-${plan.region}`;
  const protection = protectionOf(plan);
  checkPublicAccessCidrs(options.publicAccessCidrs ?? []);
  const inRegion = (zone: string) => new RegExp(`^${plan.region}[a-z]$`).test(zone);

  let network: NewNetworkPlan | ExistingNetworkPlan;
  let subnets: SubnetRef[] | undefined;
  if (options.existingNetwork) {
    if (options.networkZones || options.vpcCidr || options.singleNatGateway !== undefined) {
      const field = options.networkZones ? "networkZones" : options.vpcCidr ? "vpcCidr" : "singleNatGateway";
      throw new DeepSeekConfigError(field, "applies only when the construct creates the network, not with existingNetwork", (options as Record<string, unknown>)[field], `remove ${field} or existingNetwork`);
    }
    const priv = options.existingNetwork.privateSubnets;
    priv.forEach((s, i) => {
      if (!inRegion(s.zone)) throw new DeepSeekConfigError(`existingNetwork.privateSubnets.${i}.zone`, `is not a zone of ${plan.region}`, s.zone, `pass subnets of the placement's region ${plan.region}`);
    });
    if (new Set(priv.map((s) => s.zone)).size < 2) {
      throw new DeepSeekConfigError("existingNetwork.privateSubnets", "cover fewer than two zones; an EKS cluster needs subnets in at least two availability zones", priv.map((s) => s.zone), "pass private subnets in at least two zones");
    }
    network = { kind: "existing", vpcId: options.existingNetwork.vpcId, privateSubnets: priv };
    subnets = priv;
  } else {
    const gpuZones = gpuZonesOf(plan);
    let zones: string[];
    if (options.networkZones) {
      options.networkZones.forEach((z, i) => {
        if (!inRegion(z)) throw new DeepSeekConfigError(`networkZones.${i}`, `is not a zone of ${plan.region}`, z, `use zones named ${plan.region}a, ${plan.region}b, ...`);
      });
      const missing = gpuZones.find((z) => !options.networkZones!.includes(z));
      if (missing) {
        const what = plan.capacity.kind === "reservation" || plan.capacity.kind === "capacity-block" ? `the ${plan.capacity.kind}'s zone` : "the GPU zone";
        throw new DeepSeekConfigError("networkZones", `does not include ${what} ${missing}, so no subnet would cover it`, options.networkZones, `add "${missing}" to networkZones`);
      }
      zones = [...new Set(options.networkZones)];
      if (zones.length < 2) {
        throw new DeepSeekConfigError("networkZones", "has fewer than two zones; an EKS cluster needs subnets in at least two availability zones", options.networkZones, "list at least two zones");
      }
    } else {
      // The GPU zones first, then the region's a/b/c zones until there are at least two (EKS needs two).
      zones = [...gpuZones];
      for (const letter of ["a", "b", "c"]) if (zones.length < 2 && !zones.includes(`${plan.region}${letter}`)) zones.push(`${plan.region}${letter}`);
    }
    const vpcCidr = options.vpcCidr ?? DEFAULT_VPC_CIDR;
    const layout = zones.map((zone, i) => ({ zone, ...zoneCidrs(vpcCidr, i) }));
    network = { kind: "new", vpcCidr, zones: layout, natZones: options.singleNatGateway === false ? [...zones] : [zones[0]] };
    subnets = zones.map((zone) => ({ subnetId: `private-${zone}`, zone }));
  }

  const gpu = planGpuNodeGroup(plan, { clusterName, rootVolumeGiB: options.gpuRootVolumeGiB, placementGroupName: options.placementGroupName, subnets, subnetsPath: "existingNetwork.privateSubnets" });
  const { subnetIds: _ids, subnetZones: _zones, ...gpuNodeGroup } = gpu;
  void _ids;
  void _zones;
  const systemNodes = options.systemNodes ?? DEFAULT_SYSTEM_NODES;
  const admins = options.adminPrincipalArns ?? [];
  const publicCidrs = options.publicAccessCidrs ?? [];
  return {
    clusterName,
    region: plan.region,
    partition: awsPartition(plan.region),
    kubernetesVersion: options.kubernetesVersion ?? DEFAULT_EKS_VERSION,
    network,
    endpoint: { privateAccess: true, publicAccess: publicCidrs.length > 0, publicAccessCidrs: publicCidrs },
    bootstrapCreatorAdmin: admins.length === 0,
    adminPrincipalArns: admins,
    addons: [...EKS_CORE_ADDONS],
    addonConfiguration: { ...EKS_ADDON_CONFIGURATION } as Record<string, string>,
    systemNodeGroup: {
      name: "system",
      instanceType: options.systemInstanceType ?? DEFAULT_SYSTEM_INSTANCE_TYPE,
      amiType: SYSTEM_AMI_TYPE,
      scaling: { min: systemNodes, max: systemNodes + 1, desired: systemNodes },
    },
    gpuNodeGroup,
    bucketPrefix: `${shortName(clusterName, 28)}-models-`,
    // Its name stays taken during the recovery window: a later generation gets a new one.
    hfTokenSecretName: `${clusterName}/hf-token${protection.nameSuffix}`,
    protection,
  };
}

/** GPU zones of a plan: the reservation's zone for reserved capacity, else the plan's zones. */
export function gpuZonesOf(plan: DeploymentPlan): string[] {
  const reserved = plan.capacity.kind === "reservation" || plan.capacity.kind === "capacity-block";
  return reserved && plan.capacity.zone ? [plan.capacity.zone] : [...plan.zones];
}

/** Terraform condition: every zone in `zones` offers the instance type (for aws_ec2_instance_type_offerings). */
export function offeringsCondition(zones: readonly string[]): string {
  return `\${alltrue([for z in ${JSON.stringify(zones)} : contains(self.locations, z)])}`;
}

/**
 * Terraform condition for offeringCheck "filter": at least one zone offers the instance type. The
 * data source's location filter lists only zones that have a node-group subnet, so a non-empty
 * `locations` means a non-empty subnet list after `matchkeys`.
 */
export const ANY_ZONE_OFFERS_CONDITION = "${length(self.locations) > 0}";

/** Postcondition error of the offerings check, naming the instance type, region and zones. */
export function offeringsErrorMessage(settings: Pick<GpuNodeGroupPlan, "instanceType" | "offeringCheck" | "zones">, region: string): string {
  return settings.offeringCheck === "filter"
    ? `${settings.instanceType} is offered in none of the GPU zones of ${region} (${settings.zones.join(", ")}); plan the placement with zones that offer it, or another region.`
    : `${settings.instanceType} is not offered in every GPU zone of ${region} (${settings.zones.join(", ")}); plan the placement with zones that offer it, or another region.`;
}
