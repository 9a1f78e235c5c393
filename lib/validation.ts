import { z } from "zod";
import { DeepSeekConfigError, oneOf } from "./errors";
import { findTerraformTemplate } from "./internal/terraform-text";

/**
 * Parses `input` with a zod schema and turns the first issue into a DeepSeekConfigError
 * that names the field, the value received and a fix. Raw ZodErrors never reach users.
 *
 * @param rootPath prefix for every error path (e.g. the construct id or `props`)
 * @param hintSchema every field the caller takes there, when `schema` checks only some of them:
 *   read for the fix of an unknown field ("did you mean"); @default schema
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, rootPath = "", hintSchema: z.ZodType = schema): z.output<T> {
  refuseOversizedArrays(input, rootPath);
  const result = schema.safeParse(input);
  if (!result.success) throw zodIssueToError(firstIssue(result.error.issues), input, rootPath, hintSchema);
  // Terraform would evaluate `${…}` / `%{…}` in any string it reads; props are data, never expressions.
  const template = findTerraformTemplate(input);
  if (template) {
    throw new DeepSeekConfigError(joinPath(rootPath, template.path), "holds a Terraform template sequence (`${` or `%{`) that Terraform would evaluate", template.value,
      "remove it; pass a reference as a cdktf token (a resource attribute or TerraformVariable.stringValue), never as `${...}` text");
  }
  return result.data;
}

/**
 * No list in any props of this library holds more than a few hundred entries (placements at most 8,
 * tiers, zones, CIDRs). A longer one (or a Proxy claiming a length of 1e9) is refused before anything
 * iterates it: zod and the template scan would otherwise walk every entry first (measured: over
 * 100 s for a claimed 1e9 before the refusal).
 */
export const MAX_LIST_ENTRIES = 10_000;

export function refuseOversizedArrays(input: unknown, rootPath: string, path: readonly PropertyKey[] = [], seen = new Set<object>()): void {
  if (input === null || typeof input !== "object" || seen.has(input)) return;
  seen.add(input);
  if (Array.isArray(input)) {
    const length: unknown = input.length;
    if (typeof length !== "number" || length > MAX_LIST_ENTRIES) {
      throw new DeepSeekConfigError(joinPath(rootPath, path), `is a list of ${String(length)} entries, more than any setting of this library takes (${MAX_LIST_ENTRIES})`, `[${String(length)} entries]`,
        "pass the entries the field documents (see its @default and limits)");
    }
    for (let i = 0; i < length; i++) refuseOversizedArrays(input[i], rootPath, [...path, i], seen);
    return;
  }
  // Plain data only: a construct, token or class instance is not walked (it is not a list of props).
  const proto = Object.getPrototypeOf(input);
  if (proto !== Object.prototype && proto !== null) return;
  for (const key of Object.keys(input)) refuseOversizedArrays((input as Record<string, unknown>)[key], rootPath, [...path, key], seen);
}

/**
 * Keys a JavaScript object treats as its prototype's members. zod's records skip a `__proto__` key
 * (it would replace the parsed object's prototype), object spreads and literals drop it, and
 * `constructor` / `prototype` read as inherited members wherever a map is looked up by key; so a
 * tag or label named like one would vanish or be misread on its way to the provider.
 */
export const PROTOTYPE_MEMBER_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A map of resource tags or labels (string to string): a key named like a prototype member is
 * refused with its path before zod reads the map (zod would skip `__proto__` without a word), and
 * `key`, when given, is the grammar every key must match (`keyMessage` as "problem; fix").
 */
export function tagMap(what: string, value: z.ZodType<string> = z.string(), key?: { readonly re: RegExp; readonly message: string }) {
  const record = z.record(z.string(), value).superRefine((map, ctx) => {
    if (key) for (const k of Object.keys(map)) if (!key.re.test(k)) ctx.addIssue({ code: "custom", path: [k], message: key.message });
  });
  return z.unknown().superRefine((raw, ctx) => {
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return;
    for (const k of Object.keys(raw)) {
      if (PROTOTYPE_MEMBER_KEYS.has(k)) {
        ctx.addIssue({ code: "custom", path: [k], message: `is ${what} key named like a JavaScript prototype member, which object maps drop (\`__proto__\`) or mistake for an inherited member on the way to the provider; rename the key (for example "${k.replace(/_/g, "")}-name")` });
      }
    }
  }).pipe(record);
}

/**
 * zod's `.int()` also checks the safe-integer range (±9007199254740991), and reports it before the
 * field's own `.min`/`.max`: a bound no field of this system has. The field's own issue is taken
 * instead; a field without one has no real bound in its schema, and its planner checks the value
 * (schemas of such fields use `wholeNumber`, not `.int()`).
 */
