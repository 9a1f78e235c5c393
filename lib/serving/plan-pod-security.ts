import type { DeploymentPlan } from "../plan/plan";
import type { GkeFabricComponent } from "../fabric/plan-gke-fabric";

/**
 * Pod Security for every workload this library runs (pure). Levels and checks follow the
 * Kubernetes Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards):
 * a workload is `restricted` unless it needs more, and then it carries the reason, written here
 * once and shown on the pod template (annotation), on the namespace and in the README. A namespace
 * enforces the highest level any of its pods needs (Pod Security admission is per namespace) and
 * audits and warns at `restricted`, so every exception is visible at admission.
 *
 * Every container of ours is hardened whatever its level: no privilege escalation, capabilities
 * `drop: [ALL]` (adding back only what a reason names), seccomp `RuntimeDefault` (the profile
 * Docker applies by default, under which NVIDIA documents its NGC containers).
 */

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";
const ORDER: readonly PodSecurityLevel[] = ["restricted", "baseline", "privileged"];

export interface WorkloadPodSecurity {
  /** What the workload is (the reviewer's name for it). */
  readonly workload: string;
  readonly level: PodSecurityLevel;
  /** Why it needs more than `restricted`; empty when restricted. */
  readonly reasons: readonly string[];
}

export interface PodSecurityPlan {
  readonly servers: WorkloadPodSecurity;
  readonly staging: WorkloadPodSecurity;
  readonly servingCheck: WorkloadPodSecurity;
  readonly fabricCheck: WorkloadPodSecurity;
  /** The serving namespace: the highest level of its workloads, with their reasons. */
  readonly namespace: WorkloadPodSecurity;
}

/** Pod template annotations carrying a workload's level and reasons. */
export const POD_SECURITY_ANNOTATION = "cdktf-deepseek.io/pod-security";
export const POD_SECURITY_REASON_ANNOTATION = "cdktf-deepseek.io/pod-security-reason";

/** The unprivileged user our restricted pods run as (the serving check's, and the GKE stager's). */
export const NON_ROOT_UID = 1000;

/*
 * Non-root servers (issue 18): checked against NVIDIA/TensorRT-LLM docker/Dockerfile.multi, read at
 * 00f74add (BASE_TAG 25.08-py3, the stored version nearest the 1.2 line; the file at tag v1.2.1 could
 * not be read here) and at 2340c776: the `release` stage sets no USER, so the image runs as root,
 * with HOME=/root and pip's cache under /root/.cache. docker/Dockerfile.user (@ 0fa4984d) is how
 * NVIDIA runs it as a user: a derived image that adds the user with a home and passwordless sudo.
 * Running the pinned image under an arbitrary uid would need HOME, USER (PyTorch's inductor cache
 * asks getpass.getuser()), Triton's and Hugging Face's caches redirected to writable volumes, and on
 * EKS a non-root owner for the hostPath caches; none of that is verified on the release image, so
 * the servers stay root with this reason, and everything else about them is hardened.
 */
export const REASONS = {
  root: "runs as root: TensorRT-LLM's release image declares no other user (the release stage of NVIDIA/TensorRT-LLM docker/Dockerfile.multi has no USER, and its HOME, pip and Python caches are root's; NVIDIA's own non-root path, docker/Dockerfile.user, builds a derived image adding a passwd entry, a home and sudo), NVIDIA's multi-node launch runs mpirun --allow-run-as-root, and on EKS the weights and compile cache are the node's root-owned hostPath; restricted's runAsNonRoot has not been proven on it",
  hostPathCache: "mounts the node's NVMe model and compile caches as hostPath (/mnt/k8s-disks/0 on EKS): a restarted or rescheduled server finds the weights on the node instead of pulling hundreds of GB again; hostPath is outside baseline",
  hostPathCompileCache: "keeps the TensorRT-LLM compile cache in a hostPath on the node's Local SSD (lib/fabric/plan-compile-cache.ts), so a restarted multi-node group skips recompiling; hostPath is outside baseline",
  hostPathStaging: "writes the checkpoint into the node's hostPath NVMe cache, which the kubelet creates owned by root, so it runs as root too; hostPath is outside baseline",
  ipcLock: "adds IPC_LOCK: EFA / GPUDirect RDMA pins (registers) host and GPU memory, which needs the memlock capability; baseline allows no capability beyond its default set",
  hostLibs: "mounts the GPU node's NVIDIA libraries and Google's NCCL network plugin from the host (hostPath under /home/kubernetes/bin, installed by GKE's GPUDirect installers); hostPath is outside baseline",
  netAdmin: "the GPUDirect-TCPX(O) receive-data-path manager sidecar (container tcpx-daemon for TCPX, container tcpxo-daemon for TCPXO) adds NET_ADMIN (TCPXO also NET_BIND_SERVICE) and keeps the runtime's default capabilities, as Google's own pod spec runs it (GoogleCloudPlatform/container-engine-accelerators gpudirect-tcpx, gpudirect-tcpxo): which of the defaults it uses is not published, so they are not dropped; outside baseline",
} as const;

