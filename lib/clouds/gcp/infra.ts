import { z } from "zod";
import { Construct, TerraformProvider } from "../../internal/tf";
import type { KubernetesObject } from "../../internal/k8s-object";
import { GkeNetworkPlan, gkeNetworkObjects } from "./plan-gke-network";
import { GkeInfraNames, GkeInfraOptions, GkeInfraPlan, planGkeInfra } from "./plan-gke-infra";
import type { GkeGpuPoolTuning } from "./plan-gke-node-pool";
import type { DeploymentPlan } from "../../plan/plan";
import type { ClusterTarget } from "../../serving/cluster-target";
import { parseOrThrow } from "../../validation";
import { under } from "../../plan/refusal-paths";
import { gcpPlanSchema, providerSchema } from "./common";
import { GkeControlPlane } from "./control-plane";
import { GkeGpuNodePool } from "./gpu-node-pool";
import { GkeModelBucket } from "./model-bucket";
import { GkeNetwork } from "./network";
import { GkeServingIdentities } from "./identities";

/** GPU pool settings that override the plan's defaults (Google's rules still apply). */
export type GkeGpuPoolOverrides = GkeGpuPoolTuning;

export interface GkeInfraProps {
  /** A plan for cloud "gcp" from planDeployment. */
  readonly plan: DeploymentPlan;
  /**
   * Every infra decision of the placement, from `planGkeInfra(plan, options)` (DeepSeekCluster
   * takes it from `planCluster`). `GkeInfra.fromOptions` plans and builds in one call.
   */
  readonly infra: GkeInfraPlan;
  /** @default the scope's google provider */
  readonly provider?: TerraformProvider;
}

/** GkeInfra built from options: the plan, the provider and everything planGkeInfra takes. */
export interface GkeInfraOptionsProps extends GkeInfraOptions {
  readonly plan: DeploymentPlan;
  /** @default the scope's google provider */
  readonly provider?: TerraformProvider;
}

const schema = z.object({
  plan: gcpPlanSchema,
  infra: z.custom<GkeInfraPlan>((v) => typeof v === "object" && v !== null && typeof (v as GkeInfraPlan).project === "string", "must be a GKE infra plan; plan it with planGkeInfra(plan, options)"),
  provider: providerSchema,
}).strict();

/**
 * The complete Google Cloud infrastructure of one GKE placement: networks, private cluster,
 * GPU node pool, model bucket, serving identities and the HF token secret. Exposes `target`
 * for the serving stack (cross-stack references) and `networkObjects` (GKE multi-networking
 * Kubernetes objects the serving layer installs).
 */
export class GkeInfra extends Construct {
  /** Every decision this construct emitted. */
  public readonly infra: GkeInfraPlan;
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

  /**
   * Plans the placement's infra from options (refusals at `<id>.<option>`, e.g. `gke.gpuPool.spot`)
   * and builds it.
   */
  public static fromOptions(scope: Construct, id: string, props: GkeInfraOptionsProps): GkeInfra {
    const { plan, provider, ...options } = (props ?? {}) as GkeInfraOptionsProps;
    return new GkeInfra(scope, id, { plan, infra: planGkeInfra(plan, options, under(id)), ...(provider ? { provider } : {}) });
  }

  constructor(scope: Construct, id: string, props: GkeInfraProps) {
    super(scope, id);
    const { plan, infra, provider } = parseOrThrow(schema, props, id);
    const project = infra.project;
    this.infra = infra;
    this.names = infra.names;
    this.networkPlan = infra.network;
    this.networkObjects = gkeNetworkObjects(plan, this.networkPlan);

    let net: { network: string; subnetwork: string; pods: string; services: string; additional: readonly { network: string; subnetwork: string }[] };
    if (this.networkPlan.create) {
      this.network = new GkeNetwork(this, "network", { networkPlan: this.networkPlan, project, provider });
      net = {
        network: this.network.nodeNetworkName, subnetwork: this.network.nodeSubnetworkName, pods: this.network.podsRangeName,
        services: this.network.servicesRangeName, additional: this.network.additionalNodeNetworks,
      };
    } else {
      const n = this.networkPlan;
      net = { network: n.nodeNetwork, subnetwork: n.nodeSubnetwork, pods: n.podsRangeName, services: n.servicesRangeName,
        additional: n.additionalNetworks.map((a) => ({ network: a.network, subnetwork: a.subnetwork })) };
    }

    const cp = infra.controlPlane;
    this.controlPlane = new GkeControlPlane(this, "control-plane", {
      project, projectNumber: infra.projectNumber, clusterName: this.names.clusterName, location: plan.region,
      network: net.network, subnetwork: net.subnetwork, podsRangeName: net.pods, servicesRangeName: net.services,
      multiNetworking: cp.multiNetworking, authorizedNetworks: cp.authorizedNetworks, privateEndpoint: cp.privateEndpoint,
      masterIpv4CidrBlock: cp.masterIpv4CidrBlock, releaseChannel: cp.releaseChannel, deletionProtection: cp.deletionProtection,
      keyDestroyScheduledDays: cp.keyDestroyScheduledDays, keyRotationPeriodSeconds: cp.keyRotationPeriodSeconds,
      databaseEncryptionKeyName: cp.databaseEncryptionKeyName, keyRingName: cp.keyRingName, cryptoKeyName: cp.cryptoKeyName,
      nodeServiceAccountId: cp.nodeServiceAccountId, systemMachineType: cp.systemMachineType, systemNodesPerZone: cp.systemNodesPerZone, provider,
    });
    const cluster = this.controlPlane.cluster;

    // The planned pool, attached to the networks as created here (tokens, so the pool waits for them).
    this.gpuPool = new GkeGpuNodePool(this, "gpu-pool", {
      plan, pool: { ...infra.gpuPool, additionalNodeNetworks: net.additional }, cluster: cluster.id, project,
      serviceAccountEmail: this.controlPlane.nodeServiceAccountEmail, provider,
    });
    this.modelBucket = new GkeModelBucket(this, "model-bucket", {
      plan, project, bucketName: infra.bucket.name, kmsKeyName: infra.bucket.kmsKeyName, provider, forceDestroy: infra.bucket.forceDestroy,
    });
    this.identities = new GkeServingIdentities(this, "identities", {
      plan, project, bucketName: this.modelBucket.bucketName, serverAccountId: this.names.accountIds.server,
      stagerAccountId: this.names.accountIds.stager, secretsReaderAccountId: this.names.accountIds.secretsReader, hfTokenSecretId: this.names.hfTokenSecretId,
      secretKeyRingName: this.names.hfTokenKeyRingName, secretCryptoKeyName: this.names.hfTokenCryptoKeyName,
      keyDestroyScheduledDays: cp.keyDestroyScheduledDays, projectNumber: infra.projectNumber,
      dependsOn: [cluster], provider,
    });
    this.stagerServiceAccountEmail = this.identities.stager.email;
    this.secretsReaderServiceAccountEmail = this.identities.secretsReader.email;

    this.target = {
      cloud: "gcp",
      region: plan.region,
      project,
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
  }
}
