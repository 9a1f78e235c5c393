import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MISSING_RECIPES, RUNTIME_RECIPES, SERVING_MODES, type RecipeKey } from "../../lib/catalog";
import { MISSING_POINTS, THROUGHPUT_FIGURES, type MeasuredSettings, type PointKey, type ThroughputFigure } from "../../lib/catalog/throughput";
import { planSizing } from "../../lib/plan/plan-sizing";
import { planAutoscaling } from "../../lib/autoscaling/plan-autoscaling";
import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/plan-deployment";
import { refusal } from "../support/refusal";

/**
 * The mid-concurrency ("balanced") points come from InferenceX, not from NVIDIA: each one is held to
 * the result row and the configuration InferenceX published for its run, as the search tools' stored
 * copies hold them (test/fixtures/inferencex, every value quoted with repository, path and commit),
 * and to the balanced recipe it sizes (lib/catalog/recipes.ts, itself held to NVIDIA's file by
 * nvidia-recipes.test.ts). Every setting in which the run differs from the recipe must be declared
 * with its reason, and every declaration must be a real difference. A balanced recipe whose point is
 * in no stored copy has no point, and the planner names the missing source instead of sizing.
 */

const IX = join(__dirname, "..", "fixtures", "inferencex");
const FIXTURE = "dsr1-trt-1k1k-mid-concurrency.excerpt.json";

interface Metrics { median_tpot: number; median_intvty: number; output_tput_per_gpu: number; input_tput_per_gpu: number; tput_per_gpu: number }
interface ExcerptPoint {
  key: string;
  results: {
    repository: string; commit: string; path: string;
    row: {
      image: string; date: string; run_url: string; spec_method: string; conc: number; isl: number; osl: number;
      decode_tp: number; decode_ep: number; decode_dp_attention: boolean; metrics: Metrics;
    };
  };
  config: {
    repository: string; files: { path: string; commit: string; quoted: string }[]; image: string; model: string;
    options: {
      enable_attention_dp: boolean;
      attention_dp_config?: { enable_balance: boolean };
      moe_config: { backend: string };
      cuda_graph_config: { max_batch_size: number };
      kv_cache_config: { dtype: string; free_gpu_memory_fraction: number };
      max_num_tokens: number;
      speculative_config: { max_draft_len?: number; num_nextn_predict_layers?: number } | null;
    };
  };
}
interface Excerpt {
  points: ExcerptPoint[];
  not_found: { key: string; quoted_before: { run_url: string }; searched: { repository: string; commit: string; path: string }[] }[];
}

const readExcerpt = (): Excerpt => JSON.parse(readFileSync(join(IX, FIXTURE), "utf8")) as Excerpt;
const sources = JSON.parse(readFileSync(join(IX, "sources.json"), "utf8")) as { files: { fixture: string; sources: { repository: string; commit: string; path: string }[] }[] };

const GPU_HARDWARE: Record<string, string> = { B200: "8xB200", H200: "8xH200" };
const withRuns = THROUGHPUT_FIGURES.filter((r) => r.measured !== undefined);
const round2 = (x: number) => Math.round(x * 100) / 100;
const runId = (url: string) => /actions\/runs\/(\d+)/.exec(url)![1];

