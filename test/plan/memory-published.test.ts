import { MODELS } from "../../lib/catalog";
import { planDeployment } from "../../lib/plan";
import { MemoryInputs, runtimeReserveGiB, weightsPerGpuGB } from "../../lib/plan/memory";

/**
 * The memory model against NVIDIA's published figures (within 10%). None of these numbers is fitted:
 * weights come from the parameter groups of config_671B.json, the reserve from BASE_RUNTIME_RESERVE_GIB
 * plus per-token activations.
 */
const within10 = (value: number, published: number) => expect(Math.abs(value - published) / published).toBeLessThan(0.1);
const GB_PER_GIB = 2 ** 30 / 1e9;

const r1 = MODELS["deepseek-r1"];
const fp8 = r1.checkpoints.find((c) => c.precision === "fp8")!;
// NVFP4 v1 (attention left in BF16), the checkpoint NVIDIA's blog3 measured (nvidia/DeepSeek-R1-FP4).
const nvfp4v1 = MODELS["deepseek-v3-0324"].checkpoints.find((c) => c.precision === "nvfp4")!;

describe("memory model reproduces NVIDIA's published figures", () => {
  test("FP8 weights: 'about 671GB GPU memory for FP8 weights' (TensorRT-LLM examples/models/core/deepseek_v3/README.md)", () => {
    within10(fp8.weightsGB, 671);
    expect(fp8.weightsGB).toBeCloseTo(673.1, 1);
  });

  test("FP8 checkpoint on disk ≈ 688 GB (main model + the MTP module with its own embedding and head)", () => {
    within10(fp8.sizeGB, 688);
    expect(fp8.sizeGB).toBeCloseTo(688.4, 1);
  });

  test("NVFP4 checkpoint: '~400 GB' (TensorRT-LLM docs/source/blogs/tech_blog/blog3)", () => {
    within10(nvfp4v1.weightsGB, 400);
    within10(nvfp4v1.sizeGB, 400);
  });

  // blog3 (8xB200, R1-FP4, attention DP 8 + EP 8, batch 384, max_num_tokens 1536, the config of the
  // README's multi-node benchmark): "about 80 GB of weights plus activations per GPU".
  const blog3: MemoryInputs = {
    model: MODELS["deepseek-v3-0324"], weightsGB: nvfp4v1.weightsGB, checkpoint: nvfp4v1, gpuMemoryGiB: 179, gpusPerReplica: 8,
    pipelineParallel: 1, attentionDataParallel: true, mtpLayers: 0, maxNumTokens: 1536, kvCacheFreeMemoryFraction: 0.85, kvCacheDtype: "fp8", tensorParallel: 8,
  };

  test("8xB200 R1-FP4 under attention DP: weights + activations ≈ 80 GB per GPU (blog3)", () => {
    const w = weightsPerGpuGB(blog3);
    const total = w.total + runtimeReserveGiB(blog3.maxNumTokens) * GB_PER_GIB;
    within10(total, 80);
    // Replicated: attention (BF16 in v1) 22.8 + dense MLP 0.67 + shared experts 1.44 + embedding/lm_head 3.71 + router 0.21 GB.
    expect(w.replicated).toBeCloseTo(28.85, 1);
    // Sharded: 653.9B routed expert parameters × 0.5625 B / 8 GPUs.
    expect(w.sharded).toBeCloseTo(45.98, 1);
  });

  test("the previous model (400 GB sharded, 11.4 GB of FP8 attention replicated) misses the published figure by more than 10%", () => {
    const oldTotal = 400 / 8 + 11.4 * (7 / 8) + runtimeReserveGiB(blog3.maxNumTokens) * GB_PER_GIB;
    expect(Math.abs(oldTotal - 80) / 80).toBeGreaterThan(0.1);
  });

  test("8xH200 FP8 throughput: KV from what is left × 0.75 (independent count: 26–30 GiB per rank)", () => {
    const plan = planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "aws", region: "us-east-2", mode: "throughput" });
    expect(plan.memory.kvCacheGiB).toBeGreaterThanOrEqual(26);
    expect(plan.memory.kvCacheGiB).toBeLessThanOrEqual(30);
    // (141 − weights − reserve) × 0.75
    expect(plan.memory.kvCacheGiB).toBeCloseTo((141 - plan.memory.weightsGiB - plan.memory.runtimeReserveGiB) * 0.75, 1);
  });
});
