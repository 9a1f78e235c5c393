import { imageString } from "../catalog";
import type { KubernetesObject } from "../internal/k8s-object";
import type { ClusterTarget } from "./cluster-target";
import { servingNames } from "../plan/names";
import { stableHash } from "../plan/stable-hash";
import type { DeploymentPlan } from "../plan/plan";
import { MODEL_CACHE_MOUNT } from "./plan-options";
import { HF_TOKEN_SECRET, SECRET_STORE_NAME } from "./constants";
import { modelCacheVolume } from "./model-cache";
import { planModelCache } from "./plan-model-cache";
import { planSecretStoreProvider } from "./plan-cloud-access";
import { planStaging, type StagingPlan } from "./plan-staging";
import { checkpointEnv } from "./plan-checkpoint";
import { STAGE_DOWNLOAD_PY } from "./pod-scripts";
import { hardenedContainerSecurity, planPodSecurity, podSecurityAnnotations, restrictedPodSecurity } from "./plan-pod-security";

/**
 * Model staging, pure: a one-off Job copies the plan's checkpoint from Hugging Face into the
 * in-region bucket (token synced by External Secrets from the cloud secret manager), then
 * every serving pod's init container pulls bucket -> NVMe.
 */

/**
 * Name prefix of the staging Job. The Job's name is `stage-checkpoint-<hash of its spec>`: a Job's
 * pod template is immutable, so a changed template must be a new Job, not an update of the old one.
 */
export const STAGING_JOB_NAME = "stage-checkpoint";
/** Parallel Hugging Face downloads. */
export const HF_MAX_WORKERS = 16;
/** Parallel SHA-256 readers verifying the download (the Job requests 8 CPUs; hashlib releases the GIL). */
export const HASH_WORKERS = 8;

export { HF_DOWNLOAD_MBPS, STAGING_HELM_MARGIN_SECONDS, STAGING_SAFETY_FACTOR, VERIFY_MBPS, planStaging, type StagingPlan } from "./plan-staging";

/**
 * SecretStore for the cloud secret manager, authenticated by workload identity (no static keys).
 * GCP: the `secrets-reader` Kubernetes service account (annotated with
 * `target.secretsReaderIdentity`). AWS: the ESO controller's own Pod Identity.
 */
export function secretStore(plan: DeploymentPlan, target: ClusterTarget, provider: Record<string, unknown> = planSecretStoreProvider(plan, target)): KubernetesObject {
  const names = servingNames(plan);
  return {
    apiVersion: "external-secrets.io/v1", kind: "SecretStore",
    metadata: { name: SECRET_STORE_NAME, namespace: names.namespace, labels: { ...names.podLabels } },
    spec: { provider },
  };
}

/** ExternalSecret that materializes the Hugging Face token as Secret `hf-token` (key HF_TOKEN). */
export function hfTokenExternalSecret(plan: DeploymentPlan, target: ClusterTarget): KubernetesObject {
  const names = servingNames(plan);
  return {
    apiVersion: "external-secrets.io/v1", kind: "ExternalSecret",
    metadata: { name: HF_TOKEN_SECRET, namespace: names.namespace, labels: { ...names.podLabels } },
    spec: {
      refreshInterval: "1h",
      secretStoreRef: { name: SECRET_STORE_NAME, kind: "SecretStore" },
      target: { name: HF_TOKEN_SECRET, creationPolicy: "Owner" },
      data: [{ secretKey: "HF_TOKEN", remoteRef: { key: target.hfTokenSecretName } }],
    },
  };
}

/**
 * One-off Job: Hugging Face -> node NVMe (the TensorRT-LLM image carries huggingface_hub) ->
 * bucket, marker written last. Runs on a GPU node (the only nodes with room for the checkpoint)
 * without taking GPUs; on AWS it leaves the node's cache warm. Skips when this revision's marker
 * exists. The download resolves the revision to its commit, downloads that commit and verifies
 * it against the Hub's metadata ({@link STAGE_DOWNLOAD_PY}); the marker holds the commit.
 * Every script is constant text; values come from the environment ({@link checkpointEnv}).
 */
