import { z } from "zod";
import { JURISDICTIONS, MODEL_NAMES, SERVING_MODES } from "../catalog";
import { DeepSeekConfigError, formatReceived } from "../errors";
import { parseOrThrow } from "../validation";
import { CONSISTENCY_FIELDS, ConsistencyField, consistencyValues, planFingerprint } from "../plan/fingerprint";
import { capacitySchema, checkpointRevisionSchema, coldStartSchema, imageSchema, overridesSchema } from "../plan/input";
import type { DeploymentPlan } from "../plan/plan";
import { planDeployment } from "../plan/plan-deployment";

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
  contextLength: z.number().int().min(1).optional(),
  replicas: z.object({ min: z.number().int().min(0), max: z.number().int().min(1) }).strict().optional(),
  capacity: capacitySchema.optional(),
  image: imageSchema.optional(),
  checkpointRevision: checkpointRevisionSchema.optional(),
  coldStart: coldStartSchema.optional(),
  overrides: overridesSchema.optional(),
  /** Settings this placement may deliberately differ on from the first placement. */
  allowDivergence: divergenceSchema,
}).strict();

export const clusterInputSchema = z.object({
  model: z.enum(MODEL_NAMES as [string, ...string[]]),
  jurisdiction: z.enum(JURISDICTIONS).optional(),
  mode: z.enum(SERVING_MODES).optional(),
  contextLength: z.number().int().min(1).optional(),
  image: imageSchema.optional(),
  /** Hugging Face revision of the checkpoint for every placement. @default "main" */
  checkpointRevision: checkpointRevisionSchema.optional(),
  /** In order of preference: the first is the primary. */
  placements: z.array(placementInputSchema).min(1).max(8),
  /** How the global endpoint picks a placement. @default "latency" */
  routing: z.enum(ROUTING_POLICIES).optional(),
  allowDivergence: divergenceSchema,
}).strict();

export type PlacementInput = z.input<typeof placementInputSchema>;
export type ClusterInput = z.input<typeof clusterInputSchema>;

export interface ClusterPlan {
  readonly model: string;
  readonly jurisdiction?: (typeof JURISDICTIONS)[number];
  /** Placement plans in order of preference. */
  readonly placements: readonly DeploymentPlan[];
  /** Consistency fingerprint per placement (same order). */
  readonly fingerprints: readonly string[];
  /** Divergences the user stated, as `placements.N.field: value (placements.0: value)`. */
  readonly statedDivergences: readonly string[];
  readonly routing: RoutingPolicy;
}

const FIELD_PATH: Record<ConsistencyField, string> = {
  model: "checkpointRevision",
  precision: "overrides.precision",
  image: "image",
  kvCacheDtype: "overrides.kvCacheDtype",
  sampling: "contextLength",
};

/** Plans every placement and checks that they serve the same thing behind one endpoint. */
export function planCluster(input: ClusterInput): ClusterPlan {
  const parsed = parseOrThrow(clusterInputSchema, input);
  const plans = parsed.placements.map((placement, i) => {
    const { allowDivergence: _ignored, ...rest } = placement;
    try {
      return planDeployment({
        model: parsed.model,
        jurisdiction: parsed.jurisdiction,
        mode: parsed.mode,
        contextLength: parsed.contextLength,
        image: parsed.image,
        checkpointRevision: parsed.checkpointRevision,
        ...rest,
      });
    } catch (e) {
      throw e instanceof DeepSeekConfigError ? e.withPathPrefix(`placements.${i}`) : e;
    }
  });

  plans.forEach((plan, i) => {
    const first = plans.findIndex((p) => p.id === plan.id);
    if (first !== i) {
      throw new DeepSeekConfigError(`placements.${i}.region`, `repeats placements.${first} (${plan.cloud} ${plan.region})`, plan.region, "give each placement its own cloud and region, or raise replicas on the existing one");
    }
  });

  const reference = consistencyValues(plans[0]);
  const stated: string[] = [];
  plans.slice(1).forEach((plan, offset) => {
    const i = offset + 1;
    const allowed = new Set([...(parsed.allowDivergence ?? []), ...(parsed.placements[i].allowDivergence ?? [])]);
    const values = consistencyValues(plan);
    for (const field of CONSISTENCY_FIELDS) {
      if (values[field] === reference[field]) continue;
      if (!allowed.has(field)) {
        throw new DeepSeekConfigError(
          `placements.${i}.${FIELD_PATH[field]}`,
          `serves a different ${field} than placements.0 (${formatReceived(reference[field])}) behind the same endpoint`,
          values[field],
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
