/**
 * Attributes that force Terraform to replace a resource (destroy, then create) when their
 * configuration changes: the `ForceNew: true` fields of each provider's resource schema, vendored
 * per resource type with the file and version read. Types absent here are not judged (the review
 * says "replacement not known" rather than guess). Pure data.
 *
 * The Google lists are the output of `node scripts/force-new-lists.mjs <checkout> v6.50.0` over a
 * checkout of hashicorp/terraform-provider-google (the schema paths that carry `ForceNew: true`,
 * nested blocks as dotted paths; `node_config.*` of a node pool from `schemaNodeConfig()`).
 */

export interface ForceNewSource {
  readonly repository: string;
  readonly ref: string;
  readonly commit: string;
  readonly paths: readonly string[];
}

export interface ForceNewEntry {
  /** Dotted attribute paths (block indices dropped); a change at or under one replaces the resource. */
  readonly attributes: readonly string[];
  /** In-place changes that still recreate the nodes (rolling update), with why. */
  readonly rollsNodes?: { readonly attributes: readonly string[]; readonly why: string };
  readonly source: ForceNewSource;
}

// hashicorp/terraform-provider-google v6.50.0, the version @cdktf/provider-google 16.12.1 generates from.
const GOOGLE: Omit<ForceNewSource, "paths"> = { repository: "hashicorp/terraform-provider-google", ref: "v6.50.0", commit: "956f510990a78614a06730c34e93779171c5e8f7" };

