import { GKE_FABRIC_PAIRED_RXDM } from "./plan-gke-fabric";
import { imageString } from "../catalog/images";
import { EFA_HUGEPAGES_2MI } from "./plan-pod-fabric";
import { NODE_TYPES, type FabricKind } from "../catalog";
import type { DeploymentPlan } from "../plan/plan";

/**
 * What a pod needs to use the GPU node's inter-node fabric, per fabric kind. Pure data.
 *
 * The serving pods need the same settings; this is the one place they are spelled for the checks
 * (the lead may point the serving workload at it so the two cannot drift).
 */
export interface FabricPodSettings {
  /** Extra container resource requests = limits (EFA devices, hugepages). */
  readonly resources: Readonly<Record<string, string>>;
  readonly env: readonly { readonly name: string; readonly value: string }[];
  readonly annotations: Readonly<Record<string, string>>;
  readonly volumes: readonly Record<string, unknown>[];
  readonly volumeMounts: readonly { readonly name: string; readonly mountPath: string; readonly readOnly?: boolean }[];
  /** Sidecar init containers (restartPolicy Always), e.g. the TCPXO receive-datapath daemon. */
  readonly sidecars: readonly Record<string, unknown>[];
  /** Shell lines run before NCCL starts (environment profiles shipped by the plugin installers). */
  readonly preamble: readonly string[];
  /** Linux capabilities the main container adds. */
  readonly capabilities: readonly string[];
}

/** EFA driver pre-allocates 5128 × 2 MiB huge pages; the EKS NCCL test requests 5120Mi (facts §1.4). */
// Same huge-page request as the servers (the EFA driver pre-allocates 5128 × 2 MiB pages).
export { EFA_HUGEPAGES_2MI };

/** Receive-datapath daemon images of the GKE GPUDirect stacks. Tags seen in upstream manifests; current tags UNCONFIRMED. */
export const GKE_RXDM_IMAGES = {
  // Paired with the NCCL plugin the node installers put down (lib/fabric/plan-gke-fabric.ts).
  tcpxo: imageString(GKE_FABRIC_PAIRED_RXDM["gpudirect-tcpxo"]),
  tcpx: imageString(GKE_FABRIC_PAIRED_RXDM["gpudirect-tcpx"]),
} as const;

/** GKE Network object names, matching lib/clouds/gcp/plan-gke-network.ts (`gvnic-1`, `rdma-<i>`, `vpc<i+1>`). */
export function gkeInterfacesAnnotation(fabric: FabricKind, gpuNics: number): string {
  const nets: { interfaceName: string; network: string }[] = [{ interfaceName: "eth0", network: "default" }];
  if (fabric === "gpudirect-rdma") {
    nets.push({ interfaceName: "eth1", network: "gvnic-1" });
    for (let i = 0; i < gpuNics; i++) nets.push({ interfaceName: `eth${i + 2}`, network: `rdma-${i}` });
  } else {
    for (let i = 0; i < gpuNics; i++) nets.push({ interfaceName: `eth${i + 1}`, network: `vpc${i + 1}` });
  }
  return JSON.stringify(nets);
}

const NVIDIA_LIB = { name: "nvidia-lib", hostPath: { path: "/home/kubernetes/bin/nvidia/lib64", type: "Directory" } };
const NVIDIA_LIB_MOUNT = { name: "nvidia-lib", mountPath: "/usr/local/nvidia/lib64", readOnly: true };

function gpuDeviceList(gpus: number, extra: readonly string[]): string {
  return [...Array.from({ length: gpus }, (_, i) => `/dev/nvidia${i}`), "/dev/nvidiactl", "/dev/nvidia-uvm", ...extra].map((p) => `- path: ${p}`).join("\n") + "\n";
}

function rxdmSidecar(image: string, args: string): Record<string, unknown> {
  return {
    name: "rxdm",
    image,
    restartPolicy: "Always",
    command: ["/bin/sh", "-c"],
    args: [args],
    securityContext: { capabilities: { add: ["NET_ADMIN", "NET_BIND_SERVICE"] } },
    env: [{ name: "LD_LIBRARY_PATH", value: "/usr/local/nvidia/lib64" }],
    volumeMounts: [
      { name: "nvidia-lib", mountPath: "/usr/local/nvidia/lib64" },
      { name: "sys", mountPath: "/hostsysfs" },
      { name: "proc-sys", mountPath: "/hostprocsysfs" },
    ],
  };
}

