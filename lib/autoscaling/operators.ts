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
import {
  POD_IDENTITY_TRUST_POLICY, clusterAutoscalerPolicy, clusterAutoscalerValues, nodegroupArnPattern, planClusterAutoscalerIdentity, type ClusterAutoscalerIdentityPlan,
} from "./plan-autoscaling-nodes";
import type { DeploymentPlan } from "../plan/plan";
import { parseOrThrow, tagMap } from "../validation";
import { planClusterAutoscalerRelease, planKedaRelease } from "./plan-replica-autoscaler";
import { chartReleaseFields, type ChartReleasePlan } from "../plan/chart-release";

const chartVersion = z.string().regex(/^\d+\.\d+\.\d+([-+][\w.]+)?$/, "is not a pinned chart version; use an exact version such as 2.20.2");
const common = { dependsOn: z.array(z.unknown()).optional(), provider: z.unknown().optional() };
const plannedRelease = z.object({
  name: z.string().min(1), repository: z.string().min(1), chart: z.string().min(1), version: z.string().min(1), namespace: z.string().min(1), createNamespace: z.boolean(),
}).strict().optional();

/** Writes a planned upstream chart release (KEDA, cluster autoscaler): the plan's fields as they are. */
interface ReleaseWiring { readonly dependsOn?: ITerraformDependable[]; readonly provider?: TerraformProvider }
function plannedChartRelease(scope: Construct, planned: ChartReleasePlan, props: ReleaseWiring, values?: string[]): Release {
  return new Release(scope, "release", {
    ...chartReleaseFields(planned),
    values,
    wait: true,
    atomic: true,
    timeout: 600,
    dependsOn: props.dependsOn,
    provider: props.provider,
  });
}

/** Refuses a decided release given together with the options it is planned from. */
function refuseBoth(id: string, props: { readonly planned?: ChartReleasePlan; readonly namespace?: string; readonly chartVersion?: string }, plan: string): void {
  const given = (["namespace", "chartVersion"] as const).find((k) => props[k] !== undefined);
  if (props.planned && given) {
    throw new DeepSeekConfigError(`${id}.${given}`, "is decided in `planned`", props[given], `give either planned or ${given} (${plan}({ ${given} }))`);
  }
}

export interface KedaOperatorProps {
  /** Namespace KEDA runs in (created). @default "keda" */
  readonly namespace?: string;
  /** Pinned KEDA chart version. @default KEDA_CHART.version */
  readonly chartVersion?: string;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** Helm provider. @default the stack's default helm provider */
  readonly provider?: TerraformProvider;
  /** What to write, already decided; give it instead of namespace and chartVersion. @default planKedaRelease({ namespace, chartVersion }) */
  readonly planned?: ChartReleasePlan;
}

/** The KEDA operator from its upstream chart, pinned (installs the ScaledObject CRD). */
export class KedaOperator extends Construct {
  public readonly release: Release;
  constructor(scope: Construct, id: string, props: KedaOperatorProps = {}) {
    super(scope, id);
    parseOrThrow(z.object({ namespace: z.string().min(1).optional(), chartVersion: chartVersion.optional(), planned: plannedRelease, ...common }).strict(), props, id);
    refuseBoth(id, props, "planKedaRelease");
    const planned = props.planned ?? planKedaRelease(props);
    this.release = plannedChartRelease(this, planned, props);
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
  /** What release to write, already decided; give it instead of chartVersion. @default planClusterAutoscalerRelease({ chartVersion }) */
  readonly planned?: ChartReleasePlan;
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
      chartVersion: chartVersion.optional(), planned: plannedRelease, ...common,
    }).strict(), props, id);
    refuseBoth(id, props, "planClusterAutoscalerRelease");
    if (props.plan.cloud !== "aws" || props.autoscaling.nodeAutoscaling.kind !== "cluster-autoscaler") {
      throw new DeepSeekConfigError(`${id}.autoscaling.nodeAutoscaling.kind`, `is not an EKS cluster autoscaler plan (cloud ${props.plan.cloud})`, props.autoscaling.nodeAutoscaling.kind, "create ClusterAutoscaler only for AWS plans with nodeAutoscaler \"cluster-autoscaler\"");
    }
    this.values = clusterAutoscalerValues(props.plan, props.autoscaling, props.clusterName, props.imageTag);
    const planned = props.planned ?? planClusterAutoscalerRelease(props);
    this.release = plannedChartRelease(this, planned, props, [JSON.stringify(this.values)]);
  }
}

