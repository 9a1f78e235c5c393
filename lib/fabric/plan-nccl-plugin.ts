import type { ImageRef } from "../catalog";
import { DeepSeekConfigError } from "../errors";

/*
 * Where NCCL's network plugin comes from on each fabric, and the shell that puts it on the library
 * path before any NCCL process starts. Pure: no cdktf, no fs.
 *
 * GKE fabrics: Google's node installers (lib/fabric/plan-gke-fabric.ts) write NCCL and the plugin
 * (FasTrak, GPUDirectTCPX, gIB) to the host's /home/kubernetes/bin; pods mount it. Nothing to find.
 *
 * EFA: aws-ofi-nccl (libnccl-net-ofi.so) must be inside the image, built against the image's NCCL
 * and libfabric. Its place differs by image family, so the preamble looks in each known place:
 * - /opt/amazon/ofi-nccl/lib: the current aws-efa-installer layout (NVIDIA-NeMo/RL PR #2585,
 *   awslabs/awsome-distributed-ai PR #894: `/etc/ld.so.conf.d/100_ofinccl.conf`), with an older
 *   multiarch subdirectory (awslabs/awsome-distributed-ai PR #935);
 * - /opt/amazon/aws-ofi-nccl/lib: NVIDIA PyTorch (NGC) images up to 26.05, which ship the plugin
 *   but leave it off LD_LIBRARY_PATH, so NCCL falls back to TCP sockets (NVIDIA-NeMo/RL issue #1973);
 * - /opt/aws-ofi-nccl/lib: TensorRT-LLM's own build (NVIDIA/TensorRT-LLM docker/common/install_aws_ofi_nccl.sh
 *   @ 1d6db608: builds v1.16.2 there only when the base ships /opt/amazon/efa with libfabric headers,
 *   a no-op otherwise). An older docker/Dockerfile.multi (@ 00f74add, BASE_TAG 25.08-py3) has no
 *   aws-ofi-nccl step at all, and its `release` stage is built FROM `devel` FROM the PyTorch base: such
 *   release images carry whatever their PyTorch base ships under /opt/amazon.
 * The 1.2 line's base is `nvcr.io/nvidia/pytorch:25.12-py3` (NVIDIA/TensorRT-LLM docs/source/release-notes.md,
 * "TensorRT-LLM Release 1.2", Infrastructure Changes, read @ 001eaece), five releases before the first
 * PyTorch base without the plugin (26.06, below), so the default 1.2.1 image is expected to carry it under
 * /opt/amazon/aws-ofi-nccl/lib [S: NGC images of 2026 ship it there, NVIDIA-NeMo/RL issue #1973]. The image
 * itself was not inspected here; the preamble below finds the plugin, or stops the pod, at start.
 * NVIDIA PyTorch bases from 26.06 ship no plugin and default NCCL_NET_PLUGIN to `spcx`
 * (NVIDIA-NeMo/Megatron-Bridge PR #5033), so the preamble sets NCCL_NET_PLUGIN to the library it
 * found (NCCL accepts a suffix or a library name there; NVIDIA HPC-X docs "NCCLNet Plugin").
 * When no plugin is found the preamble stops the process with a message naming an image that has
 * one, instead of letting NCCL run over TCP.
 */

/** An image whose NCCL network plugin for EFA we know of: the default TensorRT-LLM release. */
export const IMAGE_WITH_AWS_OFI_NCCL = "nvcr.io/nvidia/tensorrt-llm/release:1.2.1";

/**
 * Directories searched for aws-ofi-nccl, in order (see above for the source of each). Only the
 * image's own copy is used: the host's (the EKS GPU AMI's EFA installer) is not mounted, as its
 * libfabric and rdma-core need not match the image's NCCL and libraries.
 */
export const AWS_OFI_NCCL_DIRS = [
  "/opt/amazon/ofi-nccl/lib",
  "/opt/amazon/ofi-nccl/lib/x86_64-linux-gnu",
  "/opt/amazon/aws-ofi-nccl/lib",
  "/opt/aws-ofi-nccl/lib",
] as const;
/** libfabric with the EFA provider, shipped beside the plugin (aws-efa-installer layout). */
export const EFA_LIBFABRIC_DIR = "/opt/amazon/efa/lib";

/** Prefix of the line the preamble prints before it stops a process that has no plugin. */
export const NO_NCCL_PLUGIN_MESSAGE = "FABRIC: no aws-ofi-nccl NCCL plugin in this image";

/**
 * Shell lines (POSIX sh and bash) that find aws-ofi-nccl in the image, select it for NCCL and put
 * it and libfabric first on LD_LIBRARY_PATH; they exit 1 with {@link NO_NCCL_PLUGIN_MESSAGE} when
 * there is none. Sourced, so the exports reach the process that runs NCCL.
 */
export function awsOfiNcclPreamble(searchDirs: readonly string[] = AWS_OFI_NCCL_DIRS): string[] {
  const dirs = searchDirs.join(" ");
  return [
    "fabric_plugin=''",
    `for d in ${dirs}; do for f in libnccl-net-ofi.so libnccl-net.so; do`,
    '  if [ -z "$fabric_plugin" ] && [ -e "$d/$f" ]; then fabric_plugin="$d/$f"; fi',
    "done; done",
    `if [ -z "$fabric_plugin" ]; then echo "${NO_NCCL_PLUGIN_MESSAGE} (looked in ${dirs}); NCCL would fall back to TCP sockets. Use an image that ships it, e.g. ${IMAGE_WITH_AWS_OFI_NCCL}" >&2; exit 1; fi`,
    'export NCCL_NET_PLUGIN="$fabric_plugin"',
    `export LD_LIBRARY_PATH="$(dirname "$fabric_plugin"):${EFA_LIBFABRIC_DIR}:\${LD_LIBRARY_PATH:-}"`,
  ];
}

/** First NVIDIA PyTorch release without aws-ofi-nccl (NVIDIA-NeMo/Megatron-Bridge PR #5033). */
export const PYTORCH_WITHOUT_AWS_OFI_NCCL = { year: 26, month: 6 } as const;

/**
 * Refuses, at synth, an image known to ship no aws-ofi-nccl for an EFA pod: an NVIDIA PyTorch
 * image `nvcr.io/nvidia/pytorch:YY.MM-…` from 26.06 on. Other images are checked when the pod
 * starts (the preamble above) and by the fabric check.
 */
export function requireAwsOfiNccl(image: ImageRef | string, path: string): void {
  const text = typeof image === "string" ? image : `${image.repository}:${image.tag}`;
  const m = /^nvcr\.io\/nvidia\/pytorch:(\d{2})\.(\d{2})-/.exec(text);
  if (!m) return;
  const [year, month] = [Number(m[1]), Number(m[2])];
  const { year: y0, month: m0 } = PYTORCH_WITHOUT_AWS_OFI_NCCL;
  if (year > y0 || (year === y0 && month >= m0)) {
    throw new DeepSeekConfigError(
      path,
      "ships no aws-ofi-nccl NCCL plugin (NVIDIA PyTorch images dropped it from 26.06), so NCCL would run over TCP sockets instead of EFA",
      text,
      `use an image that ships the plugin, e.g. ${IMAGE_WITH_AWS_OFI_NCCL}`,
    );
  }
}
