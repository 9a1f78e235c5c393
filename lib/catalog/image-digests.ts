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
  /**
   * Who states the digest: `publisher` (the image's own publisher or the project that builds it:
   * docker-library's repo-info, Google's manifests), or `registry-record` (a maintained vendor
   * project's image bill of materials, resolved from the registry, naming tag and digest together;
   * not the publisher's word, but a record of what the registry served for that tag).
   */
  readonly basis: "publisher" | "registry-record";
}

export const VERIFIED_IMAGE_DIGESTS: readonly VerifiedImageDigest[] = [
  {
    repository: "docker.io/library/redis",
    tag: "7.4.11-alpine",
    digest: "sha256:ff02b58f971e7d7d156a1267e283fcbbeee91773b6aa36c49dac28ecfe28eadf",
    source: "docker-library/repo-info @ 1742085a repos/redis/remote/7.4.11-alpine.md (the official image's index, 16 platforms; built 2026-08-18)",
    basis: "publisher",
  },
  {
    repository: "gke.gcr.io/pause",
    tag: "3.8",
    digest: "sha256:880e63f94b145e46f1b1082bb71b85e21f16b99b180b9996407d61240ceb9830",
    source: "GoogleCloudPlatform/container-engine-accelerators @ 992db812 gpudirect-tcpxo/nccl-tcpxo-installer.yaml, gpudirect-tcpx/nccl-tcpx-installer.yaml, gpudirect-rdma/nccl-rdma-installer.yaml (\"gke.gcr.io/pause:3.8@sha256:880e63f9…\")",
    basis: "publisher",
  },
  {
    // A dated tag: docker-library never rebuilds one, while `24.04` moves with every rebuild
    // (repo-info @ cc8119e0 repos/ubuntu/remote/24.04.md already shows another index, 1428a953…).
    repository: "docker.io/library/ubuntu",
    tag: "noble-20260911",
    digest: "sha256:6896323949d7acdf78c9fa087b858849920791181bc34eb41d432005cfdcd5d7",
    source: "docker-library/repo-info @ 592e1d75 repos/ubuntu/remote/noble-20260911.md (the official image's index, 10 platforms; Ubuntu 24.04 built 2026-09-11)",
    basis: "publisher",
  },
  {
    repository: "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/nccl-plugin-gpudirecttcpx-dev",
    tag: "v1.0.15",
    digest: "sha256:4c9f0de3f39455a2ea35e844e0fc92564ca5629f6b03250fde40e8160719dae4",
    source: "NVIDIA/aicr docs/user/container-images.md (AICR's image BOM, regenerated from the live registry by `make bom-docs`; component gke-nccl-tcpxo): the same digest for v1.0.15 in three stored versions of the page, whose ubuntu digests beside it change, so it was re-resolved each time. Google's own manifest (container-engine-accelerators gpudirect-tcpxo/nccl-tcpxo-installer.yaml) names the tag only",
    basis: "registry-record",
  },
  {
    repository: "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpxo/tcpgpudmarxd-dev",
    tag: "v1.0.21",
    digest: "sha256:8d9e10fd589a34ab8a0aa64f7e70ad075c8f1c69bea176350f8d211367697e3d",
    source: "NVIDIA/aicr docs/user/container-images.md (AICR's image BOM, regenerated from the live registry; it lists the TCPXO RxDM v1.0.21 with this digest under component kubeflow-trainer, in one stored version of the page). Google's pod spec (container-engine-accelerators @ 992db812, \"bump tcpxo-daemon version to 1.0.21\") names the tag only",
    basis: "registry-record",
  },
  {
    repository: "docker.io/alpine/kubectl",
    tag: "1.36.2",
    digest: "sha256:01d138ce994b684abc62d9cfdff44de42a4c8996dcc12626dd0193afc3fb5a95",
    source: "NVIDIA/nodewright @ b9916f64 docs/contributing/release-process.md (\"skopeo inspect --raw docker://docker.io/alpine/kubectl:1.36.2 | skopeo manifest-digest\" = this manifest-list digest, pinned in its chart's values), and the same digest in two stored versions of NVIDIA/aicr docs/user/container-images.md (component nodewright-operator)",
    basis: "registry-record",
  },
];

/**
 * Images their publisher gives by digest only (no tag to keep beside it), each with the source.
 */
