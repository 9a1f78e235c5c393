import { DeepSeekConfigError } from "../../errors";
import { apiKeySecretPrefix, servingNames } from "../../plan/names";
import type { DeploymentPlan } from "../../plan/plan";
import { asWritten, type PathOf } from "../../plan/refusal-paths";
import { gkeAccountId } from "./plan-gke-infra";

/**
 * Pure planning of the GKE serving identities (GkeServingIdentities) and the model bucket
 * (GkeModelBucket): every default, name and choice (a key given or created, the project number
 * given or looked up); the constructs only emit. No cdktf import.
 */

/** Rotation of the Hugging Face token secret's key (checkov CKV_GCP_43 asks for at most 90 days). */
export const SECRET_KEY_ROTATION_DAYS = 90;
/** Days a destroyed key version waits before it is gone: the Cloud KMS default (cloud.google.com/kms/docs/destroy-restore). */
export const DEFAULT_KEY_DESTROY_SCHEDULED_DAYS = 30;

export interface GkeServingIdentitiesOptions {
  readonly project: string;
  readonly serverAccountId: string;
  readonly stagerAccountId: string;
  readonly secretsReaderAccountId?: string;
  readonly hfTokenSecretId: string;
  readonly secretKmsKeyName?: string;
  readonly secretKeyRingName?: string;
  readonly secretCryptoKeyName?: string;
  readonly keyDestroyScheduledDays?: number;
  readonly projectNumber?: string;
}

/** A service account to create. */
export interface PlannedAccount {
  readonly accountId: string;
  readonly displayName: string;
}

export interface GkeServingIdentitiesPlan {
  readonly server: PlannedAccount;
  readonly stager: PlannedAccount;
  readonly secretsReader: PlannedAccount;
  /** The Hugging Face token secret: id, its one replica's location, labels. */
  readonly hfTokenSecret: { readonly secretId: string; readonly location: string; readonly labels: Readonly<Record<string, string>> };
  /** Its customer-managed key: given (in the secret's region), or a key ring and key created with the Secret Manager agent's grant. */
  readonly secretKey:
    | { readonly kind: "existing"; readonly name: string }
    | {
      readonly kind: "create"; readonly keyRingName: string; readonly cryptoKeyName: string; readonly location: string;
      readonly rotationPeriod: string; readonly destroyScheduledDuration: string;
      readonly projectNumber: { readonly kind: "given"; readonly value: string } | { readonly kind: "lookup" };
    };
  /** The conditional project grant on this placement's API-key secrets (created out of band). */
  readonly apiKeysCondition: { readonly title: string; readonly description: string; readonly expression: string };
  /** Workload Identity: which Kubernetes service account each Google account is bound to. */
  readonly workloadIdentity: readonly { readonly account: "server" | "stager" | "secretsReader"; readonly key: string; readonly member: string }[];
}

/** The Secret Manager service agent that must use the secret's key (cloud.google.com/secret-manager/docs/cmek). */
export function secretManagerAgentMember(projectNumber: string): string {
  return `serviceAccount:service-${projectNumber}@gcp-sa-secretmanager.iam.gserviceaccount.com`;
}

/** Plans the serving identities of `plan`; a given key outside the secret's region is refused at `at("secretKmsKeyName")`. Pure. */
export function planGkeServingIdentities(plan: DeploymentPlan, o: GkeServingIdentitiesOptions, at: PathOf = asWritten): GkeServingIdentitiesPlan {
  const names = servingNames(plan);
  const region = plan.region;
  let secretKey: GkeServingIdentitiesPlan["secretKey"];
  if (o.secretKmsKeyName) {
    const location = o.secretKmsKeyName.split("/")[3];
    if (location !== region) {
      throw new DeepSeekConfigError(at("secretKmsKeyName"), `is in ${location}, not in the secret's region ${region} (Secret Manager CMEK needs the key in the replica's location)`, o.secretKmsKeyName, `use a key in ${region}, or leave secretKmsKeyName unset to create one`);
    }
    secretKey = { kind: "existing", name: o.secretKmsKeyName };
  } else {
    secretKey = {
      kind: "create", keyRingName: o.secretKeyRingName ?? o.hfTokenSecretId, cryptoKeyName: o.secretCryptoKeyName ?? `${o.hfTokenSecretId}-key`, location: region,
      rotationPeriod: `${SECRET_KEY_ROTATION_DAYS * 86400}s`, destroyScheduledDuration: `${(o.keyDestroyScheduledDays ?? DEFAULT_KEY_DESTROY_SCHEDULED_DAYS) * 86400}s`,
      projectNumber: o.projectNumber ? { kind: "given", value: o.projectNumber } : { kind: "lookup" },
    };
  }
  const member = (ksa: string) => `serviceAccount:${o.project}.svc.id.goog[${names.namespace}/${ksa}]`;
  return {
    server: { accountId: o.serverAccountId, displayName: `DeepSeek server (${plan.id})` },
    stager: { accountId: o.stagerAccountId, displayName: `DeepSeek model stager (${plan.id})` },
    // planGkeInfraNames' choice: the server's id with its -server suffix replaced by -secrets.
    secretsReader: { accountId: o.secretsReaderAccountId ?? gkeAccountId(o.serverAccountId.replace(/-server$/, ""), "secrets"), displayName: `DeepSeek secrets reader (${plan.id})` },
    hfTokenSecret: { secretId: o.hfTokenSecretId, location: region, labels: { "app-kubernetes-io-part-of": "cdktf-deepseek" } },
    secretKey,
    apiKeysCondition: {
      title: "deepseek-api-keys",
      description: `API keys of placement ${plan.id}`,
      expression: `resource.name.extract("secrets/{id}/").startsWith("${apiKeySecretPrefix(plan)}")`,
    },
    workloadIdentity: [
      { account: "server", key: "server", member: member(names.serviceAccounts.server) },
      { account: "stager", key: "stager", member: member(names.serviceAccounts.modelStager) },
      { account: "secretsReader", key: "secrets-reader", member: member(names.serviceAccounts.secretsReader) },
    ],
  };
}

export interface GkeModelBucketOptions {
  readonly bucketName: string;
  readonly location?: string;
  readonly kmsKeyName?: string;
  readonly forceDestroy?: boolean;
}

export interface GkeModelBucketPlan {
  readonly name: string;
  /** The log bucket's name: the bucket's, cut so `-logs` fits 63 characters. */
  readonly logBucketName: string;
  readonly location: string;
  readonly forceDestroy: boolean;
  readonly kmsKeyName?: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** The model bucket and its log bucket: in the plan's region unless a location is given; kept on destroy unless asked. Pure. */
export function planGkeModelBucket(plan: DeploymentPlan, o: GkeModelBucketOptions): GkeModelBucketPlan {
  return {
    name: o.bucketName,
    logBucketName: `${o.bucketName.slice(0, 58)}-logs`,
    location: o.location ?? plan.region,
    forceDestroy: o.forceDestroy ?? false,
    ...(o.kmsKeyName ? { kmsKeyName: o.kmsKeyName } : {}),
    labels: { "app-kubernetes-io-part-of": "cdktf-deepseek" },
  };
}
