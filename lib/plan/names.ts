import type { DeploymentPlan } from "./plan";

/**
 * Names shared by every layer (infra identities, serving, autoscaling, traffic, checks), derived
 * from the plan so they agree everywhere. Changing one renames live resources: treat as API.
 */
export interface ServingNames {
  readonly namespace: string;
  /** Deployment (one node per replica) or LeaderWorkerSet (several). */
  readonly workload: string;
  readonly workloadKind: "Deployment" | "LeaderWorkerSet";
  readonly workloadApiVersion: "apps/v1" | "leaderworkerset.x-k8s.io/v1";
  /** Service in front of the servers (leaders only for multi-node). */
  readonly service: string;
  readonly port: number;
  /** Model name clients send in OpenAI requests. */
  readonly servedModelName: string;
  /** Labels on every serving pod. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** Labels that select the pods that answer HTTP: all servers, or LWS leaders only. */
  readonly endpointSelector: Readonly<Record<string, string>>;
  /** Prometheus exposition path of trtllm-serve (registered when return_perf_metrics is on). */
  readonly metricsPath: string;
  /**
   * Kubernetes service accounts: the server; the model stager (writes the bucket); the secrets
   * reader, the identity External Secrets' SecretStore uses (HF token and API keys, nothing else).
   */
  readonly serviceAccounts: { readonly server: string; readonly modelStager: string; readonly secretsReader: string };
  /** Node label and taint of the GPU pool; serving pods select and tolerate them. */
  readonly gpuNodeLabels: Readonly<Record<string, string>>;
  readonly gpuTaint: { readonly key: string; readonly value: string; readonly effect: "NoSchedule" };
  /** Object key prefix of the staged checkpoint in the model bucket. */
  readonly checkpointPrefix: string;
}

export const SERVING_NAMESPACE = "deepseek";
export const SERVING_PORT = 8000;

export function servingNames(plan: DeploymentPlan): ServingNames {
  const multiNode = plan.nodesPerReplica > 1;
  const workload = "trtllm";
  const appLabels = { "app.kubernetes.io/name": workload, "app.kubernetes.io/part-of": "cdktf-deepseek" };
  return {
    namespace: SERVING_NAMESPACE,
    workload,
    workloadKind: multiNode ? "LeaderWorkerSet" : "Deployment",
    workloadApiVersion: multiNode ? "leaderworkerset.x-k8s.io/v1" : "apps/v1",
    service: workload,
    port: SERVING_PORT,
    servedModelName: plan.model,
    podLabels: appLabels,
    endpointSelector: multiNode ? { ...appLabels, "leaderworkerset.sigs.k8s.io/worker-index": "0" } : appLabels,
    metricsPath: "/prometheus/metrics",
    serviceAccounts: { server: "trtllm-server", modelStager: "model-stager", secretsReader: "secrets-reader" },
    gpuNodeLabels: { "cdktf-deepseek.io/pool": "gpu", "node.kubernetes.io/instance-type": plan.nodeType },
    gpuTaint: { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" },
    checkpointPrefix: `checkpoints/${plan.checkpoint}`,
  };
}

/**
 * Where the gateway's API keys live in the cloud's secret store: one secret per tier, named
 * `<prefix><tier>`. Secrets Manager names allow "/", Secret Manager ids do not.
 */
export function apiKeySecretPrefix(plan: Pick<DeploymentPlan, "cloud" | "id">): string {
  return plan.cloud === "aws" ? `cdktf-deepseek/${plan.id}/api-keys/` : `cdktf-deepseek-${plan.id}-api-keys-`;
}
