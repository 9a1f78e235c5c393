/**
 * Models and their checkpoints. Architecture figures: deepseek-ai/DeepSeek-V3 @ 9b4e9788
 * inference/configs/config_671B.json; sizes derived from them (see moeCheckpoint).
 */
export type WeightPrecision = "fp8" | "nvfp4" | "bf16";
export const WEIGHT_PRECISIONS: readonly WeightPrecision[] = ["fp8", "nvfp4", "bf16"];

/**
 * Bytes per parameter of each weight group in a checkpoint. FP8 (deepseek-ai): e4m3 with one float32
 * scale per 128×128 block (README_WEIGHTS.md), embeddings, lm_head and router in BF16. NVFP4 (ModelOpt):
 * 4-bit values with one FP8 scale per 16 (0.5625 B), attention left in BF16 (v1) or with o_proj in
 * NVFP4 too (v2); embeddings, lm_head and router BF16.
 */
export interface WeightBytes {
  readonly routedExperts: number;
  readonly attention: number;
  readonly denseMlp: number;
  readonly sharedExperts: number;
  readonly embeddings: number;
  readonly router: number;
}

export interface Checkpoint {
  /** Hugging Face repository id. */
  readonly repo: string;
  readonly precision: WeightPrecision;
  /** Bytes per parameter by weight group (MoE models). */
  readonly bytes?: WeightBytes;
  /** Bytes on disk to stage, GB (10^9): the weight groups of the main model and the MTP module, plus scales. */
  readonly sizeGB: number;
  /** Weights resident on the GPUs for the main model, GB (10^9), summed over all GPUs. */
  readonly weightsGB: number;
  readonly source: string;
}

/** Parameters by weight group, billions. Attention DP replicates every group but the routed experts. */
export interface MoeParams {
  readonly routedExperts: number;
  readonly attention: number;
  /** The dense (non-MoE) MLP layers at the bottom of the stack. */
  readonly denseMlp: number;
  readonly sharedExperts: number;
  /** Input embedding plus lm_head. */
  readonly embeddings: number;
  readonly router: number;
}

