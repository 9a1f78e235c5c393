import fc from "fast-check";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack, Testing } from "cdktf";
import { DeepSeekApp, DeepSeekCluster, DeepSeekConfigError, planDeployment } from "../../lib";
import { replicaConcurrency } from "../../lib/plan/concurrency";
import { MAX_REQUEST_TIMEOUT_SECONDS, planDrain } from "../../lib/serving/plan-drain";
import { planTraffic } from "../../lib/traffic/plan-traffic";
import type { DeploymentPlan } from "../../lib/plan/plan";
import { planCluster, type PlacementPlan } from "../../lib/app/plan-cluster";
import { bundledObjects } from "../support/manifests";

/**
 * Numbers that must agree across layers, pinned over the input space: the servers' drain grace
 * covers the gateway's request timeout, the gateway admits what the autoscaler assumes the
 * replicas hold, and node-pool bounds are replica bounds × nodes per replica.
 */

type Json = Record<string, any>;

const HARDWARE = [
  { cloud: "aws", region: "us-east-2", hardware: "8xB200" },
  { cloud: "aws", region: "us-east-1", hardware: "8xH200" },
  { cloud: "aws", region: "us-east-1", hardware: "2x8xH100" },
  { cloud: "gcp", region: "europe-west4", hardware: "8xH200" },
  { cloud: "gcp", region: "us-central1", hardware: "2x8xH100" },
] as const;

/** Deployment inputs over hardware, mode, context length and batch overrides. */
const inputArb = fc.record({
  where: fc.constantFrom(...HARDWARE),
  mode: fc.constantFrom("latency", "throughput"),
  contextLength: fc.option(fc.integer({ min: 1024, max: 131072 }), { nil: undefined }),
  maxBatchSize: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
  attentionDataParallel: fc.option(fc.boolean(), { nil: undefined }),
  replicas: fc.option(fc.record({ min: fc.integer({ min: 1, max: 3 }), max: fc.integer({ min: 3, max: 8 }) }), { nil: undefined }),
}).map((c) => ({
  model: "deepseek-r1-0528", ...c.where, mode: c.mode, ...(c.contextLength ? { contextLength: c.contextLength } : {}),
  ...(c.replicas ? { replicas: c.replicas } : {}),
  overrides: { ...(c.maxBatchSize ? { maxBatchSize: c.maxBatchSize } : {}),
    ...(c.attentionDataParallel !== undefined ? { attentionDataParallel: c.attentionDataParallel } : {}) },
}));

/** Undefined for a refused input. */
function unlessRefused<T>(plan: () => T): T | undefined {
  try {
    return plan();
  } catch (e) {
    if (e instanceof DeepSeekConfigError) return undefined;
    throw e;
  }
}

/** Plans that succeed. */
const planArb = inputArb.map((input) => unlessRefused(() => planDeployment(input))).filter((p): p is DeploymentPlan => p !== undefined);

/** One placement planned by planCluster (autoscaling bounds optional), where the input plans. */
const placementArb = fc.tuple(inputArb, fc.option(fc.record({ min: fc.integer({ min: 1, max: 2 }), max: fc.integer({ min: 2, max: 6 }) }), { nil: undefined }))
  .map(([{ model, ...placement }, replicas]) => unlessRefused(() => planCluster({
    model, endpoint: { hostname: "api.example.com" }, ...(replicas ? { autoscaling: { replicas } } : {}),
    placements: [{ ...placement, ...(placement.cloud === "gcp" ? { gcp: { project: "my-project-123" } } : {}) }],
  }).placementPlans[0]))
  .filter((p): p is PlacementPlan => p !== undefined);

