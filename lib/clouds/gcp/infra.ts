import { z } from "zod";
import { protectionOf } from "../../plan/protection";
import { Construct, TerraformProvider } from "../../internal/tf";
import type { KubernetesObject } from "../../internal/k8s-object";
import { ExistingGkeNetworks, GkeNetworkPlan, gkeNetworkObjects, planGkeNetworks } from "./plan-gke-network";
import { GkeInfraNames, planGkeInfraNames } from "./plan-gke-infra";
import type { GkeGpuPoolTuning } from "./plan-gke-node-pool";
import type { DeploymentPlan } from "../../plan/plan";
import type { ClusterTarget } from "../../serving/cluster-target";
import { parseOrThrow } from "../../validation";
import { rerooted } from "../../errors";
import { under } from "../../plan/refusal-paths";
import { gcpPlanSchema, providerSchema } from "./common";
import { AuthorizedNetwork, GkeControlPlane, RELEASE_CHANNELS, ReleaseChannel, authorizedNetworkSchema } from "./control-plane";
import { GkeGpuNodePool } from "./gpu-node-pool";
import { GkeModelBucket } from "./model-bucket";
import { GkeNetwork } from "./network";
import { GkeServingIdentities } from "./identities";

/** GPU pool settings that override the plan's defaults (Google's rules still apply). */
export type GkeGpuPoolOverrides = GkeGpuPoolTuning;

export interface GkeInfraProps {
  /** A plan for cloud "gcp" from planDeployment. */
  readonly plan: DeploymentPlan;
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
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Prefix of resource names. @default `ds-<region>` */
  readonly namePrefix?: string;
  /** @default `<project>-<namePrefix>-models` */
  readonly bucketName?: string;
  /** CMEK for the model bucket. @default Google-managed keys */
  readonly bucketKmsKeyName?: string;
  /** Existing KMS key for Kubernetes secrets encryption. @default a key ring and key created here */
  readonly databaseEncryptionKeyName?: string;
  /** @default {} */
  readonly gpuPool?: GkeGpuPoolOverrides;
  /** @default the scope's google provider */
  readonly provider?: TerraformProvider;
}

const existingSchema = z.object({
  network: z.string().min(1), subnetwork: z.string().min(1), podsRangeName: z.string().min(1), servicesRangeName: z.string().min(1),
  additionalNetworks: z.array(z.object({ network: z.string().min(1), subnetwork: z.string().min(1) }).strict()),
}).strict();

const schema = z.object({
  plan: gcpPlanSchema,
  project: z.string().min(1),
  projectNumber: z.string().optional(),
  authorizedNetworks: z.array(authorizedNetworkSchema).optional(),
  privateEndpoint: z.boolean().optional(),
  masterIpv4CidrBlock: z.string().optional(),
  existingNetwork: existingSchema.optional(),
  releaseChannel: z.enum(RELEASE_CHANNELS).optional(),
  deletionProtection: z.boolean().optional(),
  namePrefix: z.string().optional(),
  bucketName: z.string().optional(),
  bucketKmsKeyName: z.string().min(1).optional(),
  databaseEncryptionKeyName: z.string().min(1).optional(),
  gpuPool: z.object({
    autoRepair: z.boolean().optional(), autoUpgrade: z.boolean().optional(), spot: z.boolean().optional(),
    compactPlacement: z.boolean().optional(), maxRunDurationSeconds: z.number().optional(), bootDiskSizeGb: z.number().optional(),
  }).strict().optional(),
  provider: providerSchema,
}).strict();

/**
 * The complete Google Cloud infrastructure of one GKE placement: networks, private cluster,
 * GPU node pool, model bucket, serving identities and the HF token secret. Exposes `target`
 * for the serving stack (cross-stack references) and `networkObjects` (GKE multi-networking
 * Kubernetes objects the serving layer installs).
 */
export class GkeInfra extends Construct {
  public readonly names: GkeInfraNames;
  public readonly networkPlan: GkeNetworkPlan;
  public readonly network?: GkeNetwork;
  public readonly controlPlane: GkeControlPlane;
  public readonly gpuPool: GkeGpuNodePool;
  public readonly modelBucket: GkeModelBucket;
  public readonly identities: GkeServingIdentities;
  /** GKENetworkParamSet + Network objects for the extra NICs. */
  public readonly networkObjects: readonly KubernetesObject[];
  public readonly target: ClusterTarget;
  /** The stager's Google service account (the ClusterTarget carries the server's). */
  public readonly stagerServiceAccountEmail: string;
  /** The secrets reader's Google service account (External Secrets: HF token and API keys); also in `target.secretsReaderIdentity`. */
  public readonly secretsReaderServiceAccountEmail: string;

