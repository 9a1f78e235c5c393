import { planEksInfra, type EksInfraOptions, type EksInfraPlan } from "../clouds/aws/plan-aws-infra";
import { planGkeInfra, type GkeInfraOptions, type GkeInfraPlan } from "../clouds/gcp/plan-gke-infra";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../catalog/charts";
import { awsOwnerTags, gcpOwnerLabels } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import type { PathOf } from "../plan/refusal-paths";

/**
 * The cloud side of one placement (what its infra stack is built from), planned by the cloud's own
 * planner from the placement's `aws` / `gcp` settings. Pure.
 */

/** The AWS or GCP side of a placement: what the infra stack is built from. */
export type PlacementInfraPlan =
  | {
    readonly cloud: "aws";
    /** Network, control plane, node groups, bucket and secret names: what EksInfra emits. */
    readonly eks: EksInfraPlan;
    /** The provider the infra stack configures: its region, and the default tags on every resource (yours, then the cluster and placement). */
    readonly provider: { readonly region: string; readonly defaultTags: Readonly<Record<string, string>> };
    /** The cluster autoscaler's Pod Identity role, when the cluster autoscaler scales the nodes. */
    readonly clusterAutoscalerIdentity: boolean;
    /**
     * The cluster autoscaler's image tag: the release of the control plane's Kubernetes minor
     * (preflight rule `versions` checks the pairing). @default the chart's appVersion, when the catalog has no release for that minor
     */
    readonly clusterAutoscalerImageTag?: string;
  }
  | {
    readonly cloud: "gcp";
    /** Names, networks, control plane, GPU pool and bucket: what GkeInfra emits. */
    readonly gke: GkeInfraPlan;
    /** The provider the infra stack configures: project, region, and the default labels (yours, then the cluster and placement). */
    readonly provider: { readonly project: string; readonly region: string; readonly defaultLabels: Readonly<Record<string, string>> };
    readonly clusterAutoscalerIdentity: false;
    readonly clusterAutoscalerImageTag?: undefined;
  };

/** Who owns the placement's resources, and what the cluster adds to every one of them. */
export interface PlacementInfraContext {
  /** Your tags (AWS) and labels (GCP), beside the project's own. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly owner: { readonly cluster: string; readonly placement: string };
  /** The cluster autoscaler scales the nodes (AWS: it gets a Pod Identity role). */
  readonly clusterAutoscalerIdentity: boolean;
}

/** Plans the placement's infra; refusals name `at(<option>)` (planCluster: `placements.N.aws.<option>`). */
export function planPlacementInfra(
  deployment: DeploymentPlan, settings: { readonly aws?: EksInfraOptions; readonly gcp?: GkeInfraOptions }, context: PlacementInfraContext, at: PathOf,
): PlacementInfraPlan {
  if (deployment.cloud === "aws") {
    const eks = planEksInfra(deployment, settings.aws ?? {}, at);
    const imageTag = context.clusterAutoscalerIdentity ? CLUSTER_AUTOSCALER_IMAGE_TAGS[eks.kubernetesVersion] : undefined;
    return {
      cloud: "aws", eks,
      provider: { region: deployment.region, defaultTags: { ...(context.tags ?? {}), ...awsOwnerTags(context.owner) } },
      clusterAutoscalerIdentity: context.clusterAutoscalerIdentity,
      ...(imageTag ? { clusterAutoscalerImageTag: imageTag } : {}),
    };
  }
  // planCluster refuses a GCP placement without its gcp settings (the project) before this.
  const gcp = settings.gcp!;
  return {
    cloud: "gcp", gke: planGkeInfra(deployment, gcp, at),
    provider: { project: gcp.project, region: deployment.region, defaultLabels: { ...(context.labels ?? {}), ...gcpOwnerLabels(context.owner) } },
    clusterAutoscalerIdentity: false,
  };
}
