import { verifiedDigestOf } from "./image-digests";

/** Container images, pinned by tag. The digest is optional and set per deployment. */
export interface ImageRef {
  readonly repository: string;
  readonly tag: string;
  readonly digest?: string;
}

/**
 * TensorRT-LLM release image. `1.2.1` is the newest stable tag named in the TRT-LLM docs
 * we checked (NVIDIA/TensorRT-LLM docs/source/deployment-guide); the current tag is UNCONFIRMED, so pin explicitly per deployment.
 */
export const TENSORRT_LLM_IMAGE: ImageRef = { repository: "nvcr.io/nvidia/tensorrt-llm/release", tag: "1.2.1" };

/**
 * Renders `repo:tag@sha256:...` when the image carries a digest or the catalog has a verified one
 * (lib/catalog/image-digests.ts), else `repo:tag`. The tag stays beside the digest for readers.
 */
export function imageString(image: ImageRef): string {
  const digest = image.digest ?? verifiedDigestOf(image.repository, image.tag);
  return `${image.repository}:${image.tag}${digest ? `@${digest}` : ""}`;
}
