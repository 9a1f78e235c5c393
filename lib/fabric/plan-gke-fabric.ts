import { imageString, type ImageRef, NODE_TYPES } from "../catalog";
import { DeepSeekConfigError } from "../errors";
import type { KubernetesObject } from "../internal/k8s-object";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import { planGkeFabricPodSecurity, podSecurityAnnotations } from "../serving/plan-pod-security";

/*
 * Node-level setup GKE needs before a multi-node replica can use its GPU fabric. Google ships it
 * as plain manifests (kubectl apply), not Helm charts, in GoogleCloudPlatform/container-engine-accelerators;
 * GoogleCloudPlatform/cluster-toolkit applies the same files per machine type
 * (modules/compute/gke-node-pool/gpu_direct.tf, modules/management/kubectl-apply/manifests/nccl-installer.yaml.tftpl).
 * The objects below are rebuilt from those files' facts (images, host paths, install steps) with
 * our own structure: pinned images, scheduling restricted to this plan's GPU pool and accelerator,
 * the GPU taint tolerated (not every taint), and as few privileged containers as the steps allow.
 *
 *   a3-megagpu-8g (GPUDirect-TCPXO): nccl-tcpxo-installer + NRI device injector
 *   a3-highgpu-8g (GPUDirect-TCPX):  nccl-tcpx-installer  + NRI device injector
 *   a3-ultragpu-8g, a4-highgpu-8g (GPUDirect RDMA): nccl-rdma-installer (gIB NCCL plugin)
 *
 * Single-node plans and AWS get nothing (EFA is set up by the EKS AMI and the EFA device plugin).
 */

/** Namespace of every fabric object (node infrastructure, like Google's manifests). */
export const GKE_FABRIC_NAMESPACE = "kube-system";

/**
 * Images of the fabric installers, pinned. Tags are the newest releases we could confirm from
 * Google's release notes; check them against the release notes before a deployment.
 */
export const GKE_FABRIC_IMAGES = {
  /**
   * TCPXO NCCL plugin installer, release of Jan 9, 2026 (container-engine-accelerators gpudirect-tcpxo/README.md;
   * GoogleCloudPlatform/cluster-toolkit examples/gke-a3-megagpu `nccl_tcpxo_version v1.0.15`). Pairs with RxDM `tcpgpudmarxd-dev:v1.0.21`.
   */
  tcpxoPlugin: { repository: "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/nccl-plugin-gpudirecttcpx-dev", tag: "v1.0.15" },
  /**
   * TCPX NCCL plugin installer v3.1.12, release of Jun 22, 2026 (container-engine-accelerators
   * 98c85a6e581d7ec53329f9ab1de5f8626b637dbb gpudirect-tcpx/README.md; the same commit's
   * nccl-tcpx-installer.yaml and nccl-test-latest.yaml). Pairs with RxDM `tcpgpudmarxd-dev:v2.0.15`.
   * The Feb 2024 pair (v3.1.9 / RxDM v2.0.12, still in cluster-toolkit's gpu_direct.tf) predates
   * GKE 1.34: Google's TCPX config for 1.34+ (commit 21ed6613, "Update NCCL config manifest for
   * GKE 1.34+") names RxDM v2.0.15 as the daemon of that stack (COS 125, kernel 6.12 devmem TCP),
   * and our clusters follow the REGULAR channel.
   */
  tcpxPlugin: { repository: "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/nccl-plugin-gpudirecttcpx-dev", tag: "v3.1.12" },
  /**
   * gIB NCCL plugin installer v1.1.1: GoogleCloudPlatform/container-engine-accelerators
   * gpudirect-rdma/nccl-rdma-installer.yaml since commit 155bfa49 ("Update RDMA plugin and test
   * versions", 2026-03-09), unchanged at 992db812 (2026-06-11), whose nccl-test.yaml runs the
   * v1.1.1 diagnostic image. (cluster-toolkit's blueprints still name v1.1.0.)
   */
  gibPlugin: { repository: "us-docker.pkg.dev/gce-ai-infra/gpudirect-gib/nccl-plugin-gib", tag: "v1.1.1" },
  /**
   * Host-setup shell for the TCPXO pre-installation step (Google's file uses an unpinned `ubuntu`):
   * Ubuntu 24.04 by its dated tag, which docker-library does not rebuild, pinned by the digest
   * docker-library/repo-info records for it (lib/catalog/image-digests.ts).
   */
  hostShell: { repository: "docker.io/library/ubuntu", tag: "noble-20260911" },
  /** Keeps the DaemonSet pod alive after the init containers ran (tag and digest from Google's installers). */
  pause: { repository: "gke.gcr.io/pause", tag: "3.8", digest: "sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830" },
} as const satisfies Record<string, ImageRef>;