const GOOGLE = "GoogleCloudPlatform/container-engine-accelerators";
/** The node-level fabric installers' reasons: each names the container or pod field it is about. */
export const FABRIC_INSTALLER_REASONS = {
  installer: (container: string, file: string) => `init container ${container} is privileged and mounts the GPU node's library directories (hostPath /home/kubernetes/bin and /var/lib, or their gIB subdirectories): Google's installer script (${GOOGLE} ${file}) writes NCCL and its NCCL network plugin there, for the serving pods to mount read-only, and is only published to run privileged`,
  tcpxoHostSetup: `init container tcpxo-host-setup is privileged with hostPID: it enters the host through nsenter into PID 1 to open the host firewall for the TCPXO data path (iptables), load the import-helper kernel module and bind-mount the NIC aperture PCI devices under /dev/aperture_devices (${GOOGLE} gpudirect-tcpxo/nccl-tcpxo-installer.yaml); none of that can be done from a container`,
  nriInjector: `container nri-device-injector is privileged, with hostPID and the host's /dev and /var/run/nri (hostPath): it is a containerd NRI plugin that adds the host devices named in the RxDM pods' devices.gke.io annotations to those containers (${GOOGLE} nri_device_injector/nri-device-injector.yaml)`,
  rdmaSysctls: "init container nccl-gib-installer writes the host RDMA NICs' log_martians sysctls (per network namespace, so the host's: hostNetwork and privileged), as Google's installer does in a second privileged container",
  hostNetwork: `hostNetwork, as in each of Google's installer manifests (${GOOGLE}); it adds nothing to a pod that is privileged already`,
} as const;

/**
 * Namespaces we put pods in but do not label for Pod Security, with why: the fabric installers run
 * in kube-system with system-node-critical priority, as Google's manifests do (node infrastructure,
 * evicted last), and kube-system is the cluster's own namespace, where GKE runs its privileged
 * system DaemonSets; labelling it is not ours to do. Our pods there carry their level and reasons
 * on the pod template, and test/security/pod-security.test.ts holds them to it.
 */
export const UNLABELLED_SYSTEM_NAMESPACES: Readonly<Record<string, string>> = Object.freeze({
  "kube-system": "the cluster's own namespace, where GKE runs its privileged system DaemonSets; the GPU fabric installers run there as node infrastructure (as in Google's manifests), so their level and reasons are on their pod templates, not on the namespace",
});

/** Pod Security of GKE's node-level GPU fabric installers (lib/fabric/plan-gke-fabric.ts): privileged, each reason written. */
export function planGkeFabricPodSecurity(component: GkeFabricComponent): WorkloadPodSecurity {
  const P = "privileged" as const;
  const R = FABRIC_INSTALLER_REASONS;
  const reasons: Record<GkeFabricComponent, string[]> = {
    "nccl-tcpxo-installer": [R.tcpxoHostSetup, R.installer("nccl-plugin-installer", "gpudirect-tcpxo/nccl-tcpxo-installer.yaml"), R.hostNetwork],
    "nccl-tcpx-installer": [R.installer("nccl-plugin-installer", "gpudirect-tcpx/nccl-tcpx-installer.yaml"), R.hostNetwork],
    "nri-device-injector": [R.nriInjector, R.hostNetwork],
    "nccl-rdma-installer": [R.installer("nccl-gib-installer", "gpudirect-rdma/nccl-rdma-installer.yaml"), R.rdmaSysctls, R.hostNetwork],
  };
  return workload(`GKE GPU fabric ${component}`, reasons[component].map((reason) => ({ level: P, reason })));
}

