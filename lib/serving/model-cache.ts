import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "./cluster-target";
import type { BucketToolPlan, ModelCacheVolumePlan } from "./plan-model-cache";
import { checkpointEnv } from "./plan-checkpoint";
import { MODEL_CACHE_MOUNT } from "./plan-options";
import { hardenedContainerSecurity } from "./plan-pod-security";

type Container = Record<string, unknown>;

/** The model cache volume as planModelCache decided it (NVMe RAID0 hostPath on EKS, Local SSD-backed emptyDir on GKE). */
export function modelCacheVolume(volume: ModelCacheVolumePlan): Record<string, unknown> {
  return volume.kind === "hostPath"
    ? { name: "model-cache", hostPath: { path: volume.path, type: "DirectoryOrCreate" } }
    : { name: "model-cache", emptyDir: { sizeLimit: volume.sizeLimit } };
}

/**
 * Init container: bucket -> NVMe with the planned bucket tool; skips when the node already holds
 * this revision. The script is constant text: the bucket URL, cache directory and link come from the
 * environment ({@link checkpointEnv}), so no value is ever parsed by the shell.
 */
export function stageInitContainer(plan: DeploymentPlan, target: ClusterTarget, tool: BucketToolPlan): Container {
  const script = [
    "set -eu",
    'if [ -f "$CHECKPOINT_DIR/.complete" ]; then echo "checkpoint already on local NVMe"; else',
    `  until ${tool.markerExists} >/dev/null 2>&1; do echo "waiting for the staging job to finish $CHECKPOINT_URL"; sleep 30; done`,
    '  mkdir -p "$CHECKPOINT_DIR"',
    `  ${tool.download}`,
    '  touch "$CHECKPOINT_DIR/.complete"',
    "fi",
    'ln -sfn "$CHECKPOINT_DIR" "$SERVED_LINK"',
  ].join("\n");
  return {
    name: "stage-model",
    image: tool.image,
    command: ["/bin/sh", "-c", script],
    env: [...checkpointEnv(plan, target), ...tool.downloadEnv.map((e) => ({ ...e }))],
    resources: { requests: { cpu: "8", memory: "8Gi" } },
    securityContext: hardenedContainerSecurity(),
    volumeMounts: [{ name: "model-cache", mountPath: MODEL_CACHE_MOUNT }],
  };
}
