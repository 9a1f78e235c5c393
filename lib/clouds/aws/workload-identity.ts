import { planWorkloadIdentity } from "./plan-aws-storage";
import { z } from "zod";
import { Construct, ITerraformDependable, TerraformProvider } from "../../internal/tf";
import { DataAwsCallerIdentity, DataAwsPartition, EksPodIdentityAssociation, IamRole, IamRolePolicy, KmsKey, SecretsmanagerSecret } from "../../internal/providers/aws";
import { parseOrThrow, tagMap } from "../../validation";
import { providerSchema } from "./common";
import { assumeRolePolicy, kmsKeyPolicy, policyDocument } from "./iam";

export interface EksWorkloadIdentityProps {
  /** Recovery window of the HF token secret: 0 deletes at once, 7-30 days keep it restorable. @default 7 */
  readonly secretRecoveryWindowDays?: number;
  /** Deletion window of the Hugging Face token's KMS key, days. @default 30 */
  readonly keyDeletionWindowDays?: number;
  readonly clusterName: string;
  /** Namespace of the serving workloads (servingNames(plan).namespace). */
  readonly namespace: string;
  /** Service accounts (servingNames(plan).serviceAccounts; `secretsReader` is not bound on EKS, see `secretsReader`). */
  readonly serviceAccounts: { readonly server: string; readonly modelStager: string; readonly secretsReader?: string };
  readonly bucketArn: string;
  /** KMS key of the bucket. */
  readonly bucketKmsKeyArn: string;
  /** Name of the Secrets Manager secret created for the Hugging Face token (value set out of band). */
  readonly hfTokenSecretName: string;
  /**
   * External Secrets controller's service account: it reads the HF token and the API-key secrets
   * (names starting with `secretNamePrefix`, in `region` only, the placement's) with its own Pod Identity.
   * @default none: no secrets-reader role
   */
  readonly secretsReader?: { readonly namespace: string; readonly serviceAccount: string; readonly secretNamePrefix: string; readonly region: string };
  /** Resources the associations wait for (the cluster, the pod identity agent). @default none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Tags for every resource. @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

const propsSchema = z.object({
  clusterName: z.string().min(1),
  secretRecoveryWindowDays: z.number().int().refine((d) => d === 0 || (d >= 7 && d <= 30), "is not a recovery window; use 0 or 7-30 days").optional(),
  keyDeletionWindowDays: z.number().int().min(7).max(30).optional(),
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "is not a Kubernetes namespace name; use lowercase letters, digits and hyphens"),
  serviceAccounts: z.object({ server: z.string().min(1), modelStager: z.string().min(1), secretsReader: z.string().min(1).optional() }).strict(),
  bucketArn: z.string().min(1),
  bucketKmsKeyArn: z.string().min(1),
  hfTokenSecretName: z.string().min(1),
  secretsReader: z.object({
    namespace: z.string().min(1), serviceAccount: z.string().min(1), secretNamePrefix: z.string().min(1),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "is not an AWS region name; use the placement's region, such as us-east-1"),
  }).strict().optional(),
  dependsOn: z.array(z.any()).optional(),
  tags: tagMap("an AWS tag").optional(),
  provider: providerSchema,
}).strict();

const POD_IDENTITY_TRUST = assumeRolePolicy("pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]);

/**
 * EKS Pod Identity roles of the serving workloads, least privilege:
 * the server reads the model bucket; the model stager reads and writes it. Only the External
 * Secrets controller reads the Hugging Face token secret (created empty here; set its value out
 * of band) and hands it to the stager as a Kubernetes Secret.
 */
export class EksWorkloadIdentity extends Construct {
  public readonly serverRole: IamRole;
  public readonly stagerRole: IamRole;
  public readonly hfTokenSecret: SecretsmanagerSecret;
  /** Customer-managed key of the Hugging Face token. */
  public readonly hfTokenKey: KmsKey;
  /** Role of the External Secrets controller, when `secretsReader` is set. */
  public readonly secretsReaderRole?: IamRole;

