import { stringify } from "yaml";
import { z } from "zod";
import { HELM_CHARTS, type HelmChartId } from "../catalog/charts";
import type { DeploymentPlan } from "../plan/plan";
import { planOperators, type OperatorRelease } from "./plan-operators";
import { Release } from "../internal/providers/helm";
import { Construct, type ITerraformDependable, type TerraformProvider } from "../internal/tf";
import type { ClusterTarget } from "./cluster-target";
import { parseServingProps, servingPropsShape } from "./props";

export interface ClusterOperatorsProps {
  readonly plan: DeploymentPlan;
  readonly target: ClusterTarget;
  /**
   * Helm provider for the cluster.
   * @default the stack's default helm provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Resources to create first (e.g. the GPU node pool).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Cluster operators from their upstream charts, versions pinned in lib/catalog/charts.ts:
 * EKS device plugins (NVIDIA; EFA only for multi-node over EFA), LeaderWorkerSet (multi-node),
 * External Secrets and Prometheus. Installs nothing GKE manages (driver, device plugin).
 */
export class ClusterOperators extends Construct {
  /** The decided releases, as data. */
  public readonly operators: readonly OperatorRelease[];
  /** Helm releases by chart id. */
  public readonly releases: Readonly<Partial<Record<HelmChartId, Release>>>;

  constructor(scope: Construct, id: string, props: ClusterOperatorsProps) {
    super(scope, id);
    parseServingProps(z.object(servingPropsShape).strict(), props, id);
    this.operators = planOperators(props.plan, props.target);
    const releases: Partial<Record<HelmChartId, Release>> = {};
    for (const op of this.operators) {
      const chart = HELM_CHARTS[op.id];
      releases[op.id] = new Release(this, op.id, {
        name: op.name,
        repository: chart.repository,
        chart: chart.chart,
        version: chart.version,
        namespace: op.namespace,
        createNamespace: true,
        values: [stringify(op.values, { lineWidth: 0 })],
        wait: true,
        atomic: true,
        timeout: 600,
        dependsOn: orUndefined([...(props.dependsOn ?? []), ...op.after.map((a) => releases[a]).filter((r): r is Release => r !== undefined)]),
        provider: props.provider,
      });
    }
    this.releases = releases;
  }

  /** All releases, to depend on. */
  public get all(): Release[] {
    return Object.values(this.releases).filter((r): r is Release => r !== undefined);
  }
}

function orUndefined<T>(list: T[]): T[] | undefined {
  return list.length ? list : undefined;
}
