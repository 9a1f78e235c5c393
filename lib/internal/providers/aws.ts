// AWS provider seam: submodule imports only.
export { AwsProvider } from "@cdktf/provider-aws/lib/provider";
export type { AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
// Network
export { Vpc } from "@cdktf/provider-aws/lib/vpc";
export { Subnet } from "@cdktf/provider-aws/lib/subnet";
export { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
export { Eip } from "@cdktf/provider-aws/lib/eip";
export { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
export { RouteTable } from "@cdktf/provider-aws/lib/route-table";
export { Route } from "@cdktf/provider-aws/lib/route";
export { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
export { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
export { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
export { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
export { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
export { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
export { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
export { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
// EKS
export { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
export { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
export { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
export { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
export { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
export { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
// EC2
export { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
export type { LaunchTemplateNetworkInterfaces } from "@cdktf/provider-aws/lib/launch-template";
export { PlacementGroup } from "@cdktf/provider-aws/lib/placement-group";
export { DataAwsEc2InstanceTypeOfferings } from "@cdktf/provider-aws/lib/data-aws-ec2-instance-type-offerings";
// KMS, S3, IAM, Secrets Manager
export { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
export { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
export { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
export { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
export { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
export { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
export { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
export { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
export { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
export { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
export { IamRole } from "@cdktf/provider-aws/lib/iam-role";
export { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
export { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
export { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
export { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
export { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
export { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
// Route 53 (global endpoint)
export { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
export { Route53HealthCheck } from "@cdktf/provider-aws/lib/route53-health-check";
