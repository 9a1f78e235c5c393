import { imageString } from "../catalog";
import type { DeploymentPlan } from "../plan/plan";
import { NODE_MODEL_CACHE_DIR } from "../clouds/aws/plan-aws-infra";
import type { ClusterTarget } from "./cluster-target";
import { COPY_WORKERS, STAGED_MARKER, TOOL_IMAGES } from "./constants";
import { cachePaths, checkpointUrl } from "./plan-server-pod";
import { MODEL_CACHE_MOUNT } from "./plan-options";

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

/** Init container: bucket -> NVMe with parallel transfers; skips when the node already holds it. */
export function stageInitContainer(plan: DeploymentPlan, target: ClusterTarget): Container {
  const { checkpointDir, servedLink } = cachePaths(plan);
  const url = checkpointUrl(plan, target);
  const list = target.cloud === "aws" ? `s5cmd ls "${url}/${STAGED_MARKER}"` : `gcloud storage ls "${url}/${STAGED_MARKER}"`;
  const copy = target.cloud === "aws"
    ? `s5cmd --numworkers ${COPY_WORKERS} cp "${url}/*" "${checkpointDir}/"`
    : `gcloud storage cp --recursive "${url}/*" "${checkpointDir}/"`;
  const script = [
    "set -eu",
    `if [ -f "${checkpointDir}/.complete" ]; then echo "checkpoint already on local NVMe"; else`,
    `  until ${list} >/dev/null 2>&1; do echo "waiting for the staging job to finish ${url}"; sleep 30; done`,
    `  mkdir -p "${checkpointDir}"`,
    `  ${copy}`,
    `  touch "${checkpointDir}/.complete"`,
    "fi",
    `ln -sfn "${checkpointDir}" "${servedLink}"`,
  ].join("\n");
  return {
    name: "stage-model",
    image: imageString(target.cloud === "aws" ? TOOL_IMAGES.s5cmd : TOOL_IMAGES.gcloud),
    command: ["/bin/sh", "-c", script],
    ...(target.cloud === "gcp" ? { env: [{ name: "CLOUDSDK_STORAGE_PARALLEL_COMPOSITE_UPLOAD_ENABLED", value: "False" }] } : {}),
    resources: { requests: { cpu: "8", memory: "8Gi" } },
    volumeMounts: [{ name: "model-cache", mountPath: MODEL_CACHE_MOUNT }],
  };
}
