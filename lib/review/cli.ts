import * as fs from "fs";
import { diffAgainstUnknown, diffReviews, weakens } from "./diff";
import { diffStackResources } from "./stack-diff";
import { LoadedSynth, ReviewInputError, loadSynth } from "./load";
import { renderDiffMarkdown } from "./report";

/** Where the CLI writes. Tests pass collectors; the bin passes process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** Exit codes CI can act on. */
export const REVIEW_EXIT_OK = 0;
export const REVIEW_EXIT_BAD_INPUT = 1;
export const REVIEW_EXIT_POSTURE_WEAKENED = 2;

export const REVIEW_USAGE = `Usage: cdktf-deepseek review --base <old cdktf.out> --head <new cdktf.out> [--base-failed]

Prints, as Markdown for a pull-request comment, what changed between two synths in reviewer
terms, then the resource-level adds, changes and removals per stack.

  --base <dir>   synth output of the base commit; an empty directory means a first synth, a
                 missing one is an error (exit 1) unless --base-failed
  --head <dir>   synth output of the head commit (required)
  --base-failed  the base commit did not synthesize: its output is ignored, the failure is
                 reported, and the head's posture is judged against an unknown base (a
                 non-private API endpoint or a public inference endpoint counts as weakening)

Exit codes: 0 no weakening, 2 the security posture weakens, 1 bad input.
`;

interface ParsedArgs {
  readonly help: boolean;
  readonly base?: string;
  readonly head?: string;
  readonly baseFailed?: boolean;
}

function parseArgs(argv: readonly string[]): ParsedArgs {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") return { help: true };
  if (command !== "review") {
    throw new ReviewInputError(command === undefined ? "missing command; use `cdktf-deepseek review --base <dir> --head <dir>`" : `unknown command "${command}"; use \`cdktf-deepseek review --base <dir> --head <dir>\``);
  }
  const values: Record<string, string> = {};
  let baseFailed = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg === "--base-failed") {
      baseFailed = true;
      continue;
    }
    const m = /^--(base|head)(?:=(.*))?$/.exec(arg);
    if (!m) throw new ReviewInputError(`unknown argument "${arg}"; use --base <dir>, --head <dir> and --base-failed`);
    const value = m[2] ?? rest[++i];
    if (value === undefined || value === "" || (m[2] === undefined && value.startsWith("--"))) throw new ReviewInputError(`--${m[1]} needs a directory; use --${m[1]} <dir>`);
    values[m[1]] = value;
  }
  if (values.head === undefined) throw new ReviewInputError("--head is required; pass the new synth output, e.g. --head cdktf.out");
  if (values.base === undefined && !baseFailed) throw new ReviewInputError("--base is required; pass the base synth output (a missing directory is fine for a first synth)");
  return { help: false, base: values.base, head: values.head, baseFailed };
}

/**
 * `cdktf-deepseek review --base <dir> --head <dir>`: prints the review diff as Markdown and
 * returns the exit code. Reads the file system; writes only through `io`.
 */
export function runReviewCli(argv: readonly string[], io: CliIo): number {
  try {
    const args = parseArgs(argv);
    if (args.help) {
      io.stdout(REVIEW_USAGE);
      return REVIEW_EXIT_OK;
    }
    const head = loadSynth(args.head!, "head");
    if (head.empty) throw new ReviewInputError(`head: ${head.dir} holds neither review.json nor stacks/*/cdk.tf.json; run cdktf synth for the head commit first`);
    const notes: string[] = [];
    const warnings: string[] = [];
    let base: LoadedSynth | null = null;
    if (args.baseFailed) {
      warnings.push("**The base commit did not synthesize.** Nothing can be compared: every resource is listed as added, and the head's security posture is judged against an unknown base (a public inference endpoint or a non-private Kubernetes API counts as weakening). Fix the base synth or review the head in full.");
    } else if (!fs.existsSync(args.base!)) {
      // A mistyped path must not pass as a first synth: everything would be "added" and the
      // posture gate would compare against nothing.
      throw new ReviewInputError(`base: ${args.base} does not exist; pass the base commit's cdktf.out, an empty directory for a first synth, or --base-failed when the base did not synthesize`);
    } else {
      base = loadSynth(args.base!, "base");
      if (base.empty) {
        notes.push(`Base \`${args.base}\` is empty: treating this as a first synth, so everything is listed as added.`);
        base = null;
      } else if (base.review === null) {
        notes.push(`Base \`${base.dir}\` has no review.json (synthesized before the review existed, or with a plain App): placements are listed as added, resources are compared.`);
      }
    }
    if (head.review === null) notes.push(`Head \`${head.dir}\` has no review.json (synthesized with a plain App?): only resources are compared. Use DeepSeekApp to get the reviewer summary.`);
    const changes = head.review ? [...diffReviews(base?.review ?? null, head.review), ...(args.baseFailed ? diffAgainstUnknown(head.review) : [])] : [];
    const stacks = diffStackResources(base?.stacks ?? new Map(), head.stacks);
    io.stdout(renderDiffMarkdown({ changes, stacks, notes, warnings, head: head.review }));
    if (args.baseFailed) io.stderr("cdktf-deepseek review: the base synth failed; judging the head's posture against an unknown base\n");
    if (weakens(changes)) {
      io.stderr(`cdktf-deepseek review: the security posture weakens (${changes.filter((c) => c.severity === "weakening").length} change(s)); exit ${REVIEW_EXIT_POSTURE_WEAKENED}\n`);
      return REVIEW_EXIT_POSTURE_WEAKENED;
    }
    return REVIEW_EXIT_OK;
  } catch (e) {
    if (e instanceof ReviewInputError) {
      io.stderr(`cdktf-deepseek review: ${e.message}\n`);
      return REVIEW_EXIT_BAD_INPUT;
    }
    // A review.json that passes the shape check but lacks fields lands here.
    io.stderr(`cdktf-deepseek review: could not compare the synths (${(e as Error).message}); re-synthesize base and head with the same cdktf-deepseek version\n`);
    return REVIEW_EXIT_BAD_INPUT;
  }
}
