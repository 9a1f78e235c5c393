import { asWritten, type PathOf } from "../../plan/refusal-paths";
import { NODE_TYPES } from "../../catalog";
import { DeepSeekConfigError, oneOf } from "../../errors";
import { EfaInterfacePlan, planEfaInterfaces } from "../../fabric/plan-efa-interfaces";
import { servingNames, shortName } from "../../plan/names";
import type { DeploymentPlan } from "../../plan/plan";
import { parseOrThrow } from "../../validation";
import { z } from "zod";
import { NODE_MANAGED_POLICIES, awsPartition, requireAwsPlan, type SubnetRef } from "./plan-aws-shared";

/**
 * Pure planning of the GPU node group of an EKS placement: sizes, capacity (on-demand, reservation,
 * Capacity Block), zones and their offerings check, EFA interfaces, node user data.
 */

/** Root volume of GPU nodes: the TensorRT-LLM image is tens of GB unpacked; 200 GiB leaves room for two versions. */
export const DEFAULT_GPU_ROOT_VOLUME_GIB = 200;
/**
 * AMI type of GPU nodes: AL2023 with NVIDIA driver, CUDA user-mode driver, container toolkit and EFA host pieces
 * (EKS UG device-management-nvidia.adoc, device-management-efa.adoc).
 */
export const GPU_AMI_TYPE = "AL2023_x86_64_NVIDIA";
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
  /**
   * The plan-time check itself (data aws_ec2_instance_type_offerings with a postcondition), or
   * none when `checkInstanceTypeOffering` is false: the zones it asks about (when filtering, only
   * zones with a node-group subnet, so a non-empty answer leaves a non-empty subnet list), whether
   * any or all of them must offer the type (the postcondition `offeringsPostcondition` renders),
   * its error message, and whether the node group keeps only the offered zones' subnets.
   */
  readonly offerings: { readonly check: false } | {
    readonly check: true; readonly zones: readonly string[]; readonly filterSubnets: boolean; readonly offeredIn: "any" | "all"; readonly errorMessage: string;
  };
  /**
   * Names of what the pool creates: suffixes to the EKS cluster name as the emitter holds it (a
   * reference to the cluster, so the names follow it), joined by `poolResourceName`; the node
   * group's prefix and the launch template's description.
   */
  readonly resourceNames: {
    readonly nodeRoleSuffix: string; readonly efaSecurityGroupSuffix: string; readonly launchTemplateSuffix: string; readonly instanceNameSuffix: string;
    readonly nodeGroupPrefix: string; readonly launchTemplateDescription: string;
  };
  /** An EFA security group between the pool's nodes (multi-node replicas: EFA traffic). */
  readonly efaSecurityGroup: boolean;
  /**
   * The nodes' IAM role: the caller's (`given`: EksGpuNodePool's nodeRoleArn; EksInfra gives the
   * control plane's), or one created with only the managed policies nodes need, in the region's partition.
   */
  readonly nodeRole: { readonly kind: "given" } | { readonly kind: "create"; readonly managedPolicies: readonly string[]; readonly partition: string };
  /**
   * Where the cluster security group attached beside the EFA group comes from (security groups in a
   * launch template replace EKS's default): the caller's (`given`: clusterSecurityGroupId; EksInfra
   * gives the control plane's), or read from the cluster (`lookup`: data aws_eks_cluster). Used
   * only with an EFA security group.
   */
  readonly clusterSecurityGroup: "given" | "lookup";
  /** Create a replacement node group before destroying the old one; false on reserved capacity, which would need twice the reservation. */
  readonly createBeforeDestroy: boolean;
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

/**
 * The GPU node group of a plan: sizes, capacity settings, launch-template contents, labels and
 * taints. `subnets` (when known) are checked against the capacity's zone.
 *
 * @param options.subnets subnets the caller offers, with zones; `undefined` when only ids are known
 * @param options.subnetIdsWithoutZones ids offered without zones (standalone pools)
 */
