import { z } from "zod";
import { MAX_POOL_NODES, MODELS, RUNTIME_RECIPES, SERVING_MODES, type GpuName, type ServingMode } from "../catalog";
import { missingPointReason, THROUGHPUT_FIGURES, type PublishedSource, type ThroughputFigure } from "../catalog/throughput";
import { DeepSeekConfigError, oneOf } from "../errors";
import { parseOrThrow, wholeNumber } from "../validation";
import type { DeploymentInput } from "./input";
import type { DeploymentPlan } from "./plan";
import { planDeployment } from "./plan-deployment";
import { asWritten, type PathOf } from "./refusal-paths";

/**
 * Sizing from the published throughput curve (NVIDIA's min-latency and max-throughput points,
 * InferenceX's mid-concurrency points): given an aggregate output rate and a per-user
 * speed (or a time-per-output-token budget), pick the serving mode whose published point meets the
 * per-user speed with the most tokens per GPU, and the replica count that carries the rate at that
 * point. Published points only (lib/catalog/throughput.ts, each with its source); where none exists
 * the planner refuses and says so instead of guessing. Pure: no cdktf, no I/O.
 */

export const sizingInputSchema = z.object({
  /** Aggregate output tokens/s this placement must carry at peak (on its own: with failover, all traffic). */
  outputTokensPerSecond: z.number().gt(0).max(1e9),
  /** Output tokens/s each user must see. */
  minTokensPerSecondPerUser: z.number().gt(0).max(1e5).optional(),
  /** Or: the longest time between two output tokens one user may see, ms (per-user speed = 1000 ÷ this). */
  maxTimePerOutputTokenMs: z.number().gt(0).max(1e6).optional(),
  /** Replicas kept running off-peak. @default 1 */
  minReplicas: wholeNumber().min(1).optional(),
}).strict();

export type SizingInput = z.input<typeof sizingInputSchema>;

/** One published point as the plan records it. */
export interface SizingPoint {
  readonly id: string;
  readonly gpu: GpuName;
  readonly gpus: number;
  readonly mode: ServingMode;
  readonly checkpoint: string;
  readonly layout: string;
  readonly kvCacheDtype: string | null;
  readonly outputTokensPerSecondPerGpu: number;
  readonly outputTokensPerSecondPerUser: number;
  readonly inputSequenceLength: number;
  readonly outputSequenceLength: number;
  readonly concurrency: number;
  readonly source: PublishedSource;
  /** Who measured it, and how. */
  readonly measuredBy: string;
}

/** What happened to one serving mode of the hardware. */
export interface SizingCandidate {
  readonly mode: ServingMode;
  readonly status: "chosen" | "too-slow" | "fewer-tokens-per-gpu" | "no-published-point" | "not-requested";
  readonly pointId: string | null;
  readonly outputTokensPerSecondPerUser: number | null;
  readonly outputTokensPerSecondPerGpu: number | null;
  /** Replicas this mode would need for the target (null without a point). */
  readonly replicas: number | null;
}

/** The sizing decision with its arithmetic, as the review shows it. */
export interface SizingPlan {
  readonly target: {
    readonly outputTokensPerSecond: number;
    readonly minTokensPerSecondPerUser: number | null;
    readonly maxTimePerOutputTokenMs: number | null;
    /** The per-user speed the chosen point must reach (null: none asked). */
    readonly requiredTokensPerSecondPerUser: number | null;
  };
  readonly mode: ServingMode;
  /** "sizing" when the planner picked the mode, "input" when the user fixed it. */
  readonly modeChosenBy: "sizing" | "input";
  readonly point: SizingPoint;
  readonly perReplicaOutputTokensPerSecond: number;
  /** Replicas that carry the target at the point's rate (the autoscaler's maximum). */
  readonly replicasForTarget: number;
  readonly replicas: { readonly min: number; readonly max: number };
  readonly candidates: readonly SizingCandidate[];
  /** The arithmetic, one step per line. */
  readonly formula: readonly string[];
  /** What the point does not say about this deployment. */
  readonly caveats: readonly string[];
}

