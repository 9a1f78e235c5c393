import { z } from "zod";
import { JURISDICTION_SPECS, Jurisdiction } from "../catalog/jurisdictions";
import { DeepSeekConfigError } from "../errors";
import { parseOrThrow } from "../validation";
import { locationInside } from "./plan-region-lock";

/**
 * Where Terraform keeps the state of every stack.
 *
 * - `local` (the default, for trying things out): one file per stack beside the synth output
 *   directory (`terraform.<stack>.tfstate` next to `cdktf.out`), by a relative path, so the
 *   synthesized files never contain a path of the machine that synthesized them. A synth wipes
 *   `cdktf.out`; the state stays outside it.
 * - `s3`: one object per stack (`<keyPrefix>/<stack>.tfstate`), locked by an S3 lock file
 *   (`use_lockfile`, Terraform 1.10+; no DynamoDB table). Terraform docs: "Backend Type: s3"
 *   (developer.hashicorp.com/terraform/language/backend/s3, `use_lockfile`).
 * - `gcs`: one prefix per stack (`<prefix>/<stack>`); GCS locks natively. Terraform docs:
 *   "Backend Type: gcs" (developer.hashicorp.com/terraform/language/backend/gcs).
 *
 * Cross-stack references (`terraform_remote_state`) read the other stack's state from the same
 * backend.
 */
export type StateBackendInput =
  | { readonly kind: "local"; /** Folder of the state files, relative to the folder holding the synth output directory. @default "." */ readonly directory?: string }
  | {
    readonly kind: "s3";
    /** The state bucket (create it beforehand, with versioning). */
    readonly bucket: string;
    /** The bucket's region; under a jurisdiction it must lie inside it. */
    readonly region: string;
    /** Key prefix; each stack's state is `<keyPrefix>/<stack>.tfstate`. @default "cdktf-deepseek" */
    readonly keyPrefix?: string;
    /** KMS key (ARN) encrypting the state objects. @default the bucket's default encryption */
    readonly kmsKeyId?: string;
    /** Role Terraform assumes to read and write the state. @default the caller's credentials */
    readonly roleArn?: string;
  }
  | {
    readonly kind: "gcs";
    /** The state bucket (create it beforehand, with object versioning). */
    readonly bucket: string;
    /**
     * The bucket's location (region such as `europe-west4`, or multi-region `EU`, `US`, `EUR4`,
     * `NAM4`). The backend does not take it; it is declared here so a jurisdiction can check it.
     */
    readonly location: string;
    /** Prefix; each stack's state lives under `<prefix>/<stack>`. @default "cdktf-deepseek" */
    readonly prefix?: string;
    /** Cloud KMS key encrypting the state objects. @default Google-managed encryption */
    readonly kmsEncryptionKey?: string;
  };

/** The backend block of one stack, with cdktf's camelCase keys. */
export type StateBackendPlan =
  | { readonly kind: "local"; readonly config: { readonly path: string }; readonly warning: string }
  | { readonly kind: "s3"; readonly config: Readonly<Record<string, string | boolean | Readonly<Record<string, string>>>> }
  | { readonly kind: "gcs"; readonly config: Readonly<Record<string, string>> };

const prefix = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,200}$/, "is not a key prefix; use letters, digits, '.', '_', '-' and '/', not starting with '/'").refine((p) => !p.endsWith("/") && !p.split("/").includes(".."), "must not end with '/' or contain '..'; write it as team/deepseek");
const schema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("local"),
    directory: z.string().min(1).refine((d) => !/^([/\\]|[A-Za-z]:)/.test(d) && !d.startsWith("~"), "is an absolute path, which would put a path of this machine into every synthesized stack; use a path relative to the folder holding cdktf.out, such as \"state\"").optional(),
  }).strict(),
  z.object({
    kind: z.literal("s3"),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "is not an S3 bucket name; use 3-63 lowercase letters, digits, '.' and '-'"),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "is not an AWS region; use a region such as eu-central-1"),
    keyPrefix: prefix.optional(),
    kmsKeyId: z.string().min(1).optional(),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, "is not an IAM role ARN; use arn:aws:iam::<account>:role/<name>").optional(),
  }).strict(),
  z.object({
    kind: z.literal("gcs"),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/, "is not a GCS bucket name; use lowercase letters, digits, '.', '_' and '-'"),
    location: z.string().min(2),
    prefix: prefix.optional(),
    kmsEncryptionKey: z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, "is not a Cloud KMS key name; use projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>").optional(),
  }).strict(),
]);

