import { DeepSeekConfigError } from "../../lib/errors";
import { planCluster, type ClusterProps } from "../../lib/app/plan-cluster";
import { INT32_MAX } from "../../lib/catalog/limits";
import { refusal as refused } from "../support/refusal";

/**
 * Every number a DeepSeekCluster takes has a real bound, and a refusal quotes it: not zod's
 * implicit safe-integer range (9007199254740991), which no field of this system accepts. The
 * props below set every numeric field planCluster reads (both clouds); each is then pushed past
 * any bound, one at a time.
 */
const rich = (): ClusterProps => ({
  model: "deepseek-r1-0528", contextLength: 8192,
  endpoint: { hostname: "api.example.com" },
  traffic: {
    retryBudgetPercent: 20, requestTimeoutSeconds: 900, decodeTokensPerSecond: 30,
    tiers: [{ name: "interactive", priority: 100, requestsPerMinutePerKey: 120 }, { name: "batch", priority: 10, requestsPerMinutePerKey: 30 }],
  },
  verification: {
    busBandwidthFraction: 0.5, allReduceMessageMiB: 1024, ttlSecondsAfterFinished: 3600, timeouts: { fabricSeconds: 1800, servingSeconds: 1800, loadProbeSeconds: 1800 },
    loadProbe: { enabled: true, concurrency: 32, requests: 256, inputTokens: 1024, outputTokens: 256, expectedOutputTokensPerSecond: 1000 },
  },
  protection: { mode: "protected", secretRecoveryWindowDays: 7, keyDeletionWindowDays: 30, generation: 2 },
  placements: [
    {
      cloud: "aws", region: "us-east-2", hardware: "8xB200", replicas: { min: 1, max: 4 },
      coldStart: { stageThroughputMBps: 1000, loadThroughputMBps: 2000, warmupSeconds: 600 },
      overrides: { maxBatchSize: 256, maxNumTokens: 8192, kvCacheFreeMemoryFraction: 0.85, mtpLayers: 3 },
      aws: { gpuRootVolumeGiB: 200, systemNodes: 2 },
      autoscaling: { replicas: { min: 1, max: 4 }, queuePerReplicaTarget: 64, targets: { outputTokensPerSecond: 5000, tokensPerSecondPerUser: 5, timeToFirstTokenSeconds: 5 } },
    },
    {
      cloud: "gcp", region: "europe-west4", hardware: "8xB200", contextLength: 8192, capacity: { kind: "reservation", id: "res-1", zone: "europe-west4-b", nodes: 4 },
      sizing: { outputTokensPerSecond: 20000, minReplicas: 1 },
      gcp: { project: "my-proj-123", gpuPool: { bootDiskSizeGb: 500 } },
    },
  ],
});

/** Paths of every number in `value`. */
function numericPaths(value: unknown, path: string[] = []): string[][] {
  if (typeof value === "number") return [path];
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => numericPaths(v, [...path, k]));
}
function withValue(path: readonly string[], value: number): ClusterProps {
  const props = rich() as unknown as Record<string, unknown>;
  let at = props;
  path.slice(0, -1).forEach((k) => { at = at[k] as Record<string, unknown>; });
  at[path[path.length - 1]] = value;
  return props as unknown as ClusterProps;
}
function refusal(props: ClusterProps): DeepSeekConfigError {
  return refused(() => planCluster(props));
}

const PATHS = numericPaths(rich());

describe("numeric bounds in refusals are the real ones", () => {
  test("the props plan as they are, and hold at least 30 numeric fields", () => {
    expect(() => planCluster(rich())).not.toThrow();
    expect(PATHS.length).toBeGreaterThanOrEqual(30);
  });

  test.each(PATHS.flatMap((p) => [1e30, -1e30, 2 ** 31, 2 ** 53].map((v) => [p.join("."), v] as const)))("%s = %d is refused at that field with a bound no larger than int32", (path, value) => {
    const e = refusal(withValue(path.split("."), value));
    expect(e.message).not.toMatch(/9007199254740991|9\.007199254740991|MAX_SAFE/);
    // The field itself, or (for a coupled bound) its group: replicas.max against replicas.min, a probe against its timeout.
    expect(path.startsWith(e.path) || e.path.startsWith(path.split(".").slice(0, -1).join("."))).toBe(true);
    for (const n of e.fix.match(/\d[\d,_.]*(e\+?\d+)?/g) ?? []) expect(Number(n.replace(/[,_]/g, ""))).toBeLessThanOrEqual(INT32_MAX);
  });

  test("replicas.max 1e30 quotes the node pool's real maximum from the catalog (450 EKS nodes)", () => {
    const e = refusal(withValue(["placements", "0", "replicas", "max"], 1e30));
    expect(e.path).toBe("placements.0.replicas.max");
    expect(e.fix).toMatch(/450/);
  });
});