/** Where a figure's stated settings disagree with the configuration its source published. */
function configDrift(row: ThroughputFigure, excerpt: Excerpt = readExcerpt()): string[] {
  const m = row.measured!;
  const point = excerpt.points.find((p) => p.key === row.published.section);
  if (!point) return [`${row.id}: no point ${row.published.section}`];
  const o = point.config.options;
  const r = point.results.row;
  const drift: string[] = [];
  const check = (what: string, mine: unknown, theirs: unknown) => { if (JSON.stringify(mine) !== JSON.stringify(theirs)) drift.push(`${row.id}: ${what} ${JSON.stringify(mine)}, published ${JSON.stringify(theirs)}`); };
  check("image", m.image, point.config.image.replace("#", "/"));
  check("image (result row)", m.image, r.image);
  check("config repository", m.config.repository, point.config.repository);
  check("config files", m.config.files, point.config.files.map(({ path, commit }) => ({ path, commit })));
  check("tensorParallel", m.tensorParallel, r.decode_tp);
  check("expertParallel", m.expertParallel, r.decode_ep);
  check("attentionDataParallel", m.attentionDataParallel, o.enable_attention_dp);
  check("attentionDataParallel (result row)", m.attentionDataParallel, r.decode_dp_attention);
  check("attentionDpBalance", m.attentionDpBalance, o.attention_dp_config?.enable_balance ?? false);
  check("moeBackend", m.moeBackend, o.moe_config.backend);
  check("mtpLayers", m.mtpLayers, o.speculative_config?.max_draft_len ?? o.speculative_config?.num_nextn_predict_layers ?? 0);
  check("mtpLayers (result row)", m.mtpLayers === 0 ? "none" : "mtp", r.spec_method);
  check("kvCacheFreeMemoryFraction", m.kvCacheFreeMemoryFraction, o.kv_cache_config.free_gpu_memory_fraction);
  check("kvCacheDtype", row.kvCacheDtype, o.kv_cache_config.dtype);
  check("cudaGraphMaxBatchSize", m.cudaGraphMaxBatchSize, o.cuda_graph_config.max_batch_size);
  check("maxNumTokens", m.maxNumTokens, o.max_num_tokens);
  check("concurrency", row.concurrency, r.conc);
  check("sequence lengths", [row.inputSequenceLength, row.outputSequenceLength], [r.isl, r.osl]);
  check("GPUs", row.gpus, r.decode_tp);
  check("checkpoint", row.checkpoint, point.config.model);
  return drift;
}

/**
 * Where a figure disagrees with the result row it quotes, computed from the row (not from the
 * catalog): per-user speed = 1 / median TPOT in seconds (InferenceX utils/process_result.py:
 * 1000 / TPOT in ms), per-GPU = the row's output_tput_per_gpu (output throughput ÷ TP), both to the
 * catalog's two decimals; the row's own arithmetic (median_intvty, input + output = total per GPU);
 * and the run, date and TPOT the catalog's source text names.
 */
function figureDrift(row: ThroughputFigure, excerpt: Excerpt = readExcerpt()): string[] {
  const point = excerpt.points.find((p) => p.key === row.published.section);
  if (!point) return [`${row.id}: no point ${row.published.section}`];
  const { row: r, commit, path, repository } = point.results;
  const m = r.metrics;
  const drift: string[] = [];
  const perUser = 1 / m.median_tpot;
  if (Math.abs(m.median_intvty - perUser) > 1e-9 * perUser) drift.push(`${row.id}: the row's median_intvty ${m.median_intvty} is not 1 / median_tpot (${perUser})`);
  if (Math.abs(m.input_tput_per_gpu + m.output_tput_per_gpu - m.tput_per_gpu) > 1e-9 * m.tput_per_gpu) drift.push(`${row.id}: the row's input + output per GPU is not its total`);
  if (row.outputTokensPerSecondPerUser !== round2(perUser)) drift.push(`${row.id}: ${row.outputTokensPerSecondPerUser} tok/s/user, the row gives 1 / ${m.median_tpot} s = ${round2(perUser)}`);
  if (row.outputTokensPerSecondPerGpu !== round2(m.output_tput_per_gpu)) drift.push(`${row.id}: ${row.outputTokensPerSecondPerGpu} tok/s/GPU, the row gives ${round2(m.output_tput_per_gpu)}`);
  if (row.published.commit !== commit || row.published.path !== path || row.published.repository !== repository) drift.push(`${row.id}: published at ${row.published.repository}@${row.published.commit}:${row.published.path}, the excerpt quotes ${repository}@${commit}:${path}`);
  for (const text of [`run ${"https://github.com/SemiAnalysisAI/InferenceX/actions/runs/"}${runId(r.run_url)} (${r.date})`, `TPOT ${(m.median_tpot * 1000).toFixed(2)} ms`, `${row.outputTokensPerSecondPerGpu.toFixed(2)} output tok/s/GPU`, `${row.outputTokensPerSecondPerUser.toFixed(2)} tok/s/user`]) {
    if (!row.source.includes(text)) drift.push(`${row.id}: the source text does not say "${text}"`);
  }
  return drift;
}

