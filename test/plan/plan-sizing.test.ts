import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { DeepSeekConfigError } from "../../lib/errors";
import { planCluster } from "../../lib/app/plan-cluster";
import { planDeployment } from "../../lib/plan/plan-deployment";
import { THROUGHPUT_FIGURES, type ThroughputFigure } from "../../lib/catalog/throughput";
import { planSizing, type SizingDeployment, type SizingInput, type SizingPlan } from "../../lib/plan/plan-sizing";
import { refusal } from "../support/refusal";

/**
 * Sizing from the published throughput points (lib/plan/plan-sizing.ts): NVIDIA's and InferenceX's,
 * every point against the vendored page or excerpt it comes from, the choice against an independent brute-force oracle over the
 * table (with planted faults that the oracle must catch), and every refusal's path, value and fix.
 */

const FIXTURES = join(__dirname, "..", "fixtures", "nvidia");
const sources = JSON.parse(readFileSync(join(FIXTURES, "sources.json"), "utf8")) as { files: { fixture: string; commit: string; path: string }[] };
const IX_FIXTURES = join(__dirname, "..", "fixtures", "inferencex");
const ixSources = JSON.parse(readFileSync(join(IX_FIXTURES, "sources.json"), "utf8")) as {
  files: { fixture: string; sources: { repository: string; commit: string; path: string }[] }[];
};

/** InferenceX points of a vendored excerpt: key → per-user (median interactivity) and per-GPU output tok/s, with the file and commit quoted. */
function inferenceXFigures(fixture: string): Map<string, { perUser: number; perGpu: number; path: string; commit: string }> {
  const excerpt = JSON.parse(readFileSync(join(IX_FIXTURES, fixture), "utf8")) as {
    points: { key: string; results: { commit: string; path: string; row: { metrics: { median_tpot: number; median_intvty: number; output_tput_per_gpu: number } } } }[];
  };
  const out = new Map<string, { perUser: number; perGpu: number; path: string; commit: string }>();
  for (const p of excerpt.points) {
    const m = p.results.row.metrics;
    // InferenceX's definition (utils/process_result.py): interactivity = 1000 / TPOT in ms.
    if (Math.abs(m.median_intvty - 1 / m.median_tpot) > 1e-6 * m.median_intvty) throw new Error(`${p.key}: median_intvty is not 1 / median_tpot`);
    out.set(p.key, { perUser: m.median_intvty, perGpu: m.output_tput_per_gpu, path: p.results.path, commit: p.results.commit });
  }
  return out;
}

