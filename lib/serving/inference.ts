import { z } from "zod";
import { DeepSeekConfigError } from "../errors";
import type { KubernetesObject } from "../internal/k8s-object";
import { ManifestBundle } from "../internal/manifest-bundle";
import { Construct, type ITerraformDependable, type TerraformProvider } from "../internal/tf";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import { servingObjects } from "./namespace-objects";
import type { ClusterTarget } from "./cluster-target";
import { inferencePropsShape, parseServingProps } from "./props";
import type { DrainPlan } from "./plan-drain";

export interface InferenceProps {
  readonly plan: DeploymentPlan;
  readonly target: ClusterTarget;
  /**
   * How the servers drain: from `planDrain(plan, requestTimeoutSeconds)` with the gateway's request
   * timeout (`planCluster` decides both), so the grace period covers the longest request.
   * @default planDrain(plan): the default request timeout for the plan's context length
   */
  readonly drain?: DrainPlan;
  /**
   * Helm provider for the cluster.
   * @default the stack's default helm provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Resources to create first (operators, namespace, model staging).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Helm waits at least the plan's cold start: copy to NVMe, then the startup probe budget. */
export function servingWaitSeconds(plan: DeploymentPlan): number {
  return plan.coldStart.stageSeconds + plan.coldStart.startupBudgetSeconds;
}

abstract class InferenceBase extends Construct {
  public readonly objects: readonly KubernetesObject[];
  public readonly bundle: ManifestBundle;

  protected constructor(scope: Construct, id: string, props: InferenceProps, multiNode: boolean) {
    super(scope, id);
    parseServingProps(z.object(inferencePropsShape).strict(), props, id);
    const nodes = props.plan.nodesPerReplica;
    if (multiNode && nodes < 2) {
      throw new DeepSeekConfigError(`${id}.plan.nodesPerReplica`, "MultiNodeInference needs a plan with more than one node per replica", nodes, "use SingleNodeInference, or a hardware profile such as \"2x8xH100\"");
    }
    if (!multiNode && nodes !== 1) {
      throw new DeepSeekConfigError(`${id}.plan.nodesPerReplica`, "SingleNodeInference serves one node per replica", nodes, "use MultiNodeInference for this plan");
    }
    this.objects = servingObjects(props.plan, props.target, props.drain);
    this.bundle = new ManifestBundle(this, "bundle", {
      releaseName: "deepseek-serving",
      namespace: servingNames(props.plan).namespace,
      objects: this.objects,
      wait: true,
      timeoutSeconds: servingWaitSeconds(props.plan),
      dependsOn: props.dependsOn,
      provider: props.provider,
    });
  }
}

/** One TensorRT-LLM server per replica on one 8-GPU node (8xB200, 8xH200): a Deployment. */
export class SingleNodeInference extends InferenceBase {
  constructor(scope: Construct, id: string, props: InferenceProps) {
    super(scope, id, props, false);
  }
}

/**
 * A TensorRT-LLM engine spanning several nodes (2x8xH100): a LeaderWorkerSet whose group is the
 * plan's nodes per replica; the leader launches MPI across the group once every worker runs.
 */
export class MultiNodeInference extends InferenceBase {
  constructor(scope: Construct, id: string, props: InferenceProps) {
    super(scope, id, props, true);
  }
}
