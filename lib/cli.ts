import { runPreflightCli } from "./preflight/cli";
import { runReviewCli, type CliIo } from "./review/cli";

/**
 * The `cdktf-deepseek` command line: dispatches to its commands (lib/preflight/cli.ts,
 * lib/review/cli.ts). Imports the CLI modules alone, so no command loads cdktf or provider code.
 */
export const CLI_USAGE = `Usage: cdktf-deepseek <command> [options]

Commands:
  preflight <cdktf.out>
      Checks synthesized stacks against upstream reality before deploy (published charts and
      their values, scheduling on the planned nodes, references, certificates, metrics,
      traffic, storage). Exit: 0 clean, 2 findings, 1 unreadable input.
  review --base <old cdktf.out> --head <new cdktf.out> [--base-failed]
      What changed between two synths, in reviewer terms, as Markdown for a pull-request comment.
      Exit: 0 no weakening, 2 the security posture weakens, 1 bad input.

cdktf-deepseek <command> --help prints a command's own help.

From an installed package: npx cdktf-deepseek <command> ...
Inside a checkout of cdktf-deepseek itself npx finds no such bin (npm links no bin of the
project it runs in, built or not): run
  npm run preflight                       (preflight of ./cdktf.out, after npm run synth)
  node scripts/cli.js <command> ...       (any command; compiles to .cache/synth when stale)
`;

/** Runs `cdktf-deepseek <argv...>` and returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout(CLI_USAGE);
    return 0;
  }
  if (command === "preflight") return runPreflightCli(rest, io);
  if (command === "review") return runReviewCli(argv, io);
  io.stderr(`${command === undefined ? "cdktf-deepseek: missing command" : `cdktf-deepseek: unknown command "${command}"`}\n\n${CLI_USAGE}`);
  return 1;
}
