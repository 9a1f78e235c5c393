/*
 * checkov's rules for the resources this library emits, re-implemented over synthesized
 * cdk.tf.json (Terraform rules) and the Kubernetes objects of ManifestBundle releases (K8s rules).
 * Rule ids and intent follow bridgecrewio/checkov `checkov/terraform/checks/resource/{aws,gcp}/*.py`,
 * `checkov/terraform/checks/graph_checks/{aws,gcp}/*.yaml` and `checkov/kubernetes/checks/resource/k8s/*.py`.
 * A rule is evaluated once per stack that holds a resource it applies to (a "stack x rule" check);
 * it fails in that stack when any such resource fails.
 */

export type Json = Record<string, any>;
export interface StackView { name: string; json: Json; objects: Json[] }
export interface Rule {
  id: string;
  title: string;
  /** Resources (or, for K8s rules, pod templates) the rule inspects in a stack; empty = not applicable. */
  targets(stack: StackView): { id: string; body: Json }[];
  /** True when the target passes. */
  pass(target: Json, stack: StackView, id: string): boolean;
}

export const resources = (s: StackView, type: string) => Object.entries((s.json.resource?.[type] ?? {}) as Record<string, Json>).map(([id, body]) => ({ id: `${type}.${id}`, body }));
/** Resources of `type` whose attribute `attr` references `ref` (`${aws_vpc.x.id}` style). */
const referencing = (s: StackView, type: string, attr: string, ref: string) => resources(s, type).filter((r) => String(r.body[attr] ?? "").includes(`${ref}.`));
const asList = (v: unknown) => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const first = (v: unknown): Json => (asList(v)[0] ?? {}) as Json;
const tf = (type: string, pass: Rule["pass"], id: string, title: string): Rule => ({ id, title, targets: (s) => resources(s, type), pass });

/**
 * Kubernetes minor versions in EKS standard support on 2026-11-30 for at least a month (EKS user guide,
 * "Kubernetes version lifecycle": 14 months each; 1.34 ends 2026-12-02, 1.35 on 2027-03-27, per endoflife.date/amazon-eks).
 */
export const EKS_STANDARD_SUPPORT = ["1.35", "1.36"];

const OPEN = ["0.0.0.0/0", "::/0"];

