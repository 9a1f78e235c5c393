import { imageString } from "../catalog";
import type { DeploymentPlan } from "../plan/plan";
import { NODE_MODEL_CACHE_DIR } from "../clouds/aws/plan-aws-gpu-nodes";
import type { ClusterTarget } from "./cluster-target";
import { COPY_WORKERS, STAGED_MARKER, TOOL_IMAGES } from "./constants";
import { checkpointEnv } from "./plan-checkpoint";
import { MODEL_CACHE_MOUNT } from "./plan-options";
import { hardenedContainerSecurity } from "./plan-pod-security";

type Container = Record<string, unknown>;

/**
 * Model cache volume: NVMe RAID0 hostPath on AWS (default: where the EKS GPU nodes mount the
 * RAID0, {@link NODE_MODEL_CACHE_DIR}), Local SSD-backed emptyDir on GKE.
 */
export function modelCacheVolume(plan: DeploymentPlan, target: ClusterTarget): Record<string, unknown> {
  if (target.cloud === "aws") {
    return { name: "model-cache", hostPath: { path: target.nodeModelCachePath ?? NODE_MODEL_CACHE_DIR, type: "DirectoryOrCreate" } };
  }
  return { name: "model-cache", emptyDir: { sizeLimit: `${Math.ceil(plan.checkpointSizeGB * 1.2)}G` } };
}

/**
 * Init container: bucket -> NVMe with parallel transfers; skips when the node already holds this
 * revision. The script is constant text: the bucket URL, cache directory and link come from the
 * environment ({@link checkpointEnv}), so no value is ever parsed by the shell.
 */
export function stageInitContainer(plan: DeploymentPlan, target: ClusterTarget): Container {
  const aws = target.cloud === "aws";
  const list = aws ? 's5cmd ls "$CHECKPOINT_URL/' + STAGED_MARKER + '"' : 'gcloud storage ls "$CHECKPOINT_URL/' + STAGED_MARKER + '"';
  const copy = aws
    ? `s5cmd --numworkers ${COPY_WORKERS} cp "$CHECKPOINT_URL/*" "$CHECKPOINT_DIR/"`
    : 'gcloud storage cp --recursive "$CHECKPOINT_URL/*" "$CHECKPOINT_DIR/"';
  const script = [
    "set -eu",
    'if [ -f "$CHECKPOINT_DIR/.complete" ]; then echo "checkpoint already on local NVMe"; else',
    `  until ${list} >/dev/null 2>&1; do echo "waiting for the staging job to finish $CHECKPOINT_URL"; sleep 30; done`,
    '  mkdir -p "$CHECKPOINT_DIR"',
    `  ${copy}`,
    '  touch "$CHECKPOINT_DIR/.complete"',
    "fi",
    'ln -sfn "$CHECKPOINT_DIR" "$SERVED_LINK"',
  ].join("\n");
  return {
    name: "stage-model",
    image: imageString(aws ? TOOL_IMAGES.s5cmd : TOOL_IMAGES.gcloud),
    command: ["/bin/sh", "-c", script],
    env: [...checkpointEnv(plan, target), ...(aws ? [] : [{ name: "CLOUDSDK_STORAGE_PARALLEL_COMPOSITE_UPLOAD_ENABLED", value: "False" }])],
    resources: { requests: { cpu: "8", memory: "8Gi" } },
    securityContext: hardenedContainerSecurity(),
    volumeMounts: [{ name: "model-cache", mountPath: MODEL_CACHE_MOUNT }],
  };
}
