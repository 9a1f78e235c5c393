import { z } from "zod";
import type { KubernetesObject } from "../internal/k8s-object";
import { ManifestBundle } from "../internal/manifest-bundle";
import type { Construct, ITerraformDependable, TerraformProvider } from "../internal/tf";
import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "./cluster-target";
import { servingBaseObjects } from "./namespace-objects";
import { deepSeekServingPropsShape, parseServingProps, servingPropsShape } from "./props";

export interface ServingNamespaceProps {
  readonly plan: DeploymentPlan;
  readonly target: ClusterTarget;
  /**
   * Cluster-scoped objects to install with the namespace, e.g. the GKE multi-networking
   * `GKENetworkParamSet` and `Network` objects (`GkeInfra.networkObjects`).
   * @default none
   */
  readonly clusterObjects?: readonly KubernetesObject[];
  /**
   * Helm provider for the cluster (see ClusterProviders).
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
 * What the servers and the staging Job need before they start, for a consumer who builds the
 * serving layer from the smaller constructs: the serving namespace (pod security labels), the
 * service accounts bound to the cluster's workload identity, RBAC and network policies.
 * `DeepSeekServing` creates it as `base`; alone, make ModelStaging and the inference construct
 * depend on `release`. The Helm release record lives in "default" (the namespace is one of the objects).
 */
export class ServingNamespace extends ManifestBundle {
  constructor(scope: Construct, id: string, props: ServingNamespaceProps) {
    parseServingProps(z.object({ ...servingPropsShape, clusterObjects: deepSeekServingPropsShape.clusterObjects }).strict(), props, id);
    super(scope, id, {
      releaseName: "deepseek-base", namespace: "default", objects: [...(props.clusterObjects ?? []), ...servingBaseObjects(props.plan, props.target)],
      provider: props.provider, dependsOn: props.dependsOn,
    });
  }
}