  constructor(scope: Construct, id: string, props: GkeInfraProps) {
    super(scope, id);
    const p = parseOrThrow(schema, props, id);
    const plan = p.plan;
    // Refusals name this construct's props: planners root them at their input, children at their ids.
    try {
      this.names = planGkeInfraNames(plan, { project: p.project, namePrefix: p.namePrefix, bucketName: p.bucketName }, under(id));
      this.networkPlan = planGkeNetworks(plan, { project: p.project, namePrefix: this.names.namePrefix, existing: p.existingNetwork }, under(id));
      this.networkObjects = gkeNetworkObjects(plan, this.networkPlan);
      const provider = p.provider;

      let net: { network: string; subnetwork: string; pods: string; services: string; additional: readonly { network: string; subnetwork: string }[] };
      if (this.networkPlan.create) {
        this.network = new GkeNetwork(this, "network", { networkPlan: this.networkPlan, project: p.project, provider });
        net = {
          network: this.network.nodeNetworkName, subnetwork: this.network.nodeSubnetworkName, pods: this.network.podsRangeName,
          services: this.network.servicesRangeName, additional: this.network.additionalNodeNetworks,
        };
      } else {
        const n = this.networkPlan;
        net = { network: n.nodeNetwork, subnetwork: n.nodeSubnetwork, pods: n.podsRangeName, services: n.servicesRangeName,
          additional: n.additionalNetworks.map((a) => ({ network: a.network, subnetwork: a.subnetwork })) };
      }

      this.controlPlane = new GkeControlPlane(this, "control-plane", {
        project: p.project, projectNumber: p.projectNumber, clusterName: this.names.clusterName, location: plan.region,
        network: net.network, subnetwork: net.subnetwork, podsRangeName: net.pods, servicesRangeName: net.services,
        multiNetworking: this.networkPlan.multiNetworking, authorizedNetworks: p.authorizedNetworks, privateEndpoint: p.privateEndpoint,
        masterIpv4CidrBlock: p.masterIpv4CidrBlock, releaseChannel: p.releaseChannel, deletionProtection: p.deletionProtection ?? protectionOf(plan).clusterDeletionProtection,
        keyDestroyScheduledDays: protectionOf(plan).keyDeletionWindowDays,
        databaseEncryptionKeyName: p.databaseEncryptionKeyName, keyRingName: this.names.keyRingName, cryptoKeyName: this.names.cryptoKeyName,
        nodeServiceAccountId: this.names.accountIds.nodes, provider,
      });
      const cluster = this.controlPlane.cluster;

      this.gpuPool = new GkeGpuNodePool(this, "gpu-pool", {
        plan, cluster: cluster.id, location: plan.region, project: p.project, additionalNodeNetworks: net.additional,
        serviceAccountEmail: this.controlPlane.nodeServiceAccountEmail, ...(p.gpuPool ?? {}), provider,
      });
      this.modelBucket = new GkeModelBucket(this, "model-bucket", {
        plan, project: p.project, bucketName: this.names.bucketName, kmsKeyName: p.bucketKmsKeyName, provider, forceDestroy: protectionOf(plan).destroyModelBuckets,
      });
      this.identities = new GkeServingIdentities(this, "identities", {
        plan, project: p.project, bucketName: this.modelBucket.bucketName, serverAccountId: this.names.accountIds.server,
        stagerAccountId: this.names.accountIds.stager, secretsReaderAccountId: this.names.accountIds.secretsReader, hfTokenSecretId: this.names.hfTokenSecretId,
          dependsOn: [cluster], provider,
      });
      this.stagerServiceAccountEmail = this.identities.stager.email;
      this.secretsReaderServiceAccountEmail = this.identities.secretsReader.email;

      this.target = {
        cloud: "gcp",
        region: plan.region,
        project: p.project,
        clusterName: cluster.name,
        endpoint: `https://${cluster.endpoint}`,
        caCertificateBase64: cluster.masterAuth.clusterCaCertificate,
        modelBucket: this.modelBucket.bucketName,
        workloadIdentity: { gcpServiceAccountEmail: this.identities.server.email },
        // The stager writes the bucket; External Secrets reads the token and API keys as the secrets reader.
        stagerIdentity: { gcpServiceAccountEmail: this.stagerServiceAccountEmail },
        secretsReaderIdentity: { gcpServiceAccountEmail: this.secretsReaderServiceAccountEmail },
        hfTokenSecretName: this.identities.hfTokenSecret.secretId,
      };
    } catch (e) {
      throw rerooted(e, [
        ["gpu-pool.plan", `${id}.plan`], ["gpu-pool.additionalNodeNetworks", `${id}.existingNetwork.additionalNetworks`], ["gpu-pool", `${id}.gpuPool`],
        ["model-bucket.kmsKeyName", `${id}.bucketKmsKeyName`],
        ...["network", "control-plane", "model-bucket", "identities"].map((child) => [child, id] as const),
      ]);
    }
  }
}
