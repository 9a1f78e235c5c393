// A consumer that builds its own stacks from the smaller constructs, importing only the package's
// entry points (lib/index, lib/aws, lib/gcp = cdktf-deepseek, /aws, /gcp): each construct
// synthesizes on its own with inputs from public plan functions, the serving pieces pass preflight,
// and a bad input is a DeepSeekConfigError rooted at the consumer's construct id.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { App, TerraformStack } from "cdktf";
import {
  ClusterOperators, ClusterProviders, ClusterTarget, DeploymentChecks, GlobalEndpoint, GpuNodePool, InferenceGateway, KedaOperator,
  ManifestBundle, ModelStaging, MultiNodeInference, ReplicaAutoscaler, ServingNamespace, SingleNodeInference, planAutoscaling, planCluster, planDeployment, planDrain,
  planTraffic, planVerification,
} from "../../lib";
import { EksGpuNodePool, EksInfra, planEksGpuPool } from "../../lib/aws";
import { GkeGpuNodePool, GkeInfra, planGkeNodePool } from "../../lib/gcp";
import { loadSynth } from "../../lib/preflight/load";
import { runPreflight } from "../../lib/preflight";
import { refusal } from "../support/refusal";

const awsPlan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1", zones: ["us-east-1a"], replicas: { min: 1, max: 2 } });
const gcpPlan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "gcp", region: "us-central1", replicas: { min: 1, max: 2 } });
const subnets = [{ subnetId: "subnet-0aaaabbbbccccdddd", zone: "us-east-1a" }];
const nics = Array.from({ length: 8 }, (_, i) => ({ network: `gpu-net-${i}`, subnetwork: `gpu-sub-${i}` }));
const awsTarget: ClusterTarget = {
  cloud: "aws", region: "us-east-1", clusterName: "platform", endpoint: "https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com", caCertificateBase64: "LS0tLS1CRUdJTi...",
  modelBucket: "platform-models", workloadIdentity: { awsRoleArn: "arn:aws:iam::123456789012:role/deepseek-server" }, hfTokenSecretName: "platform/hf-token",
};

/** The serving layer of the README's "own stacks" example, piece by piece, in the order DeepSeekServing uses. */
function servingPieces(stack: TerraformStack, target: ClusterTarget) {
  const plan = awsPlan;
  const { helm } = new ClusterProviders(stack, "cluster", { target });
  const operators = new ClusterOperators(stack, "operators", { plan, target, provider: helm });
  const base = new ServingNamespace(stack, "namespace", { plan, target, provider: helm });
  const staging = new ModelStaging(stack, "staging", { plan, target, provider: helm, dependsOn: [base.release, ...operators.all] });
  const traffic = planTraffic(plan, { hostname: "api.acme.io" });
  const servers = new MultiNodeInference(stack, "deepseek", { plan, target, provider: helm, drain: planDrain(plan, traffic.requestTimeoutSeconds), dependsOn: [staging.bundle.release, ...operators.all] });
  // A consumer can name the type of a construct's objects (the class stays internal).
  const serverObjects: ManifestBundle = servers.bundle;
  const gateway = new InferenceGateway(stack, "gateway", { plan, traffic, provider: helm, dependsOn: [serverObjects.release, ...operators.all] });
  const keda = new KedaOperator(stack, "keda", { provider: helm, dependsOn: operators.all });
  new ReplicaAutoscaler(stack, "autoscaler", { plan, autoscaling: planAutoscaling(plan, {}), provider: helm, dependsOn: [keda.release, servers.bundle.release] });
  new DeploymentChecks(stack, "checks", {
    plan, verification: planVerification(plan, {}), endpointUrl: "https://api.acme.io", gatewayAddress: traffic.inClusterEndpoint, provider: helm,
    apiKeySecret: { name: traffic.tiers[0].credentialsSecret, key: "probe" }, dependsOn: [gateway.bundle.release], fabricDependsOn: operators.all,
  });
  return { servers };
}

