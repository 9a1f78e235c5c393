import * as path from "path";
import { DeepSeekConfigError } from "../errors";
import { TerraformStack, TerraformVariable } from "../internal/tf";
import type { DeepSeekApp } from "./deepseek-app";

/** The cluster id of a placement: as registered, else its infra stack id without `-<placement>-infra`. */
function clusterOf(info: { readonly cluster?: string; readonly stacks?: readonly string[] }, displayName: string): string {
  if (info.cluster !== undefined) return info.cluster;
  const infra = (info.stacks ?? []).find((s) => s.endsWith(`-${displayName}-infra`));
  return infra ? infra.slice(0, -`-${displayName}-infra`.length) : displayName;
}

/**
 * The short summary `npm run synth` prints: clusters and placements, stacks, warnings (identical
 * ones grouped, naming their placements), and where the review is. `cwd` makes the paths relative.
 */
export function synthSummary(app: DeepSeekApp, cwd = process.cwd()): string {
  const placements = app.placements;
  const stacks = app.node.findAll().filter(TerraformStack.isStack).map((s) => s.node.id);
  const out = path.relative(cwd, app.outdir) || ".";
  const byCluster = new Map<string, string[]>();
  const warnings = new Map<string, string[]>();
  for (const { plan, info } of placements) {
    const name = info.displayName ?? plan.id;
    const cluster = clusterOf(info, name);
    const replicas = plan.replicas.min === plan.replicas.max ? `${plan.replicas.min}` : `${plan.replicas.min}-${plan.replicas.max}`;
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), `${name} (${plan.cloud.toUpperCase()} ${plan.region}, ${plan.hardware}, ${replicas} replica${plan.replicas.max === 1 ? "" : "s"})`]);
    // Placement names repeat across clusters: a warning names `<cluster>/<placement>`, as the review does.
    for (const w of plan.warnings) warnings.set(w, [...(warnings.get(w) ?? []), cluster === name ? name : `${cluster}/${name}`]);
  }
  const lines = [
    `cdktf-deepseek: ${byCluster.size} cluster${byCluster.size === 1 ? "" : "s"}, ${placements.length} placement${placements.length === 1 ? "" : "s"}, ${stacks.length} stack${stacks.length === 1 ? "" : "s"} in ${out}/`,
    ...[...byCluster].map(([cluster, ps]) => `  ${cluster}: ${ps.join("; ")}`),
  ];
  const all = [...app.warnings.map((w) => `- ${w}`), ...[...warnings].map(([w, where]) => `- ${where.join(", ")}: ${w}`)];
  if (all.length) lines.push(`Warnings (${all.length}):`, ...all.map((w) => `  ${w}`));
  // Terraform variables: values given at deploy, by name, with the stacks that declare them.
  const variables = new Map<string, string[]>();
  for (const v of app.node.findAll().filter((c): c is TerraformVariable => c instanceof TerraformVariable)) {
    const name = v.friendlyUniqueId;
    variables.set(name, [...(variables.get(name) ?? []), TerraformStack.of(v).node.id]);
  }
  for (const [name, in_] of variables) {
    lines.push(`Deploy-time input: ${name} in ${in_.length} stack${in_.length === 1 ? "" : "s"}, given at deploy (TF_VAR_${name} or a tfvars file; README "Deploy-time inputs")`);
  }
  lines.push(`Review: ${path.join(out, "review.md")} (reviewer summary), ${path.join(out, "review.json")}; stacks: ${path.join(out, "stacks")}/<stack>`);
  return `${lines.join("\n")}\n`;
}

/** Where the synth command writes, and whether it may print stack traces. */
export interface SynthIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Print the stack trace of a refusal too (DEEPSEEK_STACK_TRACE=1). @default false */
  readonly stackTraces?: boolean;
}

/**
 * Builds and synthesizes an app, printing the summary. A refusal (`DeepSeekConfigError`) prints
 * once, as its one-line message, without a stack trace unless asked; returns the exit code.
 */
export function runSynth(build: () => DeepSeekApp, io: SynthIo): number {
  try {
    const app = build();
    app.synth();
    io.stdout(synthSummary(app));
    return 0;
  } catch (e) {
    if (e instanceof DeepSeekConfigError && !io.stackTraces) {
      io.stderr(`cdktf-deepseek: refused: ${e.message}\n(nothing was written; set DEEPSEEK_STACK_TRACE=1 for the stack trace)\n`);
      return 1;
    }
    io.stderr(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    return 1;
  }
}