/** The default key prefix of the S3 and GCS backends. */
export const DEFAULT_STATE_PREFIX = "cdktf-deepseek";

/** The warning the synth summary prints while state is local. */
export const LOCAL_STATE_WARNING =
  "state is local (terraform.<stack>.tfstate beside cdktf.out): fine for trying things out, but it is not shared, not locked across machines, and losing it loses track of running GPU clusters; set DeepSeekApp's backend to s3 or gcs for a team";

/** Validates a backend option (rooted at `path`); refuses a state bucket outside the jurisdiction. */
export function checkStateBackend(input: unknown, path: string, jurisdiction?: Jurisdiction): StateBackendInput {
  const backend = parseOrThrow(schema, input, path) as StateBackendInput;
  if (!jurisdiction) return backend;
  const spec = JURISDICTION_SPECS[jurisdiction];
  if (backend.kind === "s3" && !locationInside(jurisdiction, "aws", backend.region)) {
    throw new DeepSeekConfigError(`${path}.region`, `puts the Terraform state (which holds every resource's attributes) outside the "${jurisdiction}" jurisdiction (${spec.description})`, backend.region, `use a state bucket in ${spec.regions.aws.join(", ")}`);
  }
  if (backend.kind === "gcs" && !locationInside(jurisdiction, "gcp", backend.location)) {
    throw new DeepSeekConfigError(`${path}.location`, `puts the Terraform state (which holds every resource's attributes) outside the "${jurisdiction}" jurisdiction (${spec.description})`, backend.location, `use a state bucket in ${[...spec.regions.gcp, ...spec.multiRegionLocations].join(", ")}`);
  }
  return backend;
}

/**
 * The backend block of stack `stackId`. Local paths are relative to the stack's working directory
 * (`<outdir>/stacks/<stack>`, where the cdktf CLI runs Terraform), three levels up: beside the
 * output directory, the file cdktf itself names `terraform.<stack>.tfstate` in the project folder.
 */
export function planStateBackend(backend: StateBackendInput, stackId: string): StateBackendPlan {
  switch (backend.kind) {
    case "local": {
      const dir = (backend.directory ?? ".").replace(/\\/g, "/").replace(/\/+$/, "");
      const rel = dir === "." ? "" : `${dir.replace(/^\.\//, "")}/`;
      return { kind: "local", config: { path: `../../../${rel}terraform.${stackId}.tfstate` }, warning: LOCAL_STATE_WARNING };
    }
    case "s3":
      return {
        kind: "s3",
        config: {
          bucket: backend.bucket, region: backend.region, key: `${backend.keyPrefix ?? DEFAULT_STATE_PREFIX}/${stackId}.tfstate`,
          encrypt: true, useLockfile: true,
          ...(backend.kmsKeyId ? { kmsKeyId: backend.kmsKeyId } : {}),
          // The assume_role block (top-level role_arn is deprecated since Terraform 1.6).
          ...(backend.roleArn ? { assumeRole: { roleArn: backend.roleArn } } : {}),
        },
      };
    case "gcs":
      return {
        kind: "gcs",
        config: { bucket: backend.bucket, prefix: `${backend.prefix ?? DEFAULT_STATE_PREFIX}/${stackId}`, ...(backend.kmsEncryptionKey ? { kmsEncryptionKey: backend.kmsEncryptionKey } : {}) },
      };
  }
}