/**
 * NRI device injector, pinned by digest: Google's manifest (nri_device_injector/nri-device-injector.yaml)
 * publishes it by digest only, without a tag.
 */
export const GKE_NRI_DEVICE_INJECTOR_IMAGE = "gcr.io/gke-release/nri-device-injector@sha256:6e79483d52abdc28454bf186320b10a56b0f117a10e8d65d5c74dbb821a76970";

/** RxDM (receive-datapath manager) image paired with each installer above; the serving pods' sidecar must match. */
export const GKE_FABRIC_PAIRED_RXDM = {
  "gpudirect-tcpxo": { repository: "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/tcpgpudmarxd-dev", tag: "v1.0.21" },
  "gpudirect-tcpx": { repository: "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/tcpgpudmarxd-dev", tag: "v2.0.15" },
} as const satisfies Record<string, ImageRef>;

export type GkeFabricComponent = "nccl-tcpxo-installer" | "nccl-tcpx-installer" | "nri-device-injector" | "nccl-rdma-installer";

/** Which node-level fabric components the plan needs, in install order. Empty when it needs none. */
export function gkeFabricComponents(plan: DeploymentPlan): readonly GkeFabricComponent[] {
  if (plan.cloud !== "gcp" || plan.nodesPerReplica < 2) return [];
  switch (plan.fabric.kind) {
    case "gpudirect-tcpxo": return ["nccl-tcpxo-installer", "nri-device-injector"];
    case "gpudirect-tcpx": return ["nccl-tcpx-installer", "nri-device-injector"];
    case "gpudirect-rdma": return ["nccl-rdma-installer"];
    default: return [];
  }
}

/** GKE node-level fabric objects (DaemonSets in kube-system) for the plan; empty when none are needed. */
export function gkeFabricNodeObjects(plan: DeploymentPlan): KubernetesObject[] {
  return gkeFabricComponents(plan).map((c) => BUILDERS[c](plan));
}

type Container = Record<string, unknown>;
interface HostVolume { readonly name: string; readonly path: string; readonly type?: "DirectoryOrCreate" }

// `sh -c` with the script's lines joined, so each step reads as one line here.
const shell = (...lines: string[]) => ({ command: ["/bin/sh", "-c"], args: [lines.join("\n")] });
const cpuRequest = () => ({ requests: { cpu: "150m" } });
// Every privileged container below carries a comment with the reason; the posture test lists them too.
const privileged = () => ({ privileged: true });

function acceleratorOf(plan: DeploymentPlan): string {
  const accelerator = NODE_TYPES[plan.nodeType]?.acceleratorType;
  if (!accelerator) throw new DeepSeekConfigError("hardware", "has no GKE accelerator type in the catalog, so its fabric installers cannot select its nodes", plan.nodeType, "use a GKE GPU machine type from the catalog (a3-highgpu-8g, a3-megagpu-8g, a3-ultragpu-8g, a4-highgpu-8g)");
  return accelerator;
}

/**
 * Keeps the pod alive after the init containers ran. The pause binary only sleeps and reaps, so it
 * runs restricted: a non-root user given here (65535, so the image's own USER does not matter), no
 * capabilities, RuntimeDefault seccomp, read-only root.
 */
function pause(): Container {
  return {
    name: "pause",
    image: imageString(GKE_FABRIC_IMAGES.pause),
    resources: { requests: { cpu: "10m", memory: "16Mi" } },
    securityContext: {
      allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65535, runAsGroup: 65535,
      capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
    },
  };
}

