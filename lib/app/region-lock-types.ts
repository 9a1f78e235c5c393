import type { Cloud } from "../catalog";

/**
 * What the region lock knows about each provider and element type it may meet in a locked stack.
 * Pure data: the checker (region-lock-check.ts) reads it. A type that is not here is refused
 * under a lock, so adding a type is a decision recorded here, with its reason.
 */

/** How an element type is placed. */
export type ElementRule =
  /**
   * Placed in one region: its own location attributes (`region`, `location`, `zone`, …, at any
   * depth) if set, else its provider's region. Every location attribute must lie inside.
   */
  | { readonly kind: "regional"; readonly cloud: "aws" | "gcp" }
  /** Holds no data and runs nothing in a region; still bound to a checked provider. */
  | { readonly kind: "location-free"; readonly cloud?: "aws" | "gcp"; readonly reason: string }
  /** A Kubernetes object or Helm release: it lives in the cluster its provider points to (checked). */
  | { readonly kind: "in-cluster" }
  /** Serves or copies data outside any single region by design: refused under every lock. */
  | { readonly kind: "refused"; readonly reason: string };

const regional = (cloud: "aws" | "gcp", types: readonly string[]): [string, ElementRule][] => types.map((t) => [t, { kind: "regional", cloud }]);
const free = (cloud: "aws" | "gcp" | undefined, reason: string, types: readonly string[]): [string, ElementRule][] =>
  types.map((t) => [t, { kind: "location-free", ...(cloud ? { cloud } : {}), reason }]);
const refused = (reason: string, types: readonly string[]): [string, ElementRule][] => types.map((t) => [t, { kind: "refused", reason }]);

/**
 * AWS types placed in their provider's region (or their own `region` argument, provider v6 "enhanced
 * region support": https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/enhanced-region-support).
 * An AWS regional API creates and reads only in its region, so a subnet id, bucket name or key
 * ARN given as a literal names something in that same region.
 */
const AWS_REGIONAL = [
  "aws_vpc", "aws_subnet", "aws_internet_gateway", "aws_nat_gateway", "aws_eip", "aws_route", "aws_route_table", "aws_route_table_association",
  "aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule", "aws_default_security_group",
  "aws_network_acl", "aws_default_network_acl", "aws_vpc_endpoint", "aws_flow_log", "aws_cloudwatch_log_group",
  "aws_eks_cluster", "aws_eks_node_group", "aws_eks_addon", "aws_eks_access_entry", "aws_eks_access_policy_association", "aws_eks_pod_identity_association",
  "aws_launch_template", "aws_placement_group", "aws_kms_key", "aws_kms_alias", "aws_kms_key_policy",
  "aws_s3_bucket", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy", "aws_s3_bucket_public_access_block",
  "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning", "aws_s3_bucket_lifecycle_configuration",
  // Server access logs go to a target bucket that must be in the source bucket's region:
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
  "aws_s3_bucket_logging", "aws_s3_bucket_replication_configuration",
  "aws_secretsmanager_secret", "aws_secretsmanager_secret_version", "aws_secretsmanager_secret_policy",
  "aws_dynamodb_table", "aws_backup_vault", "aws_backup_plan", "aws_backup_selection", "aws_ecr_repository", "aws_ecr_replication_configuration",
];
const AWS_REGIONAL_DATA = [
  "aws_availability_zones", "aws_ec2_instance_type_offerings", "aws_eks_cluster", "aws_eks_cluster_auth", "aws_vpc", "aws_subnet", "aws_subnets",
  "aws_region", "aws_ssm_parameter", "aws_ami", "aws_kms_key", "aws_s3_bucket", "aws_secretsmanager_secret",
];

