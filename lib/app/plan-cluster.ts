import { z } from "zod";
import { JURISDICTIONS, SERVING_MODES } from "../catalog";
import { DeepSeekConfigError, formatReceived } from "../errors";
import { parseOrThrow, refuseOversizedArrays, tagMap, wholeNumber } from "../validation";
import { planAutoscaling, type AutoscalingInput, type AutoscalingPlan } from "../autoscaling/plan-autoscaling";
import { planGlobalEndpoint, type GlobalEndpointPlan, type PlacementEndpointPlan } from "../endpoint/plan-global-endpoint";
import type { PlacementPosture } from "../plan/posture";
import type { EksInfraOptions } from "../clouds/aws/plan-aws-infra";
import type { GkeInfraOptions } from "../clouds/gcp/plan-gke-infra";
import { planPlacementInfra, type PlacementInfraPlan } from "./plan-placement-infra";
import { DEPLOYMENT_CHECK_CLIENT, planPlacementServing, type PlacementServingPlans } from "./plan-placement-serving";
import { PLACEMENT_NAME_RE, checkClusterId, resourcePrefixFor } from "../plan/names";
import { clusterDerivedNames, namingOf, refuseCollidingNames, type DerivedName } from "./plan-derived-names";
import { planProtection, type ProtectionInput } from "../plan/protection";
import { findPlaceholders, placeholderMessage, type Placeholder } from "../plan/placeholders";
import { joinPath, under, type PathOf } from "../plan/refusal-paths";
import { SECRET_STORE_NAME } from "../serving/constants";
import { planDrain, type DrainPlan } from "../serving/plan-drain";
import { planPlacementAccess, type DeployInputsPlan, type DeployInputsProps } from "./plan-deploy-inputs";
import { planTraffic, type TrafficInput, type TrafficPlan } from "../traffic/plan-traffic";
import { planVerification, type VerificationInput, type VerificationPlan } from "../verification/plan-verification";
import { CONSISTENCY_FIELDS, consistencyValues, planFingerprint } from "../plan/fingerprint";
import { divergenceSource } from "./plan-divergence";
import { capacitySchema, checkpointRevisionSchema, coldStartSchema, imageSchema, modelNameSchema, overridesSchema } from "../plan/input";
import type { DeploymentPlan } from "../plan/plan";
import { planDeployment } from "../plan/plan-deployment";
import { checkSizedBounds, planSizedDeployment, sizingInputSchema, type SizingInput } from "../plan/plan-sizing";

export const ROUTING_POLICIES = ["latency", "failover"] as const;
export type RoutingPolicy = (typeof ROUTING_POLICIES)[number];

const divergenceSchema = z.array(z.enum(CONSISTENCY_FIELDS)).optional();

/** One placement: a cloud and region with its hardware. Everything else falls back to the cluster's. */
export const placementInputSchema = z.object({
  cloud: z.enum(["aws", "gcp"]),
  region: z.string().min(1),
  hardware: z.string().min(1),
  zones: z.array(z.string().min(1)).min(1).optional(),
  additionalRegions: z.array(z.string().min(1)).optional(),
  mode: z.enum(SERVING_MODES).optional(),
  // Bounded by the model's context window and the node pool's maximum: planDeployment quotes them.
  contextLength: wholeNumber().min(1).optional(),
  replicas: z.object({ min: wholeNumber().min(0), max: wholeNumber().min(1) }).strict().optional(),
  capacity: capacitySchema.optional(),
  image: imageSchema.optional(),
  checkpointRevision: checkpointRevisionSchema.optional(),
  coldStart: coldStartSchema.optional(),
  overrides: overridesSchema.optional(),
  /** Mode and replicas from a throughput target (lib/plan/plan-sizing.ts). @default the cluster's */
  sizing: sizingInputSchema.optional(),
  /** Settings this placement may deliberately differ on from the first placement. */
  allowDivergence: divergenceSchema,
}).strict();

