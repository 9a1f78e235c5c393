import { z } from "zod";
import { IPV4_CIDR } from "../../plan/cidr";

/**
 * Pure planning of a GKE control plane: every default and every decision GkeControlPlane emits
 * (the secrets key to create or use, the node service account to create or use, the system pool),
 * as the EKS ones are in plan-aws-infra.ts. No cdktf import; the construct translates.
 */

export const RELEASE_CHANNELS = ["RAPID", "REGULAR", "STABLE", "EXTENDED"] as const;
export type ReleaseChannel = (typeof RELEASE_CHANNELS)[number];

/** A CIDR allowed to reach the GKE control plane. */
export interface AuthorizedNetwork {
  readonly cidr: string;
  readonly name: string;
}

/**
 * The control plane's defaults. Sources: GKE release channels (cloud.google.com/kubernetes-engine/docs/concepts/release-channels:
 * REGULAR is GKE's default channel); automatic key rotation every 90 days (this project's choice;
 * cloud.google.com/kms/docs/key-rotation) and scheduled destruction after 30 days (the Cloud KMS
 * default, cloud.google.com/kms/docs/destroy-restore); the system pool only runs the cluster's
 * add-ons (e2-standard-4, 1-3 nodes per zone, 100 GB pd-balanced boot disks on Container-Optimized
 * OS: this project's choice; cloud.google.com/kubernetes-engine/docs/concepts/node-images).
 */
export const GKE_CONTROL_PLANE_DEFAULTS = {
  privateEndpoint: true,
  releaseChannel: "REGULAR",
  deletionProtection: true,
  keyRotationPeriodSeconds: 90 * 86400,
  keyDestroyScheduledDays: 30,
  systemMachineType: "e2-standard-4",
  systemNodesPerZone: { min: 1, max: 3 },
  systemImageType: "COS_CONTAINERD",
  systemDiskType: "pd-balanced",
  systemDiskSizeGb: 100,
} as const;

/**
 * The documented least-privilege role of a GKE node service account (logs, metrics, metadata):
 * cloud.google.com/kubernetes-engine/docs/how-to/service-accounts ("roles/container.defaultNodeServiceAccount").
 */
export const GKE_NODE_SERVICE_ACCOUNT_ROLE = "roles/container.defaultNodeServiceAccount";

/** The GKE service agent that must use the secrets key (cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets). */
export function gkeServiceAgentMember(projectNumber: string): string {
  return `serviceAccount:service-${projectNumber}@container-engine-robot.iam.gserviceaccount.com`;
}

/** What a GkeControlPlane takes that has a default, or that decides what it creates. */
export interface GkeControlPlaneOptions {
  readonly project: string;
  readonly clusterName: string;
  /** Region (regional cluster) or zone; a created key ring lives in its region. */
  readonly location: string;
  /** Project number, for the GKE service agent's KMS grant. @default looked up (data google_project) */
  readonly projectNumber?: string;
  readonly privateEndpoint?: boolean;
  readonly masterIpv4CidrBlock?: string;
  readonly releaseChannel?: ReleaseChannel;
  readonly deletionProtection?: boolean;
  readonly authorizedNetworks?: readonly AuthorizedNetwork[];
  readonly multiNetworking?: boolean;
  /** Existing Cloud KMS key for Kubernetes secrets encryption. @default a key ring and key created */
  readonly databaseEncryptionKeyName?: string;
  readonly keyRingName?: string;
  readonly cryptoKeyName?: string;
  readonly keyRotationPeriodSeconds?: number;
  readonly keyDestroyScheduledDays?: number;
  /** Existing node service account. @default a least-privilege account created */
  readonly nodeServiceAccountEmail?: string;
  readonly nodeServiceAccountId?: string;
  readonly systemMachineType?: string;
  readonly systemNodesPerZone?: { readonly min: number; readonly max: number };
}

/** The Kubernetes secrets key: an existing one, or a key ring and key created (with the GKE service agent's grant). */
export type GkeSecretsKeyPlan =
  | { readonly kind: "existing"; readonly name: string }
  | {
    readonly kind: "create";
    readonly keyRingName: string;
    readonly cryptoKeyName: string;
    /** The key ring's location: the cluster's region (a zonal cluster's zone without its letter). */
    readonly location: string;
    /** `rotation_period`, e.g. "7776000s". */
    readonly rotationPeriod: string;
    /** `destroy_scheduled_duration`, e.g. "2592000s". */
    readonly destroyScheduledDuration: string;
    /** The project number for the service agent's grant, or looked up at plan time. */
    readonly projectNumber: { readonly kind: "given"; readonly value: string } | { readonly kind: "lookup" };
  };