/** Settings in which the run differs from the recipe of its mode, against what the row declares. */
function recipeDrift(row: ThroughputFigure): string[] {
  const plan = planDeployment({ model: "deepseek-r1-0528", hardware: GPU_HARDWARE[row.gpu], cloud: "aws", region: "us-east-2", mode: row.mode, overrides: { precision: row.weightPrecision } });
  const m = row.measured!;
  const emitted: Omit<MeasuredSettings, "config"> = {
    image: `${plan.image.repository}:${plan.image.tag}`, tensorParallel: plan.tensorParallel, expertParallel: plan.expertParallel,
    attentionDataParallel: plan.attentionDataParallel, attentionDpBalance: plan.attentionDpBalance, moeBackend: plan.moeBackend!, mtpLayers: plan.mtpLayers,
    kvCacheFreeMemoryFraction: plan.kvCacheFreeMemoryFraction, cudaGraphMaxBatchSize: plan.cudaGraphMaxBatchSize, maxNumTokens: plan.maxNumTokens,
  };
  const declared = row.differsFromRecipe ?? {};
  const drift: string[] = [];
  if (plan.kvCacheDtype !== row.kvCacheDtype) drift.push(`${row.id}: KV ${row.kvCacheDtype}, the recipe runs ${plan.kvCacheDtype}`);
  for (const [k, value] of Object.entries(emitted) as [keyof typeof emitted, unknown][]) {
    const differs = JSON.stringify(m[k]) !== JSON.stringify(value);
    if (differs && !(k in declared)) drift.push(`${row.id}: ${k} ${JSON.stringify(m[k])} differs from the recipe's ${JSON.stringify(value)} undeclared`);
    if (!differs && k in declared) drift.push(`${row.id}: ${k} declared different but equal (${JSON.stringify(value)})`);
  }
  return drift;
}

