/**
 * What each TensorRT-LLM release line accepts: the LLM API option paths (dotted) and their allowed
 * values, the `trtllm-serve` flags, the MoE backends that exist, the spelling of the MTP draft length,
 * and the models it serves. Plain data; the planner checks every emitted key, value, flag and backend
 * against the line of the image a plan pins (lib/serving/plan-options.ts `imageRefusals`).
 *
 * Sources:
 * - 1.3 line, pinned to 1.3.0rc14 (the latest pre-release on 2026-05-18, SemiAnalysisAI/InferenceX PR #1487). No
 *   option data at that tag could be read: its versioned docs are not stored here, the code index keeps no version
 *   at a tag commit, and the repository is over the snapshot limit. The option data that could be read is newer:
 *   NVIDIA/TensorRT-LLM `tensorrt_llm/usage/llm_args_golden_manifest.json` @00043967 (main), whose MoE backend
 *   list equals the MoeConfig of NVIDIA's 1.3.0rc27 docs (nvidia.github.io/TensorRT-LLM/1.3.0rc27/llm-api/reference/
 *   MoeConfig.html), vendored as an extract in test/fixtures/nvidia/. So the line claims only what is established
 *   on both sides of rc14: an option path, value, flag or backend is claimed when it is in the 1.2 line's accepted
 *   set (older: the 1.2 branch was cut from main before the 1.3 release candidates) AND in main's manifest (newer),
 *   so present at rc14 unless removed and re-added in between. test/catalog/trtllm-images.test.ts holds the line to
 *   exactly that intersection, plus one dated exception: `speculative_config.max_draft_len`, a DecodingBaseConfig
 *   field in a pre-PR #12341 1.3-era llm_args.py and in main's manifest. Not claimed, because nothing dates them before rc14: the main-only MoE backends
 *   (AUTO, CUTEDSL, DENSEGEMM, VANILLA, TRITON, MARLIN, MEGAMOE_*), KV dtypes other than auto/fp8 (main spells BF16
 *   `bfloat16`, the 1.2 set `bf16`), the other speculative decoding types and reasoning parsers, `sparse_attention_config`
 *   and `trtllm-serve --set`.
 *   MTP draft length: the line is given both `num_nextn_predict_layers` and `max_draft_len`, set to the same value
 *   (test/fixtures/nvidia/tensorrt_llm/llmapi/mtp_draft_length.versions.json quotes the code). Before PR #12341
 *   ("decouple MTP num_nextn_predict_layers from max_draft_len", opened 2026-03-19) MTPDecodingConfig reads
 *   num_nextn_predict_layers and overwrites max_draft_len with it, so a bare `max_draft_len: 3` runs 1 draft token.
 *   After it (main @00043967) max_draft_len is the draft length and num_nextn_predict_layers is filled from the
 *   checkpoint; a user-given num_nextn_predict_layers is remapped to max_draft_len when that is absent and dropped
 *   when both are given. Whether rc14 predates the merge is not established; both keys give the same draft length
 *   on either side. The only case left: a build between the merge and the remap validator (not dated), where both
 *   keys still give max_draft_len.
 *   OPEN: pinning 1.3.0rc27 (whose option data the stores hold) needs DeepSeek-V4 in the catalog, since that tag serves
 *   it (lib/catalog/unserved-models.ts); its compressed-attention cache is not encoded yet, so the pin stays.
 * - 1.2 line: no manifest was published for 1.2; the set is test/fixtures/trtllm-1.2-accepted.json
 *   (field names of TorchLlmArgs / KvCacheConfig / MoeConfig / MTPDecodingConfig / CudaGraphConfig /
 *   AttentionDpConfig in `tensorrt_llm/llmapi/llm_args.py`, flags of `tensorrt_llm/commands/serve.py`).
 *   Its MTPDecodingConfig reads `num_nextn_predict_layers` and overwrites `max_draft_len` with it in an
 *   after-validator (`set_max_total_draft_tokens`), so 1.2 images must be given the old name: a bare
 *   `max_draft_len: 3` would run MTP with 1 layer.
 */
export type TrtllmLine = "1.2" | "1.3";

