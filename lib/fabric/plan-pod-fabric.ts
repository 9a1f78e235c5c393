import { imageString, NODE_TYPES, type FabricKind, type ImageRef } from "../catalog";
import { DeepSeekConfigError } from "../errors";
import type { DeploymentPlan } from "../plan/plan";
import { GKE_FABRIC_PAIRED_RXDM } from "./plan-gke-fabric";
import { awsOfiNcclPreamble, requireAwsOfiNccl } from "./plan-nccl-plugin";

/*
 * The one spelling of "a pod on a multi-node GPU fabric": everything a pod needs to use its node's
 * inter-node fabric, decided once for the serving pods (lib/serving/server-pod.ts) and the fabric
 * check (lib/verification/objects.ts); lib/fabric/fabric-pod.ts applies it to a pod spec. Pure.
 *
 * Sources, per fabric:
 * - EFA: EKS UG `node-efa` and `device-management-efa` (one `vpc.amazonaws.com/efa` device per
 *   network card, 2 MiB huge pages for the libfabric provider); the EFA env of AWS's NCCL tests
 *   (aws/deep-learning-containers, awslabs/awsome-distributed-ai nccl-tests); the NCCL plugin:
 *   lib/fabric/plan-nccl-plugin.ts.
 * - GPUDirect-TCPXO (a3-megagpu-8g): GoogleCloudPlatform/container-engine-accelerators
 *   gpudirect-tcpxo/nccl-test-latest.yaml (RxDM sidecar, NRI device annotation, host NCCL libs,
 *   aperture devices) and gpudirect-tcpxo/README.md "NCCL configs" (NCCL_LIB_DIR, then source
 *   `nccl-env-profile.sh`, Google's NCCL tuning for the installed plugin).
 * - GPUDirect-TCPX (a3-highgpu-8g): container-engine-accelerators gpudirect-tcpx/nccl-test-latest.yaml
 *   (tcpx-daemon sidecar, NET_ADMIN, IPC_LOCK on the NCCL container, Unix socket shared with the
 *   daemon) and gpudirect-tcpx/nccl-config.yaml (the NCCL variables of Google's run-nccl.sh; the
 *   TCPX installer ships no profile script); GoogleCloudPlatform/cluster-toolkit
 *   modules/compute/gke-node-pool/gpu-direct-workload/scripts/enable-tcpx-in-workload.py.
 * - GPUDirect RDMA (a3-ultragpu-8g, a4-highgpu-8g): container-engine-accelerators
 *   gpudirect-rdma/nccl-test.yaml @ 992db812 (host lib64 and gIB mounts, LD_LIBRARY_PATH
 *   /usr/local/nvidia/lib64 only, no /usr/local/gib/lib64: the installer copies gIB's lib64 into the
 *   host lib64; then `source /usr/local/gib/scripts/set_nccl_env.sh`).
 * - Open MPI on multi-NIC GKE pods: bootstrap and MPI TCP traffic pinned to eth0, the pod network
 *   (Google's run-nccl.sh passes `--mca btl_tcp_if_include eth0`); PRTE_MCA_ is the same setting
 *   for Open MPI 5's runtime (PRRTE).
 */

export interface EnvVar { readonly name: string; readonly value: string }
export interface VolumeMount { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }
export type Volume = Readonly<Record<string, unknown>> & { readonly name: string };
export type Container = Readonly<Record<string, unknown>> & { readonly name: string };

/** Everything a pod needs to use the fabric of its GPU node. Empty for single-node plans. */
export interface PodFabric {
  readonly kind: FabricKind | "none";
  /** Environment of the container that runs NCCL. */
  readonly env: readonly EnvVar[];
  /**
   * Shell lines every process that runs NCCL sources first (library path, plugin selection,
   * Google's NCCL tuning profile). Pod env cannot carry them: they extend LD_LIBRARY_PATH and
   * read files from the node.
   */
  readonly preamble: readonly string[];
  readonly volumes: readonly Volume[];
  /** Mounts of the NCCL container. */
  readonly volumeMounts: readonly VolumeMount[];
  /** Extended resources of the NCCL container, requests = limits (EFA devices, huge pages). */
  readonly resources: Readonly<Record<string, string>>;
  /** Native sidecars (init containers with restartPolicy Always): the receive-datapath daemons. */
  readonly sidecars: readonly Container[];
  /** Pod annotations: GKE multi-networking and the NRI device injection of the sidecar. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Linux capabilities the NCCL container adds. */
  readonly capabilities: readonly string[];
}

