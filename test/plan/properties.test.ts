import fc from "fast-check";
import { DeepSeekConfigError } from "../../lib/errors";
import { DeploymentInput } from "../../lib/plan/input";
import { JURISDICTION_SPECS } from "../../lib/catalog/jurisdictions";
import { planDeployment } from "../../lib/plan/plan-deployment";
import { anyInputArb } from "../support/arbitraries";

describe("planDeployment over generated input", () => {
  test("every input plans or raises DeepSeekConfigError, and every plan is consistent", () => {
    let plans = 0;
    fc.assert(
      fc.property(anyInputArb, (input) => {
        let plan;
        try {
          plan = planDeployment(input as DeploymentInput);
        } catch (e) {
          if (!(e instanceof DeepSeekConfigError)) throw e;
          expect(e.message.startsWith(`${e.path}: `)).toBe(true);
          return;
        }
        plans++;
        expect(plan.tensorParallel * plan.pipelineParallel).toBe(plan.gpusPerReplica);
        expect(plan.gpusPerReplica).toBe(plan.nodesPerReplica * plan.gpusPerNode);
        const m = plan.memory;
        expect(m.weightsGiB + m.runtimeReserveGiB + m.kvCacheGiB).toBeLessThanOrEqual(m.gpuMemoryGiB + 0.01);
        expect(m.kvCacheGiB).toBeGreaterThan(0);
        expect(plan.nodes.max).toBe(plan.replicas.max * plan.nodesPerReplica);
        expect(plan.nodes.min).toBe(plan.replicas.min * plan.nodesPerReplica);
        expect(plan.replicas.min).toBeLessThanOrEqual(plan.replicas.max);
        expect(plan.maxSeqLen).toBeLessThanOrEqual(plan.kvCapacityTokens.perSequence);
        if (plan.capacity.reservedNodes !== undefined) expect(plan.nodes.max).toBeLessThanOrEqual(plan.capacity.reservedNodes);
        if (plan.jurisdiction) expect(JURISDICTION_SPECS[plan.jurisdiction].regions[plan.cloud]).toContain(plan.region);
        if (plan.weightPrecision === "nvfp4") expect(plan.gpuArchitecture).toBe("blackwell");
        if (plan.nodesPerReplica > 1) expect(plan.zones).toHaveLength(1);
      }),
      { numRuns: 1000, seed: 20261123 },
    );
    // The generator must reach real plans, not only refusals.
    expect(plans).toBeGreaterThan(150);
  });
});
