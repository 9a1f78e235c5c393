import { ObjectChanges, StackDiff } from "./stack-diff";
import { ReviewChange, weakens } from "./diff";
import { renderReviewMarkdown } from "./markdown";
import type { ReviewModel } from "./types";

/** Hidden marker so a CI job can find and update its own PR comment. */
export const REVIEW_COMMENT_MARKER = "<!-- cdktf-deepseek-review -->";

/** Resource lines shown per stack before the list is cut, to keep a PR comment under GitHub's size limit. */
export const MAX_RESOURCE_LINES_PER_STACK = 150;

export interface DiffReportInput {
  readonly changes: readonly ReviewChange[];
  readonly stacks: readonly StackDiff[];
  /** Notes shown first (first synth, missing review.json, ...). */
  readonly notes: readonly string[];
  /** Warnings shown before everything else (the base synth failed, ...). @default none */
  readonly warnings?: readonly string[];
  /** The head review, appended collapsed; `null` when head has none. */
  readonly head: ReviewModel | null;
}

const ICON: Readonly<Record<ReviewChange["severity"], string>> = { weakening: "⚠️ ", strengthening: "🔒 ", info: "" };

/** The PR comment: posture alert, reviewer changes, resource changes per stack, head summary. */
export function renderDiffMarkdown(input: DiffReportInput): string {
  const out: string[] = [REVIEW_COMMENT_MARKER, "## cdktf-deepseek review", ""];
  for (const w of input.warnings ?? []) out.push("> [!WARNING]", `> ${w}`, "");
  const weakening = input.changes.filter((c) => c.severity === "weakening");
  if (weakens(input.changes)) {
    out.push("> [!CAUTION]", "> The security posture weakens:");
    for (const c of weakening) out.push(`> - ${scope(c)}${c.text}`);
    out.push("");
  }
  for (const note of input.notes) out.push("> [!NOTE]", `> ${note}`, "");
  out.push("### What changed", "");
  if (input.changes.length === 0) out.push("Nothing changed in reviewer terms.");
  for (const c of input.changes) out.push(`- ${ICON[c.severity]}${scope(c)}${c.text}`);
  out.push("", "### Resources", "");
  const touched = input.stacks.filter((s) => s.status !== "unchanged");
  if (input.stacks.length === 0) out.push("No stacks in either synth.");
  else if (touched.length === 0) out.push(`No resource changes in ${input.stacks.length} stack${input.stacks.length === 1 ? "" : "s"}.`);
  else {
    out.push("| stack | status | added | changed | removed |", "|---|---|---|---|---|");
    for (const s of input.stacks) out.push(`| \`${s.stack}\` | ${s.status} | ${s.added.length} | ${s.changed.length} | ${s.removed.length} |`);
    for (const s of touched) {
      out.push("", `#### \`${s.stack}\` (${s.status})`, "");
      const objects = (a: string): string[] => objectLines(s.objects?.[a]);
      const lines = [
        ...s.added.flatMap((a) => [`+ ${a}`, ...objects(a)]),
        ...s.changed.flatMap((a) => [`! ${a}${s.changedAttributes[a]?.length ? ` (${s.changedAttributes[a].join(", ")})` : ""}`, ...objects(a)]),
        ...s.removed.flatMap((a) => [`- ${a}`, ...objects(a)]),
      ];
      if (lines.length === 0) {
        out.push("No resources.");
        continue;
      }
      out.push("```diff", ...lines.slice(0, MAX_RESOURCE_LINES_PER_STACK));
      if (lines.length > MAX_RESOURCE_LINES_PER_STACK) out.push(`# … ${lines.length - MAX_RESOURCE_LINES_PER_STACK} more`);
      out.push("```");
    }
    out.push("", "`+` added, `!` changed (configuration differs), `-` removed. Indented lines are the Kubernetes objects inside a release.");
  }
  out.push("");
  if (input.head) {
    out.push("<details><summary>Head deployment summary</summary>", "", renderReviewMarkdown(input.head, { headingLevel: 3 }), "</details>", "");
  }
  return out.join("\n");
}

function scope(c: ReviewChange): string {
  return c.placement === null || c.field === "placement" ? "" : `\`${c.placementName ?? c.placement}\`: `;
}

/** The object lines under a release: `!   Deployment deepseek/trtllm changed: spec.template.spec.containers`. */
function objectLines(o: ObjectChanges | undefined): string[] {
  if (!o) return [];
  return [
    ...o.added.map((k) => `+   ${k} added`),
    ...o.changed.map((c) => `!   ${c.object} changed: ${c.paths.join(", ")}`),
    ...o.removed.map((k) => `-   ${k} removed`),
  ];
}
