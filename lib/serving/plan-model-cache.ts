import { imageString } from "../catalog/images";
import type { DeploymentPlan } from "../plan/plan";
import { NODE_MODEL_CACHE_DIR } from "../clouds/aws/plan-aws-gpu-nodes";
import { COPY_WORKERS, STAGED_MARKER, TOOL_IMAGES } from "./constants";

/**
 * Where the checkpoint sits on a GPU node, and the bucket tool that moves it: decided here per
 * cloud, so the staging Job and the servers' init container (staging.ts, model-cache.ts) only
 * write them. Pure. Every command is constant text over the environment (CHECKPOINT_URL,
 * CHECKPOINT_DIR: plan-checkpoint.ts), so no value is parsed by the shell.
 */

/** The model cache volume: the node's NVMe RAID0 (EKS), or a Local SSD-backed emptyDir (GKE) sized to the checkpoint. */
export type ModelCacheVolumePlan =
  | { readonly kind: "hostPath"; readonly path: string }
  | { readonly kind: "emptyDir"; readonly sizeLimit: string };

/** The CLI that reads and writes the bucket, and its commands. */
export interface BucketToolPlan {
  readonly image: string;
  /** Exits 0 when the staged marker exists. */
  readonly markerExists: string;
  /** Bucket -> CHECKPOINT_DIR (the servers' init container). */
  readonly download: string;
  /** CHECKPOINT_DIR -> bucket, without the Hub client's .cache (the staging Job). */
  readonly upload: string;
  /** Writes the marker (the staged commit, /state/commit) last. */
  readonly mark: string;
  /** Environment of the init container's download, beyond the checkpoint's. */
  readonly downloadEnv: readonly { readonly name: string; readonly value: string }[];
}

export interface ModelCachePlan {
  readonly volume: ModelCacheVolumePlan;
  readonly tool: BucketToolPlan;
}

/** Room for the checkpoint in a GKE emptyDir: its size and a fifth more (shards being replaced, the marker). */
export const EMPTY_DIR_HEADROOM = 1.2;

const MARKER = `"$CHECKPOINT_URL/${STAGED_MARKER}"`;

/** s5cmd (peak/s5cmd) on S3, gcloud storage on GCS. */
const BUCKET_TOOLS: { readonly [C in DeploymentPlan["cloud"]]: BucketToolPlan } = {
  aws: {
    image: imageString(TOOL_IMAGES.s5cmd),
    markerExists: `s5cmd ls ${MARKER}`,
    download: `s5cmd --numworkers ${COPY_WORKERS} cp "$CHECKPOINT_URL/*" "$CHECKPOINT_DIR/"`,
    upload: `s5cmd --numworkers ${COPY_WORKERS} cp --exclude ".cache/*" "$CHECKPOINT_DIR/*" "$CHECKPOINT_URL/"`,
    mark: `cp /state/commit /tmp/${STAGED_MARKER} && s5cmd cp /tmp/${STAGED_MARKER} ${MARKER}`,
    downloadEnv: [],
  },
  gcp: {
    image: imageString(TOOL_IMAGES.gcloud),
    markerExists: `gcloud storage ls ${MARKER}`,
    download: 'gcloud storage cp --recursive "$CHECKPOINT_URL/*" "$CHECKPOINT_DIR/"',
    upload: 'gcloud storage rsync --recursive --exclude "^\\.cache/" "$CHECKPOINT_DIR" "$CHECKPOINT_URL"',
    mark: `cp /state/commit /tmp/${STAGED_MARKER} && gcloud storage cp /tmp/${STAGED_MARKER} ${MARKER}`,
    downloadEnv: [{ name: "CLOUDSDK_STORAGE_PARALLEL_COMPOSITE_UPLOAD_ENABLED", value: "False" }],
  },
};

/**
 * The model cache of a placement on `cluster`: on EKS the hostPath where the GPU nodes mount their
 * NVMe RAID0 (the cluster's, default {@link NODE_MODEL_CACHE_DIR}); on GKE an emptyDir on the Local
 * SSD ephemeral storage, sized to the checkpoint with {@link EMPTY_DIR_HEADROOM}.
 */
export function planModelCache(plan: DeploymentPlan, cluster: { readonly cloud: DeploymentPlan["cloud"]; readonly nodeModelCachePath?: string }): ModelCachePlan {
  const volume: { readonly [C in DeploymentPlan["cloud"]]: () => ModelCacheVolumePlan } = {
    aws: () => ({ kind: "hostPath", path: cluster.nodeModelCachePath ?? NODE_MODEL_CACHE_DIR }),
    gcp: () => ({ kind: "emptyDir", sizeLimit: `${Math.ceil(plan.checkpointSizeGB * EMPTY_DIR_HEADROOM)}G` }),
  };
  return { volume: volume[cluster.cloud](), tool: BUCKET_TOOLS[cluster.cloud] };
}