describe("drain grace covers the gateway's request timeout", () => {
  test("for every mode, context length and timeout: the gateway's timeout fits the servers' drain, or it is refused naming the timeout", () => {
    fc.assert(fc.property(planArb, fc.option(fc.integer({ min: 60, max: 86_400 }), { nil: undefined }), (plan, requestTimeoutSeconds) => {
      let traffic;
      try {
        traffic = planTraffic(plan, { hostname: "api.example.com", ...(requestTimeoutSeconds ? { requestTimeoutSeconds } : {}) });
      } catch (e) {
        expect(e).toBeInstanceOf(DeepSeekConfigError);
        expect((e as DeepSeekConfigError).path).toBe("traffic.requestTimeoutSeconds");
        expect(requestTimeoutSeconds).toBeGreaterThan(MAX_REQUEST_TIMEOUT_SECONDS);
        return;
      }
      const drain = planDrain(plan, traffic.requestTimeoutSeconds);
      // A request admitted just before the routers dropped the pod may run the full timeout.
      expect(drain.drainBudgetSeconds).toBeGreaterThanOrEqual(drain.endpointRemovalSeconds + traffic.requestTimeoutSeconds);
      expect(drain.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(drain.drainBudgetSeconds + drain.shutdownSeconds);
      expect(drain.terminationGracePeriodSeconds).toBeLessThanOrEqual(3600);
      // Without a timeout from the user, serving alone (planDrain(plan)) and the gateway agree.
      if (requestTimeoutSeconds === undefined) expect(planDrain(plan)).toEqual(drain);
    }), { numRuns: 150 });
  });

  test("DeepSeekCluster hands the gateway's timeout to the servers: 8192 tokens with a 3000 s timeout drain for 3050 s", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "couplings-")) });
    const cluster = new DeepSeekCluster(app, "c", {
      model: "deepseek-r1-0528", contextLength: 8192,
      placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200", name: "use2" }],
      endpoint: { hostname: "api.example.com" },
      traffic: { requestTimeoutSeconds: 3000 },
    });
    const objects = bundledObjects(JSON.parse(Testing.synth(cluster.placements[0].serving)) as Json).map((o) => o.object);
    const server = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "trtllm")!;
    const routes = objects.filter((o) => o.kind === "HTTPRoute" && o.spec.rules[0].backendRefs?.[0]?.kind === "InferencePool");
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) expect(r.spec.rules[0].timeouts.request).toBe("3000s");
    const pod = server.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(3050);
    expect(pod.containers[0].lifecycle.preStop.exec.command.slice(-2)).toEqual(["20", "3020"]);
  });

  test("DeepSeekCluster refuses a timeout no drain can cover, at the user's path", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "couplings-")) });
    expect(() => new DeepSeekCluster(app, "c", {
      model: "deepseek-r1-0528",
      placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }],
      endpoint: { hostname: "api.example.com" },
      traffic: { requestTimeoutSeconds: 4000 },
    })).toThrow(/^c\.traffic\.requestTimeoutSeconds: is longer than a draining server can wait/);
  });
});

describe("the gateway admits what the autoscaler assumes the replicas hold", () => {
  test("for every hardware and mode: the top tier's cap ≥ max replicas × one replica's concurrency (attention DP included)", () => {
    fc.assert(fc.property(placementArb, ({ deployment, autoscaling, traffic }) => {
      const replicaCapacity = replicaConcurrency(deployment);
      // Every Envoy replica's top tier admits the whole fleet's capacity: the load trigger can fire.
      expect(traffic.tiers[0].maxParallelRequests).toBeGreaterThanOrEqual(autoscaling.replicas.max * replicaCapacity);
      expect(traffic.tiers[0].maxParallelRequests).toBeGreaterThanOrEqual(autoscaling.replicas.max * autoscaling.queuePerReplicaTarget);
      expect(traffic.capacityConcurrency).toBe(autoscaling.replicas.max * replicaCapacity);
    }), { numRuns: 150 });
  });

  test("8xB200 throughput (attention DP): one replica holds 256 × 8 = 2,048 requests and the top tier admits both replicas' 4,096", () => {
    const plan = planDeployment({ model: "deepseek-r1-0528", cloud: "aws", region: "us-east-2", hardware: "8xB200" });
    expect(replicaConcurrency(plan)).toBe(2048);
    const traffic = planTraffic(plan, { hostname: "api.example.com" });
    expect(traffic.tiers.map((t) => t.maxParallelRequests)).toEqual([4096, 2048]);
  });
});

describe("node-pool bounds are replica bounds × nodes per replica", () => {
  test("for every hardware and replica bounds, planCluster's deployment carries the autoscaling plan's bounds", () => {
    fc.assert(fc.property(placementArb, ({ deployment: plan, autoscaling }) => {
      const want = { min: autoscaling.replicas.min * plan.nodesPerReplica, max: autoscaling.replicas.max * plan.nodesPerReplica };
      expect(plan.replicas).toEqual(autoscaling.replicas);
      expect(plan.nodes).toEqual(want);
      expect(autoscaling.nodes).toEqual(want);
      expect([autoscaling.nodeAutoscaling.minNodes, autoscaling.nodeAutoscaling.maxNodes]).toEqual([want.min, want.max]);
      expect(plan.gpus).toEqual({ min: want.min * plan.gpusPerNode, max: want.max * plan.gpusPerNode });
    }), { numRuns: 100 });
  });
});