/** Fabric settings for a pod of `plan` on its GPU node. Empty settings for single-node plans. */
export function fabricPodSettings(plan: DeploymentPlan): FabricPodSettings {
  const none: FabricPodSettings = { resources: {}, env: [], annotations: {}, volumes: [], volumeMounts: [], sidecars: [], preamble: [], capabilities: [] };
  const kind = plan.fabric.kind;
  const gpuNics = NODE_TYPES[plan.nodeType]?.additionalNics?.gpuNics ?? plan.fabric.interfacesPerNode;
  switch (kind) {
    case "none":
      return none;
    case "efa":
      return {
        ...none,
        // One EFA device per network card (p5 32, p5en 16, p6-b200 8) plus the driver's huge pages (facts §1.4).
        resources: { "vpc.amazonaws.com/efa": String(plan.fabric.interfacesPerNode), "hugepages-2Mi": EFA_HUGEPAGES_2MI },
        env: [
          { name: "FI_PROVIDER", value: "efa" },
          { name: "FI_EFA_USE_DEVICE_RDMA", value: "1" },
          { name: "FI_EFA_FORK_SAFE", value: "1" },
        ],
        // EFA registers (pins) GPU and host memory: memlock must be unlimited, which needs IPC_LOCK.
        capabilities: ["IPC_LOCK"],
      };
    case "gpudirect-tcpxo":
      return {
        ...none,
        annotations: {
          "devices.gke.io/container.rxdm": gpuDeviceList(plan.gpusPerNode, ["/dev/dmabuf_import_helper"]),
          "networking.gke.io/default-interface": "eth0",
          "networking.gke.io/interfaces": gkeInterfacesAnnotation(kind, gpuNics),
        },
        env: [
          { name: "LD_LIBRARY_PATH", value: "/usr/local/nvidia/lib64" },
          { name: "NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY", value: "/dev/aperture_devices" },
        ],
        volumes: [
          NVIDIA_LIB,
          { name: "sys", hostPath: { path: "/sys" } },
          { name: "proc-sys", hostPath: { path: "/proc/sys" } },
          { name: "aperture-devices", hostPath: { path: "/dev/aperture_devices" } },
        ],
        volumeMounts: [NVIDIA_LIB_MOUNT, { name: "aperture-devices", mountPath: "/dev/aperture_devices" }],
        sidecars: [rxdmSidecar(GKE_RXDM_IMAGES.tcpxo, `set -e; chmod 755 /fts/entrypoint_rxdm_container.sh; /fts/entrypoint_rxdm_container.sh --num_hops=2 --num_nics=${gpuNics}`)],
        preamble: ["export NCCL_LIB_DIR=/usr/local/nvidia/lib64", ". /usr/local/nvidia/lib64/nccl-env-profile.sh"],
      };
    case "gpudirect-tcpx":
      return {
        ...none,
        annotations: {
          "devices.gke.io/container.rxdm": gpuDeviceList(plan.gpusPerNode, []),
          "networking.gke.io/default-interface": "eth0",
          "networking.gke.io/interfaces": gkeInterfacesAnnotation(kind, gpuNics),
        },
        env: [
          { name: "LD_LIBRARY_PATH", value: "/usr/local/nvidia/lib64" },
          { name: "NCCL_NET", value: "GPUDirectTCPX_v7" },
          { name: "NCCL_GPUDIRECTTCPX_UNIX_CLIENT_PREFIX", value: "/run/tcpx" },
        ],
        volumes: [
          NVIDIA_LIB,
          { name: "sys", hostPath: { path: "/sys" } },
          { name: "proc-sys", hostPath: { path: "/proc/sys" } },
          { name: "tcpx-socket", emptyDir: {} },
        ],
        volumeMounts: [NVIDIA_LIB_MOUNT, { name: "tcpx-socket", mountPath: "/run/tcpx" }],
        sidecars: [{
          ...rxdmSidecar(GKE_RXDM_IMAGES.tcpx, "/tcpgpudmarxd/build/app/tcpgpudmarxd --gpu_nic_preset a3vm --gpu_shmem_type fd --uds_path /run/tcpx --setup_param \"--verbose 128 2 0\""),
          volumeMounts: [
            { name: "nvidia-lib", mountPath: "/usr/local/nvidia/lib64" },
            { name: "sys", mountPath: "/hostsysfs" },
            { name: "proc-sys", mountPath: "/hostprocsysfs" },
            { name: "tcpx-socket", mountPath: "/run/tcpx" },
          ],
        }],
      };
    case "gpudirect-rdma":
      return {
        ...none,
        annotations: {
          "networking.gke.io/default-interface": "eth0",
          "networking.gke.io/interfaces": gkeInterfacesAnnotation(kind, gpuNics),
        },
        env: [{ name: "LD_LIBRARY_PATH", value: "/usr/local/nvidia/lib64:/usr/local/gib/lib64" }],
        volumes: [NVIDIA_LIB, { name: "gib", hostPath: { path: "/home/kubernetes/bin/gib", type: "Directory" } }],
        volumeMounts: [NVIDIA_LIB_MOUNT, { name: "gib", mountPath: "/usr/local/gib", readOnly: true }],
        // Installed by the gIB NCCL plugin DaemonSet (cluster-toolkit gke-a3-ultragpu / gke-a4).
        preamble: [". /usr/local/gib/scripts/set_nccl_env.sh"],
        capabilities: ["IPC_LOCK"],
      };
    default: {
      const never: never = kind;
      return never;
    }
  }
}
