import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether a terraform binary is on PATH (CI has none: the tests that need one skip). */
export const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } }).status === 0;

/** A synthesized Terraform expression (`${…}`) without its interpolation wrapper. */
export function unwrap(expression: string): string {
  const m = /^\$\{([\s\S]*)\}$/.exec(expression);
  if (!m) throw new Error(`not a whole-string interpolation: ${expression}`);
  return m[1];
}

/**
 * Evaluates expressions with the real Terraform language (`terraform console` in an empty folder:
 * no configuration, no providers, no network). Returns each result as a string ("true", "false",
 * …), or "ERROR" when the expression fails, in one terraform run. Piped `terraform console` prints
 * only the last expression of its input, so the expressions go in as one list.
 */
export function evalTerraform(expressions: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "deepseek-tf-eval-"));
  const list = expressions.map((e) => `try(tostring(${e}), "ERROR")`).join(", ");
  const run = spawnSync("terraform", ["console"], {
    cwd: dir, input: `jsonencode([${list}])\n`, encoding: "utf8", timeout: 120_000,
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
  });
  if (run.status !== 0) throw new Error(`terraform console failed (${run.status}): ${run.stderr}`);
  const results = JSON.parse(JSON.parse(run.stdout.trim())) as string[];
  if (results.length !== expressions.length) throw new Error(`terraform console returned ${results.length} results for ${expressions.length} expressions`);
  return results;
}
