import { shortName } from "../plan/names";
import { loadCloudModule } from "../internal/optional-provider";
import { deploymentPlanSchema } from "../plan/plan-shape";
import { z } from "zod";
import { DeepSeekConfigError } from "../errors";
// Type-only: the AWS provider loads lazily in ClusterAutoscalerIdentity, so GCP-only consumers of
// the cloud-neutral entry point never need @cdktf/provider-aws.
import type { EksPodIdentityAssociation, IamRole } from "../internal/providers/aws";
import { Release } from "../internal/providers/helm";
import { Construct, ITerraformDependable, TerraformProvider } from "../internal/tf";
import type { AutoscalingPlan } from "./plan-autoscaling";
import { CLUSTER_AUTOSCALER_SERVICE_ACCOUNT, POD_IDENTITY_TRUST_POLICY, clusterAutoscalerPolicy, clusterAutoscalerValues } from "./plan-autoscaling-nodes";
import type { DeploymentPlan } from "../plan/plan";
import { parseOrThrow } from "../validation";
import { CLUSTER_AUTOSCALER_CHART, KEDA_CHART } from "./charts";

const chartVersion = z.string().regex(/^\d+\.\d+\.\d+([-+][\w.]+)?$/, "is not a pinned chart version; use an exact version such as 2.20.2");
const common = { dependsOn: z.array(z.unknown()).optional(), provider: z.unknown().optional() };

export interface KedaOperatorProps {
  /** Namespace KEDA runs in (created). @default "keda" */
  readonly namespace?: string;
  /** Pinned KEDA chart version. @default KEDA_CHART.version */
  readonly chartVersion?: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** Helm provider. @default the stack's default helm provider */
  readonly provider?: TerraformProvider;
}

/** The KEDA operator from its upstream chart, pinned (installs the ScaledObject CRD). */
export class KedaOperator extends Construct {
  public readonly release: Release;
  constructor(scope: Construct, id: string, props: KedaOperatorProps = {}) {
    super(scope, id);
    parseOrThrow(z.object({ namespace: z.string().min(1).optional(), chartVersion: chartVersion.optional(), ...common }).strict(), props, id);
    this.release = new Release(this, "release", {
      name: "keda",
      repository: KEDA_CHART.repository,
      chart: KEDA_CHART.chart,
      version: props.chartVersion ?? KEDA_CHART.version,
      namespace: props.namespace ?? KEDA_CHART.namespace,
      createNamespace: true,
      wait: true,
      atomic: true,
      timeout: 600,
      dependsOn: props.dependsOn,
      provider: props.provider,
    });
  }
}

export interface ClusterAutoscalerProps {
  /** The deployment plan (AWS) whose GPU node groups the autoscaler scales. */
  readonly plan: DeploymentPlan;
  /** The autoscaling plan; its nodeAutoscaling.kind must be "cluster-autoscaler". */
  readonly autoscaling: AutoscalingPlan;
  /** EKS cluster name: node groups are auto-discovered by its tag. */
  readonly clusterName: string;
  /** Cluster autoscaler image tag; match the cluster's Kubernetes minor. @default the chart's appVersion */
  readonly imageTag?: string;
  /** Pinned chart version. @default CLUSTER_AUTOSCALER_CHART.version */
  readonly chartVersion?: string;
  /** Install after these (e.g. the ClusterAutoscalerIdentity association). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** Helm provider. @default the stack's default helm provider */
  readonly provider?: TerraformProvider;
}

/**
 * The EKS cluster autoscaler from its upstream chart. Its AWS permissions come from
 * {@link ClusterAutoscalerIdentity}, which belongs in the infra stack.
 */
