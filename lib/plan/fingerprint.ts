import { createHash } from "node:crypto";
import { imageString } from "../catalog";
import type { DeploymentPlan } from "./plan";

/** Settings that change what a client gets back; placements behind one endpoint must agree on them. */
export const CONSISTENCY_FIELDS = ["model", "precision", "image", "kvCacheDtype", "sampling"] as const;
export type ConsistencyField = (typeof CONSISTENCY_FIELDS)[number];

/** The answer-relevant settings of a plan, by field. */
export function consistencyValues(plan: DeploymentPlan): Record<ConsistencyField, string> {
  return {
    // The same model name at two revisions is two sets of weights.
    model: `${plan.model}@${plan.checkpointRevision}`,
    // FP8 and NVFP4 checkpoints of one model are different weights: a precision family.
    precision: plan.weightPrecision,
    image: imageString(plan.image),
    kvCacheDtype: plan.kvCacheDtype,
    // Relaxed MTP acceptance changes sampled tokens; context length changes what is accepted.
    sampling: `relaxedMtpAcceptance=${plan.relaxedMtpAcceptance} maxSeqLen=${plan.maxSeqLen}`,
  };
}

/** Short stable hash of the consistency values, recorded in the plan and the review. */
export function planFingerprint(plan: DeploymentPlan): string {
  const values = consistencyValues(plan);
  const canonical = CONSISTENCY_FIELDS.map((f) => `${f}=${values[f]}`).join("\n");
  return createHash("sha256").update(canonical).digest("hex").slice(0, 12);
}
