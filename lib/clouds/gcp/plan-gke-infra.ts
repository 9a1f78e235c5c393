import { asWritten, joinPath, type PathOf } from "../../plan/refusal-paths";
import { requirePlan } from "../../plan/plan-shape";
import { DeepSeekConfigError } from "../../errors";
import type { DeploymentPlan } from "../../plan/plan";
import { protectionOf } from "../../plan/protection";
import { RELEASE_CHANNELS, authorizedNetworkSchema, planGkeControlPlane, type AuthorizedNetwork, type GkeControlPlanePlan, type ReleaseChannel } from "./plan-gke-control-plane";
import { parseOrThrow } from "../../validation";
import { z } from "zod";
import { planGkeNetworks, type ExistingGkeNetworks, type GkeNetworkPlan } from "./plan-gke-network";
import { gkeGpuPoolTuningShape, planGkeNodePool, type GkeGpuPoolTuning, type GkeNodePoolPlan } from "./plan-gke-node-pool";

/**
 * Names of the GKE infra resources for one placement, derived from the plan so a re-synth keeps
 * them (renaming replaces live resources). Pure.
 */
export interface GkeInfraNames {
  readonly namePrefix: string;
  readonly clusterName: string;
  readonly keyRingName: string;
  readonly cryptoKeyName: string;
  readonly bucketName: string;
  readonly hfTokenSecretId: string;
  /** Key ring and key (plan.region) of the Hugging Face token secret's customer-managed encryption. */
  readonly hfTokenKeyRingName: string;
  readonly hfTokenCryptoKeyName: string;
  /**
   * Google service account ids (6-30 characters): GPU/system nodes, the server (reads the bucket),
   * the model stager (writes the bucket), the secrets reader (External Secrets: HF token and API keys).
   */
  readonly accountIds: { readonly nodes: string; readonly server: string; readonly stager: string; readonly secretsReader: string };
  /** `<project>.svc.id.goog` */
  readonly workloadPool: string;
}

export interface GkeInfraNameOptions {
  readonly project: string;
  /** @default the plan's `resourcePrefix`, else `ds-<region>` */
  readonly namePrefix?: string;
  /** @default `<project>-<namePrefix>-models` */
  readonly bucketName?: string;
}

const PROJECT_RE = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const BUCKET_RE = /^[a-z0-9][-_.a-z0-9]{1,61}[a-z0-9]$/;

/** GSA account id: `<prefix>-<suffix>`, the prefix cut so the id fits 30 characters. */
export function gkeAccountId(prefix: string, suffix: string): string {
  const head = prefix.slice(0, 30 - suffix.length - 1).replace(/-+$/, "");
  const id = `${head}-${suffix}`;
  return id.length >= 6 ? id : `${id}-sa`;
}

export function planGkeInfraNames(plan: DeploymentPlan, options: GkeInfraNameOptions, at: PathOf = asWritten): GkeInfraNames {
  requirePlan(plan, at("plan"));
  if (typeof options.project !== "string" || !PROJECT_RE.test(options.project)) {
    throw new DeepSeekConfigError(at("project"), "is not a valid GCP project id", options.project, "use the project id (6-30 lowercase letters, digits and hyphens), not its name or number");
  }
  if (options.namePrefix !== undefined && (typeof options.namePrefix !== "string" || !/^[a-z][-a-z0-9]{0,19}$/.test(options.namePrefix))) {
    throw new DeepSeekConfigError(at("namePrefix"), "is not a valid name prefix", options.namePrefix, "use 1-20 lowercase letters, digits and hyphens, starting with a letter");
  }
  const prefix = options.namePrefix ?? plan.resourcePrefix ?? `ds-${plan.region}`;
  const bucketName = options.bucketName ?? `${options.project}-${prefix}-models`;
  if (!BUCKET_RE.test(bucketName) || bucketName.includes("google")) {
    throw new DeepSeekConfigError(at("bucketName"), "is not a valid Cloud Storage bucket name (3-63 lowercase letters, digits, -, _ and ., no \"google\")", bucketName, "set bucketName explicitly");
  }
  return {
    namePrefix: prefix,
    clusterName: prefix,
    // Cloud KMS never deletes key rings and keys: a redeploy after a destroy needs new names.
    keyRingName: `${prefix}-gke${protectionOf(plan).nameSuffix}`,
    cryptoKeyName: `${prefix}-gke-secrets${protectionOf(plan).nameSuffix}`,
    bucketName,
    hfTokenSecretId: `${prefix}-hf-token`,
    hfTokenKeyRingName: `${prefix}-secrets${protectionOf(plan).nameSuffix}`,
    hfTokenCryptoKeyName: `${prefix}-hf-token${protectionOf(plan).nameSuffix}`,
    accountIds: { nodes: gkeAccountId(prefix, "nodes"), server: gkeAccountId(prefix, "server"), stager: gkeAccountId(prefix, "stager"), secretsReader: gkeAccountId(prefix, "secrets") },
    workloadPool: `${options.project}.svc.id.goog`,
  };
}