/** The GPU node group with the subnets it launches into: what EksGpuNodePool emits. */
export type EksGpuPoolPlan = GpuNodeGroupPlan & { readonly subnetIds: readonly string[]; readonly subnetZones?: readonly string[] };

/** What a GPU pool in your own EKS cluster is planned from (planEksGpuPool). */
export interface EksGpuPoolOptions {
  /** EKS cluster the pool joins. */
  readonly clusterName: string;
  /**
   * Private subnets with their zones; only those in the plan's GPU zones are used. Required for
   * reservations and Capacity Blocks, whose zone is checked against them.
   * @default none: pass subnetIds instead
   */
  readonly subnets?: readonly SubnetRef[];
  /** Private subnet ids, when zones are not known (on-demand and spot only). @default none: pass subnets */
  readonly subnetIds?: readonly string[];
  /** Root volume size, GiB. @default 200 */
  readonly rootVolumeGiB?: number;
  /** Existing cluster placement group (e.g. the one your ODCR was created in). @default one is created for multi-node on-demand/ODCR pools */
  readonly placementGroupName?: string;
  /**
   * Check the GPU zones against EC2's instance type offerings at plan time. With several candidate
   * zones (and subnets with zones) the node group keeps only the subnets in zones that offer the
   * type, and plan fails only when none does; a pinned zone (reservation, Capacity Block,
   * multi-node replica) must offer it. When false, every subnet in the GPU zones is used unchecked.
   * @default true
   */
  readonly checkInstanceTypeOffering?: boolean;
  /** Node IAM role ARN (a literal or a reference). @default none: a role with only the managed policies nodes need is created */
  readonly nodeRoleArn?: string;
  /** Cluster security group, attached beside the EFA group (a literal or a reference). @default none: read from the cluster (data aws_eks_cluster) */
  readonly clusterSecurityGroupId?: string;
}

const subnetRefSchema = z.object({ subnetId: z.string().min(1), zone: z.string().min(1) }).strict();
/** EksGpuPoolOptions as a schema; other keys (the emitter's: vpcId, provider, ...) are left to the caller. */
export const eksGpuPoolOptionsSchema = z.looseObject({
  clusterName: z.string().min(1),
  subnets: z.array(subnetRefSchema).min(1).optional(),
  subnetIds: z.array(z.string().min(1)).min(1).optional(),
  rootVolumeGiB: z.number().int().min(100).max(16384).optional(),
  placementGroupName: z.string().min(1).optional(),
  checkInstanceTypeOffering: z.boolean().optional(),
  nodeRoleArn: z.string().min(1).optional(),
  clusterSecurityGroupId: z.string().min(1).optional(),
}).refine((p) => (p.subnets === undefined) !== (p.subnetIds === undefined), { message: "set exactly one of subnets or subnetIds; pass subnets: [{ subnetId, zone }] (preferred) or subnetIds", path: ["subnets"] });

/**
 * A GPU pool for your own EKS cluster, VPC and subnets (GpuNodePool, EksGpuNodePool): options
 * checked, then planGpuNodeGroup. Refusals name `at(<option>)`, and `at("plan...")` for the plan. Pure.
 */
export function planEksGpuPool(plan: DeploymentPlan, options: EksGpuPoolOptions, at: PathOf = asWritten): EksGpuPoolPlan {
  requireAwsPlan(plan, at);
  const o = parseOrThrow(eksGpuPoolOptionsSchema, options, at(""));
  return planGpuNodeGroup(plan, {
    clusterName: o.clusterName, rootVolumeGiB: o.rootVolumeGiB, placementGroupName: o.placementGroupName, checkInstanceTypeOffering: o.checkInstanceTypeOffering,
    subnets: o.subnets, subnetIdsWithoutZones: o.subnetIds, subnetsPath: o.subnets ? "subnets" : "subnetIds",
    nodeRoleGiven: o.nodeRoleArn !== undefined, clusterSecurityGroupGiven: o.clusterSecurityGroupId !== undefined,
  }, at);
}