/** What the node (or the cluster) tells the fabric beyond the plan. */
export interface FabricNodeContext {
  /** GKE `Network` names of the extra NICs in NIC order. @default {@link defaultGpuNetworkNames} */
  readonly gpuNetworkNames?: readonly string[];
}

/** Huge pages the EFA libfabric provider needs per pod: 5128 × 2 MiB pre-allocated by the EFA driver (EKS UG node-efa). */
export const EFA_HUGEPAGES_2MI = "5120Mi";
/** Where the GKE installers put NCCL and the plugin on the host (COS), and where pods see them. */
export const GKE_HOST_NVIDIA_LIB64 = "/home/kubernetes/bin/nvidia/lib64";
export const NVIDIA_LIB64 = "/usr/local/nvidia/lib64";
/** The TCPX daemon's Unix sockets, shared with the NCCL container (NCCL_GPUDIRECTTCPX_UNIX_CLIENT_PREFIX). */
export const TCPX_SOCKET_DIR = "/run/tcpx";
/** Name of each fabric's receive-datapath sidecar (the NRI annotation names it). */
export const RXDM_CONTAINER = { "gpudirect-tcpxo": "tcpxo-daemon", "gpudirect-tcpx": "tcpx-daemon" } as const;

const NONE: Omit<PodFabric, "kind"> = { env: [], preamble: [], volumes: [], volumeMounts: [], resources: {}, sidecars: [], annotations: {}, capabilities: [] };
const env = (vars: Readonly<Record<string, string>>): EnvVar[] => Object.entries(vars).map(([name, value]) => ({ name, value }));
const prependLibraryPath = (...dirs: string[]) => `export LD_LIBRARY_PATH="${dirs.join(":")}:\${LD_LIBRARY_PATH:-}"`;

/**
 * GKE `Network` names of the extra NICs in NIC order, as the GKE infra names them
 * (lib/clouds/gcp/plan-gke-network.ts): extra gVNICs `gvnic-1…`, then RDMA `rdma-0…` or GPU NICs `vpc1…`.
 */
export function defaultGpuNetworkNames(plan: DeploymentPlan): string[] {
  const nics = NODE_TYPES[plan.nodeType]?.additionalNics ?? { gvnic: 0, gpuNics: plan.fabric.interfacesPerNode };
  const gvnics = Array.from({ length: nics.gvnic }, (_, i) => `gvnic-${i + 1}`);
  const gpu = Array.from({ length: nics.gpuNics }, (_, i) => (plan.fabric.kind === "gpudirect-rdma" ? `rdma-${i}` : `vpc${i + 1}`));
  return [...gvnics, ...gpu];
}

/**
 * Refuses GKE network names that do not give every extra NIC of the plan's node type a pod
 * interface (one name per NIC, in NIC order): with fewer, the servers and the fabric check get
 * fewer interfaces than the NCCL plugin's NIC list. Nothing to check off GKE multi-node fabrics.
 */
export function checkGpuNetworkNames(plan: DeploymentPlan, names: readonly string[] | undefined, path: string): void {
  if (!names || !plan.fabric.kind.startsWith("gpudirect")) return;
  const expected = defaultGpuNetworkNames(plan);
  if (names.length === expected.length) return;
  throw new DeepSeekConfigError(path, `has ${names.length} name(s), but ${plan.nodeType} has ${expected.length} extra NICs (${plan.fabric.kind}), one GKE Network per NIC`, names,
    `pass ${expected.length} names in NIC order (our GKE infra names them ${expected.join(", ")}), or leave it out`);
}

