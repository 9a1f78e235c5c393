import type { Finding, K8sObject, NodePool, Rule, StackView, SynthView } from "../types";
import { describe, infraOf } from "../types";
import { isMap, poolEphemeralBytes, poolLocalStorage } from "../view";
import { fits, placementOf, podSpecs, poolsFor, quantity } from "./scheduling";

type Cloud = "aws" | "gcp";
interface StorageClassInfo { readonly name: string; readonly provisioner: string; readonly isDefault: boolean; readonly from: string }

/**
 * The CSI driver that provisions block volumes on each cloud. EKS: the Amazon EBS CSI driver
 * (`ebs.csi.aws.com`, installed as the `aws-ebs-csi-driver` add-on; EKS UG "Store Kubernetes
 * volumes with Amazon EBS"). GKE: the Compute Engine Persistent Disk CSI driver
 * (`pd.csi.storage.gke.io`, on by default; GKE docs "Using the Compute Engine persistent disk CSI
 * Driver"). The in-tree provisioners (`kubernetes.io/aws-ebs`, `kubernetes.io/gce-pd`) were removed
 * from Kubernetes; CSI migration hands their claims to these drivers (aws.amazon.com/blogs/
 * containers/amazon-ebs-csi-driver-is-now-generally-available-in-amazon-eks-add-ons), so a class
 * naming them provisions only where the driver runs, and gives none of its parameters (gp3, encryption).
 */
const CSI: Record<Cloud, string> = { aws: "ebs.csi.aws.com", gcp: "pd.csi.storage.gke.io" };

/**
 * StorageClasses the cloud creates in every cluster. EKS: `gp2` (in-tree `kubernetes.io/aws-ebs`;
 * whether it is still marked default depends on the cluster's history, so nothing here counts on
 * it). GKE: `standard-rwo` (default, balanced PD) and `premium-rwo` (SSD PD) on
 * `pd.csi.storage.gke.io` once the PD CSI driver is enabled, and the in-tree `standard` (GKE docs
 * "Using the Compute Engine persistent disk CSI Driver"; the same two classes are what
 * sourcegraph/src-cli internal/validate/kube/gke.go checks a GKE cluster for).
 */
function cloudClasses(cloud: Cloud, infra: StackView | undefined): StorageClassInfo[] {
  if (cloud === "aws") return [{ name: "gp2", provisioner: "kubernetes.io/aws-ebs", isDefault: false, from: "created by EKS" }];
  const clusters = Object.values(infra?.resources.google_container_cluster ?? {});
  type Addons = { gce_persistent_disk_csi_driver_config?: { enabled?: boolean } } | undefined;
  const csiOff = clusters.some((c) => (c.addons_config as Addons)?.gce_persistent_disk_csi_driver_config?.enabled === false);
  return [
    ...(csiOff ? [] : [
      { name: "standard-rwo", provisioner: CSI.gcp, isDefault: true, from: "created by GKE with the PD CSI driver" },
      { name: "premium-rwo", provisioner: CSI.gcp, isDefault: false, from: "created by GKE with the PD CSI driver" },
    ]),
    { name: "standard", provisioner: "kubernetes.io/gce-pd", isDefault: false, from: "created by GKE" },
  ];
}

function cloudOf(stack: StackView): Cloud | undefined {
  const r = stack.resources;
  if (r.aws_eks_cluster || r.aws_eks_node_group) return "aws";
  if (r.google_container_cluster || r.google_container_node_pool) return "gcp";
  return undefined;
}