/** What the sizer reads from a deployment plan. */
export type SizingDeployment = Pick<DeploymentPlan, "model" | "hardware" | "gpu" | "gpusPerReplica" | "nodesPerReplica" | "weightPrecision" | "kvCacheDtype" | "mode" | "cloud" | "capacity">;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Serving modes with a recipe on this GPU and precision (B300 runs the B200 recipes). */
export function recipeModes(gpu: GpuName, precision: string): ServingMode[] {
  const recipeGpu = gpu === "B300" ? "B200" : gpu;
  return SERVING_MODES.filter((m) => RUNTIME_RECIPES[`${recipeGpu}/${precision}/${m}` as keyof typeof RUNTIME_RECIPES] !== undefined);
}

/**
 * The published points that describe this deployment in one mode: same GPU and GPU count, same
 * weight precision, the same KV dtype when the point states one, and a model of the architecture
 * measured (NVIDIA measured DeepSeek-R1: the 671B DeepSeek-V3 architecture without sparse attention).
 */
export function publishedPoints(d: SizingDeployment, mode: ServingMode, table: readonly ThroughputFigure[] = THROUGHPUT_FIGURES): ThroughputFigure[] {
  const model = MODELS[d.model];
  const arch = model?.architecture;
  if (!arch || arch.kind !== "moe" || arch.totalParamsB !== 671 || arch.indexerBytesPerTokenPerLayer !== 0) return [];
  return table.filter((row) => row.usedForSizing && row.gpu === d.gpu && row.gpus === d.gpusPerReplica && row.mode === mode
    && row.weightPrecision === d.weightPrecision
    && (row.kvCacheDtype === undefined || row.kvCacheDtype === d.kvCacheDtype));
}

function asPoint(row: ThroughputFigure): SizingPoint {
  return {
    id: row.id, gpu: row.gpu, gpus: row.gpus, mode: row.mode, checkpoint: row.checkpoint, layout: row.layout, kvCacheDtype: row.kvCacheDtype ?? null,
    outputTokensPerSecondPerGpu: row.outputTokensPerSecondPerGpu, outputTokensPerSecondPerUser: row.outputTokensPerSecondPerUser,
    inputSequenceLength: row.inputSequenceLength, outputSequenceLength: row.outputSequenceLength, concurrency: row.concurrency, source: row.published,
    measuredBy: row.measuredBy,
  };
}

/**
 * Picks the mode and the replica count for a target, or refuses. `fixedMode`: the mode the user set
 * (only that mode is considered). Refusals name the sizing field under `at("sizing")`.
 */