/** GPU NICs (the data path) of the plan's node type. */
function gpuNicCount(plan: DeploymentPlan): number {
  return NODE_TYPES[plan.nodeType]?.additionalNics?.gpuNics ?? plan.fabric.interfacesPerNode;
}

/** GKE multi-networking: eth0 on the pod network, then one interface per extra NIC. */
function multiNetworkAnnotations(plan: DeploymentPlan, node: FabricNodeContext): Record<string, string> {
  const networks = node.gpuNetworkNames ?? defaultGpuNetworkNames(plan);
  const interfaces = [{ interfaceName: "eth0", network: "default" }, ...networks.map((network, i) => ({ interfaceName: `eth${i + 1}`, network }))];
  return { "networking.gke.io/default-interface": "eth0", "networking.gke.io/interfaces": JSON.stringify(interfaces) };
}

/** `devices.gke.io/container.<name>`: the GPUs (and extra devices) the NRI injector adds to a sidecar. */
function deviceAnnotation(container: string, gpus: number, extra: readonly string[]): Record<string, string> {
  const paths = [...Array.from({ length: gpus }, (_, i) => `/dev/nvidia${i}`), "/dev/nvidiactl", "/dev/nvidia-uvm", ...extra];
  return { [`devices.gke.io/container.${container}`]: paths.map((p) => `- path: ${p}\n`).join("") };
}

/** Open MPI (and PRRTE) TCP traffic on the pod network only: a GKE fabric pod has several NICs. */
const OMPI_ON_ETH0 = { OMPI_MCA_btl_tcp_if_include: "eth0", OMPI_MCA_oob_tcp_if_include: "eth0", PRTE_MCA_oob_tcp_if_include: "eth0" };

const HOST_NVIDIA_LIB: Volume = { name: "nvidia-lib", hostPath: { path: GKE_HOST_NVIDIA_LIB64, type: "Directory" } };
const NVIDIA_LIB_MOUNT: VolumeMount = { name: "nvidia-lib", mountPath: NVIDIA_LIB64, readOnly: true };
const HOST_SYS: Volume[] = [{ name: "sys", hostPath: { path: "/sys" } }, { name: "proc-sys", hostPath: { path: "/proc/sys" } }];
const HOST_SYS_MOUNTS: VolumeMount[] = [NVIDIA_LIB_MOUNT, { name: "sys", mountPath: "/hostsysfs" }, { name: "proc-sys", mountPath: "/hostprocsysfs" }];

interface SidecarSpec {
  readonly command: string[];
  readonly args?: string[];
  readonly capabilities: string[];
  readonly mounts: VolumeMount[];
  readonly env?: EnvVar[];
  readonly startupProbe?: Readonly<Record<string, unknown>>;
}

function sidecar(name: string, image: ImageRef, spec: SidecarSpec): Container {
  return {
    name,
    image: imageString(image),
    restartPolicy: "Always",
    command: spec.command,
    ...(spec.args ? { args: spec.args } : {}),
    // Hardened as far as Google's pod spec allows: no privilege escalation, RuntimeDefault seccomp;
    // the runtime's default capabilities are kept beside the added ones (lib/serving/plan-pod-security.ts REASONS.netAdmin).
    securityContext: { allowPrivilegeEscalation: false, seccompProfile: { type: "RuntimeDefault" }, capabilities: { add: spec.capabilities } },
    resources: { requests: { cpu: "100m", memory: "256Mi" } },
    env: [{ name: "LD_LIBRARY_PATH", value: NVIDIA_LIB64 }, ...(spec.env ?? [])],
    volumeMounts: spec.mounts,
    ...(spec.startupProbe ? { startupProbe: spec.startupProbe } : {}),
  };
}

/**
 * The TCPXO daemon writes this file once its buffer manager is initialized (about 30 s), and never
 * when the node's host components are broken (container-engine-accelerators
 * gpudirect-tcpxo/best-practice.md "Setup Startup Probe for the TCPXO-daemon Sidecar"; RxDM
 * v1.0.11+, README Sept 19, 2024). No underscore in the name: the daemon refuses one.
 */
