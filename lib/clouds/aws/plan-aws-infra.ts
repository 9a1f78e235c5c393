import { asWritten, type PathOf } from "../../plan/refusal-paths";
import { apiKeySecretPrefix, servingNames, shortName } from "../../plan/names";
import { ESO_SERVICE_ACCOUNT } from "../../serving/plan-operators";
import { ProtectionPlan, protectionOf } from "../../plan/protection";
import { IPV4_CIDR, isPrivateIpv4Cidr, prefixLength } from "../../plan/cidr";
import { z } from "zod";
import { DeepSeekConfigError } from "../../errors";
import { parseOrThrow } from "../../validation";
import type { DeploymentPlan } from "../../plan/plan";
import { awsPartition, requireAwsPlan, tagsFor, type SubnetRef } from "./plan-aws-shared";
import { gpuZonesOf, planGpuNodeGroup, type GpuNodeGroupPlan } from "./plan-aws-gpu-nodes";
import { planNewNetwork, type NewNetworkPlan } from "./plan-aws-network";

/**
 * Pure planning of the AWS infrastructure of one placement: network layout, EKS control plane
 * settings, the system node group and the GPU node group (plan-aws-gpu-nodes.ts). No cdktf import; constructs translate.
 */


/**
 * Kubernetes minor version of new EKS clusters: in EKS standard support until 2027-03-27 (EKS User
 * Guide, "Understand the Kubernetes version lifecycle on EKS": 14 months of standard support; dates
 * as transcribed by endoflife.date/amazon-eks: 1.33 left standard support on 2026-07-29, 1.34 leaves
 * it on 2026-12-02). Check the calendar before deploying.
 */
export const DEFAULT_EKS_VERSION = "1.35";
export const DEFAULT_VPC_CIDR = "10.64.0.0/16";
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
export const SYSTEM_AMI_TYPE = "AL2023_x86_64_STANDARD";
export { NODE_MANAGED_POLICIES } from "./plan-aws-shared";
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

/** What the EKS side of a placement is planned from (planEksInfra; DeepSeekCluster's `placements[i].aws`). */
export interface EksInfraOptions {
  /** EKS cluster name. @default the plan's resource prefix, else `deepseek-<region>` */
  readonly clusterName?: string;
  /** Kubernetes minor version the cluster is pinned to. @default "1.35" (DEFAULT_EKS_VERSION) */
  readonly kubernetesVersion?: string;
  /** IAM principals granted cluster admin through access entries. @default none: the identity running Terraform keeps admin */
  readonly adminPrincipalArns?: readonly string[];
  /** CIDRs allowed to reach a public API endpoint; never 0.0.0.0/0. @default none: private endpoint only */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Use an existing VPC and private subnets (with zones) instead of creating a network. For
   * LoadBalancer Services, tag its public subnets `kubernetes.io/role/elb=1`, its private subnets
   * `kubernetes.io/role/internal-elb=1`, and both `kubernetes.io/cluster/<clusterName>=shared`
   * (see subnetDiscoveryTags); the construct does not tag subnets it does not own.
   * @default a new VPC
   */
  readonly existingNetwork?: { readonly vpcId: string; readonly privateSubnets: readonly SubnetRef[] };
  /** CIDR of a new VPC, a /16. @default "10.64.0.0/16" */
  readonly vpcCidr?: string;
  /** Zones of a new VPC; must include the GPU zones. @default the GPU zones, padded to two with <region>a/b */
  readonly networkZones?: readonly string[];
  /** One NAT gateway for the VPC (true) or one per zone (false). @default true */
  readonly singleNatGateway?: boolean;
  /** GPU node root volume, GiB. @default 200 */
  readonly gpuRootVolumeGiB?: number;
  /** System node instance type. @default "m7i.xlarge" */
  readonly systemInstanceType?: string;
  /** System nodes. @default 2 */
  readonly systemNodes?: number;
  /** Existing cluster placement group for the GPU pool (the one your ODCR lives in). @default created when the plan needs one */
  readonly placementGroupName?: string;
}

