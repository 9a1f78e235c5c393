import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TRTLLM_IMAGES, trtllmLineOf } from "../../lib/catalog";
import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan";
import { imageMismatches, optionKeys, renderLlmApiOptions } from "../../lib/serving";

const fixtures = join(__dirname, "..", "fixtures");
const manifest = JSON.parse(readFileSync(join(fixtures, "nvidia", "tensorrt_llm", "usage", "llm_args_golden_manifest.extract.json"), "utf8")) as {
  TorchLlmArgs: { path: string; allowed_values: string[]; kind: string }[];
};
const accepted12 = JSON.parse(readFileSync(join(fixtures, "trtllm-1.2-accepted.json"), "utf8")) as {
  cliFlags: string[]; optionKeys: string[]; enums: Record<string, string[]>;
};

const leaves = (keys: readonly string[]) => keys.filter((k) => !keys.some((o) => o.startsWith(`${k}.`)));

describe("TensorRT-LLM image catalog against its sources", () => {
  test("1.3 line (pinned 1.3.0rc14): every claim is established on both sides of rc14, in the 1.2 accepted set and in main's manifest", () => {
    const paths = new Map(manifest.TorchLlmArgs.map((e) => [e.path, e]));
    const line = TRTLLM_IMAGES["1.3"];
    expect(line.defaultTag).toBe("1.3.0rc14");
    // Option paths: each leaf in both sources, but for max_draft_len (dated separately: mtp_draft_length.versions.json).
    const DATED = ["speculative_config.max_draft_len"];
    expect(leaves(line.optionKeys).filter((k) => !paths.has(k) || (!accepted12.optionKeys.includes(k) && !DATED.includes(k)))).toEqual([]);
    for (const k of DATED) expect(paths.has(k)).toBe(true);
    // Categorical values: exactly the values both sources allow (manifest order), for every key either source constrains.
    const both = (key: string) => (paths.get(key)?.allowed_values ?? []).filter((v) => (accepted12.enums[key] ?? []).includes(v));
    for (const key of Object.keys(accepted12.enums)) expect([key, line.enums[key]]).toEqual([key, both(key)]);
    expect(Object.keys(line.enums).sort()).toEqual(Object.keys(accepted12.enums).sort());
    expect(line.moeBackends).toEqual(both("moe_config.backend"));
    expect(line.moeBackends).toEqual(["CUTLASS", "TRTLLM", "DEEPGEMM"]);
    // Flags: the 1.2 set (main's trtllm-serve.rst still lists them); main-only --set is not claimed.
    expect(line.cliFlags.filter((f) => !accepted12.cliFlags.includes(f))).toEqual([]);
    expect(line.cliFlags).not.toContain("--set");
    // The MTP draft length goes in both keys: read from num_nextn_predict_layers before PR #12341, from max_draft_len after.
    expect(line.mtpDraftKeys).toEqual(["num_nextn_predict_layers", "max_draft_len"]);
    expect(paths.has("speculative_config.num_nextn_predict_layers")).toBe(true);
    // WIDEEP was removed (NVIDIA/TensorRT-LLM PR #17797) and is never claimed for 1.3; main-only backends are not either.
    for (const b of ["WIDEEP", "CUTEDSL", "MEGAMOE_DEEPGEMM", "AUTO"]) expect(line.moeBackends).not.toContain(b);
  });

  test("1.3 MTP keys: the vendored code on both sides of PR #12341 reads the draft length from one of them and tolerates the other", () => {
    const src = JSON.parse(readFileSync(join(fixtures, "nvidia", "tensorrt_llm", "llmapi", "mtp_draft_length.versions.json"), "utf8")) as {
      versions: { label: string; quotes: string[] }[];
    };
    const [before, after, ckpt] = src.versions;
    // Before: max_draft_len is overwritten with num_nextn_predict_layers, so only that key sets the length.
    expect(before.quotes.join("\n")).toContain("self.max_draft_len = self.num_nextn_predict_layers");
    // After: a given num_nextn_predict_layers is dropped when max_draft_len is given too, and the checkpoint refills it.
    expect(after.quotes.join("\n")).toMatch(/if "max_draft_len" not in data:[\s\S]*else:[\s\S]*data\.pop\("num_nextn_predict_layers"\)/);
    expect(ckpt.quotes.join("\n")).toContain("spec_config.num_nextn_predict_layers = num_nextn_predict_layers");
    // So the 1.3 line's options carry both, equal; the 1.2 line only the key its MTPDecodingConfig reads.
    const base = { model: "deepseek-r1-0528", cloud: "aws", region: "us-east-2", hardware: "8xB200", mode: "latency" } as const;
    const spec = (tag: string) => (renderLlmApiOptions(planDeployment({ ...base, image: { tag } })) as Record<string, Record<string, unknown>>).speculative_config;
    expect(spec("1.3.0rc14")).toMatchObject({ num_nextn_predict_layers: 3, max_draft_len: 3 });
    expect(spec("1.2.1")).toMatchObject({ num_nextn_predict_layers: 3 });
    expect(spec("1.2.1").max_draft_len).toBeUndefined();
  });

  test("planted fault: a main-only value added to the 1.3 line fails the intersection check", () => {
    const paths = new Map(manifest.TorchLlmArgs.map((e) => [e.path, e]));
    const planted = [...TRTLLM_IMAGES["1.3"].moeBackends, "MEGAMOE_DEEPGEMM"];
    const both = (paths.get("moe_config.backend")?.allowed_values ?? []).filter((v) => accepted12.enums["moe_config.backend"].includes(v));
    expect(planted).not.toEqual(both);
  });

  test("1.2 line: the catalog is the vendored accepted set (keys, flags, enums)", () => {
    const line = TRTLLM_IMAGES["1.2"];
    expect([...line.optionKeys].sort()).toEqual([...accepted12.optionKeys].sort());
    expect([...line.cliFlags].sort()).toEqual([...accepted12.cliFlags].sort());
    expect(line.enums).toEqual(accepted12.enums);
    expect(line.moeBackends).toEqual(accepted12.enums["moe_config.backend"]);
  });

  test("tags map to their release line; other tags to none", () => {
    expect(["1.2.1", "1.2.0rc4", "1.3.0rc14", "1.3.0", "1.1.0", "latest"].map(trtllmLineOf)).toEqual(["1.2", "1.2", "1.3", "1.3", undefined, undefined]);
  });

  const base = { model: "deepseek-r1-0528", cloud: "aws", region: "us-east-2", hardware: "8xB200" } as const;

  test("every default plan's options, flags, backend and model are accepted by its pinned image", () => {
    for (const mode of ["latency", "balanced", "throughput"] as const) {
      for (const tag of ["1.2.1", "1.3.0rc14"]) {
        const plan = planDeployment({ ...base, mode, image: { tag } });
        expect(imageMismatches(plan)).toEqual([]);
        expect(optionKeys(renderLlmApiOptions(plan)).filter((k) => !TRTLLM_IMAGES[trtllmLineOf(tag)!].optionKeys.includes(k))).toEqual([]);
      }
    }
  });

  test("planted fault: a backend no pinned image is known to accept is refused on both, naming none", () => {
    for (const tag of ["1.2.1", "1.3.0rc14"]) {
      let error: unknown;
      try {
        planDeployment({ ...base, image: { tag }, overrides: { moeBackend: "CUTEDSL" } });
      } catch (e) { error = e; }
      expect(error).toBeInstanceOf(DeepSeekConfigError);
      expect((error as DeepSeekConfigError).message).toContain(`TensorRT-LLM ${tag} does not accept moe_config.backend: CUTEDSL`);
    }
  });

  test("planted fault: a model the image does not serve is refused", () => {
    const plan = planDeployment(base);
    expect(imageMismatches({ ...plan, model: "deepseek-v4-pro" })).toEqual([{ what: "model deepseek-v4-pro", supportedBy: [] }]);
    // deepseek_v4 arrived with DeepSeek-V4 support, after both pinned tags (lib/catalog/unserved-models.ts).
    expect(imageMismatches({ ...plan, toolParser: "deepseek_v4" })).toEqual([{ what: "tool parser deepseek_v4", supportedBy: [] }]);
    // 1.2.1 (the base tag) has no established tool parser names: any --tool_parser is a mismatch naming 1.3.0rc14.
    expect(imageMismatches({ ...plan, toolParser: "deepseek_v32" })).toEqual([{ what: "tool parser deepseek_v32", supportedBy: ["1.3.0rc14"] }]);
    const rc14 = planDeployment({ ...base, image: { tag: "1.3.0rc14" } });
    expect(imageMismatches({ ...rc14, toolParser: "deepseek_v32" })).toEqual([]);
    // The pre-PR #10239 spelling is not a 1.3 choice.
    expect(imageMismatches({ ...rc14, toolParser: "deepseekv3" })).toEqual([{ what: "tool parser deepseekv3", supportedBy: [] }]);
  });

  test("a tag of no known line is planned with a warning that its options are unchecked", () => {
    const plan = planDeployment({ ...base, image: { tag: "1.1.0" } });
    expect(plan.warnings.join("\n")).toMatch(/image tag 1\.1\.0 belongs to no TensorRT-LLM line .* unchecked/);
  });
});