export interface ClusterAutoscalerIdentityProps {
  /** EKS cluster name (a reference follows the cluster). @default planned.clusterName */
  readonly clusterName?: string;
  /** Region of the cluster (scopes eks:DescribeNodegroup). @default planned.region */
  readonly region?: string;
  /** Tags for the IAM role. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** AWS provider. @default the stack's default aws provider */
  readonly provider?: TerraformProvider;
  /**
   * What to write, already decided; give it instead of clusterName and region.
   * @default planClusterAutoscalerIdentity({ clusterName, region })
   */
  readonly planned?: ClusterAutoscalerIdentityPlan;
}

/**
 * IAM role and EKS Pod Identity association for the cluster autoscaler's service account:
 * scaling writes only on Auto Scaling groups tagged as owned by this cluster. Belongs in the infra stack.
 * Names, description and the bound service account are planClusterAutoscalerIdentity's.
 */
export class ClusterAutoscalerIdentity extends Construct {
  public readonly role: IamRole;
  public readonly association: EksPodIdentityAssociation;
  constructor(scope: Construct, id: string, props: ClusterAutoscalerIdentityProps) {
    super(scope, id);
    parseOrThrow(z.object({
      clusterName: z.string().min(1).optional(), region: z.string().min(1).optional(), tags: tagMap("an AWS tag").optional(), ...common,
      planned: z.object({
        clusterName: z.string().min(1), region: z.string().min(1), rolePrefix: z.string().min(1), roleDescription: z.string(), policyName: z.string().min(1),
        serviceAccount: z.object({ namespace: z.string().min(1), name: z.string().min(1) }).strict(),
      }).strict().optional(),
    }).strict().superRefine((p, ctx) => {
      for (const key of ["clusterName", "region"] as const) {
        if (p.planned && p[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: "is decided in `planned`; give either planned or clusterName and region" });
        if (!p.planned && p[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: "is required without `planned`; pass the cluster's name and region, or planned: planClusterAutoscalerIdentity({ clusterName, region })" });
      }
    }), props, id);
    const planned = props.planned ?? planClusterAutoscalerIdentity({ clusterName: props.clusterName!, region: props.region! });
    const { DataAwsCallerIdentity, DataAwsPartition, EksPodIdentityAssociation, IamRole, IamRolePolicy } = loadCloudModule("aws", () => require("../internal/providers/aws") as typeof import("../internal/providers/aws"), id);
    const partition = new DataAwsPartition(this, "partition", { provider: props.provider });
    const account = new DataAwsCallerIdentity(this, "account", { provider: props.provider });
    this.role = new IamRole(this, "role", {
      namePrefix: planned.rolePrefix,
      description: planned.roleDescription,
      assumeRolePolicy: JSON.stringify(POD_IDENTITY_TRUST_POLICY),
      tags: props.tags ? { ...props.tags } : undefined,
      provider: props.provider,
    });
    new IamRolePolicy(this, "policy", {
      name: planned.policyName,
      role: this.role.name,
      policy: JSON.stringify(clusterAutoscalerPolicy(planned.clusterName, nodegroupArnPattern(planned, partition.partition, account.accountId))),
      provider: props.provider,
    });
    this.association = new EksPodIdentityAssociation(this, "association", {
      clusterName: planned.clusterName,
      namespace: planned.serviceAccount.namespace,
      serviceAccount: planned.serviceAccount.name,
      roleArn: this.role.arn,
      dependsOn: props.dependsOn,
      provider: props.provider,
    });
  }
}