export const PUBLISHED_DIGEST_ONLY_IMAGES: readonly { readonly image: string; readonly source: string }[] = [
  {
    image: "gcr.io/gke-release/nri-device-injector@sha256:6e79483d52abdc28454bf186320b10a56b0f117a10e8d65d5c74dbb821a76970",
    source: "GoogleCloudPlatform/container-engine-accelerators @ 992db812 nri_device_injector/nri-device-injector.yaml (and -autopilot.yaml): the image by digest only",
  },
];

/**
 * Repositories whose digests could not be verified from an upstream source, with the reason.
 * Pin them per deployment (`ImageRef.digest`, or `docker buildx imagetools inspect <image>` on a
 * trusted machine) when policy requires digests.
 */
export const UNVERIFIED_IMAGE_REPOSITORIES: Readonly<Record<string, string>> = {
  "nvcr.io/nvidia/tensorrt-llm/release": "NVIDIA publishes no digest for its NGC release tags (NGC catalog; TensorRT-LLM docs 'Pre-built release container images on NGC'). Searched again (2026-12-01: \"release:1.2.1@sha256\", \"tensorrt-llm/release@sha256\" over stored sources; code, pages and issues corpora): two third-party records of pulling 1.2.1 agree on sha256:33cd085b…, neither traceable to a repository and path nor NVIDIA's; NVIDIA's own TensorRT-LLM examples pin a 1.3.0 release candidate (rc22) by digest, not a stable tag, so the pin stays on 1.2.1 by tag",
  "docker.io/peakcom/s5cmd": "the s5cmd project's repository and releases name v2.3.0 by tag only; searched again (2026-12-01: \"s5cmd@sha256\", \"peakcom/s5cmd:v2.3.0@\"; pages and issues corpora, peak/s5cmd issues): several third-party benchmark records agree on sha256:2ff939e2…, none traceable to a repository and path, none the publisher's",
  "gcr.io/google.com/cloudsdktool/google-cloud-cli": "no upstream source publishing the digest of 520.0.0-slim was found (Google's Cloud SDK docs name tags only); searched again (2026-12-01: \"google-cloud-cli:520.0.0\" finds nothing; \"google-cloud-cli@sha256\" finds digests without tags in third-party and sample code, which cannot say which version or variant they are)",
  "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/nccl-plugin-gpudirecttcpx-dev": "Google's GPUDirect manifests (container-engine-accelerators gpudirect-tcpx/README.md, Jun 22, 2026) name v3.1.12 by tag only, and no image BOM records its digest; searched again (2026-12-01: \"gpudirecttcpx-dev@sha256\", \"nccl-plugin-gpudirecttcpx-dev:v3.1.12\"; container-engine-accelerators @ 992db812 gpudirect-tcpx/*.yaml; NVIDIA/aicr docs/user/container-images.md, which lists only the TCPXO images)",
  "us-docker.pkg.dev/gce-ai-infra/gpudirect-gib/nccl-plugin-gib": "Google's gIB installer manifest (container-engine-accelerators @ 992db812 gpudirect-rdma/nccl-rdma-installer.yaml) names v1.1.1 by tag only; NVIDIA's AICR BOM records only the arm64 image (nccl-plugin-gib-arm64:v1.1.2), not this one; searched again (2026-12-01: \"nccl-plugin-gib@sha256\", \"nccl-plugin-gib:v1.1.1@sha256\", \"gpudirect-gib/nccl-plugin-gib:v1\": tags only, v1.0.2 to v1.1.2)",
  "us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/tcpgpudmarxd-dev": "Google's GPUDirect-TCPX pod spec names the RxDM image (v2.0.15) by tag only, and no image BOM records its digest; searched again (2026-12-01: \"tcpgpudmarxd-dev@sha256\", \"tcpgpudmarxd-dev:v2.0.15@sha256\"; container-engine-accelerators @ 992db812 gpudirect-tcpx/nccl-test-latest.yaml names v2.0.12 by tag)",
};

/** The verified digest of `repository:tag`, if this catalog has one. */
export function verifiedDigestOf(repository: string, tag: string): string | undefined {
  return VERIFIED_IMAGE_DIGESTS.find((d) => d.repository === repository && d.tag === tag)?.digest;
}
