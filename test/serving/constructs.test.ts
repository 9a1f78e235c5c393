import { Release } from "../../lib/internal/providers/helm";
import { Testing, TerraformStack } from "../../lib/internal/tf";
import { ClusterOperators, ClusterProviders, DeepSeekServing, HELM_CHARTS, MultiNodeInference, SingleNodeInference, servingWaitSeconds } from "../../lib/serving";
import { MODES, PROFILES, planFor, targetFor, validateObject } from "./helpers";

type Any = Record<string, any>;  

function synthServing(cloud: "aws" | "gcp", hw: string, mode: "latency" | "throughput") {
  const app = Testing.app();
  const stack = new TerraformStack(app, "serving");
  const providers = new ClusterProviders(stack, "cluster", { target: targetFor(cloud) });
  const serving = new DeepSeekServing(stack, "deepseek", { plan: planFor(cloud, hw, mode), target: targetFor(cloud), provider: providers.helm });
  const synth = Testing.synth(stack);
  return { serving, synth, json: JSON.parse(synth) as Any };
}

const releases = (json: Any) => Object.values(json.resource.helm_release as Record<string, Any>);

const cases = (["aws", "gcp"] as const).flatMap((cloud) => PROFILES.flatMap((hw) => MODES.map((mode) => [cloud, hw, mode] as const)));

describe.each(cases)("DeepSeekServing %s %s %s", (cloud, hw, mode) => {
  let out: ReturnType<typeof synthServing>;
  beforeAll(() => { out = synthServing(cloud, hw, mode); });

  test("operators are pinned upstream charts; the serving bundle waits through the cold start", () => {
    const plan = planFor(cloud, hw, mode);
    const rs = releases(out.json);
    const upstream = rs.filter((r) => r.repository);
    for (const r of upstream) {
      const chart = Object.values(HELM_CHARTS).find((c) => c.chart === r.chart);
      expect(r.version).toBe(chart?.version);
    }
    expect(upstream.map((r) => r.chart).sort()).toEqual(
      [...(cloud === "aws" ? ["nvidia-device-plugin"] : []), ...(cloud === "aws" && hw === "2x8xH100" ? ["aws-efa-k8s-device-plugin"] : []), ...(hw === "2x8xH100" ? ["lws"] : []), "external-secrets", "prometheus"].sort(),
    );
    const serving = rs.find((r) => r.name === "deepseek-serving") as Any;
    expect(serving.timeout).toBeGreaterThanOrEqual(plan.coldStart.startupBudgetSeconds);
    expect(serving.timeout).toBe(servingWaitSeconds(plan));
    // Order: operators and namespace -> staging (Helm waits for the Job) -> servers.
    const refs = (r: Any) => (r.depends_on as string[]).join(" ");
    expect(refs(serving)).toMatch(/helm_release\.deepseek_staging_bundle_release_/);
    expect(refs(serving)).toMatch(hw === "2x8xH100" ? /helm_release\.deepseek_operators_lws_/ : /helm_release\.deepseek_operators_prometheus_/);
    const staging = rs.find((r) => r.name === "deepseek-model-staging") as Any;
    expect(staging.wait_for_jobs).toBe(true);
    expect(refs(staging)).toMatch(/helm_release\.deepseek_base_release_.*helm_release\.deepseek_operators_external-secrets_/);
  });

  test("every raw manifest validates; the workload kind follows the plan", () => {
    const kinds = out.serving.objects.map((o) => { validateObject(o); return o.kind; });
    expect(kinds).toContain(hw === "2x8xH100" ? "LeaderWorkerSet" : "Deployment");
    expect(kinds).not.toContain(hw === "2x8xH100" ? "Deployment" : "LeaderWorkerSet");
    expect(out.serving.inference).toBeInstanceOf(hw === "2x8xH100" ? MultiNodeInference : SingleNodeInference);
  });

  test("no secret value and no static token in the Terraform", () => {
    expect(out.synth).not.toMatch(/hf_[A-Za-z0-9]{20,}/);
    expect(out.synth).not.toContain("\"token\"");
    const provider = out.json.provider.helm[0].kubernetes;
    expect(provider.exec.command).toBe(cloud === "aws" ? "aws" : "gke-gcloud-auth-plugin");
  });
});

