import type { AutoscalingPlan } from "./plan-autoscaling";
import type { DeploymentPlan } from "../plan/plan";
import { shortName } from "../plan/names";

/** Service account the cluster autoscaler runs as; the Pod Identity association binds it. */
export const CLUSTER_AUTOSCALER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" } as const;

/**
 * Helm values for the EKS cluster autoscaler (chart `autoscaler/cluster-autoscaler`), as plain data.
 * Auto-discovers the cluster's node groups by the tags EKS puts on their Auto Scaling groups,
 * waits at least one cold start before any scale-down, and balances similar node groups.
 */
export function clusterAutoscalerValues(plan: DeploymentPlan, autoscaling: AutoscalingPlan, clusterName: string, imageTag?: string): Record<string, unknown> {
  const n = autoscaling.nodeAutoscaling;
  return {
    cloudProvider: "aws",
    awsRegion: plan.region,
    autoDiscovery: { clusterName },
    rbac: { create: true, serviceAccount: { create: true, name: CLUSTER_AUTOSCALER_SERVICE_ACCOUNT.name } },
    ...(imageTag ? { image: { tag: imageTag } } : {}),
    extraArgs: {
      "balance-similar-node-groups": true,
      expander: "least-waste",
      "scale-down-delay-after-add": `${n.scaleDownDelayAfterAddSeconds}s`,
      "scale-down-unneeded-time": `${n.scaleDownUnneededSeconds}s`,
      "max-node-provision-time": `${n.maxNodeProvisionSeconds}s`,
      "skip-nodes-with-local-storage": false,
    },
    // Keep the autoscaler off the GPU nodes it scales.
    nodeSelector: { "kubernetes.io/os": "linux" },
    podDisruptionBudget: { maxUnavailable: 1 },
  };
}

/**
 * Least-privilege IAM policy for the cluster autoscaler (kubernetes/autoscaler AWS README):
 * read-only describes, `eks:DescribeNodegroup` on this cluster's node groups only, and scaling
 * writes only on Auto Scaling groups tagged `k8s.io/cluster-autoscaler/<cluster> = owned`.
 *
 * @param nodegroupArnPattern e.g. `arn:aws:eks:us-east-1:123456789012:nodegroup/<cluster>/*`
 */
export function clusterAutoscalerPolicy(clusterName: string, nodegroupArnPattern: string): Record<string, unknown> {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "Describe",
        Effect: "Allow",
        Action: [
          "autoscaling:DescribeAutoScalingGroups",
          "autoscaling:DescribeAutoScalingInstances",
          "autoscaling:DescribeLaunchConfigurations",
          "autoscaling:DescribeScalingActivities",
          "autoscaling:DescribeTags",
          "ec2:DescribeImages",
          "ec2:DescribeInstanceTypes",
          "ec2:DescribeLaunchTemplateVersions",
          "ec2:GetInstanceTypesFromInstanceRequirements",
        ],
        Resource: "*",
      },
      { Sid: "DescribeNodegroups", Effect: "Allow", Action: ["eks:DescribeNodegroup"], Resource: nodegroupArnPattern },
      {
        Sid: "ScaleOwnedGroups",
        Effect: "Allow",
        Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
        Resource: "*",
        Condition: { StringEquals: { [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned" } },
      },
    ],
  };
}

/** Trust policy for an EKS Pod Identity role. */
export const POD_IDENTITY_TRUST_POLICY = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
} as const;

/** What `ClusterAutoscalerIdentity` writes: decided here, only emitted there. */
export interface ClusterAutoscalerIdentityPlan {
  /** The EKS cluster (a name or a reference to it: names below then follow the cluster). */
  readonly clusterName: string;
  /** Region of the cluster: scopes eks:DescribeNodegroup to its node groups. */
  readonly region: string;
  /** IAM role name_prefix: at most 24 characters of the cluster name (IAM takes 38), then `-autoscaler-`. */
  readonly rolePrefix: string;
  readonly roleDescription: string;
  readonly policyName: string;
  /** The service account the Pod Identity association binds (the chart's). */
  readonly serviceAccount: { readonly namespace: string; readonly name: string };
}

/** Plans the cluster autoscaler's IAM role and Pod Identity association. Pure. */
export function planClusterAutoscalerIdentity(options: { readonly clusterName: string; readonly region: string }): ClusterAutoscalerIdentityPlan {
  const { clusterName, region } = options;
  return {
    clusterName, region,
    rolePrefix: `${shortName(clusterName, 24)}-autoscaler-`,
    roleDescription: `Cluster autoscaler of EKS cluster ${clusterName} (Pod Identity)`,
    policyName: "cluster-autoscaler",
    serviceAccount: { ...CLUSTER_AUTOSCALER_SERVICE_ACCOUNT },
  };
}

/** The ARN pattern of the cluster's node groups (partition and account may be references read at apply). */
export function nodegroupArnPattern(plan: Pick<ClusterAutoscalerIdentityPlan, "clusterName" | "region">, partition: string, accountId: string): string {
  return `arn:${partition}:eks:${plan.region}:${accountId}:nodegroup/${plan.clusterName}/*`;
}
