import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Construct, Lazy } from "../../lib/internal/tf";
import { TOKEN_STACK_DEPTH_SUPPORTED, withAppTokenStacks, withTokenStackDepth } from "../../lib/internal/token-stacks";
import { DeepSeekApp } from "../../lib/app/deepseek-app";
import { DeepSeekCluster } from "../../lib";

const creationStack = () => Lazy.anyValue({ produce: () => 1 }).creationStack;

describe("token creation stacks", () => {
  test("the installed cdktf exposes the capture this shortens", () => {
    // If a cdktf upgrade moves it, synth gets slower but stays correct; this test says so first.
    expect(TOKEN_STACK_DEPTH_SUPPORTED).toBe(true);
  });

  test("are complete outside a scope, cut inside it, and restored after", () => {
    const before = creationStack().length;
    expect(before).toBeGreaterThan(8);
    expect(withTokenStackDepth(0, creationStack)).toEqual([]);
    // The innermost frames are kept (cdktf's own Lazy constructors come first).
    expect(withTokenStackDepth(3, creationStack)).toEqual(creationStack().slice(0, 3));
    expect(creationStack().length).toBe(before);
  });

  test("nest (the inner depth wins while it runs) and are restored when the build throws", () => {
    const inner = withTokenStackDepth(0, () => withTokenStackDepth(2, creationStack));
    expect(inner).toHaveLength(2);
    expect(withTokenStackDepth(2, () => [withTokenStackDepth(0, creationStack), creationStack()])).toEqual([[], expect.any(Array)]);
    expect(() => withTokenStackDepth(0, () => { throw new Error("boom"); })).toThrow("boom");
    expect(creationStack().length).toBeGreaterThan(8);
  });

  test("follow the app: none when it has stack traces off, complete otherwise", () => {
    expect(withAppTokenStacks(new Construct(new App({ stackTraces: false, outdir: mkdtempSync(join(tmpdir(), "ts-")) }), "c"), creationStack)).toEqual([]);
    expect(withAppTokenStacks(new Construct(new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "ts-")) }), "c"), creationStack)).toEqual([]);
    expect(withAppTokenStacks(new Construct(new App({ outdir: mkdtempSync(join(tmpdir(), "ts-")) }), "c"), creationStack).length).toBeGreaterThan(8);
  });

  test("change nothing that is synthesized", () => {
    const synthStacks = (stackTraces: boolean) => {
      const outdir = mkdtempSync(join(tmpdir(), "ts-app-"));
      const app = new DeepSeekApp({ outdir, stackTraces });
      new DeepSeekCluster(app, "ds", {
        model: "deepseek-r1-0528",
        jurisdiction: "eu",
        placements: [{ cloud: "gcp", region: "europe-west1", hardware: "8xH200", name: "gke", gcp: { project: "my-project-123" } }],
        endpoint: { hostname: "api.example.eu", route53ZoneId: "Z0123456789EXAMPLE" },
      });
      app.synth();
      const stacks = readdirSync(join(outdir, "stacks")).sort();
      return stacks.map((s) => readFileSync(join(outdir, "stacks", s, "cdk.tf.json"), "utf8").replace(/"stackTrace":\[[^\]]*\],?/g, ""));
    };
    const withTraces = synthStacks(true);
    expect(withTraces.length).toBe(3);
    expect(synthStacks(false)).toEqual(withTraces);
  });
});
