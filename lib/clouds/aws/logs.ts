import { Construct, TerraformProvider } from "../../internal/tf";
import { CloudwatchLogGroup, DataAwsCallerIdentity, KmsKey } from "../../internal/providers/aws";
import { cloudWatchLogsKeyStatement, kmsKeyPolicy } from "./iam";

/** Days CloudWatch log groups keep control-plane and flow logs (checkov CKV_AWS_338 asks for a year). */
export const LOG_RETENTION_DAYS = 365;

export interface EncryptedLogGroupProps {
  readonly name: string;
  readonly region: string;
  readonly partition: string;
  readonly description: string;
  readonly tags: Readonly<Record<string, string>>;
  /** KMS key deletion window, days (the plan's: planEksInfra's protection). */
  readonly keyDeletionWindowDays: number;
  /** AWS provider to use. @default the stack's default AWS provider */
  readonly provider?: TerraformProvider;
}

/** A CloudWatch log group kept a year and encrypted with its own rotating key (explicit key policy). */
export class EncryptedLogGroup extends Construct {
  public readonly key: KmsKey;
  public readonly group: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const { provider, partition, region } = props;
    const caller = new DataAwsCallerIdentity(this, "caller", { provider });
    this.key = new KmsKey(this, "key", {
      provider, description: props.description, enableKeyRotation: true, tags: { ...props.tags },
      deletionWindowInDays: props.keyDeletionWindowDays,
      policy: kmsKeyPolicy(partition, caller.accountId, [cloudWatchLogsKeyStatement(partition, region, caller.accountId)]),
    });
    this.group = new CloudwatchLogGroup(this, "group", { provider, name: props.name, retentionInDays: LOG_RETENTION_DAYS, kmsKeyId: this.key.arn, tags: { ...props.tags } });
  }
}
