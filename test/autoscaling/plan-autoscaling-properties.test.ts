import fc from "fast-check";
import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/plan-deployment";
import { planAutoscaling, type AutoscalingInput } from "../../lib/autoscaling/plan-autoscaling";
import { replicaConcurrency } from "../../lib/plan/concurrency";
import { MAX_POOL_NODES } from "../../lib/catalog/limits";

const PLANS = [
  ...["8xB200", "8xH200", "2x8xH100"].flatMap((hardware) => [
    { kind: "on-demand" }, { kind: "reservation", id: "cr-0abc", zone: "us-east-2a", nodes: 3 }, { kind: "capacity-block", id: "cr-0abc", zone: "us-east-2a", nodes: 2 },
  ].flatMap((capacity) => (["latency", "throughput"] as const).flatMap((mode) => ["1.2.1", "1.3.0rc14"].map((tag) => planDeployment({ model: "deepseek-r1", cloud: "aws", region: "us-east-2", hardware, mode, capacity, image: { tag } } as never))))),
  planDeployment({ model: "deepseek-r1", cloud: "gcp", region: "us-central1", hardware: "8xB200", capacity: { kind: "queued" }, replicas: { min: 0, max: 2 } }),
  planDeployment({ model: "deepseek-r1", cloud: "gcp", region: "us-central1", hardware: "8xH200" }),
];

const noisy = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: a }, { weight: 1, arbitrary: fc.anything() });

const autoscalingArb = fc.record({
  targets: noisy(fc.record({
    outputTokensPerSecond: fc.double({ min: 1, max: 3e5, noNaN: true }),
    tokensPerSecondPerUser: fc.double({ min: 0, max: 400, noNaN: true }),
    timeToFirstTokenSeconds: fc.oneof(fc.constantFrom(0, 1e-300, 0.0009, 0.001), fc.double({ min: 0.001, max: 900, noNaN: true })), // below 1 ms is refused (KEDA milli-units)
  }, { requiredKeys: [] })),
  replicas: noisy(fc.record({ min: fc.integer({ min: -1, max: 6 }), max: fc.integer({ min: 0, max: 8 }) })),
  scaleToZero: fc.constantFrom(false, false, true),
  activationQuery: fc.constantFrom("sum(rate(x[1m]))", "sum(rate(x[1m]))", "sum(rate(x[1m]))", ""),
  metricNames: noisy(fc.constantFrom("prefixed", "unprefixed")),
  // Mostly within one replica's concurrency (a target above it is refused), sometimes far past it.
  queuePerReplicaTarget: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 64 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 10000 }) }),
  // Often absent: 1.2.x plans refuse any KV target (no KV gauge to read).
  kvCacheUtilizationTarget: fc.option(fc.double({ min: 0, max: 1.1, noNaN: true }), { nil: undefined, freq: 2 }),
  nodeAutoscaler: noisy(fc.constantFrom("cluster-autoscaler", "karpenter", "gke-node-pool")),
}, { requiredKeys: [] });

describe("planAutoscaling properties", () => {
  test("every input plans or raises DeepSeekConfigError; planned bounds always tie to nodes and capacity", () => {
    let planned = 0;
    fc.assert(fc.property(fc.constantFrom(...PLANS), autoscalingArb, (plan, input) => {
      try {
        const a = planAutoscaling(plan, input as AutoscalingInput);
        planned++;
        expect(a.nodes).toEqual({ min: a.replicas.min * plan.nodesPerReplica, max: a.replicas.max * plan.nodesPerReplica });
        expect(a.replicas.min).toBeLessThanOrEqual(a.replicas.max);
        if (plan.capacity.reservedNodes !== undefined) expect(a.nodes.max).toBeLessThanOrEqual(plan.capacity.reservedNodes);
        expect(a.replicas.min === 0).toBe(a.scaleToZero);
        expect(a.queuePerReplicaTarget).toBeLessThanOrEqual(replicaConcurrency(plan));
        expect(a.nodes.max).toBeLessThanOrEqual(MAX_POOL_NODES[plan.cloud]);
        expect(a.scaleDownStabilizationSeconds).toBeGreaterThanOrEqual(plan.coldStart.expectedSeconds);
        // Server-metric triggers never mask a missing metric as zero; only the user's activation query may.
        for (const t of a.triggers) expect([t.name, t.absentIsError, t.query.includes("vector(0)")]).toEqual([t.name, t.name !== "activation", t.name === "activation"]);
      } catch (e) {
        if (!(e instanceof DeepSeekConfigError)) throw e;
      }
    }), { numRuns: 600, seed: 42 });
    expect(planned).toBeGreaterThan(20);
  });
});
