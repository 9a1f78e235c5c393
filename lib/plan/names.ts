import type { Cloud } from "../catalog/node-types";
import type { DeploymentPlan } from "./plan";
import { stableHash } from "./stable-hash";
import { DeepSeekConfigError } from "../errors";

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
 * `name` if it fits `maxLength`; otherwise its head and a 6-hex-digit hash of the whole name
 * (`production-inference-a-1f3c2b`), so shortened names stay deterministic and two different
 * names never shorten to the same one.
 */
export function shortName(name: string, maxLength: number): string {
  // A reference to another resource's attribute (an unresolved cdktf token) cannot be cut.
  if (name.length <= maxLength || name.includes("${")) return name;
  const head = name.slice(0, Math.max(1, maxLength - 7)).replace(/-+$/, "");
  return `${head}-${stableHash(name, 6)}`;
}

/**
 * Longest resource prefix per cloud. AWS: IAM role `name_prefix` takes at most 38 characters and
 * the longest suffix added is `-gpu-node-` (aws_iam_role, registry.terraform.io/providers/hashicorp/aws
 * docs: "name_prefix ... Conflicts with name"; IAM quotas: role names 64 characters, and the
 * provider appends 26). GCP: service account ids are 6-30 characters and the longest suffix is
 * `-secrets` (cloud.google.com/iam/docs/service-accounts-create: "account ID ... 6 to 30 characters").
 */
export const RESOURCE_PREFIX_MAX: Readonly<Record<Cloud, number>> = { aws: 24, gcp: 20 };

/**
 * The prefix of every cloud resource name of one placement of a cluster:
 * `<cluster id>-<placement name>` in lowercase, shortened with a hash past the cloud's limit.
 * Two clusters (or two placements) never share one, so they live side by side in one region,
 * account or project.
 */
export function resourcePrefixFor(clusterId: string, placementName: string, cloud: Cloud): string {
  let full = `${clusterId}-${placementName}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-+|-+$/g, "");
  // GCP names start with a letter.
  if (!/^[a-z]/.test(full)) full = `ds-${full}`;
  return shortName(full, RESOURCE_PREFIX_MAX[cloud]);
}

/** Who owns a cloud resource: the cluster (construct id) and the placement (its name). */
export interface ResourceOwner {
  readonly cluster: string;
  readonly placement: string;
}

/** The project's own AWS tags (provider default_tags), for cost allocation by cluster and placement. */
export function awsOwnerTags(owner: ResourceOwner): Record<string, string> {
  return { "cdktf-deepseek/cluster": owner.cluster, "cdktf-deepseek/placement": owner.placement };
}

/** GCP label values: lowercase letters, digits, `_` and `-`, at most 63 characters. */
function labelValue(value: string): string {
  return shortName(value.toLowerCase().replace(/[^a-z0-9_-]+/g, "-"), 63);
}

/** The project's own GCP labels (provider default_labels). */
export function gcpOwnerLabels(owner: ResourceOwner): Record<string, string> {
  return { "cdktf-deepseek-cluster": labelValue(owner.cluster), "cdktf-deepseek-placement": labelValue(owner.placement) };
}

/**
 * Where the gateway's API keys live in the cloud's secret store: one secret per tier, named
 * `<prefix><tier>`. Secrets Manager names allow "/", Secret Manager ids do not.
 */
export function apiKeySecretPrefix(plan: Pick<DeploymentPlan, "cloud" | "id" | "resourcePrefix">): string {
  // Under DeepSeekCluster the resource prefix carries the cluster id: prod and staging read their own keys.
  const owner = plan.resourcePrefix ?? plan.id;
  return plan.cloud === "aws" ? `cdktf-deepseek/${owner}/api-keys/` : `cdktf-deepseek-${owner}-api-keys-`;
}

/**
 * A placement name: part of the placement's stack ids (`<cluster id>-<name>-infra`) and cloud
 * resource names. 1-31 lowercase letters and digits with single dashes between them: a trailing
 * dash or a double dash would be folded away in cloud names (`resourcePrefixFor`), so `x-` and `x`
 * would name the same EKS cluster while their stack ids differ.
 */
export const PLACEMENT_NAME_RE = /^(?=.{1,31}$)[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A cluster id starts every stack id and every cloud resource name of the cluster
 * (`resourcePrefixFor` lowercases it and turns other characters into dashes), so only ids that
 * are already in that form are taken: `Prod` and `prod`, or `a_b` and `a-b`, would otherwise name
 * the same EKS cluster, buckets and roles; `!`, `*` or `?` break cdktf's stack globs; a very long
 * id cannot be a stack directory. The grammar is a DNS label without double dashes, starting
 * with a letter (a leading digit would get a `ds-` prefix, shared with an id that has it).
 */
export function checkClusterId(id: string): string {
  if (typeof id !== "string" || id.length > 63 || !/^[a-z](?:-?[a-z0-9])*$/.test(id)) {
    throw new DeepSeekConfigError(
      typeof id === "string" && id !== "" ? id : "(cluster id)",
      "is not a valid cluster id: it starts every stack id and cloud resource name of the cluster",
      id,
      'use 1-63 lowercase letters, digits and single dashes, starting with a letter and ending with a letter or digit (e.g. "prod", "b200-us")',
    );
  }
  return id;
}
