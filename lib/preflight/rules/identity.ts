import type { Finding, K8sObject, Rule, StackView } from "../types";
import { describe, infraOf, objectsOf } from "../types";

const GKE_SA = "iam.gke.io/gcp-service-account";
const IRSA = "eks.amazonaws.com/role-arn";
/** `serviceAccount:<project>.svc.id.goog[<ns>/<ksa>]` (GKE docs "Authenticate to Google Cloud APIs from GKE workloads"). */
const WI_MEMBER = /^serviceAccount:[^[]+\.svc\.id\.goog\[([^/\]]+)\/([^\]]+)\]$/;
/** The Terraform resource a reference names: `${google_service_account.X.email}` or a cross-stack output of it. */
const gsaRef = (s: string): string | undefined => /google_service_account\.([\w-]+)\./.exec(s)?.[1] ?? /google_service_account([\w-]+?)(?:email|name|member)\}/.exec(s)?.[1];

/**
 * Cloud identities wire up: on GKE every Workload Identity binding names a Kubernetes
 * ServiceAccount the serving stack creates, annotated with the same Google service account, and
 * every annotated ServiceAccount (and the one a SecretStore authenticates as) has its binding
 * (GKE docs "Authenticate to Google Cloud APIs from GKE workloads": both halves are needed). On EKS,
 * Pod Identity associations need the eks-pod-identity-agent add-on (EKS UG "pod-id-agent-setup");
 * a SecretStore without auth uses the External Secrets controller's identity, which needs an
 * association; an IRSA role-arn annotation needs an IAM OIDC provider (EKS UG "iam-roles-for-service-accounts").
 */
export const identity: Rule = {
  id: "identity",
  proves: "Workload Identity bindings and KSA annotations agree (GKE); Pod Identity associations have their agent, the External Secrets controller has an identity, IRSA annotations have an OIDC provider (EKS)",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      const infra = infraOf(view, stack);
      if (!infra) continue;
      out.push(...gke(stack, infra, this.id), ...eks(stack, infra, this.id));
    }
    return out;
  },
};

function serviceAccounts(stack: StackView): K8sObject[] {
  return objectsOf(stack).map((x) => x.object).filter((o) => o.kind === "ServiceAccount");
}

function gke(stack: StackView, infra: StackView, rule: string): Finding[] {
  const out: Finding[] = [];
  if (!infra.resources.google_container_cluster) return out;
  const accounts = serviceAccounts(stack);
  const bindings = Object.entries(infra.resources.google_service_account_iam_member ?? {}).filter(([, b]) => b.role === "roles/iam.workloadIdentityUser")
    .flatMap(([id, b]) => { const m = WI_MEMBER.exec(String(b.member)); return m ? [{ id, ns: m[1], ksa: m[2], gsa: gsaRef(String(b.service_account_id)) }] : []; });
  for (const b of bindings) {
    const sa = accounts.find((a) => a.metadata.namespace === b.ns && a.metadata.name === b.ksa);
    const at = { rule, stack: infra.name, object: `google_service_account_iam_member.${b.id}`, field: "member" };
    if (!sa) { out.push({ ...at, why: `binds ${b.ns}/${b.ksa}, which ${stack.name} does not create: no pod gets this identity`, fix: "bind the ServiceAccount the workload runs as" }); continue; }
    const annotated = sa.metadata.annotations?.[GKE_SA];
    if (!annotated || (b.gsa && gsaRef(annotated) !== b.gsa)) {
      out.push({ rule, stack: stack.name, object: describe(sa), field: `metadata.annotations.${GKE_SA}`, why: `${annotated ? `names ${annotated}` : "is missing"}, while ${infra.name} binds this ServiceAccount to google_service_account.${b.gsa}: pods get no (or another) Google identity and the API calls fail with 403`, fix: `annotate it with google_service_account.${b.gsa}'s email` });
    }
  }
  const bound = (ns: string | undefined, name: string) => bindings.some((b) => b.ns === ns && b.ksa === name);
  for (const sa of accounts) {
    if (sa.metadata.annotations?.[GKE_SA] && !bound(sa.metadata.namespace, sa.metadata.name)) {
      out.push({ rule, stack: stack.name, object: describe(sa), field: `metadata.annotations.${GKE_SA}`, why: `names a Google service account, but ${infra.name} grants no roles/iam.workloadIdentityUser to ${sa.metadata.namespace}/${sa.metadata.name}: token exchange fails with 403`, fix: "add the Workload Identity binding in the infra stack" });
    }
  }
  for (const { object: o } of objectsOf(stack).filter(({ object: x }) => x.kind === "SecretStore")) {
    type Gcp = { provider?: { gcpsm?: { auth?: { workloadIdentity?: { serviceAccountRef?: { name: string } } } } } };
    const ref = (o.spec as Gcp).provider?.gcpsm?.auth?.workloadIdentity?.serviceAccountRef?.name;
    if (ref && !bound(o.metadata.namespace, ref)) {
      out.push({ rule, stack: stack.name, object: describe(o), field: "spec.provider.gcpsm.auth.workloadIdentity.serviceAccountRef", why: `authenticates as ${o.metadata.namespace}/${ref}, which has no Workload Identity binding in ${infra.name}: no secret syncs`, fix: "bind that ServiceAccount to the secrets reader's Google service account" });
    }
  }
  return out;
}