export class ClusterAutoscaler extends Construct {
  public readonly release: Release;
  public readonly values: Record<string, unknown>;
  constructor(scope: Construct, id: string, props: ClusterAutoscalerProps) {
    super(scope, id);
    parseOrThrow(z.object({
      plan: deploymentPlanSchema(), autoscaling: z.object({ nodeAutoscaling: z.object({ kind: z.string() }).loose() }).loose(),
      clusterName: z.string().min(1), imageTag: z.string().regex(/^v?\d+\.\d+\.\d+$/, "is not a cluster autoscaler release tag; use e.g. v1.31.0").optional(),
      chartVersion: chartVersion.optional(), ...common,
    }).strict(), props, id);
    if (props.plan.cloud !== "aws" || props.autoscaling.nodeAutoscaling.kind !== "cluster-autoscaler") {
      throw new DeepSeekConfigError(`${id}.autoscaling.nodeAutoscaling.kind`, `is not an EKS cluster autoscaler plan (cloud ${props.plan.cloud})`, props.autoscaling.nodeAutoscaling.kind, "create ClusterAutoscaler only for AWS plans with nodeAutoscaler \"cluster-autoscaler\"");
    }
    this.values = clusterAutoscalerValues(props.plan, props.autoscaling, props.clusterName, props.imageTag);
    this.release = new Release(this, "release", {
      name: "cluster-autoscaler",
      repository: CLUSTER_AUTOSCALER_CHART.repository,
      chart: CLUSTER_AUTOSCALER_CHART.chart,
      version: props.chartVersion ?? CLUSTER_AUTOSCALER_CHART.version,
      namespace: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.namespace,
      createNamespace: false,
      values: [JSON.stringify(this.values)],
      wait: true,
      atomic: true,
      timeout: 600,
      dependsOn: props.dependsOn,
      provider: props.provider,
    });
  }
}

export interface ClusterAutoscalerIdentityProps {
  /** EKS cluster name. */
  readonly clusterName: string;
  /** Region of the cluster (scopes eks:DescribeNodegroup). */
  readonly region: string;
  /** Tags for the IAM role. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** AWS provider. @default the stack's default aws provider */
  readonly provider?: TerraformProvider;
}

/**
 * IAM role and EKS Pod Identity association for the cluster autoscaler's service account:
 * scaling writes only on Auto Scaling groups tagged as owned by this cluster. Belongs in the infra stack.
 */
export class ClusterAutoscalerIdentity extends Construct {
  public readonly role: IamRole;
  public readonly association: EksPodIdentityAssociation;
  constructor(scope: Construct, id: string, props: ClusterAutoscalerIdentityProps) {
    super(scope, id);
    parseOrThrow(z.object({ clusterName: z.string().min(1), region: z.string().min(1), tags: z.record(z.string(), z.string()).optional(), ...common }).strict(), props, id);
    const { DataAwsCallerIdentity, DataAwsPartition, EksPodIdentityAssociation, IamRole, IamRolePolicy } = loadCloudModule("aws", () => require("../internal/providers/aws") as typeof import("../internal/providers/aws"), id);
    const partition = new DataAwsPartition(this, "partition", { provider: props.provider });
    const account = new DataAwsCallerIdentity(this, "account", { provider: props.provider });
    this.role = new IamRole(this, "role", {
      namePrefix: `${shortName(props.clusterName, 24)}-autoscaler-`,
      description: `Cluster autoscaler of EKS cluster ${props.clusterName} (Pod Identity)`,
      assumeRolePolicy: JSON.stringify(POD_IDENTITY_TRUST_POLICY),
      tags: props.tags ? { ...props.tags } : undefined,
      provider: props.provider,
    });
    const nodegroups = `arn:${partition.partition}:eks:${props.region}:${account.accountId}:nodegroup/${props.clusterName}/*`;
    new IamRolePolicy(this, "policy", {
      name: "cluster-autoscaler",
      role: this.role.name,
      policy: JSON.stringify(clusterAutoscalerPolicy(props.clusterName, nodegroups)),
      provider: props.provider,
    });
    this.association = new EksPodIdentityAssociation(this, "association", {
      clusterName: props.clusterName,
      namespace: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.namespace,
      serviceAccount: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.name,
      roleArn: this.role.arn,
      dependsOn: props.dependsOn,
      provider: props.provider,
    });
  }
}
