/**
 * GPUs that can serve DeepSeek V3/R1. Plain data; every figure has its source.
 * Memory is in GiB as the driver reports it (describe-instance-types MiB / 1024).
 */
export type GpuName = "H100" | "H200" | "B200" | "B300";
export type GpuArchitecture = "hopper" | "blackwell";

export interface GpuSpec {
  readonly name: GpuName;
  readonly architecture: GpuArchitecture;
  /** HBM per GPU in GiB. */
  readonly memoryGiB: number;
  /** NVFP4 tensor cores: Blackwell only. */
  readonly supportsNvfp4: boolean;
  readonly source: string;
}

export const GPUS: Readonly<Record<GpuName, GpuSpec>> = {
  // 81,920 MiB per GPU: `aws ec2 describe-instance-types` output for p5.48xlarge.
  H100: { name: "H100", architecture: "hopper", memoryGiB: 80, supportsNvfp4: false, source: "EC2 describe-instance-types p5.48xlarge (81,920 MiB/GPU); TRT-LLM deepseek_v3 README HW table (FP4 N/A on H100)" },
  // 144,384 MiB per GPU: `aws ec2 describe-instance-types` output for p5e/p5en.
  H200: { name: "H200", architecture: "hopper", memoryGiB: 141, supportsNvfp4: false, source: "EC2 describe-instance-types p5e.48xlarge (144,384 MiB/GPU); TRT-LLM deepseek_v3 README HW table (FP4 N/A on H200); TensorRT-LLM issue #6038" },
  // 1,432 GB per 8 GPUs on p6-b200 (~179 GB/GPU); GCP a4 1,440 GB (aws.amazon.com/ec2/instance-types/p6; GCP "GPU machine types").
  B200: { name: "B200", architecture: "blackwell", memoryGiB: 179, supportsNvfp4: true, source: "aws.amazon.com/ec2/instance-types/p6 (1,432 GB HBM3e per 8 GPUs); TRT-LLM deepseek_v3 README HW table (FP4: 4 GPUs min, 8 recommended)" },
  // 2,144 GB per 8 GPUs on p6-b300.48xlarge (268 per GPU, read in the same unit as the B200's 1,432 / 8 = 179).
  B300: { name: "B300", architecture: "blackwell", memoryGiB: 268, supportsNvfp4: true, source: "aws.amazon.com/ec2/instance-types/p6 (p6-b300.48xlarge: 8 × B300, 2,144 GB HBM3e)" },
};

export const GPU_NAMES = Object.keys(GPUS) as GpuName[];
