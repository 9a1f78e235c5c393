import type { EksInfraOptions } from "../clouds/aws/plan-aws-infra";
import type { GkeInfraOptions } from "../clouds/gcp/plan-gke-infra";
import { ManifestBundle, addDependencies } from "../internal/manifest-bundle";
import type { KubernetesObject } from "../internal/k8s-object";
import { withAppTokenStacks } from "../internal/token-stacks";
import { DataKubernetesServiceV1 } from "../internal/providers/kubernetes";
import { Construct, TerraformOutput, TerraformStack } from "../internal/tf";
import type { AutoscalingInput } from "../autoscaling/plan-autoscaling";
import { GlobalEndpoint } from "../endpoint/global-endpoint";
import type { GlobalEndpointPlan } from "../endpoint/plan-global-endpoint";
import type { DeploymentPlan } from "../plan/plan";
import { ClusterPlan, ClusterPlacementProps, ClusterProps, DEPLOYMENT_CHECK_CLIENT, PlacementPlan, planCluster } from "./plan-cluster";
import { checkClusterId } from "../plan/names";
import type { DerivedName } from "./plan-derived-names";
import { DeepSeekConfigError } from "../errors";
import type { VerificationInput } from "../verification/plan-verification";
import { ReviewRegistry } from "./deepseek-app";
import { KedaOperator, ClusterAutoscaler } from "../autoscaling/operators";
import { ReplicaAutoscaler } from "../autoscaling/replica-autoscaler";
import { ClusterProviders } from "../serving/cluster-providers";
import type { ClusterTarget } from "../serving/cluster-target";
import { DeepSeekServing } from "../serving/deepseek-serving";
import type { NodeBundlePlan } from "./plan-placement-serving";
import { serviceAccountsOf } from "../serving/plan-service-accounts";
import { InferenceGateway } from "../traffic/inference-gateway";
import { GATEWAY_SERVICE_NAME } from "../traffic/plan-traffic";
import { DeploymentChecks } from "../verification/deployment-checks";
import { RegionLock } from "./region-lock";
import { labelGcpComponents, tagAwsComponents } from "./resource-tags";
import { PlaceholderGuard } from "./placeholder-guard";
import { loadCloudModule } from "../internal/optional-provider";
import { declareVariable, eksApiFromVariable, gkeApiFromVariable } from "./deploy-inputs";
import { reviewedEndpoint } from "../review/endpoint-info";

export { DEPLOYMENT_CHECK_CLIENT };

/** AWS settings of a placement: what `planEksInfra` plans the EKS side from. */
export type AwsPlacementOptions = EksInfraOptions;
/** GCP settings of a placement: what `planGkeInfra` plans the GKE side from (`project` is required). */
export type GcpPlacementOptions = GkeInfraOptions;

/** One cloud region of the cluster. Fields the planner knows fall back to the cluster's. */
export interface DeepSeekPlacementProps extends ClusterPlacementProps {
  /** EKS settings; only for `cloud: "aws"`. @default EksInfra defaults */
  readonly aws?: AwsPlacementOptions;
  /** GKE settings; required for `cloud: "gcp"` (the project). @default none (refused on a GCP placement) */
  readonly gcp?: GcpPlacementOptions;
  /** Replica autoscaling of this placement. @default the cluster's `autoscaling` */
  readonly autoscaling?: AutoscalingInput;
  /** Post-deploy checks of this placement. @default the cluster's `verification` */
  readonly verification?: VerificationInput;
}

/** DeepSeekCluster's props: what `planCluster` takes (see ClusterProps for every field). */
export interface DeepSeekClusterProps extends ClusterProps {
  /** In order of preference: the first is the primary (see README "Capacity preference"). */
  readonly placements: readonly DeepSeekPlacementProps[];
}

/** The stacks of one placement. */
export interface PlacementStacks {
  readonly plan: DeploymentPlan;
  readonly infra: TerraformStack;
  readonly serving: TerraformStack;
  readonly target: ClusterTarget;
}

/**
 * DeepSeek V3/R1 served from one or more placements behind one endpoint. Each placement gets an
 * `<id>-<name>-infra` stack (network, cluster, GPU pool, bucket, identities) and an
 * `<id>-<name>-serving` stack (operators, TensorRT-LLM, autoscaling, gateway, checks), wired by
 * cross-stack references; with a Route 53 zone, an `<id>-global` stack holds the DNS. With a
 * jurisdiction, every stack is region-locked.
 *
 * Every decision is `planCluster(props, { id })` (exposed as `plan`); this construct only emits it.
 */
