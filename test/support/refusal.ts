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
