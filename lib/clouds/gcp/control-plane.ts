import { z } from "zod";
import {
  ContainerCluster, ContainerNodePool, DataGoogleProject, KmsCryptoKey, KmsCryptoKeyIamMember, KmsKeyRing, ProjectIamMember, ServiceAccount,
} from "../../internal/providers/google";
import { Construct, TerraformProvider } from "../../internal/tf";
import { parseOrThrow } from "../../validation";
import { MAX_POOL_NODES } from "../../catalog/limits";
import { providerSchema } from "./common";
import { RELEASE_CHANNELS, authorizedNetworkSchema, gkeServiceAgentMember, planGkeControlPlane, type AuthorizedNetwork, type ReleaseChannel } from "./plan-gke-control-plane";

// Decided in the plan file (defaults included); re-exported for existing imports.
export { RELEASE_CHANNELS };
export type { AuthorizedNetwork, ReleaseChannel };

export interface GkeControlPlaneProps {
  readonly project: string;
  /** Project number, for the GKE service agent's KMS grant. @default looked up with data google_project */
  readonly projectNumber?: string;
  readonly clusterName: string;
  /** Region (regional cluster) or zone. */
  readonly location: string;
  readonly network: string;
  readonly subnetwork: string;
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
  /** Enable GKE multi-networking (the GPU node type has extra NICs). @default false */
  readonly multiNetworking?: boolean;
  /** CIDRs allowed to reach the control plane; never 0.0.0.0/0. @default [] (VPC-internal access only) */
  readonly authorizedNetworks?: readonly AuthorizedNetwork[];
  /** Private control-plane endpoint only. @default true */
  readonly privateEndpoint?: boolean;
  /** /28 for a VPC-peering control plane. @default none (Private Service Connect) */
  readonly masterIpv4CidrBlock?: string;
  /** @default "REGULAR" */
  readonly releaseChannel?: ReleaseChannel;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Days a destroyed key version stays restorable (`destroy_scheduled_duration`, 1-120). @default 30 */
  readonly keyDestroyScheduledDays?: number;
  /** Existing Cloud KMS key for Kubernetes secrets encryption. @default a key ring + key created here */
  readonly databaseEncryptionKeyName?: string;
  /** Name of the key ring created when no key is given. @default `<clusterName>-gke` */
  readonly keyRingName?: string;
  /** Name of the key created when no key is given. @default `<clusterName>-gke-secrets` */
  readonly cryptoKeyName?: string;
  /** Rotation of the created key, seconds. @default 7776000 (90 days) */
  readonly keyRotationPeriodSeconds?: number;
  /** Node service account email. @default a least-privilege account created here */
  readonly nodeServiceAccountEmail?: string;
  /** Account id of the created node service account. @default `<clusterName>-nodes` (cut to 30) */
  readonly nodeServiceAccountId?: string;
  /** Machine type of the system node pool. @default "e2-standard-4" */
  readonly systemMachineType?: string;
  /** System nodes per zone: min and max. @default { min: 1, max: 3 } */
  readonly systemNodesPerZone?: { readonly min: number; readonly max: number };
  /** @default the scope's google provider */
  readonly provider?: TerraformProvider;
}

const schema = z.object({
  project: z.string().min(1),
  projectNumber: z.string().regex(/^\d+$/, "is not a project number; use the numeric project number, e.g. 123456789012").optional(),
  clusterName: z.string().regex(/^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/, "is not a valid GKE cluster name; use 1-40 lowercase letters, digits and hyphens"),
  location: z.string().min(1),
  network: z.string().min(1),
  subnetwork: z.string().min(1),
  podsRangeName: z.string().min(1),
  servicesRangeName: z.string().min(1),
  multiNetworking: z.boolean().optional(),
  authorizedNetworks: z.array(authorizedNetworkSchema).optional(),
  privateEndpoint: z.boolean().optional(),
  masterIpv4CidrBlock: z.string().regex(/\/28$/, "must be a /28; use e.g. 172.16.0.0/28").optional(),
  releaseChannel: z.enum(RELEASE_CHANNELS).optional(),
  deletionProtection: z.boolean().optional(),
  keyDestroyScheduledDays: z.number().int().min(1).max(120).optional(),
  databaseEncryptionKeyName: z.string().min(1).optional(),
  keyRingName: z.string().min(1).optional(),
  cryptoKeyName: z.string().min(1).optional(),
  keyRotationPeriodSeconds: z.number().int().min(86400).max(876000 * 3600).optional(),
  nodeServiceAccountEmail: z.string().min(1).optional(),
  nodeServiceAccountId: z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "is not a valid service account id; use 6-30 lowercase letters, digits and hyphens").optional(),
  systemMachineType: z.string().min(1).optional(),
  systemNodesPerZone: z.object({ min: z.number().int().min(1).max(MAX_POOL_NODES.gcp), max: z.number().int().min(1).max(MAX_POOL_NODES.gcp) }).strict()
    .refine((v) => v.max >= v.min, "max is below min; set max ≥ min").optional(),
  provider: providerSchema,
}).strict();

