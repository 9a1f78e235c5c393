import { runSynth } from "../lib";
import { buildDefaultApp } from "./default-app";

// Prints a short summary; a refusal prints once, as one line (DEEPSEEK_STACK_TRACE=1 for the trace).
process.exitCode = runSynth(() => buildDefaultApp(), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stackTraces: process.env.DEEPSEEK_STACK_TRACE === "1",
});
