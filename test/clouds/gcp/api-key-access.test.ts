import "../../support/cdktf-matchers";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { Testing } from "cdktf";
import { GkeInfra } from "../../../lib/gcp";
import { apiKeySecretPrefix } from "../../../lib/plan/names";
import { planDeployment } from "../../../lib/plan/plan-deployment";

describe("API-key access on GKE", () => {
  const plan = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });

  test("the secrets reader (External Secrets' identity) may read only this placement's API-key secrets", () => {
    const synth = Testing.synthScope((stack) => {
      const infra = GkeInfra.fromOptions(stack, "gke", { plan, project: "my-project-123" });
      expect(infra.target.secretsReaderIdentity?.gcpServiceAccountEmail).toBeDefined();
    });
    expect(apiKeySecretPrefix(plan)).toBe("cdktf-deepseek-gcp-europe-west4-api-keys-");
    expect(synth).toHaveResourceWithProperties(ProjectIamMember, {
      role: "roles/secretmanager.secretAccessor",
      member: expect.stringMatching(/^\$\{google_service_account\.gke_identities_secrets-reader_[0-9A-F]+\.member\}$/),
      condition: expect.objectContaining({ expression: 'resource.name.extract("secrets/{id}/").startsWith("cdktf-deepseek-gcp-europe-west4-api-keys-")' }),
    });
  });
});
