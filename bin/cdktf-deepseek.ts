#!/usr/bin/env node
// Thin wrapper: all behaviour lives in runCli (lib/cli.ts), which dispatches to runPreflightCli
// (lib/preflight/cli.ts) and runReviewCli (lib/review/cli.ts); tests call them directly. Imports
// the CLI modules alone, so the commands load no cdktf or provider code.
import { runCli } from "../lib/cli";

process.exitCode = runCli(process.argv.slice(2), {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
});
