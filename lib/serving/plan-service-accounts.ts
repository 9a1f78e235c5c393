import type { ClusterTarget } from "./cluster-target";

/** ClusterTarget with the secrets-reader identity (optional; see ClusterTarget.secretsReaderIdentity). */
type TargetWithSecretsReader = ClusterTarget & { readonly secretsReaderIdentity?: { readonly awsRoleArn?: string; readonly gcpServiceAccountEmail?: string } };

/** Annotations of the serving namespace's three service accounts (empty: none). */
export interface ServiceAccountsPlan {
  readonly server: Readonly<Record<string, string>>;
  readonly modelStager: Readonly<Record<string, string>>;
  readonly secretsReader: Readonly<Record<string, string>>;
}

/** GKE Workload Identity: the KSA annotation naming its Google service account (GKE docs "Use Workload Identity Federation for GKE"). */
export const GKE_GSA_ANNOTATION = "iam.gke.io/gcp-service-account";

/**
 * Google service account the `secrets-reader` KSA is annotated with on GKE: its own identity when
 * the target has one, else the stager's, else the workload identity.
 */
export function secretsReaderGcpEmail(target: ClusterTarget): string | undefined {
  return (target as TargetWithSecretsReader).secretsReaderIdentity?.gcpServiceAccountEmail
    ?? target.stagerIdentity?.gcpServiceAccountEmail ?? target.workloadIdentity.gcpServiceAccountEmail;
}

/**
 * Which Google service account each serving KSA is annotated with. On GKE each gets its own
 * (Workload Identity): the server the workload identity, the stager its own else the workload's,
 * the secrets reader its own else the stager's else the workload's. On EKS the infra stack binds
 * them with Pod Identity associations, so none carries an annotation. Pure.
 */
export function planServiceAccounts(target: ClusterTarget): ServiceAccountsPlan {
  const gsa = (email: string | undefined): Record<string, string> => (target.cloud === "gcp" && email ? { [GKE_GSA_ANNOTATION]: email } : {});
  return {
    server: gsa(target.workloadIdentity.gcpServiceAccountEmail),
    modelStager: gsa(target.stagerIdentity?.gcpServiceAccountEmail ?? target.workloadIdentity.gcpServiceAccountEmail),
    secretsReader: gsa(secretsReaderGcpEmail(target)),
  };
}

/** Which identity of the cluster target a serving KSA is bound to (its Google service account on GKE), or none. */
export type ServiceAccountBinding = "workloadIdentity" | "stagerIdentity" | "secretsReaderIdentity" | null;

/** The identity each serving KSA is annotated with: decided with the placement, resolved against the target's references. */
export interface ServiceAccountBindingsPlan {
  readonly server: ServiceAccountBinding;
  readonly modelStager: ServiceAccountBinding;
  readonly secretsReader: ServiceAccountBinding;
}

/**
 * The bindings of a placement whose infra this project builds: on GKE each KSA gets its own Google
 * service account (GkeInfra creates the server, stager and secrets-reader accounts); on EKS none,
 * the infra stack binds them with Pod Identity associations. A consumer's own target that lacks the
 * stager or secrets-reader account uses planServiceAccounts(target), whose fallbacks cover it. Pure.
 */
export function planServiceAccountBindings(cloud: ClusterTarget["cloud"]): ServiceAccountBindingsPlan {
  const PER_CLOUD: { readonly [C in ClusterTarget["cloud"]]: ServiceAccountBindingsPlan } = {
    gcp: { server: "workloadIdentity", modelStager: "stagerIdentity", secretsReader: "secretsReaderIdentity" },
    aws: { server: null, modelStager: null, secretsReader: null },
  };
  return PER_CLOUD[cloud];
}

/** The annotations of planned bindings, with the target's service account references (a lookup: nothing is decided here). */
export function serviceAccountsOf(bindings: ServiceAccountBindingsPlan, target: ClusterTarget): ServiceAccountsPlan {
  const identities = target as TargetWithSecretsReader;
  const email = (b: ServiceAccountBinding): Record<string, string> => {
    const value = b === null ? undefined : identities[b]?.gcpServiceAccountEmail;
    return value ? { [GKE_GSA_ANNOTATION]: value } : {};
  };
  return { server: email(bindings.server), modelStager: email(bindings.modelStager), secretsReader: email(bindings.secretsReader) };
}
