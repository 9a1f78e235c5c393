import type { DeploymentPlan } from "../plan/plan";
import { servingNames } from "../plan/names";
import { TRTLLM_IMAGES, TrtllmImageSpec, trtllmImageFor } from "../catalog/trtllm-images";

/**
 * The TensorRT-LLM runtime a plan implies, as plain data: the LLM API options YAML (`--config`,
 * the current name of `--extra_llm_api_options`) and the `trtllm-serve` command line. Pure: no cdktf.
 * Keys follow NVIDIA's published configs (lib/catalog/recipes.ts, each with its source file);
 * test/catalog/nvidia-recipes.test.ts compares this output with the vendored files.
 */

/** Where the options YAML is mounted in the server container. */
export const LLM_API_OPTIONS_PATH = "/etc/trtllm/config.yaml";
/** Working directory of the server: the model cache mount. The model argument is relative to it. */
export const MODEL_CACHE_MOUNT = "/models";
/** Emit a streamed chunk every N tokens (NVIDIA's DeepSeek-R1 database configs use 10). */
export const STREAM_INTERVAL = 10;
/**
 * Attention-DP load balancing, as every NVIDIA attention-DP database config for DeepSeek-R1 sets it
 * (e.g. examples/configs/database/nvidia/DeepSeek-R1-0528-FP4-v2/B200/1k1k_tp8_conc1024.yaml).
 */
export const ATTENTION_DP_BALANCE = { enable_balance: true, batching_wait_iters: 0, timeout_iters: 60 } as const;
/** Relaxed MTP acceptance for reasoning models (examples/configs/curated/deepseek-r1-latency.yaml). */
export const RELAXED_MTP_ACCEPTANCE = { use_relaxed_acceptance_for_thinking: true, relaxed_topk: 10, relaxed_delta: 0.6 } as const;

export type LlmApiOptions = Readonly<Record<string, unknown>>;

/** The LLM API options object for a plan. Every value comes from the plan. */
export function renderLlmApiOptions(plan: DeploymentPlan): LlmApiOptions {
  const options: Record<string, unknown> = {
    tensor_parallel_size: plan.tensorParallel,
    pipeline_parallel_size: plan.pipelineParallel,
  };
  if (plan.modelKind === "moe") options.moe_expert_parallel_size = plan.expertParallel;
  options.enable_attention_dp = plan.attentionDataParallel;
  if (plan.attentionDataParallel && plan.attentionDpBalance === true) options.attention_dp_config = { ...ATTENTION_DP_BALANCE };
  const image = imageSpecOf(plan);
  options.kv_cache_config = {
    dtype: kvDtypeSpelling(plan.kvCacheDtype, image),
    free_gpu_memory_fraction: plan.kvCacheFreeMemoryFraction,
    enable_block_reuse: true,
  };
  if (plan.moeBackend) {
    options.moe_config = typeof plan.moeMaxNumTokens === "number"
      ? { backend: plan.moeBackend, max_num_tokens: plan.moeMaxNumTokens }
      : { backend: plan.moeBackend };
  }
  if (plan.mtpLayers > 0) {
    options.speculative_config = {
      decoding_type: "MTP",
      // The line's keys (lib/catalog/trtllm-images.ts): 1.2 reads num_nextn_predict_layers and overwrites max_draft_len
      // with it; the pinned 1.3 tag gets both, equal (before PR #12341 the first is read, after it the second).
      ...Object.fromEntries(image.mtpDraftKeys.map((k) => [k, plan.mtpLayers])),
      ...(plan.relaxedMtpAcceptance ? RELAXED_MTP_ACCEPTANCE : {}),
    };
  }
  options.cuda_graph_config = Array.isArray(plan.cudaGraphBatchSizes) && plan.cudaGraphBatchSizes.length > 0
    ? { enable_padding: true, batch_sizes: [...plan.cudaGraphBatchSizes] }
    : { enable_padding: true, max_batch_size: plan.cudaGraphMaxBatchSize };
  options.max_batch_size = plan.maxBatchSize;
  options.max_num_tokens = plan.maxNumTokens;
  options.max_seq_len = plan.maxSeqLen;
  if (plan.chunkedPrefill) options.enable_chunked_prefill = true;
  // No trust_remote_code: DeepSeek V3/R1 are native TensorRT-LLM architectures (DeepseekV3ForCausalLM in
  // NVIDIA/TensorRT-LLM tensorrt_llm/_torch/models/modeling_deepseekv3.py), as are the distilled Qwen
  // and Llama models; with it on the servers would run the repository's Python. Default false
  // (LlmArgs.trust_remote_code, tensorrt_llm/llmapi/llm_args.py).
  // /metrics (JSON iteration stats) needs enable_iter_perf_stats on the PyTorch backend;
  // /prometheus/metrics is registered only when return_perf_metrics is true (tensorrt_llm/serve/openai_server.py).
  // Structured output (response_format with a JSON schema) needs a guided decoding backend (TorchLlmArgs.guided_decoding_backend).
  if (plan.guidedDecodingBackend) options.guided_decoding_backend = plan.guidedDecodingBackend;
  options.enable_iter_perf_stats = true;
  options.return_perf_metrics = true;
  options.stream_interval = STREAM_INTERVAL;
  return options;
}