export function stagingJob(plan: DeploymentPlan, target: ClusterTarget, staging: StagingPlan = planStaging(plan)): KubernetesObject {
  const names = servingNames(plan);
  const values = checkpointEnv(plan, target);
  // The bucket tool and its commands are planModelCache's (plan-model-cache.ts).
  const modelCache = planModelCache(plan, target);
  const { image: tool, markerExists: exists, upload, mark } = modelCache.tool;
  const mounts = [{ name: "model-cache", mountPath: MODEL_CACHE_MOUNT }, { name: "state", mountPath: "/state" }];
  // Pod Security (lib/serving/plan-pod-security.ts): on GKE the Job is restricted (non-root, its
  // volumes are emptyDirs, HOME and gcloud's config in the state volume); on EKS it writes the
  // node's root-owned hostPath cache as root. Every container is hardened either way.
  const security = planPodSecurity(plan).staging;
  const restricted = security.level === "restricted";
  const hardened = hardenedContainerSecurity();
  const homeEnv = restricted ? [{ name: "HOME", value: "/state" }, { name: "CLOUDSDK_CONFIG", value: "/state/gcloud" }] : [];
  const spec = {
    backoffLimit: 3,
    activeDeadlineSeconds: staging.budgetSeconds,
    ttlSecondsAfterFinished: 86400,
    template: {
      metadata: { labels: { "app.kubernetes.io/name": STAGING_JOB_NAME, "app.kubernetes.io/part-of": "cdktf-deepseek" }, annotations: podSecurityAnnotations(security) },
      spec: {
        restartPolicy: "OnFailure",
        securityContext: restricted ? restrictedPodSecurity() : { seccompProfile: { type: "RuntimeDefault" } },
        serviceAccountName: names.serviceAccounts.modelStager,
        automountServiceAccountToken: false,
        nodeSelector: { ...names.gpuNodeLabels },
        tolerations: [{ key: names.gpuTaint.key, operator: "Equal", value: names.gpuTaint.value, effect: names.gpuTaint.effect }],
        initContainers: [
          {
            name: "check-bucket", image: tool,
            command: ["/bin/sh", "-c", `if ${exists} >/dev/null 2>&1; then echo staged > /state/skip; fi`],
            env: [...values, ...homeEnv],
            resources: { requests: { cpu: "250m", memory: "256Mi" } },
            securityContext: hardened,
            volumeMounts: mounts,
          },
          {
            name: "download", image: imageString(plan.image),
            command: ["python3", "-c", STAGE_DOWNLOAD_PY],
            env: [
              ...values,
              { name: "HF_MAX_WORKERS", value: String(HF_MAX_WORKERS) },
              { name: "HASH_WORKERS", value: String(HASH_WORKERS) },
              { name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: HF_TOKEN_SECRET, key: "HF_TOKEN" } } },
              ...homeEnv,
            ],
            resources: { requests: { cpu: "8", memory: "16Gi" } },
            securityContext: hardened,
            volumeMounts: mounts,
          },
        ],
        containers: [{
          name: "upload", image: tool,
          command: ["/bin/sh", "-c", ["set -eu", "[ -f /state/skip ] && { echo 'already staged'; exit 0; }", upload, mark].join("\n")],
          env: [...values, ...homeEnv],
          resources: { requests: { cpu: "8", memory: "8Gi" } },
          securityContext: hardened,
          volumeMounts: mounts,
        }],
        volumes: [modelCacheVolume(modelCache.volume), { name: "state", emptyDir: {} }],
      },
    },
  };
  return {
    apiVersion: "batch/v1", kind: "Job",
    metadata: { name: stagingJobName(spec), namespace: names.namespace, labels: { ...names.podLabels, "app.kubernetes.io/component": "model-staging" } },
    spec,
  };
}

/** `stage-checkpoint-<8 hex of the spec's hash>`: a changed spec is a new Job (templates are immutable). */
export function stagingJobName(spec: unknown): string {
  return `${STAGING_JOB_NAME}-${stableHash(spec, 8)}`;
}

/** Staging objects in order: secret store, external secret, Job. */
export function stagingObjects(plan: DeploymentPlan, target: ClusterTarget, staging: StagingPlan = planStaging(plan)): KubernetesObject[] {
  return [secretStore(plan, target), hfTokenExternalSecret(plan, target), stagingJob(plan, target, staging)];
}
