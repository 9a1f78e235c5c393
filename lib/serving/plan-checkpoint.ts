import { DeepSeekConfigError } from "../errors";
import { CDKTF_TOKEN_MARKER } from "../internal/terraform-text";
import { servingNames } from "../plan/names";
import { asWritten, type PathOf } from "../plan/refusal-paths";
import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "./cluster-target";
import { MODEL_CACHE_MOUNT } from "./plan-options";

/**
 * Where a checkpoint is staged, and the grammar of every value that reaches a staging script.
 * Pure: no cdktf. Scripts are constant text; the values below travel as environment variables,
 * so nothing a user writes is ever parsed by a shell. The grammars still matter: the values name
 * paths (a `..` would leave the cache), become CLI arguments (a leading `-` would be an option)
 * and object-store URLs.
 */

/**
 * Hugging Face repository id: `[namespace/]name`, 1-96 characters of letters, digits, `-`, `_`,
 * `.`, no `--` or `..`, not starting or ending with `-` or `.` (huggingface/huggingface_hub
 * `src/huggingface_hub/utils/_validators.py`, `validate_repo_id` and `REPO_ID_REGEX`).
 */
export function hfRepoIdProblem(repo: string): string | undefined {
  if (repo.length < 1 || repo.length > 96) return "must be 1-96 characters";
  if (!/^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\/)?[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(repo)) return "is not a Hugging Face repository id (namespace/name of letters, digits, '-', '_', '.')";
  if (repo.includes("--") || repo.includes("..")) return "contains '--' or '..', which Hugging Face repository ids forbid";
  return undefined;
}

/**
 * Hugging Face revision: a commit (40 hex digits), a branch or a tag (`refs/pr/1` too). Git's
 * ref-name rules (git `Documentation/git-check-ref-format.txt`) narrowed to what is safe as a path
 * and an argument: segments of letters, digits, `.`, `_`, `-`, each starting with a letter or
 * digit, none ending in `.lock` or `.`, no `..`.
 */
export function hfRevisionProblem(revision: string): string | undefined {
  if (revision.length < 1 || revision.length > 100) return "must be 1-100 characters";
  const segments = revision.split("/");
  if (segments.some((s) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s) || s.endsWith(".lock") || s.endsWith("."))) {
    return "is not a Hugging Face revision (a commit hash, a branch or a tag: '/'-separated segments of letters, digits, '.', '_', '-')";
  }
  if (revision.includes("..")) return "contains '..'";
  return undefined;
}

/** S3 bucket names (AWS S3 User Guide, "General purpose bucket naming rules"). */
export function s3BucketProblem(bucket: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) return "is not an S3 bucket name (3-63 lowercase letters, digits, '.', '-', starting and ending with a letter or digit)";
  if (bucket.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return "is not an S3 bucket name (no '..', not an IP address)";
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(bucket) || /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(bucket)) return "uses a prefix or suffix S3 reserves";
  return undefined;
}

/** Cloud Storage bucket names (Google Cloud Storage docs, "Bucket naming requirements"). */
export function gcsBucketProblem(bucket: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(bucket)) return "is not a Cloud Storage bucket name (lowercase letters, digits, '-', '_', '.', starting and ending with a letter or digit)";
  if (bucket.split(".").some((part) => part.length > 63) || (!bucket.includes(".") && bucket.length > 63)) return "is not a Cloud Storage bucket name (at most 63 characters, or 63 per dot-separated part)";
  if (bucket.startsWith("goog") || /google|g00gle/.test(bucket) || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return "uses a name Cloud Storage refuses ('goog' prefix, 'google', an IP address)";
  return undefined;
}

/** True when the string carries a cdktf token (a reference resolved by Terraform, e.g. the infra stack's bucket). */
function isToken(value: string): boolean {
  return new RegExp(CDKTF_TOKEN_MARKER.source).test(value);
}

/**
 * Refuses a checkpoint, revision or bucket name that is not what it claims to be, with the path
 * of the field (`plan.checkpoint`, `plan.checkpointRevision`, `target.modelBucket`). References
 * (cdktf tokens) are passed: Terraform resolves them and they travel as environment values.
 */
export function checkStagingInputs(plan: Pick<DeploymentPlan, "checkpoint" | "checkpointRevision">, target: Pick<ClusterTarget, "cloud" | "modelBucket">, at: PathOf = asWritten): void {
  const repo = hfRepoIdProblem(plan.checkpoint);
  if (repo) throw new DeepSeekConfigError(at("plan.checkpoint"), repo, plan.checkpoint, "use the checkpoint's Hugging Face repository id, e.g. deepseek-ai/DeepSeek-R1");
  const revision = hfRevisionProblem(plan.checkpointRevision);
  if (revision) throw new DeepSeekConfigError(at("plan.checkpointRevision"), revision, plan.checkpointRevision, "use the 40-hex commit hash of the revision (the Hub's 'Files and versions' history)");
  if (isToken(target.modelBucket)) return;
  const bucket = target.cloud === "aws" ? s3BucketProblem(target.modelBucket) : gcsBucketProblem(target.modelBucket);
  if (bucket) throw new DeepSeekConfigError(at("target.modelBucket"), bucket, target.modelBucket, "pass the bucket's name only (no scheme, no path)");
}

/** True when the revision pins the weights (a commit hash). */
export function isPinnedRevision(revision: string): boolean {
  return /^[0-9a-f]{40}$/.test(revision);
}

/** Where one checkpoint revision lives: in the bucket, in the node cache, and the link the server loads. */
export interface CheckpointLocation {
  /** `s3://bucket/checkpoints/<repo>/<revision>` (the bucket may be a token). */
  readonly url: string;
  /** `/models/.checkpoints/<repo>/<revision>` on the node's cache. */
  readonly dir: string;
  /** `/models/<served name>`, linked to {@link dir}. */
  readonly servedLink: string;
}

/**
 * The checkpoint's place in the bucket and on the node, per revision: two revisions never share
 * a path or a staged marker, so a new revision is staged again instead of skipped.
 */
export function checkpointLocation(plan: DeploymentPlan, target: Pick<ClusterTarget, "cloud" | "modelBucket">): CheckpointLocation {
  checkStagingInputs(plan, target);
  const names = servingNames(plan);
  const scheme = target.cloud === "aws" ? "s3" : "gs";
  return {
    url: `${scheme}://${target.modelBucket}/${names.checkpointPrefix}/${plan.checkpointRevision}`,
    dir: `${MODEL_CACHE_MOUNT}/.checkpoints/${plan.checkpoint}/${plan.checkpointRevision}`,
    servedLink: `${MODEL_CACHE_MOUNT}/${names.servedModelName}`,
  };
}

/** The environment every staging script reads its values from (never from its own text). */
export function checkpointEnv(plan: DeploymentPlan, target: Pick<ClusterTarget, "cloud" | "modelBucket">): { name: string; value: string }[] {
  const location = checkpointLocation(plan, target);
  return [
    { name: "CHECKPOINT_REPO", value: plan.checkpoint },
    { name: "CHECKPOINT_REVISION", value: plan.checkpointRevision },
    { name: "CHECKPOINT_URL", value: location.url },
    { name: "CHECKPOINT_DIR", value: location.dir },
    { name: "SERVED_LINK", value: location.servedLink },
  ];
}