/** The release line the plan's image belongs to; tags the catalog has no data for are read as the default line. */
export function imageSpecOf(plan: Pick<DeploymentPlan, "image">): TrtllmImageSpec {
  return trtllmImageFor(plan.image?.tag ?? "") ?? TRTLLM_IMAGES["1.2"];
}

/** KV cache dtype as the line spells it: a line that lists `bfloat16` but not `bf16` (main's manifest) gets `bfloat16`. */
function kvDtypeSpelling(dtype: string, image: TrtllmImageSpec): string {
  const allowed = image.enums["kv_cache_config.dtype"] ?? [];
  if (allowed.includes(dtype)) return dtype;
  return dtype === "bf16" && allowed.includes("bfloat16") ? "bfloat16" : dtype;
}

/**
 * `trtllm-serve` argv (without launcher). The model argument is the served model name, resolved
 * relative to the working directory {@link MODEL_CACHE_MOUNT}, where the init container links it
 * to the staged checkpoint, so `/v1/models` reports the name clients send.
 */
export function trtllmServeArgs(plan: DeploymentPlan): string[] {
  const names = servingNames(plan);
  const args = [
    "trtllm-serve", names.servedModelName,
    "--host", "0.0.0.0",
    "--port", String(names.port),
    "--backend", "pytorch",
    "--tp_size", String(plan.tensorParallel),
    "--pp_size", String(plan.pipelineParallel),
  ];
  if (plan.modelKind === "moe") args.push("--ep_size", String(plan.expertParallel));
  // Parser names: keys of ReasoningParserFactory / ToolParserFactory (click.Choice in tensorrt_llm/commands/serve.py).
  if (plan.reasoningParser) args.push("--reasoning_parser", plan.reasoningParser);
  if (plan.toolParser) args.push("--tool_parser", plan.toolParser);
  // `--config` is the current name of `--extra_llm_api_options` (docs/source/commands/trtllm-serve/trtllm-serve.rst).
  args.push("--config", LLM_API_OPTIONS_PATH);
  return args;
}

/** Flags (names only) used by {@link trtllmServeArgs}, for checks against the accepted list. */
export function cliFlags(args: readonly string[]): string[] {
  return args.filter((a) => a.startsWith("--"));
}

/**
 * The leader's MPI launch across a LeaderWorkerSet group: one rank per GPU, `gpusPerNode` slots
 * on the leader pod and on each worker pod, `trtllm-llmapi-launch` wrapping `trtllm-serve`
 * (kubernetes-sigs/lws docs/examples/tensorrt-llm; TRT-LLM examples/disaggregated/README.md). `$POD_NAME` is the leader pod; workers are `$POD_NAME-1 … -(size-1)` (LWS naming).
 */
