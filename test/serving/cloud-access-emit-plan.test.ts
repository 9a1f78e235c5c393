import { Testing } from "cdktf";
import { planDeployment } from "../../lib/plan/index";
import { planClusterExecAuth, planIdentityEgress, planSecretStoreProvider } from "../../lib/serving/plan-cloud-access";
import { servingEgressPolicies } from "../../lib/serving/network-policies";
import { ClusterProviders } from "../../lib/serving/cluster-providers";
import { secretStore } from "../../lib/serving/staging";
import { servingNames } from "../../lib/plan/names";
import { targetFor } from "./helpers";

/**
 * Issue 15: how the serving layer reaches its cloud (the identity endpoints its pods may call, the
 * exec credential plugin of the providers, the SecretStore's provider) is decided per cloud in the
 * pure plan-cloud-access.ts; the builders and ClusterProviders used to branch on the cloud
 * themselves. Each is handed an edited plan, which must be what is written.
 */
type Json = Record<string, any>;
const aws = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1" });
const gcp = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "us-central1" });
const egressOf = (policies: Json[]): Json[] => policies.find((p) => p.metadata.name === "allow-dns-https-identity")!.spec.egress;

describe("identity endpoints in the serving egress policies", () => {
  test("planned: the EKS Pod Identity agent; the GKE metadata server (and 988 on Dataplane V2)", () => {
    expect(planIdentityEgress("aws").map((r) => r.to[0])).toEqual([{ ipBlock: { cidr: "169.254.170.23/32" } }]);
    expect(planIdentityEgress("gcp").map((r) => r.ports[0])).toEqual([{ protocol: "TCP", port: 80 }, { protocol: "TCP", port: 988 }]);
    expect(egressOf(servingEgressPolicies(gcp) as Json[]).slice(2)).toEqual(planIdentityEgress("gcp"));
  });

  test("an edited plan is written as edited", () => {
    const planted = [{ to: [{ ipBlock: { cidr: "192.0.2.1/32" } }], ports: [{ protocol: "TCP", port: 4242 }] }];
    expect(egressOf(servingEgressPolicies(aws, planted) as Json[]).slice(2)).toEqual(planted);
  });
});

describe("the providers' exec credential plugin", () => {
  test("planned: aws eks get-token with the cluster and region; gke-gcloud-auth-plugin", () => {
    expect(planClusterExecAuth(targetFor("aws")).args).toEqual(["eks", "get-token", "--cluster-name", "deepseek", "--region", "us-east-1", "--output", "json"]);
    expect(planClusterExecAuth(targetFor("gcp")).command).toBe("gke-gcloud-auth-plugin");
  });

  test("an edited plan is written as edited, in both providers", () => {
    const exec = { apiVersion: "client.authentication.k8s.io/v1beta1", command: "planted-auth", args: ["--planted"] };
    const out = JSON.parse(Testing.synthScope((s) => { new ClusterProviders(s, "cluster", { target: targetFor("aws"), exec }); })) as Json;
    expect(out.provider.kubernetes[0].exec).toEqual([{ api_version: exec.apiVersion, command: "planted-auth", args: ["--planted"] }]);
    expect(out.provider.helm[0].kubernetes.exec).toMatchObject({ command: "planted-auth", args: ["--planted"] });
  });
});

describe("the SecretStore's provider", () => {
  test("planned: Secrets Manager in the region; Secret Manager as the secrets-reader service account", () => {
    expect(planSecretStoreProvider(aws, targetFor("aws"))).toEqual({ aws: { service: "SecretsManager", region: "us-east-1" } });
    const gsm = planSecretStoreProvider(gcp, targetFor("gcp")) as Json;
    expect(gsm.gcpsm.auth.workloadIdentity.serviceAccountRef).toEqual({ name: servingNames(gcp).serviceAccounts.secretsReader });
  });

  test("an edited plan is written as edited", () => {
    expect((secretStore(aws, targetFor("aws"), { planted: { region: "x" } }).spec as Json).provider).toEqual({ planted: { region: "x" } });
  });
});
