/** Plain IAM policy documents (JSON strings; ARNs may be Terraform tokens). */

export function assumeRolePolicy(service: string, actions: readonly string[] = ["sts:AssumeRole"]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: [...actions] }] });
}

export function policyDocument(statements: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

export function managedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/**
 * An explicit KMS key policy: the account administers and uses the key through IAM (the statement
 * of KMS's default key policy, AWS KMS Developer Guide "Default key policy" > "Allows access to the
 * AWS account and enables IAM policies"), plus the services that must use the key themselves.
 */
export function kmsKeyPolicy(partition: string, accountId: string, extra: readonly Record<string, unknown>[] = []): string {
  return policyDocument([
    { Sid: "AccountAdministersThroughIam", Effect: "Allow", Principal: { AWS: `arn:${partition}:iam::${accountId}:root` }, Action: "kms:*", Resource: "*" },
    ...extra,
  ]);
}

/**
 * Lets CloudWatch Logs encrypt the account's log groups in `region` with the key (CloudWatch Logs
 * User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS", step 2 key policy).
 */
export function cloudWatchLogsKeyStatement(partition: string, region: string, accountId: string): Record<string, unknown> {
  return {
    Sid: "CloudWatchLogsEncrypts", Effect: "Allow", Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` } },
  };
}