function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  const safeRange = (i: z.core.$ZodIssue) => (i.code === "too_big" || i.code === "too_small") && i.origin === "int";
  const first = issues[0];
  if (!safeRange(first)) return first;
  const same = (i: z.core.$ZodIssue) => i.path.length === first.path.length && i.path.every((k, n) => k === first.path[n]);
  return issues.find((i) => !safeRange(i) && same(i)) ?? first;
}

/**
 * A whole number of any size (zod's `.int()` would refuse past 2^53 quoting that bound): for a
 * count whose real bound the planner decides from the catalog (node pool maxima, context
 * windows) and quotes in its own refusal.
 */
export const wholeNumber = () => z.number().refine(Number.isInteger, "is not a whole number; use a whole number");

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function joinPath(rootPath: string, path: readonly PropertyKey[]): string {
  const parts = [rootPath, ...path.map(String)].filter((p) => p !== "");
  return parts.length ? parts.join(".") : "(input)";
}

function zodIssueToError(issue: z.core.$ZodIssue, input: unknown, rootPath: string, schema?: z.ZodType): DeepSeekConfigError {
  const received = valueAt(input, issue.path);
  // A custom message written as "problem; fix" in a schema refinement is used as is.
  if (issue.code === "custom" || issue.message.includes(";")) {
    const [problem, ...fix] = issue.message.split(";");
    return new DeepSeekConfigError(joinPath(rootPath, issue.path), problem.trim(), received, fix.join(";").trim() || "see the documentation of this field");
  }
  switch (issue.code) {
    case "invalid_value":
      return new DeepSeekConfigError(joinPath(rootPath, issue.path), "is not a supported value", received, `use ${oneOf(issue.values.map(String))}`);
    case "invalid_type": {
      const a = /^[aeiou]/.test(issue.expected) ? "an" : "a";
      if (received === undefined) {
        return new DeepSeekConfigError(joinPath(rootPath, issue.path), "is required", received, `set it to ${a} ${issue.expected}`);
      }
      return new DeepSeekConfigError(joinPath(rootPath, issue.path), `must be ${a} ${issue.expected}`, received, `pass ${a} ${issue.expected}`);
    }
    case "too_small":
      if (issue.origin === "int") return new DeepSeekConfigError(joinPath(rootPath, issue.path), "is far below any value this field accepts", received, "see the field's documented range");
      if (issue.origin === "array") return new DeepSeekConfigError(joinPath(rootPath, issue.path), `needs at least ${String(issue.minimum)} entr${Number(issue.minimum) === 1 ? "y" : "ies"}`, received, `add at least ${String(issue.minimum)}`);
      if (issue.origin === "string") {
        return Number(issue.minimum) <= 1
          ? new DeepSeekConfigError(joinPath(rootPath, issue.path), "must not be empty", received, "set a non-empty value")
          : new DeepSeekConfigError(joinPath(rootPath, issue.path), `is shorter than ${String(issue.minimum)} characters`, received, `use at least ${String(issue.minimum)} characters`);
      }
      if (!issue.inclusive) return new DeepSeekConfigError(joinPath(rootPath, issue.path), `must be greater than ${String(issue.minimum)}`, received, `use a value above ${String(issue.minimum)}`);
      return new DeepSeekConfigError(joinPath(rootPath, issue.path), `is below the minimum of ${String(issue.minimum)}`, received, `use a value of at least ${String(issue.minimum)}`);
    case "too_big":
      // Only zod's implicit safe-integer range, no bound of the field's own: do not quote 2^53 - 1.
      if (issue.origin === "int") return new DeepSeekConfigError(joinPath(rootPath, issue.path), "is far above any value this field accepts", received, "see the field's documented range");
      if (issue.origin === "array") return new DeepSeekConfigError(joinPath(rootPath, issue.path), `has more than ${String(issue.maximum)} entries`, received, `keep at most ${String(issue.maximum)}`);
      if (!issue.inclusive) return new DeepSeekConfigError(joinPath(rootPath, issue.path), `must be less than ${String(issue.maximum)}`, received, `use a value below ${String(issue.maximum)}`);
      return new DeepSeekConfigError(joinPath(rootPath, issue.path), `is above the maximum of ${String(issue.maximum)}`, received, `use a value of at most ${String(issue.maximum)}`);
    case "unrecognized_keys": {
      const key = issue.keys[0];
      const hint = schema && unknownKeyHint(key, shapeAt(schema, issue.path, input), joinPath(rootPath, issue.path));
      return new DeepSeekConfigError(joinPath(rootPath, [...issue.path, key]), "is not a known field", valueAt(input, [...issue.path, key]), hint ?? "remove it or check its spelling");
    }
    case "invalid_union": {
      // A discriminated union (capacity.kind, backend.kind, tls.kind): the discriminator's values.
      const options = (issue as { options?: readonly unknown[] }).options;
      if (options?.length) return new DeepSeekConfigError(joinPath(rootPath, issue.path), "is not a supported value", received, `use ${oneOf(options.map(String))}`);
      // A plain union: the types its alternatives take (zod's own message is "Invalid input").
      const expected = [...new Set(issue.errors.flatMap((alt) => alt.filter((i) => i.code === "invalid_type" && i.path.length === 0).map((i) => (i as { expected: string }).expected)))];
      const fix = expected.length === issue.errors.length ? `pass ${expected.map((t) => `${/^[aeiou]/.test(t) ? "an" : "a"} ${t}`).join(" or ")}` : "see the documentation of this field";
      return new DeepSeekConfigError(joinPath(rootPath, issue.path), "does not match any accepted shape", received, fix);
    }
    case "invalid_format":
      return new DeepSeekConfigError(joinPath(rootPath, issue.path), `is not a valid ${issue.format}`, received, issue.message);
    default:
      return new DeepSeekConfigError(joinPath(rootPath, issue.path), issue.message, received, "see the documentation of this field");
  }
}

