import { parse } from "yaml";
import {
  cliFlags, imageMismatches, LLM_API_OPTIONS_PATH, mpirunArgs, optionKeys, renderLlmApiOptions, servingConfigMap, trtllmServeArgs,
} from "../../lib/serving";
import { ACCEPTED, MODES, PROFILES, planFor } from "./helpers";

describe("extra LLM API options and trtllm-serve flags", () => {
  const cases = PROFILES.flatMap((hw) => MODES.map((mode) => [hw, mode] as const));

  test.each(cases)("%s %s: options YAML carries the plan's values", (hw, mode) => {
    const plan = planFor("aws", hw, mode);
    const yaml = parse(servingConfigMap(plan).data ? (servingConfigMap(plan).data as Record<string, string>)["config.yaml"] : "");
    expect(yaml).toEqual(renderLlmApiOptions(plan));
    expect(yaml).toMatchObject({
      tensor_parallel_size: plan.tensorParallel,
      pipeline_parallel_size: plan.pipelineParallel,
      moe_expert_parallel_size: plan.expertParallel,
      enable_attention_dp: plan.attentionDataParallel,
      kv_cache_config: { dtype: "fp8", free_gpu_memory_fraction: plan.kvCacheFreeMemoryFraction, enable_block_reuse: true },
      moe_config: { backend: plan.moeBackend },
      cuda_graph_config: plan.cudaGraphBatchSizes
        ? { enable_padding: true, batch_sizes: plan.cudaGraphBatchSizes }
        : { enable_padding: true, max_batch_size: plan.cudaGraphMaxBatchSize },
      max_batch_size: plan.maxBatchSize,
      max_num_tokens: plan.maxNumTokens,
      max_seq_len: plan.maxSeqLen,
      enable_iter_perf_stats: true,
      return_perf_metrics: true,
      stream_interval: 10,
    });
    // DeepSeek V3/R1 are native TensorRT-LLM models: the repository's Python never runs.
    expect(yaml.trust_remote_code).toBeUndefined();
    // The pinned 1.2.1 reads num_nextn_predict_layers (its MTPDecodingConfig overwrites max_draft_len with it).
    if (plan.mtpLayers > 0) expect(yaml.speculative_config).toMatchObject({ decoding_type: "MTP", num_nextn_predict_layers: plan.mtpLayers });
    else expect(yaml.speculative_config).toBeUndefined();
    expect(yaml.enable_chunked_prefill).toBe(plan.chunkedPrefill ? true : undefined);
  });

  test.each(cases)("%s %s: every options key and enum value is accepted by the pinned TensorRT-LLM", (hw, mode) => {
    const options = renderLlmApiOptions(planFor("gcp", hw, mode));
    expect(optionKeys(options).filter((k) => !ACCEPTED.optionKeys.includes(k))).toEqual([]);
    const flat = Object.fromEntries(optionKeys(options).map((k) => [k, k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], options)]));
    for (const [key, values] of Object.entries(ACCEPTED.enums)) if (key in flat) expect(values).toContain(flat[key]);
  });

  test.each(cases)("%s %s: every trtllm-serve flag is accepted; host 0.0.0.0, port 8000, pytorch backend", (hw, mode) => {
    const plan = planFor("aws", hw, mode);
    const args = trtllmServeArgs(plan);
    expect(args.slice(0, 2)).toEqual(["trtllm-serve", "deepseek-r1"]);
    expect(cliFlags(args).filter((f) => !ACCEPTED.cliFlags.includes(f))).toEqual([]);
    const flag = (f: string) => args[args.indexOf(f) + 1];
    expect(flag("--host")).toBe("0.0.0.0");
    expect(flag("--port")).toBe("8000");
    expect(flag("--backend")).toBe("pytorch");
    expect(flag("--tp_size")).toBe(String(plan.tensorParallel));
    expect(flag("--ep_size")).toBe(String(plan.expertParallel));
    expect(flag("--config")).toBe(LLM_API_OPTIONS_PATH);
    expect(args).not.toContain("--extra_llm_api_options");
  });

  test("8xB200 latency: MTP 3 with relaxed acceptance, TRTLLM MoE, EP2, no attention DP", () => {
    const o = renderLlmApiOptions(planFor("aws", "8xB200", "latency"));
    expect(o).toMatchObject({
      moe_expert_parallel_size: 2, enable_attention_dp: false, moe_config: { backend: "TRTLLM" },
      speculative_config: { decoding_type: "MTP", num_nextn_predict_layers: 3, use_relaxed_acceptance_for_thinking: true, relaxed_topk: 10, relaxed_delta: 0.6 },
    });
  });

  test("attention-DP balancing where NVIDIA's file sets it: 8xH200 and 8xB200 throughput; none without attention DP", () => {
    for (const hw of ["8xH200", "8xB200"]) {
      expect(renderLlmApiOptions(planFor("aws", hw, "throughput"))).toMatchObject({
        enable_attention_dp: true, attention_dp_config: { enable_balance: true, batching_wait_iters: 0, timeout_iters: 60 },
      });
    }
    expect(renderLlmApiOptions(planFor("aws", "8xH200", "latency")).attention_dp_config).toBeUndefined();
    expect(renderLlmApiOptions(planFor("aws", "2x8xH100", "throughput")).attention_dp_config).toBeUndefined();
  });

  test("the pinned 1.3 tag is given both MTP keys, equal (read before / after PR #12341), and BF16 KV is not claimed for it", () => {
    const plan = { ...planFor("aws", "8xB200", "latency"), image: { repository: "nvcr.io/nvidia/tensorrt-llm/release", tag: "1.3.0rc14" } };
    const o = renderLlmApiOptions(plan) as Record<string, Record<string, unknown>>;
    expect(o.speculative_config).toMatchObject({ num_nextn_predict_layers: 3, max_draft_len: 3 });
    const bf16 = { ...plan, kvCacheDtype: "bf16" as const };
    expect((renderLlmApiOptions(bf16) as Record<string, Record<string, unknown>>).kv_cache_config.dtype).toBe("bf16");
    expect(imageMismatches(bf16)).toContainEqual({ what: "kv_cache_config.dtype: bf16", supportedBy: ["1.2.1"] });
  });

  test("2x8xH100: mpirun spans 16 ranks over leader and worker, wrapping trtllm-serve --tp_size 16", () => {
    const plan = planFor("aws", "2x8xH100", "throughput");
    const args = mpirunArgs(plan, "/etc/trtllm/kubexec.sh");
    expect(args[0]).toBe("mpirun");
    expect(args[args.indexOf("-np") + 1]).toBe("16");
    expect(args[args.indexOf("--host") + 1]).toBe("${POD_NAME}:8,${POD_NAME}-1:8");
    const launch = args.indexOf("trtllm-llmapi-launch");
    expect(args.slice(launch + 1)).toEqual(trtllmServeArgs(plan));
    expect(args[args.indexOf("--tp_size") + 1]).toBe("16");
    for (const command of ["mpirun", "trtllm-llmapi-launch", "trtllm-serve"]) expect(ACCEPTED.commands).toContain(command);
  });
});
