import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildDefaultApp } from "../stacks/default-app";

/** Synthesizes the default app once for every test file that reads it (see test/support/default-app.ts). */
export default function globalSetup(): void {
  const outdir = mkdtempSync(join(tmpdir(), "deepseek-default-app-"));
  buildDefaultApp(outdir).synth();
  process.env.DEEPSEEK_DEFAULT_APP_OUTDIR = outdir;
}