/** The PERFORMANCE OVERVIEW figures of each section of a vendored excerpt: section heading → per-user and per-GPU output tok/s. */
function publishedFigures(fixture: string): Map<string, { perUser: number; perGpu: number }> {
  const text = readFileSync(join(FIXTURES, fixture), "utf8");
  const out = new Map<string, { perUser: number; perGpu: number }>();
  for (const block of text.split(/^### /m).slice(1)) {
    const heading = block.split("\n")[0].trim();
    const perUser = /^Per User Output Throughput[^:]*:\s+([\d.]+)/m.exec(block);
    const perGpu = /^Per GPU Output Throughput[^:]*:\s+([\d.]+)/m.exec(block);
    if (perUser && perGpu) out.set(heading, { perUser: Number(perUser[1]), perGpu: Number(perGpu[1]) });
  }
  return out;
}

/** Differences between table rows and their vendored pages (relative tolerance 0.1%: the table rounds to 2 decimals). */
function pointDrift(table: readonly ThroughputFigure[]): string[] {
  const drift: string[] = [];
  for (const row of table.filter((r) => r.usedForSizing)) {
    const src = row.published;
    if (src.fixture === null) { drift.push(`${row.id}: used for sizing without a vendored source`); continue; }
    const off = (mine: number, theirs: number) => Math.abs(mine - theirs) / theirs > 0.001;
    if (src.repository === "SemiAnalysisAI/InferenceX-app") {
      const entry = ixSources.files.find((f) => f.fixture === src.fixture);
      if (!entry || !entry.sources.some((x) => x.repository === src.repository && x.commit === src.commit && x.path === src.path)) { drift.push(`${row.id}: ${src.fixture} does not quote ${src.path} at ${src.commit}`); continue; }
      const fig = inferenceXFigures(src.fixture).get(src.section);
      if (!fig || fig.path !== src.path || fig.commit !== src.commit) { drift.push(`${row.id}: no point "${src.section}" from ${src.path} in ${src.fixture}`); continue; }
      if (off(row.outputTokensPerSecondPerUser, fig.perUser)) drift.push(`${row.id}: ${row.outputTokensPerSecondPerUser} tok/s/user, published ${fig.perUser}`);
      if (off(row.outputTokensPerSecondPerGpu, fig.perGpu)) drift.push(`${row.id}: ${row.outputTokensPerSecondPerGpu} tok/s/GPU, published ${fig.perGpu}`);
      continue;
    }
    const entry = sources.files.find((f) => f.fixture === src.fixture);
    if (!entry || entry.commit !== src.commit || entry.path !== src.path) { drift.push(`${row.id}: ${src.fixture} is not in sources.json at ${src.commit}`); continue; }
    const fig = publishedFigures(src.fixture).get(src.section);
    if (!fig) { drift.push(`${row.id}: no section "${src.section}" in ${src.fixture}`); continue; }
    if (off(row.outputTokensPerSecondPerUser, fig.perUser)) drift.push(`${row.id}: ${row.outputTokensPerSecondPerUser} tok/s/user, published ${fig.perUser}`);
    if (off(row.outputTokensPerSecondPerGpu, fig.perGpu)) drift.push(`${row.id}: ${row.outputTokensPerSecondPerGpu} tok/s/GPU, published ${fig.perGpu}`);
  }
  return drift;
}

describe("published points", () => {
  test("every point used for sizing is the figure NVIDIA or InferenceX published, in the vendored excerpt at the commit its sources.json records", () => {
    expect(THROUGHPUT_FIGURES.filter((r) => r.usedForSizing).length).toBeGreaterThanOrEqual(7);
    // 8xB200 NVFP4 has no balanced point: its InferenceX run is in no stored copy (MISSING_POINTS, test/catalog/balanced-points.test.ts).
    expect(THROUGHPUT_FIGURES.filter((r) => r.usedForSizing && r.mode === "balanced").map((r) => `${r.gpu}/${r.weightPrecision}`)).toEqual(["B200/fp8", "H200/fp8"]);
    expect(pointDrift(THROUGHPUT_FIGURES)).toEqual([]);
  });

  test.each([
    ["a per-user figure off by 2%", (r: ThroughputFigure) => ({ ...r, outputTokensPerSecondPerUser: r.outputTokensPerSecondPerUser * 1.02 })],
    ["a per-GPU figure off by 1%", (r: ThroughputFigure) => ({ ...r, outputTokensPerSecondPerGpu: r.outputTokensPerSecondPerGpu * 0.99 })],
    ["a section that is not in the page", (r: ThroughputFigure) => ({ ...r, published: { ...r.published, section: "B200 max-throughput" } })],
    ["a commit other than the vendored one", (r: ThroughputFigure) => ({ ...r, published: { ...r.published, commit: "0".repeat(40) } })],
    ["a path other than the quoted one", (r: ThroughputFigure) => ({ ...r, published: { ...r.published, path: `${r.published.path}.old` } })],
    ["no vendored source", (r: ThroughputFigure) => ({ ...r, published: { ...r.published, fixture: null } })],
  ])("planted fault: %s is caught", (_, plant) => {
    for (const victim of THROUGHPUT_FIGURES.filter((r) => r.usedForSizing)) {
      const table = THROUGHPUT_FIGURES.map((r) => (r === victim ? plant(r) : r));
      expect(pointDrift(table).some((d) => d.startsWith(`${victim.id}:`))).toBe(true);
    }
  });
});

const deployment = (over: Partial<SizingDeployment> = {}): SizingDeployment => ({
  model: "deepseek-r1-0528", hardware: "8xB200", gpu: "B200", gpusPerReplica: 8, nodesPerReplica: 1, weightPrecision: "nvfp4", kvCacheDtype: "fp8",
  mode: "throughput", cloud: "aws", capacity: { kind: "on-demand", placementGroup: false, compactPlacement: false } as SizingDeployment["capacity"], ...over,
});
const B200 = deployment();
const H200 = deployment({ hardware: "8xH200", gpu: "H200", weightPrecision: "fp8" });
const B200_BF16_KV = deployment({ kvCacheDtype: "bf16" });

/** Rows measured on this platform, filtered here without the planner's code (every test model is R1, whose points these are). */
const samePlatform = (d: SizingDeployment, table: readonly ThroughputFigure[] = THROUGHPUT_FIGURES) => table.filter((r) => r.usedForSizing
  && r.gpu === d.gpu && r.gpus === d.gpusPerReplica && r.weightPrecision === d.weightPrecision && (r.kvCacheDtype ?? d.kvCacheDtype) === d.kvCacheDtype);

/** Violations of what a sizing decision must satisfy, computed from the table alone (an independent oracle). */
function violations(d: SizingDeployment, input: SizingInput, plan: SizingPlan, table: readonly ThroughputFigure[] = THROUGHPUT_FIGURES): string[] {
  const out: string[] = [];
  const required = input.minTokensPerSecondPerUser ?? (input.maxTimePerOutputTokenMs ? 1000 / input.maxTimePerOutputTokenMs : 0);
  const row = table.find((r) => r.id === plan.point.id);
  if (!row) return ["chosen point is not in the table"];
  if (row.gpu !== d.gpu || row.gpus !== d.gpusPerReplica || row.weightPrecision !== d.weightPrecision) out.push("chosen point measured other hardware or precision");
  if (row.kvCacheDtype !== undefined && row.kvCacheDtype !== d.kvCacheDtype) out.push("chosen point measured another KV dtype");
  if (row.outputTokensPerSecondPerUser < required) out.push("chosen point is slower per user than required");
  if (row.mode !== plan.mode) out.push("mode is not the chosen point's mode");
  const perReplica = row.outputTokensPerSecondPerGpu * d.gpusPerReplica;
  if (plan.replicasForTarget * perReplica < input.outputTokensPerSecond) out.push("replicas do not carry the target");
  if ((plan.replicasForTarget - 1) * perReplica >= input.outputTokensPerSecond) out.push("one replica fewer would carry the target");
  if (plan.replicas.max < plan.replicasForTarget) out.push("maximum below the replicas the target needs");
  const better = samePlatform(d, table)
    .filter((p) => p.outputTokensPerSecondPerUser >= required && p.outputTokensPerSecondPerGpu > row.outputTokensPerSecondPerGpu);
  if (better.length > 0) out.push(`a point with more tok/s/GPU meets the speed: ${better[0].id}`);
  if (!plan.formula.some((l) => l.includes(`= ${plan.replicasForTarget}`))) out.push("formula does not show the replica count");
  if (!plan.point.source.url.startsWith("https://") || plan.point.source.commit.length !== 40) out.push("point carries no source");
  return out;
}

const targetArb = fc.record({
  outputTokensPerSecond: fc.double({ min: 1, max: 2e5, noNaN: true }),
  minTokensPerSecondPerUser: fc.option(fc.double({ min: 0.5, max: 400, noNaN: true }), { nil: undefined }),
});

describe("picking the mode and replicas", () => {
  const platforms: [string, SizingDeployment][] = [["8xB200 NVFP4 (KV fp8)", B200], ["8xB200 NVFP4 (KV bf16)", B200_BF16_KV], ["8xH200 FP8", H200], ["8xB200 FP8 (one point)", deployment({ weightPrecision: "fp8" })]];
  test.each(platforms)("%s: every decision meets the oracle, every refusal is right to refuse", (_, d) => {
    let decided = 0;
    fc.assert(fc.property(targetArb, (t) => {
      const input = Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as SizingInput;
      let plan: SizingPlan;
      try {
        plan = planSizing(d, input);
      } catch (e) {
        if (!(e instanceof DeepSeekConfigError)) throw e;
        // Refused only when no published point meets the speed (the pool holds 450 nodes, more than any target here needs at the fastest rate).
        const meets = samePlatform(d).some((p) => p.outputTokensPerSecondPerUser >= (input.minTokensPerSecondPerUser ?? 0));
        if (meets) expect(e.path).toBe("sizing.outputTokensPerSecond");
        else expect(e.path).toBe("sizing.minTokensPerSecondPerUser");
        return;
      }
      decided++;
      expect(violations(d, input, plan)).toEqual([]);
    }), { numRuns: 400, seed: 20261130 });
    expect(decided).toBeGreaterThan(100);
  });

  test("a higher target never needs fewer replicas; a higher per-user speed never buys more tok/s/GPU", () => {
    const num = (min: number, max: number) => fc.double({ min, max, noNaN: true });
    fc.assert(fc.property(num(1, 3e4), num(1, 2), num(1, 150), (tps, k, speed) => {
      const a = planSizing(H200, { outputTokensPerSecond: tps, minTokensPerSecondPerUser: speed });
      const b = planSizing(H200, { outputTokensPerSecond: tps * k, minTokensPerSecondPerUser: speed });
      expect(b.replicasForTarget).toBeGreaterThanOrEqual(a.replicasForTarget);
      const c = planSizing(H200, { outputTokensPerSecond: tps, minTokensPerSecondPerUser: Math.min(158, speed * k) });
      expect(c.point.outputTokensPerSecondPerGpu).toBeLessThanOrEqual(a.point.outputTokensPerSecondPerGpu);
    }), { numRuns: 100, seed: 7 });
  });

  test("worked example: 100,000 tok/s at 25 tok/s/user on 8xH200 FP8 takes the mid-concurrency point (InferenceX, concurrency 64), 11× fewer replicas than batch-1", () => {
    const plan = planSizing(H200, { outputTokensPerSecond: 100000, minTokensPerSecondPerUser: 25 });
    // 228.3 tok/s/GPU × 8 = 1,826.4 tok/s per replica; ceil(100,000 ÷ 1,826.4) = 55 (batch-1: ceil(100,000 ÷ (19.76 × 8)) = 633).
    expect(plan).toMatchObject({ mode: "balanced", modeChosenBy: "sizing", replicasForTarget: 55, replicas: { min: 1, max: 55 }, perReplicaOutputTokensPerSecond: 1826.4 });
    expect(plan.point).toMatchObject({ id: "h200-r1-0528-fp8-conc64-inferencex", concurrency: 64, source: { repository: "SemiAnalysisAI/InferenceX-app" } });
    expect(plan.candidates.map((c) => [c.mode, c.status, c.replicas])).toEqual([["latency", "fewer-tokens-per-gpu", 633], ["balanced", "chosen", 55], ["throughput", "too-slow", 9]]);
    expect(plan.formula).toContain("replicas = ceil(100000 tok/s ÷ 1826.4 tok/s) = 55");
    expect(plan.formula).toContain("mode balanced: h200-r1-0528-fp8-conc64-inferencex: 30.19 tok/s/user, 228.3 tok/s/GPU → chosen (meets the per-user speed with the most tok/s/GPU)");
    const caveats = plan.caveats.join(" ");
    expect(caveats).toContain("measured by InferenceX (SemiAnalysis) against trtllm-serve over HTTP");
    expect(caveats).toContain("the run differs from the balanced recipe in image");
    expect(caveats).toContain("mtpLayers (measured without MTP");
    expect(caveats).toContain("different ISL/OSL (1024/2048, 1024/1024)");
    expect(caveats).toContain("SemiAnalysisAI/InferenceX-app@a369c398:packages/app/cypress/fixtures/api/benchmarks.json");
  });

  test("8xB200 NVFP4 at 40 tok/s/user: balanced is not sized (its point is in no stored copy, and the formula says so); the batch-1 point carries it", () => {
    const plan = planSizing(B200, { outputTokensPerSecond: 100000, minTokensPerSecondPerUser: 40 });
    expect(plan).toMatchObject({ mode: "latency", replicasForTarget: 365, point: { id: "b200-r1-fp4-min-latency" } });
    expect(plan.candidates.map((c) => [c.mode, c.status])).toEqual([["latency", "chosen"], ["balanced", "no-published-point"], ["throughput", "too-slow"]]);
    expect(plan.formula.find((f) => f.startsWith("mode balanced:"))).toContain("not sized: no published point is vendored (InferenceX's 8xB200 NVFP4 concurrency-128 run");
  });

  test("worked example: 100,000 tok/s at 100 tok/s/user on 8xB200 NVFP4 needs the batch-1 latency point (the only published one that fast)", () => {
    const plan = planSizing(B200, { outputTokensPerSecond: 100000, minTokensPerSecondPerUser: 100 });
    expect(plan).toMatchObject({ mode: "latency", replicasForTarget: 365, perReplicaOutputTokensPerSecond: 274.4, point: { id: "b200-r1-fp4-min-latency" } });
    expect(plan.candidates.map((c) => [c.mode, c.status])).toEqual([["latency", "chosen"], ["balanced", "no-published-point"], ["throughput", "too-slow"]]);
    expect(plan.formula).toContain("replicas = ceil(100000 tok/s ÷ 274.4 tok/s) = 365");
    expect(plan.caveats.join(" ")).toContain("measured one request at a time");
    expect(plan.caveats.join(" ")).toContain("measured by NVIDIA with trtllm-bench");
  });

  test("8xB200 FP8 sizes from its one published point (balanced); other modes say there is none", () => {
    const fp8 = deployment({ weightPrecision: "fp8" });
    const plan = planSizing(fp8, { outputTokensPerSecond: 10000, minTokensPerSecondPerUser: 30 });
    expect(plan).toMatchObject({ mode: "balanced", replicasForTarget: Math.ceil(10000 / (257.78 * 8)), point: { id: "b200-r1-0528-fp8-conc64-inferencex" } });
    expect(plan.candidates.map((c) => [c.mode, c.status])).toEqual([["latency", "no-published-point"], ["balanced", "chosen"], ["throughput", "no-published-point"]]);
    expect(plan.formula).toContain("mode latency: no published point → not sized: neither NVIDIA nor InferenceX publishes a point for it");
    expect(plan.caveats.join(" ")).toContain("attentionDataParallel (the run had attention DP on (the result row: decode_dp_attention true)");
  });

  test("worked example: throughput only (no per-user speed) picks the max-throughput point; a time-per-token budget converts to tok/s/user", () => {
    expect(planSizing(B200, { outputTokensPerSecond: 100000 })).toMatchObject({ mode: "throughput", replicasForTarget: 3, point: { id: "b200-r1-0528-fp4-max-throughput-fp8kv" } });
    expect(planSizing(B200_BF16_KV, { outputTokensPerSecond: 100000, maxTimePerOutputTokenMs: 100 })).toMatchObject({
      mode: "throughput", point: { id: "b200-r1-fp4-max-throughput-bf16kv" }, target: { requiredTokensPerSecondPerUser: 10 }, replicasForTarget: 3,
    });
    const h200 = planSizing(H200, { outputTokensPerSecond: 20000, maxTimePerOutputTokenMs: 50 });
    expect(h200).toMatchObject({ mode: "balanced", replicasForTarget: Math.ceil(20000 / (228.3 * 8)), point: { id: "h200-r1-0528-fp8-conc64-inferencex" } });
    const h200Fast = planSizing(H200, { outputTokensPerSecond: 20000, maxTimePerOutputTokenMs: 20 });
    expect(h200Fast).toMatchObject({ mode: "latency", replicasForTarget: Math.ceil(20000 / (19.76 * 8)) });
    expect(h200.formula[0]).toBe("per-user speed needed = 1000 ms ÷ 50 ms per token = 20 tok/s/user");
  });

  test("planted faults: the oracle catches a decision that is off by one replica, too slow, suboptimal or unsourced", () => {
    const input = { outputTokensPerSecond: 50000, minTokensPerSecondPerUser: 5 };
    const good = planSizing(H200, input);
    expect(violations(H200, input, good)).toEqual([]);
    const latency = planSizing(H200, { ...input, minTokensPerSecondPerUser: 100 });
    const planted: [string, SizingPlan, SizingInput][] = [
      ["one replica fewer", { ...good, replicasForTarget: good.replicasForTarget - 1 }, input],
      ["one replica more", { ...good, replicasForTarget: good.replicasForTarget + 1 }, input],
      ["a point too slow for the user", good, { ...input, minTokensPerSecondPerUser: 100 }],
      ["a point with fewer tok/s/GPU", { ...latency, replicasForTarget: Math.ceil(50000 / (19.76 * 8)) }, input],
      ["no source", { ...good, point: { ...good.point, source: { ...good.point.source, url: "" } } }, input],
      ["mode not the point's", { ...good, mode: "balanced" }, input],
    ];
    for (const [what, plan, inp] of planted) expect({ what, found: violations(H200, inp, plan).length > 0 }).toEqual({ what, found: true });
  });
});

describe("refusals name the field, the value and the fix", () => {
  test("a per-user speed above every published point", () => {
    const e = refusal(() => planSizing(B200, { outputTokensPerSecond: 1000, minTokensPerSecondPerUser: 300 }));
    expect(e).toMatchObject({ path: "sizing.minTokensPerSecondPerUser", received: 300 });
    expect(e.problem).toContain("274.72");
    expect(e.fix).toContain("at most 274.72 tok/s per user");
    const tpot = refusal(() => planSizing(H200, { outputTokensPerSecond: 1000, maxTimePerOutputTokenMs: 5 }));
    expect(tpot).toMatchObject({ path: "sizing.maxTimePerOutputTokenMs", received: 5 });
    expect(tpot.fix).toContain("at least 7 ms");
  });

  test.each([
    ["2x8xH100", deployment({ hardware: "2x8xH100", gpu: "H100", gpusPerReplica: 16, nodesPerReplica: 2, weightPrecision: "fp8" })],
    ["8xB300", deployment({ hardware: "8xB300", gpu: "B300" })],
    ["DeepSeek-V3.2 (sparse attention)", deployment({ model: "deepseek-v3.2" })],
    ["a dense distill", deployment({ model: "deepseek-r1-distill-llama-70b", weightPrecision: "bf16" })],
  ])("no published point for %s: says so instead of guessing", (_, d) => {
    const e = refusal(() => planSizing(d, { outputTokensPerSecond: 1000 }));
    expect(e.path).toBe("sizing");
    expect(e.problem).toContain("no published throughput point");
    expect(e.fix).toContain("give replicas { min, max } yourself");
    expect(e.fix).toContain("8xH200 FP8 throughput");
  });

  test("a fixed mode without a point, or too slow, names the mode that has one", () => {
    const latency = refusal(() => planSizing(deployment({ weightPrecision: "fp8" }), { outputTokensPerSecond: 1000 }, "latency"));
    expect(latency.path).toBe("sizing");
    expect(latency.problem).toContain("neither NVIDIA nor InferenceX publishes a DeepSeek-R1 TensorRT-LLM point for 8xB200 FP8 (KV fp8) serving deepseek-r1-0528 in mode latency");
    expect(latency.fix).toContain('use mode "balanced", which has one');
    const slow = refusal(() => planSizing(B200, { outputTokensPerSecond: 1000, minTokensPerSecondPerUser: 50 }, "throughput"));
    expect(slow).toMatchObject({ path: "sizing.minTokensPerSecondPerUser", received: 50 });
    expect(slow.fix).toContain('mode "latency" reaches 274.72');
    expect(planSizing(B200, { outputTokensPerSecond: 1000, minTokensPerSecondPerUser: 50 }, "latency").modeChosenBy).toBe("input");
  });

  test("both per-user forms, bad numbers, and targets beyond one node pool or a reservation", () => {
    expect(refusal(() => planSizing(B200, { outputTokensPerSecond: 1, minTokensPerSecondPerUser: 5, maxTimePerOutputTokenMs: 10 })).path).toBe("sizing.maxTimePerOutputTokenMs");
    expect(refusal(() => planSizing(B200, { outputTokensPerSecond: -5 })).path).toBe("sizing.outputTokensPerSecond");
    expect(refusal(() => planSizing(B200, { outputTokensPerSecond: 1, extra: 1 } as never)).path).toMatch(/^sizing/);
    const pool = refusal(() => planSizing(B200, { outputTokensPerSecond: 1e6, minTokensPerSecondPerUser: 100 }));
    expect(pool).toMatchObject({ path: "sizing.outputTokensPerSecond", received: 1e6 });
    expect(pool.fix).toContain("450 replicas");
    const reserved = deployment({ capacity: { kind: "reservation", reservedNodes: 2, placementGroup: false, compactPlacement: false } as SizingDeployment["capacity"] });
    const r = refusal(() => planSizing(reserved, { outputTokensPerSecond: 100000 }));
    expect(r.fix).toContain("reserve 3 nodes");
  });
});

describe("planCluster carries sizing into the deployment and the autoscaler", () => {
  const cluster = (over: Record<string, unknown> = {}, placement: Record<string, unknown> = {}) => planCluster({
    model: "deepseek-r1-0528", endpoint: { hostname: "api.example.com" },
    placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xH200", ...placement }], ...over,
  } as never);

  test("cluster sizing picks the mode and the replica bounds; the plan records the arithmetic", () => {
    const plan = cluster({ sizing: { outputTokensPerSecond: 20000, minTokensPerSecondPerUser: 5 } });
    const d = plan.placements[0];
    expect(d.mode).toBe("throughput");
    expect(d.replicas).toEqual({ min: 1, max: 2 });
    expect(d.nodes).toEqual({ min: 1, max: 2 });
    expect(d.sizing).toMatchObject({ replicasForTarget: 2, point: { id: "h200-r1-fp8-max-throughput" } });
    expect(plan.placementPlans[0].autoscaling.replicas).toEqual({ min: 1, max: 2 });
    const fast = cluster({ sizing: { outputTokensPerSecond: 2000, minTokensPerSecondPerUser: 100 } }).placements[0];
    expect(fast).toMatchObject({ mode: "latency", recipeId: "H200/fp8/latency", replicas: { min: 1, max: 13 } });
    // The same as planning the deployment in that mode with those replicas by hand.
    const byHand = planDeployment({ model: "deepseek-r1-0528", cloud: "aws", region: "us-east-2", hardware: "8xH200", mode: "latency", replicas: { min: 1, max: 13 } });
    expect({ ...fast, sizing: undefined }).toEqual({ ...byHand, sizing: undefined, resourcePrefix: fast.resourcePrefix, protection: fast.protection, warnings: fast.warnings });
  });

  test("refusals point at the field as written", () => {
    const at = (f: () => unknown) => { try { f(); } catch (e) { return (e as DeepSeekConfigError).path; } return "planned"; };
    expect(at(() => cluster({}, { sizing: { outputTokensPerSecond: 1000, minTokensPerSecondPerUser: 500 } }))).toBe("placements.0.sizing.minTokensPerSecondPerUser");
    expect(at(() => cluster({ sizing: { outputTokensPerSecond: 1000 } }, { hardware: "2x8xH100", region: "us-east-1" }))).toBe("sizing");
    expect(at(() => cluster({ sizing: { outputTokensPerSecond: 1000 } }, { replicas: { min: 1, max: 3 } }))).toBe("placements.0.replicas");
    expect(at(() => cluster({ sizing: { outputTokensPerSecond: 1000 }, autoscaling: { replicas: { min: 1, max: 3 } } }))).toBe("autoscaling.replicas");
    const twice = () => cluster({ sizing: { outputTokensPerSecond: 1000 }, autoscaling: { targets: { outputTokensPerSecond: 5 } } });
    expect(at(twice)).toBe("autoscaling.targets.outputTokensPerSecond");
  });
});
