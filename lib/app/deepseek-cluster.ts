import { z } from "zod";
import type { EksInfraProps } from "../clouds/aws/infra";
import type { GkeInfraProps } from "../clouds/gcp/infra";
import { DeepSeekConfigError, refusalsAt, rerooted } from "../errors";
import { ManifestBundle, addDependencies } from "../internal/manifest-bundle";
import { withAppTokenStacks } from "../internal/token-stacks";
import { DataKubernetesServiceV1 } from "../internal/providers/kubernetes";
import { Construct, TerraformOutput, TerraformProvider, TerraformStack } from "../internal/tf";
import type { AutoscalingInput } from "../autoscaling/plan-autoscaling";
import { applyAutoscalingBounds, planAutoscaling } from "../autoscaling/plan-autoscaling";
import { GKE_FABRIC_NAMESPACE, gkeFabricNodeObjects } from "../fabric/plan-gke-fabric";
import { GlobalEndpointPlan, planGlobalEndpoint } from "../endpoint/plan-global-endpoint";
import { PlacementPosture, placementPosture } from "../plan/posture";
import type { DeploymentPlan } from "../plan/plan";
import { ClusterInput, ClusterPlan, PlacementInput, planCluster } from "./plan-cluster";
import { planTraffic, type TrafficInput } from "../traffic/plan-traffic";
import { planDrain } from "../serving/plan-drain";
import type { VerificationInput } from "../verification/plan-verification";
import { ReviewRegistry } from "./deepseek-app";
import { KedaOperator, ClusterAutoscaler } from "../autoscaling/operators";
import { ReplicaAutoscaler } from "../autoscaling/replica-autoscaler";
import { PROMETHEUS_SERVER_URL, SECRET_STORE_NAME } from "../serving/constants";
import { ClusterProviders } from "../serving/cluster-providers";
import type { ClusterTarget } from "../serving/cluster-target";
import { DeepSeekServing } from "../serving/deepseek-serving";
import { InferenceGateway } from "../traffic/inference-gateway";
import { GATEWAY_SERVICE_NAME } from "../traffic/objects";
import { DeploymentChecks } from "../verification/deployment-checks";
import { parseOrThrow } from "../validation";
import { RegionLock } from "./region-lock";
import { labelGcpComponents, tagAwsComponents } from "./resource-tags";
import { ProtectionInput, planProtection } from "../plan/protection";
import { findPlaceholders, placeholderMessage } from "../plan/placeholders";
import { PlaceholderGuard } from "./placeholder-guard";
import { awsOwnerTags, gcpOwnerLabels, resourcePrefixFor } from "../plan/names";

/** AWS settings of a placement: everything `EksInfra` takes but the plan. */
export type AwsPlacementOptions = Omit<EksInfraProps, "plan" | "provider">;
/** GCP settings of a placement: everything `GkeInfra` takes but the plan (`project` is required). */
export type GcpPlacementOptions = Omit<GkeInfraProps, "plan" | "provider">;

/** One cloud region of the cluster. Fields the planner knows fall back to the cluster's. */
export interface DeepSeekPlacementProps extends PlacementInput {
  /** Part of the stack names. @default `<cloud>-<region>` */
  readonly name?: string;
  /** EKS settings; only for `cloud: "aws"`. @default EksInfra defaults */
  readonly aws?: AwsPlacementOptions;
  /** GKE settings; required for `cloud: "gcp"` (the project). */
  readonly gcp?: GcpPlacementOptions;
  /** Replica autoscaling of this placement. @default the cluster's `autoscaling` */
  readonly autoscaling?: AutoscalingInput;
  /** Post-deploy checks of this placement. @default the cluster's `verification` */
  readonly verification?: VerificationInput;
}

