import { z } from "zod";
import { DataGoogleProject, KmsCryptoKey, KmsCryptoKeyIamMember, KmsKeyRing, ProjectIamMember, SecretManagerSecret, SecretManagerSecretIamMember, ServiceAccount, ServiceAccountIamMember, StorageBucketIamMember } from "../../internal/providers/google";
import { Construct, ITerraformDependable, TerraformProvider } from "../../internal/tf";
import { planGkeServingIdentities, secretManagerAgentMember } from "./plan-gke-identities";
import { under } from "../../plan/refusal-paths";
import type { DeploymentPlan } from "../../plan/plan";
import { parseOrThrow } from "../../validation";
import { gcpPlanSchema, providerSchema } from "./common";

export interface GkeServingIdentitiesProps {
  readonly plan: DeploymentPlan;
  readonly project: string;
  /** Model cache bucket name. */
  readonly bucketName: string;
  /** Account id of the server's Google service account (6-30 characters). */
  readonly serverAccountId: string;
  /** Account id of the model stager's Google service account (6-30 characters). */
  readonly stagerAccountId: string;
  /**
   * Account id of the secrets reader's Google service account (External Secrets' SecretStore).
   * @default serverAccountId with its `-server` suffix replaced by `-secrets` (planGkeInfraNames' choice)
   */
  readonly secretsReaderAccountId?: string;
  /** Secret Manager secret id of the Hugging Face token (created empty; add the value out of band). */
  readonly hfTokenSecretId: string;
  /**
   * Cloud KMS key (in `plan.region`) that encrypts the Hugging Face token secret. The Secret Manager
   * service agent needs `roles/cloudkms.cryptoKeyEncrypterDecrypter` on it.
   * @default a key ring and key created here, in plan.region, rotated every 90 days
   */
  readonly secretKmsKeyName?: string;
  /** Name of the key ring created when `secretKmsKeyName` is unset. @default `<hfTokenSecretId>` */
  readonly secretKeyRingName?: string;
  /** Name of the key created when `secretKmsKeyName` is unset. @default `<hfTokenSecretId>-key` */
  readonly secretCryptoKeyName?: string;
  /** Days a destroyed key version waits before it is gone. @default 30 */
  readonly keyDestroyScheduledDays?: number;
  /** Numeric project number (the Secret Manager service agent's email). @default read with a google_project data source */
  readonly projectNumber?: string;
  /** Resources the Workload Identity bindings wait for (the cluster, which creates the identity pool). @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /** @default the scope's google provider */
  readonly provider?: TerraformProvider;
}

const accountId = z.string().regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, "is not a valid service account id; use 6-30 lowercase letters, digits and hyphens, starting with a letter");
const schema = z.object({
  plan: gcpPlanSchema,
  project: z.string().min(1),
  bucketName: z.string().min(1),
  serverAccountId: accountId,
  stagerAccountId: accountId,
  secretsReaderAccountId: accountId.optional(),
  hfTokenSecretId: z.string().regex(/^[-_a-zA-Z0-9]{1,255}$/, "is not a valid secret id; use letters, digits, - and _"),
  secretKmsKeyName: z.string().regex(/^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/, "is not a Cloud KMS key name; use projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>").optional(),
  secretKeyRingName: z.string().regex(/^[-_a-zA-Z0-9]{1,63}$/, "is not a valid key ring name; use letters, digits, - and _").optional(),
  secretCryptoKeyName: z.string().regex(/^[-_a-zA-Z0-9]{1,63}$/, "is not a valid crypto key name; use letters, digits, - and _").optional(),
  keyDestroyScheduledDays: z.number().int().min(1).max(120).optional(),
  projectNumber: z.string().regex(/^\d+$/, "is not a project number; use the numeric project number, e.g. 123456789012").optional(),
  dependsOn: z.array(z.any()).optional(),
  provider: providerSchema,
}).strict();

/**
 * Least-privilege Google identities for serving, bound to the Kubernetes service accounts of
 * servingNames(plan) in its namespace through Workload Identity:
 * - server: reads the model bucket (objectViewer), nothing else;
 * - stager: writes the model bucket (objectAdmin); it gets the HF token from a Kubernetes Secret
 *   that External Secrets materializes, so it has no Secret Manager access;
 * - secrets reader (the `secrets-reader` KSA External Secrets' SecretStore authenticates as):
 *   secretAccessor on the HF token secret and, conditioned on this placement's secret-name
 *   prefix, on the API-key secrets (created out of band, hence the project-level conditional grant).
 * The token secret is created with user-managed replication in plan.region and no version: no
 * value in Terraform. It is encrypted with a customer-managed Cloud KMS key in the same region
 * (Secret Manager CMEK: the key "must be in the same location as the secret version replica it
 * encrypts", cloud.google.com/secret-manager/docs/cmek; API field
 * `Replication.UserManaged.Replica.customerManagedEncryption.kmsKeyName`), which only the Secret
 * Manager service agent (`service-<project number>@gcp-sa-secretmanager.iam.gserviceaccount.com`)
 * may use. That agent must exist before the first apply: `gcloud beta services identity create
 * --service=secretmanager.googleapis.com --project=<project>` (the GA google provider has no
 * resource for it; `google_project_service_identity` is google-beta only).
 */
