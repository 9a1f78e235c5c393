import { DeepSeekConfigError } from "../../lib/errors";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refusal, synthRefusal } from "../support/refusal";

// The shared helper the refusal tests rely on: it must not turn a wrong outcome into a pass.
describe("test/support/refusal.ts", () => {
  test("returns the DeepSeekConfigError thrown, as thrown", () => {
    const thrown = new DeepSeekConfigError("a.b", "is wrong", 1, "fix it");
    expect(refusal(() => { throw thrown; })).toBe(thrown);
  });

  test("an accepted input fails, and any other error passes through unchanged", () => {
    expect(() => refusal(() => 42)).toThrow(/expected a DeepSeekConfigError, but nothing was refused/);
    const other = new TypeError("not a refusal");
    expect(() => refusal(() => { throw other; })).toThrow(other);
  });

  test("synthRefusal: a refusal that left a stack written fails; one that wrote nothing passes", () => {
    const error = new DeepSeekConfigError("x", "is wrong", 1, "fix it");
    const clean = { outdir: mkdtempSync(join(tmpdir(), "refusal-clean-")), synth: () => { throw error; } };
    expect(synthRefusal(clean)).toBe(error);
    const leaky = {
      outdir: mkdtempSync(join(tmpdir(), "refusal-leaky-")),
      synth(): void {
        mkdirSync(join(this.outdir, "stacks", "s"), { recursive: true });
        writeFileSync(join(this.outdir, "stacks", "s", "cdk.tf.json"), "{}");
        throw error;
      },
    };
    expect(() => synthRefusal(leaky)).toThrow();
  });
});