export interface DeepSeekClusterProps extends Omit<ClusterInput, "placements"> {
  /** In order of preference: the first is the primary (see README "Capacity preference"). */
  readonly placements: readonly DeepSeekPlacementProps[];
  /** The one endpoint clients call. */
  readonly endpoint: {
    /** DNS name of the API, e.g. `api.example.com`. */
    readonly hostname: string;
    /**
     * Route 53 hosted zone of the hostname. With it, a `<id>-global` stack publishes per-placement
     * names with health checks and the global name with latency (or failover) routing.
     * @default no DNS records: point the hostname at the gateway yourself
     */
    readonly route53ZoneId?: string;
  };
  /** Gateway settings (TLS, tiers, retries, timeouts). @default cert-manager TLS, two tiers */
  readonly traffic?: Omit<TrafficInput, "hostname">;
  /** Replica autoscaling for every placement. @default planAutoscaling defaults */
  readonly autoscaling?: AutoscalingInput;
  /** Post-deploy checks for every placement. @default fabric check when multi-node, serving check */
  readonly verification?: VerificationInput;
  /**
   * Your tags on every taggable AWS resource (the AWS provider's `default_tags`), beside the
   * project's own `cdktf-deepseek/cluster`, `cdktf-deepseek/placement` and `cdktf-deepseek/component`.
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Your labels on every labelable Google resource (the Google provider's `default_labels`), beside
   * the project's own `cdktf-deepseek-cluster` and `cdktf-deepseek-placement`.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * How hard the cluster is to destroy: GKE deletion protection, model bucket force_destroy, the
   * HF token secret's recovery window, KMS key deletion windows, and the generation that renames
   * what a cloud keeps reserved after a destroy (README "Destroying and redeploying").
   * @default { mode: "protected" }
   */
  readonly protection?: ProtectionInput;
}

/** The stacks of one placement. */
export interface PlacementStacks {
  readonly plan: DeploymentPlan;
  readonly infra: TerraformStack;
  readonly serving: TerraformStack;
  readonly target: ClusterTarget;
}

const placementExtrasSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,30}$/, "is not a valid stack name part; use lowercase letters, digits and dashes").optional(),
  aws: z.record(z.string(), z.unknown()).optional(),
  gcp: z.object({ project: z.string().min(1) }).loose().optional(),
  autoscaling: z.unknown().optional(),
  verification: z.unknown().optional(),
}).loose();

/** A string map whose keys must match `key` (a refusal names the key). */
function keyedRecord(key: RegExp, keyMessage: string, value: z.ZodString) {
  return z.record(z.string(), value).superRefine((record, ctx) => {
    for (const k of Object.keys(record)) if (!key.test(k)) ctx.addIssue({ code: "custom", path: [k], message: keyMessage });
  });
}

const propsSchema = z.object({
  placements: z.array(placementExtrasSchema).min(1),
  endpoint: z.object({
    hostname: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "is not a DNS name; use a name such as api.example.com"),
    route53ZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, "is not a Route 53 hosted zone id; use the zone's id such as Z0123456789ABCDEFGHIJ").optional(),
  }).strict(),
  traffic: z.unknown().optional(),
  autoscaling: z.unknown().optional(),
  verification: z.unknown().optional(),
  // AWS tags: keys 1-128, values 0-256 characters; "aws:" is reserved (AWS "Tagging your resources", tag restrictions).
  tags: keyedRecord(
    /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, "is not an AWS tag key; use 1-128 letters, digits, spaces and _ . : / = + - @, not starting with aws:",
    z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, "is not an AWS tag value; use up to 256 letters, digits, spaces and _ . : / = + - @"),
  ).optional(),
  // GCP labels: lowercase keys starting with a letter, 1-63 characters; values 0-63 (cloud.google.com/compute/docs/labeling-resources).
  protection: z.unknown().optional(),
  labels: keyedRecord(
    /^[a-z][a-z0-9_-]{0,62}$/, "is not a GCP label key; use 1-63 lowercase letters, digits, _ and -, starting with a letter",
    z.string().regex(/^[a-z0-9_-]{0,63}$/, "is not a GCP label value; use up to 63 lowercase letters, digits, _ and -"),
  ).optional(),
}).loose();

const PLANNER_ONLY = (p: DeepSeekPlacementProps): PlacementInput => {
  const { name: _n, aws: _a, gcp: _g, autoscaling: _s, verification: _v, ...rest } = p;
  return rest;
};