export class GkeServingIdentities extends Construct {
  public readonly server: ServiceAccount;
  public readonly stager: ServiceAccount;
  /** The Google service account External Secrets reads the HF token and the API keys with. */
  public readonly secretsReader: ServiceAccount;
  public readonly hfTokenSecret: SecretManagerSecret;
  /** The Cloud KMS key encrypting the Hugging Face token secret (customer-managed, in plan.region). */
  public readonly hfTokenSecretKmsKeyName: string;

  constructor(scope: Construct, id: string, props: GkeServingIdentitiesProps) {
    super(scope, id);
    const p = parseOrThrow(schema, props, id);
    // Every name and choice is the plan's (plan-gke-identities.ts); this only emits.
    const planned = planGkeServingIdentities(p.plan, p, under(id));
    const base = { provider: p.provider };
    this.server = new ServiceAccount(this, "server", { ...base, project: p.project, ...planned.server });
    this.stager = new ServiceAccount(this, "stager", { ...base, project: p.project, ...planned.stager });
    this.secretsReader = new ServiceAccount(this, "secrets-reader", { ...base, project: p.project, ...planned.secretsReader });
    const keyGrant: ITerraformDependable[] = [];
    const planKey = planned.secretKey;
    if (planKey.kind === "existing") {
      this.hfTokenSecretKmsKeyName = planKey.name;
    } else {
      const ring = new KmsKeyRing(this, "hf-token-key-ring", { ...base, project: p.project, name: planKey.keyRingName, location: planKey.location });
      const key = new KmsCryptoKey(this, "hf-token-key", {
        ...base, name: planKey.cryptoKeyName, keyRing: ring.id, purpose: "ENCRYPT_DECRYPT",
        rotationPeriod: planKey.rotationPeriod, destroyScheduledDuration: planKey.destroyScheduledDuration,
      });
      const projectNumber = planKey.projectNumber.kind === "given"
        ? planKey.projectNumber.value
        : new DataGoogleProject(this, "project", { ...base, projectId: p.project }).number;
      keyGrant.push(new KmsCryptoKeyIamMember(this, "hf-token-key-secret-manager", {
        ...base, cryptoKeyId: key.id, role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: secretManagerAgentMember(projectNumber),
      }));
      this.hfTokenSecretKmsKeyName = key.id;
    }
    const secret = planned.hfTokenSecret;
    this.hfTokenSecret = new SecretManagerSecret(this, "hf-token", {
      ...base, project: p.project, secretId: secret.secretId,
      replication: { userManaged: { replicas: [{ location: secret.location, customerManagedEncryption: { kmsKeyName: this.hfTokenSecretKmsKeyName } }] } },
      dependsOn: keyGrant,
      labels: { ...secret.labels },
    });
    new SecretManagerSecretIamMember(this, "secrets-reader-hf-token", {
      ...base, project: p.project, secretId: this.hfTokenSecret.secretId, role: "roles/secretmanager.secretAccessor", member: this.secretsReader.member,
    });
    // The API-key secrets are created out of band, so the grant is project-wide, conditioned on
    // this placement's secret-name prefix.
    new ProjectIamMember(this, "secrets-reader-api-keys", {
      ...base, project: p.project, role: "roles/secretmanager.secretAccessor", member: this.secretsReader.member, condition: { ...planned.apiKeysCondition },
    });
    new StorageBucketIamMember(this, "server-bucket", { ...base, bucket: p.bucketName, role: "roles/storage.objectViewer", member: this.server.member });
    new StorageBucketIamMember(this, "stager-bucket", { ...base, bucket: p.bucketName, role: "roles/storage.objectAdmin", member: this.stager.member });
    const accounts = { server: this.server, stager: this.stager, secretsReader: this.secretsReader };
    for (const binding of planned.workloadIdentity) {
      new ServiceAccountIamMember(this, `${binding.key}-workload-identity`, {
        ...base, serviceAccountId: accounts[binding.account].name, role: "roles/iam.workloadIdentityUser", member: binding.member,
        dependsOn: p.dependsOn as ITerraformDependable[] | undefined,
      });
    }
  }
}