export function planSizing(
  d: SizingDeployment, input: SizingInput, fixedMode?: ServingMode, at: PathOf = asWritten, table: readonly ThroughputFigure[] = THROUGHPUT_FIGURES,
): SizingPlan {
  const target = parseOrThrow(sizingInputSchema, input, at("sizing"));
  if (target.minTokensPerSecondPerUser !== undefined && target.maxTimePerOutputTokenMs !== undefined) {
    throw new DeepSeekConfigError(at("sizing.maxTimePerOutputTokenMs"), "states the per-user speed a second time (beside minTokensPerSecondPerUser)", target.maxTimePerOutputTokenMs, "give either minTokensPerSecondPerUser or maxTimePerOutputTokenMs");
  }
  const required = target.minTokensPerSecondPerUser ?? (target.maxTimePerOutputTokenMs !== undefined ? 1000 / target.maxTimePerOutputTokenMs : undefined);
  const requiredAt = at(target.minTokensPerSecondPerUser !== undefined ? "sizing.minTokensPerSecondPerUser" : "sizing.maxTimePerOutputTokenMs");
  const what = `${d.hardware} ${d.weightPrecision.toUpperCase()} (KV ${d.kvCacheDtype}) serving ${d.model}`;

  const modes = recipeModes(d.gpu, d.weightPrecision);
  const perReplicaOf = (row: ThroughputFigure) => row.outputTokensPerSecondPerGpu * d.gpusPerReplica;
  const replicasOf = (row: ThroughputFigure) => Math.ceil(target.outputTokensPerSecond / perReplicaOf(row));

  // Every mode the hardware has, with its published point (the fastest per GPU if several).
  const rows = modes.map((mode) => {
    const points = publishedPoints(d, mode, table).sort((a, b) => b.outputTokensPerSecondPerGpu - a.outputTokensPerSecondPerGpu);
    return { mode, points };
  });
  const considered = rows.filter((r) => fixedMode === undefined || r.mode === fixedMode);
  const withPoints = considered.filter((r) => r.points.length > 0);
  if (withPoints.length === 0) {
    const elsewhere = [...new Set(table.filter((r) => r.usedForSizing).map((r) => `${r.gpus}x${r.gpu} ${r.weightPrecision.toUpperCase()} ${r.mode}`))];
    const modeNote = fixedMode !== undefined && rows.some((r) => r.points.length > 0)
      ? `use mode ${oneOf(rows.filter((r) => r.points.length > 0).map((r) => r.mode))}, which has one, or `
      : "";
    const missing = considered.map((r) => [r.mode, missingPointReason(d.gpu, d.weightPrecision, r.mode)] as const).filter(([, why]) => why !== undefined);
    const whyMissing = missing.length === 0
      ? `neither NVIDIA nor InferenceX publishes a DeepSeek-R1 TensorRT-LLM point for ${what}${fixedMode ? ` in mode ${fixedMode}` : ""}`
      : `no published DeepSeek-R1 TensorRT-LLM point for ${what}${fixedMode ? ` in mode ${fixedMode}` : ""} is vendored (${missing.map(([m, why]) => `${m}: ${why}`).join("; ")})`;
    throw new DeepSeekConfigError(
      at("sizing"),
      `has no published throughput point to size from: ${whyMissing}, and the planner does not guess one`,
      target,
      `${modeNote}give replicas { min, max } yourself and remove sizing, or use hardware with published points (${elsewhere.join("; ")})`,
    );
  }

  // Feasible: the point's per-user speed meets the requirement. Best: most tokens per GPU (fewest replicas).
  const meets = (p: ThroughputFigure) => required === undefined || p.outputTokensPerSecondPerUser >= required;
  const feasible = withPoints.flatMap((r) => r.points.filter(meets).map((p) => ({ mode: r.mode, point: p })));
  if (feasible.length === 0) {
    const fastestAnywhere = rows.flatMap((r) => r.points).sort((a, b) => b.outputTokensPerSecondPerUser - a.outputTokensPerSecondPerUser)[0];
    const fastestHere = withPoints.flatMap((r) => r.points).sort((a, b) => b.outputTokensPerSecondPerUser - a.outputTokensPerSecondPerUser)[0];
    const other = fixedMode !== undefined && fastestAnywhere.outputTokensPerSecondPerUser >= required!
      ? `; mode "${fastestAnywhere.mode}" reaches ${fastestAnywhere.outputTokensPerSecondPerUser} (${fastestAnywhere.id}): set it or leave mode unset`
      : "; or use faster hardware";
    throw new DeepSeekConfigError(
      requiredAt,
      `asks ${round(required!)} tok/s per user, above every published point for ${what}${fixedMode ? ` in mode ${fixedMode}` : ""} (fastest: ${fastestHere.outputTokensPerSecondPerUser} tok/s/user, ${fastestHere.id})`,
      target.minTokensPerSecondPerUser ?? target.maxTimePerOutputTokenMs,
      `ask at most ${fastestHere.outputTokensPerSecondPerUser} tok/s per user (a time per output token of at least ${Math.ceil(1000 / fastestHere.outputTokensPerSecondPerUser)} ms)${other}`,
    );
  }
  feasible.sort((a, b) => b.point.outputTokensPerSecondPerGpu - a.point.outputTokensPerSecondPerGpu || b.point.outputTokensPerSecondPerUser - a.point.outputTokensPerSecondPerUser);
  const chosen = feasible[0];
  const replicasForTarget = replicasOf(chosen.point);
  const minReplicas = target.minReplicas ?? 1;
  const replicas = { min: minReplicas, max: Math.max(replicasForTarget, minReplicas) };

  // One node pool holds every replica's nodes; a reservation holds what it holds.
  const nodesMax = replicas.max * d.nodesPerReplica;
  const perReplica = perReplicaOf(chosen.point);
  const poolMax = MAX_POOL_NODES[d.cloud];
  const reserved = d.capacity.reservedNodes;
  const limit = Math.min(poolMax, reserved ?? Infinity);
  if (nodesMax > limit && replicasForTarget < minReplicas) {
    const fit = Math.floor(limit / d.nodesPerReplica);
    throw new DeepSeekConfigError(at("sizing.minReplicas"), `needs ${nodesMax} nodes (${d.nodesPerReplica} per replica), more than ${reserved !== undefined && reserved < poolMax ? `the ${d.capacity.kind} (${reserved} nodes)` : `one ${d.cloud === "aws" ? "EKS managed node group" : "GKE node pool zone"} (${poolMax} nodes)`} holds`, target.minReplicas, `use at most ${fit}`);
  }
  if (nodesMax > limit) {
    const fit = Math.floor(limit / d.nodesPerReplica);
    const holder = reserved !== undefined && reserved < poolMax ? `the ${d.capacity.kind} (${reserved} nodes)` : `one ${d.cloud === "aws" ? "EKS managed node group" : "GKE node pool zone"} (${poolMax} nodes)`;
    throw new DeepSeekConfigError(
      at("sizing.outputTokensPerSecond"),
      `needs ${replicas.max} replicas = ${nodesMax} nodes at ${round(perReplica)} tok/s per replica (${chosen.point.id}), more than ${holder} holds`,
      target.outputTokensPerSecond,
      `ask at most ${Math.floor(fit * perReplica)} tok/s here (${fit} replicas), and split the rest over more placements${reserved !== undefined ? `, or reserve ${nodesMax} nodes` : ""}`,
    );
  }

  const candidates: SizingCandidate[] = rows.map(({ mode, points }) => {
    const best = points.find((p) => required === undefined || p.outputTokensPerSecondPerUser >= required) ?? points[0];
    const base = {
      mode, pointId: best?.id ?? null, outputTokensPerSecondPerUser: best?.outputTokensPerSecondPerUser ?? null,
      outputTokensPerSecondPerGpu: best?.outputTokensPerSecondPerGpu ?? null, replicas: best ? replicasOf(best) : null,
    };
    if (fixedMode !== undefined && mode !== fixedMode) return { ...base, status: "not-requested" as const };
    if (!best) return { ...base, status: "no-published-point" as const };
    if (best === chosen.point) return { ...base, status: "chosen" as const };
    if (required !== undefined && best.outputTokensPerSecondPerUser < required) return { ...base, status: "too-slow" as const };
    return { ...base, status: "fewer-tokens-per-gpu" as const };
  });

  const p = chosen.point;
  const formula: string[] = [];
  if (target.maxTimePerOutputTokenMs !== undefined) formula.push(`per-user speed needed = 1000 ms ÷ ${target.maxTimePerOutputTokenMs} ms per token = ${round(required!)} tok/s/user`);
  else if (required !== undefined) formula.push(`per-user speed needed = ${round(required)} tok/s/user`);
  else formula.push("no per-user speed asked: the point with the most tokens per GPU wins");
  for (const c of candidates) {
    const pointText = c.pointId ? `${c.pointId}: ${c.outputTokensPerSecondPerUser} tok/s/user, ${c.outputTokensPerSecondPerGpu} tok/s/GPU` : "no published point";
    const missingWhy = c.status === "no-published-point" ? missingPointReason(d.gpu, d.weightPrecision, c.mode) : undefined;
    const verdict = {
      "chosen": "chosen (meets the per-user speed with the most tok/s/GPU)",
      "too-slow": `too slow (${c.outputTokensPerSecondPerUser} < ${round(required ?? 0)} tok/s/user)`,
      "fewer-tokens-per-gpu": `meets the per-user speed with fewer tok/s/GPU (${c.replicas} replicas)`,
      "no-published-point": missingWhy === undefined ? "not sized: neither NVIDIA nor InferenceX publishes a point for it" : `not sized: no published point is vendored (${missingWhy})`,
      "not-requested": "not considered: mode is set",
    }[c.status];
    formula.push(`mode ${c.mode}: ${pointText} → ${verdict}`);
  }
  formula.push(`per replica = ${p.outputTokensPerSecondPerGpu} tok/s/GPU × ${d.gpusPerReplica} GPUs = ${round(perReplica)} tok/s`);
  formula.push(`replicas = ceil(${target.outputTokensPerSecond} tok/s ÷ ${round(perReplica)} tok/s) = ${replicasForTarget}`);
  formula.push(`bounds = { min: ${replicas.min}, max: ${replicas.max} } (max carries the target at the published rate${target.minReplicas !== undefined ? `; min from sizing.minReplicas` : "; min 1 off-peak"})`);
  formula.push(`at the target, about ${Math.ceil(target.outputTokensPerSecond / p.outputTokensPerSecondPerUser)} users stream at once (${target.outputTokensPerSecond} ÷ ${p.outputTokensPerSecondPerUser} tok/s/user)`);

  const caveats = [
    `measured by ${p.measuredBy} at ISL ${p.inputSequenceLength} / OSL ${p.outputSequenceLength}, concurrency ${p.concurrency}, layout ${p.layout}: not with the options this deployment emits (${d.mode === chosen.mode ? "its" : "the chosen mode's"} recipe), and not at your sequence lengths`,
    `source: ${p.published.repository}@${p.published.commit.slice(0, 8)}:${p.published.path}, section "${p.published.section}" (${p.published.url}, read ${p.published.read})`,
  ];
  if (p.concurrency === 1) {
    caveats.push("the point was measured one request at a time: the replica count assumes one stream per replica at that speed (a replica admits more, but NVIDIA publishes no per-user speed for more concurrent streams on this hardware)");
  }
  const differs = Object.entries(p.differsFromRecipe ?? {});
  if (differs.length > 0) {
    caveats.push(`the run differs from the ${chosen.mode} recipe in ${differs.map(([k, why]) => `${k} (${why})`).join("; ")}`);
  }
  const lengths = [...new Set(candidates.filter((c) => c.pointId !== null).map((c) => {
    const row = rows.flatMap((r) => r.points).find((x) => x.id === c.pointId)!;
    return `${row.inputSequenceLength}/${row.outputSequenceLength}`;
  }))];
  if (lengths.length > 1) {
    caveats.push(`the modes' points were measured at different ISL/OSL (${lengths.join(", ")}): the comparison between modes is approximate`);
  }
  if (p.kvCacheDtype === null) caveats.push(`the point does not state its KV cache dtype; this deployment runs KV ${d.kvCacheDtype}`);

  return {
    target: {
      outputTokensPerSecond: target.outputTokensPerSecond,
      minTokensPerSecondPerUser: target.minTokensPerSecondPerUser ?? null,
      maxTimePerOutputTokenMs: target.maxTimePerOutputTokenMs ?? null,
      requiredTokensPerSecondPerUser: required === undefined ? null : round(required, 4),
    },
    mode: chosen.mode,
    modeChosenBy: fixedMode === undefined ? "sizing" : "input",
    point: asPoint(p),
    perReplicaOutputTokensPerSecond: round(perReplica),
    replicasForTarget,
    replicas,
    candidates,
    formula,
    caveats,
  };
}

