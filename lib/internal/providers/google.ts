// Google provider seam: submodule imports only.
export { GoogleProvider } from "@cdktf/provider-google/lib/provider";
export type { GoogleProviderConfig } from "@cdktf/provider-google/lib/provider";
// Network
export { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
export { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
export { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
export { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
export { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
// GKE
export { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
export { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
// KMS, GCS, IAM, Secret Manager
export { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
export { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
export { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
export { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
export { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
export { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
export { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
export { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
export { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
export { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
export { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