export const TCPXO_HEALTH_CHECK_FILE = "/run/health-check";
/**
 * Google's startup probe for the daemon, values as in best-practice.md. On a native sidecar it also
 * holds the NCCL container back until the daemon is ready (Kubernetes starts the next container
 * only after a sidecar's startup probe succeeds), so a fast NCCL start (the fabric check) cannot
 * race the daemon's initialization.
 */
const TCPXO_STARTUP_PROBE = {
  initialDelaySeconds: 1, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 6,
  exec: { command: ["cat", TCPXO_HEALTH_CHECK_FILE] },
};

/**
 * The fabric settings of a pod of `plan` on its GPU node. `image` is the image of the container
 * that runs NCCL (the servers': `plan.image`); on EFA an image known to lack the NCCL plugin is
 * refused at `imagePath`.
 */
export function planPodFabric(plan: DeploymentPlan, node: FabricNodeContext = {}, image: ImageRef | string = plan.image, imagePath = "image"): PodFabric {
  const kind = plan.fabric.kind;
  switch (kind) {
    case "none":
      return { kind, ...NONE };
    case "efa":
      requireAwsOfiNccl(image, imagePath);
      return {
        kind, ...NONE,
        // One EFA device per network card (p5 32, p5en 16, p6-b200 8) plus the driver's huge pages.
        resources: { "vpc.amazonaws.com/efa": String(plan.fabric.interfacesPerNode), "hugepages-2Mi": EFA_HUGEPAGES_2MI },
        env: env({ FI_PROVIDER: "efa", FI_EFA_USE_DEVICE_RDMA: "1", FI_EFA_FORK_SAFE: "1", NCCL_DEBUG: "WARN" }),
        preamble: awsOfiNcclPreamble(),
        // EFA registers (pins) GPU and host memory: memlock must not limit it (EC2 UG efa-start: ulimit -l unlimited).
        capabilities: ["IPC_LOCK"],
      };
    case "gpudirect-tcpxo": {
      const daemon = RXDM_CONTAINER[kind];
      return {
        kind, ...NONE,
        annotations: { ...deviceAnnotation(daemon, plan.gpusPerNode, ["/dev/dmabuf_import_helper"]), ...multiNetworkAnnotations(plan, node) },
        env: env({ NCCL_LIB_DIR: NVIDIA_LIB64, NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY: "/dev/aperture_devices", NCCL_DEBUG: "WARN", ...OMPI_ON_ETH0 }),
        // The profile sets the FasTrak NICs (eth1…eth8), tuner and guest config of the installed plugin.
        preamble: [prependLibraryPath(NVIDIA_LIB64), `. ${NVIDIA_LIB64}/nccl-env-profile.sh`],
        volumes: [HOST_NVIDIA_LIB, ...HOST_SYS, { name: "aperture-devices", hostPath: { path: "/dev/aperture_devices" } }],
        volumeMounts: [NVIDIA_LIB_MOUNT, { name: "aperture-devices", mountPath: "/dev/aperture_devices" }],
        sidecars: [sidecar(daemon, GKE_FABRIC_PAIRED_RXDM[kind], {
          // RxDM v1.0.21 with Google's current flags (the deprecated --num_nics is gone).
          command: ["/bin/sh", "-c"],
          args: ["set -ex\nchmod 755 /fts/entrypoint_rxdm_container.sh\n/fts/entrypoint_rxdm_container.sh --num_hops=2"],
          capabilities: ["NET_ADMIN", "NET_BIND_SERVICE"],
          mounts: HOST_SYS_MOUNTS,
          env: [{ name: "HEALTH_CHECK_LOG_FILE", value: TCPXO_HEALTH_CHECK_FILE }],
          startupProbe: TCPXO_STARTUP_PROBE,
        })],
      };
    }
    case "gpudirect-tcpx": {
      const daemon = RXDM_CONTAINER[kind];
      const nics = Array.from({ length: gpuNicCount(plan) }, (_, i) => `eth${i + 1}`).join(",");
      return {
        kind, ...NONE,
        annotations: { ...deviceAnnotation(daemon, plan.gpusPerNode, []), ...multiNetworkAnnotations(plan, node) },
        env: env({
          NCCL_SOCKET_IFNAME: "eth0", NCCL_CROSS_NIC: "0", NCCL_ALGO: "Ring,Tree", NCCL_PROTO: "Simple",
          NCCL_NET_GDR_LEVEL: "PIX", NCCL_P2P_PXN_LEVEL: "0",
          NCCL_GPUDIRECTTCPX_SOCKET_IFNAME: nics, NCCL_GPUDIRECTTCPX_CTRL_DEV: "eth0",
          NCCL_DYNAMIC_CHUNK_SIZE: "524288", NCCL_P2P_NET_CHUNKSIZE: "524288", NCCL_P2P_PCI_CHUNKSIZE: "524288",
          NCCL_P2P_NVL_CHUNKSIZE: "1048576", NCCL_BUFFSIZE: "4194304", NCCL_NSOCKS_PERTHREAD: "4", NCCL_SOCKET_NTHREADS: "1",
          // CPU cores per NIC on a3-highgpu-8g (Google's run-nccl.sh).
          NCCL_GPUDIRECTTCPX_TX_BINDINGS: "eth1:8-21,112-125;eth2:8-21,112-125;eth3:60-73,164-177;eth4:60-73,164-177",
          NCCL_GPUDIRECTTCPX_RX_BINDINGS: "eth1:22-35,126-139;eth2:22-35,126-139;eth3:74-87,178-191;eth4:74-87,178-191",
          NCCL_GPUDIRECTTCPX_PROGRAM_FLOW_STEERING_WAIT_MICROS: "500000",
          NCCL_GPUDIRECTTCPX_UNIX_CLIENT_PREFIX: TCPX_SOCKET_DIR,
          NCCL_DEBUG: "WARN",
          ...OMPI_ON_ETH0,
        }),
        preamble: [prependLibraryPath(NVIDIA_LIB64)],
        volumes: [HOST_NVIDIA_LIB, ...HOST_SYS, { name: "tcpx-socket", emptyDir: {} }],
        volumeMounts: [NVIDIA_LIB_MOUNT, { name: "tcpx-socket", mountPath: TCPX_SOCKET_DIR }],
        sidecars: [sidecar(daemon, GKE_FABRIC_PAIRED_RXDM[kind], {
          command: ["/tcpgpudmarxd/build/app/tcpgpudmarxd", "--gpu_nic_preset", "a3vm", "--gpu_shmem_type", "fd", "--uds_path", TCPX_SOCKET_DIR, "--setup_param", "--verbose 128 2 0"],
          capabilities: ["NET_ADMIN"],
          mounts: [...HOST_SYS_MOUNTS, { name: "tcpx-socket", mountPath: TCPX_SOCKET_DIR }],
        })],
        // Google's TCPX NCCL container adds IPC_LOCK.
        capabilities: ["IPC_LOCK"],
      };
    }
    case "gpudirect-rdma":
      return {
        kind, ...NONE,
        annotations: multiNetworkAnnotations(plan, node),
        env: env({ NCCL_DEBUG: "WARN", ...OMPI_ON_ETH0 }),
        // Google's profile for A3 Ultra / A4 (NCCL_NET and tuning). The script ships in the gIB
        // installer image, not in Google's repository, so its variables are not restated here.
        preamble: [prependLibraryPath(NVIDIA_LIB64), ". /usr/local/gib/scripts/set_nccl_env.sh"],
        volumes: [HOST_NVIDIA_LIB, { name: "gib", hostPath: { path: "/home/kubernetes/bin/gib", type: "Directory" } }],
        volumeMounts: [NVIDIA_LIB_MOUNT, { name: "gib", mountPath: "/usr/local/gib", readOnly: true }],
        // No capability: Google's RDMA pods (gpudirect-rdma/nccl-test.yaml) add none, as TCPXO's do.
      };
    default: {
      const never: never = kind;
      return never;
    }
  }
}
