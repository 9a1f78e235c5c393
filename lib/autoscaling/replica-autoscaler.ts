import { deploymentPlanSchema } from "../plan/plan-shape";
import { z } from "zod";
import type { KubernetesObject } from "../internal/k8s-object";
import { ManifestBundle } from "../internal/manifest-bundle";
import { Construct, ITerraformDependable, TerraformProvider } from "../internal/tf";
import type { AutoscalingInput, AutoscalingPlan } from "./plan-autoscaling";
import { planReplicaAutoscaler, type ReplicaAutoscalerPlan } from "./plan-replica-autoscaler";
import { DeepSeekConfigError } from "../errors";
import type { DeploymentPlan } from "../plan/plan";
import { parseOrThrow } from "../validation";
import { under } from "../plan/refusal-paths";
import { scaledObjectFor } from "./scaled-object";

export interface ReplicaAutoscalerProps {
  /** The deployment plan of the serving workload to scale. */
  readonly plan: DeploymentPlan;
  /** A decided autoscaling plan, or the input to plan one. @default {} (bounds from the plan) */
  readonly autoscaling?: AutoscalingPlan | AutoscalingInput;
  /** Prometheus HTTP API the KEDA triggers query. @default PROMETHEUS_SERVER_URL (the serving layer's Prometheus) */
  readonly prometheusAddress?: string;
  /** Namespace of the Helm release record. @default the serving namespace */
  readonly namespace?: string;
  /** Wait for these (the KEDA operator, the serving workload) before installing. @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** Helm provider. @default the stack's default helm provider */
  readonly provider?: TerraformProvider;
  /**
   * What to write, already decided; give it instead of autoscaling, prometheusAddress and namespace.
   * @default planReplicaAutoscaler(plan, { autoscaling, prometheusAddress, namespace })
   */
  readonly planned?: ReplicaAutoscalerPlan;
}

const propsSchema = z.object({
  plan: deploymentPlanSchema(),
  autoscaling: z.object({}).loose().optional(),
  prometheusAddress: z.string().regex(/^https?:\/\/[^\s/]+/, "must be an http(s) URL of the Prometheus API; use e.g. http://prometheus-operated.monitoring:9090").optional(),
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, "is not a Kubernetes namespace name; use lowercase letters, digits and -").optional(),
  dependsOn: z.array(z.unknown()).optional(),
  provider: z.unknown().optional(),
  planned: z.object({
    autoscaling: z.object({}).loose(), prometheusAddress: z.string().min(1), release: z.object({ name: z.string().min(1), namespace: z.string().min(1) }).strict(),
  }).strict().optional(),
}).strict();

/**
 * A KEDA ScaledObject for the serving workload (Deployment or LeaderWorkerSet, whole groups),
 * installed through a ManifestBundle so it can be planned before KEDA's CRDs exist.
 */
export class ReplicaAutoscaler extends Construct {
  public readonly autoscaling: AutoscalingPlan;
  public readonly scaledObject: KubernetesObject;
  public readonly bundle: ManifestBundle;

  constructor(scope: Construct, id: string, props: ReplicaAutoscalerProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const given = (["autoscaling", "prometheusAddress", "namespace"] as const).find((k) => props[k] !== undefined);
    if (props.planned && given) {
      throw new DeepSeekConfigError(`${id}.${given}`, "is decided in `planned`", props[given], `give either planned or ${given} (planReplicaAutoscaler(plan, { ${given} }))`);
    }
    // Refusals name this construct's props: `<id>.autoscaling.…` (and `<id>.replicas…` for the plan's bounds).
    const planned = props.planned ?? planReplicaAutoscaler(props.plan, props, under(id));
    this.autoscaling = planned.autoscaling;
    this.scaledObject = scaledObjectFor(props.plan, this.autoscaling, planned.prometheusAddress);
    this.bundle = new ManifestBundle(this, "objects", {
      releaseName: planned.release.name,
      namespace: planned.release.namespace,
      objects: [this.scaledObject],
      wait: false,
      dependsOn: props.dependsOn,
      provider: props.provider,
    });
  }
}
