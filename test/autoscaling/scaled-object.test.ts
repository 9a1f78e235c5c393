import "../support/cdktf-matchers";
import { strictSchema } from "../support/strict-schema";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { planDeployment } from "../../lib";
import { ClusterAutoscaler, ClusterAutoscalerIdentity, KedaOperator, ReplicaAutoscaler, scaledObjectFor, KEDA_CHART, CLUSTER_AUTOSCALER_CHART } from "../../lib/autoscaling";
import { planAutoscaling } from "../../lib/autoscaling/plan-autoscaling";
import { servingNames } from "../../lib/plan/names";
import { EksPodIdentityAssociation, IamRole, IamRolePolicy, AwsProvider } from "../../lib/internal/providers/aws";
import { HelmProvider, Release } from "../../lib/internal/providers/helm";
import { App, TerraformStack, Testing } from "../../lib/internal/tf";

const strict = strictSchema;
const crd = parse(readFileSync(join(__dirname, "../fixtures/schemas/keda.sh_scaledobjects.yaml"), "utf8"));
const ajv = new Ajv({ allErrors: true, strict: false });
["int32", "int64", "int-or-string", "date-time"].forEach((f) => ajv.addFormat(f, true));
const validate = ajv.compile(strict(crd.spec.versions.find((v: { name: string }) => v.name === "v1alpha1").schema.openAPIV3Schema) as object);
const errors = (obj: unknown) => (validate(obj) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const PROM = "http://prometheus-operated.monitoring:9090";
const planFor = (hardware: string, extra: object = {}) => planDeployment({ model: "deepseek-r1", cloud: "aws", region: "us-east-2", hardware, ...extra });

describe("ScaledObject against the KEDA v2.20.2 CRD schema", () => {
  test.each([
    ["8xB200", {}],
    ["8xH200", { targets: { timeToFirstTokenSeconds: 2 } }],
    ["2x8xH100", { targets: { timeToFirstTokenSeconds: 3 }, scaleToZero: true, activationQuery: "sum(rate(envoy_cluster_upstream_rq_503[1m]))" }],
  ] as const)("%s validates", (hardware, input) => {
    const plan = planFor(hardware);
    const so = scaledObjectFor(plan, planAutoscaling(plan, input), PROM);
    expect(errors(so)).toEqual([]);
  });

  test("the validator is not vacuous: a misspelt field and a missing required field fail", () => {
    const plan = planFor("8xB200");
    const so = scaledObjectFor(plan, planAutoscaling(plan), PROM) as unknown as { spec: Record<string, unknown> };
    expect(errors({ ...so, spec: { ...so.spec, minReplicas: 1 } })).not.toEqual([]);
    expect(errors({ ...so, spec: { ...so.spec, fallback: { replicas: 1 } } })).not.toEqual([]);
  });

  test("single-node: targets the Deployment; multi-node: the LeaderWorkerSet as whole groups", () => {
    const single = planFor("8xB200");
    expect(scaledObjectFor(single, planAutoscaling(single), PROM).spec).toMatchObject({ scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "trtllm" } });
    const multi = planFor("2x8xH100");
    const so = scaledObjectFor(multi, planAutoscaling(multi), PROM);
    expect(so.spec).toMatchObject({ scaleTargetRef: { apiVersion: "leaderworkerset.x-k8s.io/v1", kind: "LeaderWorkerSet", name: servingNames(multi).workload } });
    expect(so.metadata.namespace).toBe(servingNames(multi).namespace);
  });

  test("behaviour, fallback and null handling are explicit", () => {
    const plan = planFor("8xH200");
    const a = planAutoscaling(plan, { targets: { timeToFirstTokenSeconds: 2 } });
    const spec = scaledObjectFor(plan, a, PROM).spec as Record<string, any>;
    expect(spec.minReplicaCount).toBe(1);
    expect(spec.maxReplicaCount).toBe(2);
    expect(spec.cooldownPeriod).toBeGreaterThanOrEqual(plan.coldStart.expectedSeconds);
    expect(spec.fallback).toEqual({ failureThreshold: 3, replicas: 1, behavior: "currentReplicasIfHigher" });
    const behavior = spec.advanced.horizontalPodAutoscalerConfig.behavior;
    expect(behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThanOrEqual(plan.coldStart.expectedSeconds);
    expect(behavior.scaleUp.policies).toEqual([{ type: "Pods", value: 1, periodSeconds: a.scaleUp.periodSeconds }]);
    expect(behavior.scaleDown.policies).toEqual([{ type: "Pods", value: 1, periodSeconds: a.scaleDown.periodSeconds }]);
    expect(spec.triggers.map((t: any) => t.name)).toEqual(["load", "ttft"]);
    for (const t of spec.triggers) {
      // A missing metric is an error (fallback, ScaledObject not ready), never zero load.
      expect(t).toMatchObject({ type: "prometheus", metricType: "AverageValue", metadata: { serverAddress: PROM, ignoreNullValues: "false" } });
      expect(t.metadata.query).not.toContain("vector(0)");
    }
    expect(spec.triggers[1].metadata.threshold).toBe("2");
  });
});

describe("constructs", () => {
  let synth: string;
  let autoscaler: ReplicaAutoscaler;
  const plan = planFor("2x8xH100");
  const autoscaling = planAutoscaling(plan);
  beforeAll(() => {
    const app: App = Testing.app();
    const stack = new TerraformStack(app, "autoscaling");
    new AwsProvider(stack, "aws", { region: "us-east-2" });
    new HelmProvider(stack, "helm", {});
    const keda = new KedaOperator(stack, "keda");
    autoscaler = new ReplicaAutoscaler(stack, "replicas", { plan, autoscaling: { targets: { timeToFirstTokenSeconds: 2 } }, prometheusAddress: PROM, dependsOn: [keda.release] });
    const identity = new ClusterAutoscalerIdentity(stack, "ca-identity", { clusterName: "deepseek", region: "us-east-2" });
    new ClusterAutoscaler(stack, "ca", { plan, autoscaling, clusterName: "deepseek", dependsOn: [identity.association] });
    synth = Testing.synth(stack, true);
  });

  test("KEDA operator: pinned upstream chart", () => {
    expect(synth).toHaveResourceWithProperties(Release, { name: "keda", repository: KEDA_CHART.repository, chart: "keda", version: "2.20.2", namespace: "keda", create_namespace: true });
  });

  test("ReplicaAutoscaler: plans from input, emits one valid ScaledObject through a ManifestBundle", () => {
    expect(autoscaler.autoscaling.triggers.map((t) => t.name)).toEqual(["load", "ttft"]);
    expect(autoscaler.bundle.objects).toEqual([autoscaler.scaledObject]);
    expect(errors(autoscaler.scaledObject)).toEqual([]);
    expect(synth).toHaveResourceWithProperties(Release, { name: "trtllm-autoscaling", namespace: "deepseek" });
    const releases = JSON.parse(synth).resource.helm_release as Record<string, { depends_on?: string[]; name: string }>;
    const bundle = Object.values(releases).find((r) => r.name === "trtllm-autoscaling");
    expect(bundle?.depends_on?.some((d) => d.startsWith("helm_release.keda_release"))).toBe(true);
  });

  test("ClusterAutoscaler: auto-discovery, balance, scale-down delay ≥ cold start", () => {
    const releases = JSON.parse(synth).resource.helm_release as Record<string, { name: string; values: string[]; version: string; depends_on?: string[] }>;
    const ca = Object.values(releases).find((r) => r.name === "cluster-autoscaler")!;
    expect(ca.version).toBe(CLUSTER_AUTOSCALER_CHART.version);
    expect(ca.depends_on?.some((d) => d.startsWith("aws_eks_pod_identity_association."))).toBe(true);
    const values = JSON.parse(ca.values[0]);
    expect(values.autoDiscovery).toEqual({ clusterName: "deepseek" });
    expect(values.rbac.serviceAccount.name).toBe("cluster-autoscaler");
    expect(values.extraArgs["balance-similar-node-groups"]).toBe(true);
    expect(values.extraArgs.expander).toBe("least-waste");
    const delay = Number(/^(\d+)s$/.exec(values.extraArgs["scale-down-delay-after-add"])![1]);
    expect(delay).toBeGreaterThanOrEqual(plan.coldStart.expectedSeconds);
  });

  test("ClusterAutoscalerIdentity: Pod Identity role, writes limited to this cluster's tagged groups", () => {
    expect(synth).toHaveResourceWithProperties(EksPodIdentityAssociation, { cluster_name: "deepseek", namespace: "kube-system", service_account: "cluster-autoscaler" });
    const role = Object.values(JSON.parse(synth).resource.aws_iam_role as Record<string, { assume_role_policy: string }>)[0];
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal).toEqual({ Service: "pods.eks.amazonaws.com" });
    expect(synth).toHaveResource(IamRole);
    const policy = JSON.parse(Object.values(JSON.parse(synth).resource.aws_iam_role_policy as Record<string, { policy: string }>)[0].policy);
    const writes = policy.Statement.find((s: any) => s.Action.includes("autoscaling:SetDesiredCapacity"));
    expect(writes.Condition).toEqual({ StringEquals: { "aws:ResourceTag/k8s.io/cluster-autoscaler/deepseek": "owned" } });
    const writeActions = policy.Statement.flatMap((s: any) => s.Action).filter((a: string) => !/:(Describe|Get)/.test(a));
    expect(writeActions.sort()).toEqual(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
    expect(policy.Statement.find((s: any) => s.Sid === "DescribeNodegroups").Resource).toMatch(/:nodegroup\/deepseek\/\*$/);
    expect(synth).toHaveResource(IamRolePolicy);
  });

  test("props are validated", () => {
    const stack = new TerraformStack(Testing.app(), "bad");
    expect(() => new ReplicaAutoscaler(stack, "r", { plan, prometheusAddress: "prometheus:9090" })).toThrow(
      'r.prometheusAddress: must be an http(s) URL of the Prometheus API (got "prometheus:9090"); use e.g. http://prometheus-operated.monitoring:9090',
    );
    const gcp = planDeployment({ model: "deepseek-r1", cloud: "gcp", region: "us-central1", hardware: "8xB200" });
    expect(() => new ClusterAutoscaler(stack, "ca", { plan: gcp, autoscaling: planAutoscaling(gcp), clusterName: "x" })).toThrow(
      'ca.autoscaling.nodeAutoscaling.kind: is not an EKS cluster autoscaler plan (cloud gcp) (got "gke-node-pool"); create ClusterAutoscaler only for AWS plans with nodeAutoscaler "cluster-autoscaler"',
    );
    expect(() => new KedaOperator(stack, "k", { chartVersion: "latest" })).toThrow(
      'k.chartVersion: is not a pinned chart version (got "latest"); use an exact version such as 2.20.2',
    );
  });
});