describe("ClusterProviders", () => {
  test("EKS exec auth: aws eks get-token with cluster and region", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new ClusterProviders(stack, "cluster", { target: targetFor("aws") });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider.kubernetes[0].exec).toEqual([{ api_version: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", "deepseek", "--region", "us-east-1", "--output", "json"] }]);
    expect(json.provider.helm[0].kubernetes.host).toBe("https://ABC.gr7.us-east-1.eks.amazonaws.com");
    expect(json.provider.kubernetes[0].cluster_ca_certificate).toBe("${base64decode(\"Q0E=\")}");
  });
});

describe("props are validated with clear errors", () => {
  const stack = () => new TerraformStack(Testing.app(), "s");

  test("a single-node plan is refused by MultiNodeInference", () => {
    expect(() => new MultiNodeInference(stack(), "multi", { plan: planFor("aws", "8xB200", "latency"), target: targetFor("aws") }))
      .toThrow('multi.plan.nodesPerReplica: MultiNodeInference needs a plan with more than one node per replica (got 1); use SingleNodeInference, or a hardware profile such as "2x8xH100"');
  });

  test("a multi-node plan is refused by SingleNodeInference", () => {
    expect(() => new SingleNodeInference(stack(), "single", { plan: planFor("aws", "2x8xH100", "latency"), target: targetFor("aws") }))
      .toThrow("single.plan.nodesPerReplica: SingleNodeInference serves one node per replica (got 2); use MultiNodeInference for this plan");
  });

  test("plan and cluster on different clouds", () => {
    expect(() => new DeepSeekServing(stack(), "serving", { plan: planFor("aws", "8xH200", "latency"), target: targetFor("gcp") }))
      .toThrow('serving.target.cloud: does not match the plan\'s cloud "aws" (got "gcp"); use a aws cluster, or plan the deployment with cloud "gcp"');
  });

  test("GKE target without a project", () => {
    const { project: _project, ...target } = targetFor("gcp");
    expect(() => new ClusterOperators(stack(), "ops", { plan: planFor("gcp", "8xH200", "latency"), target }))
      .toThrow("ops.target.project: is required on GCP (got undefined); set target.project to the cluster's project id");
  });

  test("not a plan", () => {
    expect(() => new DeepSeekServing(stack(), "serving", { plan: { model: "deepseek-r1" } as never, target: targetFor("aws") }))
      .toThrow('serving.plan: is not a DeploymentPlan (got {"model":"deepseek-r1"}); pass the result of planDeployment(...)');
  });

  test("unknown prop", () => {
    expect(() => new DeepSeekServing(stack(), "serving", { plan: planFor("aws", "8xH200", "latency"), target: targetFor("aws"), replicas: 3 } as never))
      .toThrow("serving.replicas: is not a known field (got 3); remove it or check its spelling");
  });
});

test("Release class is the helm seam's (submodule import)", () => {
  expect(Release.tfResourceType).toBe("helm_release");
});

test("GKE network objects from the infra stack go into the first bundle, before anything that uses them", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  const net = { apiVersion: "networking.gke.io/v1", kind: "Network", metadata: { name: "vpc1" }, spec: { type: "Device" } };
  const serving = new DeepSeekServing(stack, "deepseek", { plan: planFor("gcp", "2x8xH100", "latency"), target: targetFor("gcp"), clusterObjects: [net] });
  expect(serving.base.objects[0]).toBe(net);
  expect(() => new DeepSeekServing(new TerraformStack(Testing.app(), "t"), "d", { plan: planFor("gcp", "2x8xH100", "latency"), target: targetFor("gcp"), clusterObjects: [{ kind: "Network" } as never] }))
    .toThrow('d.clusterObjects.0.apiVersion: is required (got undefined); set it to a string');
});