type Shape = Readonly<Record<string, z.ZodType>>;
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"]);

/** The schema under its optional/default/pipe wrappers (zod 4 definitions). */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let n = 0; n < 10; n++) {
    const def = (s as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType } } })._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) s = def.innerType;
    else if (def.type === "pipe" && def.in) s = def.in;
    else break;
  }
  return s;
}

/** The fields of the object schema at `path`, when one object schema is there (not a union of several). */
function shapeAt(schema: z.ZodType, path: readonly PropertyKey[], input?: unknown): Shape | undefined {
  const s = unwrap(schema);
  type Def = { type: string; shape?: Shape; element?: z.ZodType; valueType?: z.ZodType; options?: readonly z.ZodType[]; discriminator?: string };
  const def = (s as unknown as { _zod: { def: Def } })._zod.def;
  if (def.type === "union" && def.options) {
    let options = def.options;
    // A discriminated union (capacity, backend, TLS): the alternative the input's kind names.
    const kind = def.discriminator && input !== null && typeof input === "object" ? (input as Record<string, unknown>)[def.discriminator] : undefined;
    if (kind !== undefined) options = options.filter((o) => literalValues(shapeAt(o, [])?.[def.discriminator!]).includes(kind));
    const found = options.map((o) => shapeAt(o, path, input)).filter((x) => x !== undefined);
    return found.length === 1 ? found[0] : undefined;
  }
  if (path.length === 0) return def.type === "object" ? def.shape : undefined;
  const [head, ...rest] = path;
  const next = input !== null && typeof input === "object" ? (input as Record<PropertyKey, unknown>)[head] : undefined;
  if (def.type === "object" && def.shape && typeof head === "string" && Object.hasOwn(def.shape, head)) return shapeAt(def.shape[head], rest, next);
  if (def.type === "array" && def.element) return shapeAt(def.element, rest, next);
  if (def.type === "record" && def.valueType) return shapeAt(def.valueType, rest, next);
  return undefined;
}

/** The values a literal schema accepts (none for any other schema). */
function literalValues(schema: z.ZodType | undefined): readonly unknown[] {
  if (!schema) return [];
  const def = (unwrap(schema) as unknown as { _zod: { def: { type: string; values?: readonly unknown[] } } })._zod.def;
  return def.type === "literal" ? def.values ?? [] : [];
}

/** Edit distance with adjacent transpositions (optimal string alignment), for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The fix for an unknown field, from the fields the schema knows there: a near spelling
 * (`vpcid` → `vpcId`), or the nested object or list whose entries take it (`precision` is an
 * override: `overrides.precision`; `replicas` is set per placement: `placements.<i>.replicas`).
 * Undefined when nothing fits (the caller says "remove it or check its spelling").
 */
function unknownKeyHint(key: string, shape: Shape | undefined, at: string): string | undefined {
  if (!shape) return undefined;
  const known = Object.keys(shape);
  // The nearest spellings only: case aside, 1 edit (a swap counts one) from 3 letters, 2 from 5.
  const scored = known.map((k) => ({ k, d: distance(k.toLowerCase(), key.toLowerCase()) }))
    .filter(({ d }) => d === 0 || (key.length >= 3 && d === 1) || (key.length >= 5 && d === 2));
  const best = Math.min(...scored.map(({ d }) => d));
  const near = scored.filter(({ d }) => d === best).map(({ k }) => k);
  if (near.length) return `did you mean ${oneOf(near)}? (or remove it)`;
  const prefix = at === "(input)" ? "" : `${at}.`;
  for (const k of known) {
    const inner = shapeAt(shape[k], []);
    if (inner && Object.hasOwn(inner, key)) return `it is a field of ${k}: set ${prefix}${k}.${key}`;
    const entry = shapeAt(shape[k], [0]);
    if (entry && Object.hasOwn(entry, key)) return `it is set on each entry of ${k}: set ${prefix}${k}.<i>.${key}`;
  }
  return undefined;
}
