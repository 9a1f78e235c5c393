import type { Cloud } from "../catalog";

/**
 * What the serving layer needs to know about a cluster, whoever created it: our infra stack
 * (values are cross-stack tokens) or a consumer's existing cluster (plain strings).
 */
export interface ClusterTarget {
  readonly cloud: Cloud;
  readonly region: string;
  /** GCP project id. Required on GCP. */
  readonly project?: string;
  readonly clusterName: string;
  /** `https://...` API endpoint. */
  readonly endpoint: string;
  readonly caCertificateBase64: string;
  /** Bucket that holds the staged checkpoint, by name (no scheme). */
  readonly modelBucket: string;
  /**
   * Identity pods use for the bucket and the secret store. AWS: the IAM role that EKS Pod Identity
   * associations bind to the serving service accounts. GCP: the Google service account that
   * Workload Identity binds to them.
   */
  readonly workloadIdentity: { readonly awsRoleArn?: string; readonly gcpServiceAccountEmail?: string };
  /**
   * Identity of the model-staging Job (writes the bucket, reads the token). GCP: the Google service
   * account the `model-stager` Kubernetes service account is annotated with. AWS: informational
   * (the Pod Identity association lives in the infra stack).
   * @default workloadIdentity
   */
  readonly stagerIdentity?: { readonly awsRoleArn?: string; readonly gcpServiceAccountEmail?: string };
  /** Name of the Hugging Face token in the cloud's secret manager (never its value). */
  readonly hfTokenSecretName: string;
  /**
   * AWS: host path of the node-local NVMe model cache (the instance-store RAID0 mount).
   * GKE uses Local SSD ephemeral storage (an emptyDir) instead.
   * @default on AWS `NODE_MODEL_CACHE_DIR` (`/mnt/k8s-disks/0/deepseek-models`, the EKS GPU nodes' NVMe RAID0)
   */
  readonly nodeModelCachePath?: string;
  /**
   * GKE multi-networking: names of the GKE `Network` objects for the GPU NICs, in NIC order
   * (eth1, eth2, ...). Only used for multi-node replicas on GCP.
   * @default TCPXO: `vpc1`…`vpc8`; RDMA: `rdma-0`…`rdma-7`
   */
  readonly gpuNetworkNames?: readonly string[];
  /**
   * Node label that names a placement domain; one LeaderWorkerSet group per domain.
   * @default AWS `topology.k8s.aws/network-node-layer-3`, GCP `cloud.google.com/gce-topology-block`
   */
  readonly placementDomainLabel?: string;
  /**
   * Identity External Secrets uses to read the HF token and this placement's API keys (nothing
   * else). GCP: the Google service account Workload Identity binds to the `secrets-reader`
   * Kubernetes service account (servingNames(plan).serviceAccounts.secretsReader). AWS: the IAM
   * role of the External Secrets controller's own Pod Identity association (informational).
   * @default stagerIdentity, else workloadIdentity
   */
  readonly secretsReaderIdentity?: { readonly gcpServiceAccountEmail?: string; readonly awsRoleArn?: string };
}
