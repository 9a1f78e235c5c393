import { readYamlDocuments, readYamlValue } from "../internal/yaml-documents";
import { NODE_TYPES } from "../catalog/node-types";
import type { HelmRelease, Intent, K8sObject, NodePool, StackView, SynthView } from "./types";

/**
 * Builds the preflight view of synthesized stacks from their parsed `cdk.tf.json` documents.
 * Pure (the caller reads the files): DeepSeekApp passes what it just wrote, the CLI what it read.
 */
export function synthView(stacks: readonly { name: string; json: unknown }[], intent?: Intent): SynthView {
  return { stacks: stacks.map(({ name, json }) => stackView(name, json as { resource?: Record<string, Record<string, Record<string, unknown>>> })), ...(intent ? { intent } : {}) };
}

/** What a review (review.json, or the app's model at synth) says was configured: endpoints per stack. */
export function intentOfReview(review: unknown): Intent | undefined {
  const placements = (review as { placements?: unknown } | null)?.placements;
  if (!Array.isArray(placements)) return undefined;
  return { endpoints: placements.flatMap((p: { stacks?: unknown; endpoint?: { exposure?: unknown; allowedSourceCidrs?: unknown } | null }) => {
    if (!Array.isArray(p?.stacks) || !p.endpoint || typeof p.endpoint.exposure !== "string") return [];
    const cidrs = p.endpoint.allowedSourceCidrs;
    return [{ stacks: p.stacks.map(String), exposure: p.endpoint.exposure, ...(Array.isArray(cidrs) ? { allowedSourceCidrs: cidrs.map(String) } : {}) }];
  }) };
}

function stackView(name: string, json: { resource?: Record<string, Record<string, Record<string, unknown>>> }): StackView {
  const resources = json.resource ?? {};
  const releases = Object.entries(resources.helm_release ?? {}).map(([id, body]) => helmRelease(`helm_release.${id}`, body));
  return { name, resources, releases, nodePools: nodePools(resources) };
}

/** Terraform template escapes the manifest bundles apply (lib/internal/terraform-text.ts), undone. */
const unescapeTerraform = (s: string) => s.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");

function helmRelease(address: string, body: Record<string, unknown>): HelmRelease {
  const docs = ((body.values as string[] | undefined) ?? []).map((v) => {
    // Manifest bundles write JSON (fast to read); chart values are YAML.
    try { return (readYamlValue(v) ?? {}) as Record<string, unknown>; } catch { return {}; }
  });
  const values = docs.reduce<Record<string, unknown>>((acc, d) => deepMerge(acc, d), {});
  const objects: K8sObject[] = [];
  if (typeof values.manifests === "string") {
    for (const object of readYamlDocuments(unescapeTerraform(values.manifests))) {
      if (object !== null && object !== undefined) objects.push(object as K8sObject);
    }
  }
  return {
    address,
    name: String(body.name ?? ""),
    namespace: String(body.namespace ?? "default"),
    chart: String(body.chart ?? ""),
    ...(body.repository ? { repository: String(body.repository) } : {}),
    ...(body.version ? { version: String(body.version) } : {}),
    values: typeof values.manifests === "string" ? {} : values,
    objects,
    dependsOn: ((body.depends_on as string[] | undefined) ?? []).map(String),
  };
}

/** Helm's merge of values files: maps merge key by key, anything else (lists included) replaces. */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isMap(prev) && isMap(v) ? deepMerge(prev, v) : v;
  }
  return out;
}
export const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const GiB = 1024 ** 3;
/**
 * Allocatable per node: the catalog's GPUs, EFA devices, vCPU and memory, less the kubelet
 * reservations of the EKS AMI / GKE (about 0.1 core and 6% of memory + 255 MiB kube-reserved,
 * 100 MiB eviction): a conservative rounding, not a formula.
 * System node types are not in the GPU catalog: the default ones are listed here.
 */
const SYSTEM_TYPES: Record<string, { vcpus: number; memoryGiB: number }> = {
  // AWS EC2 instance types page (general purpose M7i); GCP machine types page (E2 standard).
  "m7i.xlarge": { vcpus: 4, memoryGiB: 16 },
  "m7i.2xlarge": { vcpus: 8, memoryGiB: 32 },
  "m6i.xlarge": { vcpus: 4, memoryGiB: 16 },
  "e2-standard-4": { vcpus: 4, memoryGiB: 16 },
  "e2-standard-8": { vcpus: 8, memoryGiB: 32 },
};