export class DeepSeekCluster extends Construct {
  public readonly plan: ClusterPlan;
  public readonly placements: readonly PlacementStacks[];
  public readonly endpointPlan: GlobalEndpointPlan;
  public readonly globalStack?: TerraformStack;

  constructor(scope: Construct, id: string, props: DeepSeekClusterProps) {
    // Decided (or refused, at `<id>.<the prop path>`) before anything is created, the cluster's own
    // construct included; no name it derives may be one the app's other clusters (or stacks) hold.
    const app = freeClusterScope(scope, id).node.root as Construct;
    const plan = planCluster(props, { id, pathRoot: id, taken: takenNames(app) });
    super(scope, id);
    this.plan = plan;
    for (const n of this.plan.derivedNames) TAKEN.get(app)!.set(n.key, n);
    this.endpointPlan = this.plan.endpoint;
    const lbAddresses: string[] = [];
    const placeholders = this.plan.placeholders;
    // Every stack is region-locked in a jurisdiction, and refuses terraform plan while it holds example values.
    const lock = (stack: TerraformStack) => {
      if (this.plan.jurisdiction) RegionLock.lock(stack, this.plan.jurisdiction);
      if (placeholders.length) new PlaceholderGuard(stack, "placeholders", { clusterId: id, placeholders });
    };

    // Thousands of tokens are created below; see token-stacks.ts for why their stacks are cut short.
    this.placements = withAppTokenStacks(this, () => this.plan.placementPlans.map((placement, i) => {
      const plan = placement.deployment;
      const infra = new TerraformStack(app, `${id}-${placement.name}-infra`);
      const serving = new TerraformStack(app, `${id}-${placement.name}-serving`);
      lock(infra);
      lock(serving);

      // The infra was planned (and refused, at the user's path) by planCluster: this only emits it.
      const built = INFRA_EMITTERS[placement.infra.cloud](infra, placement, `${id}.placements.${i}.cloud`);
      const { target } = built;

      const providers = new ClusterProviders(serving, "cluster", { target });
      const helm = providers.helm;
      const servingStack = new DeepSeekServing(serving, "serving", {
        plan, target, drain: placement.drain, provider: helm, serviceAccounts: serviceAccountsOf(placement.serviceAccountBindings, target),
      });
      const bundles = (name: string, planned: NodeBundlePlan | null) =>
        planned ? [new ManifestBundle(serving, name, { releaseName: planned.name, namespace: planned.namespace, objects: planned.objects, provider: helm })] : [];
      const gkeNetworks = bundles("gke-networks", placement.nodeBundles.gkeNetworks);
      for (const b of gkeNetworks) servingStack.node.addDependency(b);
      // GKE multi-node: the NCCL plugin installers (and NRI device injector) on the GPU nodes.
      const gkeFabric = bundles("gke-fabric", placement.nodeBundles.gkeFabric);
      for (const b of gkeFabric) addDependencies(servingStack.inference.bundle, b.release);

      const keda = new KedaOperator(serving, "keda", { planned: placement.kedaRelease, provider: helm, dependsOn: [...servingStack.operators.all] });
      new ReplicaAutoscaler(serving, "autoscaler", {
        plan, planned: placement.replicaAutoscaler, provider: helm, dependsOn: [keda.release, servingStack.inference.bundle.release],
      });
      if (placement.clusterAutoscalerRelease) {
        const imageTag = placement.infra.clusterAutoscalerImageTag;
        new ClusterAutoscaler(serving, "cluster-autoscaler", { plan, autoscaling: placement.autoscaling, planned: placement.clusterAutoscalerRelease, clusterName: target.clusterName,
          provider: helm, dependsOn: [...servingStack.operators.all], ...(imageTag ? { imageTag } : {}) });
      }

      const gateway = new InferenceGateway(serving, "gateway", {
        plan, traffic: placement.traffic, planned: placement.gatewayInstall, provider: helm,
        dependsOn: [servingStack.inference.bundle.release, ...servingStack.operators.all],
      });
      const checks = new DeploymentChecks(serving, "checks", {
        plan, planned: placement.checks, ...placement.checkAccess,
        // The fabric check pod gets the servers' fabric settings, network names included.
        ...(target.gpuNetworkNames ? { gpuNetworkNames: target.gpuNetworkNames } : {}),
        provider: helm, kubernetesProvider: providers.kubernetes,
        dependsOn: [gateway.bundle.release, servingStack.inference.bundle.release],
        // The fabric check runs on the empty GPU nodes before the servers: it needs only the device plugins.
        fabricDependsOn: [...servingStack.operators.all, ...gkeNetworks.map((b) => b.release), ...gkeFabric.map((b) => b.release)],
      });
      // The fabric check needs the GPU nodes free: planned to run before the servers take them.
      if (placement.checks.serversAfterFabric) addDependencies(servingStack.inference.bundle, checks.fabricRelease!.release);

      // The gateway's load balancer address, read after the gateway exists (depends_on defers the read to apply).
      const lb = new DataKubernetesServiceV1(serving, "gateway-address", {
        provider: providers.kubernetes,
        metadata: { name: GATEWAY_SERVICE_NAME, namespace: placement.traffic.gatewayNamespace },
        dependsOn: [gateway.bundle.release],
      });
      const lbAddress = lb.status.get(0).loadBalancer.get(0).ingress.get(0)[placement.loadBalancerAddress];
      lbAddresses.push(lbAddress);
      new TerraformOutput(serving, "gateway_address", { value: lbAddress, staticId: true });
      new TerraformOutput(serving, "checks_run", { value: placement.checksRunOutput, staticId: true });

      ReviewRegistry.register(this, plan, {
        cluster: id,
        displayName: placement.name,
        stacks: [infra.node.id, serving.node.id],
        endpoint: {
          exposure: placement.traffic.public ? "public" : "private", address: placement.traffic.hostname, port: 443,
          // Empty with a public gateway: the whole internet.
          allowedSourceCidrs: [...placement.traffic.allowedSourceCidrs],
        },
        posture: placement.posture,
        globalEndpoint: reviewedEndpoint(id, this.plan.endpoint, placement.endpoint),
        timeouts: {
          requestTimeoutSeconds: placement.traffic.requestTimeoutSeconds,
          drainBudgetSeconds: placement.drain.drainBudgetSeconds,
          terminationGracePeriodSeconds: placement.drain.terminationGracePeriodSeconds,
        },
      });
      return { plan, infra, serving, target };
    }));

    const endpoint = this.plan.endpoint;
    const zoneId = endpoint.route53ZoneId;
    if (zoneId !== undefined) {
      const globalStack = new TerraformStack(app, `${id}-global`);
      this.globalStack = globalStack;
      lock(globalStack);
      withAppTokenStacks(this, () => new GlobalEndpoint(globalStack, "endpoint", { plan: { ...endpoint, route53ZoneId: zoneId }, addresses: lbAddresses }));
    }
  }
}