const IAM_AWS = "IAM is a global AWS service: roles, policies and their attachments are identities and permissions, they hold no data and run nothing (https://docs.aws.amazon.com/IAM/latest/UserGuide/introduction.html)";
const ROUTE53 = "Route 53 is a global DNS service: records and health checks hold names and addresses, not data; what they point to is checked where it is placed (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/Welcome.html)";
const IAM_GCP = "an IAM binding or service account is a permission or identity, global in Google Cloud, holding no data (https://cloud.google.com/iam/docs/overview)";
const GCP_NETWORK = "a VPC network and its firewall rules are global configuration in Google Cloud; the subnets, routers and clusters in it carry the regions and are checked (https://cloud.google.com/vpc/docs/vpc)";
const COMPUTED = "computed by Terraform itself and kept only in its state";

/** Resource types by name. */
export const RESOURCE_RULES: ReadonlyMap<string, ElementRule> = new Map<string, ElementRule>([
  ...regional("aws", AWS_REGIONAL),
  ...free("aws", IAM_AWS, [
    "aws_iam_role", "aws_iam_role_policy", "aws_iam_role_policy_attachment", "aws_iam_policy", "aws_iam_instance_profile",
    "aws_iam_openid_connect_provider", "aws_iam_service_linked_role",
  ]),
  ...free("aws", ROUTE53, ["aws_route53_record", "aws_route53_health_check"]),
  ...regional("gcp", [
    "google_compute_subnetwork", "google_compute_router", "google_compute_router_nat", "google_compute_address", "google_compute_resource_policy",
    "google_container_cluster", "google_container_node_pool", "google_kms_key_ring", "google_kms_crypto_key",
    "google_storage_bucket", "google_secret_manager_secret", "google_secret_manager_secret_version", "google_logging_project_bucket_config",
  ]),
  ...free("gcp", GCP_NETWORK, ["google_compute_network", "google_compute_firewall"]),
  ...free("gcp", IAM_GCP, [
    "google_service_account", "google_service_account_iam_member", "google_project_iam_member", "google_kms_crypto_key_iam_member",
    "google_storage_bucket_iam_member", "google_secret_manager_secret_iam_member",
  ]),
  ["google_project_service", { kind: "location-free", cloud: "gcp", reason: "turns an API on for the project; creates nothing in a region" }],
  ...free(undefined, COMPUTED, ["terraform_data", "random_id", "random_password", "random_string", "random_pet", "random_uuid", "tls_private_key", "time_sleep", "time_static"]),
  ...refused("a global edge service serves copies of data from edge locations worldwide (https://aws.amazon.com/cloudfront/features/)", [
    "aws_cloudfront_distribution", "aws_globalaccelerator_accelerator", "aws_s3control_multi_region_access_point",
  ]),
  ...refused("spans several regions by design (a global table or database keeps copies in each)", ["aws_dynamodb_global_table", "aws_rds_global_cluster"]),
  ...refused("a global external load balancer or Cloud CDN serves from Google's edge worldwide (https://cloud.google.com/load-balancing/docs/https)", [
    "google_compute_global_forwarding_rule", "google_compute_backend_bucket", "google_compute_global_address",
  ]),
]);

/** Data source types by name (a read happens where its provider points). */
export const DATA_RULES: ReadonlyMap<string, ElementRule> = new Map<string, ElementRule>([
  ...regional("aws", AWS_REGIONAL_DATA),
  ...free("aws", "reads the identity of the caller or the partition name, nothing in a region", ["aws_caller_identity", "aws_partition"]),
  ...free("aws", "built by Terraform from its arguments; reads nothing (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document)", ["aws_iam_policy_document"]),
  ...regional("gcp", ["google_container_cluster", "google_compute_network", "google_compute_subnetwork", "google_storage_bucket", "google_kms_key_ring"]),
  ...free("gcp", "reads the project or the caller's credentials, nothing in a region", ["google_project", "google_client_config"]),
]);

/** Provider local names the lock knows, with the registry source they must come from. */
export const PROVIDER_SOURCES: Readonly<Record<string, string>> = {
  aws: "hashicorp/aws", google: "hashicorp/google", "google-beta": "hashicorp/google-beta", kubernetes: "hashicorp/kubernetes", helm: "hashicorp/helm",
  random: "hashicorp/random", tls: "hashicorp/tls", time: "hashicorp/time",
};

