import { MODELS } from "../../lib/catalog";
import { planDeployment } from "../../lib/plan";
import { renderLlmApiOptions, trtllmServeArgs } from "../../lib/serving";

const flag = (args: string[], f: string) => (args.includes(f) ? args[args.indexOf(f) + 1] : undefined);

describe("models teams run now", () => {
  test.each([
    // model, hardware, precision, checkpoint, reasoning parser, tool parser
    ["deepseek-r1-0528", "8xB200", "nvfp4", "nvidia/DeepSeek-R1-0528-NVFP4-v2", "deepseek-r1", "deepseek_v3"],
    ["deepseek-r1", "8xB200", "nvfp4", "nvidia/DeepSeek-R1-NVFP4-v2", "deepseek-r1", undefined],
    ["deepseek-v3-0324", "8xB200", "nvfp4", "nvidia/DeepSeek-V3-0324-NVFP4", undefined, "deepseek_v3"],
    ["deepseek-v3.1", "8xB200", "nvfp4", "nvidia/DeepSeek-V3.1-NVFP4", undefined, "deepseek_v31"],
    ["deepseek-v3.1-terminus", "8xH200", "fp8", "deepseek-ai/DeepSeek-V3.1-Terminus", undefined, "deepseek_v31"],
    ["deepseek-v3.2", "8xB200", "nvfp4", "nvidia/DeepSeek-V3.2-NVFP4", undefined, "deepseek_v32"],
    ["deepseek-v3.2", "8xH200", "fp8", "deepseek-ai/DeepSeek-V3.2", undefined, "deepseek_v32"],
    ["deepseek-r1-distill-llama-70b", "8xH200", "bf16", "deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "deepseek-r1", undefined],
  ] as const)("%s on %s: %s checkpoint, parsers wired into trtllm-serve, structured output on", (model, hardware, precision, checkpoint, reasoning, tool) => {
    // On 1.3.0rc14, whose tool parser names are established (test/catalog/tool-parsers.test.ts covers 1.2.1: none). The
    // BF16 distill (no tool parser) runs on 1.2.1: a BF16 KV cache is not established for rc14 (lib/catalog/trtllm-images.ts).
    const tag = precision === "bf16" ? "1.2.1" : "1.3.0rc14";
    const plan = planDeployment({ model, hardware, cloud: "aws", region: "us-east-2", image: { tag } });
    expect(plan).toMatchObject({ weightPrecision: precision, checkpoint });
    const args = trtllmServeArgs(plan);
    expect(flag(args, "--reasoning_parser")).toBe(reasoning);
    expect(flag(args, "--tool_parser")).toBe(tool);
    expect(renderLlmApiOptions(plan).guided_decoding_backend).toBe("xgrammar");
  });

  test("hybrid-thinking models get no reasoning parser: their default template opens no think block", () => {
    for (const m of ["deepseek-v3.1", "deepseek-v3.1-terminus", "deepseek-v3.2"]) expect(MODELS[m].serving.reasoningParser).toBeNull();
  });

  test("models NVIDIA did not measure say whose recipe they run", () => {
    const plan = planDeployment({ model: "deepseek-v3.2", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
    expect(plan.warnings.join("\n")).toMatch(/measured with DeepSeek-R1-0528.*sparse attention/);
  });

  test("DeepSeek-V3.2 caches the sparse-attention indexer key beside the MLA latent", () => {
    const v32 = planDeployment({ model: "deepseek-v3.2", hardware: "8xH200", cloud: "aws", region: "us-east-2" });
    const r1 = planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "aws", region: "us-east-2" });
    // FP8 MLA 576 B + indexer 128 FP8 values + one float32 scale = 708 B per layer, 61 layers + 1 MTP layer.
    expect(v32.kvBytesPerTokenPerGpu).toBe(708 * 62);
    expect(r1.kvBytesPerTokenPerGpu).toBe(576 * 62);
    expect(v32.kvCapacityTokens.perReplica).toBeLessThan(r1.kvCapacityTokens.perReplica);
  });
});

describe("8xB300 (p6-b300.48xlarge)", () => {
  test("plans on AWS with the B200 recipe, sized to 268 GB per GPU, and says so", () => {
    const plan = planDeployment({ model: "deepseek-r1-0528", hardware: "8xB300", cloud: "aws", region: "us-west-2" });
    expect(plan).toMatchObject({ nodeType: "p6-b300.48xlarge", gpu: "B300", weightPrecision: "nvfp4", recipeId: "B200/nvfp4/throughput" });
    expect(plan.memory.gpuMemoryGiB).toBe(268);
    expect(plan.warnings.join("\n")).toMatch(/no DeepSeek configuration for B300/);
    const b200 = planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
    expect(plan.kvCapacityTokens.perReplica).toBeGreaterThan(b200.kvCapacityTokens.perReplica);
  });

  test("GCP has no 8-GPU B300 machine type in the catalog: refused", () => {
    expect(() => planDeployment({ model: "deepseek-r1-0528", hardware: "8xB300", cloud: "gcp", region: "us-central1" })).toThrow(
      'hardware: has no B300 node type on gcp in the catalog (got "8xB300"); use cloud "aws" for B300, or another GPU on gcp',
    );
  });
});
