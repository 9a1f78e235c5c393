import { z } from "zod";
import { Construct, Fn, ITerraformDependable, TerraformProvider, Token } from "../../internal/tf";
import {
  DataAwsEc2InstanceTypeOfferings, DataAwsEksCluster, EksNodeGroup, IamRole, IamRolePolicyAttachment, LaunchTemplate, PlacementGroup, SecurityGroup,
  VpcSecurityGroupEgressRule, VpcSecurityGroupIngressRule,
} from "../../internal/providers/aws";
import { EksGpuPoolOptions, EksGpuPoolPlan, GpuNodeGroupPlan, eksGpuPoolOptionsSchema, offeringsPostcondition, planEksGpuPool, poolResourceName } from "./plan-aws-gpu-nodes";
import { DeepSeekConfigError } from "../../errors";
import type { DeploymentPlan } from "../../plan/plan";
import { parseOrThrow } from "../../validation";
import { under, type PathOf } from "../../plan/refusal-paths";
import { planSchema, providerSchema, tagsFor } from "./common";
import { assumeRolePolicy, managedPolicyArn } from "./iam";

export interface EksGpuNodePoolProps {
  /** The placement, from `planDeployment({ cloud: "aws", ... })`. */
  readonly plan: DeploymentPlan;
  /** The node group and its subnets, from `planEksGpuPool(plan, options)` (EksInfra: from `planEksInfra`). */
  readonly pool: EksGpuPoolPlan;
  /** EKS cluster the pool joins. */
  readonly clusterName: string;
  /** VPC of the cluster (for the EFA security group). */
  readonly vpcId: string;
  /**
   * Node IAM role ARN: given exactly when the pool's plan says so (`pool.nodeRole.kind` "given":
   * planEksGpuPool(plan, { nodeRoleArn }), or EksInfra's plan). @default none: the plan's role is created
   */
  readonly nodeRoleArn?: string;
  /**
   * Cluster security group, attached beside the EFA group: given exactly when the pool's plan says so
   * (`pool.clusterSecurityGroup` "given"). @default none: read from the cluster (data aws_eks_cluster), as planned
   */
  readonly clusterSecurityGroupId?: string;
  /** Resources the node group waits for (e.g. the vpc-cni add-on). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/** A GPU pool planned from options and built in one call: everything planEksGpuPool takes, plus what is only emitted. */
export interface EksGpuPoolOptionsProps extends EksGpuPoolOptions, Omit<EksGpuNodePoolProps, "pool"> {}

const propsSchema = z.object({
  plan: planSchema,
  pool: z.custom<EksGpuPoolPlan>((v) => typeof v === "object" && v !== null && Array.isArray((v as EksGpuPoolPlan).subnetIds) && typeof (v as EksGpuPoolPlan).nodeRole === "object"
    && typeof (v as EksGpuPoolPlan).clusterSecurityGroup === "string", "must be a GPU pool plan; plan it with planEksGpuPool(plan, options)"),
  clusterName: z.string().min(1),
  vpcId: z.string().min(1),
  nodeRoleArn: z.string().min(1).optional(),
  clusterSecurityGroupId: z.string().min(1).optional(),
  // Decided in the pool's plan now: a clear refusal rather than "not a known field".
  checkInstanceTypeOffering: z.never({ error: "is decided in the pool's plan; pass it to planEksGpuPool(plan, { checkInstanceTypeOffering }) or EksGpuNodePool.fromOptions" }).optional(),
  dependsOn: z.array(z.any()).optional(),
  provider: providerSchema,
}).strict();
const EMIT_ONLY = ["plan", "clusterName", "vpcId", "nodeRoleArn", "clusterSecurityGroupId", "dependsOn", "provider"] as const;
const optionsPropsSchema = propsSchema.omit({ pool: true, checkInstanceTypeOffering: true }).extend(eksGpuPoolOptionsSchema.shape).strict()
  .refine((p) => (p.subnets === undefined) !== (p.subnetIds === undefined), { message: "set exactly one of subnets or subnetIds; pass subnets: [{ subnetId, zone }] (preferred) or subnetIds", path: ["subnets"] });

/**
 * One EKS managed node group of 8-GPU nodes (p5, p5e, p5en, p6-b200) for a plan: AL2023 NVIDIA
 * AMI, a launch template with IMDSv2, an encrypted root volume, local NVMe as a RAID0 model cache,
 * every EFA interface for multi-node replicas, the GPU taint and the labels serving pods select.
 * Usable alone in a consumer's stack with its own VPC, subnets and cluster.
 *
 * Sizes are whole replicas: min and desired are `plan.nodes.min` (0 with `replicas: { min: 0 }`),
 * max is `plan.nodes.max`; the autoscaler owns the desired size afterwards. Updates replace one
 * replica's nodes at a time (`update_config.max_unavailable` = nodes per replica).
 *
 * Capacity Blocks: the EKS User Guide (capacity-blocks-mng) asks for a desired size of 0 before
 * updating a Capacity Block node group (AMI or launch template version), because a rolling update
 * needs instances the block may not have; outside the block's window the group cannot launch
 * nodes at all. Plan the placement with `replicas: { min: 0 }` so min and desired may be 0, scale
 * the serving workload to zero, apply the update, then scale back up inside the block's window.
 * Reserved pools (ODCR, Capacity Block) are updated in place, never create-before-destroy.
 */
export class EksGpuNodePool extends Construct {
  public readonly nodeGroup: EksNodeGroup;
  public readonly launchTemplate: LaunchTemplate;
  /** The decided settings (sizes, capacity, interfaces). */
  public readonly settings: GpuNodeGroupPlan;
  /** Subnets of the node group: the planned ids, or a Terraform list (matchkeys on the offered zones) when zones are filtered. */
  public readonly subnetIds: readonly string[];
  public readonly nodeRoleArn: string;
  public readonly efaSecurityGroup?: SecurityGroup;
  public readonly placementGroup?: PlacementGroup;

