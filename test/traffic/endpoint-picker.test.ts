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

  // Issue 17: the pinned 1.2.1 exports no running/waiting/KV gauge (lib/catalog/trtllm-metrics.ts):
  // the EPP is told not to scrape them ("" = nil MetricSpec), and drops the scorers that need them.
  test("flags for the pinned image (TRT-LLM 1.2.1): path; no queue, running or KV metric it does not export; LoRA and cache info off", () => {
    const t = planTraffic(aws, base);
    const v = values(t);
    expect(v.inferenceExtension.flags).toEqual({
      "model-server-metrics-path": "/prometheus/metrics",
      "total-queued-requests-metric": "",
      "total-running-requests-metric": "",
      "kv-cache-usage-percentage-metric": "",
      "lora-info-metric": "",
      "cache-info-metric": "",
    });
    expect(v.inferenceExtension).not.toHaveProperty("modelServerMetricsPath");
    const plugins = (v.inferenceExtension.pluginsCustomConfig as Record<string, string>)["prefix-cache-aware.yaml"];
    expect(plugins).toContain("prefix-cache-scorer");
    expect(plugins).not.toMatch(/queue-scorer|kv-cache-utilization-scorer/);
  });

  test("a 1.3 image: the gauges it exports, and the scorers that read them", () => {
    const newer = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1", image: { tag: "1.3.0rc14" } });
    const v = values(planTraffic(newer, base));
    expect(v.inferenceExtension.flags).toMatchObject({
      "total-queued-requests-metric": "trtllm_num_requests_waiting",
      "total-running-requests-metric": "trtllm_num_requests_running",
      "kv-cache-usage-percentage-metric": "trtllm_kv_cache_utilization",
    });
    const plugins = (v.inferenceExtension.pluginsCustomConfig as Record<string, string>)["prefix-cache-aware.yaml"];
    expect(plugins).toMatch(/queue-scorer[\s\S]*kv-cache-utilization-scorer/);
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