function daemonSet(plan: DeploymentPlan, component: GkeFabricComponent, name: string, source: string, spec: {
  readonly volumes: readonly HostVolume[];
  readonly initContainers?: readonly Container[];
  readonly containers: readonly Container[];
  readonly hostPID: boolean;
}): KubernetesObject {
  const names = servingNames(plan);
  const pool = "cdktf-deepseek.io/pool";
  const selector = { "k8s-app": name };
  const labels = { ...selector, "app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "cdktf-deepseek", "app.kubernetes.io/component": "gke-fabric" };
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace: GKE_FABRIC_NAMESPACE, labels: { ...labels }, annotations: { "cdktf-deepseek.io/source": source } },
    spec: {
      selector: { matchLabels: { ...selector } },
      updateStrategy: { type: "RollingUpdate" },
      template: {
        // Privileged, with a written reason per container and host field (lib/serving/plan-pod-security.ts).
        metadata: { labels: { ...labels }, annotations: podSecurityAnnotations(planGkeFabricPodSecurity(component)) },
        spec: {
          priorityClassName: "system-node-critical",
          // Nothing here calls the Kubernetes API (Google's manifests name no service account; the
          // NRI injector gets pod annotations from containerd), so no token is mounted.
          automountServiceAccountToken: false,
          // Only this plan's GPU pool and accelerator (Google's files select every node of the accelerator type).
          nodeSelector: { [pool]: names.gpuNodeLabels[pool], "cloud.google.com/gke-accelerator": acceleratorOf(plan) },
          // The GPU taint only (Google's files tolerate every taint).
          tolerations: [{ key: names.gpuTaint.key, operator: "Equal", value: names.gpuTaint.value, effect: names.gpuTaint.effect }],
          hostNetwork: true,
          hostPID: spec.hostPID,
          volumes: spec.volumes.map((v) => ({ name: v.name, hostPath: { path: v.path, ...(v.type ? { type: v.type } : {}) } })),
          ...(spec.initContainers?.length ? { initContainers: spec.initContainers } : {}),
          containers: spec.containers,
        },
      },
    },
  };
}