/** The scope, if the cluster id is valid and not yet taken in it (constructs would throw a raw Error). */
function freeClusterScope(scope: Construct, id: string): Construct {
  // JavaScript callers: the app left out (id first) or the first two arguments swapped.
  if (typeof scope === "string") {
    throw new DeepSeekConfigError("(scope)", "is a string, but the first argument is the app the cluster goes in (the arguments are scope, id, props)", scope,
      `pass the app first: new DeepSeekCluster(app, ${JSON.stringify(scope)}, props)`);
  }
  checkClusterId(id);
  if (!Construct.isConstruct(scope)) throw new DeepSeekConfigError(id, "needs a construct scope (an App or a construct in one)", scope, "pass the app, e.g. new DeepSeekCluster(app, id, props)");
  if (scope.node.tryFindChild(id)) throw new DeepSeekConfigError(id, `is already the id of a construct in ${scope.node.path || "the app"}`, id, "give each cluster its own id");
  // Its stacks are made at the app's root whatever the scope: inside a stack of the user's, that
  // stack would stay empty (and unlocked under a jurisdiction) while the cluster lands beside it.
  const stack = [scope, ...scope.node.scopes].find((s) => TerraformStack.isStack(s));
  if (stack) {
    throw new DeepSeekConfigError(id, `is created inside stack "${stack.node.path}", but a DeepSeekCluster makes its own stacks (${id}-<placement>-infra, -serving, ${id}-global) at the app's root, so nothing of it would be in that stack`, stack.node.path,
      `pass the app as the scope: new DeepSeekCluster(app, "${id}", props); for pieces inside your own stacks use GpuNodePool, DeepSeekServing and the other constructs (README "Using the constructs in your own stacks")`);
  }
  return scope;
}

