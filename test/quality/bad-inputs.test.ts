import { existsSync, mkdtempSync, readdirSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { DeepSeekConfigError } from "../../lib/errors";
import { App, Construct, TerraformOutput, TerraformStack } from "../../lib/internal/tf";
import { BAD_INPUTS } from "./bad-input-cases";

/** Builds inside a fresh stack of an App with its own outdir, then synthesizes it. */
function buildAndSynth(build: (scope: Construct) => void): { error: unknown; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), "deepseek-bad-input-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "stack");
  try {
    build(stack);
    app.synth();
    return { error: undefined, outdir };
  } catch (error) {
    return { error, outdir };
  }
}

const filesUnder = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);

describe("bad-input catalogue", () => {
  const outdirs: string[] = [];
  afterAll(() => outdirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("holds at least 40 distinct refused configurations", () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(BAD_INPUTS.map((c) => c.name)).size).toBe(BAD_INPUTS.length);
  });

  it("the harness writes output when the configuration is valid (so the no-output check can fail)", () => {
    const { error, outdir } = buildAndSynth((scope) => { new TerraformOutput(scope, "ok", { value: "ok" }); });
    outdirs.push(outdir);
    expect(error).toBeUndefined();
    expect(existsSync(join(outdir, "stacks", "stack", "cdk.tf.json"))).toBe(true);
  });

  test.each(BAD_INPUTS.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const { error, outdir } = buildAndSynth(c.build);
    outdirs.push(outdir);
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    const e = error as DeepSeekConfigError;
    expect(e.path).toBe(c.path);
    expect(e.message.startsWith(`${c.path}: `)).toBe(true);
    expect(e.message).toMatch(/ \(got .*\); ./s);
    // Nothing written: no stack directory, no cdk.tf.json, no manifest.
    expect(filesUnder(outdir)).toEqual([]);
    expect(existsSync(join(outdir, "stacks", "stack"))).toBe(false);
  });
});