function eks(stack: StackView, infra: StackView, rule: string): Finding[] {
  const out: Finding[] = [];
  if (!infra.resources.aws_eks_cluster) return out;
  const associations = Object.values(infra.resources.aws_eks_pod_identity_association ?? {}).map((a) => `${a.namespace}/${a.service_account}`);
  const addons = Object.values(infra.resources.aws_eks_addon ?? {}).map((a) => String(a.addon_name));
  if (associations.length && !addons.includes("eks-pod-identity-agent")) {
    out.push({ rule, stack: infra.name, object: "aws_eks_addon", field: "addon_name", why: `${associations.length} Pod Identity associations, but no eks-pod-identity-agent add-on: pods get no credentials`, fix: "install the eks-pod-identity-agent add-on" });
  }
  // A SecretStore for AWS without auth uses the controller's credentials (external-secrets apis/externalsecrets/v1 AWSProvider.Auth: "if not set, the pod's own identity").
  const eso = stack.releases.find((r) => r.chart === "external-secrets");
  const esoSa = eso ? `${eso.namespace}/${String((eso.values.serviceAccount as { name?: string } | undefined)?.name ?? "external-secrets")}` : undefined;
  for (const { object: o } of objectsOf(stack).filter(({ object: x }) => x.kind === "SecretStore" || x.kind === "ClusterSecretStore")) {
    const aws = (o.spec as { provider?: { aws?: { auth?: unknown } } }).provider?.aws;
    if (aws && !aws.auth && esoSa && !associations.includes(esoSa)) {
      out.push({ rule, stack: stack.name, object: describe(o), field: "spec.provider.aws", why: `has no auth, so the External Secrets controller's own identity reads the secrets, and ${infra.name} associates no role with ${esoSa}`, fix: `associate the secrets reader role with ${esoSa}` });
    }
  }
  const oidc = Object.keys(infra.resources.aws_iam_openid_connect_provider ?? {}).length > 0;
  for (const sa of serviceAccounts(stack)) {
    if (sa.metadata.annotations?.[IRSA] && !oidc) {
      out.push({ rule, stack: stack.name, object: describe(sa), field: `metadata.annotations.${IRSA}`, why: `asks for IRSA, but ${infra.name} creates no IAM OIDC provider (this library uses EKS Pod Identity): the role is never assumed`, fix: "use a Pod Identity association instead of the annotation" });
    }
  }
  return out;
}
