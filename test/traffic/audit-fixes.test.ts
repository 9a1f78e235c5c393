import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { planDeployment } from "../../lib";
import { HelmProvider } from "../../lib/internal/providers/helm";
import { TerraformStack, Testing } from "../../lib/internal/tf";
import { ENDPOINT_PICKER_POD_LABELS, GATEWAY_SERVICE_NAME, planTraffic, type TrafficPlan } from "../../lib/traffic/plan-traffic";
import { INFERENCE_POOL_CRD } from "../../lib/traffic/crds/inferencepool-crd";
import { gatewayServiceAnnotations, InferenceGateway, inferencePoolChartValues, TRAFFIC_CRDS_RELEASE, trafficObjects } from "../../lib/traffic";
import { bundledObjects } from "../support/manifests";

const FIXTURE = join(__dirname, "../fixtures/schemas/inference.networking.k8s.io_inferencepools.yaml");
const ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
const aws = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1" });
const awsMulti = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
const gke = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "us-central1" });
const base = { hostname: "api.example.com" };

describe("gateway Service annotations: the EKS cloud controller's NLB, not the AWS LB Controller", () => {
  const cases: [string, typeof aws, Record<string, unknown>, Record<string, string>][] = [
    ["AWS public, cert-manager", aws, base, { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" }],
    ["AWS internal, cert-manager", aws, { ...base, public: false }, {
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    }],
    ["AWS public, managed ACM TLS", aws, { ...base, tls: { kind: "managed", certificateArn: ARN } }, {
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": ARN,
      "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "tcp",
    }],
    ["AWS internal, managed ACM TLS", aws, { ...base, public: false, tls: { kind: "managed", certificateArn: ARN } }, {
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": ARN,
      "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "tcp",
    }],
    ["GKE public", gke, base, {}],
    ["GKE internal", gke, { ...base, public: false }, { "networking.gke.io/load-balancer-type": "Internal" }],
  ];
  test.each(cases)("%s", (_name, plan, input, expected) => {
    const t = planTraffic(plan, input);
    expect(gatewayServiceAnnotations(plan, t)).toEqual(expected);
    // and that is what the EnvoyProxy puts on the Service
    const proxy = trafficObjects(plan, t).objects.find((o) => o.kind === "EnvoyProxy") as unknown as { spec: { provider: { kubernetes: { envoyService: { annotations: unknown; name: string; type: string } } } } };
    expect(proxy.spec.provider.kubernetes.envoyService).toMatchObject({ name: GATEWAY_SERVICE_NAME, type: "LoadBalancer", annotations: expected });
  });

  test("no AWS Load Balancer Controller annotation in any case", () => {
    for (const input of [base, { ...base, public: false }, { ...base, tls: { kind: "managed", certificateArn: ARN } }]) {
      const keys = Object.keys(gatewayServiceAnnotations(aws, planTraffic(aws, input)));
      expect(keys).not.toContain("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type");
      expect(keys).not.toContain("service.beta.kubernetes.io/aws-load-balancer-scheme");
    }
  });
});

describe("InferencePool CRD v1.6.0 as library data", () => {
  test("the fixture is the upstream blob byte for byte and the library object equals it parsed", () => {
    const bytes = readFileSync(FIXTURE);
    const blob = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
    expect(blob).toBe("99b47edc6726e4ad5a8ec6b91287a1c2acb54246");
    expect(INFERENCE_POOL_CRD).toEqual(parse(readFileSync(FIXTURE, "utf8")));
    expect(INFERENCE_POOL_CRD.metadata.name).toBe("inferencepools.inference.networking.k8s.io");
  });

  describe("installed before the inferencepool release", () => {
    let stackJson: Record<string, any>;
    let gw: InferenceGateway;
    beforeAll(() => {
      const stack = new TerraformStack(Testing.app(), "serving");
      new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
      gw = new InferenceGateway(stack, "traffic", { plan: aws, traffic: base });
      stackJson = JSON.parse(Testing.synth(stack));
    });
    const releaseKey = (name: string) => Object.entries(stackJson.resource.helm_release as Record<string, { name: string }>).find(([, r]) => r.name === name)?.[0];

    test("its own bundle in namespace default carries exactly the CRD, unchanged", () => {
      const objs = bundledObjects(stackJson, TRAFFIC_CRDS_RELEASE);
      expect(objs.map((o) => o.object)).toEqual([parse(readFileSync(FIXTURE, "utf8"))]);
      expect(stackJson.resource.helm_release[releaseKey(TRAFFIC_CRDS_RELEASE)!].namespace).toBe("default");
      expect(TRAFFIC_CRDS_RELEASE).toBe("deepseek-inference-crds");
      expect(gw.crds.objects).toEqual([INFERENCE_POOL_CRD]);
    });

    test("the inferencepool and envoy-gateway releases depend on it", () => {
      const crdRef = `helm_release.${releaseKey(TRAFFIC_CRDS_RELEASE)}`;
      const pool = stackJson.resource.helm_release[releaseKey("trtllm")!];
      expect(pool.chart).toBe("inferencepool");
      expect(pool.depends_on).toContain(crdRef);
      expect(stackJson.resource.helm_release[releaseKey("envoy-gateway")!].depends_on).toContain(crdRef);
    });

    test("the pool release name gives the EPP pods the exported labels", () => {
      expect(ENDPOINT_PICKER_POD_LABELS).toEqual({ inferencepool: `${stackJson.resource.helm_release[releaseKey("trtllm")!].name}-epp` });
    });
  });
});

describe("endpoint picker scrapes trtllm-serve's metrics", () => {
  const values = (t: TrafficPlan) => inferencePoolChartValues(t) as { inferenceExtension: Record<string, unknown> };

  test("flags for a prefixed-metrics image (TRT-LLM 1.2.1): path, queue, running, KV cache, LoRA off", () => {
    const v = values(planTraffic(aws, base));
    expect(v.inferenceExtension.flags).toEqual({
      "model-server-metrics-path": "/prometheus/metrics",
      "total-queued-requests-metric": "trtllm_server_queue_length",
      "total-running-requests-metric": "trtllm_num_active_requests",
      "kv-cache-usage-percentage-metric": "trtllm_kv_cache_utilization",
      "lora-info-metric": "",
    });
    expect(v.inferenceExtension).not.toHaveProperty("modelServerMetricsPath");
  });

  test("unprefixed names for a 1.1 image tag", () => {
    const old = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1", image: { tag: "1.1.0" } });
    const flags = values(planTraffic(old, base)).inferenceExtension.flags as Record<string, string>;
    expect(flags["total-queued-requests-metric"]).toBe("server_queue_length");
    expect(flags["kv-cache-usage-percentage-metric"]).toBe("kv_cache_utilization");
  });

  test("the chart is not told the servers are Triton (which would override the metric flags)", () => {
    expect(JSON.stringify(values(planTraffic(aws, base)))).not.toContain("triton");
  });
});

describe("endpoint picker pod labels and the in-cluster endpoint", () => {
  test("every plan's EPP pods carry ENDPOINT_PICKER_POD_LABELS", () => {
    for (const plan of [aws, awsMulti, gke]) {
      const t = planTraffic(plan, base);
      expect(t.pool.eppPodLabels).toEqual(ENDPOINT_PICKER_POD_LABELS);
      expect(t.pool.eppServiceName).toBe(ENDPOINT_PICKER_POD_LABELS.inferencepool);
    }
  });

  test("in-cluster endpoint: the gateway Service on 443, SNI = hostname; HTTPS at Envoy, HTTP behind the NLB", () => {
    expect(planTraffic(aws, base).inClusterEndpoint).toEqual({ host: "deepseek-gateway.envoy-gateway-system.svc.cluster.local", port: 443, sni: "api.example.com", protocol: "HTTPS" });
    expect(planTraffic(gke, { hostname: "llm.example.org" }).inClusterEndpoint).toEqual({ host: `${GATEWAY_SERVICE_NAME}.envoy-gateway-system.svc.cluster.local`, port: 443, sni: "llm.example.org", protocol: "HTTPS" });
    expect(planTraffic(aws, { ...base, tls: { kind: "managed", certificateArn: ARN } }).inClusterEndpoint.protocol).toBe("HTTP");
  });
});