function podTemplates(o: Json): { id: string; spec: Json }[] {
  const id = `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
  if (o.kind === "Pod") return [{ id, spec: o.spec }];
  if (o.kind === "LeaderWorkerSet") {
    const t = o.spec.leaderWorkerTemplate;
    return [...(t.leaderTemplate ? [{ id: `${id}/leader`, spec: t.leaderTemplate.spec }] : []), { id: `${id}/worker`, spec: t.workerTemplate.spec }];
  }
  if (o.kind === "CronJob") return [{ id, spec: o.spec.jobTemplate.spec.template.spec }];
  if (["Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"].includes(o.kind)) return [{ id, spec: o.spec.template.spec }];
  return [];
}
const pods = (s: StackView) => s.objects.flatMap(podTemplates).map((p) => ({ id: p.id, body: p.spec }));
const allContainers = (spec: Json): Json[] => [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
const k8s = (id: string, title: string, pass: Rule["pass"]): Rule => ({ id, title, targets: pods, pass });

export const RULES: Rule[] = [
  // --- AWS ---
  tf("aws_eks_cluster", (b) => ["api", "audit", "authenticator", "controllerManager", "scheduler"].every((t) => asList(b.enabled_cluster_log_types).includes(t)), "CKV_AWS_37", "EKS control plane logging enabled for all log types"),
  tf("aws_eks_cluster", (b) => first(b.vpc_config).endpoint_public_access === false, "CKV_AWS_39", "EKS public endpoint disabled"),
  tf("aws_eks_cluster", (b) => first(b.vpc_config).endpoint_public_access === false || (asList(first(b.vpc_config).public_access_cidrs).length > 0 && !asList(first(b.vpc_config).public_access_cidrs).some((c) => OPEN.includes(String(c)))), "CKV_AWS_38", "EKS public endpoint not open to 0.0.0.0/0"),
  tf("aws_eks_cluster", (b) => asList(first(b.encryption_config).resources).includes("secrets"), "CKV_AWS_58", "EKS secrets encryption enabled"),
  tf("aws_eks_cluster", (b) => EKS_STANDARD_SUPPORT.includes(String(b.version)), "CKV_AWS_339", "EKS on a supported Kubernetes version"),
  { id: "CKV2_AWS_11", title: "VPC flow logging enabled", targets: (s) => resources(s, "aws_vpc"), pass: (_b, s, id) => referencing(s, "aws_flow_log", "vpc_id", id).length > 0 },
  { id: "CKV2_AWS_12", title: "Default security group of every VPC restricts all traffic", targets: (s) => resources(s, "aws_vpc"), pass: (_b, s, id) => referencing(s, "aws_default_security_group", "vpc_id", id).some((g) => asList(g.body.ingress).length === 0 && asList(g.body.egress).length === 0) },
  { id: "CKV_AWS_18", title: "S3 bucket access logging enabled (log buckets themselves excepted)", targets: (s) => resources(s, "aws_s3_bucket").filter((b) => !resources(s, "aws_s3_bucket_logging").some((l) => String(l.body.target_bucket).includes(`${b.id}.`))), pass: (_b, s, id) => referencing(s, "aws_s3_bucket_logging", "bucket", id).length > 0 },
  { id: "CKV2_AWS_61", title: "S3 bucket has a lifecycle configuration", targets: (s) => resources(s, "aws_s3_bucket"), pass: (_b, s, id) => referencing(s, "aws_s3_bucket_lifecycle_configuration", "bucket", id).length > 0 },
  { id: "CKV_AWS_21", title: "S3 bucket versioning enabled", targets: (s) => resources(s, "aws_s3_bucket"), pass: (_b, s, id) => referencing(s, "aws_s3_bucket_versioning", "bucket", id).some((v) => first(v.body.versioning_configuration).status === "Enabled") },
  { id: "CKV_AWS_145", title: "S3 bucket encrypted with KMS", targets: (s) => resources(s, "aws_s3_bucket"), pass: (_b, s, id) => referencing(s, "aws_s3_bucket_server_side_encryption_configuration", "bucket", id).some((e) => JSON.stringify(e.body.rule).includes("aws:kms")) },
  { id: "CKV2_AWS_6", title: "S3 bucket has a public access block", targets: (s) => resources(s, "aws_s3_bucket"), pass: (_b, s, id) => referencing(s, "aws_s3_bucket_public_access_block", "bucket", id).some((p) => p.body.block_public_acls && p.body.block_public_policy && p.body.ignore_public_acls && p.body.restrict_public_buckets) },
  { id: "CKV_AWS_144", title: "S3 bucket has cross-region replication", targets: (s) => resources(s, "aws_s3_bucket"), pass: (_b, s) => resources(s, "aws_s3_bucket_replication_configuration").length > 0 },
  { id: "CKV2_AWS_62", title: "S3 bucket has event notifications", targets: (s) => resources(s, "aws_s3_bucket"), pass: (_b, s) => resources(s, "aws_s3_bucket_notification").length > 0 },
  tf("aws_kms_key", (b) => b.enable_key_rotation === true, "CKV_AWS_7", "KMS key rotation enabled"),
  tf("aws_kms_key", (b) => typeof b.policy === "string" && b.policy.length > 0, "CKV2_AWS_64", "KMS key has an explicit key policy"),
  tf("aws_kms_key", (b) => !(typeof b.policy === "string" && b.policy.startsWith("{") && (JSON.parse(b.policy).Statement ?? []).some((st: Json) => st.Effect === "Allow" && (st.Principal === "*" || st.Principal?.AWS === "*") && !st.Condition)), "CKV_AWS_33", "KMS key policy has no unconditioned wildcard principal"),
  tf("aws_secretsmanager_secret", (b) => typeof b.kms_key_id === "string" && b.kms_key_id.length > 0, "CKV_AWS_149", "Secrets Manager secret encrypted with a customer-managed KMS key"),
  tf("aws_secretsmanager_secret", (_b, s) => resources(s, "aws_secretsmanager_secret_rotation").length > 0, "CKV2_AWS_57", "Secrets Manager secret has automatic rotation"),
  tf("aws_launch_template", (b) => first(b.metadata_options).http_tokens === "required", "CKV_AWS_79", "Instance metadata service v1 disabled"),
  tf("aws_launch_template", (b) => Number(first(b.metadata_options).http_put_response_hop_limit ?? 2) <= 1, "CKV_AWS_341", "Metadata response hop limit 1"),
  tf("aws_cloudwatch_log_group", (b) => typeof b.kms_key_id === "string" && b.kms_key_id.length > 0, "CKV_AWS_158", "CloudWatch log group encrypted with KMS"),
  tf("aws_cloudwatch_log_group", (b) => Number(b.retention_in_days ?? 0) >= 365, "CKV_AWS_338", "CloudWatch log group retained at least a year"),
  tf("aws_subnet", (b) => b.map_public_ip_on_launch !== true, "CKV_AWS_130", "Subnets do not assign public IPs"),
  tf("aws_security_group", (b) => asList(b.ingress).concat(asList(b.egress)).every((r: Json) => !!r.description) && !!b.description, "CKV_AWS_23", "Security groups and rules have descriptions"),
  tf("aws_vpc_security_group_ingress_rule", (b) => !OPEN.includes(String(b.cidr_ipv4 ?? b.cidr_ipv6 ?? "")), "CKV_AWS_260", "No security group ingress from 0.0.0.0/0"),
  // --- GCP ---
  tf("google_storage_bucket", (b) => first(b.versioning).enabled === true, "CKV_GCP_78", "Cloud Storage bucket versioning enabled"),
  { id: "CKV_GCP_62", title: "Cloud Storage bucket access logging (log buckets themselves excepted)", targets: (s) => resources(s, "google_storage_bucket").filter((b) => !resources(s, "google_storage_bucket").some((o) => String(first(o.body.logging).log_bucket ?? "").includes(`${b.id}.`))), pass: (b) => !!first(b.logging).log_bucket },
  tf("google_storage_bucket", (b) => b.uniform_bucket_level_access === true, "CKV_GCP_29", "Cloud Storage uniform bucket-level access"),
  tf("google_storage_bucket", (b) => b.public_access_prevention === "enforced", "CKV_GCP_114", "Cloud Storage public access prevention enforced"),
  tf("google_container_cluster", (b) => b.enable_intranode_visibility === true, "CKV_GCP_61", "GKE intranode visibility enabled"),
  tf("google_container_cluster", (b) => first(b.network_policy).enabled === true || b.datapath_provider === "ADVANCED_DATAPATH", "CKV_GCP_12", "GKE network policy enforced"),
  tf("google_container_cluster", (b) => first(b.private_cluster_config).enable_private_nodes === true, "CKV_GCP_25", "GKE private nodes"),
  tf("google_container_cluster", (b) => b.master_authorized_networks_config !== undefined, "CKV_GCP_20", "GKE master authorized networks"),
  tf("google_container_cluster", (b) => first(first(b.master_auth).client_certificate_config).issue_client_certificate === false, "CKV_GCP_13", "GKE client certificate disabled"),
  tf("google_container_cluster", (b) => b.enable_legacy_abac !== true, "CKV_GCP_7", "GKE legacy ABAC disabled"),
  tf("google_container_cluster", (b) => !!first(b.release_channel).channel, "CKV_GCP_70", "GKE release channel set"),
  tf("google_container_cluster", (b) => b.enable_shielded_nodes !== false, "CKV_GCP_71", "GKE shielded nodes"),
  tf("google_container_cluster", (b) => !!first(b.binary_authorization).evaluation_mode && first(b.binary_authorization).evaluation_mode !== "DISABLED", "CKV_GCP_66", "GKE binary authorization"),
  tf("google_container_cluster", (b) => !!first(b.authenticator_groups_config).security_group, "CKV_GCP_65", "GKE RBAC with Google Groups"),
  tf("google_container_cluster", (b) => first(b.database_encryption).state === "ENCRYPTED", "CKV_GCP_?_secrets", "GKE application-layer secrets encryption"),
  tf("google_container_cluster", (b) => !!first(b.security_posture_config).mode && first(b.security_posture_config).mode !== "DISABLED", "GKE_SECURITY_POSTURE", "GKE security posture on (not a checkov rule; issue 18)"),
  tf("google_container_node_pool", (b) => first(first(b.node_config).workload_metadata_config).mode === "GKE_METADATA", "CKV_GCP_69", "GKE node pools use the GKE metadata server"),
  tf("google_container_node_pool", (b) => first(first(b.node_config).shielded_instance_config).enable_secure_boot === true, "CKV_GCP_68", "GKE node pools with secure boot"),
  tf("google_container_node_pool", (b) => first(first(b.node_config).shielded_instance_config).enable_integrity_monitoring !== false, "CKV_GCP_72", "GKE node pools with integrity monitoring"),
  tf("google_container_node_pool", (b) => first(b.management).auto_repair !== false, "CKV_GCP_9", "GKE node auto-repair"),
  tf("google_container_node_pool", (b) => first(b.management).auto_upgrade !== false, "CKV_GCP_10", "GKE node auto-upgrade"),
  tf("google_compute_subnetwork", (b) => b.purpose === "REGIONAL_MANAGED_PROXY" || b.purpose === "PRIVATE_SERVICE_CONNECT" || !!first(b.log_config).aggregation_interval || !!first(b.log_config).metadata, "CKV_GCP_26", "VPC subnet flow logs enabled"),
  tf("google_compute_subnetwork", (b) => b.purpose === "REGIONAL_MANAGED_PROXY" || b.private_ip_google_access === true, "CKV_GCP_74", "Subnet private Google access"),
  tf("google_kms_crypto_key", (b) => !!b.rotation_period && parseInt(String(b.rotation_period), 10) <= 90 * 86400, "CKV_GCP_43", "KMS crypto key rotated at least every 90 days"),
  tf("google_kms_crypto_key", (b) => b.lifecycle?.prevent_destroy === true, "CKV_GCP_82", "KMS crypto key protected from destroy"),
  tf("google_secret_manager_secret", (b) => JSON.stringify(b.replication ?? {}).includes("kms_key_name"), "GCP_SECRET_CMEK", "Secret Manager secret encrypted with a customer-managed key (issue 18; checkov has no rule)"),
  // --- Kubernetes (our own objects) ---
  k8s("CKV_K8S_43", "Images pinned by digest", (p) => allContainers(p).every((c) => /@sha256:[0-9a-f]{64}$/.test(String(c.image)))),
  k8s("CKV_K8S_14", "Image tag is fixed (not latest, not empty)", (p) => allContainers(p).every((c) => /:[^:@/]+(@|$)/.test(String(c.image)) && !/:latest(@|$)/.test(String(c.image)))),
  k8s("CKV_K8S_38", "Service account tokens mounted only where necessary", (p) => p.automountServiceAccountToken === false || p.automountServiceAccountToken === true),
  k8s("CKV_K8S_16", "No privileged containers", (p) => allContainers(p).every((c) => c.securityContext?.privileged !== true)),
  k8s("CKV_K8S_20", "Containers do not allow privilege escalation", (p) => allContainers(p).every((c) => c.securityContext?.allowPrivilegeEscalation === false)),
  k8s("CKV_K8S_28", "Containers drop NET_RAW (capabilities drop ALL)", (p) => allContainers(p).every((c) => asList(c.securityContext?.capabilities?.drop).some((d) => d === "ALL" || d === "NET_RAW"))),
  k8s("CKV_K8S_23", "Containers run as non-root", (p) => p.securityContext?.runAsNonRoot === true || allContainers(p).every((c) => c.securityContext?.runAsNonRoot === true)),
  k8s("CKV_K8S_31", "Seccomp profile RuntimeDefault", (p) => p.securityContext?.seccompProfile?.type === "RuntimeDefault" || allContainers(p).every((c) => c.securityContext?.seccompProfile?.type === "RuntimeDefault")),
  k8s("CKV_K8S_11", "CPU requests or limits set", (p) => allContainers(p).every((c) => c.resources?.requests?.cpu || c.resources?.limits?.cpu)),
];

/** One stack x rule result. */
export interface Finding { rule: string; stack: string; failing: string[] }

export function evaluate(stacks: readonly StackView[], rules: readonly Rule[] = RULES): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    for (const s of stacks) {
      const targets = rule.targets(s);
      if (targets.length === 0) continue;
      out.push({ rule: rule.id, stack: s.name, failing: targets.filter((t) => !rule.pass(t.body, s, t.id)).map((t) => t.id) });
    }
  }
  return out;
}
