import type { DeploymentPlan } from "../plan/plan";
import { servingNames } from "../plan/names";

/**
 * The TensorRT-LLM runtime a plan implies, as plain data: the extra LLM API options YAML
 * (`--extra_llm_api_options`) and the `trtllm-serve` command line. Pure: no cdktf.
 * Keys and flags follow facts §4.2-4.4 (NVIDIA curated configs and trtllm-serve.rst);
 * test/fixtures/trtllm-1.2-accepted.json lists what the pinned image accepts.
 */

/** Where the options YAML is mounted in the server container. */
export const LLM_API_OPTIONS_PATH = "/etc/trtllm/config.yaml";
/** Working directory of the server: the model cache mount. The model argument is relative to it. */
export const MODEL_CACHE_MOUNT = "/models";
/** Emit a streamed chunk every N tokens (NVIDIA recipes use 10 for both modes). */
export const STREAM_INTERVAL = 10;
/** Attention-DP load balancing used by NVIDIA's H200 max-throughput database config (facts §4.4). */
export const H200_ATTENTION_DP_CONFIG = { enable_balance: true, batching_wait_iters: 0, timeout_iters: 60 } as const;
/** Relaxed MTP acceptance for reasoning models (curated deepseek-r1-latency.yaml, facts §4.3). */
export const RELAXED_MTP_ACCEPTANCE = { use_relaxed_acceptance_for_thinking: true, relaxed_topk: 10, relaxed_delta: 0.6 } as const;

export type LlmApiOptions = Readonly<Record<string, unknown>>;

/** The extra_llm_api_options object for a plan. Every value comes from the plan. */
export function renderLlmApiOptions(plan: DeploymentPlan): LlmApiOptions {
  const options: Record<string, unknown> = {
    tensor_parallel_size: plan.tensorParallel,
    pipeline_parallel_size: plan.pipelineParallel,
  };
  if (plan.modelKind === "moe") options.moe_expert_parallel_size = plan.expertParallel;
  options.enable_attention_dp = plan.attentionDataParallel;
  if (plan.attentionDataParallel && plan.gpu === "H200" && plan.mode === "throughput") {
    options.attention_dp_config = { ...H200_ATTENTION_DP_CONFIG };
  }
  options.kv_cache_config = {
    dtype: plan.kvCacheDtype,
    free_gpu_memory_fraction: plan.kvCacheFreeMemoryFraction,
    enable_block_reuse: true,
  };
  if (plan.moeBackend) options.moe_config = { backend: plan.moeBackend };
  if (plan.mtpLayers > 0) {
    options.speculative_config = {
      decoding_type: "MTP",
      num_nextn_predict_layers: plan.mtpLayers,
      ...(plan.relaxedMtpAcceptance ? RELAXED_MTP_ACCEPTANCE : {}),
    };
  }
  options.cuda_graph_config = { enable_padding: true, max_batch_size: plan.cudaGraphMaxBatchSize };
  options.max_batch_size = plan.maxBatchSize;
  options.max_num_tokens = plan.maxNumTokens;
  options.max_seq_len = plan.maxSeqLen;
  if (plan.chunkedPrefill) options.enable_chunked_prefill = true;
  // No trust_remote_code: DeepSeek V3/R1 are native TensorRT-LLM architectures (DeepseekV3ForCausalLM in
  // NVIDIA/TensorRT-LLM tensorrt_llm/_torch/models/modeling_deepseekv3.py), as are the distilled Qwen
  // and Llama models; with it on the servers would run the repository's Python. Default false
  // (LlmArgs.trust_remote_code, tensorrt_llm/llmapi/llm_args.py).
  // /metrics (JSON iteration stats) needs enable_iter_perf_stats on the PyTorch backend;
  // /prometheus/metrics is registered only when return_perf_metrics is true (facts §4.6).
  options.enable_iter_perf_stats = true;
  options.return_perf_metrics = true;
  options.stream_interval = STREAM_INTERVAL;
  return options;
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
  args.push("--extra_llm_api_options", LLM_API_OPTIONS_PATH);
  return args;
}

/** Flags (names only) used by {@link trtllmServeArgs}, for checks against the accepted list. */
export function cliFlags(args: readonly string[]): string[] {
  return args.filter((a) => a.startsWith("--"));
}

/**
 * The leader's MPI launch across a LeaderWorkerSet group: one rank per GPU, `gpusPerNode` slots
 * on the leader pod and on each worker pod, `trtllm-llmapi-launch` wrapping `trtllm-serve`
 * (facts §4.5). `$POD_NAME` is the leader pod; workers are `$POD_NAME-1 … -(size-1)` (LWS naming).
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

/** YAML keys of an options object, dotted (`kv_cache_config.dtype`), for checks against the accepted list. */
export function optionKeys(options: Readonly<Record<string, unknown>>, prefix = ""): string[] {
  return Object.entries(options).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? [key, ...optionKeys(v as Record<string, unknown>, key)] : [key];
  });
}