export const clusterInputSchema = z.object({
  model: modelNameSchema,
  jurisdiction: z.enum(JURISDICTIONS).optional(),
  mode: z.enum(SERVING_MODES).optional(),
  contextLength: wholeNumber().min(1).optional(),
  image: imageSchema.optional(),
  /** Hugging Face revision of the checkpoint for every placement. @default "main" */
  checkpointRevision: checkpointRevisionSchema.optional(),
  /** Each placement's mode (unless set) and replicas from a throughput target it carries alone (lib/plan/plan-sizing.ts). */
  sizing: sizingInputSchema.optional(),
  /** In order of preference: the first is the primary. */
  placements: z.array(placementInputSchema).min(1).max(8),
  /** How the global endpoint picks a placement. @default "latency" */
  routing: z.enum(ROUTING_POLICIES).optional(),
  allowDivergence: divergenceSchema,
}).strict();

export type PlacementInput = z.input<typeof placementInputSchema>;
export type ClusterInput = z.input<typeof clusterInputSchema>;

/** Every decision for one placement, in the order the stacks are built (with what the serving stack's autoscaling and checks write). */
export interface PlacementPlan extends PlacementServingPlans {
  /** Part of the stack names: `<cluster id>-<name>-infra` / `-serving`. */
  readonly name: string;
  /** The deployment, with the replica bounds the autoscaler uses (node pools hold replicas × nodes per replica). */
  readonly deployment: DeploymentPlan;
  readonly infra: PlacementInfraPlan;
  readonly autoscaling: AutoscalingPlan;
  readonly traffic: TrafficPlan;
  /** The servers' drain, derived from the gateway's request timeout. */
  readonly drain: DrainPlan;
  readonly verification: VerificationPlan;
  readonly endpoint: PlacementEndpointPlan;
  /** Which field of the gateway's load-balancer ingress Route 53 points at: AWS NLBs have a DNS name, GCP ones an IP. */
  readonly loadBalancerAddress: "hostname" | "ip";
  /** The secret-store client id whose key the serving check sends (set it in the interactive tier's entry). */
  readonly checkClientId: string;
  /** What the review reports about the placement's security. */
  readonly posture: PlacementPosture & { readonly authentication: true };
  readonly deployInputs: DeployInputsPlan; // Terraform variables: values given at deploy that change no decision
}

export type { PlacementInfraPlan };

export interface ClusterPlan {
  readonly model: string;
  readonly jurisdiction?: (typeof JURISDICTIONS)[number];
  /** Deployment plans in order of preference (the same as `placementPlans[i].deployment`). */
  readonly placements: readonly DeploymentPlan[];
  /** Consistency fingerprint per placement (same order). */
  readonly fingerprints: readonly string[];
  /** Divergences the user stated, as `placements.N.field: value (placements.0: value)`. */
  readonly statedDivergences: readonly string[];
  readonly routing: RoutingPolicy;
  /** Every decision per placement, same order. */
  readonly placementPlans: readonly PlacementPlan[];
  /** The one endpoint: per-placement names, health checks, the routing policy and why. */
  readonly endpoint: GlobalEndpointPlan;
  /** Example values in the props: they synthesize, but every stack carries a guard that fails terraform plan on them. */
  readonly placeholders: readonly Placeholder[];
  /** Stack ids and cloud names the placements derive; each unique within the app (see plan-derived-names.ts). */
  readonly derivedNames: readonly DerivedName[];
}

/** One placement as DeepSeekCluster takes it: the planner's fields plus its stack name, cloud options, autoscaling and checks. */
export interface ClusterPlacementProps extends PlacementInput {
  /** Part of the stack names. @default `<cloud>-<region>` */
  readonly name?: string;
  /** EKS settings (planEksInfra's options); only for `cloud: "aws"`. @default planEksInfra defaults */
  readonly aws?: EksInfraOptions;
  /** GKE settings (planGkeInfra's options); required for `cloud: "gcp"` (the project). @default none (refused on a GCP placement) */
  readonly gcp?: GkeInfraOptions;
  /** Replica autoscaling of this placement. @default the cluster's `autoscaling` */
  readonly autoscaling?: AutoscalingInput;
  /** Post-deploy checks of this placement. @default the cluster's `verification` */
  readonly verification?: VerificationInput;
}