export type { NewNetworkPlan };
export interface ExistingNetworkPlan {
  readonly kind: "existing";
  readonly vpcId: string;
  readonly privateSubnets: readonly SubnetRef[];
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
  /** The project's tag on the bucket, the identities and the key of this placement. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * Who EksWorkloadIdentity binds with Pod Identity: the serving namespace's server and stager
   * service accounts, and the External Secrets controller, which reads the secrets named with the
   * plan's API-key prefix (and the HF token) in the placement's region only.
   */
  readonly workloadIdentity: {
    readonly namespace: string;
    readonly serviceAccounts: { readonly server: string; readonly modelStager: string };
    readonly secretsReader: { readonly namespace: string; readonly serviceAccount: string; readonly secretNamePrefix: string; readonly region: string };
  };
  readonly hfTokenSecretName: string;
  /** Teardown decisions: KMS deletion windows, bucket force_destroy, secret recovery window. */
  readonly protection: ProtectionPlan;
  /**
   * Names of what EksControlPlane creates, from the cluster name (IAM name_prefix takes at most 38
   * characters, launch template name_prefix 102), and its keys' deletion window.
   */
  readonly controlPlaneNames: {
    readonly secretsKeyDescription: string; readonly secretsKeyAlias: string; readonly logGroup: string; readonly logGroupDescription: string;
    readonly clusterRolePrefix: string; readonly nodeRolePrefix: string; readonly systemLaunchTemplatePrefix: string; readonly systemInstanceName: string;
    readonly systemNodeGroupPrefix: string;
  };
  readonly keyDeletionWindowDays: number;
}

/** Private subnet /19 and public subnet /24 of zone `i` inside a /16. */
export function zoneCidrs(vpcCidr: string, i: number, at: PathOf = asWritten): { privateCidr: string; publicCidr: string } {
  const m = IPV4_CIDR.test(vpcCidr) ? vpcCidr.split(/[./]/) : [];
  if (m[4] !== "16" || m[2] !== "0" || m[3] !== "0") {
    throw new DeepSeekConfigError(at("vpcCidr"), "must be a /16 network (nodes get a /19 per zone, NAT and load balancers a /24)", vpcCidr, "use a /16 such as 10.64.0.0/16");
  }
  if (!isPrivateIpv4Cidr(vpcCidr)) {
    throw new DeepSeekConfigError(at("vpcCidr"), "is not a private range: addresses in it that also exist on the internet become unreachable from the VPC", vpcCidr, "use a /16 inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, such as 10.64.0.0/16");
  }
  if (i > 5) throw new DeepSeekConfigError(at("networkZones"), "has more than 6 zones; a /16 holds six /19 node subnets", i + 1, "use at most 6 zones");
  return { privateCidr: `${m[0]}.${m[1]}.${i * 32}.0/19`, publicCidr: `${m[0]}.${m[1]}.${192 + i}.0/24` };
}

/** Checks the public API allow-list: never the whole internet. */
export function checkPublicAccessCidrs(cidrs: readonly string[], path = "publicAccessCidrs", at: PathOf = asWritten): void {
  cidrs.forEach((cidr, i) => {
    if (!IPV4_CIDR.test(cidr)) {
      throw new DeepSeekConfigError(at(`${path}.${i}`), "is not an IPv4 CIDR", cidr, "use a CIDR such as 203.0.113.0/24");
    }
    if (prefixLength(cidr) === 0) {
      throw new DeepSeekConfigError(at(`${path}.${i}`), "opens the cluster API to the whole internet", cidr, "list the CIDRs of your networks (office, VPN, CI runners), or leave publicAccessCidrs unset for a private-only endpoint");
    }
  });
}

