import { asWritten, type PathOf } from "./refusal-paths";
import { GpuSpec, MOE_BACKEND_SUPPORT, ModelSpec, MoeBackend, WeightPrecision } from "../catalog";
import { DeepSeekConfigError, oneOf } from "../errors";

export interface Parallelism {
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  readonly expertParallel: number;
  readonly attentionDataParallel: boolean;
}

/** Largest power of two ≤ limit that divides n. */
function largestPowerOfTwoDividing(n: number, limit: number): number {
  let p = 1;
  while (p * 2 <= limit && n % (p * 2) === 0) p *= 2;
  return p;
}

/** Default layout: MoE shards over every GPU (TP = GPUs, PP 1); dense picks the largest TP the heads allow. */
export function defaultTensorParallel(model: ModelSpec, gpusPerReplica: number): number {
  if (model.architecture.kind === "moe") return gpusPerReplica;
  return largestPowerOfTwoDividing(model.architecture.attentionHeads, Math.min(8, gpusPerReplica));
}

/** Refuses layouts TensorRT-LLM cannot run on this replica. */
export function checkParallelism(model: ModelSpec, gpusPerReplica: number, p: Parallelism, at: PathOf = asWritten): void {
  const { tensorParallel: tp, pipelineParallel: pp, expertParallel: ep } = p;
  if (tp * pp !== gpusPerReplica) {
    throw new DeepSeekConfigError(at("overrides.tensorParallel"), `× pipelineParallel (${pp}) must equal the ${gpusPerReplica} GPUs of one replica`, tp, `set tensorParallel × pipelineParallel = ${gpusPerReplica}, e.g. tensorParallel ${gpusPerReplica} with pipelineParallel 1`);
  }
  const arch = model.architecture;
  if (arch.attentionHeads % tp !== 0) {
    throw new DeepSeekConfigError(at("overrides.tensorParallel"), `must divide the model's ${arch.attentionHeads} attention heads`, tp, `use a tensorParallel that divides ${arch.attentionHeads} and make up the GPUs with pipelineParallel`);
  }
  if (arch.kind === "dense") {
    if (ep !== 1) throw new DeepSeekConfigError(at("overrides.expertParallel"), `must be 1: ${model.name} is a dense model without experts`, ep, "remove expertParallel");
    if (p.attentionDataParallel) throw new DeepSeekConfigError(at("overrides.attentionDataParallel"), `applies to the MoE models only, not dense ${model.name}`, true, "remove attentionDataParallel");
    return;
  }
  if (arch.routedExperts % ep !== 0) {
    throw new DeepSeekConfigError(at("overrides.expertParallel"), `must divide the ${arch.routedExperts} routed experts`, ep, "use 1, 2, 4, 8 or 16");
  }
  if (ep > tp * pp) {
    throw new DeepSeekConfigError(at("overrides.expertParallel"), `is larger than tensorParallel × pipelineParallel (${tp * pp})`, ep, `use an expertParallel of at most ${tp * pp} that divides ${tp}`);
  }
  if (tp % ep !== 0) {
    throw new DeepSeekConfigError(at("overrides.expertParallel"), `must divide tensorParallel (${tp}): MoE tensor parallelism is tensorParallel / expertParallel`, ep, `use a divisor of ${tp}`);
  }
}

/** MoE backend must have kernels for the GPU architecture and weight precision. */
export function checkMoeBackend(gpu: GpuSpec, precision: WeightPrecision, backend: MoeBackend, at: PathOf = asWritten): void {
  const supported = MOE_BACKEND_SUPPORT[`${gpu.architecture}/${precision}`] ?? [];
  if (!supported.includes(backend)) {
    throw new DeepSeekConfigError(at("overrides.moeBackend"), `has no ${precision.toUpperCase()} kernels on ${gpu.name} (${gpu.architecture})`, backend, `use ${oneOf(supported)}`);
  }
}
