import { z } from "zod";
import type { KubernetesObject } from "../internal/k8s-object";
import { ManifestBundle } from "../internal/manifest-bundle";
import { Construct, type ITerraformDependable, type TerraformProvider } from "../internal/tf";
import { servingNames } from "../plan/names";
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
    parseServingProps(z.object(servingPropsShape).strict(), props, id);
    this.staging = planStaging(props.plan);
    this.objects = stagingObjects(props.plan, props.target);
    this.bundle = new ManifestBundle(this, "bundle", {
      releaseName: "deepseek-model-staging",
      namespace: servingNames(props.plan).namespace,
      objects: this.objects,
      wait: true,
      waitForJobs: true,
      timeoutSeconds: this.staging.budgetSeconds + 300,
      dependsOn: props.dependsOn,
      provider: props.provider,
    });
  }
}