/**
 * A private, regional GKE Standard cluster: private nodes (and endpoint by default), control-plane
 * authorized networks, Workload Identity, Dataplane V2 (+ multi-networking), shielded nodes,
 * release channel, Kubernetes secrets encrypted with a Cloud KMS key, default pool removed and
 * a small system pool on a least-privilege node service account.
 */
export class GkeControlPlane extends Construct {
  public readonly cluster: ContainerCluster;
  public readonly systemPool: ContainerNodePool;
  /** Email of the node service account (GPU pools use it too). */
  public readonly nodeServiceAccountEmail: string;
  /** KMS key id used for secrets encryption. */
  public readonly databaseEncryptionKeyName: string;
  public readonly workloadPool: string;

  constructor(scope: Construct, id: string, props: GkeControlPlaneProps) {
    super(scope, id);
    const p = parseOrThrow(schema, props, id);
    const base = { project: p.project, provider: p.provider };
    // Every default and every choice (key and node account: given or created) is the plan's; this only emits.
    const planned = planGkeControlPlane(p);
    this.workloadPool = planned.workloadPool;

    const dependsOn = [];
    const key = planned.secretsKey;
    if (key.kind === "existing") {
      this.databaseEncryptionKeyName = key.name;
    } else {
      const ring = new KmsKeyRing(this, "key-ring", { ...base, name: key.keyRingName, location: key.location });
      const created = new KmsCryptoKey(this, "key", {
        name: key.cryptoKeyName, keyRing: ring.id, purpose: "ENCRYPT_DECRYPT",
        rotationPeriod: key.rotationPeriod, provider: p.provider, destroyScheduledDuration: key.destroyScheduledDuration,
      });
      const projectNumber = key.projectNumber.kind === "given"
        ? key.projectNumber.value
        : new DataGoogleProject(this, "project", { projectId: p.project, provider: p.provider }).number;
      dependsOn.push(new KmsCryptoKeyIamMember(this, "key-gke-agent", {
        cryptoKeyId: created.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: gkeServiceAgentMember(projectNumber), provider: p.provider,
      }));
      this.databaseEncryptionKeyName = created.id;
    }

    const account = planned.nodeServiceAccount;
    if (account.kind === "existing") {
      this.nodeServiceAccountEmail = account.email;
    } else {
      const sa = new ServiceAccount(this, "node-sa", { ...base, accountId: account.accountId, displayName: account.displayName });
      new ProjectIamMember(this, "node-sa-role", { ...base, role: account.role, member: sa.member });
      this.nodeServiceAccountEmail = sa.email;
    }
    const nodeSecurity = {
      serviceAccount: this.nodeServiceAccountEmail,
      oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: "GKE_METADATA" },
    };

    this.cluster = new ContainerCluster(this, "cluster", {
      ...base,
      name: p.clusterName,
      location: p.location,
      network: p.network,
      subnetwork: p.subnetwork,
      networkingMode: "VPC_NATIVE",
      ipAllocationPolicy: { clusterSecondaryRangeName: p.podsRangeName, servicesSecondaryRangeName: p.servicesRangeName },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: planned.privateEndpoint, masterIpv4CidrBlock: planned.masterIpv4CidrBlock },
      masterAuthorizedNetworksConfig: {
        gcpPublicCidrsAccessEnabled: false,
        cidrBlocks: planned.authorizedNetworks.map((n) => ({ cidrBlock: n.cidr, displayName: n.name })),
      },
      workloadIdentityConfig: { workloadPool: this.workloadPool },
      datapathProvider: "ADVANCED_DATAPATH",
      // Pod-to-pod traffic on one node goes through the VPC too, so flow logs and firewall rules see it
      // (GKE docs, "Setting up intranode visibility"; eBPF-native on Dataplane V2).
      enableIntranodeVisibility: true,
      // No client-certificate authentication: users and workloads authenticate with IAM and tokens.
      masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
      // GKE security posture: workload configuration auditing (mode BASIC). Basic vulnerability
      // scanning is deprecated (GKE docs, "posture-management-deprecation"); enterprise scanning is a paid tier, left to the user.
      securityPostureConfig: { mode: "BASIC" },
      enableMultiNetworking: planned.multiNetworking,
      enableShieldedNodes: true,
      releaseChannel: { channel: planned.releaseChannel },
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      nodeConfig: nodeSecurity,
      deletionProtection: planned.deletionProtection,
      databaseEncryption: { state: "ENCRYPTED", keyName: this.databaseEncryptionKeyName },
      addonsConfig: { gcsFuseCsiDriverConfig: { enabled: true } },
      // node_config only shapes the default pool, removed right after creation.
      lifecycle: { ignoreChanges: ["node_config"] },
      dependsOn,
    });

    const sys = planned.systemPool;
    this.systemPool = new ContainerNodePool(this, "system-pool", {
      ...base,
      name: sys.name,
      cluster: this.cluster.id,
      location: p.location,
      initialNodeCount: sys.initialNodeCount,
      autoscaling: { minNodeCount: sys.minNodeCount, maxNodeCount: sys.maxNodeCount },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: { ...nodeSecurity, machineType: sys.machineType, imageType: sys.imageType, diskType: sys.diskType, diskSizeGb: sys.diskSizeGb },
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });
  }
}
