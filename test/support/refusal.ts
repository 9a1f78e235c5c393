import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DeepSeekConfigError } from "../../lib/errors";

/**
 * Runs `run` and returns the DeepSeekConfigError it throws, so a test can check its path, received
 * value and fix. Any other error passes through unchanged (the test fails on it, with its own
 * message and stack); returning normally fails the test: nothing was refused.
 */
export function refusal(run: () => unknown): DeepSeekConfigError {
  try {
    run();
  } catch (e) {
    if (e instanceof DeepSeekConfigError) return e;
    throw e;
  }
  throw new Error("expected a DeepSeekConfigError, but nothing was refused");
}

/**
 * Synthesizes `app` and returns the DeepSeekConfigError that refuses it, after checking that the
 * refused synth wrote no stack into the outdir (a refused app writes nothing).
 */
export function synthRefusal(app: { synth(): void; readonly outdir: string }): DeepSeekConfigError {
  const error = refusal(() => app.synth());
  const stacks = join(app.outdir, "stacks");
  expect(existsSync(stacks) ? readdirSync(stacks) : []).toEqual([]);
  return error;
}