/** What `planCluster` takes: DeepSeekCluster's props. */
export interface ClusterProps extends Omit<ClusterInput, "placements">, DeployInputsProps {
  readonly placements: readonly ClusterPlacementProps[];
  /** The one endpoint clients call. */
  readonly endpoint: {
    /** DNS name of the API, e.g. `api.example.com`. */
    readonly hostname: string;
    /** Route 53 hosted zone of the hostname. @default no DNS records */
    readonly route53ZoneId?: string;
  };
  /** Gateway settings (TLS, tiers, retries, timeouts). @default cert-manager TLS, two tiers */
  readonly traffic?: Omit<TrafficInput, "hostname">;
  /** Replica autoscaling for every placement. @default planAutoscaling defaults */
  readonly autoscaling?: AutoscalingInput;
  /** Post-deploy checks for every placement. @default fabric check when multi-node, serving check */
  readonly verification?: VerificationInput;
  /** Your tags on every taggable AWS resource, beside the project's own. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** Your labels on every labelable Google resource, beside the project's own. @default none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * How hard the cluster is to destroy: GKE deletion protection, model bucket force_destroy, the
   * HF token secret's recovery window, KMS key deletion windows, and the generation that renames
   * what a cloud keeps reserved after a destroy (README "Destroying and redeploying").
   * @default { mode: "protected" }
   */
  readonly protection?: ProtectionInput;
}

/** Where the plan sits: the cluster's id (part of every cloud name) and the root of refusal paths. */
export interface ClusterPlanOptions {
  /** The cluster's id, e.g. DeepSeekCluster's construct id. @default "deepseek" */
  readonly id?: string;
  /** Prefix of every refusal path (DeepSeekCluster: its id). @default "" (paths as in the props) */
  readonly pathRoot?: string;
  /** Names the app's other clusters derived (their `derivedNames`, by key): none may be derived again. @default none */
  readonly taken?: ReadonlyMap<string, DerivedName>;
}

export { DEPLOYMENT_CHECK_CLIENT };

const placementExtrasSchema = z.object({
  // Single dashes only, never at an end: `x-` and `x` (or `a--b` and `a-b`) would name the same cloud resources.
  name: z.string().regex(PLACEMENT_NAME_RE, "is not a valid placement name (part of every stack id and cloud resource name of the placement); use 1-31 lowercase letters and digits with single dashes between them, e.g. \"east\" or \"b200-us\"").optional(),
  aws: z.record(z.string(), z.unknown()).optional(),
  gcp: z.object({ project: z.string().min(1) }).loose().optional(),
  autoscaling: z.unknown().optional(),
  verification: z.unknown().optional(),
}).loose();

const clusterExtrasSchema = z.object({
  placements: z.array(placementExtrasSchema).min(1),
  endpoint: z.object({
    hostname: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "is not a DNS name; use a name such as api.example.com"),
    route53ZoneId: z.string().regex(/^Z[A-Z0-9]{4,32}$/, "is not a Route 53 hosted zone id; use the zone's id such as Z0123456789ABCDEFGHIJ").optional(),
  }).strict(),
  traffic: z.unknown().optional(),
  autoscaling: z.unknown().optional(),
  verification: z.unknown().optional(),
  protection: z.unknown().optional(),
  adminCidrs: z.literal("variable").optional(),
  // AWS tags: keys 1-128, values 0-256 characters; "aws:" is reserved (AWS "Tagging your resources", tag restrictions).
  tags: tagMap("an AWS tag",
    z.string().regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u, "is not an AWS tag value; use up to 256 letters, digits, spaces and _ . : / = + - @"),
    { re: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, message: "is not an AWS tag key; use 1-128 letters, digits, spaces and _ . : / = + - @, not starting with aws:" },
  ).optional(),
  // GCP labels: lowercase keys starting with a letter, 1-63 characters; values 0-63 (cloud.google.com/compute/docs/labeling-resources).
  labels: tagMap("a GCP label",
    z.string().regex(/^[a-z0-9_-]{0,63}$/, "is not a GCP label value; use up to 63 lowercase letters, digits, _ and -"),
    { re: /^[a-z][a-z0-9_-]{0,62}$/, message: "is not a GCP label key; use 1-63 lowercase letters, digits, _ and -, starting with a letter" },
  ).optional(),
}).loose();

/** DeepSeekCluster's fields beyond the deployment planner's, checked by clusterExtrasSchema (anything else unknown is refused). */
const CLUSTER_EXTRAS = new Set(Object.keys(clusterExtrasSchema.shape));
const PLACEMENT_EXTRAS = new Set(Object.keys(placementExtrasSchema.shape));