describe("InferenceX mid-concurrency points", () => {
  test("two points, each with the configuration that produced it; every balanced recipe has a point or names the source it lacks", () => {
    expect(withRuns.map((r) => r.id)).toEqual(["b200-r1-0528-fp8-conc64-inferencex", "h200-r1-0528-fp8-conc64-inferencex"]);
    for (const r of withRuns) {
      expect(r).toMatchObject({ mode: "balanced", usedForSizing: true, published: { repository: "SemiAnalysisAI/InferenceX-app", fixture: FIXTURE } });
      expect(RUNTIME_RECIPES[`${r.gpu}/${r.weightPrecision}/balanced` as RecipeKey]).toBeDefined();
    }
    const balanced = Object.keys(RUNTIME_RECIPES).filter((k) => k.endsWith("/balanced"));
    for (const k of balanced) {
      const [gpu, precision] = k.split("/");
      const points = THROUGHPUT_FIGURES.filter((r) => r.usedForSizing && r.mode === "balanced" && r.gpu === gpu && r.weightPrecision === precision);
      expect({ k, points: points.length, missing: MISSING_POINTS[k as PointKey] !== undefined }).toEqual({ k, points: points.length === 1 ? 1 : 0, missing: points.length === 0 });
    }
    expect(Object.keys(MISSING_POINTS)).toEqual(["B200/nvfp4/balanced"]);
  });

  test("every point and every config file is quoted from a stored copy listed in sources.json", () => {
    const listed = sources.files.find((f) => f.fixture === FIXTURE)!.sources.map((x) => `${x.repository}@${x.commit}:${x.path}`);
    for (const p of readExcerpt().points) {
      expect(listed).toContain(`${p.results.repository}@${p.results.commit}:${p.results.path}`);
      for (const f of p.config.files) expect(listed).toContain(`${p.config.repository}@${f.commit}:${f.path}`);
    }
  });

  test.each(withRuns.map((r) => [r.id, r] as const))("%s: figures as the stored result row gives them", (_, row) => {
    expect(figureDrift(row)).toEqual([]);
  });

  test.each(withRuns.map((r) => [r.id, r] as const))("%s: settings as InferenceX published them", (_, row) => {
    expect(configDrift(row)).toEqual([]);
  });

  test.each(withRuns.map((r) => [r.id, r] as const))("%s: every difference from the balanced recipe is declared, every declaration is a difference", (_, row) => {
    expect(recipeDrift(row)).toEqual([]);
  });

  test("the concurrency of each point is the concurrency of NVIDIA's file the recipe reproduces", () => {
    for (const r of withRuns) {
      const recipe = RUNTIME_RECIPES[`${r.gpu}/${r.weightPrecision}/balanced` as RecipeKey]!;
      expect({ id: r.id, file: recipe.source.path }).toEqual({ id: r.id, file: expect.stringContaining(`_conc${r.concurrency}.yaml`) });
    }
  });

  test.each([
    ["a per-user figure off by 0.01", (r: ThroughputFigure) => ({ ...r, outputTokensPerSecondPerUser: round2(r.outputTokensPerSecondPerUser + 0.01) })],
    ["a per-GPU figure off by 0.01", (r: ThroughputFigure) => ({ ...r, outputTokensPerSecondPerGpu: round2(r.outputTokensPerSecondPerGpu - 0.01) })],
    ["per-user and per-GPU swapped", (r: ThroughputFigure) => ({ ...r, outputTokensPerSecondPerUser: r.outputTokensPerSecondPerGpu, outputTokensPerSecondPerGpu: r.outputTokensPerSecondPerUser })],
    ["another run named in the source", (r: ThroughputFigure) => ({ ...r, source: r.source.replace(/runs\/\d+/, "runs/26016880548") })],
    ["the fetched commit instead of the stored one", (r: ThroughputFigure) => ({ ...r, published: { ...r.published, commit: "528c4146b8f502fcbce8df7870a935a970cbae25" } })],
  ])("planted fault in the catalog: %s is caught", (_, plant) => {
    for (const victim of withRuns) expect(figureDrift(plant(victim)).length).toBeGreaterThan(0);
  });

  test("planted fault in the excerpt: a TPOT or a per-GPU figure that is not the row's is caught (the check reads the row, not the catalog)", () => {
    for (const victim of withRuns) {
      const excerpt = readExcerpt();
      const point = excerpt.points.find((p) => p.key === victim.published.section)!;
      point.results.row.metrics.median_tpot *= 1.01;
      expect(figureDrift(victim, excerpt).some((d) => d.includes("tok/s/user") || d.includes("1 / median_tpot"))).toBe(true);
      const again = readExcerpt();
      again.points.find((p) => p.key === victim.published.section)!.results.row.metrics.output_tput_per_gpu += 1;
      expect(figureDrift(victim, again).some((d) => d.includes("tok/s/GPU") || d.includes("total"))).toBe(true);
    }
  });

  test.each([
    ["a backend other than the run's", (m: MeasuredSettings) => ({ ...m, moeBackend: "TRTLLM" as const })],
    ["a KV fraction other than the run's", (m: MeasuredSettings) => ({ ...m, kvCacheFreeMemoryFraction: 0.9 })],
    ["MTP the run did not use", (m: MeasuredSettings) => ({ ...m, mtpLayers: 2 })],
    ["another config commit", (m: MeasuredSettings) => ({ ...m, config: { ...m.config, files: m.config.files.map((f) => ({ ...f, commit: "0".repeat(40) })) } })],
  ])("planted fault: %s is caught", (_, plant) => {
    for (const victim of withRuns) {
      const planted = { ...victim, measured: plant(victim.measured!) };
      expect(configDrift(planted).length).toBeGreaterThan(0);
    }
  });

  test("planted fault: an undeclared difference, and a stale declaration, are caught", () => {
    for (const victim of withRuns) {
      const [first] = Object.keys(victim.differsFromRecipe ?? {});
      const undeclared = { ...victim, differsFromRecipe: Object.fromEntries(Object.entries(victim.differsFromRecipe ?? {}).filter(([k]) => k !== first)) };
      expect(recipeDrift(undeclared).some((d) => d.includes(`${first} `) && d.includes("undeclared"))).toBe(true);
      const stale = { ...victim, differsFromRecipe: { ...victim.differsFromRecipe, moeBackend: "stale" } };
      expect(recipeDrift(stale).some((d) => d.includes("moeBackend declared different but equal"))).toBe(true);
    }
  });
});

