import { z } from "zod";
import type { KubernetesObject } from "../internal/k8s-object";
import { ManifestBundle } from "../internal/manifest-bundle";
import type { Construct, ITerraformDependable, TerraformProvider } from "../internal/tf";
import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "./cluster-target";
import { servingBaseObjects } from "./namespace-objects";
import type { ServiceAccountsPlan } from "./plan-service-accounts";
import { deepSeekServingPropsShape, parseServingProps, servingPropsShape } from "./props";

const annotations = z.record(z.string(), z.string());
/** A ServiceAccountsPlan as a prop. */
export const serviceAccountsSchema = z.object({ server: annotations, modelStager: annotations, secretsReader: annotations }).strict();

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
  /**
   * Annotations of the service accounts, decided (`planServiceAccounts(target)`): written as given.
   * @default planServiceAccounts(target)
   */
  readonly serviceAccounts?: ServiceAccountsPlan;
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
    parseServingProps(z.object({ ...servingPropsShape, clusterObjects: deepSeekServingPropsShape.clusterObjects,
      serviceAccounts: serviceAccountsSchema.optional() }).strict(), props, id);
    super(scope, id, {
      releaseName: "deepseek-base", namespace: "default", objects: [...(props.clusterObjects ?? []), ...servingBaseObjects(props.plan, props.target, props.serviceAccounts)],
      provider: props.provider, dependsOn: props.dependsOn,
    });
  }
}