/** StorageClasses a placement creates: Kubernetes objects in manifest bundles and kubernetes_storage_class resources. */
function ourClasses(stacks: readonly StackView[]): StorageClassInfo[] {
  const out: StorageClassInfo[] = [];
  for (const s of stacks) {
    for (const r of s.releases) {
      for (const o of r.objects.filter((x) => x.kind === "StorageClass")) {
        out.push({ name: o.metadata.name, provisioner: String((o as { provisioner?: unknown }).provisioner ?? ""),
          isDefault: o.metadata.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true", from: `${s.name} ${r.address}` });
      }
    }
    for (const type of ["kubernetes_storage_class", "kubernetes_storage_class_v1"]) {
      for (const [id, body] of Object.entries(s.resources[type] ?? {})) {
        const meta = (Array.isArray(body.metadata) ? body.metadata[0] : body.metadata) as { name?: string; annotations?: Record<string, string> } | undefined;
        out.push({ name: String(meta?.name ?? ""), provisioner: String(body.storage_provisioner ?? ""),
          isDefault: meta?.annotations?.["storageclass.kubernetes.io/is-default-class"] === "true", from: `${s.name} ${type}.${id}` });
      }
    }
  }
  return out;
}

/** A claim on dynamically provisioned storage: its StorageClass name (undefined: the default class; "": none). */
interface Claim { readonly object: string; readonly field: string; readonly className: string | undefined; readonly what: string }

/**
 * Charts that create PersistentVolumeClaims from their values, with the defaults of the pinned
 * version: prometheus-community/helm-charts prometheus-29.27.0 charts/prometheus/values.yaml
 * (server.persistentVolume.enabled: true, alertmanager.enabled: true), templates/pvc.yaml
 * (storageClass "-" renders storageClassName ""; unset renders none), charts/alertmanager 1.42.0
 * values.yaml (persistence.enabled: true) and templates/statefulset.yaml (volumeClaimTemplates).
 */
type Toggle = { at: string[]; default: boolean };
const CHART_CLAIMS: Record<string, { what: string; gate?: Toggle; enabled: Toggle; existing?: string[]; className: string[] }[]> = {
  prometheus: [
    { what: "the server's PersistentVolumeClaim", enabled: { at: ["server", "persistentVolume", "enabled"], default: true },
      existing: ["server", "persistentVolume", "existingClaim"], className: ["server", "persistentVolume", "storageClass"] },
    { what: "Alertmanager's volumeClaimTemplate", gate: { at: ["alertmanager", "enabled"], default: true },
      enabled: { at: ["alertmanager", "persistence", "enabled"], default: true }, className: ["alertmanager", "persistence", "storageClass"] },
  ],
};

const at = (v: unknown, path: readonly string[]): unknown => path.reduce<unknown>((x, k) => (isMap(x) ? x[k] : undefined), v);
const flag = (v: unknown, d: boolean): boolean => (v === undefined ? d : v === true || v === "true");

function claimsOf(stack: StackView): Claim[] {
  const out: Claim[] = [];
  const className = (spec: unknown): string | undefined => {
    const v = (spec as { storageClassName?: unknown } | undefined)?.storageClassName;
    return v === undefined || v === null ? undefined : String(v);
  };
  for (const r of stack.releases) {
    for (const o of r.objects) {
      const object = `${r.address} ${describe(o)}`;
      if (o.kind === "PersistentVolumeClaim") out.push({ object, field: "spec.storageClassName", className: className(o.spec), what: "this claim" });
      if (o.kind === "StatefulSet") {
        ((o.spec as { volumeClaimTemplates?: { metadata?: { name?: string }; spec?: unknown }[] } | undefined)?.volumeClaimTemplates ?? []).forEach((t, i) => {
          out.push({ object, field: `spec.volumeClaimTemplates.${i}.spec.storageClassName`, className: className(t.spec), what: `volumeClaimTemplate ${t.metadata?.name ?? i}` });
        });
      }
      for (const { at: base, spec } of podSpecs(o)) {
        ((spec as { volumes?: { name: string; ephemeral?: { volumeClaimTemplate?: { spec?: unknown } } }[] }).volumes ?? []).forEach((v, j) => {
          if (v.ephemeral) out.push({ object, field: `${base}.volumes.${j}.ephemeral.volumeClaimTemplate.spec.storageClassName`, className: className(v.ephemeral.volumeClaimTemplate?.spec), what: `ephemeral volume ${v.name}` });
        });
      }
    }
    for (const c of CHART_CLAIMS[r.chart] ?? []) {
      if (c.gate && !flag(at(r.values, c.gate.at), c.gate.default)) continue;
      if (!flag(at(r.values, c.enabled.at), c.enabled.default)) continue;
      if (c.existing && at(r.values, c.existing)) continue;
      const v = at(r.values, c.className);
      out.push({ object: r.address, field: `values.${c.className.join(".")}`, className: v === undefined || v === null || v === "" ? undefined : v === "-" ? "" : String(v),
        what: `${r.chart} ${r.version ?? ""} ${c.what} (${c.enabled.at.join(".")} ${at(r.values, c.enabled.at) === undefined ? "defaults to true" : "is true"})`.replace(/ {2,}/g, " ") });
    }
  }
  for (const type of ["kubernetes_persistent_volume_claim", "kubernetes_persistent_volume_claim_v1"]) {
    for (const [id, body] of Object.entries(stack.resources[type] ?? {})) {
      const spec = (Array.isArray(body.spec) ? body.spec[0] : body.spec) as { storage_class_name?: unknown } | undefined;
      out.push({ object: `${type}.${id}`, field: "spec.storage_class_name", className: spec?.storage_class_name === undefined ? undefined : String(spec.storage_class_name), what: "this claim" });
    }
  }
  return out;
}

const under = (path: string, root: string) => path === root || path.startsWith(`${root.replace(/\/+$/, "")}/`);

/**
 * The host's own directories: installers and device plugins write there (GKE's GPU driver and NCCL
 * plugin installers under /home/kubernetes/bin, the EFA plugin's /opt/aws/neuron), and nothing
 * there is a cache the local disks should hold.
 */
const HOST_SYSTEM_DIRS = ["/home/kubernetes", "/opt", "/dev", "/sys", "/proc", "/etc", "/run", "/usr", "/lib", "/var/lib/kubelet", "/var/run", "/var/log"];

/** A hostPath the pod creates to keep data in (type DirectoryOrCreate, outside the host's own directories): a node-local cache. */
function hostPathCaches(o: K8sObject): { field: string; path: string; spec: Parameters<typeof placementOf>[0] }[] {
  const out: { field: string; path: string; spec: Parameters<typeof placementOf>[0] }[] = [];
  for (const { at: base, spec } of podSpecs(o)) {
    ((spec as { volumes?: { name: string; hostPath?: { path?: string; type?: string } }[] }).volumes ?? []).forEach((v, j) => {
      if (v.hostPath?.type === "DirectoryOrCreate" && v.hostPath.path && !HOST_SYSTEM_DIRS.some((d) => under(v.hostPath!.path!, d))) out.push({ field: `${base}.volumes.${j}.hostPath.path`, path: v.hostPath.path, spec });
    });
  }
  return out;
}

/**
 * Every claim on provisioned storage names a StorageClass that exists (one we create, or one the
 * cloud creates in every cluster) whose provisioner is the cloud's CSI driver, with that driver
 * installed; and every node-local cache (hostPath DirectoryOrCreate) lies on the local NVMe or
 * Local SSD the node pools it can run on actually mount, not on the boot disk.
 */
export const storage: Rule = {
  id: "storage",
  proves: "every PersistentVolumeClaim, volumeClaimTemplate, ephemeral volume and chart-made claim names an existing StorageClass (ours or the cloud's) with the cloud's CSI provisioner (ebs.csi.aws.com with its add-on on EKS, pd.csi.storage.gke.io on GKE); every hostPath cache lies on the local NVMe / Local SSD its node pools mount, and disk-backed emptyDir limits fit the node's ephemeral storage",
  check(view: SynthView) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      const infra = infraOf(view, stack);
      const cloud = cloudOf(infra ?? stack);
      const claims = claimsOf(stack);
      if (cloud && claims.length > 0) {
        const ours = ourClasses(infra ? [stack, infra] : [stack]);
        const classes = [...ours, ...cloudClasses(cloud, infra)];
        const defaultClass = ours.find((c) => c.isDefault) ?? classes.find((c) => c.isDefault);
        const ebsDriver = Object.values((infra ?? stack).resources.aws_eks_addon ?? {}).some((a) => a.addon_name === "aws-ebs-csi-driver")
          || view.stacks.some((s) => s.releases.some((r) => r.chart === "aws-ebs-csi-driver"));
        const fix = `name a StorageClass this stack creates with provisioner ${CSI[cloud]}${cloud === "aws" ? " (and install the aws-ebs-csi-driver add-on with its IAM role)" : ""}, or drop the claim`;
        for (const c of claims) {
          const push = (why: string) => out.push({ rule: this.id, stack: stack.name, object: c.object, field: c.field, why, fix });
          if (c.className === "") {
            push(`${c.what} asks for no StorageClass (storageClassName ""), so it binds only a pre-provisioned PersistentVolume without a class, and this deployment creates none: the claim stays Pending`);
            continue;
          }
          const sc = c.className === undefined ? defaultClass : classes.find((x) => x.name === c.className);
          if (!sc) {
            push(c.className === undefined
              ? `${c.what} names no StorageClass, so it takes the cluster's default, and none is proven here (${cloud === "aws" ? "EKS's own gp2 uses the in-tree kubernetes.io/aws-ebs and is not default on every cluster" : "the PD CSI driver is off, so GKE creates no standard-rwo"}; no StorageClass we create is marked default): the claim may stay Pending`
              : `${c.what} names StorageClass "${c.className}", which neither this deployment nor ${cloud === "aws" ? "EKS" : "GKE"} creates (known: ${classes.map((x) => x.name).join(", ")}): the claim stays Pending`);
            continue;
          }
          if (sc.provisioner !== CSI[cloud]) {
            push(`${c.what} uses StorageClass ${sc.name} (${sc.from}), provisioner ${sc.provisioner || "(none)"}; on ${cloud === "aws" ? "EKS" : "GKE"} volumes come from ${CSI[cloud]}`);
            continue;
          }
          if (cloud === "aws" && !ebsDriver) {
            push(`${c.what} uses StorageClass ${sc.name} (provisioner ${CSI.aws}), but ${(infra ?? stack).name} installs no aws-ebs-csi-driver add-on, so nothing provisions the volume: the claim stays Pending`);
          }
        }
      }
      const pools: readonly NodePool[] = poolsFor(view, stack);
      if (pools.length === 0) continue;
      const poolStack = infra && infra.nodePools.length > 0 ? infra : stack;
      for (const r of stack.releases) {
        for (const o of r.objects) {
          // Disk-backed emptyDir caches (the GKE model cache): their size limits together must fit
          // what backs the node's ephemeral storage, or the kubelet evicts the pod as it fills.
          for (const { at: base, spec } of podSpecs(o)) {
            const dirs = ((spec as { volumes?: { name: string; emptyDir?: { medium?: string; sizeLimit?: unknown } }[] }).volumes ?? [])
              .filter((v) => v.emptyDir && v.emptyDir.medium !== "Memory" && v.emptyDir.sizeLimit !== undefined);
            const total = dirs.reduce((sum, v) => sum + quantity(v.emptyDir!.sizeLimit), 0);
            if (dirs.length === 0 || !(total > 0)) continue;
            for (const p of pools.filter((x) => fits(placementOf(spec), x).length === 0)) {
              const cap = poolEphemeralBytes(poolStack.resources, p);
              if (!cap || total <= cap.bytes) continue;
              out.push({
                rule: this.id, stack: stack.name, object: `${r.address} ${describe(o)}`, field: `${base}.volumes`,
                why: `emptyDir ${dirs.map((v) => `${v.name} ${String(v.emptyDir!.sizeLimit)}`).join(", ")} (${(total / 1e9).toFixed(0)} GB) exceed the ephemeral storage of ${p.address} (${p.nodeType}): ${(cap.bytes / 1e9).toFixed(0)} GB on ${cap.on}; the kubelet evicts the pod when they fill`,
                fix: "put the pool's local disks under kubelet (EKS nodeadm localStorage RAID0; GKE ephemeral_storage_local_ssd_config) or lower the size limits",
              });
            }
          }
          for (const cache of hostPathCaches(o)) {
            const placement = placementOf(cache.spec);
            const landing = pools.filter((p) => fits(placement, p).length === 0);
            for (const p of landing) {
              const local = poolLocalStorage(poolStack.resources, p);
              if (local && under(cache.path, local.root)) continue;
              out.push({
                rule: this.id, stack: stack.name, object: `${r.address} ${describe(o)}`, field: cache.field,
                why: local
                  ? `caches in ${cache.path} on ${p.address} (${p.nodeType}), whose local NVMe is mounted at ${local.root} (${local.how}): the directory is created on the boot disk`
                  : `caches in ${cache.path} on ${p.address} (${p.nodeType}), which mounts no local NVMe / Local SSD there (${p.nodeType} ${(p.allocatable["nvidia.com/gpu"] ?? 0) > 0 ? "has local disks the pool does not configure" : "is not a GPU node type with local disks"}): the directory is created on the boot disk`,
                fix: "keep node-local caches under the pool's local-disk mount (EKS: nodeadm localStorage RAID0 at <mountPath>/0; GKE: ephemeral_storage_local_ssd_config, /mnt/stateful_partition/kube-ephemeral-ssd), or configure the pool's local disks",
              });
            }
          }
        }
      }
    }
    return out;
  },
};
