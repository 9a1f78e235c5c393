import { TerraformStack, Testing } from "cdktf";
import { planDeployment } from "../../lib";
import { ClusterAutoscaler, ClusterAutoscalerIdentity, KedaOperator, ReplicaAutoscaler, KEDA_CHART } from "../../lib/autoscaling";
import { planClusterAutoscalerIdentity } from "../../lib/autoscaling/plan-autoscaling-nodes";
import { AwsProvider } from "../../lib/internal/providers/aws";
import { refusal } from "../support/refusal";
import { planAutoscaling } from "../../lib/autoscaling/plan-autoscaling";
import { planClusterAutoscalerRelease, planKedaRelease, planReplicaAutoscaler } from "../../lib/autoscaling/plan-replica-autoscaler";
import { PROMETHEUS_SERVER_URL } from "../../lib/serving/constants";

/**
 * Issue 15: the autoscaling constructs' Prometheus address, release names, namespaces and chart
 * versions are decided by the pure plan functions in lib/autoscaling/plan-replica-autoscaler.ts;
 * the constructs write what they are handed. An edited plan must be what is written.
 */
type Json = Record<string, any>;
const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1" });
const synth = (build: (s: TerraformStack) => void): Json => {
  const stack = new TerraformStack(Testing.app(), "s");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Json;
};
const release = (out: Json): Json => Object.values(out.resource.helm_release as Json)[0] as Json;

describe("ReplicaAutoscaler: the Prometheus address and release are the plan's", () => {
  test("planned defaults: the serving Prometheus, the serving namespace, <workload>-autoscaling", () => {
    const planned = planReplicaAutoscaler(plan);
    expect(planned.prometheusAddress).toBe(PROMETHEUS_SERVER_URL);
    expect(planned.release).toEqual({ name: "trtllm-autoscaling", namespace: "deepseek" });
    expect(planReplicaAutoscaler(plan, { prometheusAddress: "http://p.m:9090", namespace: "ops" })).toMatchObject({ prometheusAddress: "http://p.m:9090", release: { namespace: "ops" } });
  });

  test("an edited plan is written as edited", () => {
    const planned = planReplicaAutoscaler(plan);
    let scaler: ReplicaAutoscaler | undefined;
    const out = synth((s) => {
      scaler = new ReplicaAutoscaler(s, "autoscaler", { plan, planned: { ...planned, prometheusAddress: "http://planted:9090", release: { name: "planted-release", namespace: "planted-ns" } } });
    });
    expect(release(out)).toMatchObject({ name: "planted-release", namespace: "planted-ns" });
    const triggers = (scaler!.scaledObject.spec as Json).triggers as Json[];
    expect(triggers.map((t) => t.metadata.serverAddress)).toEqual(triggers.map(() => "http://planted:9090"));
    // The scaling decisions are the plan's too.
    const bounded = planAutoscaling(plan, { replicas: { min: 2, max: 3 } });
    const rebounded = new ReplicaAutoscaler(new TerraformStack(Testing.app(), "t"), "a", { plan, planned: { ...planned, autoscaling: bounded } });
    expect([(rebounded.scaledObject.spec as Json).minReplicaCount, (rebounded.scaledObject.spec as Json).maxReplicaCount]).toEqual([2, 3]);
  });

  test("planned together with the options it is planned from is refused, naming the prop", () => {
    const planned = planReplicaAutoscaler(plan);
    expect(() => synth((s) => new ReplicaAutoscaler(s, "autoscaler", { plan, planned, namespace: "ops" }))).toThrow(/^autoscaler\.namespace: is decided in `planned`/);
  });
});