function workload(name: string, reasons: readonly { level: PodSecurityLevel; reason: string }[]): WorkloadPodSecurity {
  const level = reasons.reduce<PodSecurityLevel>((acc, r) => (ORDER.indexOf(r.level) > ORDER.indexOf(acc) ? r.level : acc), "restricted");
  return { workload: name, level, reasons: reasons.map((r) => r.reason) };
}

/** Pod Security of every workload of one placement's serving namespace. */
export function planPodSecurity(plan: Pick<DeploymentPlan, "cloud" | "nodesPerReplica" | "fabric">): PodSecurityPlan {
  const aws = plan.cloud === "aws";
  // What each GPU fabric adds to the pods that run NCCL (lib/fabric/plan-pod-fabric.ts).
  const P = "privileged" as const;
  const fabric = {
    none: [],
    efa: [{ level: P, reason: REASONS.ipcLock }],
    "gpudirect-tcpx": [{ level: P, reason: REASONS.ipcLock }, { level: P, reason: REASONS.netAdmin }, { level: P, reason: REASONS.hostLibs }],
    "gpudirect-tcpxo": [{ level: P, reason: REASONS.netAdmin }, { level: P, reason: REASONS.hostLibs }],
    "gpudirect-rdma": [{ level: P, reason: REASONS.hostLibs }],
  }[plan.fabric.kind];
  const servers = workload("TensorRT-LLM servers", [
    { level: "baseline", reason: REASONS.root },
    ...(aws ? [{ level: "privileged" as const, reason: REASONS.hostPathCache }] : []),
    // GKE with a GPU fabric: the compile cache is a hostPath too (planCompileCache).
    ...(!aws && plan.fabric.kind !== "none" ? [{ level: "privileged" as const, reason: REASONS.hostPathCompileCache }] : []),
    ...fabric,
  ]);
  const staging = workload("checkpoint staging Job", aws ? [{ level: "privileged", reason: REASONS.hostPathStaging }] : []);
  const servingCheck = workload("serving check Job", []);
  const fabricCheck = workload("fabric (NCCL) check Job", plan.fabric.kind === "none" ? [] : [{ level: "baseline", reason: REASONS.root }, ...fabric]);
  const all = [servers, staging, servingCheck, ...(plan.fabric.kind === "none" ? [] : [fabricCheck])];
  const namespace = workload("serving namespace", all.flatMap((w) => w.reasons.map((reason) => ({ level: w.level, reason: `${w.workload}: ${reason}` }))));
  return { servers, staging, servingCheck, fabricCheck, namespace };
}

/** Annotations for a workload's pod template: its level, and its reasons when it needs more than restricted. */
export function podSecurityAnnotations(w: WorkloadPodSecurity): Record<string, string> {
  return { [POD_SECURITY_ANNOTATION]: w.level, ...(w.reasons.length ? { [POD_SECURITY_REASON_ANNOTATION]: w.reasons.join("; ") } : {}) };
}

/** Container hardening every container of ours gets; `add` only with a reason above. */
export function hardenedContainerSecurity(add: readonly string[] = []): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"], ...(add.length ? { add: [...add] } : {}) },
    seccompProfile: { type: "RuntimeDefault" },
  };
}

/** Pod securityContext of a restricted pod: non-root user and group, group-writable volumes. */
export function restrictedPodSecurity(): Record<string, unknown> {
  return { runAsNonRoot: true, runAsUser: NON_ROOT_UID, runAsGroup: NON_ROOT_UID, fsGroup: NON_ROOT_UID, seccompProfile: { type: "RuntimeDefault" } };
}
