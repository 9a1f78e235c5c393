import { NODE_TYPES } from "../catalog";
import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "../serving/cluster-target";

/** Huge pages the EFA libfabric provider needs per pod (EKS EFA guide). */
export const EFA_HUGEPAGES_2MI = "5120Mi";

/** Devices GKE injects into the TCPXO daemon container (annotation `devices.gke.io/container.tcpxo-daemon`). */
export const TCPXO_DAEMON_DEVICES = [
  ...Array.from({ length: 8 }, (_, i) => `/dev/nvidia${i}`), "/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/dmabuf_import_helper",
];

/** Fabric environment (libfabric / NCCL) for multi-node pods. */
export function fabricEnv(plan: DeploymentPlan): Record<string, string> {
  switch (plan.fabric.kind) {
    case "efa":
      return { FI_PROVIDER: "efa", FI_EFA_USE_DEVICE_RDMA: "1", FI_EFA_FORK_SAFE: "1", NCCL_DEBUG: "WARN" };
    case "gpudirect-rdma":
      return { NCCL_NET: "gIB", NCCL_DEBUG: "WARN" };
    case "gpudirect-tcpxo":
    case "gpudirect-tcpx": {
      const nics = Array.from({ length: plan.fabric.interfacesPerNode }, (_, i) => `eth${i + 1}`).join(",");
      return {
        NCCL_FASTRAK_CTRL_DEV: "eth0", NCCL_FASTRAK_IFNAME: nics, NCCL_SOCKET_IFNAME: "eth0",
        NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY: "/dev/aperture_devices", NCCL_DEBUG: "WARN",
      };
    }
    default:
      return {};
  }
}

/**
 * Host library directory the fabric's NCCL plugin lives in, prepended to the image's own
 * LD_LIBRARY_PATH by the launch script (setting it as pod env would replace the image's value).
 */
export function fabricLibraryPath(plan: DeploymentPlan): string | undefined {
  if (plan.fabric.kind === "gpudirect-rdma") return "/usr/local/gib/lib64";
  if (plan.fabric.kind === "gpudirect-tcpxo" || plan.fabric.kind === "gpudirect-tcpx") return "/usr/local/nvidia/lib64";
  return undefined;
}

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

/** GKE multi-networking annotations for GPU NICs (multi-node on GCP only). */
export function fabricAnnotations(plan: DeploymentPlan, target: ClusterTarget): Record<string, string> {
  if (target.cloud !== "gcp" || plan.fabric.kind === "none" || plan.fabric.kind === "efa") return {};
  const networks = target.gpuNetworkNames ?? defaultGpuNetworkNames(plan);
  const interfaces = [{ interfaceName: "eth0", network: "default" }, ...networks.map((network, i) => ({ interfaceName: `eth${i + 1}`, network }))];
  const annotations: Record<string, string> = { "networking.gke.io/default-interface": "eth0", "networking.gke.io/interfaces": JSON.stringify(interfaces) };
  if (plan.fabric.kind === "gpudirect-tcpxo") {
    annotations["devices.gke.io/container.tcpxo-daemon"] = TCPXO_DAEMON_DEVICES.map((d) => `- path: ${d}\n`).join("");
  }
  return annotations;
}
