import { planDeployment } from "../../lib";
import { ENDPOINT_PICKER_POD_LABELS, GATEWAY_SERVICE_NAME, planTraffic, type TrafficPlan } from "../../lib/traffic/plan-traffic";
import { inferencePoolChartValues } from "../../lib/traffic";

const ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
const aws = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1" });
const awsMulti = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
const gke = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "us-central1" });
const base = { hostname: "api.example.com" };

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