/** Providers with no location of their own: they compute values inside Terraform. */
export const LOCATION_FREE_PROVIDERS: ReadonlySet<string> = new Set(["random", "tls", "time"]);

/** The provider local name an element type belongs to by default (`aws_s3_bucket` -> `aws`). */
export function defaultProviderOf(type: string): string {
  return type.split("_")[0];
}

/** The rule for an element type, `undefined` if the lock does not know it. */
export function ruleFor(block: "resource" | "data", type: string): ElementRule | undefined {
  if (type.startsWith("kubernetes_") || type.startsWith("helm_")) return { kind: "in-cluster" };
  return (block === "resource" ? RESOURCE_RULES : DATA_RULES).get(type);
}

/**
 * Attribute names that place something, wherever they appear in a cloud element (the AWS
 * DynamoDB replica's `region_name`, the GCS configurable dual-region's `data_locations`, a Secret
 * Manager replica's `location`, an ECR or Secrets Manager replica's `region`, …).
 */
export const LOCATION_KEYS: ReadonlySet<string> = new Set([
  "region", "location", "zone", "node_locations", "availability_zone", "availability_zones", "default_location", "region_name", "data_locations",
  // A VPC endpoint to a service in another region (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-cross-region-privatelink-support.html).
  "service_region",
]);

/**
 * Attributes that name where data goes inside their text and must therefore be literals (read for
 * region names) or checked references: an endpoint's service name (`com.amazonaws.<region>.s3`).
 */
export const LITERAL_DESTINATIONS: ReadonlySet<string> = new Set(["aws_vpc_endpoint.service_name"]);

/** Maps that hold the user's own words (tags, labels), never a location argument. */
export const FREE_TEXT_MAPS: ReadonlySet<string> = new Set(["tags", "tags_all", "labels", "resource_labels", "default_labels", "effective_labels", "terraform_labels", "user_labels"]);

/** Where a resource sends data, and how a literal names it. */
export interface Destination {
  readonly what: string;
  readonly types: readonly string[];
  readonly cloud: Cloud;
  /** How a literal is read: an ARN with a region, an S3 ARN (no region), a GCP resource id, or not at all. */
  readonly arn: "region" | "no-region" | "gcp-id" | "gcp-id-or-name" | "none";
}

/** The destination an attribute names (`destination.bucket` of S3 replication, a backup copy vault, …), if it is one. */
export function destinationRule(type: string, parent: string | undefined, key: string): Destination | undefined {
  if ((type === "aws_s3_bucket" || type === "aws_s3_bucket_replication_configuration") && parent === "destination" && key === "bucket") {
    return { what: "the replication destination bucket", types: ["aws_s3_bucket"], cloud: "aws", arn: "no-region" };
  }
  if (type === "aws_backup_plan" && key === "destination_vault_arn") return { what: "the backup copy's destination vault", types: ["aws_backup_vault"], cloud: "aws", arn: "region" };
  if (type === "aws_flow_log" && key === "log_destination") return { what: "the flow log destination", types: ["aws_cloudwatch_log_group", "aws_s3_bucket"], cloud: "aws", arn: "region" };
  // Usage logs are written to the log bucket wherever it is (https://cloud.google.com/storage/docs/access-logs).
  if (type === "google_storage_bucket" && parent === "logging" && key === "log_bucket") return { what: "the access-log bucket", types: ["google_storage_bucket"], cloud: "gcp", arn: "none" };
  // GKE usage metering exports to a BigQuery dataset, which the lock does not place (https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-usage-metering).
  if (type === "google_container_cluster" && parent === "bigquery_destination" && key === "dataset_id") return { what: "the usage-metering dataset", types: [], cloud: "gcp", arn: "none" };
  if (type === "google_kms_crypto_key" && key === "key_ring" && parent === undefined) return { what: "the key ring", types: ["google_kms_key_ring"], cloud: "gcp", arn: "gcp-id" };
  if (type === "google_secret_manager_secret_version" && key === "secret" && parent === undefined) return { what: "the secret", types: ["google_secret_manager_secret"], cloud: "gcp", arn: "none" };
  if (type === "google_container_node_pool" && key === "cluster" && parent === undefined) return { what: "the cluster", types: ["google_container_cluster"], cloud: "gcp", arn: "gcp-id-or-name" };
  return undefined;
}

