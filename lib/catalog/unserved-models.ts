/**
 * Models teams ask for that this catalog does not serve, with what was verified about them and why
 * they are refused. A name here is never in MODELS (lib/catalog/models.ts); asking for it is a
 * DeepSeekConfigError that says why (lib/plan/input.ts `modelNameSchema`). Plain data.
 *
 * DeepSeek-V4 (checked 2026-11-30):
 * - Checkpoints [P] NVIDIA/TensorRT-LLM @3699edad (version.py 1.3.0rc23) examples/models/core/deepseek_v4/README.md,
 *   "Hardware Requirements" and "Downloading the Model Weights" tables (which follow the deepseek-ai/DeepSeek-V4-Pro
 *   model card): DeepSeek-V4-Flash(-Base) 284B total / 13B activated, DeepSeek-V4-Pro(-Base) 1.6T / 49B, 1M context;
 *   the instruct checkpoints are "FP4 + FP8 Mixed", the -Base ones "FP8 Mixed".
 * - Architecture [P] NVIDIA NeMo AutoModel model-coverage pages (docs.nvidia.com/nemo/automodel/latest/model-coverage/
 *   large-language-models/deep-seek-v-4-flash, .../deepseek-ai/deepseek-v4-pro): Flash has 43 all-MoE layers with
 *   256 routed + 1 shared experts, top-6; Pro 384 routed + 1 shared, top-6. Flash's hidden size 4096, 64 query heads,
 *   1 KV head of 512, sliding window 128, compress_ratios per layer (none / 4 / 128) are the DeepseekV4Config defaults
 *   of NeMo AutoModel (components/models/deepseek_v4/config) and a dequantized Flash config.json on the Hub
 *   (inference-optimization/DeepSeek-V4-Flash-bf16-dequantized-5layers); Pro's layer count and hidden size were not
 *   found in a stored primary source.
 * - Serving [P] the same README: `DeepseekV4ForCausalLM`, "only supported on Blackwell GPUs (SM100+)", KV cache in
 *   `DeepseekV4CacheManager` (KvCacheManagerV2: sliding-window, compressed, indexer and compressor-state caches per
 *   layer), `tokens_per_block` 128 or 256; 8xB200 for Flash and Pro, 8xB300 for Pro-Base on one node.
 *   docs/source/models/supported-models.md @00b6d5a2 footnote 11 (Blackwell only).
 * - Which TensorRT-LLM serves it [P] NVIDIA/TensorRT-LLM release notes: v1.3.0rc20 (2026-06-30) "Add DeepSeek V4
 *   preparation (#15378, …)"; v1.3.0rc22 (2026-07-22) "Add DeepSeek-V4-Pro curated configurations (#15919)" and its
 *   versioned docs (nvidia.github.io/TensorRT-LLM/1.3.0rc22/models/supported-models.html) list DeepseekV4ForCausalLM.
 *   1.3.0rc14, the 1.3 tag this catalog pins, was the latest pre-release on 2026-05-18 (SemiAnalysisAI/InferenceX
 *   PR #1487), before the V4 model PR was opened (NVIDIA/TensorRT-LLM PR #14751, 2026-05-29). 1.2.1 predates it too.
 * - Published configs [P] examples/configs/curated/deepseek-v4-pro-latency.yaml @87c6b42f and
 *   deepseek-v4-pro-throughput.yaml @af3ec5c7 (TP8 EP8, TRTLLM MoE, FP8 KV, max_seq_len 9256, MTP 3 / 1); none for Flash.
 */
export interface UnservedCheckpoint {
  readonly repo: string;
  readonly totalParams: string;
  readonly activatedParams: string;
  readonly precision: string;
}

export interface UnservedModelFamily {
  readonly family: string;
  /** Catalog-style names (lowercase Hugging Face names) that are refused with this family's reason. */
  readonly matches: RegExp;
  readonly checkpoints: readonly UnservedCheckpoint[];
  /** The first TensorRT-LLM tag whose published docs list the architecture. */
  readonly firstTrtllmTag: string;
  readonly gpus: string;
  /** Why the catalog does not plan it, one sentence. */
  readonly reason: string;
  readonly sources: readonly string[];
}

