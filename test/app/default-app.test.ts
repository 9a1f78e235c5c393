import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDefaultApp, DEFAULT_CLUSTERS } from "../../stacks/default-app";

describe("the default app in stacks/", () => {
  const outdir = mkdtempSync(join(tmpdir(), "deepseek-app-"));
  beforeAll(() => buildDefaultApp(outdir).synth());

  test("synthesizes one stack per default deployment", () => {
    const stacks = readdirSync(join(outdir, "stacks")).sort();
    expect(stacks.length).toBeGreaterThanOrEqual(Object.keys(DEFAULT_CLUSTERS).length);
    for (const stack of stacks) expect(existsSync(join(outdir, "stacks", stack, "cdk.tf.json"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(stacks);
  });
});