describe("8xB200 NVFP4 balanced: the point is in no stored copy", () => {
  const why = MISSING_POINTS["B200/nvfp4/balanced"]!;

  test("the reason names the run once quoted and the stored copies that lack it, as the excerpt records them", () => {
    const [nf] = readExcerpt().not_found;
    expect(nf.key).toBe("b200/trt/dsr1/fp4/none/1024x1024/conc128/tp8-ep8-dpa");
    expect(why).toContain(runId(nf.quoted_before.run_url));
    for (const s of nf.searched.filter((x) => x.path.endsWith("benchmarks.json"))) {
      expect(why).toContain(s.repository.split("/")[0] === "vngcloud" ? `vngcloud/InferenceX-app fork @${s.commit.slice(0, 8)}` : `@${s.commit.slice(0, 8)}`);
    }
    expect(THROUGHPUT_FIGURES.some((r) => r.gpu === "B200" && r.weightPrecision === "nvfp4" && r.mode === "balanced")).toBe(false);
  });

  const b200 = { model: "deepseek-r1-0528", hardware: "8xB200", gpu: "B200", gpusPerReplica: 8, nodesPerReplica: 1, weightPrecision: "nvfp4", kvCacheDtype: "fp8", mode: "balanced", cloud: "aws", capacity: { kind: "on-demand", placementGroup: false, compactPlacement: false } } as unknown as Parameters<typeof planSizing>[0];

  test("sizing in mode balanced refuses, naming the missing source; sizing over all modes says why balanced is not sized", () => {
    const e = refusal(() => planSizing(b200, { outputTokensPerSecond: 10000 }, "balanced"));
    expect(e.path).toBe("sizing");
    expect(e.problem).toContain(`no published DeepSeek-R1 TensorRT-LLM point for 8xB200 NVFP4 (KV fp8) serving deepseek-r1-0528 in mode balanced is vendored (balanced: ${why})`);
    const free = planSizing(b200, { outputTokensPerSecond: 10000 });
    expect(free.formula).toContain(`mode balanced: no published point → not sized: no published point is vendored (${why})`);
  });

  test("an autoscaling target in mode balanced refuses with the same reason; the balanced recipe (NVIDIA's conc128 file) still plans", () => {
    const plan = planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2", mode: "balanced" });
    expect(plan.mode).toBe("balanced");
    let error: unknown;
    try { planAutoscaling(plan, { targets: { outputTokensPerSecond: 10000 } }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    expect((error as DeepSeekConfigError).message).toContain(`no published DeepSeek-R1 throughput for 8xB200 balanced NVFP4 (KV fp8) is vendored (${why})`);
  });
});

describe("balanced where no source exists", () => {
  test("every (GPU, precision) with recipes but no balanced one names the sources that lack it, and the planner refuses with that text", () => {
    const pairs = [...new Set(Object.keys(RUNTIME_RECIPES).map((k) => k.split("/").slice(0, 2).join("/")))];
    const missing = pairs.filter((p) => !RUNTIME_RECIPES[`${p}/balanced` as RecipeKey]);
    expect(missing).toEqual(["H100/fp8"]);
    for (const p of missing) {
      const why = MISSING_RECIPES[`${p}/balanced` as RecipeKey];
      expect(why).toContain("NVIDIA/TensorRT-LLM examples/configs/database");
      expect(why).toContain("InferenceX");
      let error: unknown;
      try { planDeployment({ model: "deepseek-r1-0528", hardware: "2x8xH100", cloud: "aws", region: "us-east-1", mode: "balanced" }); } catch (e) { error = e; }
      expect(error).toBeInstanceOf(DeepSeekConfigError);
      expect(error).toMatchObject({ path: "mode", received: "balanced", fix: 'use "latency" or "throughput"' });
      expect((error as DeepSeekConfigError).message).toContain(why!);
    }
    expect(SERVING_MODES).toContain("balanced");
  });
});