  /**
   * Plans the pool from options and builds it. Refusals name `at(<option>)`: by default
   * `<id>.<option>` (GpuNodePool passes `<its id>.eks.<option>`, and `<its id>.plan` for the plan).
   */
  public static fromOptions(scope: Construct, id: string, props: EksGpuPoolOptionsProps, at: PathOf = under(id)): EksGpuNodePool {
    parseOrThrow(optionsPropsSchema, props, at(""));
    const { clusterName, subnets, subnetIds, rootVolumeGiB, placementGroupName, checkInstanceTypeOffering, nodeRoleArn, clusterSecurityGroupId } = props;
    const options = { clusterName, subnets, subnetIds, rootVolumeGiB, placementGroupName, checkInstanceTypeOffering, nodeRoleArn, clusterSecurityGroupId };
    const pool = planEksGpuPool(props.plan, options, at);
    const emitted = Object.fromEntries(EMIT_ONLY.filter((k) => props[k] !== undefined).map((k) => [k, props[k]])) as Omit<EksGpuNodePoolProps, "pool">;
    return new EksGpuNodePool(scope, id, { ...emitted, pool });
  }

  constructor(scope: Construct, id: string, props: EksGpuNodePoolProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const { provider, clusterName } = props;
    const { subnetIds, subnetZones, ...settings } = props.pool;
    this.settings = settings;
    const tags = tagsFor(clusterName);
    const names = settings.resourceNames;
    // The plan says whether the role and the cluster group are given or made; the props carry the given ones.
    requireAsPlanned(id, "nodeRoleArn", settings.nodeRole.kind === "given", props.nodeRoleArn);
    requireAsPlanned(id, "clusterSecurityGroupId", settings.clusterSecurityGroup === "given", props.clusterSecurityGroupId);

    const nodeRole = settings.nodeRole;
    if (nodeRole.kind === "create") {
      const role = new IamRole(this, "node-role", { provider, namePrefix: poolResourceName(clusterName, names.nodeRoleSuffix), assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"), tags });
      for (const p of nodeRole.managedPolicies) {
        new IamRolePolicyAttachment(this, `node-${p}`, { provider, role: role.name, policyArn: managedPolicyArn(nodeRole.partition, p) });
      }
      this.nodeRoleArn = role.arn;
    } else {
      this.nodeRoleArn = props.nodeRoleArn!;
    }

    const dependsOn: ITerraformDependable[] = [...(props.dependsOn ?? [])];
    this.subnetIds = subnetIds;
    const check = settings.offerings;
    if (check.check) {
      const offerings = new DataAwsEc2InstanceTypeOfferings(this, "offerings", {
        provider,
        locationType: "availability-zone",
        filter: [{ name: "instance-type", values: [settings.instanceType] }, { name: "location", values: [...check.zones] }],
        lifecycle: { postcondition: [{ condition: offeringsPostcondition(check), errorMessage: check.errorMessage }] },
      });
      dependsOn.push(offerings);
      // The catalog's (or guessed) zones need not all offer the type: keep the subnets of those that do.
      if (check.filterSubnets && subnetZones) this.subnetIds = Token.asList(Fn.matchkeys([...subnetIds], [...subnetZones], offerings.locations));
    }

    // Security groups in the launch template replace EKS's default, so the cluster group is named explicitly.
    let securityGroupIds: string[] | undefined;
    if (settings.efaSecurityGroup) {
      const clusterSg = settings.clusterSecurityGroup === "given"
        ? props.clusterSecurityGroupId!
        : new DataAwsEksCluster(this, "cluster", { provider, name: clusterName }).vpcConfig.get(0).clusterSecurityGroupId;
      const efaSg = new SecurityGroup(this, "efa", {
        provider, namePrefix: poolResourceName(clusterName, names.efaSecurityGroupSuffix), vpcId: props.vpcId, description: "EFA: all traffic between the GPU nodes of this pool only", tags,
      });
      new VpcSecurityGroupIngressRule(this, "efa-in-self", { provider, securityGroupId: efaSg.id, referencedSecurityGroupId: efaSg.id, ipProtocol: "-1", description: "EFA from pool members" });
      new VpcSecurityGroupEgressRule(this, "efa-out-self", { provider, securityGroupId: efaSg.id, referencedSecurityGroupId: efaSg.id, ipProtocol: "-1", description: "EFA to pool members" });
      this.efaSecurityGroup = efaSg;
      securityGroupIds = [clusterSg, efaSg.id];
    }

    const pg = settings.capacity.placementGroup;
    let placementGroupName: string | undefined;
    if (pg.kind === "create") {
      this.placementGroup = new PlacementGroup(this, "placement", { provider, name: pg.name, strategy: "cluster", tags });
      placementGroupName = this.placementGroup.name;
    } else if (pg.kind === "existing") {
      placementGroupName = pg.name;
    }

    const cap = settings.capacity;
    this.launchTemplate = new LaunchTemplate(this, "lt", {
      provider,
      namePrefix: poolResourceName(clusterName, names.launchTemplateSuffix),
      description: names.launchTemplateDescription,
      updateDefaultVersion: true,
      userData: Buffer.from(settings.userData, "utf8").toString("base64"),
      metadataOptions: { httpEndpoint: settings.metadata.httpEndpoint, httpTokens: settings.metadata.httpTokens, httpPutResponseHopLimit: settings.metadata.hopLimit },
      blockDeviceMappings: [{
        deviceName: settings.rootVolume.deviceName,
        ebs: { volumeSize: settings.rootVolume.sizeGiB, volumeType: settings.rootVolume.type, encrypted: "true", deleteOnTermination: "true" },
      }],
      ...(settings.efaInterfaces.length ? {
        networkInterfaces: settings.efaInterfaces.map((nic) => ({
          networkCardIndex: nic.networkCardIndex, deviceIndex: nic.deviceIndex, interfaceType: nic.interfaceType,
          securityGroups: securityGroupIds, associatePublicIpAddress: "false", deleteOnTermination: "true",
        })),
      } : {}),
      ...(cap.reservationId ? { capacityReservationSpecification: { capacityReservationTarget: { capacityReservationId: cap.reservationId } } } : {}),
      ...(cap.marketType ? { instanceMarketOptions: { marketType: cap.marketType } } : {}),
      ...(placementGroupName ? { placement: { groupName: placementGroupName } } : {}),
      tagSpecifications: [
        { resourceType: "instance", tags: tagsFor(clusterName, poolResourceName(clusterName, names.instanceNameSuffix)) },
        { resourceType: "volume", tags: tagsFor(clusterName, poolResourceName(clusterName, names.instanceNameSuffix)) },
      ],
      tags,
    });

    this.nodeGroup = new EksNodeGroup(this, "node-group", {
      provider,
      clusterName,
      nodeGroupNamePrefix: names.nodeGroupPrefix,
      nodeRoleArn: this.nodeRoleArn,
      subnetIds: this.subnetIds as string[],
      amiType: settings.amiType,
      instanceTypes: [settings.instanceType],
      capacityType: cap.capacityType,
      scalingConfig: { minSize: settings.scaling.min, maxSize: settings.scaling.max, desiredSize: settings.scaling.desired },
      updateConfig: { maxUnavailable: settings.maxUnavailable },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      labels: { ...settings.labels },
      taint: settings.taints.map((t) => ({ key: t.key, value: t.value, effect: t.effect })),
      // The cluster autoscaler / KEDA owns the desired size after creation.
      // Replacing a reserved pool first would need twice the reservation: replace in place there.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"], createBeforeDestroy: settings.createBeforeDestroy },
      timeouts: { create: "90m", update: "90m", delete: "60m" },
      dependsOn,
      tags,
    });
  }
}

/** Refuses a reference given where the pool's plan makes (or looks up) the thing, or missing where the plan says it is given. */
function requireAsPlanned(id: string, key: "nodeRoleArn" | "clusterSecurityGroupId", planned: boolean, value: string | undefined): void {
  if (planned === (value !== undefined)) return;
  throw planned
    ? new DeepSeekConfigError(`${id}.${key}`, "is missing: the pool's plan says it is given", value, `pass ${key}, or plan the pool without it (planEksGpuPool(plan, options) without ${key})`)
    : new DeepSeekConfigError(`${id}.${key}`, "is decided in the pool's plan, which does not take it", value, `pass it to planEksGpuPool(plan, { ${key} }) as well, or use EksGpuNodePool.fromOptions`);
}
