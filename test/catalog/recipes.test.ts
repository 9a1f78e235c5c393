import { planDeployment } from "../../lib/plan/plan-deployment";

const base = { model: "deepseek-r1", cloud: "aws", region: "us-east-1" } as const;

describe("NVIDIA recipe defaults per hardware profile and mode", () => {
  test.each([
    // hardware, mode, precision, TP, EP, PP, ADP, MoE backend, MTP, node type
    ["8xB200", "throughput", "nvfp4", 8, 8, 1, true, "TRTLLM", 1, "p6-b200.48xlarge"],
    ["8xB200", "balanced", "nvfp4", 8, 8, 1, true, "CUTLASS", 1, "p6-b200.48xlarge"],
    ["8xB200", "latency", "nvfp4", 8, 2, 1, false, "TRTLLM", 3, "p6-b200.48xlarge"],
    ["8xH200", "throughput", "fp8", 8, 8, 1, true, "CUTLASS", 1, "p5en.48xlarge"],
    ["8xH200", "balanced", "fp8", 8, 8, 1, false, "CUTLASS", 3, "p5en.48xlarge"],
    ["8xH200", "latency", "fp8", 8, 8, 1, false, "CUTLASS", 3, "p5en.48xlarge"],
    ["2x8xH100", "throughput", "fp8", 16, 8, 1, true, "CUTLASS", 0, "p5.48xlarge"],
    ["2x8xH100", "latency", "fp8", 16, 4, 1, true, "CUTLASS", 0, "p5.48xlarge"],
  ] as const)("%s %s", (hardware, mode, precision, tp, ep, pp, adp, moe, mtp, nodeType) => {
    const plan = planDeployment({ ...base, hardware, mode });
    expect(plan).toMatchObject({
      weightPrecision: precision, tensorParallel: tp, expertParallel: ep, pipelineParallel: pp,
      attentionDataParallel: adp, moeBackend: moe, mtpLayers: mtp, nodeType, kvCacheDtype: "fp8",
    });
    expect(plan.tensorParallel * plan.pipelineParallel).toBe(plan.gpusPerReplica);
  });
});

describe("modes NVIDIA publishes no configuration for are refused", () => {
  test("2x8xH100 balanced: no mid-concurrency two-node H100 config exists", () => {
    expect(() => planDeployment({ ...base, hardware: "2x8xH100", mode: "balanced" })).toThrow(
      'mode: has no published NVIDIA TensorRT-LLM configuration for H100 FP8: no mid-concurrency two-node H100 configuration is published: '
      + "NVIDIA's configuration database (NVIDIA/TensorRT-LLM examples/configs/database) has no H100 DeepSeek-R1 file, and InferenceX measures DeepSeek-R1 on H100 only disaggregated (Dynamo) "
      + '(got "balanced"); use "latency" or "throughput"',
    );
  });
  test("2x8xH100 latency carries its caveat as a warning", () => {
    expect(planDeployment({ ...base, hardware: "2x8xH100", mode: "latency" }).warnings.join("\n")).toMatch(/no min-latency configuration for 2x8xH100/);
  });
});