export function mpirunArgs(plan: DeploymentPlan, rshAgentPath: string): string[] {
  const hosts = ["${POD_NAME}:" + plan.gpusPerNode];
  for (let i = 1; i < plan.nodesPerReplica; i++) hosts.push(`\${POD_NAME}-${i}:${plan.gpusPerNode}`);
  const forwarded = ["LD_LIBRARY_PATH", "PATH", ...Object.keys(plan.env)];
  return [
    "mpirun", "--allow-run-as-root", "--bind-to", "none",
    "-mca", "plm_rsh_agent", rshAgentPath,
    "-np", String(plan.gpusPerReplica),
    "--host", hosts.join(","),
    ...forwarded.flatMap((e) => ["-x", e]),
    "trtllm-llmapi-launch",
    ...trtllmServeArgs(plan),
  ];
}

/** One thing the plan emits that its image does not accept. */
export interface ImageMismatch {
  readonly what: string;
  /** The release lines that accept it (empty: none in the catalog). */
  readonly supportedBy: readonly string[];
}

/**
 * Every option key, categorical value, `trtllm-serve` flag, MoE backend and model the plan emits,
 * checked against the release line of the image it pins (lib/catalog/trtllm-images.ts). Empty when
 * everything is accepted, or when the tag belongs to no line the catalog knows (see `imageLineKnown`).
 */
export function imageMismatches(plan: DeploymentPlan): ImageMismatch[] {
  const image = trtllmImageFor(plan.image?.tag ?? "");
  if (!image) return [];
  const lines = Object.values(TRTLLM_IMAGES);
  const out: ImageMismatch[] = [];
  const options = renderLlmApiOptions(plan);
  const flat = flattenOptions(options);
  for (const key of optionKeys(options)) {
    if (!image.optionKeys.includes(key)) out.push({ what: `option ${key}`, supportedBy: lines.filter((l) => l.optionKeys.includes(key)).map((l) => l.defaultTag) });
  }
  for (const [key, value] of Object.entries(flat)) {
    const allowed = image.enums[key];
    if (allowed && typeof value === "string" && !allowed.includes(value)) {
      out.push({ what: `${key}: ${value}`, supportedBy: lines.filter((l) => (l.enums[key] ?? []).includes(value)).map((l) => l.defaultTag) });
    }
  }
  for (const flag of cliFlags(trtllmServeArgs(plan))) {
    if (!image.cliFlags.includes(flag)) out.push({ what: `trtllm-serve flag ${flag}`, supportedBy: lines.filter((l) => l.cliFlags.includes(flag)).map((l) => l.defaultTag) });
  }
  if (plan.moeBackend && !image.moeBackends.includes(plan.moeBackend)) {
    out.push({ what: `MoE backend ${plan.moeBackend}`, supportedBy: lines.filter((l) => l.moeBackends.includes(plan.moeBackend as string)).map((l) => l.defaultTag) });
  }
  if (plan.toolParser && !image.toolParsers.includes(plan.toolParser)) {
    out.push({ what: `tool parser ${plan.toolParser}`, supportedBy: lines.filter((l) => l.toolParsers.includes(plan.toolParser as string)).map((l) => l.defaultTag) });
  }
  if (plan.reasoningParser && !(image.enums.reasoning_parser ?? []).includes(plan.reasoningParser)) {
    out.push({ what: `reasoning parser ${plan.reasoningParser}`, supportedBy: lines.filter((l) => (l.enums.reasoning_parser ?? []).includes(plan.reasoningParser as string)).map((l) => l.defaultTag) });
  }
  if (!image.models.includes(plan.model)) {
    out.push({ what: `model ${plan.model}`, supportedBy: lines.filter((l) => l.models.includes(plan.model)).map((l) => l.defaultTag) });
  }
  return out;
}

/** Dotted key → leaf value of an options object. */
export function flattenOptions(options: Readonly<Record<string, unknown>>, prefix = ""): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? Object.entries(flattenOptions(v as Record<string, unknown>, key)) : [[key, v]];
  }));
}

/** YAML keys of an options object, dotted (`kv_cache_config.dtype`), for checks against the accepted list. */
export function optionKeys(options: Readonly<Record<string, unknown>>, prefix = ""): string[] {
  return Object.entries(options).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? [key, ...optionKeys(v as Record<string, unknown>, key)] : [key];
  });
}