export function allocatableFor(nodeType: string): Record<string, number> | undefined {
  const gpu = NODE_TYPES[nodeType as keyof typeof NODE_TYPES] as (typeof NODE_TYPES)[keyof typeof NODE_TYPES] | undefined;
  const base = gpu ? { vcpus: gpu.vcpus, memoryGiB: gpu.memoryGiB } : SYSTEM_TYPES[nodeType];
  if (!base) return undefined;
  const out: Record<string, number> = {
    cpu: base.vcpus - 0.1 - (base.vcpus > 4 ? 0.01 * (base.vcpus - 4) : 0),
    memory: base.memoryGiB * GiB * 0.94 - 355 * 1024 ** 2,
    "ephemeral-storage": 80 * GiB,
    pods: 110,
  };
  if (gpu) {
    out["nvidia.com/gpu"] = gpu.gpusPerNode;
    if (gpu.efaInterfaces) out["vpc.amazonaws.com/efa"] = gpu.efaInterfaces;
    // The EFA driver pre-allocates 5128 × 2 MiB huge pages on EKS EFA nodes (EKS UG node-efa).
    if (gpu.efaInterfaces) out["hugepages-2Mi"] = 5128 * 2 * 1024 ** 2;
  }
  return out;
}

const EFFECT: Record<string, string> = { NO_SCHEDULE: "NoSchedule", NO_EXECUTE: "NoExecute", PREFER_NO_SCHEDULE: "PreferNoSchedule" };

function nodePools(resources: Record<string, Record<string, Record<string, unknown>>>): NodePool[] {
  const pools: NodePool[] = [];
  for (const [id, ng] of Object.entries(resources.aws_eks_node_group ?? {})) {
    const nodeType = String(((ng.instance_types as string[] | undefined) ?? [])[0] ?? "");
    const labels = { ...((ng.labels as Record<string, string> | undefined) ?? {}), "node.kubernetes.io/instance-type": nodeType, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64" };
    const taints = ((ng.taint as { key: string; value?: string; effect: string }[] | undefined) ?? []).map((t) => ({ key: t.key, value: t.value,
      effect: EFFECT[t.effect] ?? t.effect }));
    pools.push({ address: `aws_eks_node_group.${id}`, labels, taints, allocatable: allocatableFor(nodeType) ?? {}, nodeType });
  }
  for (const [id, np] of Object.entries(resources.google_container_node_pool ?? {})) {
    const cfg = (np.node_config ?? {}) as { machine_type?: string; labels?: Record<string, string>; taint?: { key: string; value?: string; effect: string }[];
      guest_accelerator?: { type: string }[] };
    const nodeType = String(cfg.machine_type ?? "");
    const accel = cfg.guest_accelerator?.[0]?.type;
    // GKE labels every node with its machine type and, on GPU nodes, the accelerator; it taints GPU
    // nodes nvidia.com/gpu=present:NoSchedule itself (GKE docs "About GPUs in GKE").
    const labels = { ...(cfg.labels ?? {}), "node.kubernetes.io/instance-type": nodeType, "kubernetes.io/os": "linux", ...(accel ? { "cloud.google.com/gke-accelerator": accel } : {}) };
    const taints = [...(cfg.taint ?? []).map((t) => ({ key: t.key, value: t.value, effect: EFFECT[t.effect] ?? t.effect })), ...(accel ? [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }] : [])];
    pools.push({ address: `google_container_node_pool.${id}`, labels, taints, allocatable: allocatableFor(nodeType) ?? {}, nodeType });
  }
  return pools;
}

const localNvmeGB = (nodeType: string): number => (NODE_TYPES[nodeType as keyof typeof NODE_TYPES] as { localNvmeGB?: number } | undefined)?.localNvmeGB ?? 0;

/** Where COS mounts a GKE node's Local SSD array when it backs ephemeral storage. */
export const GKE_EPHEMERAL_SSD_ROOT = "/mnt/stateful_partition/kube-ephemeral-ssd";