export { GKE_CONTROL_PLANE_DEFAULTS, RELEASE_CHANNELS, authorizedNetworkSchema, gkeServiceAgentMember, planGkeControlPlane } from "./plan-gke-control-plane";
export type { AuthorizedNetwork, GkeControlPlaneOptions, GkeControlPlanePlan, ReleaseChannel } from "./plan-gke-control-plane";

/** What the GKE side of a placement is planned from (planGkeInfra; DeepSeekCluster's `placements[i].gcp`). */
export interface GkeInfraOptions {
  /** GCP project id. */
  readonly project: string;
  /** Project number, for the GKE service agent's KMS grant. @default looked up with data google_project */
  readonly projectNumber?: string;
  /** CIDRs allowed to reach the control plane (never 0.0.0.0/0). @default [] (VPC-internal only) */
  readonly authorizedNetworks?: readonly AuthorizedNetwork[];
  /** Private control-plane endpoint only. @default true */
  readonly privateEndpoint?: boolean;
  /** /28 for a VPC-peering control plane. @default none (Private Service Connect) */
  readonly masterIpv4CidrBlock?: string;
  /** Use these networks instead of creating them. @default networks created here */
  readonly existingNetwork?: ExistingGkeNetworks;
  /** @default "REGULAR" */
  readonly releaseChannel?: ReleaseChannel;
  /** @default the plan's protection (true unless protection mode is "disposable") */
  readonly deletionProtection?: boolean;
  /** Prefix of resource names. @default the plan's resource prefix, else `ds-<region>` */
  readonly namePrefix?: string;
  /** @default `<project>-<namePrefix>-models` */
  readonly bucketName?: string;
  /** CMEK for the model bucket. @default Google-managed keys */
  readonly bucketKmsKeyName?: string;
  /** Existing KMS key for Kubernetes secrets encryption. @default a key ring and key created here */
  readonly databaseEncryptionKeyName?: string;
  /** GPU pool settings that override the plan's defaults (Google's rules still apply). @default {} */
  readonly gpuPool?: GkeGpuPoolTuning;
}

const existingNetworkSchema = z.object({
  network: z.string().min(1), subnetwork: z.string().min(1), podsRangeName: z.string().min(1), servicesRangeName: z.string().min(1),
  additionalNetworks: z.array(z.object({ network: z.string().min(1), subnetwork: z.string().min(1) }).strict()),
}).strict();

/** GkeInfraOptions as a schema: every malformed option is a DeepSeekConfigError at its own path. */
export const gkeInfraOptionsSchema = z.object({
  project: z.string().min(1),
  projectNumber: z.string().regex(/^\d+$/, "is not a project number; use the numeric project number, e.g. 123456789012").optional(),
  authorizedNetworks: z.array(authorizedNetworkSchema).optional(),
  privateEndpoint: z.boolean().optional(),
  masterIpv4CidrBlock: z.string().regex(/\/28$/, "must be a /28; use e.g. 172.16.0.0/28").optional(),
  existingNetwork: existingNetworkSchema.optional(),
  releaseChannel: z.enum(RELEASE_CHANNELS).optional(),
  deletionProtection: z.boolean().optional(),
  namePrefix: z.string().optional(),
  bucketName: z.string().optional(),
  bucketKmsKeyName: z.string().min(1).optional(),
  databaseEncryptionKeyName: z.string().min(1).optional(),
  gpuPool: z.object(gkeGpuPoolTuningShape).strict().optional(),
}).strict();