  constructor(scope: Construct, id: string, props: EksWorkloadIdentityProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const { provider, bucketArn } = props;
    // Role names, windows and tags are the plan's (plan-aws-storage.ts); this only emits.
    const planned = planWorkloadIdentity(props);
    const tags = { ...planned.tags };
    const caller = new DataAwsCallerIdentity(this, "caller", { provider });
    const partition = new DataAwsPartition(this, "partition", { provider });
    // A customer-managed key for the token (not the AWS-managed aws/secretsmanager key): its policy and
    // rotation are ours, and only the secrets reader may decrypt through Secrets Manager.
    this.hfTokenKey = new KmsKey(this, "hf-token-key", {
      provider, description: "Hugging Face token encryption", enableKeyRotation: true, deletionWindowInDays: planned.keyDeletionWindowDays, tags,
      policy: kmsKeyPolicy(partition.partition, caller.accountId),
    });
    this.hfTokenSecret = new SecretsmanagerSecret(this, "hf-token", {
      provider, name: props.hfTokenSecretName, kmsKeyId: this.hfTokenKey.arn, description: "Hugging Face token for the model stager; set the value out of band (aws secretsmanager put-secret-value)", recoveryWindowInDays: planned.secretRecoveryWindowDays, tags,
    });

    this.serverRole = new IamRole(this, "server", { provider, namePrefix: planned.rolePrefixes.server, assumeRolePolicy: POD_IDENTITY_TRUST, tags });
    new IamRolePolicy(this, "server-policy", {
      provider, role: this.serverRole.id, name: "model-bucket-read",
      policy: policyDocument([
        { Sid: "ListModelBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucketArn },
        { Sid: "ReadModels", Effect: "Allow", Action: ["s3:GetObject"], Resource: `${bucketArn}/*` },
        { Sid: "DecryptModels", Effect: "Allow", Action: ["kms:Decrypt"], Resource: props.bucketKmsKeyArn },
      ]),
    });

    this.stagerRole = new IamRole(this, "stager", { provider, namePrefix: planned.rolePrefixes.stager, assumeRolePolicy: POD_IDENTITY_TRUST, tags });
    new IamRolePolicy(this, "stager-policy", {
      provider, role: this.stagerRole.id, name: "model-bucket-stage",
      policy: policyDocument([
        { Sid: "ListModelBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"], Resource: bucketArn },
        { Sid: "StageModels", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], Resource: `${bucketArn}/*` },
        { Sid: "EncryptModels", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: props.bucketKmsKeyArn },
      ]),
    });

    const assoc = (sa: string, role: IamRole) => new EksPodIdentityAssociation(this, `assoc-${sa}`, {
      provider, clusterName: props.clusterName, namespace: props.namespace, serviceAccount: sa, roleArn: role.arn,
        dependsOn: props.dependsOn ? [...props.dependsOn] : undefined, tags,
    });
    assoc(props.serviceAccounts.server, this.serverRole);
    assoc(props.serviceAccounts.modelStager, this.stagerRole);

    if (props.secretsReader) {
      const reader = props.secretsReader;
      this.secretsReaderRole = new IamRole(this, "secrets-reader", { provider, namePrefix: planned.rolePrefixes.secretsReader, assumeRolePolicy: POD_IDENTITY_TRUST, tags });
      new IamRolePolicy(this, "secrets-reader-policy", {
        provider, role: this.secretsReaderRole.id, name: "serving-secrets-read",
        policy: policyDocument([
          { Sid: "ReadServingSecrets", Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: [
            this.hfTokenSecret.arn,
            // API keys live in the placement's region (Secrets Manager is regional).
            `arn:${partition.partition}:secretsmanager:${reader.region}:${caller.accountId}:secret:${reader.secretNamePrefix}*`,
          ] },
          // The token's key, only through Secrets Manager (AWS KMS Developer Guide, "kms:ViaService").
          { Sid: "DecryptHfToken", Effect: "Allow", Action: ["kms:Decrypt"], Resource: this.hfTokenKey.arn, Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${reader.region}.amazonaws.com` } } },
        ]),
      });
      new EksPodIdentityAssociation(this, "assoc-secrets-reader", {
        provider, clusterName: props.clusterName, namespace: reader.namespace, serviceAccount: reader.serviceAccount, roleArn: this.secretsReaderRole.arn,
        dependsOn: props.dependsOn ? [...props.dependsOn] : undefined, tags,
      });
    }
  }
}