export interface MoeArchitecture {
  readonly kind: "moe";
  readonly totalParamsB: number;
  readonly layers: number;
  readonly routedExperts: number;
  readonly attentionHeads: number;
  /** MLA latent (kv_lora_rank 512) + rope key (64) cached per token per layer. */
  readonly kvValuesPerTokenPerLayer: number;
  /**
   * Extra bytes cached per token per layer for sparse attention's indexer keys (DeepSeek-V3.2 DSA:
   * one 128-value FP8 key plus a float32 scale per token per layer), 0 without sparse attention.
   */
  readonly indexerBytesPerTokenPerLayer: number;
  readonly mtpLayers: number;
  /** Parameters of the main model by group. */
  readonly params: MoeParams;
  /** Parameters of one MTP module by group (its embedding and head are shared with the main model). */
  readonly mtpParams: MoeParams;
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

/**
 * How trtllm-serve turns the model's output into OpenAI fields. Parser names are the keys of
 * TensorRT-LLM's ReasoningParserFactory / ToolParserFactory (`--reasoning_parser`, `--tool_parser`
 * in tensorrt_llm/commands/serve.py; tensorrt_llm/serve/tool_parser/tool_parser_factory.py).
 */
export interface ModelServing {
  /**
   * `deepseek-r1` moves `<think>` text into `reasoning_content`; null for models whose chat template
   * opens no think block (the hybrid V3.1/V3.2 default to non-thinking, which this parser would misfile as reasoning).
   */
  readonly reasoningParser: string | null;
  /** Tool-call parser, null where the model has no tool-call format. */
  readonly toolParser: string | null;
  /** Structured output (`response_format` JSON schema) backend: `guided_decoding_backend`. */
  readonly guidedDecodingBackend: "xgrammar";
}

export interface ModelSpec {
  readonly name: string;
  readonly displayName: string;
  readonly architecture: MoeArchitecture | DenseArchitecture;
  readonly checkpoints: readonly Checkpoint[];
  readonly serving: ModelServing;
  /** Where the model's recipes come from when NVIDIA measured a sibling (same architecture). */
  readonly recipeNote?: string;
}

// deepseek-ai/DeepSeek-V3 @ 9b4e9788 inference/configs/config_671B.json: vocab 129280, dim 7168,
// inter_dim 18432, moe_inter_dim 2048, 61 layers (3 dense), 128 heads, 256 routed + 1 shared experts,
// q_lora_rank 1536, kv_lora_rank 512, qk_nope 128, qk_rope 64, v_head 128. Per layer [D]:
//   attention = q_a 7168×1536 + q_b 1536×128×192 + kv_a 7168×576 + kv_b 512×128×256 + o 128×128×7168 = 187.1M
//   expert (gate, up, down) = 3 × 7168 × 2048 = 44.04M; dense MLP = 3 × 7168 × 18432 = 396.4M
//   router = 256 × 7168 = 1.84M; embedding = lm_head = 129280 × 7168 = 926.7M
const PER_LAYER = { attention: 0.1871053, expert: 0.04404019, denseMlp: 0.3963617, router: 0.00183501, embedding: 0.92667904 };
const DEEPSEEK_671B_PARAMS: MoeParams = {
  routedExperts: 256 * PER_LAYER.expert * 58,
  attention: PER_LAYER.attention * 61,
  denseMlp: PER_LAYER.denseMlp * 3,
  sharedExperts: PER_LAYER.expert * 58,
  embeddings: 2 * PER_LAYER.embedding,
  router: PER_LAYER.router * 58,
};
// The MTP module (layer 61): one MoE layer plus eh_proj 2×7168 → 7168 (README_WEIGHTS.md: 11.5B unique).
const DEEPSEEK_MTP_PARAMS: MoeParams = {
  routedExperts: 256 * PER_LAYER.expert, attention: PER_LAYER.attention, denseMlp: 2 * 7168 * 7168 / 1e9,
  sharedExperts: PER_LAYER.expert, embeddings: 0, router: PER_LAYER.router,
};

const DEEPSEEK_671B: MoeArchitecture = {
  kind: "moe", totalParamsB: 671, layers: 61, routedExperts: 256, attentionHeads: 128,
  kvValuesPerTokenPerLayer: 576, indexerBytesPerTokenPerLayer: 0, mtpLayers: 1,
  params: DEEPSEEK_671B_PARAMS, mtpParams: DEEPSEEK_MTP_PARAMS, maxContextTokens: 131072,
};

const FP8_BYTES: WeightBytes = { routedExperts: 1, attention: 1, denseMlp: 1, sharedExperts: 1, embeddings: 2, router: 2 };
// One float32 scale per 128×128 block: 4 / 16384 bytes per FP8 parameter.
const FP8_SCALE = 4 / 16384;
const NVFP4 = 0.5 + 1 / 16;
const NVFP4_V1_BYTES: WeightBytes = { routedExperts: NVFP4, attention: 2, denseMlp: NVFP4, sharedExperts: NVFP4, embeddings: 2, router: 2 };
// -v2 also quantizes attention o_proj (117.4M of the 187.1M per layer) to NVFP4.
const NVFP4_V2_ATTENTION = (0.0697 * 2 + 0.1174 * NVFP4) / PER_LAYER.attention;
const NVFP4_V2_BYTES: WeightBytes = { ...NVFP4_V1_BYTES, attention: NVFP4_V2_ATTENTION };

/** GB (10^9 bytes) of a parameter set at the given bytes per parameter. */
export function weightGB(params: MoeParams, bytes: WeightBytes): number {
  const scale = (b: number) => (b === 1 ? 1 + FP8_SCALE : b);
  return params.routedExperts * scale(bytes.routedExperts) + params.attention * scale(bytes.attention) + params.denseMlp * scale(bytes.denseMlp)
    + params.sharedExperts * scale(bytes.sharedExperts) + params.embeddings * bytes.embeddings + params.router * bytes.router;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
/**
 * A MoE checkpoint: resident weights and bytes on disk from the parameter groups [D]. The FP8 repos
 * store the MTP module with its own copy of embedding and lm_head (HF total 685B = 671B + 14B MTP).
 */
function moeCheckpoint(repo: string, precision: WeightPrecision, bytes: WeightBytes, arch: MoeArchitecture, source: string): Checkpoint {
  const weightsGB = round1(weightGB(arch.params, bytes));
  const mtpOnDisk = weightGB({ ...arch.mtpParams, embeddings: arch.params.embeddings }, bytes);
  return { repo, precision, bytes, weightsGB, sizeGB: round1(weightsGB + mtpOnDisk), source };
}

// Sizes [D] from the parameter groups above; they agree with the published figures: "about 671GB GPU
// memory for FP8 weights" (NVIDIA/TensorRT-LLM examples/models/core/deepseek_v3/README.md), "~400 GB"
// NVFP4 (docs/source/blogs/tech_blog/blog3), FP8 on disk ≈ 688 GB (test/planner/memory.test.ts).
const fp8 = (repo: string): Checkpoint => moeCheckpoint(repo, "fp8", FP8_BYTES, DEEPSEEK_671B, "parameter groups of config_671B.json × FP8 block-scaled bytes [D]; TRT-LLM deepseek_v3 README (about 671 GB)");
const nvfp4 = (repo: string, v2: boolean): Checkpoint => moeCheckpoint(repo, "nvfp4", v2 ? NVFP4_V2_BYTES : NVFP4_V1_BYTES, DEEPSEEK_671B, `parameter groups × NVFP4 bytes (ModelOpt, attention BF16${v2 ? ", o_proj NVFP4 (-v2)" : ""}) [D]; TRT-LLM blog3 (~400 GB)`);

const moe = (name: string, displayName: string, checkpoints: Checkpoint[], serving: Omit<ModelServing, "guidedDecodingBackend">, arch: MoeArchitecture = DEEPSEEK_671B, recipeNote?: string): ModelSpec => ({
  name, displayName, architecture: arch, checkpoints, serving: { ...serving, guidedDecodingBackend: "xgrammar" }, ...(recipeNote ? { recipeNote } : {}),
});

// DeepSeek-V3.2 (deepseek-ai/DeepSeek-V3.2, config.json: index_n_heads 64, index_head_dim 128, index_topk 2048):
// V3.1-Terminus plus DeepSeek Sparse Attention. Its lightning indexer adds per layer wq_b 1536→64×128,
// wk 7168→128 and weights_proj 7168→64 (≈14.0M parameters, kept in BF16), and caches one 128-value FP8
// key plus a float32 scale per token per layer (132 bytes) beside the MLA latent.
const INDEXER_PER_LAYER = (1536 * 64 * 128 + 7168 * 128 + 7168 * 64) / 1e9;
const DEEPSEEK_V32: MoeArchitecture = {
  ...DEEPSEEK_671B,
  totalParamsB: 671 + INDEXER_PER_LAYER * 61,
  indexerBytesPerTokenPerLayer: 128 + 4,
  // The indexer sits beside attention and is replicated with it under attention DP; counted at 2 bytes (BF16) by folding it into the router group.
  params: { ...DEEPSEEK_671B_PARAMS, router: DEEPSEEK_671B_PARAMS.router + INDEXER_PER_LAYER * 61 },
  mtpParams: { ...DEEPSEEK_MTP_PARAMS, router: DEEPSEEK_MTP_PARAMS.router + INDEXER_PER_LAYER },
};

const R1_PARSERS = { reasoningParser: "deepseek-r1", toolParser: null } as const;
const SIBLING = "NVIDIA's configs were measured with DeepSeek-R1-0528; this model has the same MLA/MoE layout and runs the same TensorRT-LLM code path (examples/models/core/deepseek_v3/README.md)";

// Distill shapes: Qwen2.5 / Llama-3 configs of the base models; sizes = params × 2 B (BF16) [D].
const dense = (name: string, repo: string, paramsB: number, layers: number, heads: number, kvHeads: number): ModelSpec => ({
  name,
  displayName: repo.split("/")[1],
  architecture: { kind: "dense", totalParamsB: paramsB, layers, attentionHeads: heads, kvHeads, headDim: 128, maxContextTokens: 131072 },
  checkpoints: [{ repo, precision: "bf16", sizeGB: Math.round(paramsB * 2 * 10) / 10, weightsGB: Math.round(paramsB * 2 * 10) / 10, source: "params × 2 bytes (BF16) [D]" }],
  serving: { ...R1_PARSERS_DENSE, guidedDecodingBackend: "xgrammar" },
});
const R1_PARSERS_DENSE = { reasoningParser: "deepseek-r1", toolParser: null } as const;

// NVFP4 names as the Hugging Face Hub lists them now (the -FP4 repos were renamed -NVFP4); -v2 also quantizes o_proj.
// OPEN: the byte totals of nvidia/DeepSeek-V3.1-NVFP4 and nvidia/DeepSeek-V3.2-NVFP4 (model.safetensors.index.json
// metadata.total_size, or the Hub file list) are not in the stores searched here (checked 2026-12-01: the Hub README
// of V3.1-NVFP4 is, its index and file sizes are not; eousphoros/DeepSeek-V3.2-NVFP4 reports 391 GB for its own
// conversion, not NVIDIA's), so their sizes stay derived from the parameter groups.
export const MODELS: Readonly<Record<string, ModelSpec>> = {
  "deepseek-v3": moe("deepseek-v3", "DeepSeek-V3", [fp8("deepseek-ai/DeepSeek-V3")], { reasoningParser: null, toolParser: "deepseek_v3" }, DEEPSEEK_671B, SIBLING),
  "deepseek-v3-0324": moe("deepseek-v3-0324", "DeepSeek-V3-0324", [fp8("deepseek-ai/DeepSeek-V3-0324"), nvfp4("nvidia/DeepSeek-V3-0324-NVFP4", false)], { reasoningParser: null, toolParser: "deepseek_v3" }, DEEPSEEK_671B, SIBLING),
  "deepseek-r1": moe("deepseek-r1", "DeepSeek-R1", [fp8("deepseek-ai/DeepSeek-R1"), nvfp4("nvidia/DeepSeek-R1-NVFP4-v2", true)], R1_PARSERS, DEEPSEEK_671B, SIBLING),
  "deepseek-r1-0528": moe("deepseek-r1-0528", "DeepSeek-R1-0528", [fp8("deepseek-ai/DeepSeek-R1-0528"), nvfp4("nvidia/DeepSeek-R1-0528-NVFP4-v2", true)], { reasoningParser: "deepseek-r1", toolParser: "deepseek_v3" }),
  // Hybrid thinking: the chat template opens a think block only when the request asks for it.
  "deepseek-v3.1": moe("deepseek-v3.1", "DeepSeek-V3.1", [fp8("deepseek-ai/DeepSeek-V3.1"), nvfp4("nvidia/DeepSeek-V3.1-NVFP4", false)], { reasoningParser: null, toolParser: "deepseek_v31" }, DEEPSEEK_671B, SIBLING),
  "deepseek-v3.1-terminus": moe("deepseek-v3.1-terminus", "DeepSeek-V3.1-Terminus", [fp8("deepseek-ai/DeepSeek-V3.1-Terminus")], { reasoningParser: null, toolParser: "deepseek_v31" }, DEEPSEEK_671B, SIBLING),
  "deepseek-v3.2": moe("deepseek-v3.2", "DeepSeek-V3.2", [moeCheckpoint("deepseek-ai/DeepSeek-V3.2", "fp8", FP8_BYTES, DEEPSEEK_V32, "parameter groups incl. the DSA indexer × FP8 bytes [D]"), moeCheckpoint("nvidia/DeepSeek-V3.2-NVFP4", "nvfp4", NVFP4_V1_BYTES, DEEPSEEK_V32, "parameter groups incl. the DSA indexer × NVFP4 bytes (attention BF16) [D]")], { reasoningParser: null, toolParser: "deepseek_v32" }, DEEPSEEK_V32, `${SIBLING}, plus sparse attention (DeepseekV32ForCausalLM, TensorRT-LLM ≥ 1.2)`),
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
