import { z } from "zod";
import type { KubernetesObject } from "../internal/k8s-object";
import { Construct, type ITerraformDependable, type TerraformProvider } from "../internal/tf";
import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "./cluster-target";
import { ClusterOperators } from "./cluster-operators";
import { MultiNodeInference, SingleNodeInference } from "./inference";
import { ModelStaging } from "./model-staging";
import type { DrainPlan } from "./plan-drain";
import { deepSeekServingPropsShape, parseServingProps } from "./props";
import { ServingNamespace, serviceAccountsSchema } from "./serving-namespace";
import type { ServiceAccountsPlan } from "./plan-service-accounts";
import { planServingTopology } from "./plan-topology";

export interface DeepSeekServingProps {
  readonly plan: DeploymentPlan;
  readonly target: ClusterTarget;
  /** How the servers drain (see InferenceProps.drain). @default planDrain(plan) */
  readonly drain?: DrainPlan;
  /**
   * Helm provider for the cluster (see ClusterProviders).
   * @default the stack's default helm provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Cluster-scoped objects the infra stack asks the serving layer to install first, e.g. the GKE
   * multi-networking `GKENetworkParamSet` and `Network` objects (`GkeInfra.networkObjects`).
   * @default none
   */
  readonly clusterObjects?: readonly KubernetesObject[];
  /**
   * Resources to create first (e.g. the GPU node pools of the infra stack).
   * @default none
   */
  readonly dependsOn?: ITerraformDependable[];
  /** Annotations of the serving service accounts, decided (see ServingNamespaceProps.serviceAccounts). @default planServiceAccounts(target) */
  readonly serviceAccounts?: ServiceAccountsPlan;
}

/**
 * The serving stack of one placement on an existing EKS or GKE cluster, in order: operators ->
 * namespace, identities and network policies -> model staging -> the TensorRT-LLM servers.
 */
export class DeepSeekServing extends Construct {
  public readonly operators: ClusterOperators;
  public readonly base: ServingNamespace;
  public readonly staging: ModelStaging;
  public readonly inference: SingleNodeInference | MultiNodeInference;

  constructor(scope: Construct, id: string, props: DeepSeekServingProps) {
    super(scope, id);
    parseServingProps(z.object({ ...deepSeekServingPropsShape, serviceAccounts: serviceAccountsSchema.optional() }).strict(), props, id);
    const { plan, target, provider } = props;
    this.operators = new ClusterOperators(this, "operators", { plan, target, provider, dependsOn: props.dependsOn });
    this.base = new ServingNamespace(this, "base", { plan, target, clusterObjects: props.clusterObjects, provider, dependsOn: props.dependsOn, serviceAccounts: props.serviceAccounts });
    this.staging = new ModelStaging(this, "staging", { plan, target, provider, dependsOn: [this.base.release, ...this.operators.all] });
    // The planned workload picks the inference construct (planServingTopology).
    const Inference = { LeaderWorkerSet: MultiNodeInference, Deployment: SingleNodeInference }[planServingTopology(plan).workload];
    this.inference = new Inference(this, "inference", { plan, target, drain: props.drain, provider, dependsOn: [this.staging.bundle.release, ...this.operators.all] });
  }

  /** Every Kubernetes object this stack emits as a raw manifest. */
  public get objects(): readonly KubernetesObject[] {
    return [...this.base.objects, ...this.staging.objects, ...this.inference.objects];
  }
}
