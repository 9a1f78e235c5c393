import type { ImageRef } from "../catalog";
import type { ServingNames } from "../plan/names";

/** Names, labels and tool images the serving objects share with the traffic, autoscaling and check layers. */

/** Label a namespace carries to be allowed to call the servers (the traffic layer sets it). */
export const TRAFFIC_NAMESPACE_LABEL = { key: "cdktf-deepseek.io/traffic", value: "true" } as const;
/** Namespace of the Prometheus server (chart `prometheus`, see lib/catalog/charts.ts). */
export const PROMETHEUS_NAMESPACE = "monitoring";
/** Helm release name of that Prometheus (its pods carry it as `app.kubernetes.io/instance`). */
export const PROMETHEUS_RELEASE_NAME = "prometheus";
/** In-cluster URL of that Prometheus server, for autoscalers and checks. */
export const PROMETHEUS_SERVER_URL = `http://prometheus-server.${PROMETHEUS_NAMESPACE}.svc.cluster.local:80`;
export const SERVER_CONTAINER = "trtllm";
export const CONFIG_MAP_NAME = "trtllm-config";
export const HF_TOKEN_SECRET = "hf-token";
export const SECRET_STORE_NAME = "cloud-secrets";
export const LEADER_ROLE_LABEL = { key: "role", value: "leader" } as const;
/** Label of the post-deploy check pods (lib/verification). */
export const CHECK_POD_LABEL = { key: "cdktf-deepseek.io/role", value: "check" } as const;
/** gRPC ext-proc port of the endpoint picker. */
export const ENDPOINT_PICKER_PORT = 9002;
/** Parallel transfers for bucket -> NVMe. */
export const COPY_WORKERS = 256;
/** Marker object written last by the staging Job; the init container waits for it. */
export const STAGED_MARKER = "_STAGED";

/**
 * Tool images, pinned by tag, and by digest where lib/catalog/image-digests.ts records one. s5cmd:
 * peak/s5cmd releases; google-cloud-cli: Google's cloud-sdk images (both UNCONFIRMED as current).
 * kubectl for the MPI agent: alpine/kubectl (alpine-docker/multi-arch-docker-images kubectl/Dockerfile:
 * Alpine with kubectl in /usr/local/bin, so `sh` and `command -v kubectl` work), 1.36.2, within
 * kubectl's one-minor skew of the default EKS 1.35 (alpine/k8s 1.33.4 was two minors behind), and
 * with a digest NVIDIA records for it.
 */
export const TOOL_IMAGES = {
  s5cmd: { repository: "docker.io/peakcom/s5cmd", tag: "v2.3.0" },
  gcloud: { repository: "gcr.io/google.com/cloudsdktool/google-cloud-cli", tag: "520.0.0-slim" },
  kubectl: { repository: "docker.io/alpine/kubectl", tag: "1.36.2" },
} as const satisfies Record<string, ImageRef>;

/** Metadata of a namespaced serving object: its name, the plan's namespace and pod labels. */
export function servingMeta(names: ServingNames, name: string, extra: Record<string, unknown> = {}) {
  return { name, namespace: names.namespace, labels: { ...names.podLabels }, ...extra };
}
