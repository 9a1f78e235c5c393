import type { ConsistencyField } from "../plan/fingerprint";
import type { DeploymentPlan } from "../plan/plan";

/**
 * Where a placement's value of a consistency field comes from, as the user wrote it: a refusal of
 * a divergence names that path, not a field the user never wrote. When nothing was written, the
 * value is a default: the refusal names the written field that decided it (the hardware decides
 * the precision), or the field to add, and says so. Pure.
 */
export interface DivergenceSource {
  /** Path under the cluster props (`placements.1.hardware`, `checkpointRevision`). */
  readonly path: string;
  /** What the user wrote at `path` (undefined for a field to add). */
  readonly received: unknown;
  /** How the value at `path` decides the field when the field itself is not written. */
  readonly note?: string;
}

type Written = Readonly<Record<string, unknown>> & { readonly overrides?: Readonly<Record<string, unknown>> };

export function divergenceSource(field: ConsistencyField, i: number, placement: Written, cluster: Written, plan: DeploymentPlan, reference: DeploymentPlan): DivergenceSource {
  const own = (key: string) => `placements.${i}.${key}`;
  // A field the placement may set, else the cluster's, else the field to add (a default decided it).
  const fallback = (key: string, value: unknown): DivergenceSource => {
    if (placement[key] !== undefined) return { path: own(key), received: placement[key] };
    if (cluster[key] !== undefined) return { path: key, received: cluster[key] };
    return { path: own(key), received: undefined, note: `${own(key)} is not set (the default is ${JSON.stringify(value)}): add it to pin this placement's value` };
  };
  const override = (key: string, value: unknown, decidedBy?: { key: string; what: string }): DivergenceSource => {
    if (placement.overrides?.[key] !== undefined) return { path: own(`overrides.${key}`), received: placement.overrides[key] };
    if (decidedBy) return { path: own(decidedBy.key), received: placement[decidedBy.key], note: `overrides.${key} is not set, so ${decidedBy.what} decides ${JSON.stringify(value)}` };
    return { path: own(`overrides.${key}`), received: undefined, note: `${own(`overrides.${key}`)} is not set (the default is ${JSON.stringify(value)}): add it to pin this placement's value` };
  };
  switch (field) {
    case "model": return fallback("checkpointRevision", plan.checkpointRevision);
    case "image": return fallback("image", plan.image);
    case "precision": return override("precision", plan.weightPrecision, { key: "hardware", what: `hardware ${plan.hardware}` });
    case "kvCacheDtype": return override("kvCacheDtype", plan.kvCacheDtype);
    case "sampling":
      if (plan.maxSeqLen !== reference.maxSeqLen) return fallback("contextLength", plan.maxSeqLen);
      // Relaxed MTP acceptance: on when the recipe (hardware and mode) has it and MTP layers run.
      if (placement.overrides?.mtpLayers !== undefined) return { path: own("overrides.mtpLayers"), received: placement.overrides.mtpLayers };
      if (placement.mode !== undefined) return { path: own("mode"), received: placement.mode };
      if (cluster.mode !== undefined) return { path: "mode", received: cluster.mode };
      return { path: own("hardware"), received: placement.hardware, note: `mode and overrides.mtpLayers are not set, so the recipe for hardware ${plan.hardware} decides relaxed MTP acceptance (${plan.relaxedMtpAcceptance})` };
  }
}