/**
 * Plans a deployment sized from a target: plans it once to learn the hardware, precision and KV
 * dtype, picks the mode and replicas from the published points, and plans it again with them. The
 * plan carries the decision as `sizing`. `input.replicas` must be unset (sizing decides them).
 */
export function planSizedDeployment(input: DeploymentInput, sizing: SizingInput, at: PathOf = asWritten, sizingAt: PathOf = at): DeploymentPlan {
  if (input.replicas !== undefined) {
    throw new DeepSeekConfigError(at("replicas"), "is decided by sizing (the replicas that carry sizing.outputTokensPerSecond at the published point)", input.replicas, "remove replicas, or remove sizing and keep your bounds");
  }
  const probe = planDeployment(input, at);
  const decision = planSizing(probe, sizing, input.mode, sizingAt);
  const plan = planDeployment({ ...input, mode: decision.mode, replicas: decision.replicas }, at);
  return { ...plan, sizing: decision };
}

/** Sizing decided a placement's replica bounds: autoscaling may not decide them a second time. */
export function checkSizedBounds(plan: Pick<DeploymentPlan, "sizing">, autoscaling: { replicas?: unknown; targets?: { outputTokensPerSecond?: number } }, at: PathOf = asWritten): void {
  if (!plan.sizing) return;
  if (autoscaling.replicas !== undefined) {
    throw new DeepSeekConfigError(at("autoscaling.replicas"), "would override the replica bounds sizing decided", autoscaling.replicas, "remove autoscaling.replicas, or remove sizing");
  }
  if (autoscaling.targets?.outputTokensPerSecond !== undefined) {
    throw new DeepSeekConfigError(at("autoscaling.targets.outputTokensPerSecond"), "sizes the replicas a second time (sizing.outputTokensPerSecond already does)", autoscaling.targets.outputTokensPerSecond, "remove it and keep sizing");
  }
}