describe("the smaller constructs in a consumer's own stacks", () => {
  test("AWS: pools, infra and the serving pieces synthesize; the serving stack passes preflight", () => {
    const outdir = mkdtempSync(join(tmpdir(), "consumer-aws-"));
    const app = new App({ outdir });
    const pools = new TerraformStack(app, "pools");
    new AwsProvider(pools, "aws", { region: awsPlan.region });
    new GpuNodePool(pools, "neutral", { plan: awsPlan, eks: { clusterName: "platform", vpcId: "vpc-0123456789abcdef0", subnets } });
    new EksGpuNodePool(pools, "direct", { plan: awsPlan, clusterName: "platform", vpcId: "vpc-0123456789abcdef0", pool: planEksGpuPool(awsPlan, { clusterName: "platform", subnets }) });
    const infra = new TerraformStack(app, "infra");
    new AwsProvider(infra, "aws", { region: awsPlan.region });
    EksInfra.fromOptions(infra, "eks", { plan: awsPlan, clusterName: "consumer-eks" });
    servingPieces(new TerraformStack(app, "serving"), awsTarget);
    // Route 53 in the consumer's own stack, with the consumer's provider.
    const dns = new TerraformStack(app, "dns");
    const provider = new AwsProvider(dns, "mine", { region: "us-east-1" });
    const cluster = planCluster({ model: "deepseek-r1-0528", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }, { cloud: "aws", region: "us-west-2", hardware: "8xB200" }], endpoint: { hostname: "api.acme.io", route53ZoneId: "Z0123456789EXAMPLE" } });
    const endpoint = new GlobalEndpoint(dns, "endpoint", { plan: { ...cluster.endpoint, route53ZoneId: "Z0123456789EXAMPLE" }, addresses: ["a.elb.amazonaws.com", "b.elb.amazonaws.com"], provider });
    expect(endpoint.provider).toBe(provider);
    app.synth();

    const view = loadSynth(outdir);
    expect(runPreflight(view).map((f) => `${f.stack} ${f.rule} ${f.object}`)).toEqual([]);
    const servingJson = JSON.stringify(view.stacks.find((s) => s.name === "serving"));
    // The namespace bundle creates the service accounts the servers and the staging Job run as.
    expect(servingJson).toContain("trtllm-server");
    expect(servingJson).toContain("model-stager");
  });

  test("without ServingNamespace the servers' service account is missing, and preflight says so (the check can fail)", () => {
    const outdir = mkdtempSync(join(tmpdir(), "consumer-aws-bare-"));
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "serving");
    const { helm } = new ClusterProviders(stack, "cluster", { target: awsTarget });
    const operators = new ClusterOperators(stack, "operators", { plan: awsPlan, target: awsTarget, provider: helm });
    new MultiNodeInference(stack, "deepseek", { plan: awsPlan, target: awsTarget, provider: helm, dependsOn: operators.all });
    app.synth();
    expect(runPreflight(loadSynth(outdir)).map((f) => f.why).join("\n")).toMatch(/ServiceAccount deepseek\/trtllm-server is not created/);
  });

  test("GCP: GkeInfra, pools and single-node servers synthesize", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "consumer-gcp-")) });
    const infra = new TerraformStack(app, "gke");
    new GoogleProvider(infra, "google", { project: "my-project", region: gcpPlan.region });
    const gke = GkeInfra.fromOptions(infra, "gke", { plan: gcpPlan, project: "my-project" });
    const pools = new TerraformStack(app, "pools");
    new GoogleProvider(pools, "google", { project: "my-project", region: gcpPlan.region });
    new GpuNodePool(pools, "neutral", { plan: gcpPlan, gke: { cluster: "platform", additionalNodeNetworks: nics } });
    new GkeGpuNodePool(pools, "direct", { plan: gcpPlan, cluster: "platform", pool: planGkeNodePool(gcpPlan, { name: "gpu-direct", additionalNodeNetworks: nics }) });
    const serving = new TerraformStack(app, "serving");
    const { helm } = new ClusterProviders(serving, "cluster", { target: gke.target });
    new ServingNamespace(serving, "namespace", { plan: gcpPlan, target: gke.target, clusterObjects: gke.networkObjects, provider: helm });
    const single = planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
    const b200 = new TerraformStack(app, "b200");
    const b200Target = { ...awsTarget, region: "us-east-2" };
    new SingleNodeInference(b200, "deepseek", { plan: single, target: b200Target, provider: new ClusterProviders(b200, "cluster", { target: b200Target }).helm });
    expect(() => app.synth()).not.toThrow();
  });

  test("a bad input is a DeepSeekConfigError at the consumer's construct id", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "consumer-bad-")) });
    const stack = new TerraformStack(app, "s");
    expect(refusal(() => new GpuNodePool(stack, "my-pool", { plan: awsPlan, eks: { clusterName: "c", vpcId: "v", subnets: [] } })).path).toBe("my-pool.eks.subnets");
    expect(refusal(() => new GpuNodePool(stack, "gke-pool", { plan: gcpPlan, gke: { cluster: "c", additionalNodeNetworks: nics.slice(0, 2) } })).path).toBe("gke-pool.gke.additionalNodeNetworks");
    expect(refusal(() => EksInfra.fromOptions(stack, "my-eks", { plan: awsPlan, vpcCidr: "nonsense" })).path).toBe("my-eks.vpcCidr");
    expect(refusal(() => GkeInfra.fromOptions(stack, "my-gke", { plan: gcpPlan, project: "My Project!" })).path).toBe("my-gke.project");
    expect(refusal(() => new InferenceGateway(stack, "my-gw", { plan: awsPlan, traffic: { hostname: "api.acme.io", requestTimeoutSeconds: 5 } })).path).toBe("my-gw.traffic.requestTimeoutSeconds");
    expect(refusal(() => new ReplicaAutoscaler(stack, "my-as", { plan: awsPlan, autoscaling: { bogus: 1 } as never })).path).toBe("my-as.autoscaling.bogus");
    expect(refusal(() => new ServingNamespace(stack, "my-ns", { plan: awsPlan, target: { ...awsTarget, cloud: "gcp", project: "my-project", workloadIdentity: { gcpServiceAccountEmail: "s@my-project.iam.gserviceaccount.com" } } })).path).toBe("my-ns.target.cloud");
    // A GKE multi-node target must name one Network per extra NIC: the servers and the fabric check get a pod interface for each.
    const gcpTarget: ClusterTarget = { ...awsTarget, cloud: "gcp", project: "my-project", workloadIdentity: { gcpServiceAccountEmail: "s@my-project.iam.gserviceaccount.com" } };
    expect(refusal(() => new MultiNodeInference(stack, "my-inf", { plan: gcpPlan, target: { ...gcpTarget, gpuNetworkNames: ["only-one"] } })).path).toBe("my-inf.target.gpuNetworkNames");
    expect(refusal(() => new DeploymentChecks(stack, "my-checks", { plan: gcpPlan, endpointUrl: "https://api.acme.io", apiKeySecret: { name: "k", key: "probe" }, gpuNetworkNames: ["a", "b"] })).path).toBe("my-checks.gpuNetworkNames");
    const eight = Array.from({ length: 8 }, (_, i) => `gpu-${i}`);
    expect(() => new ServingNamespace(stack, "ok-ns", { plan: gcpPlan, target: { ...gcpTarget, gpuNetworkNames: eight } })).not.toThrow();
    expect(refusal(() => new ServingNamespace(stack, "my-ns2", { plan: awsPlan, target: { ...awsTarget, modelBucket: "" } })).path).toBe("my-ns2.target.modelBucket");
  });
});