export function planGpuNodeGroup(plan: DeploymentPlan, options: {
  readonly clusterName: string;
  readonly rootVolumeGiB?: number;
  readonly placementGroupName?: string;
  /** @default true (see EksGpuPoolOptions) */
  readonly checkInstanceTypeOffering?: boolean;
  readonly subnets?: readonly SubnetRef[];
  readonly subnetIdsWithoutZones?: readonly string[];
  /** Error path of `subnets`. @default "subnets" */
  readonly subnetsPath?: string;
  /** The emitter is handed a node role (nodeRoleArn). @default false: one is created */
  readonly nodeRoleGiven?: boolean;
  /** The emitter is handed the cluster security group (clusterSecurityGroupId). @default false: read from the cluster */
  readonly clusterSecurityGroupGiven?: boolean;
}, at: PathOf = asWritten): EksGpuPoolPlan {
  requireAwsPlan(plan, at);
  const nodeType = NODE_TYPES[plan.nodeType];
  if (!nodeType || nodeType.cloud !== "aws") {
    throw new DeepSeekConfigError(at("plan.nodeType"), "is not an AWS instance type in the catalog", plan.nodeType, "plan the placement with cloud \"aws\"");
  }
  const multiNode = plan.nodesPerReplica > 1;
  const names = servingNames(plan);
  const capacity = gpuCapacity(plan, options.clusterName, options.placementGroupName, at);
  const reserved = plan.capacity.kind === "reservation" || plan.capacity.kind === "capacity-block";
  const zones = reserved && plan.capacity.zone ? [plan.capacity.zone] : [...plan.zones];

  let subnetIds: string[];
  let subnetZones: string[] | undefined;
  if (options.subnets) {
    const inZones = options.subnets.filter((s) => zones.includes(s.zone));
    if (inZones.length === 0) {
      const what = reserved ? `the ${plan.capacity.kind}'s zone ${plan.capacity.zone}` : `the GPU zones ${oneOf(zones)}`;
      throw new DeepSeekConfigError(at(options.subnetsPath ?? "subnets"), `no subnet is in ${what}, so no GPU node could launch`, options.subnets.map((s) => `${s.subnetId}@${s.zone}`), `pass a private subnet in ${oneOf(zones)}, or plan the placement with zones that your subnets cover`);
    }
    subnetIds = inZones.map((s) => s.subnetId);
    subnetZones = inZones.map((s) => s.zone);
  } else {
    const ids = options.subnetIdsWithoutZones ?? [];
    if (ids.length === 0) throw new DeepSeekConfigError(at("subnetIds"), "is empty", ids, "pass at least one private subnet id");
    if (reserved) {
      throw new DeepSeekConfigError(at("subnetIds"), `come without zones, so they cannot be checked against the ${plan.capacity.kind}'s zone ${plan.capacity.zone}`, ids, "pass subnets: [{ subnetId, zone }] instead, with subnets in that zone only");
    }
    subnetIds = [...ids];
  }

  const offeringCheck = subnetZones !== undefined && new Set(subnetZones).size > 1 ? "filter" : "require";
  const filterSubnets = offeringCheck === "filter" && subnetZones !== undefined;
  // Filtering: only zones that have a subnet, so a non-empty `locations` leaves a non-empty subnet list.
  const checkedZones = filterSubnets ? [...new Set(subnetZones)] : [...zones];
  const efaInterfaces = planEfaInterfaces(nodeType, multiNode);
  return {
    name: "gpu",
    instanceType: plan.nodeType,
    amiType: GPU_AMI_TYPE,
    zones,
    offeringCheck,
    offerings: options.checkInstanceTypeOffering ?? true
      ? {
        check: true, zones: checkedZones, filterSubnets,
        offeredIn: filterSubnets ? "any" : "all",
        errorMessage: offeringsErrorMessage({ instanceType: plan.nodeType, offeringCheck, zones: checkedZones }, plan.region),
      }
      : { check: false },
    resourceNames: {
      nodeRoleSuffix: "-gpu-node-", efaSecurityGroupSuffix: "-efa-", launchTemplateSuffix: "-gpu-", instanceNameSuffix: "-gpu",
      nodeGroupPrefix: "gpu-", launchTemplateDescription: `GPU nodes for ${plan.id} (${plan.hardware})`,
    },
    efaSecurityGroup: efaInterfaces.length > 0,
    nodeRole: options.nodeRoleGiven ? { kind: "given" } : { kind: "create", managedPolicies: [...NODE_MANAGED_POLICIES], partition: awsPartition(plan.region) },
    clusterSecurityGroup: options.clusterSecurityGroupGiven ? "given" : "lookup",
    createBeforeDestroy: capacity.reservationId === undefined,
    subnetIds,
    ...(subnetZones ? { subnetZones } : {}),
    scaling: { min: plan.nodes.min, max: plan.nodes.max, desired: plan.nodes.min },
    maxUnavailable: plan.nodesPerReplica,
    capacity,
    rootVolume: { deviceName: "/dev/xvda", sizeGiB: options.rootVolumeGiB ?? DEFAULT_GPU_ROOT_VOLUME_GIB, type: "gp3", encrypted: true },
    metadata: { httpTokens: "required", hopLimit: 1, httpEndpoint: "enabled" },
    efaInterfaces,
    // Kubelet sets kubernetes.io / k8s.io labels itself (instance type included) and EKS rejects them.
    labels: Object.fromEntries(Object.entries(names.gpuNodeLabels).filter(([k]) => !/(^|\.)(kubernetes\.io|k8s\.io)\//.test(k))),
    taints: [{ key: names.gpuTaint.key, value: names.gpuTaint.value, effect: "NO_SCHEDULE" }],
    userData: gpuNodeUserData(),
  };
}

function gpuCapacity(plan: DeploymentPlan, clusterName: string, placementGroupName: string | undefined, at: PathOf = asWritten): GpuCapacitySettings {
  const pg = (): GpuCapacitySettings["placementGroup"] => {
    if (!plan.capacity.placementGroup) return { kind: "none" };
    return placementGroupName ? { kind: "existing", name: placementGroupName } : { kind: "create", name: `${clusterName}-gpu` };
  };
  if (placementGroupName && !plan.capacity.placementGroup) {
    throw new DeepSeekConfigError(at("placementGroupName"), plan.capacity.kind === "capacity-block"
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
      throw new DeepSeekConfigError(at("plan.capacity.kind"), "is not available on EKS", plan.capacity.kind, "use \"on-demand\", \"reservation\", \"capacity-block\" or \"spot\"");
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

/**
 * A pool resource's name: the cluster name (cut to 24 characters with a hash, unless it is a
 * reference, which Terraform resolves) and the planned suffix. name_prefix values stay within
 * IAM's 38-character prefix limit (aws_iam_role name_prefix); instance Name tags keep the full name.
 */
export function poolResourceName(clusterName: string, suffix: string): string {
  return suffix.endsWith("-") ? `${shortName(clusterName, 24)}${suffix}` : `${clusterName}${suffix}`;
}

/** The offerings check's postcondition (a Terraform expression), as planned: any zone, or all of them, offers the type. */
export function offeringsPostcondition(check: { readonly zones: readonly string[]; readonly offeredIn: "any" | "all" }): string {
  return check.offeredIn === "any" ? ANY_ZONE_OFFERS_CONDITION : offeringsCondition(check.zones);
}

/** Postcondition error of the offerings check, naming the instance type, region and zones. */
export function offeringsErrorMessage(settings: Pick<GpuNodeGroupPlan, "instanceType" | "offeringCheck" | "zones">, region: string): string {
  return settings.offeringCheck === "filter"
    ? `${settings.instanceType} is offered in none of the GPU zones of ${region} (${settings.zones.join(", ")}); plan the placement with zones that offer it, or another region.`
    : `${settings.instanceType} is not offered in every GPU zone of ${region} (${settings.zones.join(", ")}); plan the placement with zones that offer it, or another region.`;
}
