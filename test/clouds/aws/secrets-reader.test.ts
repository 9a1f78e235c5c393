import "../../support/cdktf-matchers";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { Testing } from "cdktf";
import { EksInfra } from "../../../lib/aws";
import { apiKeySecretPrefix } from "../../../lib/plan/names";
import { planDeployment } from "../../../lib/plan/plan-deployment";

describe("External Secrets identity on EKS", () => {
  const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
  let synth: string;
  beforeAll(() => {
    synth = Testing.synthScope((stack) => {
      const infra = EksInfra.fromOptions(stack, "eks", { plan });
      expect(infra.target.stagerIdentity?.awsRoleArn).toMatch(/^\$\{/);
    });
  });

  test("binds the External Secrets controller's service account to its own role", () => {
    expect(synth).toHaveResourceWithProperties(EksPodIdentityAssociation, { namespace: "external-secrets", service_account: "external-secrets" });
  });

  test("that role reads only the HF token and this placement's API keys", () => {
    const policies = Object.values(JSON.parse(synth).resource.aws_iam_role_policy) as { name: string; policy: string }[];
    const reader = policies.find((p) => p.name === "serving-secrets-read")!;
    const statement = JSON.parse(reader.policy).Statement[0];
    expect(statement.Action).toEqual(["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]);
    expect(statement.Resource[1]).toMatch(new RegExp(`:secret:${apiKeySecretPrefix(plan)}\\*$`));
    expect(apiKeySecretPrefix(plan)).toBe("cdktf-deepseek/aws-us-east-2/api-keys/");
  });
});