export const FORCE_NEW: Readonly<Record<string, ForceNewEntry>> = {
  aws_eks_node_group: {
    attributes: [
    "ami_type", "capacity_type", "cluster_name", "disk_size", "instance_types", "launch_template.id", "launch_template.name", "node_group_name",
    "node_group_name_prefix", "node_role_arn", "remote_access", "subnet_ids",
    ],
    // resourceNodeGroupUpdate calls UpdateNodegroupVersion when these change: EKS replaces the nodes one batch at a time.
    rollsNodes: { attributes: ["launch_template.version", "release_version", "version"], why: "EKS rolls the node group onto new nodes (UpdateNodegroupVersion)" },
    // The schema has not moved these fields across the 6.x line; read at this commit of the default branch.
    source: { repository: "hashicorp/terraform-provider-aws", ref: "main", commit: "012e0a32f0686212f447447fd3d81c3d0ce256ad", paths: ["internal/service/eks/node_group.go"] },
  },
  google_container_node_pool: {
    attributes: [
    "cluster", "initial_node_count", "location", "max_pods_per_node", "name", "name_prefix", "network_config.additional_node_network_configs",
    "network_config.additional_node_network_configs.network", "network_config.additional_node_network_configs.subnetwork",
    "network_config.additional_pod_network_configs", "network_config.additional_pod_network_configs.max_pods_per_node",
    "network_config.additional_pod_network_configs.secondary_pod_range", "network_config.additional_pod_network_configs.subnetwork",
    "network_config.create_pod_range", "network_config.pod_cidr_overprovision_config", "network_config.pod_ipv4_cidr_block",
    "network_config.pod_range", "node_config.advanced_machine_features", "node_config.advanced_machine_features.enable_nested_virtualization",
    "node_config.advanced_machine_features.threads_per_core", "node_config.boot_disk_kms_key",
    "node_config.confidential_nodes.confidential_instance_type", "node_config.enable_confidential_storage",
    "node_config.ephemeral_storage_local_ssd_config", "node_config.ephemeral_storage_local_ssd_config.data_cache_count",
    "node_config.ephemeral_storage_local_ssd_config.local_ssd_count", "node_config.flex_start", "node_config.guest_accelerator",
    "node_config.guest_accelerator.count", "node_config.guest_accelerator.gpu_driver_installation_config",
    "node_config.guest_accelerator.gpu_driver_installation_config.gpu_driver_version", "node_config.guest_accelerator.gpu_partition_size",
    "node_config.guest_accelerator.gpu_sharing_config", "node_config.guest_accelerator.gpu_sharing_config.gpu_sharing_strategy",
    "node_config.guest_accelerator.gpu_sharing_config.max_shared_clients_per_gpu", "node_config.guest_accelerator.type",
    "node_config.host_maintenance_policy", "node_config.host_maintenance_policy.maintenance_interval", "node_config.local_nvme_ssd_block_config",
    "node_config.local_nvme_ssd_block_config.local_ssd_count", "node_config.local_ssd_count", "node_config.local_ssd_encryption_mode",
    "node_config.max_run_duration", "node_config.metadata", "node_config.min_cpu_platform", "node_config.node_group", "node_config.oauth_scopes",
    "node_config.preemptible", "node_config.reservation_affinity", "node_config.reservation_affinity.consume_reservation_type",
    "node_config.reservation_affinity.key", "node_config.reservation_affinity.values", "node_config.secondary_boot_disks",
    "node_config.secondary_boot_disks.disk_image", "node_config.secondary_boot_disks.mode", "node_config.service_account",
    "node_config.shielded_instance_config", "node_config.shielded_instance_config.enable_integrity_monitoring",
    "node_config.shielded_instance_config.enable_secure_boot", "node_config.sole_tenant_config", "node_config.sole_tenant_config.node_affinity",
    "node_config.sole_tenant_config.node_affinity.key", "node_config.sole_tenant_config.node_affinity.operator",
    "node_config.sole_tenant_config.node_affinity.values", "node_config.spot", "placement_policy", "placement_policy.policy_name", "project",
    "queued_provisioning", "queued_provisioning.enabled",
    ],
    source: { ...GOOGLE, paths: ["google/services/container/resource_container_node_pool.go", "google/services/container/node_config.go"] },
  },
  google_container_cluster: {
    attributes: [
    "cluster_autoscaling.auto_provisioning_defaults.boot_disk_kms_key", "cluster_ipv4_cidr", "confidential_nodes",
    "confidential_nodes.confidential_instance_type", "confidential_nodes.enabled", "datapath_provider", "default_max_pods_per_node", "description",
    "enable_autopilot", "enable_kubernetes_alpha", "enable_tpu", "initial_node_count", "ip_allocation_policy",
    "ip_allocation_policy.cluster_ipv4_cidr_block", "ip_allocation_policy.cluster_secondary_range_name",
    "ip_allocation_policy.pod_cidr_overprovision_config", "ip_allocation_policy.services_ipv4_cidr_block",
    "ip_allocation_policy.services_secondary_range_name", "location", "master_auth.client_certificate_config",
    "master_auth.client_certificate_config.issue_client_certificate", "name", "network", "networking_mode", "node_pool",
    "private_cluster_config.enable_private_nodes", "private_cluster_config.master_ipv4_cidr_block",
    "private_cluster_config.private_endpoint_subnetwork", "project", "subnetwork", "user_managed_keys_config.aggregation_ca",
    "user_managed_keys_config.cluster_ca", "user_managed_keys_config.etcd_api_ca", "user_managed_keys_config.etcd_peer_ca",
    ],
    source: { ...GOOGLE, paths: ["google/services/container/resource_container_cluster.go"] },
  },
  google_storage_bucket: {
    attributes: [
    "custom_placement_config.data_locations", "enable_object_retention", "hierarchical_namespace", "hierarchical_namespace.enabled", "location",
    "name", "project",
    ],
    source: { ...GOOGLE, paths: ["google/services/storage/resource_storage_bucket.go"] },
  },
};

/** A changed path with block indices and keyed list entries dropped: `node_config.guest_accelerator[0].count` → `node_config.guest_accelerator.count`. */
export function schemaPath(path: string): string {
  return path.replace(/\[[^\]]*\]/g, "");
}

/** The ForceNew attribute a change at `path` falls under, if any (the path itself or a block above it). */
export function forcesReplacement(type: string, path: string): string | undefined {
  const entry = FORCE_NEW[type];
  if (!entry) return undefined;
  const parts = schemaPath(path).split(".");
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join(".");
    if (entry.attributes.includes(prefix)) return prefix;
  }
  return undefined;
}

/** Why an in-place change at `path` still recreates the nodes, if it does. */
export function rollsNodes(type: string, path: string): string | undefined {
  const roll = FORCE_NEW[type]?.rollsNodes;
  const p = schemaPath(path);
  return roll && roll.attributes.some((a) => p === a || p.startsWith(`${a}.`)) ? roll.why : undefined;
}