const BUILDERS: Record<GkeFabricComponent, (plan: DeploymentPlan) => KubernetesObject> = {
  // Source: GoogleCloudPlatform/container-engine-accelerators gpudirect-tcpxo/nccl-tcpxo-installer.yaml
  "nccl-tcpxo-installer": (plan) => daemonSet(plan, "nccl-tcpxo-installer", "nccl-tcpxo-installer", "GoogleCloudPlatform/container-engine-accelerators gpudirect-tcpxo/nccl-tcpxo-installer.yaml", {
    hostPID: true, // the host-setup step enters the host's namespaces through PID 1
    volumes: [{ name: "var-lib", path: "/var/lib" }, { name: "library-dir-host", path: "/home/kubernetes/bin" }],
    initContainers: [
      {
        name: "tcpxo-host-setup",
        image: imageString(GKE_FABRIC_IMAGES.hostShell),
        resources: cpuRequest(),
        // Privileged: runs on the host through nsenter (PID 1) to open the host firewall for the TCPXO
        // data path, load the import-helper kernel module and bind-mount the NIC aperture PCI devices
        // (vendor:device 1ae0:0084) under /dev/aperture_devices. None of that is possible from a container.
        securityContext: privileged(),
        command: ["nsenter", "--all", "--target", "1", "--", "sh", "-c"],
        args: [[
          "set -e",
          "/sbin/iptables -I INPUT -p tcp -m tcp -j ACCEPT",
          "modprobe import-helper",
          "mkdir -p /dev/aperture_devices",
          "for bdf in $(lspci -nn -D | grep '1ae0:0084' | awk '{print $1}'); do",
          "  dest=/dev/aperture_devices/$bdf",
          "  mkdir -p \"$dest\"",
          "  umount -R \"$dest\" 2>/dev/null || true",
          "  mount --bind \"$(readlink -f /sys/bus/pci/devices/$bdf)\" \"$dest\"",
          "done",
          "chmod -R a+r /dev/aperture_devices/",
          "chmod a+rw /dev/aperture_devices/*/resource* 2>/dev/null || true",
        ].join("\n")],
      },
      {
        name: "nccl-plugin-installer",
        image: imageString(GKE_FABRIC_IMAGES.tcpxoPlugin),
        resources: cpuRequest(),
        // Privileged: Google's installer script writes NCCL and the TCPXO plugin into the host's
        // /var/lib and /home/kubernetes/bin (COS) and is only documented to run privileged.
        securityContext: privileged(),
        volumeMounts: [{ name: "var-lib", mountPath: "/var/lib" }, { name: "library-dir-host", mountPath: "/usr/local" }],
        ...shell(
          "set -ex",
          "chmod 755 /scripts/container_entry.sh",
          "/scripts/container_entry.sh install --install-nccl",
          // Host /home/kubernetes/bin/nvidia/lib64: the serving pods mount it as /usr/local/nvidia/lib64.
          "mkdir -p /usr/local/nvidia/lib64",
          "cp -r /var/lib/tcpxo/lib64/. /usr/local/nvidia/lib64",
        ),
      },
    ],
    containers: [pause()],
  }),

  // Source: GoogleCloudPlatform/container-engine-accelerators gpudirect-tcpx/nccl-tcpx-installer.yaml
  "nccl-tcpx-installer": (plan) => daemonSet(plan, "nccl-tcpx-installer", "nccl-tcpx-installer", "GoogleCloudPlatform/container-engine-accelerators gpudirect-tcpx/nccl-tcpx-installer.yaml", {
    hostPID: false, // nothing here enters the host's PID namespace
    volumes: [{ name: "var-lib", path: "/var/lib" }, { name: "library-dir-host", path: "/home/kubernetes/bin" }],
    initContainers: [{
      name: "nccl-plugin-installer",
      image: imageString(GKE_FABRIC_IMAGES.tcpxPlugin),
      resources: cpuRequest(),
      // Privileged: Google's installer script writes NCCL and the TCPX plugin into the host's
      // /var/lib and /home/kubernetes/bin (COS) and is only documented to run privileged.
      securityContext: privileged(),
      volumeMounts: [{ name: "var-lib", mountPath: "/var/lib" }, { name: "library-dir-host", mountPath: "/usr/local" }],
      ...shell(
        "set -ex",
        "/scripts/container_entry.sh install --install-nccl",
        "mkdir -p /usr/local/nvidia/lib64",
        "cp -r /var/lib/tcpx/lib64/. /usr/local/nvidia/lib64",
      ),
    }],
    containers: [pause()],
  }),

  // Source: GoogleCloudPlatform/container-engine-accelerators nri_device_injector/nri-device-injector.yaml
  "nri-device-injector": (plan) => daemonSet(plan, "nri-device-injector", "device-injector", "GoogleCloudPlatform/container-engine-accelerators nri_device_injector/nri-device-injector.yaml", {
    hostPID: true, // as in Google's manifest
    volumes: [{ name: "dev", path: "/dev" }, { name: "nri", path: "/var/run/nri" }],
    containers: [{
      name: "nri-device-injector",
      image: GKE_NRI_DEVICE_INJECTOR_IMAGE,
      resources: cpuRequest(),
      // Privileged: an NRI plugin of containerd that adds the host devices named in the pods'
      // `devices.gke.io/container.*` annotations (GPUs, dmabuf helper) to the RxDM containers; it
      // needs the host's /dev and the NRI socket.
      securityContext: privileged(),
      volumeMounts: [{ name: "dev", mountPath: "/dev" }, { name: "nri", mountPath: "/var/run/nri" }],
    }],
  }),

  // Source: GoogleCloudPlatform/container-engine-accelerators gpudirect-rdma/nccl-rdma-installer.yaml
  // (and cluster-toolkit modules/management/kubectl-apply/manifests/nccl-installer.yaml.tftpl).
  "nccl-rdma-installer": (plan) => {
    const rdmaNics = NODE_TYPES[plan.nodeType]?.additionalNics?.gpuNics ?? 8;
    const nics = Array.from({ length: rdmaNics }, (_, i) => `gpu${i}rdma0`).join(" ");
    return daemonSet(plan, "nccl-rdma-installer", "nccl-rdma-installer", "GoogleCloudPlatform/container-engine-accelerators gpudirect-rdma/nccl-rdma-installer.yaml", {
      hostPID: false, // nothing here enters the host's PID namespace
      volumes: [
        { name: "library-dir-host", path: "/home/kubernetes/bin/nvidia/lib64", type: "DirectoryOrCreate" },
        { name: "gib", path: "/home/kubernetes/bin/gib" },
      ],
      initContainers: [{
        name: "nccl-gib-installer",
        image: imageString(GKE_FABRIC_IMAGES.gibPlugin),
        resources: cpuRequest(),
        // Privileged: Google's installer writes NCCL and the gIB plugin into the host's
        // /home/kubernetes/bin, and turns off martian-packet logging on the host's RDMA NICs
        // (host network sysctls; Google uses a second privileged container for that, folded in here).
        securityContext: privileged(),
        volumeMounts: [
          { name: "library-dir-host", mountPath: "/usr/local/home/kubernetes/bin/nvidia/lib64" },
          { name: "gib", mountPath: "/usr/local/home/kubernetes/bin/gib" },
        ],
        // No --install-nccl: Google dropped it from the RDMA installer (container-engine-accelerators
        // commit 2da1c92f, 2026-05-06), so the host's lib64 carries the gIB plugin only and the
        // servers keep the NCCL their TensorRT-LLM image was built with.
        ...shell(
          "set -ex",
          `for nic in ${nics}; do f=/proc/sys/net/ipv4/conf/$nic/log_martians; if [ -e "$f" ]; then echo 0 > "$f"; fi; done`,
          "/scripts/container_entry.sh install",
          // Host /home/kubernetes/bin/gib: the serving pods mount it as /usr/local/gib.
          "cp -r /var/lib/gib/lib64/. /usr/local/home/kubernetes/bin/nvidia/lib64",
          "cp -r /var/lib/gib/. /usr/local/home/kubernetes/bin/gib",
        ),
      }],
      containers: [pause()],
    });
  },
};
