import { MODEL_NAMES, MODELS, TRTLLM_IMAGES, UNSERVED_MODEL_FAMILIES, compareTrtllmTags, unservedModelFamily, unservedModelMessage } from "../../lib/catalog";
import { planDeployment } from "../../lib/plan";
import { planCluster } from "../../lib/app/plan-cluster";
import { refusal } from "../support/refusal";

const V4 = UNSERVED_MODEL_FAMILIES.find((f) => f.family === "DeepSeek-V4")!;
const pinned = Object.values(TRTLLM_IMAGES).map((i) => i.defaultTag);

describe("DeepSeek-V4: served if and only if a pinned image serves it (issue 16, must-have 4)", () => {
  test.each(["deepseek-v4-flash", "deepseek-v4-pro", "deepseek-v4-flash-base", "deepseek-v4-pro-base", "deepseek-v4.1-flash", "DeepSeek-V4-Pro"])(
    "%s is refused at model with the reason, the pinned images and the tag that would serve it",
    (model) => {
      for (const image of [undefined, { tag: "1.2.1" }, { tag: "1.3.0rc14" }]) {
        const error = refusal(() => planDeployment({ model, hardware: "8xB200", cloud: "aws", region: "us-east-1", ...(image ? { image } : {}) } as never));
        expect(error.path).toBe("model");
        expect(error.received).toBe(model);
        expect(error.problem).toContain("DeepSeek-V4");
        expect(error.problem).toContain("is not in this catalog");
        expect(error.problem).toContain("from 1.3.0rc22");
        expect(error.problem).toContain("later than every image this catalog pins (1.2.1, 1.3.0rc14)");
        expect(error.problem).toContain("Blackwell GPUs only");
        expect(error.problem).toContain("no memory fit or KV capacity can be planned");
        expect(error.fix).toMatch(/^use a served model \(deepseek-v3, .*deepseek-v3\.2\)/);
      }
    },
  );

  test("the cluster planner refuses it the same way, at its own path", () => {
    const error = refusal(() => planCluster({ model: "deepseek-v4-pro", placements: [{ hardware: "8xB200", cloud: "aws", region: "us-east-1" }] } as never));
    expect(error.path).toMatch(/model$/);
    expect(error.problem).toContain("DeepSeek-V4");
  });

  test("other unknown names keep the plain list of catalog models", () => {
    const error = refusal(() => planDeployment({ model: "deepseek-v5", hardware: "8xB200", cloud: "aws", region: "us-east-1" } as never));
    expect(error.problem).toBe("is not a supported value");
    expect(error.fix).toContain('"deepseek-v3.2"');
    // Names that merely start alike are not taken for V4.
    expect(unservedModelFamily("deepseek-v40")).toBeUndefined();
    expect(unservedModelFamily("deepseek-v3.2")).toBeUndefined();
  });

  test("if and only if: no V4 name is planned while every pinned tag predates the first tag that serves V4", () => {
    const servesV4 = pinned.some((t) => compareTrtllmTags(t, V4.firstTrtllmTag) >= 0);
    const v4InCatalog = MODEL_NAMES.filter((m) => V4.matches.test(m));
    // A V4 entry needs a pinned image that serves it; a pinned image that serves it needs this test revisited.
    expect({ servesV4, v4InCatalog }).toEqual({ servesV4: false, v4InCatalog: [] });
    for (const image of Object.values(TRTLLM_IMAGES)) expect(image.models.filter((m) => V4.matches.test(m))).toEqual([]);
    expect(Object.keys(MODELS).every((m) => !unservedModelFamily(m))).toBe(true);
  });

  test("planted fault: were a serving tag pinned, the message would stop claiming every image predates it", () => {
    expect(unservedModelMessage(V4, ["1.2.1", "1.3.0rc22"], ["deepseek-v3.2"])).toContain("which the pinned 1.3.0rc22 would run");
    expect(unservedModelMessage(V4, ["1.2.1", "1.3.0rc14"], ["deepseek-v3.2"])).toContain("later than every image this catalog pins (1.2.1, 1.3.0rc14)");
  });

  test("tag order: release candidates before their release, post releases after", () => {
    const tags = ["1.3.0", "1.3.0rc22.post1", "1.2.1", "1.3.0rc14", "1.3.0rc22", "1.2.0rc6.post3", "1.4.0rc1"];
    expect([...tags].sort(compareTrtllmTags)).toEqual(["1.2.0rc6.post3", "1.2.1", "1.3.0rc14", "1.3.0rc22", "1.3.0rc22.post1", "1.3.0", "1.4.0rc1"]);
    expect(compareTrtllmTags("latest", "1.2.1")).toBeLessThan(0);
  });

  test("the evidence names its sources with repository and commit, and the verified checkpoints", () => {
    expect(V4.checkpoints.map((c) => [c.repo, c.totalParams, c.activatedParams])).toEqual([
      ["deepseek-ai/DeepSeek-V4-Flash", "284B", "13B"],
      ["deepseek-ai/DeepSeek-V4-Flash-Base", "284B", "13B"],
      ["deepseek-ai/DeepSeek-V4-Pro", "1.6T", "49B"],
      ["deepseek-ai/DeepSeek-V4-Pro-Base", "1.6T", "49B"],
    ]);
    expect(V4.sources.filter((s) => /^NVIDIA\/TensorRT-LLM @[0-9a-f]{40} /.test(s))).toHaveLength(2);
  });
});
