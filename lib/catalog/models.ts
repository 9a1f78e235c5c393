/**
 * Models and their checkpoints. Architecture figures: deepseek-ai/DeepSeek-V3 @ 9b4e9788
 * inference/configs/config_671B.json; sizes: TRT-LLM blog3 and README (facts §3).
 */
export type WeightPrecision = "fp8" | "nvfp4" | "bf16";
export const WEIGHT_PRECISIONS: readonly WeightPrecision[] = ["fp8", "nvfp4", "bf16"];

export interface Checkpoint {
  /** Hugging Face repository id. */
  readonly repo: string;
  readonly precision: WeightPrecision;
  /** Bytes on disk to stage, GB (10^9). */
  readonly sizeGB: number;
  /** Weights resident on the GPUs for the main model, GB. */
  readonly weightsGB: number;
  readonly source: string;
}

export interface MoeArchitecture {
  readonly kind: "moe";
  readonly totalParamsB: number;
  readonly layers: number;
  readonly routedExperts: number;
  readonly attentionHeads: number;
  /** MLA latent (kv_lora_rank 512) + rope key (64) cached per token per layer. */
  readonly kvValuesPerTokenPerLayer: number;
  readonly mtpLayers: number;
  /** MTP module weights, GB at FP8 (11.5B unique params, README_WEIGHTS.md). */
  readonly mtpWeightsGB: number;
  /** Attention weights that attention data-parallelism replicates on every rank, GB at FP8 [D]. */
  readonly attentionWeightsGB: number;
  readonly maxContextTokens: number;
}

export interface DenseArchitecture {
  readonly kind: "dense";
  readonly totalParamsB: number;
  readonly layers: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly maxContextTokens: number;
}

export interface ModelSpec {
  readonly name: string;
  readonly displayName: string;
  readonly architecture: MoeArchitecture | DenseArchitecture;
  readonly checkpoints: readonly Checkpoint[];
}

// 61 layers, 256 routed experts, 128 heads, kv_lora_rank 512 + qk_rope_head_dim 64 = 576 (config_671B.json).
// Attention weights per layer ≈ 187M params (q_a, q_b, kv_a, kv_b, o projections) × 61 ≈ 11.4B [D].
const DEEPSEEK_671B: MoeArchitecture = {
  kind: "moe", totalParamsB: 671, layers: 61, routedExperts: 256, attentionHeads: 128,
  kvValuesPerTokenPerLayer: 576, mtpLayers: 1, mtpWeightsGB: 11.5, attentionWeightsGB: 11.4, maxContextTokens: 131072,
};

// "671B parameters which needs about 671GB GPU memory for FP8 weights" (TRT-LLM deepseek_v3 README);
// ~640 GB on disk in 163 shards (blog3); NVFP4 ~400 GB (blog3).
const fp8 = (repo: string): Checkpoint => ({ repo, precision: "fp8", sizeGB: 642, weightsGB: 671, source: "TRT-LLM examples/models/core/deepseek_v3/README.md; blog3" });
const nvfp4 = (repo: string): Checkpoint => ({ repo, precision: "nvfp4", sizeGB: 415, weightsGB: 400, source: "TRT-LLM blog3 (~400 GB NVFP4); HF model card (ModelOpt)" });

const moe = (name: string, displayName: string, checkpoints: Checkpoint[]): ModelSpec => ({ name, displayName, architecture: DEEPSEEK_671B, checkpoints });

// Distill shapes: Qwen2.5 / Llama-3 configs of the base models; sizes = params × 2 B (facts §3.2, [D]).
const dense = (name: string, repo: string, paramsB: number, layers: number, heads: number, kvHeads: number): ModelSpec => ({
  name,
  displayName: repo.split("/")[1],
  architecture: { kind: "dense", totalParamsB: paramsB, layers, attentionHeads: heads, kvHeads, headDim: 128, maxContextTokens: 131072 },
  checkpoints: [{ repo, precision: "bf16", sizeGB: Math.round(paramsB * 2 * 10) / 10, weightsGB: Math.round(paramsB * 2 * 10) / 10, source: "facts §3.2 [D] params × 2 bytes" }],
});

export const MODELS: Readonly<Record<string, ModelSpec>> = {
  "deepseek-v3": moe("deepseek-v3", "DeepSeek-V3", [fp8("deepseek-ai/DeepSeek-V3")]),
  "deepseek-v3-0324": moe("deepseek-v3-0324", "DeepSeek-V3-0324", [fp8("deepseek-ai/DeepSeek-V3-0324"), nvfp4("nvidia/DeepSeek-V3-0324-FP4")]),
  "deepseek-r1": moe("deepseek-r1", "DeepSeek-R1", [fp8("deepseek-ai/DeepSeek-R1"), nvfp4("nvidia/DeepSeek-R1-FP4-v2")]),
  "deepseek-r1-0528": moe("deepseek-r1-0528", "DeepSeek-R1-0528", [fp8("deepseek-ai/DeepSeek-R1-0528"), nvfp4("nvidia/DeepSeek-R1-0528-FP4-v2")]),
  "deepseek-r1-distill-qwen-1.5b": dense("deepseek-r1-distill-qwen-1.5b", "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B", 1.78, 28, 12, 2),
  "deepseek-r1-distill-qwen-7b": dense("deepseek-r1-distill-qwen-7b", "deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", 7.62, 28, 28, 4),
  "deepseek-r1-distill-qwen-14b": dense("deepseek-r1-distill-qwen-14b", "deepseek-ai/DeepSeek-R1-Distill-Qwen-14B", 14.8, 48, 40, 8),
  "deepseek-r1-distill-qwen-32b": dense("deepseek-r1-distill-qwen-32b", "deepseek-ai/DeepSeek-R1-Distill-Qwen-32B", 32.8, 64, 40, 8),
  "deepseek-r1-distill-llama-8b": dense("deepseek-r1-distill-llama-8b", "deepseek-ai/DeepSeek-R1-Distill-Llama-8B", 8.03, 32, 32, 8),
  "deepseek-r1-distill-llama-70b": dense("deepseek-r1-distill-llama-70b", "deepseek-ai/DeepSeek-R1-Distill-Llama-70B", 70.6, 80, 64, 8),
};

export const MODEL_NAMES = Object.keys(MODELS);

/** Bytes per cached KV value. */
export const KV_DTYPE_BYTES = { fp8: 1, bf16: 2 } as const;
export type KvCacheDtype = keyof typeof KV_DTYPE_BYTES;
