import type { DeploymentPlan } from "../plan/plan";
import { servingNames } from "../plan/names";
import type { ClusterTarget } from "./cluster-target";

/**
 * How the serving layer reaches its cloud, per cloud: decided here (pure), written by
 * ClusterProviders (exec credentials), the serving NetworkPolicies (identity endpoints) and the
 * staging SecretStore (secret manager and its workload identity).
 */

type Cloud = DeploymentPlan["cloud"];

/** An egress rule of a NetworkPolicy: where to, on which ports. */
export interface EgressRulePlan { to: Record<string, unknown>[]; ports: Record<string, unknown>[] }

/**
 * Link-local endpoints pods need for their cloud identity: the EKS Pod Identity agent
 * (169.254.170.23:80, EKS User Guide "Set up the Amazon EKS Pod Identity Agent"); the GKE metadata
 * server (169.254.169.254:80, and 169.254.169.252:988 on Dataplane V2: GKE docs "Workload Identity
 * Federation for GKE" > network policy egress).
 */
export function planIdentityEgress(cloud: Cloud): EgressRulePlan[] {
  const PER_CLOUD: { readonly [C in Cloud]: () => EgressRulePlan[] } = {
    aws: () => [{ to: [{ ipBlock: { cidr: "169.254.170.23/32" } }], ports: [{ protocol: "TCP", port: 80 }] }],
    gcp: () => [
      { to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ protocol: "TCP", port: 80 }] },
      { to: [{ ipBlock: { cidr: "169.254.169.252/32" } }], ports: [{ protocol: "TCP", port: 988 }] },
    ],
  };
  return PER_CLOUD[cloud]();
}

/** The exec credential plugin the kubernetes and helm providers run: no token is ever stored in Terraform state. */
export interface ClusterExecAuthPlan { apiVersion: string; command: string; args: string[] }

/** `aws eks get-token` for EKS, `gke-gcloud-auth-plugin` for GKE. */
export function planClusterExecAuth(target: Pick<ClusterTarget, "cloud" | "clusterName" | "region">): ClusterExecAuthPlan {
  const PER_CLOUD: { readonly [C in Cloud]: () => ClusterExecAuthPlan } = {
    aws: () => ({ apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", target.clusterName, "--region", target.region, "--output", "json"] }),
    gcp: () => ({ apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", args: [] }),
  };
  return PER_CLOUD[target.cloud]();
}

/**
 * The External Secrets SecretStore's provider, authenticated by workload identity (no static keys).
 * AWS: Secrets Manager in the placement's region, with the ESO controller's own Pod Identity. GCP:
 * Secret Manager of the project, as the `secrets-reader` Kubernetes service account (annotated
 * with `target.secretsReaderIdentity`): reading the HF token and API keys is all it may do.
 */
export function planSecretStoreProvider(plan: DeploymentPlan, target: ClusterTarget): Record<string, unknown> {
  const PER_CLOUD: { readonly [C in Cloud]: () => Record<string, unknown> } = {
    aws: () => ({ aws: { service: "SecretsManager", region: target.region } }),
    gcp: () => ({
      gcpsm: {
        projectID: target.project,
        auth: { workloadIdentity: { clusterLocation: target.region, clusterName: target.clusterName, clusterProjectID: target.project,
          serviceAccountRef: { name: servingNames(plan).serviceAccounts.secretsReader } } },
      },
    }),
  };
  return PER_CLOUD[target.cloud]();
}