/**
 * What a `dynamic` map generates, as parts to judge: each `content` as the block it generates
 * (`rule.dynamic.destination.content.bucket` is a replication destination, as
 * `rule.destination.bucket` is), and `for_each`, `labels` and the like under their own path.
 */
export function dynamicBlocks(dynamic: Record<string, unknown>): { path: string; value: unknown; keys: string[] }[] {
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  return Object.entries(dynamic).flatMap(([block, spec]) => (isMap(spec) ? Object.entries(spec) : [])
    .filter(([, v]) => v !== null && typeof v === "object")
    .map(([field, v]) => (field === "content" ? { path: `${block}.content`, value: v, keys: [block] } : { path: `${block}.${field}`, value: v, keys: ["dynamic", block, field] })));
}

/**
 * Provider arguments the lock lets through, by provider: each is a credential, an identity, a
 * retry or tagging setting, or a location the lock checks. Any other argument (custom endpoints,
 * HTTP proxies, custom CA bundles, other universes, …) is refused under a lock: it could send the
 * provider's API calls, with the data they carry, through or to a host anywhere. Names from the
 * providers' argument references: https://registry.terraform.io/providers/hashicorp/aws/latest/docs#argument-reference,
 * https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference,
 * https://registry.terraform.io/providers/hashicorp/kubernetes/latest/docs#argument-reference,
 * https://registry.terraform.io/providers/hashicorp/helm/latest/docs#argument-reference.
 */
export const PROVIDER_ARGUMENTS: Readonly<Record<string, ReadonlySet<string>>> = {
  aws: new Set([
    "alias", "region", "sts_region", "default_tags", "ignore_tags", "profile", "shared_config_files", "shared_credentials_files", "access_key", "secret_key", "token",
    "assume_role", "assume_role_with_web_identity", "allowed_account_ids", "forbidden_account_ids", "max_retries", "retry_mode", "skip_credentials_validation",
    "skip_metadata_api_check", "skip_region_validation", "skip_requesting_account_id", "s3_use_path_style", "use_fips_endpoint", "use_dualstack_endpoint",
    "token_bucket_rate_limiter_capacity", "user_agent",
  ]),
  google: new Set([
    "alias", "project", "region", "zone", "credentials", "access_token", "impersonate_service_account", "impersonate_service_account_delegates", "billing_project",
    "user_project_override", "request_timeout", "request_reason", "scopes", "batching", "default_labels", "add_terraform_attribution_label",
    "terraform_attribution_label_addition_strategy",
  ]),
  /** A Kubernetes connection (the kubernetes provider, or helm's `kubernetes` block). */
  "kubernetes-connection": new Set([
    "alias", "host", "cluster_ca_certificate", "client_certificate", "client_key", "token", "username", "password", "exec", "tls_server_name", "ignore_annotations", "ignore_labels",
  ]),
  helm: new Set([
    "alias", "kubernetes", "debug", "burst_limit", "helm_driver", "plugins_path", "registry_config_path", "repository_config_path", "repository_cache", "max_history", "qps",
  ]),
};

/**
 * Credential plugins a Kubernetes connection may run (its `exec` block runs a command on the
 * deployer's machine, as a provisioner would): the AWS CLI only as `aws eks get-token`, and GKE's
 * auth plugin (https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl).
 */
export const EXEC_COMMANDS: Readonly<Record<string, { readonly args?: readonly string[]; readonly flags?: ReadonlySet<string> }>> = {
  aws: { args: ["eks", "get-token"], flags: new Set(["--cluster-name", "--cluster-id", "--region", "--role-arn", "--output"]) },
  "gke-gcloud-auth-plugin": {},
};
