import { DeepSeekConfigError } from "../../lib/errors";
import { refusal } from "../support/refusal";

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
});