/**
 * DeepSeek V3/R1 served from one or more placements behind one endpoint. Each placement gets an
 * `<id>-<name>-infra` stack (network, cluster, GPU pool, bucket, identities) and an
 * `<id>-<name>-serving` stack (operators, TensorRT-LLM, autoscaling, gateway, checks), wired by
 * cross-stack references; with several placements and a Route 53 zone, an `<id>-global` stack
 * holds the DNS. With a jurisdiction, every stack is region-locked by an aspect.
 */
export class DeepSeekCluster extends Construct {
  public readonly plan: ClusterPlan;
  public readonly placements: readonly PlacementStacks[];
  public readonly endpointPlan: GlobalEndpointPlan;
  public readonly globalStack?: TerraformStack;

  constructor(scope: Construct, id: string, props: DeepSeekClusterProps) {
    super(scope, id);
    // Every refusal is rooted at this construct's id, then the prop path as the user wrote it.
    try {
      parseOrThrow(propsSchema, props);
      const { endpoint, traffic, autoscaling, verification, placements, tags, labels, protection: protectionInput, ...clusterLevel } = props;
      const protection = planProtection(protectionInput);
      // Example values synthesize (and show in the review), but terraform plan refuses them.
      const placeholders = findPlaceholders(props);
      const placeholderWarnings = placeholders.map((ph) => placeholderMessage(id, ph));
      this.plan = planCluster({ ...clusterLevel, placements: placements.map(PLANNER_ONLY) });
      this.endpointPlan = planGlobalEndpoint(this.plan, endpoint.hostname, endpoint.route53ZoneId);
      const app = scope.node.root as Construct;
      // Autoscaling and checks settings may be set per placement or once for the cluster.
      const fieldOf = (i: number, key: "autoscaling" | "verification") => (placements[i][key] !== undefined ? `placements.${i}.${key}` : key);

      // Decide every sub-plan before creating anything, so a refusal leaves no half-built tree.
      const perPlacement = this.plan.placements.map((plan, i) => {
        const props_ = placements[i];
        const at = (path: string) => `placements.${i}.${path}`;
        if (plan.cloud === "gcp" && !props_.gcp) throw new DeepSeekConfigError(at("gcp"), "is required for a GCP placement (the project to deploy into)", undefined, 'set gcp: { project: "<project id>" }');
        if (plan.cloud === "aws" && props_.gcp) throw new DeepSeekConfigError(at("gcp"), "applies to GCP placements only", props_.gcp, "move these settings to a gcp placement or remove them");
        if (plan.capacity.kind === "queued") {
          throw new DeepSeekConfigError(at("capacity.kind"), "hands out nodes only through ProvisioningRequest objects, which DeepSeekCluster does not emit", "queued", 'use "flex-start", "reservation" or "on-demand"; or build the pool with GkeGpuNodePool and create the ProvisioningRequest yourself');
        }
        if (plan.cloud === "gcp" && props_.aws) throw new DeepSeekConfigError(at("aws"), "applies to AWS placements only", props_.aws, "move these settings to an aws placement or remove them");
        const autoscalingInput = (props_.autoscaling ?? autoscaling ?? {}) as AutoscalingInput;
        const autoscalingPlan = refusalsAt([["autoscaling", fieldOf(i, "autoscaling")]], () => planAutoscaling(plan, autoscalingInput));
        if (autoscalingPlan.nodeAutoscaling.kind === "karpenter") {
          throw new DeepSeekConfigError(at("autoscaling.nodeAutoscaler"), "is not emitted by DeepSeekCluster (it installs the cluster autoscaler on EKS)", "karpenter", 'use "cluster-autoscaler" or leave it unset');
        }
        const name = props_.name ?? plan.id;
        // Every cloud resource name of the placement starts with the cluster id and placement name.
        const named: DeploymentPlan = { ...applyAutoscalingBounds(plan, autoscalingPlan), resourcePrefix: resourcePrefixFor(id, name, plan.cloud), protection };
        if (placeholderWarnings.length) Object.assign(named, { warnings: [...named.warnings, ...placeholderWarnings] });
        return { plan: named, props: props_, autoscalingPlan, name, checksInput: (props_.verification ?? verification ?? {}) as VerificationInput };
      });

      // Stack ids come from the names: two placements with one name would collide in the app.
      perPlacement.forEach(({ name }, j) => {
        const first = perPlacement.findIndex((other) => other.name === name);
        if (first !== j) {
          throw new DeepSeekConfigError(`placements.${j}.name`, `is already the name of placements.${first}, and stack ids are made from it`, name, "give each placement its own name");
        }
      });

      const lbAddresses: string[] = [];
      // Thousands of tokens are created below; see token-stacks.ts for why their stacks are cut short.
      this.placements = withAppTokenStacks(this, () => perPlacement.map(({ plan, props: p, autoscalingPlan, name, checksInput }, i) => refusalsAt([
        // What each part was built from, as the user wrote it.
        ["infra", `placements.${i}.${plan.cloud}`],
        ["gateway.traffic.hostname", "endpoint.hostname"],
        ["gateway.traffic.healthCheckHostname", "endpoint.hostname"],
        ["gateway.traffic", "traffic"],
        ["checks.verification", fieldOf(i, "verification")],
        ["", `placements.${i}`],
      ], () => {
        const infra = new TerraformStack(app, `${id}-${name}-infra`);
        const serving = new TerraformStack(app, `${id}-${name}-serving`);
        if (plan.jurisdiction) for (const stack of [infra, serving]) RegionLock.lock(stack, plan.jurisdiction);

        if (placeholders.length) for (const stack of [infra, serving]) new PlaceholderGuard(stack, "placeholders", { clusterId: id, placeholders });
        const owner = { cluster: id, placement: name };
        const built = plan.cloud === "aws"
          ? buildAwsInfra(infra, plan, p.aws ?? {}, autoscalingPlan.nodeAutoscaling.kind, { ...(tags ?? {}), ...awsOwnerTags(owner) })
          : buildGcpInfra(infra, plan, p.gcp!, { ...(labels ?? {}), ...gcpOwnerLabels(owner) });
        const { target } = built;

        // The gateway's request timeout and the servers' drain grace are decided together.
        const trafficPlan = refusalsAt([["traffic", "gateway.traffic"]], () => planTraffic(plan, {
          secretStore: { kind: "SecretStore", name: SECRET_STORE_NAME },
          ...(traffic ?? {}),
          hostname: endpoint.hostname,
          // Route 53 health-checks each placement by its own name when the cluster publishes DNS.
          ...(this.endpointPlan.placements[i].healthCheckHostname ? { healthCheckHostname: this.endpointPlan.placements[i].healthCheckHostname } : {}),
        } as TrafficInput));
        const drain = planDrain(plan, trafficPlan.requestTimeoutSeconds, "gateway.traffic.requestTimeoutSeconds");

        const providers = new ClusterProviders(serving, "cluster", { target });
        const helm = providers.helm;
        const servingStack = new DeepSeekServing(serving, "serving", { plan, target, drain, provider: helm });
        const gkeNetworks = built.networkObjects.length
          ? new ManifestBundle(serving, "gke-networks", { releaseName: "deepseek-gke-networks", namespace: "default", objects: built.networkObjects, provider: helm })
          : undefined;
        if (gkeNetworks) servingStack.node.addDependency(gkeNetworks);
        // GKE multi-node: the NCCL plugin installers (and NRI device injector) on the GPU nodes.
        const fabricObjects = gkeFabricNodeObjects(plan);
        const gkeFabric = fabricObjects.length
          ? new ManifestBundle(serving, "gke-fabric", { releaseName: "deepseek-gke-fabric", namespace: GKE_FABRIC_NAMESPACE, objects: fabricObjects, provider: helm })
          : undefined;
        if (gkeFabric) addDependencies(servingStack.inference.bundle, gkeFabric.release);

        const keda = new KedaOperator(serving, "keda", { provider: helm, dependsOn: [...servingStack.operators.all] });
        new ReplicaAutoscaler(serving, "autoscaler", {
          plan, autoscaling: autoscalingPlan, prometheusAddress: PROMETHEUS_SERVER_URL, provider: helm,
          dependsOn: [keda.release, servingStack.inference.bundle.release],
        });
        if (autoscalingPlan.nodeAutoscaling.kind === "cluster-autoscaler") {
          new ClusterAutoscaler(serving, "cluster-autoscaler", { plan, autoscaling: autoscalingPlan, clusterName: target.clusterName, provider: helm, dependsOn: [...servingStack.operators.all] });
        }

        const gateway = new InferenceGateway(serving, "gateway", {
          plan,
          traffic: trafficPlan,
          provider: helm,
          dependsOn: [servingStack.inference.bundle.release, ...servingStack.operators.all],
        });
        const checks = new DeploymentChecks(serving, "checks", {
          plan, verification: checksInput, endpointUrl: `https://${endpoint.hostname}`,
          // The fabric check pod gets the servers' fabric settings, network names included.
          ...(target.gpuNetworkNames ? { gpuNetworkNames: target.gpuNetworkNames } : {}),
          // The check reaches the gateway inside the cluster: the public name may not resolve yet.
          gatewayAddress: gateway.trafficPlan.inClusterEndpoint, provider: helm, kubernetesProvider: providers.kubernetes,
          apiKeySecret: { name: gateway.trafficPlan.tiers[0].credentialsSecret, key: DEPLOYMENT_CHECK_CLIENT },
          dependsOn: [gateway.bundle.release, servingStack.inference.bundle.release],
          // The fabric check runs on the empty GPU nodes before the servers: it needs only the device plugins.
          fabricDependsOn: [...servingStack.operators.all, ...(gkeNetworks ? [gkeNetworks.release] : []), ...(gkeFabric ? [gkeFabric.release] : [])],
        });
        // The fabric check needs the GPU nodes free: it runs before the servers take them.
        if (checks.fabricRelease) addDependencies(servingStack.inference.bundle, checks.fabricRelease.release);

        // The gateway's load balancer address, read after the gateway exists (depends_on defers the read to apply).
        const lb = new DataKubernetesServiceV1(serving, "gateway-address", {
          provider: providers.kubernetes,
          metadata: { name: GATEWAY_SERVICE_NAME, namespace: gateway.trafficPlan.gatewayNamespace },
          dependsOn: [gateway.bundle.release],
        });
        const ingress = lb.status.get(0).loadBalancer.get(0).ingress.get(0);
        // AWS load balancers have a DNS name (CNAME record), GCP ones an IP address (A record).
        const lbAddress = this.endpointPlan.placements[i].recordType === "CNAME" ? ingress.hostname : ingress.ip;
        lbAddresses.push(lbAddress);
        new TerraformOutput(serving, "gateway_address", { value: lbAddress, staticId: true });
        new TerraformOutput(serving, "checks_run", { value: checks.checksRun.join(","), staticId: true });

        ReviewRegistry.register(this, plan, {
          displayName: name,
          stacks: [infra.node.id, serving.node.id],
          endpoint: {
            exposure: gateway.trafficPlan.public ? "public" : "private", address: endpoint.hostname, port: 443,
            // Empty with a public gateway: the whole internet.
            allowedSourceCidrs: [...gateway.trafficPlan.allowedSourceCidrs],
          },
          posture: { ...built.posture, authentication: true, checksEnabled: [...built.posture.checksEnabled, ...checks.checksRun.map((c) => `deploy-check:${c}`)] },
        });
        return { plan, infra, serving, target };
      })));

      const zoneId = endpoint.route53ZoneId;
      if (zoneId) {
        this.globalStack = new TerraformStack(app, `${id}-global`);
        if (this.plan.jurisdiction) RegionLock.lock(this.globalStack, this.plan.jurisdiction);
        const globalStack = this.globalStack;
        if (placeholders.length) new PlaceholderGuard(globalStack, "placeholders", { clusterId: id, placeholders });
        withAppTokenStacks(this, () => buildGlobalEndpoint(globalStack, this.endpointPlan, zoneId, lbAddresses));
      }
    } catch (e) {
      throw rerooted(e, [["", id]]);
    }
  }
}

