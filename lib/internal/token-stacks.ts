/**
 * Part of the cdktf seam (see tf.ts): how deep cdktf records where each token was created.
 *
 * cdktf formats a complete stack trace for every token it creates, and provider resources
 * create one per nested block in their constructors (≈2,800 for the default app). Formatting
 * those traces was ~20% of a whole-app synth. The trace only appears in cdktf's messages about
 * tokens that failed to resolve, so within `withTokenStackDepth` cdktf records at most
 * `maxFrames` frames (none at 0). Nothing synthesized changes.
 *
 * If a cdktf release moves the private module, this degrades to doing nothing.
 */
import { DISABLE_STACK_TRACE_IN_METADATA, IConstruct } from "./tf";

interface StackTraceModule { captureStackTrace: (below?: unknown) => string[] }

function loadStackTraceModule(): StackTraceModule | undefined {
  try {
    const mod = require("cdktf/lib/tokens/private/stack-trace") as Partial<StackTraceModule>;
    return typeof mod.captureStackTrace === "function" ? (mod as StackTraceModule) : undefined;
  } catch {
    return undefined;
  }
}

const stackTraceModule = loadStackTraceModule();
const fullCapture = stackTraceModule?.captureStackTrace;
let activeScopes = 0;
let activeDepth = Number.MAX_SAFE_INTEGER;

function shallowCapture(below?: unknown): string[] {
  if (activeDepth === 0) return [];
  const holder = { stack: "" };
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = activeDepth;
    Error.captureStackTrace(holder, (below as Function | undefined) ?? shallowCapture);
  } finally {
    Error.stackTraceLimit = previousLimit;
  }
  return holder.stack.split("\n").slice(1).map((line) => line.replace(/^\s*at\s+/, ""));
}

/** True when cdktf's token stack capture can be shortened (the private module was found). */
export const TOKEN_STACK_DEPTH_SUPPORTED = fullCapture !== undefined;

/**
 * Runs `build` with cdktf recording at most `maxFrames` frames of each token's creation stack.
 * Nests (the innermost depth wins while it runs) and always restores cdktf's own capture.
 */
export function withTokenStackDepth<T>(maxFrames: number, build: () => T): T {
  if (!stackTraceModule || !fullCapture) return build();
  const outerDepth = activeDepth;
  activeScopes++;
  activeDepth = maxFrames;
  stackTraceModule.captureStackTrace = shallowCapture;
  try {
    return build();
  } finally {
    activeDepth = outerDepth;
    if (--activeScopes === 0) stackTraceModule.captureStackTrace = fullCapture;
  }
}

/**
 * Runs `build` recording token creation stacks only if the app records stack traces: an app made
 * with `stackTraces: false` (the `DeepSeekApp` default) gets none, any other cdktf's complete ones.
 */
export function withAppTokenStacks<T>(scope: IConstruct, build: () => T): T {
  return scope.node.tryGetContext(DISABLE_STACK_TRACE_IN_METADATA) === true ? withTokenStackDepth(0, build) : build();
}
