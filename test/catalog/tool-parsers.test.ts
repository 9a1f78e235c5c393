import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TRTLLM_IMAGES } from "../../lib/catalog";
import { planDeployment } from "../../lib/plan";
import { imageMismatches, trtllmServeArgs } from "../../lib/serving";
import { refusal } from "../support/refusal";

/**
 * `--tool_parser` per TensorRT-LLM line, against the vendored keys of ToolParserFactory.parsers
 * (test/fixtures/nvidia/tensorrt_llm/serve/tool_parser/tool_parser_factory.versions.json).
 */
const factory = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nvidia", "tensorrt_llm", "serve", "tool_parser", "tool_parser_factory.versions.json"), "utf8")) as {
  versions: { commit: string | null; indexId: string; keys: string[] }[];
};
const byId = (id: string) => factory.versions.find((v) => v.indexId === id)!.keys;

const base = { model: "deepseek-r1-0528", cloud: "aws", region: "us-east-2", hardware: "8xB200" } as const;
const flagValue = (args: string[], flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);

describe("tool parsers per TensorRT-LLM line", () => {
  test("the vendored factory versions show the rename of PR #10239: deepseekv3 -> deepseek_v3, deepseekv3.1 -> deepseek_v31", () => {
    const before = byId("19664770034");
    const after = byId("3926385706");
    expect(before).toEqual(expect.arrayContaining(["deepseekv3", "deepseekv3.1", "deepseek_v32"]));
    expect(before).not.toContain("deepseek_v3");
    expect(after).toEqual(expect.arrayContaining(["deepseek_v3", "deepseek_v31", "deepseek_v32"]));
    expect(after).not.toContain("deepseekv3");
  });

  test("1.3 line: every claimed parser is in the version before rc14 (after the rename) and in the one after it (with deepseek_v4)", () => {
    for (const id of ["3926385706", "51941076984"]) expect(TRTLLM_IMAGES["1.3"].toolParsers.filter((p) => !byId(id).includes(p))).toEqual([]);
    expect(TRTLLM_IMAGES["1.3"].toolParsers).not.toContain("deepseek_v4");
  });

  test("1.2 line: no parser name is claimed (neither spelling is established at v1.2.1)", () => {
    expect(TRTLLM_IMAGES["1.2"].toolParsers).toEqual([]);
  });

  test("1.2.1 (default): no --tool_parser, the reasoning parser stays, a warning names the tag that parses tool calls", () => {
    for (const model of ["deepseek-r1-0528", "deepseek-v3", "deepseek-v3.1", "deepseek-v3.2"] as const) {
      const plan = planDeployment({ ...base, model });
      expect(plan.toolParser).toBeNull();
      expect(trtllmServeArgs(plan)).not.toContain("--tool_parser");
      expect(imageMismatches(plan)).toEqual([]);
      expect(plan.warnings.join("\n")).toMatch(/tool calls are off: TensorRT-LLM 1\.2\.1 is not known to accept --tool_parser deepseek_v3\d?.*pin image\.tag "1\.3\.0rc14"/);
    }
    expect(flagValue(trtllmServeArgs(planDeployment(base)), "--reasoning_parser")).toBe("deepseek-r1");
  });

  test("1.3.0rc14: the model's parser is emitted", () => {
    const cases = { "deepseek-r1-0528": "deepseek_v3", "deepseek-v3.1": "deepseek_v31", "deepseek-v3.2": "deepseek_v32" } as const;
    for (const [model, parser] of Object.entries(cases)) {
      const plan = planDeployment({ ...base, model: model as keyof typeof cases, image: { tag: "1.3.0rc14" } });
      expect(flagValue(trtllmServeArgs(plan), "--tool_parser")).toBe(parser);
      expect(plan.warnings.join("\n")).not.toMatch(/tool calls are off/);
    }
  });

  test("planted fault: tool calls asked for on 1.2.1 are refused, naming the tag that has the parser", () => {
    const e = refusal(() => planDeployment({ ...base, overrides: { toolCalls: true } }));
    expect(e.path).toBe("overrides.toolCalls");
    expect(e.message).toBe('overrides.toolCalls: tool calls need trtllm-serve --tool_parser deepseek_v3, which TensorRT-LLM 1.2.1 is not known to accept (got true); pin image.tag "1.3.0rc14", whose trtllm-serve accepts --tool_parser deepseek_v3, or remove toolCalls');
    expect(() => planDeployment({ ...base, image: { tag: "1.3.0rc14" }, overrides: { toolCalls: true } })).not.toThrow();
  });

  test("toolCalls: false turns the parser off on 1.3; true on a model without a tool-call format is refused", () => {
    const off = planDeployment({ ...base, image: { tag: "1.3.0rc14" }, overrides: { toolCalls: false } });
    expect(trtllmServeArgs(off)).not.toContain("--tool_parser");
    const e = refusal(() => planDeployment({ ...base, model: "deepseek-r1", image: { tag: "1.3.0rc14" }, overrides: { toolCalls: true } }));
    expect(e.path).toBe("overrides.toolCalls");
  });
});