/** The client id of the interactive tier's key that the serving check uses (set it in the secret store). */
export const DEPLOYMENT_CHECK_CLIENT = "deployment-check";

interface BuiltInfra {
  readonly target: ClusterTarget;
  readonly networkObjects: readonly import("../internal/k8s-object").KubernetesObject[];
  readonly posture: PlacementPosture;
}

// Cloud modules load lazily, so a one-cloud consumer never needs the other cloud's provider package.
function buildAwsInfra(stack: TerraformStack, plan: DeploymentPlan, options: AwsPlacementOptions, nodeAutoscaler: string, defaultTags: Record<string, string>): BuiltInfra {
  const { AwsProvider } = require("../internal/providers/aws") as typeof import("../internal/providers/aws");
  const { EksInfra } = require("../clouds/aws/infra") as typeof import("../clouds/aws/infra");
  const { ClusterAutoscalerIdentity } = require("../autoscaling/operators") as typeof import("../autoscaling/operators");
  const provider = new AwsProvider(stack, "aws", { region: plan.region });
  // An override keeps the keys as written: cdktf snake-cases map keys in provider blocks (CostCenter -> cost_center).
  provider.addOverride("default_tags", [{ tags: defaultTags }]);
  const infra = new EksInfra(stack, "infra", { plan, ...options });
  if (nodeAutoscaler === "cluster-autoscaler") {
    new ClusterAutoscalerIdentity(stack, "cluster-autoscaler-identity", { clusterName: infra.clusterName, region: plan.region, dependsOn: [infra.controlPlane.cluster] });
  }
  tagAwsComponents(stack, defaultTags);
  return { target: infra.target, networkObjects: [], posture: placementPosture(plan, options) };
}

