import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDefaultApp } from "../../stacks/default-app";

/**
 * Where the default app was synthesized for this test run: once by test/global-setup.ts, or here
 * when a file runs without it. Read-only: tests must not write into it.
 */
export function defaultAppOutdir(): string {
  const shared = process.env.DEEPSEEK_DEFAULT_APP_OUTDIR;
  if (shared) return shared;
  const outdir = mkdtempSync(join(tmpdir(), "deepseek-default-app-"));
  buildDefaultApp(outdir).synth();
  process.env.DEEPSEEK_DEFAULT_APP_OUTDIR = outdir;
  return outdir;
}
