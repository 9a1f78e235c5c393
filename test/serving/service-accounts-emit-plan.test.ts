import { TerraformStack, Testing } from "cdktf";
import { servingBaseObjects } from "../../lib/serving";
import { ServingNamespace } from "../../lib/serving/serving-namespace";
import { planServiceAccounts, type ServiceAccountsPlan } from "../../lib/serving/plan-service-accounts";
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