export const UNSERVED_MODEL_FAMILIES: readonly UnservedModelFamily[] = [
  {
    family: "DeepSeek-V4",
    matches: /^deepseek-v4([.-]|$)/,
    checkpoints: [
      { repo: "deepseek-ai/DeepSeek-V4-Flash", totalParams: "284B", activatedParams: "13B", precision: "FP4 + FP8 mixed" },
      { repo: "deepseek-ai/DeepSeek-V4-Flash-Base", totalParams: "284B", activatedParams: "13B", precision: "FP8 mixed" },
      { repo: "deepseek-ai/DeepSeek-V4-Pro", totalParams: "1.6T", activatedParams: "49B", precision: "FP4 + FP8 mixed" },
      { repo: "deepseek-ai/DeepSeek-V4-Pro-Base", totalParams: "1.6T", activatedParams: "49B", precision: "FP8 mixed" },
    ],
    firstTrtllmTag: "1.3.0rc22",
    gpus: "Blackwell GPUs only (8xB200, 8xB300, not H200 or H100)",
    reason: "its compressed sparse attention keeps a per-layer cache (128-token window, 1/4- and 1/128-compressed rows, indexer and compressor state) whose size this catalog does not encode, so no memory fit or KV capacity can be planned",
    sources: [
      "NVIDIA/TensorRT-LLM @3699edadb4b70e080755915318844059ce1e4518 examples/models/core/deepseek_v4/README.md",
      "NVIDIA/TensorRT-LLM @00b6d5a25c30b4382d24fbdf52956d601b3ffd24 docs/source/models/supported-models.md (footnote 11)",
      "NVIDIA/TensorRT-LLM release notes v1.3.0rc20 (DeepSeek V4 preparation) and v1.3.0rc22 (DeepSeek-V4-Pro curated configurations, #15919)",
      "SemiAnalysisAI/InferenceX PR #1487 (2026-05-18: 1.3.0rc14 is the latest pre-release); NVIDIA/TensorRT-LLM PR #14751 (2026-05-29: Support DeepSeek-V4 model)",
      "docs.nvidia.com/nemo/automodel model-coverage pages DeepSeek-V4-Flash and DeepSeek-V4-Pro (layers, experts)",
    ],
  },
];

/** The unserved family a requested model name belongs to, or undefined. */
export function unservedModelFamily(name: string): UnservedModelFamily | undefined {
  return UNSERVED_MODEL_FAMILIES.find((f) => f.matches.test(name.toLowerCase()));
}

/**
 * Why a model name is refused, as "problem; fix" (the form lib/validation.ts turns into a
 * DeepSeekConfigError), naming the images this catalog pins and the TensorRT-LLM tag that would serve it.
 */
export function unservedModelMessage(family: UnservedModelFamily, pinnedTags: readonly string[], served: readonly string[]): string {
  const checkpoints = family.checkpoints.map((c) => `${c.repo.split("/")[1]} ${c.totalParams}`).join(", ");
  const serving = pinnedTags.filter((t) => compareTrtllmTags(t, family.firstTrtllmTag) >= 0);
  const images = serving.length === 0
    ? `later than every image this catalog pins (${pinnedTags.join(", ")})`
    : `which the pinned ${serving.join(", ")} would run`;
  return `${family.family} (${checkpoints}) is not in this catalog: TensorRT-LLM serves it from ${family.firstTrtllmTag} on ${family.gpus}, `
    + `${images}, and ${family.reason}; `
    + `use a served model (${served.filter((m) => !m.includes("distill")).join(", ")}), or run ${family.family} on TensorRT-LLM ${family.firstTrtllmTag} or later outside this library until the catalog encodes its cache`;
}

/**
 * Orders TensorRT-LLM release tags (`1.2.1`, `1.3.0rc14`, `1.3.0rc22.post1`): negative when a is older.
 * A release candidate sorts before its release; a tag of another form sorts as the oldest.
 */
export function compareTrtllmTags(a: string, b: string): number {
  const key = (tag: string): number[] => {
    const m = /^(\d+)\.(\d+)\.(\d+)(?:rc(\d+))?(?:\.post(\d+))?$/.exec(tag);
    if (!m) return [-1];
    return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? Number.MAX_SAFE_INTEGER : Number(m[4]), Number(m[5] ?? 0)];
  };
  const ka = key(a);
  const kb = key(b);
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? 0) - (kb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
