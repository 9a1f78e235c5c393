import fc from "fast-check";
import { DeepSeekConfigError } from "../../../lib/errors";
import { DeploymentInput, planDeployment } from "../../../lib/plan/index";
import { planGkeNetworks } from "../../../lib/clouds/gcp/plan-gke-network";
import { planGkeNodePool } from "../../../lib/clouds/gcp/plan-gke-node-pool";

const capacity = fc.oneof(
  fc.constant({ kind: "on-demand" as const }),
  fc.constant({ kind: "flex-start" as const }),
  fc.constant({ kind: "queued" as const }),
  fc.constant({ kind: "spot" as const }),
  fc.record({ kind: fc.constant("reservation" as const), id: fc.constant("res-a"), zone: fc.constantFrom("us-central1-a", "us-central1-b"), nodes: fc.integer({ min: 1, max: 6 }), block: fc.option(fc.constant("b1"), { nil: undefined }) }),
);
const optionalBool = fc.option(fc.boolean(), { nil: undefined });

describe("GKE planners: every input plans or raises DeepSeekConfigError", () => {
  it("holds over hardware, zones, capacity, replicas and pool overrides", () => {
    fc.assert(fc.property(
      fc.constantFrom("8xB200", "8xH200", "2x8xH100", "2x8xH200"),
      fc.option(fc.subarray(["us-central1-a", "us-central1-b", "us-central1-c"], { minLength: 1 }), { nil: undefined }),
      capacity,
      fc.option(fc.record({ min: fc.integer({ min: 0, max: 2 }), max: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }),
      fc.record({ autoRepair: optionalBool, autoUpgrade: optionalBool, spot: optionalBool, compactPlacement: optionalBool }),
      (hardware, zones, cap, replicas, options) => {
        let plan;
        try {
          plan = planDeployment({ model: "deepseek-r1", hardware, cloud: "gcp", region: "us-central1", zones, capacity: cap, replicas } as DeploymentInput);
        } catch (e) {
          expect(e).toBeInstanceOf(DeepSeekConfigError);
          return;
        }
        try {
          const nets = planGkeNetworks(plan, { project: "my-proj" });
          const pool = planGkeNodePool(plan, { ...options, additionalNodeNetworks: nets.additionalNetworks });
          // Invariants of every accepted pool.
          expect(pool.autoscaling.totalMinNodeCount % plan.nodesPerReplica).toBe(0);
          expect(pool.autoscaling.totalMaxNodeCount % plan.nodesPerReplica).toBe(0);
          if (pool.compactPlacement) expect(pool.nodeLocations).toHaveLength(1);
          if (pool.queuedProvisioning) expect([pool.compactPlacement, pool.autoscaling.totalMinNodeCount, pool.reservationAffinity.consumeReservationType]).toEqual([false, 0, "NO_RESERVATION"]);
          if (pool.flexStart) expect([pool.management.autoRepair, pool.spot, pool.reservationAffinity.consumeReservationType]).toEqual([false, false, "NO_RESERVATION"]);
          if (pool.spot) expect(pool.reservationAffinity.consumeReservationType).toBe("NO_RESERVATION");
          expect(pool.additionalNodeNetworks).toHaveLength(nets.additionalNetworks.length);
        } catch (e) {
          expect(e).toBeInstanceOf(DeepSeekConfigError);
        }
      },
    ), { numRuns: 150 });
  });
});
