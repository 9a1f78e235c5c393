import { z } from "zod";
import { Construct, TerraformProvider } from "../../internal/tf";
import { EksInfraOptions, EksInfraPlan, planEksInfra } from "./plan-aws-infra";
import { NODE_MODEL_CACHE_DIR } from "./plan-aws-gpu-nodes";
import { SubnetRef } from "./plan-aws-shared";
import type { DeploymentPlan } from "../../plan/plan";
import type { ClusterTarget } from "../../serving/cluster-target";
import { under } from "../../plan/refusal-paths";
import { parseOrThrow } from "../../validation";
import { planSchema, providerSchema } from "./common";
import { EksControlPlane } from "./control-plane";
import { EksGpuNodePool } from "./gpu-node-pool";
import { ModelBucket } from "./model-bucket";
import { EksNetwork } from "./network";
import { EksWorkloadIdentity } from "./workload-identity";

export interface EksInfraProps {
  /** The placement, from `planDeployment({ cloud: "aws", ... })`. */
  readonly plan: DeploymentPlan;
  /**
   * Every infra decision of the placement, from `planEksInfra(plan, options)` (DeepSeekCluster
   * takes it from `planCluster`). `EksInfra.fromOptions` plans and builds in one call.
   */
  readonly infra: EksInfraPlan;
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/** EksInfra built from options: the plan, the provider and everything planEksInfra takes. */
export interface EksInfraOptionsProps extends EksInfraOptions {
  readonly plan: DeploymentPlan;
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

const propsSchema = z.object({
  plan: planSchema,
  infra: z.custom<EksInfraPlan>((v) => typeof v === "object" && v !== null && typeof (v as EksInfraPlan).clusterName === "string"
    && typeof (v as EksInfraPlan).workloadIdentity === "object" && typeof (v as EksInfraPlan).tags === "object", "must be an EKS infra plan; plan it with planEksInfra(plan, options)"),
  provider: providerSchema,
}).strict();

/**
 * The whole AWS infrastructure of one placement: network, EKS control plane, GPU node pool,
 * model cache bucket, Pod Identity roles and the Hugging Face token secret. Exposes `target`
 * for the serving stack. Creates no provider.
 */
export class EksInfra extends Construct {
  public readonly infra: EksInfraPlan;
  public readonly network?: EksNetwork;
  public readonly controlPlane: EksControlPlane;
  public readonly gpuNodePool: EksGpuNodePool;
  public readonly modelBucket: ModelBucket;
  public readonly identity: EksWorkloadIdentity;
  public readonly vpcId: string;
  public readonly privateSubnets: readonly SubnetRef[];
  public readonly clusterName: string;
  public readonly oidcIssuerUrl: string;
  /** What the serving layer needs (values are Terraform tokens; cross-stack references when used in another stack). */
  public readonly target: ClusterTarget;

  /**
   * Plans the placement's infra from options (refusals at `<id>.<option>`, e.g. `eks.vpcCidr`)
   * and builds it.
   */
  public static fromOptions(scope: Construct, id: string, props: EksInfraOptionsProps): EksInfra {
    const { plan, provider, ...options } = (props ?? {}) as EksInfraOptionsProps;
    return new EksInfra(scope, id, { plan, infra: planEksInfra(plan, options, under(id)), ...(provider ? { provider } : {}) });
  }

  constructor(scope: Construct, id: string, props: EksInfraProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const { plan, infra, provider } = props;
    this.infra = infra;

    if (infra.network.kind === "new") {
      this.network = new EksNetwork(this, "network", { network: infra.network, provider });
      this.vpcId = this.network.vpcId;
      this.privateSubnets = this.network.privateSubnets;
    } else {
      this.vpcId = infra.network.vpcId;
      this.privateSubnets = infra.network.privateSubnets;
    }

    this.controlPlane = new EksControlPlane(this, "control-plane", { infra, subnetIds: this.privateSubnets.map((s) => s.subnetId), provider });
    this.clusterName = this.controlPlane.clusterName;
    this.oidcIssuerUrl = this.controlPlane.oidcIssuerUrl;

    // The planned node group, launched into the private subnets of its zones (the planner checked they exist).
    const gpuSubnets = this.privateSubnets.filter((s) => infra.gpuNodeGroup.zones.includes(s.zone));
    this.gpuNodePool = new EksGpuNodePool(this, "gpu", {
      plan, provider, clusterName: this.controlPlane.clusterName, vpcId: this.vpcId,
      pool: { ...infra.gpuNodeGroup, subnetIds: gpuSubnets.map((s) => s.subnetId), subnetZones: gpuSubnets.map((s) => s.zone) },
      nodeRoleArn: this.controlPlane.nodeRole.arn, clusterSecurityGroupId: this.controlPlane.clusterSecurityGroupId,
      dependsOn: this.controlPlane.nodeDependencies,
    });

    const tags = infra.tags;
    this.modelBucket = new ModelBucket(this, "models", {
      bucketPrefix: infra.bucketPrefix, tags, provider,
      forceDestroy: infra.protection.destroyModelBuckets, keyDeletionWindowDays: infra.protection.keyDeletionWindowDays,
    });
    const wi = infra.workloadIdentity;
    this.identity = new EksWorkloadIdentity(this, "identity", {
      clusterName: this.controlPlane.clusterName, namespace: wi.namespace, secretRecoveryWindowDays: infra.protection.secretRecoveryWindowDays,
      keyDeletionWindowDays: infra.protection.keyDeletionWindowDays,
      serviceAccounts: { ...wi.serviceAccounts },
      bucketArn: this.modelBucket.bucketArn, bucketKmsKeyArn: this.modelBucket.kmsKeyArn, hfTokenSecretName: infra.hfTokenSecretName,
      secretsReader: { ...wi.secretsReader },
      dependsOn: [this.controlPlane.addons["eks-pod-identity-agent"]].filter((a) => a !== undefined), tags, provider,
    });

    this.target = {
      cloud: "aws",
      region: plan.region,
      clusterName: this.controlPlane.clusterName,
      endpoint: this.controlPlane.endpoint,
      caCertificateBase64: this.controlPlane.caCertificateBase64,
      modelBucket: this.modelBucket.bucketName,
      workloadIdentity: { awsRoleArn: this.identity.serverRole.arn },
      stagerIdentity: { awsRoleArn: this.identity.stagerRole.arn },
      // External Secrets reads the HF token and API keys with its controller's own Pod Identity.
      secretsReaderIdentity: { awsRoleArn: this.identity.secretsReaderRole?.arn },
      hfTokenSecretName: this.identity.hfTokenSecret.name,
      nodeModelCachePath: NODE_MODEL_CACHE_DIR,
    };
  }
}
