import { readFileSync } from "node:fs";
import { join } from "node:path";
import { MISSING_RECIPES, RUNTIME_RECIPES, SERVING_MODES, type RecipeKey } from "../../lib/catalog";
import { THROUGHPUT_FIGURES, type MeasuredSettings, type ThroughputFigure } from "../../lib/catalog/throughput";
import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/plan-deployment";

/**
 * The mid-concurrency ("balanced") points come from InferenceX, not from NVIDIA: each one is held to
 * the configuration InferenceX published for its run (test/fixtures/inferencex, quoted with commit),
 * and to the balanced recipe it sizes (lib/catalog/recipes.ts, itself held to NVIDIA's file by
 * nvidia-recipes.test.ts). Every setting in which the run differs from the recipe must be declared
 * with its reason, and every declaration must be a real difference.
 */

const IX = join(__dirname, "..", "fixtures", "inferencex");

interface ExcerptPoint {
  key: string;
  results: { row: Record<string, unknown> & { image: string | null; conc: number; isl: number; osl: number; decode_tp: number; decode_ep: number; decode_dp_attention: boolean } };
  config: {
    repository: string; commit: string; paths: string[]; image: string; model: string;
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

const excerpt = (fixture: string): ExcerptPoint[] => (JSON.parse(readFileSync(join(IX, fixture), "utf8")) as { points: ExcerptPoint[] }).points;

const GPU_HARDWARE: Record<string, string> = { B200: "8xB200", H200: "8xH200" };
const withRuns = THROUGHPUT_FIGURES.filter((r) => r.measured !== undefined);

/** Where a figure's stated settings disagree with the configuration its source published. */
function configDrift(row: ThroughputFigure): string[] {
  const m = row.measured!;
  const point = excerpt(row.published.fixture!).find((p) => p.key === row.published.section);
  if (!point) return [`${row.id}: no point ${row.published.section}`];
  const o = point.config.options;
  const r = point.results.row;
  const drift: string[] = [];
  const check = (what: string, mine: unknown, theirs: unknown) => { if (JSON.stringify(mine) !== JSON.stringify(theirs)) drift.push(`${row.id}: ${what} ${JSON.stringify(mine)}, published ${JSON.stringify(theirs)}`); };
  check("image", m.image, point.config.image.replace("#", "/"));
  if (r.image !== null) check("image (result row)", m.image, r.image);
  check("config commit", m.config.commit, point.config.commit);
  check("config files", m.config.paths, point.config.paths);
  check("tensorParallel", m.tensorParallel, r.decode_tp);
  check("expertParallel", m.expertParallel, r.decode_ep);
  check("attentionDataParallel", m.attentionDataParallel, o.enable_attention_dp);
  check("attentionDataParallel (result row)", m.attentionDataParallel, r.decode_dp_attention);
  check("attentionDpBalance", m.attentionDpBalance, o.attention_dp_config?.enable_balance ?? false);
  check("moeBackend", m.moeBackend, o.moe_config.backend);
  check("mtpLayers", m.mtpLayers, o.speculative_config?.max_draft_len ?? o.speculative_config?.num_nextn_predict_layers ?? 0);
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
  test("three points, one per balanced recipe, each with the configuration that produced it", () => {
    expect(withRuns.map((r) => r.id)).toEqual(["b200-r1-0528-fp4-conc128-inferencex", "b200-r1-0528-fp8-conc64-inferencex", "h200-r1-0528-fp8-conc64-inferencex"]);
    for (const r of withRuns) {
      expect(r).toMatchObject({ mode: "balanced", usedForSizing: true, published: { repository: "SemiAnalysisAI/InferenceX-app" } });
      expect(RUNTIME_RECIPES[`${r.gpu}/${r.weightPrecision}/balanced` as RecipeKey]).toBeDefined();
    }
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
    ["a backend other than the run's", (m: MeasuredSettings) => ({ ...m, moeBackend: "TRTLLM" as const }), "config"],
    ["a KV fraction other than the run's", (m: MeasuredSettings) => ({ ...m, kvCacheFreeMemoryFraction: 0.9 }), "config"],
    ["MTP the run did not use", (m: MeasuredSettings) => ({ ...m, mtpLayers: 2 }), "config"],
    ["another config commit", (m: MeasuredSettings) => ({ ...m, config: { ...m.config, commit: "0".repeat(40) } }), "config"],
  ])("planted fault: %s is caught", (_, plant, kind) => {
    for (const victim of withRuns) {
      const planted = { ...victim, measured: plant(victim.measured!) };
      expect(kind === "config" ? configDrift(planted).length : 0).toBeGreaterThan(0);
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
