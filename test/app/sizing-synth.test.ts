import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { DeepSeekApp, DeepSeekCluster } from "../../lib";

type Json = Record<string, any>;

// Sizing reaches what is emitted: the GPU node group and the autoscaler carry the replicas the
// published point gives (8xH200, 20,000 tok/s at ≥ 100 tok/s/user → latency mode, 19.76 tok/s/GPU × 8 → 127 replicas).
describe("DeepSeekCluster with sizing", () => {
  const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "sizing-")) });
  const cluster = new DeepSeekCluster(app, "sized", {
    model: "deepseek-r1-0528",
    sizing: { outputTokensPerSecond: 20000, minTokensPerSecondPerUser: 100 },
    placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xH200", name: "eks" }],
    endpoint: { hostname: "api.example.com" },
  });

  test("the plan records the decision, and the node group's bounds are its replicas", () => {
    const [placement] = cluster.plan.placementPlans;
    expect(placement.deployment).toMatchObject({ mode: "latency", replicas: { min: 1, max: 127 }, sizing: { replicasForTarget: 127, point: { id: "h200-r1-fp8-min-latency" } } });
    expect(placement.autoscaling.replicas).toEqual({ min: 1, max: 127 });
    const infra = JSON.parse(Testing.synth(cluster.placements[0].infra)) as Json;
    const groups = Object.values(infra.resource.aws_eks_node_group) as Json[];
    const gpu = groups.find((g) => String(g.instance_types).includes("p5e") || JSON.stringify(g.instance_types).includes("p5"));
    expect(gpu?.scaling_config).toMatchObject({ min_size: 1, max_size: 127 });
  });
});