/** Every control-plane setting with its default applied, and what the construct creates. */
export interface GkeControlPlanePlan {
  readonly privateEndpoint: boolean;
  readonly releaseChannel: ReleaseChannel;
  readonly deletionProtection: boolean;
  readonly authorizedNetworks: readonly AuthorizedNetwork[];
  readonly multiNetworking: boolean;
  /** Key ring and key created when no existing key is given. */
  readonly keyRingName: string;
  readonly cryptoKeyName: string;
  readonly keyRotationPeriodSeconds: number;
  readonly keyDestroyScheduledDays: number;
  /** Account id of the node service account created when none is given (≤ 30 characters). */
  readonly nodeServiceAccountId: string;
  readonly systemMachineType: string;
  readonly systemNodesPerZone: { readonly min: number; readonly max: number };
  /** `<project>.svc.id.goog` */
  readonly workloadPool: string;
  /** The secrets key to use or create. */
  readonly secretsKey: GkeSecretsKeyPlan;
  /** The node service account to use, or to create with the least-privilege role. */
  readonly nodeServiceAccount:
    | { readonly kind: "existing"; readonly email: string }
    | { readonly kind: "create"; readonly accountId: string; readonly displayName: string; readonly role: string };
  /** The system node pool (add-ons only): machine, disk and autoscaling per zone. */
  readonly systemPool: {
    readonly name: "system"; readonly machineType: string; readonly imageType: string; readonly diskType: string; readonly diskSizeGb: number;
    readonly initialNodeCount: number; readonly minNodeCount: number; readonly maxNodeCount: number;
  };
  /** A /28 for a VPC-peering control plane; absent: Private Service Connect. */
  readonly masterIpv4CidrBlock?: string;
}

/** The GKE control plane's settings: the options given, GKE_CONTROL_PLANE_DEFAULTS for the rest. Pure. */
export function planGkeControlPlane(o: GkeControlPlaneOptions): GkeControlPlanePlan {
  const d = GKE_CONTROL_PLANE_DEFAULTS;
  const keyRingName = o.keyRingName ?? `${o.clusterName}-gke`;
  const cryptoKeyName = o.cryptoKeyName ?? `${o.clusterName}-gke-secrets`;
  const keyRotationPeriodSeconds = o.keyRotationPeriodSeconds ?? d.keyRotationPeriodSeconds;
  const keyDestroyScheduledDays = o.keyDestroyScheduledDays ?? d.keyDestroyScheduledDays;
  const nodeServiceAccountId = o.nodeServiceAccountId ?? `${o.clusterName.slice(0, 24).replace(/-+$/, "")}-nodes`;
  const systemNodesPerZone = o.systemNodesPerZone ?? d.systemNodesPerZone;
  const systemMachineType = o.systemMachineType ?? d.systemMachineType;
  return {
    privateEndpoint: o.privateEndpoint ?? d.privateEndpoint,
    releaseChannel: o.releaseChannel ?? d.releaseChannel,
    deletionProtection: o.deletionProtection ?? d.deletionProtection,
    authorizedNetworks: o.authorizedNetworks ?? [],
    multiNetworking: o.multiNetworking ?? false,
    keyRingName,
    cryptoKeyName,
    keyRotationPeriodSeconds,
    keyDestroyScheduledDays,
    nodeServiceAccountId,
    systemMachineType,
    systemNodesPerZone,
    workloadPool: `${o.project}.svc.id.goog`,
    secretsKey: o.databaseEncryptionKeyName
      ? { kind: "existing", name: o.databaseEncryptionKeyName }
      : {
        kind: "create", keyRingName, cryptoKeyName,
        // A regional cluster's location is its region; a zonal one's zone ends in -<letter>.
        location: o.location.replace(/-[a-z]$/, ""),
        rotationPeriod: `${keyRotationPeriodSeconds}s`,
        destroyScheduledDuration: `${keyDestroyScheduledDays * 86400}s`,
        projectNumber: o.projectNumber ? { kind: "given", value: o.projectNumber } : { kind: "lookup" },
      },
    nodeServiceAccount: o.nodeServiceAccountEmail
      ? { kind: "existing", email: o.nodeServiceAccountEmail }
      : { kind: "create", accountId: nodeServiceAccountId, displayName: `GKE nodes of ${o.clusterName}`, role: GKE_NODE_SERVICE_ACCOUNT_ROLE },
    systemPool: {
      name: "system", machineType: systemMachineType, imageType: d.systemImageType, diskType: d.systemDiskType, diskSizeGb: d.systemDiskSizeGb,
      initialNodeCount: systemNodesPerZone.min, minNodeCount: systemNodesPerZone.min, maxNodeCount: systemNodesPerZone.max,
    },
    ...(o.masterIpv4CidrBlock ? { masterIpv4CidrBlock: o.masterIpv4CidrBlock } : {}),
  };
}

/** A CIDR allowed to reach the control plane: never the whole internet. */
export const authorizedNetworkSchema = z.object({
  cidr: z.string()
    .regex(IPV4_CIDR, "is not an IPv4 CIDR; use a.b.c.d/n, e.g. 203.0.113.0/24")
    .refine((c) => !c.endsWith("/0"), "opens the control plane to the whole internet; list the CIDRs of your admin networks or CI runners instead"),
  name: z.string().min(1),
}).strict();
