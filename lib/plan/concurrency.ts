import type { DeploymentPlan } from "./plan";

/**
 * Requests one replica runs at once: TensorRT-LLM's `max_batch_size` is per rank of the attention
 * layer's batch, so under attention data parallelism every TP rank batches its own requests
 * (max_batch_size × TP), else the replica batches max_batch_size in all. NVIDIA's attention-DP
 * configs size batches per rank: NVIDIA/TensorRT-LLM
 * `examples/configs/database/nvidia/DeepSeek-R1-0528-FP4-v2/B200/1k1k_tp8_conc1024.yaml` runs
 * concurrency 1024 with `enable_attention_dp: true` and `cuda_graph_config.max_batch_size: 256`
 * over 8 ranks (each rank batches its own share, 128 at that concurrency).
 *
 * The one formula for a replica's concurrency: the autoscaler's load trigger scales on it and the
 * gateway's admission caps are sized from it.
 */
export function replicaConcurrency(plan: Pick<DeploymentPlan, "maxBatchSize" | "attentionDataParallel" | "tensorParallel">): number {
  return plan.maxBatchSize * (plan.attentionDataParallel ? plan.tensorParallel : 1);
}
