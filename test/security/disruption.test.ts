import { planDisruption } from "../../lib/serving/plan-disruption";
import { servingObjects } from "../../lib/serving";
import { planFor, targetFor } from "../serving/helpers";

type Any = Record<string, any>;

describe("single-replica placements survive routine operations", () => {
  test("rollouts surge one replica when the pool has room for it, else replace one at a time", () => {
    expect(planDisruption({ replicas: { min: 1, max: 2 }, nodes: { min: 1, max: 2 }, nodesPerReplica: 1 })).toEqual({ maxSurge: 1, maxUnavailable: 0, minAvailable: 1 });
    expect(planDisruption({ replicas: { min: 2, max: 2 }, nodes: { min: 4, max: 4 }, nodesPerReplica: 2 })).toEqual({ maxSurge: 0, maxUnavailable: 1, minAvailable: 1 });
    expect(planDisruption({ replicas: { min: 1, max: 3 }, nodes: { min: 2, max: 6 }, nodesPerReplica: 2 }).maxSurge).toBe(1);
  });

  test("the PodDisruptionBudget never lets a drain evict the last replica, for every profile", () => {
    for (const hw of ["8xB200", "8xH200", "2x8xH100"]) {
      const plan = planFor("aws", hw, "latency");
      const objects = servingObjects(plan, targetFor("aws")) as Any[];
      const pdb = objects.find((o) => o.kind === "PodDisruptionBudget")!;
      expect(pdb.spec.minAvailable).toBe(1);
      const workload = objects.find((o) => o.kind === "Deployment" || o.kind === "LeaderWorkerSet")!;
      const rollout = workload.spec.strategy?.rollingUpdate ?? workload.spec.rolloutStrategy.rollingUpdateConfiguration;
      // A rollout never takes the only replica down before its replacement is ready when there is room to surge.
      if (rollout.maxSurge === 1) expect(rollout.maxUnavailable).toBe(0);
      expect(rollout.maxSurge + rollout.maxUnavailable).toBe(1);
    }
  });
});