describe("KedaOperator and ClusterAutoscaler: the chart release is the plan's", () => {
  test("planned defaults: the pinned charts and their namespaces", () => {
    expect(planKedaRelease()).toMatchObject({ name: "keda", version: KEDA_CHART.version, namespace: KEDA_CHART.namespace, createNamespace: true });
    expect(planKedaRelease({ chartVersion: "9.9.9", namespace: "k" })).toMatchObject({ version: "9.9.9", namespace: "k" });
    expect(planClusterAutoscalerRelease()).toMatchObject({ name: "cluster-autoscaler", namespace: "kube-system", createNamespace: false });
  });

  test("an edited plan is written as edited", () => {
    const keda = release(synth((s) => new KedaOperator(s, "keda", { planned: { ...planKedaRelease(), version: "0.0.1", namespace: "planted", name: "planted-keda" } })));
    expect(keda).toMatchObject({ version: "0.0.1", namespace: "planted", name: "planted-keda", create_namespace: true });
    const autoscaling = planAutoscaling(plan);
    const ca = release(synth((s) => new ClusterAutoscaler(s, "ca", { plan, autoscaling, clusterName: "c", planned: { ...planClusterAutoscalerRelease(), version: "0.0.2", namespace: "planted", createNamespace: true } })));
    expect(ca).toMatchObject({ version: "0.0.2", namespace: "planted", create_namespace: true });
    expect(() => synth((s) => new KedaOperator(s, "keda", { planned: planKedaRelease(), chartVersion: "2.20.2" }))).toThrow(/^keda\.chartVersion: is decided in `planned`/);
  });
});

describe("ClusterAutoscalerIdentity: role names, description and the bound service account are the plan's", () => {
  const first = (out: Json, type: string): Json => Object.values(out.resource[type] as Json)[0] as Json;
  const synthAws = (build: (s: TerraformStack) => void): Json => synth((s) => { new AwsProvider(s, "aws", { region: "us-east-1" }); build(s); });

  test("planned: 24 characters of the cluster name then -autoscaler- (a reference is kept whole), the chart's service account", () => {
    const long = "a-cluster-name-longer-than-twenty-four";
    const p = planClusterAutoscalerIdentity({ clusterName: long, region: "us-east-1" });
    expect(p.rolePrefix).toMatch(/^a-cluster-name-lo-[0-9a-f]{6}-autoscaler-$/);
    expect(p.rolePrefix.length).toBeLessThanOrEqual(38);
    expect(p.serviceAccount).toEqual({ namespace: "kube-system", name: "cluster-autoscaler" });
    expect(planClusterAutoscalerIdentity({ clusterName: "${aws_eks_cluster.c.name}", region: "us-east-1" }).rolePrefix).toBe("${aws_eks_cluster.c.name}-autoscaler-");
    const out = synthAws((s) => new ClusterAutoscalerIdentity(s, "id", { clusterName: long, region: "us-east-1" }));
    expect(first(out, "aws_iam_role").name_prefix).toBe(p.rolePrefix);
  });

  test("an edited plan is written as edited; planned beside clusterName, or neither, is refused", () => {
    const p = planClusterAutoscalerIdentity({ clusterName: "c", region: "us-east-1" });
    const planted = { ...p, rolePrefix: "planted-", roleDescription: "planted", policyName: "planted-policy", region: "eu-west-1", serviceAccount: { namespace: "ops", name: "ca" } };
    const out = synthAws((s) => new ClusterAutoscalerIdentity(s, "id", { planned: planted }));
    expect(first(out, "aws_iam_role")).toMatchObject({ name_prefix: "planted-", description: "planted" });
    expect(first(out, "aws_iam_role_policy").name).toBe("planted-policy");
    expect(first(out, "aws_iam_role_policy").policy).toContain(":eks:eu-west-1:");
    expect(first(out, "aws_eks_pod_identity_association")).toMatchObject({ namespace: "ops", service_account: "ca", cluster_name: "c" });
    expect(refusal(() => synthAws((s) => new ClusterAutoscalerIdentity(s, "id", { planned: p, clusterName: "c" }))).message).toMatch(/^id\.clusterName: is decided in `planned`/);
    expect(refusal(() => synthAws((s) => new ClusterAutoscalerIdentity(s, "id", {}))).path).toBe("id.clusterName");
  });
});
