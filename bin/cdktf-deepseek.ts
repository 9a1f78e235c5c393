#!/usr/bin/env node
// Thin wrapper: all behaviour lives in runReviewCli (lib/review/cli.ts) and runPreflightCli
// (lib/preflight/cli.ts), which tests call directly. Imports the CLI modules alone, so the
// commands load no cdktf or provider code.
import { runPreflightCli } from "../lib/preflight/cli";
import { runReviewCli } from "../lib/review/cli";

const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};
const [command, ...rest] = process.argv.slice(2);
process.exitCode = command === "preflight" ? runPreflightCli(rest, io) : runReviewCli(process.argv.slice(2), io);