/** Every field DeepSeekCluster takes, for the fix of an unknown one ("did you mean autoscaling"). */
const CLUSTER_FIELDS = z.object({
  ...clusterInputSchema.shape, ...clusterExtrasSchema.shape,
  placements: z.array(z.object({ ...placementInputSchema.shape, ...placementExtrasSchema.shape })),
});

/** Fields a placement may set and otherwise takes from the cluster. */
const CLUSTER_FALLBACKS = new Set(["model", "jurisdiction", "mode", "contextLength", "image", "checkpointRevision"]);

/**
 * Plans every placement and everything DeepSeekCluster emits for it, and checks that the
 * placements serve the same thing behind one endpoint. Pure. Refusals name the field as the
 * caller wrote it, under `root` (DeepSeekCluster passes its id).
 */
export function planCluster(props: ClusterProps, options: ClusterPlanOptions = {}): ClusterPlan {
  const root = options.pathRoot ?? "";
  const clusterId = options.id === undefined ? "deepseek" : checkClusterId(options.id);
  // JavaScript callers can pass anything: refuse a non-object before any field is read.
  if (props === null || typeof props !== "object" || Array.isArray(props)) {
    throw new DeepSeekConfigError(root || "(props)", "must be an object of cluster props", props, "pass { model, placements, endpoint, ... }");
  }
  // Before any field is iterated: a list claiming a huge length would be walked first.
  refuseOversizedArrays(props, root);
  const at = (path: string) => joinPath(root, path);
  const core = planDeployments(props as unknown as ClusterInput, root);
  parseOrThrow(clusterExtrasSchema, props, root);
  const { placements } = props;

  // Where a placement's own setting lives, or the cluster's when the placement does not set it.
  const placementOr = (i: number, key: "autoscaling" | "verification"): PathOf => (field) =>
    at(placements[i][key] !== undefined ? `placements.${i}.${field}` : field);
  const deploymentPath = (i: number): PathOf => (field) => {
    const top = field.split(".")[0];
    return at(CLUSTER_FALLBACKS.has(top) && (placements[i] as unknown as Record<string, unknown>)[top] === undefined ? field : joinPath(`placements.${i}`, field));
  };

  const protection = planProtection(props.protection, at("protection"));
  // Example values synthesize (and show in the review), but terraform plan refuses them.
  const placeholders = findPlaceholders(props);
  const placeholderWarnings = placeholders.map((ph) => placeholderMessage(clusterId, ph));

  // The endpoint first: the gateways answer health checks on the names it publishes.
  const endpoint = planGlobalEndpoint(core, props.endpoint.hostname, props.endpoint.route53ZoneId, at);

  const placementPlans = core.placements.map((shape, i): PlacementPlan => {
    const p = placements[i];
    const here = (field: string) => at(`placements.${i}.${field}`);
    if (shape.cloud === "gcp" && !p.gcp) throw new DeepSeekConfigError(here("gcp"), "is required for a GCP placement (the project to deploy into)", undefined, 'set gcp: { project: "<project id>" }');
    if (shape.cloud === "aws" && p.gcp) throw new DeepSeekConfigError(here("gcp"), "applies to GCP placements only", p.gcp, "move these settings to a gcp placement or remove them");
    if (shape.cloud === "gcp" && p.aws) throw new DeepSeekConfigError(here("aws"), "applies to AWS placements only", p.aws, "move these settings to an aws placement or remove them");
    if (shape.capacity.kind === "queued") {
      throw new DeepSeekConfigError(here("capacity.kind"), "hands out nodes only through ProvisioningRequest objects, which DeepSeekCluster does not emit", "queued", 'use "flex-start", "reservation" or "on-demand"; or build the pool with GkeGpuNodePool and create the ProvisioningRequest yourself');
    }

    // Autoscaling decides the replica bounds; the deployment (and so every node pool) carries them.
    const autoscalingAt = placementOr(i, "autoscaling");
    checkSizedBounds(shape, (p.autoscaling ?? props.autoscaling ?? {}) as AutoscalingInput, autoscalingAt);
    const autoscaling = planAutoscaling(shape, (p.autoscaling ?? props.autoscaling ?? {}) as AutoscalingInput, (field) => (field.startsWith("autoscaling") ? autoscalingAt(field) : deploymentPath(i)(field)));
    if (autoscaling.nodeAutoscaling.kind === "karpenter") {
      throw new DeepSeekConfigError(autoscalingAt("autoscaling.nodeAutoscaler"), "is not emitted by DeepSeekCluster (it installs the cluster autoscaler on EKS)", "karpenter", 'use "cluster-autoscaler" or leave it unset');
    }
    const name = p.name ?? shape.id;
    // The placement's deployment, assembled once: the autoscaler's replica bounds (so every node pool
    // holds replicas × nodes per replica), and cloud names that start with the cluster id and placement name.
    const { replicas, nodes } = autoscaling;
    const boundsMoved = replicas.min !== shape.replicas.min || replicas.max !== shape.replicas.max;
    const deployment: DeploymentPlan = {
      ...shape, replicas: { ...replicas }, nodes: { ...nodes }, gpus: { min: nodes.min * shape.gpusPerNode, max: nodes.max * shape.gpusPerNode },
      overridden: boundsMoved ? [...shape.overridden, `replicas: ${shape.replicas.min}-${shape.replicas.max} → ${replicas.min}-${replicas.max} (autoscaling ${autoscaling.boundsSource})`] : shape.overridden,
      resourcePrefix: resourcePrefixFor(clusterId, name, shape.cloud), protection,
      warnings: [...shape.warnings, ...autoscaling.warnings.filter((w) => !shape.warnings.includes(w)), ...placeholderWarnings],
    };
    const owner = { cluster: clusterId, placement: name };

    // The gateway's request timeout and the servers' drain are decided together.
    const healthCheckHostname = endpoint.placements[i].healthCheckHostname;
    const traffic = planTraffic(deployment, {
      secretStore: { kind: "SecretStore", name: SECRET_STORE_NAME },
      ...(props.traffic ?? {}),
      hostname: props.endpoint.hostname,
      ...(healthCheckHostname ? { healthCheckHostname } : {}),
    } as TrafficInput, (field) => at(field === "traffic.hostname" || field === "traffic.healthCheckHostname" ? "endpoint.hostname" : field));
    const drain = planDrain(deployment, traffic.requestTimeoutSeconds, at("traffic.requestTimeoutSeconds"));
    const verification = planVerification(deployment, (p.verification ?? props.verification ?? {}) as VerificationInput, placementOr(i, "verification"));

    // The cloud side, planned from the placement's aws / gcp settings: refusals name them (`placements.1.aws.vpcCidr`).
    const infra = planPlacementInfra(deployment, p, {
      tags: props.tags, labels: props.labels, owner, clusterAutoscalerIdentity: autoscaling.nodeAutoscaling.kind === "cluster-autoscaler",
    }, under(here(shape.cloud)));
    const { deployInputs, posture } = planPlacementAccess(props, deployment, (shape.cloud === "aws" ? p.aws ?? {} : p.gcp!) as Readonly<Record<string, unknown>>, here);
    return {
      name,
      deployment,
      infra,
      autoscaling,
      traffic,
      drain,
      verification,
      ...planPlacementServing(deployment, autoscaling, verification, traffic, infra),
      endpoint: endpoint.placements[i],
      loadBalancerAddress: endpoint.placements[i].recordType === "CNAME" ? "hostname" : "ip",
      checkClientId: DEPLOYMENT_CHECK_CLIENT,
      // Every tier's route requires an API key (SecurityPolicy apiKeyAuth); the checks that gate the apply are listed.
      posture: { ...posture, authentication: true, checksEnabled: [...posture.checksEnabled, ...verification.enabled.map((c) => `deploy-check:${c}`)] },
      deployInputs,
    };
  });

  // Stack ids and cloud names are derived from the cluster id, the names and the cloud options:
  // no two placements (of this cluster, or of the other clusters of the app) may derive one.
  const records = endpoint.route53ZoneId === undefined ? undefined
    : { zoneId: endpoint.route53ZoneId, hostname: endpoint.hostname, placementHostnames: endpoint.singleRecord ? [] : endpoint.placements.map((p) => p.hostname) };
  const derivedNames = clusterDerivedNames(clusterId, placementPlans.map((pp, i) => namingOf(i, pp.name, pp.infra, placements[i])), records, at);
  refuseCollidingNames(derivedNames, options.taken);

  return { ...core, placements: placementPlans.map((p) => p.deployment), placementPlans, endpoint, placeholders, derivedNames };
}

