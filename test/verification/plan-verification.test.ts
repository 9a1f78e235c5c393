import { planDeployment } from "../../lib/plan/index";
import { DeepSeekConfigError } from "../../lib/errors";
import { busBandwidthThresholdGBps, planVerification } from "../../lib/verification/plan-verification";

const awsH100 = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
const gcpMega = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "gcp", region: "us-central1" });
const awsB200 = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1" });

describe("planVerification", () => {
  test("2x8xH100 on AWS: EFA fabric check, threshold 3200 Gbps / 8 x 0.5 = 200 GB/s, world size 16", () => {
    const v = planVerification(awsH100);
    expect(v.enabled).toEqual(["fabric", "serving"]);
    expect(v.fabric).toMatchObject({
      fabric: "efa", nodes: 2, worldSize: 16, gpusPerNode: 8, nominalGbps: 3200, busBandwidthFraction: 0.5,
      minBusBandwidthGBps: 200, thresholdFormula: "3200 Gbps / 8 × 0.5 = 200 GB/s",
    });
    expect(v.fabric?.transport.expectedLogPattern).toContain("NET/OFI Selected provider is efa");
  });

  test("2x8xH100 on GCP picks a3-megagpu TCPXO: FasTrak transport, 1800 Gbps / 8 x 0.6 = 135 GB/s", () => {
    expect(gcpMega.nodeType).toBe("a3-megagpu-8g");
    const v = planVerification(gcpMega, { busBandwidthFraction: 0.6 });
    expect(v.fabric).toMatchObject({ fabric: "gpudirect-tcpxo", minBusBandwidthGBps: 135 });
    expect(v.fabric?.transport.expectedLogPattern).toBe("NET/FasTrak|Using network FasTrak");
  });

  test("threshold formula rounds down to 0.1 GB/s", () => {
    expect(busBandwidthThresholdGBps(1000, 0.33)).toBe(41.2);
  });

  test("8xB200 has no fabric check and says why", () => {
    const v = planVerification(awsB200);
    expect(v.fabric).toBeNull();
    expect(v.enabled).toEqual(["serving"]);
    expect(v.disabled).toContainEqual({ check: "fabric", reason: "single-node replica: no inter-node fabric" });
  });

  test("asking for a fabric check on a single-node plan is refused with the exact message", () => {
    expect(() => planVerification(awsB200, { fabricCheck: true })).toThrow(new DeepSeekConfigError(
      "verification.fabricCheck",
      "a fabric check needs more than one node per replica, and 8xB200 runs each replica on 1 node",
      true,
      "omit fabricCheck or set it to false; the serving check covers single-node placements",
    ).message);
    expect(() => planVerification(awsB200, { fabricCheck: true })).toThrow(
      "verification.fabricCheck: a fabric check needs more than one node per replica, and 8xB200 runs each replica on 1 node (got true); omit fabricCheck or set it to false; the serving check covers single-node placements",
    );
  });

  test("turning checks off lists them as disabled in the summary", () => {
    const v = planVerification(awsH100, { fabricCheck: false, servingCheck: false });
    expect(v.enabled).toEqual([]);
    expect(v.disabled.map((d) => d.check)).toEqual(["fabric", "serving", "loadProbe"]);
    expect(v.summary).toContain("fabric: not run (turned off (fabricCheck: false))");
    expect(v.summary).toContain("serving: not run (turned off (servingCheck: false))");
  });

  test("load probe is off by default and runs when enabled, with defaults", () => {
    expect(planVerification(awsH100).loadProbe).toBeNull();
    const v = planVerification(awsH100, { loadProbe: { enabled: true, concurrency: 8, expectedOutputTokensPerSecond: 900 } });
    expect(v.enabled).toEqual(["fabric", "serving", "loadProbe"]);
    expect(v.loadProbe).toEqual({
      concurrency: 8, requests: 32, inputTokens: 1024, outputTokens: 256, timeoutSeconds: 1200,
      expectation: { outputTokensPerSecond: 900, outputTokensPerSecondPerUser: null, publishedConcurrency: null, figure: "user", source: "verification.loadProbe.expectedOutputTokensPerSecond" },
    });
  });

  test("load probe expectation defaults to the catalog's published figure; none for H100", () => {
    const b200 = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1", mode: "throughput" });
    const v = planVerification(b200, { loadProbe: { enabled: true } });
    expect(v.loadProbe?.expectation).toMatchObject({ figure: "b200-r1-0528-fp4-max-throughput-fp8kv", outputTokensPerSecond: 5393 * 8, publishedConcurrency: 7168 });
    expect(v.summary).toContain("loadProbe: 64 requests at concurrency 16, reported beside 43144 output tokens/s (b200-r1-0528-fp4-max-throughput-fp8kv at concurrency 7168)");
    expect(planVerification(awsH100, { loadProbe: { enabled: true } }).loadProbe?.expectation).toBeNull();
  });

  test("serving check waits the plan's startup budget", () => {
    const v = planVerification(awsH100, { timeouts: { servingSeconds: 300 } });
    expect(v.serving?.readyWaitSeconds).toBe(awsH100.coldStart.startupBudgetSeconds);
    expect(v.serving?.timeoutSeconds).toBe(awsH100.coldStart.startupBudgetSeconds + 300);
  });

  test("bad inputs raise DeepSeekConfigError under the verification path", () => {
    expect(() => planVerification(awsH100, { busBandwidthFraction: 1.5 })).toThrow("verification.busBandwidthFraction: is above the maximum of 1 (got 1.5); use a value of at most 1");
    expect(() => planVerification(awsH100, { fabricChek: true } as never)).toThrow(`verification.fabricChek: is not a known field (got true); did you mean "fabricCheck"? (or remove it)`);
  });
});