describe("planCluster decides once, DeepSeekCluster emits", () => {
  const base = {
    model: "deepseek-r1-0528",
    placements: [
      { cloud: "gcp" as const, region: "europe-west4", hardware: "8xH200", name: "gke", gcp: { project: "my-project-123" } },
      { cloud: "aws" as const, region: "eu-north-1", hardware: "8xH200", name: "eks", autoscaling: { replicas: { min: 2, max: 5 } } },
    ],
    endpoint: { hostname: "api.example.eu", route53ZoneId: "Z0123456789EXAMPLE" },
  };

  test("every placement's node pool holds its replica bounds × nodes per replica, in the plan and in the synthesized pool", () => {
    const plan = planCluster(base, { id: "c" });
    for (const p of plan.placementPlans) {
      const want = { min: p.autoscaling.replicas.min * p.deployment.nodesPerReplica, max: p.autoscaling.replicas.max * p.deployment.nodesPerReplica };
      expect(p.deployment.replicas).toEqual(p.autoscaling.replicas);
      expect(p.deployment.nodes).toEqual(want);
      expect(p.traffic.capacityConcurrency).toBe(p.autoscaling.replicas.max * replicaConcurrency(p.deployment));
      expect(p.drain.requestTimeoutSeconds).toBe(p.traffic.requestTimeoutSeconds);
    }
    expect(plan.placementPlans[1].autoscaling.replicas).toEqual({ min: 2, max: 5 });

    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "couplings-")) });
    const cluster = new DeepSeekCluster(app, "c", base);
    const eks = JSON.parse(Testing.synth(cluster.placements[1].infra)) as Json;
    const gpuGroup = Object.values(eks.resource.aws_eks_node_group as Record<string, Json>).find((g) => JSON.stringify(g).includes("p5en.48xlarge") || JSON.stringify(g).includes("p5e.48xlarge"))!;
    expect(gpuGroup.scaling_config).toMatchObject({ min_size: 2, max_size: 5 });
    const gke = JSON.parse(Testing.synth(cluster.placements[0].infra)) as Json;
    const gpuPool = Object.values(gke.resource.google_container_node_pool as Record<string, Json>).find((np) => JSON.stringify(np).includes("a3-ultragpu-8g"))!;
    const want = plan.placementPlans[0].deployment.nodes;
    expect(gpuPool.autoscaling).toMatchObject({ total_min_node_count: want.min, total_max_node_count: want.max });
  });

  // Each case breaks one field where the user wrote it; the refusal must name exactly that path.
  const BROKEN: readonly { readonly path: (i: number) => string; readonly apply: (props: any, i: number) => void }[] = [
    { path: (i) => `placements.${i}.hardware`, apply: (p, i) => { p.placements[i].hardware = "8xA100"; } },
    { path: (i) => `placements.${i}.contextLength`, apply: (p, i) => { p.placements[i].contextLength = 200000; } },
    { path: () => "contextLength", apply: (p) => { p.contextLength = 200000; } },
    { path: (i) => `placements.${i}.autoscaling.replicas.min`, apply: (p, i) => { p.placements[i].autoscaling = { replicas: { min: 4, max: 2 } }; } },
    { path: () => "autoscaling.replicas.min", apply: (p) => { p.autoscaling = { replicas: { min: 4, max: 2 } }; for (const pl of p.placements) delete pl.autoscaling; } },
    { path: (i) => `placements.${i}.verification.busBandwidthFraction`, apply: (p, i) => { p.placements[i].verification = { busBandwidthFraction: 2 }; } },
    { path: () => "traffic.requestTimeoutSeconds", apply: (p) => { p.traffic = { requestTimeoutSeconds: 4000 }; } },
    { path: () => "traffic.tiers", apply: (p) => { p.traffic = { tiers: [{ name: "only", priority: 1, requestsPerMinutePerKey: 10 }] }; } },
    { path: () => "endpoint.hostname", apply: (p) => { p.endpoint = { hostname: "Not A Host" }; } },
    // The later of two equal names is the one refused.
    { path: () => "placements.1.name", apply: (p, i) => { p.placements[i].name = p.placements[1 - i].name; } },
    { path: (i) => `placements.${i}.autoscaling.nodeAutoscaler`, apply: (p, i) => { p.placements[i].autoscaling = { nodeAutoscaler: "karpenter" }; } },
  ];

  test("refusals carry the user's own path, under the construct id, wherever the field was written", () => {
    fc.assert(fc.property(fc.constantFrom(...BROKEN), fc.constantFrom(0, 1), fc.constantFrom("c", "prod-eu"), (broken, i, id) => {
      const props = structuredClone(base) as any;
      broken.apply(props, i);
      // karpenter exists on EKS only; GKE refuses it in the autoscaling planner at the same path.
      let error: unknown;
      try {
        planCluster(props, { id, pathRoot: id });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DeepSeekConfigError);
      expect((error as DeepSeekConfigError).path).toBe(`${id}.${broken.path(i)}`);
    }), { numRuns: 80 });
  });

  test("DeepSeekCluster refuses with the same path, before creating any stack", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "couplings-")) });
    const props = structuredClone(base) as any;
    props.placements[1].autoscaling = { replicas: { min: 4, max: 2 } };
    expect(() => new DeepSeekCluster(app, "c", props)).toThrow(/^c\.placements\.1\.autoscaling\.replicas\.min: /);
    expect(app.node.findAll().some((c) => c instanceof TerraformStack)).toBe(false);
  });
});