export interface TrtllmImageSpec {
  readonly line: TrtllmLine;
  /** The tag this line is pinned to by default, and whether it is a stable release. */
  readonly defaultTag: string;
  readonly stable: boolean;
  /** Dotted LLM API option paths the line accepts (parents included). */
  readonly optionKeys: readonly string[];
  /** Allowed values of categorical options. */
  readonly enums: Readonly<Record<string, readonly string[]>>;
  readonly cliFlags: readonly string[];
  /** MoE backends the line has (`moe_config.backend`). */
  readonly moeBackends: readonly string[];
  /** The `speculative_config` keys given the MTP draft length (each set to the same value). */
  readonly mtpDraftKeys: readonly ("num_nextn_predict_layers" | "max_draft_len")[];
  /**
   * `--tool_parser` choices this catalog has established for the line (keys of ToolParserFactory.parsers in
   * NVIDIA/TensorRT-LLM tensorrt_llm/serve/tool_parser/tool_parser_factory.py, the click.Choice of the flag).
   * Empty: none established, so the planner emits no `--tool_parser` on that line (an unknown choice stops
   * trtllm-serve at start). Reasoning parser names are `enums.reasoning_parser`.
   */
  readonly toolParsers: readonly string[];
  /** Catalog models (lib/catalog/models.ts names) the line serves. */
  readonly models: readonly string[];
  readonly source: string;
}

const SHARED_KEYS = [
  "tensor_parallel_size", "pipeline_parallel_size", "moe_expert_parallel_size", "enable_attention_dp",
  "attention_dp_config", "attention_dp_config.enable_balance", "attention_dp_config.batching_wait_iters", "attention_dp_config.timeout_iters",
  "kv_cache_config", "kv_cache_config.dtype", "kv_cache_config.free_gpu_memory_fraction", "kv_cache_config.enable_block_reuse",
  "moe_config", "moe_config.backend", "moe_config.max_num_tokens",
  "speculative_config", "speculative_config.decoding_type", "speculative_config.num_nextn_predict_layers",
  "speculative_config.use_relaxed_acceptance_for_thinking", "speculative_config.relaxed_topk", "speculative_config.relaxed_delta",
  "cuda_graph_config", "cuda_graph_config.enable_padding", "cuda_graph_config.max_batch_size", "cuda_graph_config.batch_sizes",
  "max_batch_size", "max_num_tokens", "max_seq_len", "enable_chunked_prefill", "trust_remote_code",
  "enable_iter_perf_stats", "return_perf_metrics", "stream_interval", "print_iter_log", "disable_overlap_scheduler",
  "reasoning_parser", "guided_decoding_backend",
] as const;

const SHARED_FLAGS = [
  "--host", "--port", "--backend", "--tp_size", "--pp_size", "--ep_size", "--cluster_size", "--gpus_per_node",
  "--max_batch_size", "--max_num_tokens", "--max_seq_len", "--max_beam_width", "--kv_cache_free_gpu_memory_fraction",
  "--trust_remote_code", "--extra_llm_api_options", "--config", "--reasoning_parser", "--tool_parser", "--num_postprocess_workers",
  "--log_level", "--server_role", "--metadata_server_config_file", "--disagg_cluster_uri", "--tokenizer",
  "--fail_fast_on_attention_window_too_large", "--enable_chunked_prefill", "--media_io_kwargs",
] as const;

const R1_FAMILY = ["deepseek-v3", "deepseek-v3-0324", "deepseek-r1", "deepseek-r1-0528", "deepseek-v3.1", "deepseek-v3.1-terminus"];
const DISTILLS = [
  "deepseek-r1-distill-qwen-1.5b", "deepseek-r1-distill-qwen-7b", "deepseek-r1-distill-qwen-14b", "deepseek-r1-distill-qwen-32b",
  "deepseek-r1-distill-llama-8b", "deepseek-r1-distill-llama-70b",
];

