import { DeepSeekConfigError } from "../../lib/errors";
import { DeploymentInput } from "../../lib/plan/input";
import { planDeployment } from "../../lib/plan/plan-deployment";

const base: DeploymentInput = { model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1" };

function refusal(input: Partial<DeploymentInput> & Record<string, unknown>): DeepSeekConfigError {
  try {
    planDeployment({ ...base, ...input } as DeploymentInput);
  } catch (e) {
    expect(e).toBeInstanceOf(DeepSeekConfigError);
    return e as DeepSeekConfigError;
  }
  throw new Error("expected a DeepSeekConfigError");
}

describe("refusals name the field, the value and the fix", () => {
  test("NVFP4 on Hopper", () => {
    const e = refusal({ hardware: "8xH200", overrides: { precision: "nvfp4" } });
    expect(e.message).toBe('overrides.precision: NVFP4 runs only on Blackwell GPUs; H200 is hopper (got "nvfp4"); use "fp8" on H200, or hardware "8xB200" for NVFP4');
    expect(e.path).toBe("overrides.precision");
    expect(e.received).toBe("nvfp4");
  });

  test("the 671B model in FP8 on one 8xH100 node", () => {
    const e = refusal({ hardware: "8xH100" });
    expect(e.message).toBe('hardware: deepseek-r1 in FP8 does not fit: 673.1 GB of weights over 8 GPUs (640 GiB) leaves no room for the runtime reserve and KV cache (93.9 GiB weights per GPU, 17.8 GiB of which attention data parallelism keeps whole on every GPU, and 5.8 GiB reserve per 80 GiB GPU) (got "8xH100"); use "2x8xH100" (TP16 over two nodes), "8xH200" or "8xB200"');
  });

  test("TP × PP not equal to the GPUs of one replica", () => {
    const e = refusal({ overrides: { tensorParallel: 4, pipelineParallel: 1 } });
    expect(e.message).toBe("overrides.tensorParallel: × pipelineParallel (1) must equal the 8 GPUs of one replica (got 4); set tensorParallel × pipelineParallel = 8, e.g. tensorParallel 8 with pipelineParallel 1");
  });

  test("EP not dividing 256 experts", () => {
    expect(refusal({ overrides: { expertParallel: 3 } }).message).toBe("overrides.expertParallel: must divide the 256 routed experts (got 3); use 1, 2, 4, 8 or 16");
  });

  test("EP larger than TP × PP", () => {
    expect(refusal({ overrides: { expertParallel: 16 } }).message).toBe("overrides.expertParallel: is larger than tensorParallel × pipelineParallel (8) (got 16); use an expertParallel of at most 8 that divides 8");
  });

  test("a region that does not offer the node type", () => {
    expect(refusal({ region: "eu-west-1" }).message).toBe('region: does not offer p6-b200.48xlarge (catalog starting list) (got "eu-west-1"); use "us-east-1", "us-east-2" or "us-west-2", or add "eu-west-1" to additionalRegions once you have confirmed the offering');
  });

  test("a region outside the jurisdiction", () => {
    expect(refusal({ jurisdiction: "eu" }).message).toBe('region: is outside the "eu" jurisdiction (in "us") (got "us-east-1"); use one of the aws regions inside European Union member states: "eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1" or "eu-south-2"');
  });

  test.each([
    ["gcp", "europe-west2", "London, United Kingdom"],
    ["gcp", "europe-west6", "Zurich, Switzerland"],
  ] as const)("EU excludes %s %s", (cloud, region, where) => {
    const e = refusal({ cloud, region, hardware: "8xH200", jurisdiction: "eu" });
    expect(e.message).toContain(`is outside the "eu" jurisdiction (${where})`);
  });

  test.each([
    ["aws", "eu-west-2", "London, United Kingdom"],
    ["aws", "eu-central-2", "Zurich, Switzerland"],
  ] as const)("EU excludes %s %s", (cloud, region, where) => {
    const e = refusal({ cloud, region, hardware: "8xH200", jurisdiction: "eu", additionalRegions: [region] });
    expect(e.message).toContain(`is outside the "eu" jurisdiction (${where})`);
  });

  test("replicas.min > replicas.max", () => {
    expect(refusal({ replicas: { min: 3, max: 2 } }).message).toBe("replicas.min: is greater than replicas.max (2) (got 3); set replicas.min ≤ replicas.max");
  });

  test("a context length over 128K", () => {
    expect(refusal({ contextLength: 200000 }).message).toBe("contextLength: is over the model's 131072-token (128K) context window (got 200000); use at most 131072");
  });

  test("a context length over one replica's KV capacity", () => {
    const e = refusal({ model: "deepseek-r1-distill-llama-70b", hardware: "8xH100", overrides: { kvCacheFreeMemoryFraction: 0.0001 } });
    expect(e.path).toBe("contextLength");
    expect(e.message).toMatch(/^contextLength: is over the \d+ tokens one sequence's KV cache can hold on 8xH100 \(got 131072\); use at most \d+, or free memory/);
  });

  test("unknown model", () => {
    expect(refusal({ model: "gpt-4" }).message).toBe('model: is not a supported value (got "gpt-4"); use "deepseek-v3", "deepseek-v3-0324", "deepseek-r1", "deepseek-r1-0528", "deepseek-v3.1", "deepseek-v3.1-terminus", "deepseek-v3.2", "deepseek-r1-distill-qwen-1.5b", "deepseek-r1-distill-qwen-7b", "deepseek-r1-distill-qwen-14b", "deepseek-r1-distill-qwen-32b", "deepseek-r1-distill-llama-8b" or "deepseek-r1-distill-llama-70b"');
  });

  test("unknown hardware", () => {
    expect(refusal({ hardware: "8xA100" }).message).toBe('hardware: names an unsupported GPU "A100" (got "8xA100"); use "8xB200", "8xB300", "8xH200" or "2x8xH100", or "<nodes>x8x<GPU>" with GPU "H100", "H200", "B200" or "B300"');
    expect(refusal({ hardware: "lots of GPUs" }).message).toBe('hardware: is not a hardware profile (got "lots of GPUs"); use "8xB200", "8xB300", "8xH200" or "2x8xH100", or "<nodes>x8x<GPU>" with GPU "H100", "H200", "B200" or "B300"');
    expect(refusal({ hardware: "4xB200" }).message).toBe('hardware: must use whole 8-GPU nodes (every supported node type has 8 GPUs) (got "4xB200"); use "8xB200"');
  });

  test("unknown cloud", () => {
    expect(refusal({ cloud: "azure" } as never).message).toBe('cloud: is not a supported value (got "azure"); use "aws" or "gcp"');
  });

  test("unknown region lists the valid ones", () => {
    const e = refusal({ cloud: "gcp", region: "moon-central1", hardware: "8xH200" });
    expect(e.message).toMatch(/^region: is not a known gcp region \(got "moon-central1"\); use one of "asia-southeast1", .*"us-west4", or add it to additionalRegions if the catalog is behind$/);
  });

  test("unknown field", () => {
    expect(refusal({ gpus: 8 } as never).message).toBe("gpus: is not a known field (got 8); remove it or check its spelling");
  });

  test("a node type override for another GPU", () => {
    expect(refusal({ overrides: { nodeType: "p5.48xlarge" } }).message).toBe('overrides.nodeType: is a node type for H100 on aws, not B200 on aws (got "p5.48xlarge"); use "p6-b200.48xlarge" for B200 on aws');
  });

  test("a MoE backend without kernels for the GPU", () => {
    expect(refusal({ hardware: "8xH200", overrides: { moeBackend: "TRTLLM" } }).message).toBe('overrides.moeBackend: has no FP8 kernels on H200 (hopper) (got "TRTLLM"); use "CUTLASS"');
  });

  test("capacity kinds of the other cloud", () => {
    expect(refusal({ capacity: { kind: "flex-start" } }).message).toBe('capacity.kind: is not available on aws (got "flex-start"); use "on-demand", "reservation", "capacity-block" or "spot"');
  });

  test("a reservation smaller than one replica", () => {
    const e = refusal({ hardware: "2x8xH100", capacity: { kind: "capacity-block", id: "cr-0abc", zone: "us-east-1a", nodes: 1 } });
    expect(e.message).toBe("capacity.nodes: reserves fewer nodes than one replica needs (2) (got 1); reserve at least 2 nodes or choose hardware that fits on fewer");
  });

  test("replicas beyond the reservation", () => {
    const e = refusal({ replicas: { min: 1, max: 3 }, capacity: { kind: "reservation", id: "cr-0abc", zone: "us-east-1d", nodes: 2 } });
    expect(e.message).toBe("replicas.max: needs 3 nodes (1 per replica) but the reservation holds 2 (got 3); use replicas.max ≤ 2, or reserve more nodes");
  });

  test("a reservation zone that no GPU zone covers", () => {
    const e = refusal({ zones: ["us-east-1a"], capacity: { kind: "reservation", id: "cr-0abc", zone: "us-east-1d", nodes: 2 } });
    expect(e.message).toBe('capacity.zone: is not among the GPU zones "us-east-1a": no subnet would cover the reservation (got "us-east-1d"); add "us-east-1d" to zones or drop zones');
  });

  test("NVFP4 requested for a model without an NVFP4 checkpoint", () => {
    expect(refusal({ model: "deepseek-v3", overrides: { precision: "nvfp4" } }).message).toBe('overrides.precision: deepseek-v3 has no nvfp4 checkpoint (got "nvfp4"); use "fp8"');
  });
});

describe("an override that breaks the memory budget is named", () => {
  test("maxNumTokens too large", () => {
    const e = refusal({ hardware: "8xH200", overrides: { maxNumTokens: 262144 } });
    expect(e.path).toBe("overrides.maxNumTokens");
    expect(e.message).toMatch(/^overrides\.maxNumTokens: leaves no room for the KV cache: its activations take 197\.0 GiB beside [\d.]+ GiB of weights per 141 GiB GPU \(got 262144\); use a smaller maxNumTokens$/);
  });
});
