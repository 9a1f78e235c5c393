import { ObjectChanges, StackDiff, type AttributeChange } from "./stack-diff";
import { ReviewChange, weakens } from "./diff";
import { forcesReplacement, judgesReplacement } from "./force-new";
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
  const untouched = input.stacks.every((st) => st.status === "unchanged");
  if (input.changes.length === 0 && untouched && !(input.warnings ?? []).length && input.stacks.length > 0) {
    out.push(`**No changes**: base and head synthesize the same ${input.stacks.length} stack${input.stacks.length === 1 ? "" : "s"}, with the same configuration in every resource, variable, output and provider, and nothing changed in reviewer terms.`, "");
  }
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
  out.push(...replacementsSection(input.stacks));
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
        ...s.changed.flatMap((a) => [
          `! ${a}${s.replaced?.[a] ? " (REPLACED)" : s.rolled?.[a] ? " (nodes roll)" : ""}${s.changedAttributes[a]?.length ? ` (${s.changedAttributes[a].join(", ")})` : ""}`,
          ...valueLines(a, s.changes?.[a], s.objects?.[a] !== undefined),
          ...objects(a),
        ]),
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
    ...o.changed.flatMap((c) => [
      `!   ${c.object} changed${c.restarts ? " (pods restart)" : ""}: ${c.paths.join(", ")}`,
      ...(c.values ?? []).slice(0, MAX_VALUE_LINES).map((v) => `!       ${v.path}: ${shortValue(v.from)} → ${shortValue(v.to)}`),
      ...((c.values ?? []).length > MAX_VALUE_LINES ? [`#       … ${(c.values ?? []).length - MAX_VALUE_LINES} more values`] : []),
    ]),
    ...o.removed.map((k) => `-   ${k} removed`),
  ];
}

/** Changed values shown per resource or object before the list is cut. */
export const MAX_VALUE_LINES = 12;

/** A value on one line: JSON, cut in the middle past 100 characters; `(unset)` when absent. */
export function shortValue(v: unknown): string {
  if (v === undefined) return "(unset)";
  const s = JSON.stringify(v);
  return s.length <= 100 ? s : `${s.slice(0, 48)}…${s.slice(-48)} (${s.length} characters)`;
}

/** The old → new lines of a changed resource; a release's `values` are shown as its objects instead. */
function valueLines(address: string, changes: readonly AttributeChange[] | undefined, hasObjects: boolean): string[] {
  if (!changes) return [];
  const type = address.split(".")[address.startsWith("data.") ? 1 : 0];
  const shown = changes.filter((c) => !(hasObjects && c.path.startsWith("values")));
  const lines = shown.slice(0, MAX_VALUE_LINES).map((c) => {
    const forcing = forcesReplacement(type, c.path);
    return `!     ${c.path}: ${shortValue(c.from)} → ${shortValue(c.to)}${forcing ? ` (forces replacement: ${forcing})` : ""}`;
  });
  if (shown.length > MAX_VALUE_LINES) lines.push(`#     … ${shown.length - MAX_VALUE_LINES} more values`);
  return lines;
}

/** What a reviewer must not miss: resources Terraform replaces, node pools that roll, workloads that restart. */
function replacementsSection(stacks: readonly StackDiff[]): string[] {
  const lines: string[] = [];
  for (const s of stacks) {
    for (const [a, attr] of Object.entries(s.replaced ?? {})) {
      // Our GPU pools are named `gpu…` (EksInfra's `gpu` node group, GkeInfra's `gpu-pool`); a system pool's restart moves operators, not model servers.
      const pool = /^(aws_eks_node_group|google_container_node_pool)\./.test(a);
      const nodes = !pool ? "" : /^[^.]+\.(\w+_)*gpu[-_]/.test(a)
        ? ": the GPU nodes are replaced, so every model server on them restarts and loads the checkpoint again"
        : ": its nodes are replaced, so the pods on them (operators, gateway) are rescheduled";
      lines.push(`- \`${s.stack}\`: **${a} is replaced** (destroyed, then created) because \`${attr}\` changed${nodes}.`);
    }
    for (const [a, condition] of Object.entries(s.mayBeReplaced ?? {})) lines.push(`- \`${s.stack}\`: **${a} may be replaced**: ${condition}.`);
    for (const [a, why] of Object.entries(s.rolled ?? {})) lines.push(`- \`${s.stack}\`: ${a}: ${why}; the model servers on it restart as their nodes go.`);
    // Managed resources of a type without a vendored list: say so rather than imply an in-place update.
    const unjudged = s.changed.filter((a) => !a.startsWith("data.") && !/^(var|output|local|provider)\./.test(a) && a !== "terraform" && !judgesReplacement(a.split(".")[0]));
    if (unjudged.length) lines.push(`- \`${s.stack}\`: ${unjudged.map((a) => `\`${a}\``).join(", ")} changed; whether Terraform replaces ${unjudged.length === 1 ? "it" : "them"} is not judged (no ForceNew list is vendored for ${[...new Set(unjudged.map((a) => a.split(".")[0]))].join(", ")}).`);
    for (const [release, o] of Object.entries(s.objects ?? {})) {
      const restarting = o.changed.filter((c) => c.restarts).map((c) => c.object);
      if (restarting.length) lines.push(`- \`${s.stack}\`: ${restarting.map((r) => `\`${r}\``).join(", ")} (in ${release}): the pod template changed, so its pods restart.`);
    }
  }
  if (lines.length === 0) return [];
  return ["", "### Replacements and restarts", "", ...lines, "", "Replacement is judged from the providers' `ForceNew` attributes vendored in `lib/review/force-new.ts` (resource types not listed there are not judged)."];
}