/** The placements' deployments and their consistency, without the layers on top (see planCluster). */
export type PlacementsPlan = Omit<ClusterPlan, "placementPlans" | "endpoint" | "placeholders" | "derivedNames">;

/** Plans every placement's deployment and checks that they serve the same thing behind one endpoint (planCluster's first step). */
function planDeployments(input: ClusterInput, root = ""): PlacementsPlan {
  const at = (path: string) => joinPath(root, path);
  const { placements: rawPlacements, ...rest } = input as ClusterInput & Record<string, unknown>;
  // Only the planner's fields: DeepSeekCluster's own (endpoint, traffic, names, cloud options) are checked by planCluster.
  const planner = {
    ...Object.fromEntries(Object.entries(rest).filter(([k]) => !CLUSTER_EXTRAS.has(k))),
    placements: Array.isArray(rawPlacements)
      ? rawPlacements.map((p) => (p && typeof p === "object" ? Object.fromEntries(Object.entries(p).filter(([k]) => !PLACEMENT_EXTRAS.has(k))) : p))
      : rawPlacements,
  };
  const parsed = parseOrThrow(clusterInputSchema, planner, root, CLUSTER_FIELDS);
  const plans = parsed.placements.map((placement, i) => {
    const { allowDivergence: _ignored, sizing: ownSizing, ...own } = placement;
    const deploymentAt: PathOf = (field) => {
      const top = field.split(".")[0];
      return at(CLUSTER_FALLBACKS.has(top) && (own as Record<string, unknown>)[top] === undefined ? field : joinPath(`placements.${i}`, field));
    };
    const deploymentInput = {
      model: parsed.model, jurisdiction: parsed.jurisdiction, mode: parsed.mode, contextLength: parsed.contextLength,
      image: parsed.image, checkpointRevision: parsed.checkpointRevision, ...own,
    };
    const sizing = (ownSizing ?? parsed.sizing) as SizingInput | undefined;
    if (sizing === undefined) return planDeployment(deploymentInput, deploymentAt);
    return planSizedDeployment(deploymentInput, sizing, deploymentAt, (field) => at(ownSizing ? joinPath(`placements.${i}`, field) : field));
  });

  plans.forEach((plan, i) => {
    const first = plans.findIndex((p) => p.id === plan.id);
    if (first !== i) {
      throw new DeepSeekConfigError(at(`placements.${i}.region`), `repeats placements.${first} (${plan.cloud} ${plan.region})`, plan.region, "give each placement its own cloud and region, or raise replicas on the existing one");
    }
  });

  const rawOf = (i: number) => parsed.placements[i] as unknown as Readonly<Record<string, unknown>>;
  const reference = consistencyValues(plans[0]);
  const stated: string[] = [];
  plans.slice(1).forEach((plan, offset) => {
    const i = offset + 1;
    const allowed = new Set([...(parsed.allowDivergence ?? []), ...(parsed.placements[i].allowDivergence ?? [])]);
    const values = consistencyValues(plan);
    for (const field of CONSISTENCY_FIELDS) {
      if (values[field] === reference[field]) continue;
      if (!allowed.has(field)) {
        // The path the user wrote (or the field to add, saying so), never one they did not write.
        const source = divergenceSource(field, i, rawOf(i), parsed as unknown as Readonly<Record<string, unknown>>, plan, plans[0]);
        throw new DeepSeekConfigError(
          at(source.path),
          `serves a different ${field} than placements.0 (${formatReceived(reference[field])}) behind the same endpoint${source.note ? `: ${source.note}` : ""}`,
          source.received,
          `make the placements agree, or state the difference with allowDivergence: ["${field}"]`,
        );
      }
      stated.push(`placements.${i}.${field}: ${values[field]} (placements.0: ${reference[field]})`);
    }
  });

  return {
    model: parsed.model,
    jurisdiction: parsed.jurisdiction,
    placements: plans,
    fingerprints: plans.map(planFingerprint),
    statedDivergences: stated,
    routing: parsed.routing ?? "latency",
  };
}


