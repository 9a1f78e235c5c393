import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { RUNTIME_RECIPES, RecipeKey, RuntimeRecipe } from "../../lib/catalog";
import { planDeployment } from "../../lib/plan";
import { flattenOptions, renderLlmApiOptions, trtllmServeArgs } from "../../lib/serving";

/**
 * Every recipe against the NVIDIA file it claims to reproduce (vendored under test/fixtures/nvidia,
 * provenance in its sources.json): each key of the source must appear in the emitted options file
 * with the same value, unless the recipe declares the key as a deviation with a reason, and every
 * declared deviation must really differ (so stale declarations fail too).
 */
const FIXTURES = join(__dirname, "..", "fixtures", "nvidia");
const sources = JSON.parse(readFileSync(join(FIXTURES, "sources.json"), "utf8")) as {
  repository: string;
  files: { fixture: string; commit: string; path: string; kind: "file" | "excerpt" }[];
};

const HARDWARE: Record<string, string> = { B200: "8xB200", H200: "8xH200", H100: "2x8xH100" };
// The model each NVIDIA file was measured with (R1-0528; V3 for the two-node H100 examples, same architecture).
const MODEL = "deepseek-r1-0528";

/** trtllm-bench / trtllm-serve flags of the excerpts, as LLM API option paths. */
const FLAG_TO_KEY: Record<string, string> = {
  "--tp": "tensor_parallel_size", "--tp_size": "tensor_parallel_size", "--ep": "moe_expert_parallel_size", "--ep_size": "moe_expert_parallel_size",
  "--max_batch_size": "max_batch_size", "--max_num_tokens": "max_num_tokens",
  "--kv_cache_free_gpu_mem_fraction": "kv_cache_config.free_gpu_memory_fraction", "--kv_cache_free_gpu_memory_fraction": "kv_cache_config.free_gpu_memory_fraction",
};

/** The source's settings as dotted option paths → values. */
function sourceSettings(fixture: string, kind: "file" | "excerpt"): Record<string, unknown> {
  const text = readFileSync(join(FIXTURES, fixture), "utf8");
  if (kind === "file") return flattenOptions(parse(text));
  const excerpt = parse(text) as { extra_llm_api_options: string; command: string };
  const settings = flattenOptions(parse(excerpt.extra_llm_api_options));
  const argv = excerpt.command.split(/\s+/);
  argv.forEach((arg, i) => { if (FLAG_TO_KEY[arg]) settings[FLAG_TO_KEY[arg]] = Number(argv[i + 1]); });
  return settings;
}

/** Older files spell the same settings with older names; compare under the current one. */
const RENAMED: Record<string, string> = { kv_cache_free_gpu_memory_fraction: "kv_cache_config.free_gpu_memory_fraction" };

const entries = Object.entries(RUNTIME_RECIPES) as [RecipeKey, RuntimeRecipe][];

describe("every recipe reproduces its vendored NVIDIA source", () => {
  test("every recipe names a vendored source at the commit sources.json records", () => {
    for (const [, recipe] of entries) {
      const row = sources.files.find((f) => f.fixture === recipe.source.fixture);
      expect(row).toMatchObject({ commit: recipe.source.commit, path: recipe.source.path });
      expect(sources.repository).toBe(recipe.source.repository);
    }
  });

  test.each(entries)("%s", (key, recipe) => {
    const [gpu, precision, mode] = key.split("/");
    const plan = planDeployment({ model: MODEL, hardware: HARDWARE[gpu], cloud: "aws", region: gpu === "H100" ? "us-east-1" : "us-east-2", mode: mode as never, overrides: { precision: precision as never } });
    const emitted = flattenOptions(renderLlmApiOptions(plan));
    const args = trtllmServeArgs(plan);
    const row = sources.files.find((f) => f.fixture === recipe.source.fixture)!;
    const source = sourceSettings(row.fixture, row.kind);
    const differing: string[] = [];
    for (const [rawKey, value] of Object.entries(source)) {
      const k = RENAMED[rawKey] ?? rawKey;
      let actual: unknown = emitted[k];
      if (k === "speculative_config.num_nextn_predict_layers" || k === "speculative_config.max_draft_len") {
        // The MTP layer count, under whichever name the pinned image reads (lib/catalog/trtllm-images.ts).
        actual = emitted["speculative_config.num_nextn_predict_layers"] ?? emitted["speculative_config.max_draft_len"];
        if (actual !== value) differing.push(`${rawKey}: source ${JSON.stringify(value)}, emitted ${JSON.stringify(actual)}`);
        continue;
      }
      if (k === "backend") actual = args[args.indexOf("--backend") + 1];
      const same = JSON.stringify(actual) === JSON.stringify(value);
      if (rawKey in recipe.deviations) {
        if (same && k !== "backend") differing.push(`${rawKey} (declared but not different)`);
      } else if (!same) {
        differing.push(`${rawKey}: source ${JSON.stringify(value)}, emitted ${JSON.stringify(actual)}`);
      }
    }
    // Every declared deviation names a key the source really has.
    for (const declared of Object.keys(recipe.deviations)) {
      if (!(declared in source)) differing.push(`${declared} (declared, not in the source)`);
    }
    expect(differing).toEqual([]);
  });

  test("a planted fault is caught: changing one recipe value breaks its comparison", () => {
    const recipe = RUNTIME_RECIPES["H200/fp8/throughput"]!;
    const source = sourceSettings(recipe.source.fixture, "file");
    expect(source["kv_cache_config.free_gpu_memory_fraction"]).toBe(recipe.kvCacheFreeMemoryFraction);
    const planted = { ...recipe, kvCacheFreeMemoryFraction: 0.8 };
    expect(planted.kvCacheFreeMemoryFraction).not.toBe(source["kv_cache_config.free_gpu_memory_fraction"]);
  });
});