/** Names derived by the DeepSeekClusters of each app (see plan-derived-names.ts). */
const TAKEN = new WeakMap<Construct, Map<string, DerivedName>>();

/** What the app's clusters derived so far, and the ids of the stacks already in it. */
function takenNames(app: Construct): ReadonlyMap<string, DerivedName> {
  let taken = TAKEN.get(app);
  if (!taken) TAKEN.set(app, (taken = new Map()));
  const all = new Map(taken);
  for (const child of app.node.children) {
    const key = `stack:${child.node.id}`;
    if (!all.has(key)) all.set(key, { key, what: `stack id "${child.node.id}"`, owner: `the construct "${child.node.id}" already in the app`, path: child.node.id });
  }
  return all;
}

interface BuiltInfra {
  readonly target: ClusterTarget;
  readonly networkObjects: readonly KubernetesObject[];
}

// Cloud modules load lazily, so a one-cloud consumer never needs the other cloud's provider package.
const INFRA_EMITTERS: Readonly<Record<PlacementPlan["infra"]["cloud"], (stack: TerraformStack, placement: PlacementPlan, cloudPath: string) => BuiltInfra>> = {
  aws: (stack, placement, cloudPath) => {
    const infraPlan = placement.infra as Extract<PlacementPlan["infra"], { cloud: "aws" }>;
    const { AwsProvider, EksInfra, ClusterAutoscalerIdentity } = loadCloudModule("aws", () => ({
      ...(require("../internal/providers/aws") as typeof import("../internal/providers/aws")),
      ...(require("../clouds/aws/infra") as typeof import("../clouds/aws/infra")),
      ...(require("../autoscaling/operators") as typeof import("../autoscaling/operators")),
    }), cloudPath);
    const provider = new AwsProvider(stack, "aws", { region: infraPlan.provider.region });
    // An override keeps the keys as written: cdktf snake-cases map keys in provider blocks (CostCenter -> cost_center).
    provider.addOverride("default_tags", [{ tags: infraPlan.provider.defaultTags }]);
    const infra = new EksInfra(stack, "infra", { plan: placement.deployment, infra: infraPlan.eks });
    const adminCidrs = placement.deployInputs.adminCidrs;
    if (adminCidrs) {
      declareVariable(stack, adminCidrs);
      eksApiFromVariable(infra.controlPlane.cluster, adminCidrs);
    }
    if (infraPlan.clusterAutoscalerIdentity) {
      new ClusterAutoscalerIdentity(stack, "cluster-autoscaler-identity", { clusterName: infra.clusterName, region: infraPlan.provider.region, dependsOn: [infra.controlPlane.cluster] });
    }
    tagAwsComponents(stack, infraPlan.provider.defaultTags);
    return { target: infra.target, networkObjects: [] };
  },
  gcp: (stack, placement, cloudPath) => {
    const infraPlan = placement.infra as Extract<PlacementPlan["infra"], { cloud: "gcp" }>;
    const { GoogleProvider, GkeInfra } = loadCloudModule("gcp", () => ({
      ...(require("../internal/providers/google") as typeof import("../internal/providers/google")),
      ...(require("../clouds/gcp/infra") as typeof import("../clouds/gcp/infra")),
    }), cloudPath);
    const provider = new GoogleProvider(stack, "google", { project: infraPlan.provider.project, region: infraPlan.provider.region });
    provider.addOverride("default_labels", infraPlan.provider.defaultLabels);
    const infra = new GkeInfra(stack, "infra", { plan: placement.deployment, infra: infraPlan.gke });
    const adminCidrs = placement.deployInputs.adminCidrs;
    if (adminCidrs) {
      declareVariable(stack, adminCidrs);
      gkeApiFromVariable(infra.controlPlane.cluster, adminCidrs);
    }
    labelGcpComponents(stack);
    return { target: infra.target, networkObjects: infra.networkObjects };
  },
};