/**
 * Where a planned node pool's nodes mount their local NVMe / Local SSD, read from the stack that
 * plans the pool (undefined: nowhere). Only node types with local disks count (the catalog's
 * localNvmeGB): a RAID0 of nothing mounts nothing.
 * - EKS: the launch template's user data holds a nodeadm NodeConfig with
 *   `spec.instance.localStorage.strategy: RAID0`, which assembles every instance-store NVMe into one
 *   array mounted at `<mountPath>/0` (mountPath defaults to /mnt/k8s-disks; awslabs/amazon-eks-ami
 *   nodeadm API and templates/shared/runtime/bin/setup-local-disks). User data is base64, MIME multi-part.
 * - GKE: `ephemeral_storage_local_ssd_config.local_ssd_count` > 0: kubelet, containerd and emptyDir
 *   live on the Local SSD array, which COS mounts at /mnt/stateful_partition/kube-ephemeral-ssd
 *   (GKE docs "About Local SSD storage").
 */
export function poolLocalStorage(resources: StackView["resources"], pool: NodePool): { root: string; how: string } | undefined {
  if (localNvmeGB(pool.nodeType) <= 0) return undefined;
  const [type, id] = pool.address.split(".");
  const body = resources[type]?.[id];
  if (!body) return undefined;
  if (type === "google_container_node_pool") {
    type NodeConfig = { ephemeral_storage_local_ssd_config?: { local_ssd_count?: number } } | undefined;
    const ssds = Number((body.node_config as NodeConfig)?.ephemeral_storage_local_ssd_config?.local_ssd_count ?? 0);
    return ssds > 0 ? { root: GKE_EPHEMERAL_SSD_ROOT, how: `ephemeral_storage_local_ssd_config.local_ssd_count ${ssds}` } : undefined;
  }
  const ref = /^\$\{aws_launch_template\.([^.}]+)\.id\}$/.exec(String((body.launch_template as { id?: unknown } | undefined)?.id ?? ""));
  const encoded = ref ? resources.aws_launch_template?.[ref[1]]?.user_data : undefined;
  if (typeof encoded !== "string" || encoded.includes("${")) return undefined;
  const text = Buffer.from(encoded, "base64").toString("utf8");
  const block = /localStorage:[ \t]*\r?\n((?:[ \t]+\S.*(?:\r?\n|$))+)/.exec(text)?.[1] ?? "";
  if (/strategy:\s*(\S+)/.exec(block)?.[1] !== "RAID0") return undefined;
  const mountPath = (/mountPath:\s*(\S+)/.exec(block)?.[1] ?? "/mnt/k8s-disks").replace(/\/+$/, "");
  return { root: `${mountPath}/0`, how: `launch template ${ref![1]} user data: nodeadm localStorage strategy RAID0, mountPath ${mountPath}` };
}

/**
 * What backs a node's ephemeral storage (emptyDir, container writable layers, logs), in bytes: the
 * local disks when the pool puts kubelet on them (EKS nodeadm RAID0 bind-mounts /var/lib/kubelet
 * from the array; GKE ephemeral_storage_local_ssd_config), else the boot disk (GKE
 * node_config.disk_size_gb; EKS the launch template's first block device, volume_size GiB).
 */
export function poolEphemeralBytes(resources: StackView["resources"], pool: NodePool): { bytes: number; on: string } | undefined {
  const local = poolLocalStorage(resources, pool);
  if (local) return { bytes: localNvmeGB(pool.nodeType) * 1e9, on: `local disks (${local.how})` };
  const [type, id] = pool.address.split(".");
  const body = resources[type]?.[id];
  if (!body) return undefined;
  if (type === "google_container_node_pool") {
    const gb = Number((body.node_config as { disk_size_gb?: number } | undefined)?.disk_size_gb ?? 100);
    return { bytes: gb * 1024 ** 3, on: `the ${gb} GiB boot disk` };
  }
  const ref = /^\$\{aws_launch_template\.([^.}]+)\.id\}$/.exec(String((body.launch_template as { id?: unknown } | undefined)?.id ?? ""));
  const bdm = ref ? (resources.aws_launch_template?.[ref[1]]?.block_device_mappings as { ebs?: { volume_size?: number } }[] | undefined) : undefined;
  const gib = Number(bdm?.[0]?.ebs?.volume_size ?? body.disk_size ?? 20);
  return { bytes: gib * 1024 ** 3, on: `the ${gib} GiB root volume` };
}
