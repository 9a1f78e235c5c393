import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EksInfra } from "../../../lib/clouds/aws/infra";
import { planEksInfra, type EksInfraPlan } from "../../../lib/clouds/aws/plan-aws-infra";
import { planDeployment } from "../../../lib/plan/index";
import { apiKeySecretPrefix, servingNames } from "../../../lib/plan/names";
import { refusal } from "../../support/refusal";

/**
 * Issue 15: who EksInfra's workload identity binds (the serving namespace and its service accounts,
 * the External Secrets controller and the secrets it may read) and the tags of the bucket and
 * identities are planEksInfra's; EksInfra used to derive them from the deployment's names itself.
 */
type Json = Record<string, any>;
const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
const synth = (infra: EksInfraPlan): Json => JSON.parse(Testing.synthScope((s) => {
  new AwsProvider(s, "aws", { region: "us-east-2" });
  new EksInfra(s, "eks", { plan, infra });
})) as Json;
const associations = (out: Json): Json[] => Object.values(out.resource.aws_eks_pod_identity_association as Json);

describe("EksInfra: the identities' bindings and the tags are the plan's", () => {
  test("planned from the deployment's names: namespace, service accounts, the API-key prefix in the placement's region", () => {
    const infra = planEksInfra(plan);
    const names = servingNames(plan);
    expect(infra.workloadIdentity).toEqual({
      namespace: names.namespace, serviceAccounts: { server: names.serviceAccounts.server, modelStager: names.serviceAccounts.modelStager },
      secretsReader: { namespace: "external-secrets", serviceAccount: "external-secrets", secretNamePrefix: apiKeySecretPrefix(plan), region: "us-east-2" },
    });
    expect(infra.tags).toEqual({ "cdktf-deepseek/eks-cluster": infra.clusterName });
  });

  test("an edited plan is written as edited", () => {
    const infra = planEksInfra(plan);
    const edited: EksInfraPlan = {
      ...infra,
      tags: { planted: "tag" },
      workloadIdentity: {
        namespace: "planted-ns", serviceAccounts: { server: "planted-server", modelStager: "planted-stager" },
        secretsReader: { ...infra.workloadIdentity.secretsReader, serviceAccount: "planted-eso", secretNamePrefix: "planted/prefix/" },
      },
    };
    const out = synth(edited);
    expect(associations(out).map((a) => `${a.namespace}/${a.service_account}`).sort())
      .toEqual(["external-secrets/planted-eso", "planted-ns/planted-server", "planted-ns/planted-stager"]);
    expect(JSON.stringify(out.resource.aws_iam_role_policy ?? out.resource.aws_iam_policy ?? {})).toContain("planted/prefix/");
    expect(Object.values(out.resource.aws_s3_bucket as Json).every((b) => (b as Json).tags?.planted === "tag")).toBe(true);
  });

  test("an infra plan without them is refused", () => {
    const { workloadIdentity: _dropped, ...old } = planEksInfra(plan);
    void _dropped;
    expect(refusal(() => synth(old as never)).message).toMatch(/^eks\.infra: must be an EKS infra plan/);
  });
});
