import type { ReviewModel } from "./types";

/**
 * The review's Preflight section: whether the synthesized stacks passed preflight (lib/preflight),
 * which rules ran over how many stacks, and how many findings. DeepSeekApp refuses a synth with
 * findings, so a written review normally says passed; a review without the field says not run.
 */
export function preflightSection(model: ReviewModel, h: string): string[] {
  const p = model.preflight;
  const head = [`${h}# Preflight`, ""];
  if (!p) return [...head, "**Not run**: this review was rendered without synthesized stacks (`npx cdktf-deepseek preflight cdktf.out` checks them).", ""];
  if (p.stacks === 0) return [...head, "**Not run**: no stack was written as Terraform JSON (preflight reads JSON, not `hclOutput`).", ""];
  const n = (k: number, what: string) => `${k} ${what}${k === 1 ? "" : "s"}`;
  return [...head, `${p.findings === 0 ? "**Passed**" : "**Failed**"}: ${n(p.rules.length, "rule")} over ${n(p.stacks, "stack")}, ${n(p.findings, "finding")} (${p.rules.map((r) => `\`${r}\``).join(", ")}). ` +
    "It proves the output wires up against the pinned upstream charts, the scheduler's rules and the pinned image's metrics; quota, capacity and live credentials only a deploy proves.", ""];
}
