/**
 * An upstream Helm chart release as a plan decides it (KEDA, the cluster autoscaler, the traffic
 * layer's controllers): which chart, pinned (lib/catalog/charts.ts, lib/autoscaling/charts.ts),
 * under which release name and namespace. Features extend it with what only they need.
 */
export interface ChartReleasePlan {
  readonly name: string;
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  readonly namespace: string;
  readonly createNamespace: boolean;
}

/** The fields a `helm_release` takes from a chart release plan, as planned (for the emitters to spread). */
export function chartReleaseFields(plan: ChartReleasePlan): ChartReleasePlan {
  const { name, repository, chart, version, namespace, createNamespace } = plan;
  return { name, repository, chart, version, namespace, createNamespace };
}
