import { z } from "zod";
import { Construct, ITerraformDependable, TerraformProvider, Token } from "../../internal/tf";
import {
  DataAwsCallerIdentity, EksAccessEntry, EksAccessPolicyAssociation, EksAddon, EksCluster, EksNodeGroup,
  IamRole, IamRolePolicy, IamRolePolicyAttachment, KmsAlias, KmsKey, LaunchTemplate,
} from "../../internal/providers/aws";
import { CLUSTER_MANAGED_POLICIES, EKS_CLUSTER_ADMIN_POLICY, EksInfraPlan, NODE_MANAGED_POLICIES, checkPublicAccessCidrs } from "./plan-aws-infra";
import { parseOrThrow } from "../../validation";
import { providerSchema, tagsFor } from "./common";
import { assumeRolePolicy, kmsKeyPolicy, managedPolicyArn, policyDocument } from "./iam";
import { EncryptedLogGroup } from "./logs";

/**
 * Every EKS control-plane log type (EKS User Guide, "Send control plane logs to CloudWatch Logs"):
 * api, audit and authenticator for who did what, controllerManager and scheduler for why pods
 * moved (checkov CKV_AWS_37 asks for all five).
 */
export const EKS_CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export interface EksControlPlaneProps {
  /** From `planEksInfra(plan, options)`. */
  readonly infra: EksInfraPlan;
  /** Private subnets of the cluster and the system node group (at least two zones). */
  readonly subnetIds: readonly string[];
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

const propsSchema = z.object({
  infra: z.object({
    clusterName: z.string().min(1), endpoint: z.object({ publicAccessCidrs: z.array(z.string()) }).passthrough(),
    controlPlaneNames: z.record(z.string(), z.string(), { error: "must be an EKS infra plan; plan it with planEksInfra(plan, options)" }), keyDeletionWindowDays: z.number().int().min(7).max(30),
  }).passthrough(),
  subnetIds: z.array(z.string().min(1)).min(2, "has fewer than two subnets; an EKS cluster needs subnets in at least two availability zones"),
  provider: providerSchema,
}).strict();

/**
 * EKS control plane: private API endpoint (public only for an explicit allow-list), secrets
 * encrypted with a rotating KMS key, API authentication with access entries, pinned version,
 * core add-ons, and a small on-demand system node group for operators.
 */
export class EksControlPlane extends Construct {
  public readonly cluster: EksCluster;
  public readonly secretsKey: KmsKey;
  /** Node role shared by the system and GPU node groups. */
  public readonly nodeRole: IamRole;
  public readonly systemNodeGroup: EksNodeGroup;
  public readonly addons: Record<string, EksAddon>;
  /** Add-ons GPU node groups must wait for (networking and identity). */
  public readonly nodeDependencies: ITerraformDependable[];
  public readonly clusterName: string;
  public readonly endpoint: string;
  public readonly caCertificateBase64: string;
  public readonly oidcIssuerUrl: string;
  public readonly clusterSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: EksControlPlaneProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const { infra, provider } = props;
    checkPublicAccessCidrs(infra.endpoint.publicAccessCidrs);
    const name = infra.clusterName;
    const names = infra.controlPlaneNames;
    const tags = tagsFor(name);

    const caller = new DataAwsCallerIdentity(this, "caller", { provider });
    this.secretsKey = new KmsKey(this, "secrets-key", {
      provider, description: names.secretsKeyDescription, enableKeyRotation: true, deletionWindowInDays: infra.keyDeletionWindowDays, tags,
      // Explicit policy: the account through IAM; the cluster role's grant is its IAM policy below.
      policy: kmsKeyPolicy(infra.partition, caller.accountId),
    });
    // EKS writes control-plane logs to /aws/eks/<cluster>/cluster; created first so it is kept a year and encrypted.
    const controlPlaneLogs = new EncryptedLogGroup(this, "control-plane-logs", {
      provider, name: names.logGroup, region: infra.region, partition: infra.partition, description: names.logGroupDescription,
      keyDeletionWindowDays: infra.keyDeletionWindowDays, tags,
    });
    new KmsAlias(this, "secrets-key-alias", { provider, name: names.secretsKeyAlias, targetKeyId: this.secretsKey.keyId });

    const clusterRole = new IamRole(this, "cluster-role", {
      provider, namePrefix: names.clusterRolePrefix, assumeRolePolicy: assumeRolePolicy("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]), tags,
    });
    CLUSTER_MANAGED_POLICIES.forEach((p) => new IamRolePolicyAttachment(this, `cluster-${p}`, { provider, role: clusterRole.name, policyArn: managedPolicyArn(infra.partition, p) }));
    const keyPolicy = new IamRolePolicy(this, "cluster-encryption", {
      provider, role: clusterRole.id, name: "secrets-encryption",
      policy: policyDocument([{ Effect: "Allow", Action: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"], Resource: this.secretsKey.arn }]),
    });

    this.cluster = new EksCluster(this, "cluster", {
      provider,
      name,
      version: infra.kubernetesVersion,
      roleArn: clusterRole.arn,
      vpcConfig: {
        subnetIds: [...props.subnetIds],
        endpointPrivateAccess: infra.endpoint.privateAccess,
        endpointPublicAccess: infra.endpoint.publicAccess,
        ...(infra.endpoint.publicAccess ? { publicAccessCidrs: [...infra.endpoint.publicAccessCidrs] } : {}),
      },
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: infra.bootstrapCreatorAdmin },
      encryptionConfig: { provider: { keyArn: this.secretsKey.arn }, resources: ["secrets"] },
      enabledClusterLogTypes: [...EKS_CONTROL_PLANE_LOG_TYPES],
      upgradePolicy: { supportType: "STANDARD" },
      dependsOn: [keyPolicy, controlPlaneLogs.group],
      tags,
    });
    this.clusterName = this.cluster.name;
    this.endpoint = this.cluster.endpoint;
    this.caCertificateBase64 = this.cluster.certificateAuthority.get(0).data;
    this.oidcIssuerUrl = this.cluster.identity.get(0).oidc.get(0).issuer;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    infra.adminPrincipalArns.forEach((arn, i) => {
      const entry = new EksAccessEntry(this, `admin-${i}`, { provider, clusterName: this.cluster.name, principalArn: arn, type: "STANDARD", tags });
      new EksAccessPolicyAssociation(this, `admin-${i}-policy`, {
        provider, clusterName: this.cluster.name, principalArn: entry.principalArn,
        policyArn: `arn:${infra.partition}:eks::aws:cluster-access-policy/${EKS_CLUSTER_ADMIN_POLICY}`, accessScope: { type: "cluster" },
      });
    });

    this.nodeRole = new IamRole(this, "node-role", { provider, namePrefix: names.nodeRolePrefix, assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"), tags });
    const nodePolicies = NODE_MANAGED_POLICIES.map((p) => new IamRolePolicyAttachment(this, `node-${p}`, { provider, role: this.nodeRole.name, policyArn: managedPolicyArn(infra.partition, p) }));

    this.addons = {};
    const addon = (addonName: string, dependsOn?: ITerraformDependable[]) => {
      this.addons[addonName] = new EksAddon(this, `addon-${addonName}`, {
        provider, clusterName: this.cluster.name, addonName, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "PRESERVE",
        configurationValues: infra.addonConfiguration[addonName], dependsOn, tags,
      });
    };
    // Networking and identity before nodes; CoreDNS needs nodes to schedule on.
    infra.addons.filter((a) => a !== "coredns").forEach((a) => addon(a));
    this.nodeDependencies = [...Object.values(this.addons), ...nodePolicies];

    const sys = infra.systemNodeGroup;
    const systemLt = new LaunchTemplate(this, "system-lt", {
      provider, namePrefix: names.systemLaunchTemplatePrefix, updateDefaultVersion: true,
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
      tagSpecifications: [{ resourceType: "instance", tags: tagsFor(name, names.systemInstanceName) }],
      tags,
    });
    this.systemNodeGroup = new EksNodeGroup(this, "system", {
      provider, clusterName: this.cluster.name, nodeGroupNamePrefix: names.systemNodeGroupPrefix, nodeRoleArn: this.nodeRole.arn, subnetIds: [...props.subnetIds],
      amiType: sys.amiType, instanceTypes: [sys.instanceType], capacityType: "ON_DEMAND",
      scalingConfig: { minSize: sys.scaling.min, maxSize: sys.scaling.max, desiredSize: sys.scaling.desired },
      launchTemplate: { id: systemLt.id, version: Token.asString(systemLt.latestVersion) },
      labels: { "cdktf-deepseek.io/pool": "system" },
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"], createBeforeDestroy: true },
      dependsOn: this.nodeDependencies,
      tags,
    });
    if (infra.addons.includes("coredns")) addon("coredns", [this.systemNodeGroup]);
  }
}