describe("props a consumer reads", () => {
  // Every optional field of an exported `*Props` interface says what happens when it is left out
  // (fields of inline object types are the type's own business and are not members here).
  const { readdirSync, readFileSync } = jest.requireActual<typeof import("node:fs")>("node:fs");
  const files = (readdirSync(join(__dirname, "../../lib"), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(__dirname, "../../lib", f));
  const undocumented = (source: string): string[] => [...source.matchAll(/export interface (\w+Props)\b[^{]*\{([\s\S]*?)\n\}/g)].flatMap(([, name, body]) =>
    [...body.matchAll(/(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?\n\s*readonly (\w+)\?:/g)].filter(([, doc]) => !doc?.includes("@default")).map(([, , field]) => `${name}.${field}`));

  test("every optional prop of an exported Props interface has an @default", () => {
    expect(files.flatMap((f) => undocumented(readFileSync(f, "utf8")).map((m) => `${f.replace(/.*\/lib\//, "lib/")}: ${m}`))).toEqual([]);
  });

  test("the check finds a prop without @default (planted)", () => {
    expect(undocumented("export interface XProps {\n  /** Documented. @default 1 */\n  readonly a?: number;\n  /** Not. */\n  readonly b?: string;\n  readonly c?: string;\n}")).toEqual(["XProps.b", "XProps.c"]);
  });
});
