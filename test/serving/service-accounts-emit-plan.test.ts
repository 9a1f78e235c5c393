import { TerraformStack, Testing } from "cdktf";
import { servingBaseObjects } from "../../lib/serving";
import { ServingNamespace } from "../../lib/serving/serving-namespace";
import { planServiceAccountBindings, planServiceAccounts, serviceAccountsOf, type ServiceAccountsPlan } from "../../lib/serving/plan-service-accounts";
import { planFor, targetFor } from "./helpers";

/**
 * Issue 15: which Google service account each serving KSA is annotated with (GKE only) is decided
 * by planServiceAccounts; the object builder and ServingNamespace write what they are handed.
 */
type Json = Record<string, any>;
const annotationsOf = (objects: readonly Json[]) => objects.filter((o) => o.kind === "ServiceAccount").map((o) => o.metadata.annotations);

describe("serving service accounts: the annotations are the plan's", () => {
  test("planned: GKE annotates each KSA with its GSA, EKS annotates none", () => {
    expect(planServiceAccounts(targetFor("gcp")).server).toEqual({ "iam.gke.io/gcp-service-account": "serving@my-proj.iam.gserviceaccount.com" });
    expect(planServiceAccounts(targetFor("aws"))).toEqual({ server: {}, modelStager: {}, secretsReader: {} });
  });

  test("an edited plan is written as edited, whatever the target's cloud", () => {
    const edited: ServiceAccountsPlan = { server: { planted: "s" }, modelStager: {}, secretsReader: { "iam.gke.io/gcp-service-account": "planted@p.iam.gserviceaccount.com" } };
    // An AWS target with GKE annotations planted: a builder that still checked the cloud would drop them.
    expect(annotationsOf(servingBaseObjects(planFor("aws", "8xH200", "latency"), targetFor("aws"), edited)))
      .toEqual([{ planted: "s" }, undefined, { "iam.gke.io/gcp-service-account": "planted@p.iam.gserviceaccount.com" }]);
    // A GKE target with the annotations planned away: none written.
    expect(annotationsOf(servingBaseObjects(planFor("gcp", "8xH200", "latency"), targetFor("gcp"), { server: {}, modelStager: {}, secretsReader: {} })))
      .toEqual([undefined, undefined, undefined]);
  });

  test("ServingNamespace writes the handed plan into its release", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const ns = new ServingNamespace(stack, "base", { plan: planFor("aws", "8xH200", "latency"), target: targetFor("aws"), serviceAccounts: { server: { planted: "yes" }, modelStager: {}, secretsReader: {} } });
    expect(annotationsOf(ns.objects as readonly Json[])).toEqual([{ planted: "yes" }, undefined, undefined]);
    expect(Testing.synth(stack)).toMatch(/annotations[\\"]*:\{[\\"]*planted[\\"]*:[\\"]*yes/);
  });
});

describe("service account bindings: planned with the placement, resolved against the target", () => {
  test("our own infra's bindings give what planServiceAccounts derives from the target, on both clouds", () => {
    expect(planServiceAccountBindings("gcp")).toEqual({ server: "workloadIdentity", modelStager: "stagerIdentity", secretsReader: "secretsReaderIdentity" });
    // GkeInfra's target carries all three accounts (a consumer's target without them uses planServiceAccounts' fallbacks).
    const gke = { ...targetFor("gcp"), stagerIdentity: { gcpServiceAccountEmail: "stager@my-proj.iam.gserviceaccount.com" },
      secretsReaderIdentity: { gcpServiceAccountEmail: "secrets@my-proj.iam.gserviceaccount.com" } };
    for (const target of [targetFor("aws"), gke]) expect(serviceAccountsOf(planServiceAccountBindings(target.cloud), target)).toEqual(planServiceAccounts(target));
    expect(serviceAccountsOf(planServiceAccountBindings("gcp"), gke).secretsReader).toEqual({ "iam.gke.io/gcp-service-account": "secrets@my-proj.iam.gserviceaccount.com" });
  });

  test("edited bindings are resolved as edited: the server bound to the stager's account, the stager to none", () => {
    const target = { ...targetFor("gcp"), stagerIdentity: { gcpServiceAccountEmail: "stager@my-proj.iam.gserviceaccount.com" } };
    const resolved = serviceAccountsOf({ server: "stagerIdentity", modelStager: null, secretsReader: "workloadIdentity" }, target);
    expect(resolved).toEqual({
      server: { "iam.gke.io/gcp-service-account": "stager@my-proj.iam.gserviceaccount.com" }, modelStager: {},
      secretsReader: { "iam.gke.io/gcp-service-account": target.workloadIdentity.gcpServiceAccountEmail },
    });
  });
});
