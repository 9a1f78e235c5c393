#!/usr/bin/env node
// Thin wrapper: all behaviour lives in runReviewCli (lib/review/cli.ts), which tests call directly.
// Imports the CLI module alone, so the command loads no cdktf or provider code.
import { runReviewCli } from "../lib/review/cli";

process.exitCode = runReviewCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