function buildGcpInfra(stack: TerraformStack, plan: DeploymentPlan, options: GcpPlacementOptions, defaultLabels: Record<string, string>): BuiltInfra {
  const { GoogleProvider } = require("../internal/providers/google") as typeof import("../internal/providers/google");
  const { GkeInfra } = require("../clouds/gcp/infra") as typeof import("../clouds/gcp/infra");
  const provider = new GoogleProvider(stack, "google", { project: options.project, region: plan.region });
  provider.addOverride("default_labels", defaultLabels);
  const infra = new GkeInfra(stack, "infra", { plan, ...options });
  labelGcpComponents(stack);
  return { target: infra.target, networkObjects: infra.networkObjects, posture: placementPosture(plan, options) };
}

function buildGlobalEndpoint(stack: TerraformStack, endpoint: GlobalEndpointPlan, zoneId: string, addresses: readonly string[]): void {
  const { AwsProvider, Route53HealthCheck, Route53Record } = require("../internal/providers/aws") as typeof import("../internal/providers/aws");
  const provider: TerraformProvider = new AwsProvider(stack, "aws", { region: endpoint.providerRegion });
  endpoint.placements.forEach((p, i) => {
    if (endpoint.singleRecord) {
      new Route53Record(stack, `record-${p.placementId}`, { provider, zoneId, name: endpoint.hostname, type: p.recordType, ttl: 60, records: [addresses[i]] });
      return;
    }
    const check = new Route53HealthCheck(stack, `health-${p.placementId}`, {
      provider, type: "HTTPS", fqdn: p.hostname, port: p.healthCheck.port, resourcePath: p.healthCheck.path,
      requestInterval: p.healthCheck.intervalSeconds, failureThreshold: p.healthCheck.failureThreshold, tags: { Name: p.hostname },
    });
    new Route53Record(stack, `placement-${p.placementId}`, { provider, zoneId, name: p.hostname, type: p.recordType, ttl: 60, records: [addresses[i]] });
    new Route53Record(stack, `global-${p.placementId}`, {
      provider, zoneId, name: endpoint.hostname, type: "CNAME", ttl: 60, records: [p.hostname], setIdentifier: p.placementId, healthCheckId: check.id,
      ...(p.failoverRole ? { failoverRoutingPolicy: { type: p.failoverRole } } : { latencyRoutingPolicy: { region: p.latencyRegion } }),
    });
  });
}