export const TRTLLM_IMAGES: Readonly<Record<TrtllmLine, TrtllmImageSpec>> = {
  "1.2": {
    line: "1.2", defaultTag: "1.2.1", stable: true,
    optionKeys: [...SHARED_KEYS, "moe_config.load_balancer", "cache_transceiver_config", "kv_cache_free_gpu_memory_fraction"],
    enums: {
      // WIDEEP still exists in 1.2 (removed in NVIDIA/TensorRT-LLM PR #17797, Aug 2026); this library never emits it.
      "moe_config.backend": ["CUTLASS", "TRTLLM", "DEEPGEMM", "WIDEEP"],
      "kv_cache_config.dtype": ["auto", "fp8", "bf16"],
      "speculative_config.decoding_type": ["MTP"],
      // `deepseek-r1` (the only one emitted) is bracketed: NVIDIA's versioned docs run `--reasoning_parser deepseek-r1`
      // at 0.20.0 and at 1.3.0rc11 (nvidia.github.io/TensorRT-LLM/{0.20.0,1.3.0rc11}/examples/deepseek_r1_reasoning_parser.html),
      // so the name is in the factory the 1.2 branch carries.
      "reasoning_parser": ["deepseek-r1", "qwen3"],
      "guided_decoding_backend": ["xgrammar", "llguidance"],
    },
    cliFlags: SHARED_FLAGS,
    moeBackends: ["CUTLASS", "TRTLLM", "DEEPGEMM", "WIDEEP"],
    mtpDraftKeys: ["num_nextn_predict_layers"],
    // None established. NVIDIA/TensorRT-LLM PR #10239 (Dec 2025) renamed the DeepSeek tool parsers
    // deepseekv3 -> deepseek_v3 and deepseekv3.1 -> deepseek_v31 during the 1.2 development window; both
    // spellings are vendored in test/fixtures/nvidia/tensorrt_llm/serve/tool_parser/tool_parser_factory.versions.json.
    // Which one the release/1.2 branch (tag v1.2.1) carries could not be read: the repository is over the
    // snapshot limit here and the code index names no version at the tag. So 1.2 images get no --tool_parser
    // (tool calls stay in `content`), with a warning; overrides.toolCalls: true is refused naming the 1.3 tag.
    toolParsers: [],
    // DeepSeek-V3.2 (DeepseekV32ForCausalLM, sparse attention) is supported since 1.2.
    models: [...R1_FAMILY, "deepseek-v3.2", ...DISTILLS],
    source: "test/fixtures/trtllm-1.2-accepted.json (hand-assembled from NVIDIA/TensorRT-LLM llm_args.py field names and serve.py flags); MTPDecodingConfig.set_max_total_draft_tokens in the 1.2 llm_args.py",
  },
  "1.3": {
    line: "1.3", defaultTag: "1.3.0rc14", stable: false,
    // The 1.2 accepted set ∩ main's manifest (see the header): established at rc14.
    // Plus max_draft_len, a DecodingBaseConfig field before PR #12341 and on main (see the MTP note above).
    optionKeys: [...SHARED_KEYS, "speculative_config.max_draft_len"],
    enums: {
      "moe_config.backend": ["CUTLASS", "TRTLLM", "DEEPGEMM"],
      "kv_cache_config.dtype": ["auto", "fp8"],
      "speculative_config.decoding_type": ["MTP"],
      "reasoning_parser": ["deepseek-r1", "qwen3"],
      "guided_decoding_backend": ["xgrammar", "llguidance"],
    },
    cliFlags: SHARED_FLAGS,
    moeBackends: ["CUTLASS", "TRTLLM", "DEEPGEMM"],
    mtpDraftKeys: ["num_nextn_predict_layers", "max_draft_len"],
    // The keys every stored factory version between PR #10239 (Dec 2025) and DeepSeek-V4 support (after
    // 1.3.0rc14) shares, so present at rc14 (1.3.0rc14 was the latest pre-release on 2026-05-18,
    // SemiAnalysisAI/InferenceX PR #1487): test/fixtures/nvidia/tensorrt_llm/serve/tool_parser/tool_parser_factory.versions.json.
    // glm4 / minimax_m2 appear only in later versions, so are not claimed. No deepseek_v4: that parser came
    // with DeepSeek-V4 support (PR #14751, opened 2026-05-29); DeepSeek-V4 is refused (lib/catalog/unserved-models.ts).
    toolParsers: ["qwen3", "qwen3_coder", "kimi_k2", "deepseek_v3", "deepseek_v31", "deepseek_v32"],
    models: [...R1_FAMILY, "deepseek-v3.2", ...DISTILLS],
    source: "the intersection of test/fixtures/trtllm-1.2-accepted.json (older than rc14) and NVIDIA/TensorRT-LLM tensorrt_llm/usage/llm_args_golden_manifest.json @0004396720054fd8e205cbf616f21f0b57c6b412 (main, newer than rc14; MoE backends as in the 1.3.0rc27 docs); tool parsers bracketed by tool_parser_factory.py versions",
  },
};

/** The release line of an image tag, or undefined for tags this catalog has no data for. */
export function trtllmLineOf(tag: string): TrtllmLine | undefined {
  if (/^1\.2\.\d+(rc\d+)?(\.post\d+)?$/.test(tag)) return "1.2";
  if (/^1\.3\.\d+(rc\d+)?(\.post\d+)?$/.test(tag)) return "1.3";
  return undefined;
}

/** The image spec for a tag, or undefined. */
export function trtllmImageFor(tag: string): TrtllmImageSpec | undefined {
  const line = trtllmLineOf(tag);
  return line ? TRTLLM_IMAGES[line] : undefined;
}
