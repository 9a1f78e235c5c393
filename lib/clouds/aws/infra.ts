import { z } from "zod";
import { Construct, TerraformProvider } from "../../internal/tf";
import { EksInfraPlan, NODE_MODEL_CACHE_DIR, SubnetRef, eksInfraOptionsSchema, planEksInfra } from "./plan-aws-infra";
import { apiKeySecretPrefix, servingNames } from "../../plan/names";
import { ESO_SERVICE_ACCOUNT } from "../../serving/plan-operators";
import type { DeploymentPlan } from "../../plan/plan";
import type { ClusterTarget } from "../../serving/cluster-target";
import { rerooted } from "../../errors";
import { under } from "../../plan/refusal-paths";
import { parseOrThrow } from "../../validation";
import { planSchema, providerSchema, tagsFor } from "./common";
import { EksControlPlane } from "./control-plane";
import { EksGpuNodePool } from "./gpu-node-pool";
import { ModelBucket } from "./model-bucket";
import { EksNetwork } from "./network";
import { EksWorkloadIdentity } from "./workload-identity";

export interface EksInfraProps {
  /** The placement, from `planDeployment({ cloud: "aws", ... })`. */
  readonly plan: DeploymentPlan;
  /** EKS cluster name. @default `deepseek-<region>` */
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
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

// Every option is checked before it is read, so a malformed one is a DeepSeekConfigError, never a TypeError.
const propsSchema = z.object({ plan: planSchema, provider: providerSchema, ...eksInfraOptionsSchema.shape }).strict();

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

  constructor(scope: Construct, id: string, props: EksInfraProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const { plan, provider, ...rest } = props;
    // Refusals name this construct's props: the planner roots them at its input, children at their ids.
    try {
      const infra = planEksInfra(plan, {
        clusterName: rest.clusterName, kubernetesVersion: rest.kubernetesVersion, vpcCidr: rest.vpcCidr,
        networkZones: rest.networkZones ? [...rest.networkZones] : undefined, singleNatGateway: rest.singleNatGateway,
        existingNetwork: rest.existingNetwork ? { vpcId: rest.existingNetwork.vpcId, privateSubnets: rest.existingNetwork.privateSubnets.map((s) => ({ ...s })) } : undefined,
        publicAccessCidrs: rest.publicAccessCidrs ? [...rest.publicAccessCidrs] : undefined,
        adminPrincipalArns: rest.adminPrincipalArns ? [...rest.adminPrincipalArns] : undefined,
        gpuRootVolumeGiB: rest.gpuRootVolumeGiB, systemInstanceType: rest.systemInstanceType, systemNodes: rest.systemNodes, placementGroupName: rest.placementGroupName,
      }, under(id));
      this.infra = infra;

      if (infra.network.kind === "new") {
        this.network = new EksNetwork(this, "network", { clusterName: infra.clusterName, network: infra.network, keyDeletionWindowDays: infra.protection.keyDeletionWindowDays, provider });
        this.vpcId = this.network.vpcId;
        this.privateSubnets = this.network.privateSubnets;
      } else {
        this.vpcId = infra.network.vpcId;
        this.privateSubnets = infra.network.privateSubnets;
      }

      this.controlPlane = new EksControlPlane(this, "control-plane", { infra, subnetIds: this.privateSubnets.map((s) => s.subnetId), provider });
      this.clusterName = this.controlPlane.clusterName;
      this.oidcIssuerUrl = this.controlPlane.oidcIssuerUrl;

      this.gpuNodePool = new EksGpuNodePool(this, "gpu", {
        plan, provider, clusterName: this.controlPlane.clusterName, vpcId: this.vpcId, subnets: this.privateSubnets,
        nodeRoleArn: this.controlPlane.nodeRole.arn, clusterSecurityGroupId: this.controlPlane.clusterSecurityGroupId,
        rootVolumeGiB: infra.gpuNodeGroup.rootVolume.sizeGiB, placementGroupName: rest.placementGroupName,
        dependsOn: this.controlPlane.nodeDependencies,
      });

      const tags = tagsFor(infra.clusterName);
      this.modelBucket = new ModelBucket(this, "models", {
        bucketPrefix: infra.bucketPrefix, tags, provider,
        forceDestroy: infra.protection.destroyModelBuckets, keyDeletionWindowDays: infra.protection.keyDeletionWindowDays,
      });
      const names = servingNames(plan);
      this.identity = new EksWorkloadIdentity(this, "identity", {
        clusterName: this.controlPlane.clusterName, namespace: names.namespace, secretRecoveryWindowDays: infra.protection.secretRecoveryWindowDays,
        keyDeletionWindowDays: infra.protection.keyDeletionWindowDays,
        serviceAccounts: { server: names.serviceAccounts.server, modelStager: names.serviceAccounts.modelStager },
        bucketArn: this.modelBucket.bucketArn, bucketKmsKeyArn: this.modelBucket.kmsKeyArn, hfTokenSecretName: infra.hfTokenSecretName,
        secretsReader: { namespace: ESO_SERVICE_ACCOUNT.namespace, serviceAccount: ESO_SERVICE_ACCOUNT.name, secretNamePrefix: apiKeySecretPrefix(plan), region: plan.region },
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
    } catch (e) {
      throw rerooted(e, [["gpu.rootVolumeGiB", `${id}.gpuRootVolumeGiB`], ...["network", "control-plane", "gpu", "models", "identity"].map((child) => [child, id] as const)]);
    }
  }
}