/** Every infra decision of a GKE placement: what GkeInfra emits. */
export interface GkeInfraPlan {
  readonly project: string;
  readonly projectNumber?: string;
  readonly region: string;
  readonly names: GkeInfraNames;
  readonly network: GkeNetworkPlan;
  readonly controlPlane: GkeControlPlanePlan & { readonly masterIpv4CidrBlock?: string; readonly databaseEncryptionKeyName?: string };
  readonly gpuPool: GkeNodePoolPlan;
  readonly bucket: { readonly name: string; readonly kmsKeyName?: string; readonly forceDestroy: boolean };
}

/**
 * Plans the whole GKE placement: names, networks, control plane, GPU node pool and model bucket.
 * Refusals name `at(<option>)` (`gpuPool.spot`, `existingNetwork.additionalNetworks`). Pure.
 */
export function planGkeInfra(plan: DeploymentPlan, options: GkeInfraOptions, at: PathOf = asWritten): GkeInfraPlan {
  requirePlan(plan, at("plan"));
  if (plan.cloud !== "gcp") {
    throw new DeepSeekConfigError(at("plan"), "must be a DeploymentPlan for cloud \"gcp\"", plan.cloud, "plan it with planDeployment({ cloud: \"gcp\", ... })");
  }
  const o = parseOrThrow(gkeInfraOptionsSchema, options, at(""));
  const names = planGkeInfraNames(plan, { project: o.project, namePrefix: o.namePrefix, bucketName: o.bucketName }, at);
  const network = planGkeNetworks(plan, { project: o.project, namePrefix: names.namePrefix, existing: o.existingNetwork }, at);
  const protection = protectionOf(plan);
  const controlPlane = planGkeControlPlane({
    project: o.project, clusterName: names.clusterName, location: plan.region, projectNumber: o.projectNumber, privateEndpoint: o.privateEndpoint,
    masterIpv4CidrBlock: o.masterIpv4CidrBlock, databaseEncryptionKeyName: o.databaseEncryptionKeyName, releaseChannel: o.releaseChannel,
    deletionProtection: o.deletionProtection ?? protection.clusterDeletionProtection, authorizedNetworks: o.authorizedNetworks,
    multiNetworking: network.multiNetworking, keyRingName: names.keyRingName, cryptoKeyName: names.cryptoKeyName,
    keyDestroyScheduledDays: protection.keyDeletionWindowDays, nodeServiceAccountId: names.accountIds.nodes,
  });
  // The pool's own options sit under gpuPool; its NICs are the planned (or given) extra networks.
  const poolAt: PathOf = (field) => {
    const nics = "additionalNodeNetworks";
    if (field === nics || field.startsWith(`${nics}.`)) return at(`existingNetwork.additionalNetworks${field.slice(nics.length)}`);
    if (field === "plan" || field.startsWith("plan.")) return at(field);
    return at(joinPath("gpuPool", field));
  };
  const nicNetworks = network.additionalNetworks.map((n) => ({ network: n.network, subnetwork: n.subnetwork }));
  const gpuPool = planGkeNodePool(plan, { ...(o.gpuPool ?? {}), additionalNodeNetworks: nicNetworks }, poolAt);
  return {
    project: o.project,
    ...(o.projectNumber ? { projectNumber: o.projectNumber } : {}),
    region: plan.region,
    names,
    network,
    controlPlane: {
      ...controlPlane,
      ...(o.masterIpv4CidrBlock ? { masterIpv4CidrBlock: o.masterIpv4CidrBlock } : {}),
      ...(o.databaseEncryptionKeyName ? { databaseEncryptionKeyName: o.databaseEncryptionKeyName } : {}),
    },
    gpuPool,
    bucket: { name: names.bucketName, ...(o.bucketKmsKeyName ? { kmsKeyName: o.bucketKmsKeyName } : {}), forceDestroy: protection.destroyModelBuckets },
  };
}
