import type { Cloud, ImageRef } from "../catalog";
import { NODE_MODEL_CACHE_DIR } from "../clouds/aws/plan-aws-gpu-nodes";
import type { DeploymentPlan } from "../plan/plan";
import type { EnvVar, Volume, VolumeMount } from "./plan-pod-fabric";

/*
 * A compile cache on the GPU node's local NVMe, so the kernels TensorRT-LLM compiles at run time
 * (DeepGEMM JIT, Triton) survive a pod restart instead of being rebuilt on every cold start. Pure.
 *
 * Variables (each tool's own):
 * - TRTLLM_DG_CACHE_DIR: TensorRT-LLM's DeepGEMM JIT (NVIDIA/TensorRT-LLM
 *   cpp/include/tensorrt_llm/deep_gemm/compiler.cuh, `getDefaultUserDir`; default ~/.tensorrt_llm).
 *   Its cache key is the kernel shape only, not the compiler or the image, hence a directory per image.
 * - DG_JIT_CACHE_DIR: the DeepGEMM Python package's JIT (deepseek-ai/DeepGEMM; default ~/.deep_gemm).
 * - TRITON_CACHE_DIR: Triton's kernel cache (triton-lang/triton python/triton/runtime/cache.py; default ~/.triton/cache).
 *
 * Where:
 * - EKS: a directory beside the model cache on the NVMe RAID0 (lib/clouds/aws/plan-aws-infra.ts
 *   NODE_MODEL_CACHE_DIR), hostPath, so it outlives the pod.
 * - GKE multi-node: a hostPath on the Local SSD array that backs the node's ephemeral storage
 *   (GKE "About Local SSD storage": kubelet, pod logs and containerd live on it; COS mounts it at
 *   /mnt/stateful_partition/kube-ephemeral-ssd). Those namespaces run privileged for the fabric.
 * - GKE single-node: an emptyDir on that Local SSD: the namespace's "baseline" Pod Security level
 *   admits no hostPath, so the cache lives as long as the pod (it survives container restarts).
 */

/** Where the cache is mounted in the server container. */
export const COMPILE_CACHE_MOUNT = "/var/cache/deepseek-compile";
/** Host directory on GKE nodes with Local SSD ephemeral storage. */
export const GKE_LOCAL_SSD_COMPILE_CACHE = "/mnt/stateful_partition/kube-ephemeral-ssd/deepseek-compile-cache";

export interface CompileCachePlan {
  readonly volume: Volume;
  readonly volumeMount: VolumeMount;
  readonly env: readonly EnvVar[];
  /** Whether the cache outlives the pod (hostPath on the node's NVMe / Local SSD). */
  readonly persistent: boolean;
}

/** Directory name for an image: its repository path and tag (`nvidia-tensorrt-llm-release-1.2.1`). */
export function imageCacheKey(image: ImageRef): string {
  const path = image.repository.split("/").slice(1).join("-");
  return `${path}-${image.tag}`.replace(/[^A-Za-z0-9._-]/g, "-");
}

/** The host directory for the EKS cache: beside the model cache directory. */
function awsCacheDir(nodeModelCachePath: string | undefined): string {
  const modelDir = nodeModelCachePath ?? NODE_MODEL_CACHE_DIR;
  const parent = modelDir.replace(/\/+$/, "").replace(/\/[^/]*$/, "") || "/";
  return `${parent === "/" ? "" : parent}/deepseek-compile-cache`;
}

/** The compile cache of a serving pod of `plan` on `cloud`. */
export function planCompileCache(plan: DeploymentPlan, node: { readonly cloud: Cloud; readonly nodeModelCachePath?: string }): CompileCachePlan {
  const dir = `${COMPILE_CACHE_MOUNT}/${imageCacheKey(plan.image)}`;
  const env = [
    { name: "TRTLLM_DG_CACHE_DIR", value: `${dir}/trtllm-deep-gemm` },
    { name: "DG_JIT_CACHE_DIR", value: `${dir}/deep-gemm` },
    { name: "TRITON_CACHE_DIR", value: `${dir}/triton` },
  ];
  const volumeMount = { name: "compile-cache", mountPath: COMPILE_CACHE_MOUNT };
  if (node.cloud === "aws") {
    return { volume: { name: "compile-cache", hostPath: { path: awsCacheDir(node.nodeModelCachePath), type: "DirectoryOrCreate" } }, volumeMount, env, persistent: true };
  }
  if (plan.fabric.kind !== "none") {
    return { volume: { name: "compile-cache", hostPath: { path: GKE_LOCAL_SSD_COMPILE_CACHE, type: "DirectoryOrCreate" } }, volumeMount, env, persistent: true };
  }
  return { volume: { name: "compile-cache", emptyDir: { sizeLimit: "20Gi" } }, volumeMount, env, persistent: false };
}
