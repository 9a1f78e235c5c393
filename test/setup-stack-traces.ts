/**
 * cdktf captures a full stack trace for every token it creates (cdktf lib/tokens/private/stack-trace.js:
 * `Error.captureStackTrace` on a plain object with an unlimited `Error.stackTraceLimit`). Under jest every
 * such capture goes through source-map-support, which parses the inline source maps of each file on the
 * stack again in every test file: measured, about a tenth of the suite's CPU. Plain synth (no
 * source-map-support) formats these with V8's default; so do the tests now. Real errors (anything whose
 * tag is Error) keep jest's source-mapped stacks.
 */
const sourceMapped = Error.prepareStackTrace;

function isError(value: unknown): boolean {
  return Object.prototype.toString.call(value) === "[object Error]";
}

Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): unknown => {
  if (sourceMapped && isError(error)) return sourceMapped(error, frames);
  const header = isError(error) ? `${error.name}: ${error.message}` : "Error";
  return [header, ...frames.map((frame) => `    at ${frame.toString()}`)].join("\n");
};
