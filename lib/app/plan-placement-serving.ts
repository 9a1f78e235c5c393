import type { AutoscalingPlan } from "../autoscaling/plan-autoscaling";
import { planClusterAutoscalerRelease, planKedaRelease, planReplicaAutoscaler, type ReplicaAutoscalerPlan } from "../autoscaling/plan-replica-autoscaler";
import type { ChartReleasePlan } from "../plan/chart-release";
import type { DeploymentPlan } from "../plan/plan";
import { PROMETHEUS_SERVER_URL } from "../serving/constants";
import { planDeploymentChecks, type DeploymentChecksPlan } from "../verification/plan-deployment-checks";
import type { VerificationPlan } from "../verification/plan-verification";
import type { TrafficPlan } from "../traffic/plan-traffic";
import { planGatewayReleases, type GatewayInstallPlan } from "../traffic/plan-gateway-releases";
import { planServiceAccountBindings, type ServiceAccountBindingsPlan } from "../serving/plan-service-accounts";
import type { KubernetesObject } from "../internal/k8s-object";
import { GKE_FABRIC_NAMESPACE, gkeFabricNodeObjects } from "../fabric/plan-gke-fabric";
import { gkeNetworkObjects } from "../clouds/gcp/plan-gke-network";
import type { PlacementInfraPlan } from "./plan-placement-infra";

/** A bundle of plain objects the serving stack installs (its Helm record's name and namespace). */
export interface NodeBundlePlan { readonly name: string; readonly namespace: string; readonly objects: readonly KubernetesObject[] }

/** The client id of the interactive tier's key that the serving check uses. */
export const DEPLOYMENT_CHECK_CLIENT = "deployment-check";

/**
 * What the serving stack's autoscaling and check constructs write for one placement, decided with
 * the rest of the placement by planCluster and handed to them as `planned`. Pure.
 */
export interface PlacementServingPlans {
  /** The KEDA ScaledObject's release, and where its triggers read the serving layer's Prometheus. */
  readonly replicaAutoscaler: ReplicaAutoscalerPlan;
  /** The KEDA operator's pinned chart release. */
  readonly kedaRelease: ChartReleasePlan;
  /** The cluster autoscaler's pinned chart release, when it scales the GPU nodes (EKS); null otherwise. */
  readonly clusterAutoscalerRelease: ChartReleasePlan | null;
  /**
   * The post-deploy checks' releases and ordering. The fabric check waits only for its prerequisites
   * (GPU node pools, device plugins, GKE NIC objects and NCCL installers), so it runs before the servers
   * take the GPU nodes (`checks.serversAfterFabric`).
   */
  readonly checks: DeploymentChecksPlan;
  /**
   * How the checks reach the endpoint: the public URL (the load probe's), the gateway's in-cluster
   * Service (the serving check's: the public name may not resolve on a first deploy), and the key
   * they send: the check client's entry in the first (interactive) tier's credentials Secret.
   */
  readonly checkAccess: {
    readonly endpointUrl: string;
    readonly gatewayAddress: TrafficPlan["inClusterEndpoint"];
    readonly apiKeySecret: { readonly name: string; readonly key: string };
  };
  /** The serving stack's `checks_run` output: the checks that gate the apply, comma-separated. */
  readonly checksRunOutput: string;
  /** The traffic layer's releases (controllers, CRDs, the inferencepool chart, the gateway's objects) and their order. */
  readonly gatewayInstall: GatewayInstallPlan;
  /** Which of the infra's identities each serving service account is bound to (GKE: its own Google service account; EKS: none). */
  readonly serviceAccountBindings: ServiceAccountBindingsPlan;
  /**
   * GKE multi-networking objects (GKENetworkParamSet + Network per extra NIC: before the serving
   * workload) and the GPU nodes' NCCL plugin installers (before the servers and the fabric check); null where there are none.
   */
  readonly nodeBundles: { readonly gkeNetworks: NodeBundlePlan | null; readonly gkeFabric: NodeBundlePlan | null };
}

/** Plans the serving stack's autoscaling and check releases of a placement from its decided autoscaling and checks. */
export function planPlacementServing(
  deployment: DeploymentPlan, autoscaling: AutoscalingPlan, verification: VerificationPlan, traffic: TrafficPlan, infra: PlacementInfraPlan,
): PlacementServingPlans {
  const bundle = (name: string, namespace: string, objects: readonly KubernetesObject[]): NodeBundlePlan | null => (objects.length ? { name, namespace, objects } : null);
  return {
    replicaAutoscaler: planReplicaAutoscaler(deployment, { autoscaling, prometheusAddress: PROMETHEUS_SERVER_URL }),
    kedaRelease: planKedaRelease(),
    clusterAutoscalerRelease: autoscaling.nodeAutoscaling.kind === "cluster-autoscaler" ? planClusterAutoscalerRelease() : null,
    checks: planDeploymentChecks(deployment, { verification, fabricPrerequisites: true }),
    checkAccess: {
      endpointUrl: `https://${traffic.hostname}`,
      gatewayAddress: traffic.inClusterEndpoint,
      apiKeySecret: { name: traffic.tiers[0].credentialsSecret, key: DEPLOYMENT_CHECK_CLIENT },
    },
    checksRunOutput: verification.enabled.join(","),
    gatewayInstall: planGatewayReleases(traffic),
    serviceAccountBindings: planServiceAccountBindings(deployment.cloud),
    nodeBundles: {
      gkeNetworks: bundle("deepseek-gke-networks", "default", infra.cloud === "gcp" ? gkeNetworkObjects(deployment, infra.gke.network) : []),
      gkeFabric: bundle("deepseek-gke-fabric", GKE_FABRIC_NAMESPACE, gkeFabricNodeObjects(deployment)),
    },
  };
}
