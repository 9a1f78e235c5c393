import { Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GkeGpuNodePool } from "../../../lib/clouds/gcp/gpu-node-pool";
import { planGkeNodePool, type GkeNodePoolPlan } from "../../../lib/clouds/gcp/plan-gke-node-pool";
import { planGkeInfra } from "../../../lib/clouds/gcp/plan-gke-infra";
import { planGkeNetworks } from "../../../lib/clouds/gcp/plan-gke-network";
import { planDeployment } from "../../../lib/plan/index";
import { refusal } from "../../support/refusal";

/**
 * Issue 15: the GKE GPU pool's location is decided by planGkeNodePool (the plan's region unless the
 * cluster's location is given), not defaulted in GkeGpuNodePool (`location ?? plan.region`). The
 * construct is handed an edited plan: an emitter still defaulting would write the region instead.
 */
type Json = Record<string, any>;
const plan = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });
// One network/subnetwork pair per extra NIC of the node type, in NIC order.
const nicNetworks = planGkeNetworks(plan, { project: "p" }).additionalNetworks.map((n) => ({ network: n.network, subnetwork: n.subnetwork }));
const synth = (pool: GkeNodePoolPlan, extra: Json = {}): Json => JSON.parse(Testing.synthScope((s) => {
  new GoogleProvider(s, "google", { project: "p" });
  new GkeGpuNodePool(s, "gpu", { plan, pool, cluster: "c", ...extra });
})) as Json;
const poolOf = (out: Json): Json => Object.values(out.resource.google_container_node_pool)[0] as Json;

describe("GkeGpuNodePool: the location is the plan's", () => {
  const additionalNodeNetworks = nicNetworks;

  test("planned: the region by default, a zone of the region when given; GkeInfra's plan is the region", () => {
    expect(planGkeNodePool(plan, { additionalNodeNetworks }).location).toBe("europe-west4");
    expect(planGkeNodePool(plan, { additionalNodeNetworks, location: "europe-west4-b" }).location).toBe("europe-west4-b");
    expect(planGkeInfra(plan, { project: "my-project-123" }).gpuPool.location).toBe("europe-west4");
    expect(poolOf(synth(planGkeNodePool(plan, { additionalNodeNetworks }))).location).toBe("europe-west4");
  });

  test("an edited plan is written as edited", () => {
    const pool = planGkeNodePool(plan, { additionalNodeNetworks });
    expect(poolOf(synth({ ...pool, location: "planted-location" })).location).toBe("planted-location");
  });

  test("refused: a location outside the region, the location prop beside a plan, a plan without a location; fromOptions plans it", () => {
    expect(refusal(() => planGkeNodePool(plan, { additionalNodeNetworks, location: "us-central1" }, (f) => `gpu.${f}`)).path).toBe("gpu.location");
    const pool = planGkeNodePool(plan, { additionalNodeNetworks });
    expect(refusal(() => synth(pool, { location: "europe-west4" })).message).toMatch(/^gpu\.location: is decided in the pool.s plan .*; pass it to planGkeNodePool\(plan, \{ location \}\)/);
    const { location: _dropped, ...old } = pool;
    void _dropped;
    expect(refusal(() => synth(old as never)).message).toMatch(/planGkeNodePool\(plan, options\)/);
    const out = JSON.parse(Testing.synthScope((s) => {
      new GoogleProvider(s, "google", { project: "p" });
      GkeGpuNodePool.fromOptions(s, "gpu", { plan, cluster: "c", additionalNodeNetworks, location: "europe-west4-a" });
    })) as Json;
    expect(poolOf(out).location).toBe("europe-west4-a");
  });
});
