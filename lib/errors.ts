/**
 * The one error every refused configuration raises, at construction or planning time,
 * before any Terraform is written.
 *
 * Message form: `<path>: <what is wrong> (got <value>); <how to fix>`.
 */
export class DeepSeekConfigError extends Error {
  /**
   * Dotted path of the offending field as the caller wrote it: rooted at a planner's input
   * (`placements.0.hardware`) or at a construct's id (`prod.placements.0.hardware`).
   */
  public readonly path: string;
  /** The value received at that path. */
  public readonly received: unknown;
  /** What to do instead. */
  public readonly fix: string;
  /** What is wrong, without path, value or fix. */
  public readonly problem: string;

  constructor(path: string, problem: string, received: unknown, fix: string) {
    super(`${path}: ${problem} (got ${formatReceived(received)}); ${fix}`);
    this.name = "DeepSeekConfigError";
    this.path = path;
    this.problem = problem;
    this.received = received;
    this.fix = fix;
  }
}

/** Longest rendering of a received value in a message; longer ones are cut, saying how long they were. */
const MAX_RECEIVED = 120;

/** Renders a received value compactly and deterministically for an error message (cut at 120 characters). */
export function formatReceived(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "string") {
    if (value.length <= MAX_RECEIVED) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, MAX_RECEIVED - 20))}... (${value.length} characters)`;
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  try {
    const json = JSON.stringify(value);
    if (json === undefined) return String(value).slice(0, MAX_RECEIVED);
    return json.length > MAX_RECEIVED ? `${json.slice(0, MAX_RECEIVED - 3)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** Lists choices for a fix message: `"a", "b" or "c"`. */
export function oneOf(values: readonly (string | number)[]): string {
  const quoted = values.map((v) => (typeof v === "string" ? `"${v}"` : String(v)));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}
