import { PREFLIGHT_RULES, formatFindings, runPreflight } from "./index";
import { loadSynth } from "./load";

export interface PreflightIo { stdout(text: string): void; stderr(text: string): void }

/**
 * `cdktf-deepseek preflight <cdktf.out>`: exit 0 when every rule passes, 2 with findings, 1 when
 * the input cannot be read. Loads no cdktf or provider code.
 */
export function runPreflightCli(args: readonly string[], io: PreflightIo): number {
  if (args.includes("--help") || args.includes("-h") || args.length !== 1) {
    const help = `usage: cdktf-deepseek preflight <cdktf.out>\n\nChecks the synthesized stacks against upstream reality before deploy:\n${PREFLIGHT_RULES.map((r) => `  ${r.id}: ${r.proves}`).join("\n")}\n\nExit: 0 clean, 2 findings, 1 unreadable input.\nIn a checkout of cdktf-deepseek itself (npx finds no bin there): npm run preflight, or node scripts/cli.js preflight <cdktf.out>.\n`;
    (args.length === 1 ? io.stdout : io.stderr)(help);
    return args.length === 1 ? 0 : 1;
  }
  const started = Date.now();
  let view;
  try {
    view = loadSynth(args[0]);
  } catch (e) {
    io.stderr(`preflight: ${(e as Error).message}\n`);
    return 1;
  }
  const findings = runPreflight(view);
  const ms = Date.now() - started;
  if (findings.length === 0) {
    io.stdout(`preflight: ${view.stacks.length} stacks, ${PREFLIGHT_RULES.length} rules, no findings (${ms} ms)\n`);
    return 0;
  }
  io.stdout(`${formatFindings(findings)}\npreflight: ${findings.length} finding${findings.length === 1 ? "" : "s"} in ${view.stacks.length} stacks (${ms} ms)\n`);
  return 2;
}