/** Plans the whole EKS placement. Throws DeepSeekConfigError for anything that cannot work. */
export function planEksInfra(plan: DeploymentPlan, input: EksInfraOptions = {}, at: PathOf = asWritten): EksInfraPlan {
  requireAwsPlan(plan, at);
  const options = parseOrThrow(eksInfraOptionsSchema, input, at(""));
  const clusterName = options.clusterName ?? plan.resourcePrefix ?? `deepseek-${plan.region}`;
  const protection = protectionOf(plan);
  checkPublicAccessCidrs(options.publicAccessCidrs ?? [], "publicAccessCidrs", at);
  const inRegion = (zone: string) => new RegExp(`^${plan.region}[a-z]$`).test(zone);

  let network: NewNetworkPlan | ExistingNetworkPlan;
  let subnets: SubnetRef[] | undefined;
  if (options.existingNetwork) {
    if (options.networkZones || options.vpcCidr || options.singleNatGateway !== undefined) {
      const field = options.networkZones ? "networkZones" : options.vpcCidr ? "vpcCidr" : "singleNatGateway";
      throw new DeepSeekConfigError(at(field), "applies only when the construct creates the network, not with existingNetwork", (options as Record<string, unknown>)[field], `remove ${field} or existingNetwork`);
    }
    const priv = options.existingNetwork.privateSubnets;
    priv.forEach((s, i) => {
      if (!inRegion(s.zone)) throw new DeepSeekConfigError(at(`existingNetwork.privateSubnets.${i}.zone`), `is not a zone of ${plan.region}`, s.zone, `pass subnets of the placement's region ${plan.region}`);
      const first = priv.findIndex((o) => o.subnetId === s.subnetId);
      if (first !== i) throw new DeepSeekConfigError(at(`existingNetwork.privateSubnets.${i}.subnetId`), `repeats privateSubnets.${first}`, s.subnetId, "list each subnet once");
    });
    if (new Set(priv.map((s) => s.zone)).size < 2) {
      throw new DeepSeekConfigError(at("existingNetwork.privateSubnets"), "cover fewer than two zones; an EKS cluster needs subnets in at least two availability zones", priv.map((s) => s.zone), "pass private subnets in at least two zones");
    }
    network = { kind: "existing", vpcId: options.existingNetwork.vpcId, privateSubnets: priv };
    subnets = priv;
  } else {
    const gpuZones = gpuZonesOf(plan);
    let zones: string[];
    if (options.networkZones) {
      options.networkZones.forEach((z, i) => {
        if (!inRegion(z)) throw new DeepSeekConfigError(at(`networkZones.${i}`), `is not a zone of ${plan.region}`, z, `use zones named ${plan.region}a, ${plan.region}b, ...`);
        const first = options.networkZones!.indexOf(z);
        if (first !== i) throw new DeepSeekConfigError(at(`networkZones.${i}`), `repeats networkZones.${first}`, z, "list each zone once");
      });
      const missing = gpuZones.find((z) => !options.networkZones!.includes(z));
      if (missing) {
        const what = plan.capacity.kind === "reservation" || plan.capacity.kind === "capacity-block" ? `the ${plan.capacity.kind}'s zone` : "the GPU zone";
        throw new DeepSeekConfigError(at("networkZones"), `does not include ${what} ${missing}, so no subnet would cover it`, options.networkZones, `add "${missing}" to networkZones`);
      }
      zones = [...new Set(options.networkZones)];
      if (zones.length < 2) {
        throw new DeepSeekConfigError(at("networkZones"), "has fewer than two zones; an EKS cluster needs subnets in at least two availability zones", options.networkZones, "list at least two zones");
      }
    } else {
      // The GPU zones first, then the region's a/b/c zones until there are at least two (EKS needs two).
      zones = [...gpuZones];
      for (const letter of ["a", "b", "c"]) if (zones.length < 2 && !zones.includes(`${plan.region}${letter}`)) zones.push(`${plan.region}${letter}`);
    }
    const vpcCidr = options.vpcCidr ?? DEFAULT_VPC_CIDR;
    const layout = zones.map((zone, i) => ({ zone, ...zoneCidrs(vpcCidr, i, at) }));
    const natZones = options.singleNatGateway === false ? [...zones] : [zones[0]];
    network = planNewNetwork({ clusterName, vpcCidr, zones: layout, natZones, keyDeletionWindowDays: protection.keyDeletionWindowDays });
    subnets = zones.map((zone) => ({ subnetId: `private-${zone}`, zone }));
  }

  // EksInfra hands the pool the control plane's node role and cluster security group.
  const gpu = planGpuNodeGroup(plan, {
    clusterName, rootVolumeGiB: options.gpuRootVolumeGiB, placementGroupName: options.placementGroupName, subnets, subnetsPath: "existingNetwork.privateSubnets",
    nodeRoleGiven: true, clusterSecurityGroupGiven: true,
  }, at);
  const { subnetIds: _ids, subnetZones: _zones, ...gpuNodeGroup } = gpu;
  void _ids;
  void _zones;
  const systemNodes = options.systemNodes ?? DEFAULT_SYSTEM_NODES;
  const names = servingNames(plan);
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
    tags: tagsFor(clusterName),
    workloadIdentity: {
      namespace: names.namespace,
      serviceAccounts: { server: names.serviceAccounts.server, modelStager: names.serviceAccounts.modelStager },
      secretsReader: { namespace: ESO_SERVICE_ACCOUNT.namespace, serviceAccount: ESO_SERVICE_ACCOUNT.name, secretNamePrefix: apiKeySecretPrefix(plan), region: plan.region },
    },
    // Its name stays taken during the recovery window: a later generation gets a new one.
    hfTokenSecretName: `${clusterName}/hf-token${protection.nameSuffix}`,
    protection,
    controlPlaneNames: {
      secretsKeyDescription: `EKS secrets encryption for ${clusterName}`, secretsKeyAlias: `alias/${clusterName}-eks-secrets`,
      // EKS writes control-plane logs to /aws/eks/<cluster>/cluster (EKS User Guide, "Send control plane logs to CloudWatch Logs").
      logGroup: `/aws/eks/${clusterName}/cluster`, logGroupDescription: `EKS control-plane logs of ${clusterName}`,
      clusterRolePrefix: `${shortName(clusterName, 24)}-cluster-`, nodeRolePrefix: `${shortName(clusterName, 27)}-node-`,
      systemLaunchTemplatePrefix: `${clusterName.slice(0, 100)}-system-`, systemInstanceName: `${clusterName}-system`, systemNodeGroupPrefix: "system-",
    },
    keyDeletionWindowDays: protection.keyDeletionWindowDays,
  };
}
