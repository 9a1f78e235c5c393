import { z } from "zod";
import type { KubernetesObject } from "../internal/k8s-object";
import { ManifestBundle } from "../internal/manifest-bundle";
import { Construct, type ITerraformDependable, type TerraformProvider } from "../internal/tf";
import type { DeploymentPlan } from "../plan/plan";
import { planStaging, stagingObjects, type StagingPlan } from "./staging";
import type { ClusterTarget } from "./cluster-target";
import { parseServingProps, servingPropsShape } from "./props";

export interface ModelStagingProps {
  readonly plan: DeploymentPlan;
  readonly target: ClusterTarget;
  /**
   * Helm provider for the cluster.
   * @default the stack's default helm provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Resources to create first: the External Secrets release and the serving namespace.
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
  /** The staging budget and release, decided. @default planStaging(plan) */
  readonly planned?: StagingPlan;
}

/**
 * Copies the plan's checkpoint from Hugging Face into the in-region bucket with a one-off Job.
 * The token comes from the cloud secret manager through an External Secrets SecretStore and
 * ExternalSecret (workload identity, never a literal). Helm waits for the Job.
 */
export class ModelStaging extends Construct {
  public readonly staging: StagingPlan;
  public readonly objects: readonly KubernetesObject[];
  public readonly bundle: ManifestBundle;

  constructor(scope: Construct, id: string, props: ModelStagingProps) {
    super(scope, id);
    parseServingProps(z.object({
      ...servingPropsShape,
      planned: z.object({
        budgetSeconds: z.number().int().positive(),
        release: z.object({ name: z.string().min(1), namespace: z.string().min(1), timeoutSeconds: z.number().int().positive() }).strict(),
      }, { error: "must be a staging plan; plan it with planStaging(plan)" }).loose().optional(),
    }).strict(), props, id);
    this.staging = props.planned ?? planStaging(props.plan);
    this.objects = stagingObjects(props.plan, props.target, this.staging);
    const release = this.staging.release;
    this.bundle = new ManifestBundle(this, "bundle", {
      releaseName: release.name,
      namespace: release.namespace,
      objects: this.objects,
      wait: true,
      waitForJobs: true,
      timeoutSeconds: release.timeoutSeconds,
      dependsOn: props.dependsOn,
      provider: props.provider,
    });
  }
}
