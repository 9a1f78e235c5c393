/**
 * Image digests the library pins, each with where it was verified, and the images it cannot pin
 * yet, each with why. An emitted image is `repository:tag@sha256:…` (the tag kept beside the digest
 * for readers) when its digest is here, or its repository is on the unverified list
 * (test/security/image-digests.test.ts checks every image of every stack). A digest enters this list
 * only when an upstream source publishes it; a deployment can pin any image itself through
 * `ImageRef.digest`.
 */

export interface VerifiedImageDigest {
  readonly repository: string;
  readonly tag: string;
  /** `sha256:<64 hex>`: the multi-platform image index where the source gives one. */
  readonly digest: string;
  /** Where the digest is published (repository, commit and path, or manifest). */
  readonly source: string;
}

export const VERIFIED_IMAGE_DIGESTS: readonly VerifiedImageDigest[] = [
  {
    repository: "docker.io/library/redis",
    tag: "7.4.11-alpine",
    digest: "sha256:ff02b58f971e7d7d156a1267e283fcbbeee91773b6aa36c49dac28ecfe28eadf",
    source: "docker-library/repo-info @ 1742085a repos/redis/remote/7.4.11-alpine.md (the official image's index, 16 platforms; built 2026-08-18)",
  },
  {
    repository: "gke.gcr.io/pause",
    tag: "3.8",
    digest: "sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830",
    source: "GoogleCloudPlatform/container-engine-accelerators @ 992db812 gpudirect-tcpxo/nccl-tcpxo-installer.yaml, gpudirect-tcpx/nccl-tcpx-installer.yaml, gpudirect-rdma/nccl-rdma-installer.yaml (\"gke.gcr.io/pause:3.8@sha256:880e63f9…\")",
  },
];

/**
 * Repositories whose digests could not be verified from an upstream source, with the reason.
 * Pin them per deployment (`ImageRef.digest`, or `docker buildx imagetools inspect <image>` on a
 * trusted machine) when policy requires digests.
 */
export const UNVERIFIED_IMAGE_REPOSITORIES: Readonly<Record<string, string>> = {
  "nvcr.io/nvidia/tensorrt-llm/release": "NVIDIA publishes no digest for its NGC release tags (NGC catalog; TensorRT-LLM docs 'Pre-built release container images on NGC'); third-party records of `docker pull` report sha256:33cd085b… for 1.2.1, which is not an NVIDIA publication",
  "docker.io/peakcom/s5cmd": "no upstream source publishing the digest of v2.3.0 was found (the s5cmd project's repository and releases name the tag only)",
  "gcr.io/google.com/cloudsdktool/google-cloud-cli": "no upstream source publishing the digest of 520.0.0-slim was found (Google's Cloud SDK docs name tags only)",
  "docker.io/alpine/k8s": "no upstream source publishing the digest of 1.33.4 was found (the alpine/k8s project names tags only; one third-party pin seen is not a publication)",
  "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/nccl-plugin-gpudirecttcpx-dev": "Google's GPUDirect manifests (container-engine-accelerators) name this image by tag only",
  "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/nccl-plugin-gpudirecttcpx-dev": "Google's GPUDirect manifests (container-engine-accelerators) name this image by tag only",
  "us-docker.pkg.dev/gce-ai-infra/gpudirect-gib/nccl-plugin-gib": "Google's gIB installer manifest names this image by tag only",
  "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/tcpgpudmarxd-dev": "Google's GPUDirect-TCPXO pod spec names the RxDM image by tag only",
  "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/tcpgpudmarxd-dev": "Google's GPUDirect-TCPX pod spec names the RxDM image by tag only",
  "docker.io/library/ubuntu": "Google's TCPXO installer uses an unpinned `ubuntu`; the tag pinned here (24.04) is rebuilt by docker-library and its current digest is not recorded here",
};

/** The verified digest of `repository:tag`, if this catalog has one. */
export function verifiedDigestOf(repository: string, tag: string): string | undefined {
  return VERIFIED_IMAGE_DIGESTS.find((d) => d.repository === repository && d.tag === tag)?.digest;
}
