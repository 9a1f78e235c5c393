import { planDeployment } from "../../lib/plan/plan-deployment";

describe("memory budget and KV capacity", () => {
  test("8xB200 throughput: NVFP4 weights plus replicated attention, hand calculation", () => {
    const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2", mode: "throughput" });
    // weights (NVFP4 v2): routed experts 367.8 GB / 8 = 45.98 GB; replicated under attention DP: attention
    // 12.53 + dense MLP 0.67 + shared experts 1.44 + embedding/lm_head 3.71 + router 0.21 = 18.55 GB;
    // MTP module: 0.79 GB sharded + 0.46 GB replicated. 65.62 GB = 61.11 GiB
    expect(plan.memory.weightsGiB).toBeCloseTo(61.11, 2);
    // reserve: 5 GiB + 8192 tokens × 0.75 MiB = 11 GiB
    expect(plan.memory.runtimeReserveGiB).toBe(11);
    // KV: (179 - 61.11 - 11) × 0.8 = 85.51 GiB
    expect(plan.memory.kvCacheGiB).toBeCloseTo(85.51, 1);
    // FP8 KV, 61 layers + 1 MTP layer, 576 values: 35,712 B per token per GPU
    expect(plan.kvBytesPerTokenPerGpu).toBe(35712);
    // attention DP: each of 8 ranks holds its own requests
    expect(plan.kvCapacityTokens.perReplica).toBe(plan.kvCapacityTokens.perSequence * 8);
  });

  test("2x8xH100: TP16 halves the weights per GPU; attention DP replicates attention", () => {
    const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
    // FP8: routed experts 654.0 GB / 16 = 40.87 GB; replicated: attention 11.41 + dense MLP 1.19 + shared
    // experts 2.55 + embedding/lm_head 3.71 + router 0.21 = 19.08 GB; no MTP in the H100 recipe. 59.96 GB = 55.84 GiB
    expect(plan.memory.weightsGiB).toBeCloseTo(55.84, 2);
    expect(plan.kvBytesPerTokenPerGpu).toBe(576 * 61);
    // attention DP: each of the 16 ranks caches its own requests
    expect(plan.kvCapacityTokens.perReplica).toBe(plan.kvCapacityTokens.perSequence * 16);
  });

  test("BF16 KV doubles the bytes per token", () => {
    const fp8 = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1", mode: "latency" });
    const bf16 = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1", mode: "latency", overrides: { kvCacheDtype: "bf16" } });
    expect(bf16.kvBytesPerTokenPerGpu).toBe(2 * fp8.kvBytesPerTokenPerGpu);
    expect(bf16.overridden).toContain("kvCacheDtype: fp8 → bf16");
  });

  test("a distill fits one 8xH100 node with a TP the heads allow", () => {
    const llama = planDeployment({ model: "deepseek-r1-distill-llama-70b", hardware: "8xH100", cloud: "gcp", region: "us-central1" });
    expect(llama).toMatchObject({ tensorParallel: 8, pipelineParallel: 1, expertParallel: 1, moeBackend: null, mtpLayers: 0, weightPrecision: "bf16" });
    // 12 heads: TP8 does not divide them, so TP4 × PP2
    const qwen = planDeployment({ model: "deepseek-r1-distill-qwen-1.5b", hardware: "8xH100", cloud: "gcp", region: "us-central1" });
    expect(qwen).toMatchObject({ tensorParallel: 4, pipelineParallel: 2 });
  });

  test("cold start budget from checkpoint size and stated throughput", () => {
    const plan = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });
    // 688.4 GB: stage 689 s at 1,000 MB/s, load 345 s at 2,000 MB/s, warm-up 600 s = 1,634 s
    expect(plan.coldStart).toMatchObject({ stageSeconds: 689, loadSeconds: 345, expectedSeconds: 1634 });
    // × 1.5 = 2,451 s → 82 probes of 30 s = 2,460 s
    expect(plan.coldStart).toMatchObject({ probeFailureThreshold: 82, startupBudgetSeconds: 2460 });
    const slow = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "europe-west4", coldStart: { stageThroughputMBps: 200 } });
    expect(slow.coldStart.startupBudgetSeconds).toBeGreaterThan(plan.coldStart.startupBudgetSeconds + 3000);
  });

  test("reserved capacity caps default replica bounds", () => {
    const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1", capacity: { kind: "capacity-block", id: "cr-0abc", zone: "us-east-1a", nodes: 3 } });
    expect(plan.replicas).toEqual({ min: 1, max: 1 });
    expect(plan.nodes).toEqual({ min: 2, max: 2 });
    expect(plan.capacity).toMatchObject({ placementGroup: false, zone: "us-east-1a" });
    expect(plan.zones).toEqual(["us-east-1a"]);
  });

  test("multi-node on-demand on AWS gets a placement group, on GCP COMPACT placement", () => {
    expect(planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" }).capacity.placementGroup).toBe(true);
    expect(planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "gcp", region: "us-central1" }).capacity.compactPlacement).toBe(true);
    expect(planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "us-central1" }).capacity.compactPlacement).toBe(false);
  });

  test("scale to zero is allowed but warned about", () => {
    const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2", replicas: { min: 0, max: 2 } });
    expect(plan.warnings.join("\n")).toMatch(/scale-to-zero waits a full cold start \(about \d+ min\)/);
  });
});
