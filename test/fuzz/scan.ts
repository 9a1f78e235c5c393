import { INT32_MAX } from "../../lib/catalog/limits";

/**
 * What no synthesized Terraform JSON may hold, whatever the input: a value that could only come
 * from a bug (NaN, Infinity, `undefined`, `[object Object]`, an unresolved cdktf token), a Terraform
 * template the input injected (the fuzz marks its injected text `${fuzz…` / `%{fuzz…`), or a
 * count beyond int32. Kubernetes objects travel inside Helm values as JSON documents: those are
 * parsed and scanned too (a NaN there is written as `null`).
 */
export interface OutputProblem {
  readonly path: string;
  readonly problem: string;
  readonly value: string;
}

const TEXT_PROBLEMS: readonly (readonly [RegExp, string])[] = [
  [/\bNaN\b/, "NaN in text"],
  [/(^|[^\w-])-?Infinity\b/, "Infinity in text"],
  [/\bundefined\b/, "undefined in text"],
  [/\[object Object\]/, "[object Object] in text"],
  [/\$\{(TfToken|Token)\[|\bTOKEN\.\d+/, "an unresolved cdktf token"],
  // `$${` is Terraform's escape for a literal `${`; an unescaped injected one would be evaluated.
  [/(^|[^$])\$\{\s*fuzz/, "an injected ${ … } template evaluated by Terraform"],
  [/(^|[^%])%\{\s*fuzz/, "an injected %{ … } directive evaluated by Terraform"],
];

/** Words that look like a bug in the output but are the consumer's own when the input holds them (a placement named "undefined"). */
const WORD_PROBLEMS = new Set(["NaN in text", "Infinity in text", "undefined in text", "[object Object] in text"]);

/** The word problems an input's own text explains: its strings hold the word, so the output may too. Templates are never explained. */
export function explainedBy(input: unknown): ReadonlySet<string> {
  const strings: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") strings.push(v);
    else if (v && typeof v === "object") Object.values(v).forEach(visit);
  };
  visit(input);
  return new Set(TEXT_PROBLEMS.filter(([re, problem]) => WORD_PROBLEMS.has(problem) && strings.some((s) => re.test(s))).map(([, problem]) => problem));
}

/** Scans a synthesized stack (the object `toTerraform()` returns, before JSON); `explained` problems are the input's own words. */
export function scanOutput(value: unknown, path = "", problems: OutputProblem[] = [], embedded = false, explained: ReadonlySet<string> = new Set()): OutputProblem[] {
  if (problems.length >= 5) return problems;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) problems.push({ path, problem: "a non-finite number", value: String(value) });
    else if (Math.abs(value) > INT32_MAX) problems.push({ path, problem: "a number beyond int32", value: String(value) });
    return problems;
  }
  if (value === undefined && path) {
    problems.push({ path, problem: "an undefined value", value: "undefined" });
    return problems;
  }
  if (value === null) {
    // JSON has no NaN: inside an embedded Kubernetes document, null is where one was written.
    if (embedded) problems.push({ path, problem: "null inside an embedded document (a NaN or undefined written as JSON)", value: "null" });
    return problems;
  }
  if (typeof value === "string") {
    for (const [re, problem] of TEXT_PROBLEMS) if (!explained.has(problem) && re.test(value)) problems.push({ path, problem, value: excerpt(value, re) });
    const trimmed = value.trimStart();
    if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && value.length > 2) {
      for (const doc of documents(value)) scanOutput(doc, `${path}<json>`, problems, true, explained);
    }
    return problems;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => scanOutput(v, `${path}.${i}`, problems, embedded, explained));
    return problems;
  }
  if (typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) scanOutput(v, path ? `${path}.${k}` : k, problems, embedded, explained);
  }
  return problems;
}

/** JSON documents in a string: one document, or several separated by `---` lines. */
function documents(text: string): unknown[] {
  const out: unknown[] = [];
  for (const part of text.split(/^---$/m)) {
    try {
      out.push(JSON.parse(part));
    } catch {
      // not JSON (a script, YAML): scanned as text only
    }
  }
  return out;
}

function excerpt(value: string, re: RegExp): string {
  const at = Math.max(0, value.search(re) - 30);
  return value.slice(at, at + 90);
}
