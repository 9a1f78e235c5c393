import { TerraformStack, Testing } from "cdktf";
import { planDeployment } from "../../lib";
import { ClusterAutoscaler, KedaOperator, ReplicaAutoscaler, KEDA_CHART } from "../../lib/autoscaling";
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
