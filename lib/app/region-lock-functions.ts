/**
 * Terraform expressions as the region lock reads them outside location attributes: a string of a
 * cloud resource (an IAM policy, an endpoint name, an ARN) may build a region name with functions
 * (`${join("-", ["us", "east", "1"])}`, `${format("%s-east-1", "us")}`, `${lower("US-EAST-1")}`,
 * `${base64decode("dXMtZWFzdC0x")}`) that the literal scan does not see. This module parses the
 * template and its expressions (HCL native syntax: https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md),
 * folds the functions it can evaluate over literals, and returns every text the value can take, for
 * the caller to scan; a function it cannot evaluate over arguments it cannot read is reported as a
 * reason to refuse. Function semantics follow Terraform's documentation
 * (https://developer.hashicorp.com/terraform/language/functions). Pure.
 */

import type { Cloud, Jurisdiction } from "../catalog";
import { foreignRegionTokens } from "./plan-region-lock";
import { Node, ParseError, Parser } from "./region-lock-parse";
import { EvalError, FOLDS, HARMLESS_FUNCTIONS, HOLE, MAX_CANDIDATES, ReferenceReader, SELECTORS, UNKNOWN_HOLE, Val, refused, safe, str } from "./region-lock-values-fn";

export { HARMLESS_FUNCTIONS, HOLE, UNKNOWN_HOLE } from "./region-lock-values-fn";
export type { ReferenceReader, Val } from "./region-lock-values-fn";

// ---- evaluation --------------------------------------------------------------------------------

type Scope = ReadonlyMap<string, Val>;

function deep(v: Val, kinds: readonly Val["k"][]): Val | undefined {
  if (kinds.includes(v.k)) return v;
  if (v.k === "list") for (const i of v.items) { const d = deep(i, kinds); if (d) return d; }
  if (v.k === "obj") for (const [, i] of v.entries) { const d = deep(i, kinds); if (d) return d; }
  if (v.k === "choice") for (const i of v.options) { const d = deep(i, kinds); if (d) return d; }
  return undefined;
}

/** Every concrete variant of a value with choices in it (at most `MAX_CANDIDATES`), or undefined if more. */
function variants(v: Val): Val[] | undefined {
  if (v.k === "choice") {
    const out: Val[] = [];
    for (const o of v.options) { const vs = variants(o); if (!vs || out.length + vs.length > MAX_CANDIDATES) return undefined; out.push(...vs); }
    return out;
  }
  if (v.k === "list" || v.k === "obj") {
    const parts = v.k === "list" ? v.items : v.entries.map(([, x]) => x);
    let combos: Val[][] = [[]];
    for (const p of parts) {
      const vs = variants(p);
      if (!vs || combos.length * vs.length > MAX_CANDIDATES) return undefined;
      combos = combos.flatMap((c) => vs.map((x) => [...c, x]));
    }
    return combos.map((c) => (v.k === "list" ? { ...v, items: c } : { k: "obj", entries: v.entries.map(([key], i) => [key, c[i]] as const) }));
  }
  return [v];
}

class Evaluator {
  constructor(private readonly read: ReferenceReader) {}

  public eval(n: Node, scope: Scope): Val {
    switch (n.t) {
      case "lit": return n.v;
      case "directive": return refused(`a template directive (${n.text.slice(0, 40)}), which the lock does not evaluate`);
      case "tpl": return this.template(n, scope);
      case "tuple": return { k: "list", items: n.items.map((i) => this.eval(i, scope)) };
      case "object": return { k: "obj", entries: n.entries.map(([key, value]) => [this.keyOf(key, scope), this.eval(value, scope)] as const) };
      // HCL's operators give numbers or bools (there is no string `+`), which cannot name a region.
      case "op": return operate(n.op, n.args.map((a) => this.eval(a, scope)));
      case "cond": {
        const test = this.eval(n.test, scope);
        if (test.k === "bool") return this.eval(test.b ? n.then : n.else, scope);
        return { k: "choice", options: [this.eval(n.then, scope), this.eval(n.else, scope)] };
      }
      case "for": return this.forExpr(n, scope);
      case "ref": return this.reference(n, scope);
      case "call": return this.call(n, scope);
    }
  }

  private keyOf(key: Node, scope: Scope): string {
    // An object key written as a bare word is the word itself.
    if (key.t === "ref" && key.steps.length === 0 && !scope.has(key.root)) return key.root;
    const v = this.eval(key, scope);
    return v.k === "str" ? v.s : HOLE;
  }

  public template(n: Extract<Node, { t: "tpl" }>, scope: Scope): Val {
    const parts = n.parts.map((p) => (typeof p === "string" ? str(p) : this.eval(p, scope)));
    if (parts.length === 1 && typeof n.parts[0] !== "string") return parts[0];
    const bad = parts.find((p) => p.k === "refused");
    if (bad) return bad;
    let texts: string[] = [""];
    for (const p of parts) {
      const options = textsOf(p);
      if (!options || texts.length * options.length > MAX_CANDIDATES) return refused("a template with more combinations of values than the lock reads");
      texts = texts.flatMap((t) => options.map((o) => t + o));
    }
    return texts.length === 1 ? str(texts[0]) : { k: "choice", options: texts.map(str) };
  }

  private forExpr(n: Extract<Node, { t: "for" }>, scope: Scope): Val {
    const coll = this.eval(n.coll, scope);
    const items: [Val, Val][] = coll.k === "list" ? coll.items.map((v, i) => [{ k: "num", n: i }, v]) : coll.k === "obj" ? coll.entries.map(([k, v]) => [str(k), v]) : [];
    if (coll.k === "refused") return coll;
    const bind = (k: Val, v: Val): Scope => new Map([...scope, [n.value, v], ...(n.key ? [[n.key, k] as [string, Val]] : [])]);
    if (coll.k !== "list" && coll.k !== "obj") {
      const any: Val = { k: "unknown", why: "an entry of a collection known at plan time" };
      const body = this.eval(n.body, bind(any, any));
      const key = n.keyBody ? this.eval(n.keyBody, bind(any, any)) : undefined;
      return { k: "list", items: key ? [key, body] : [body], partial: true };
    }
    const out: Val[] = [];
    for (const [k, v] of items) {
      if (n.keyBody) out.push(this.eval(n.keyBody, bind(k, v)));
      out.push(this.eval(n.body, bind(k, v)));
    }
    // An object `for` is kept as its keys and values, in order (enough to scan them).
    return { k: "list", items: out, partial: n.filtered || Boolean(n.keyBody) || (coll.k === "list" && coll.partial) };
  }

  private reference(n: Extract<Node, { t: "ref" }>, scope: Scope): Val {
    const base = (n as unknown as { base?: Node }).base;
    let value: Val;
    let steps = n.steps;
    if (base) value = this.eval(base, scope);
    else if (scope.has(n.root)) value = scope.get(n.root)!;
    else {
      // A reference outside the expression: read by the lock with its constant traversal.
      let text = n.root;
      let i = 0;
      for (; i < steps.length; i++) {
        const s = steps[i];
        if (typeof s === "string") text += /^\d+$/.test(s) ? `[${s}]` : `.${s}`;
        else {
          const idx = this.eval(s, scope);
          if (idx.k === "num") text += `[${idx.n}]`;
          else if (idx.k === "str") text += `[${JSON.stringify(idx.s)}]`;
          else break;
        }
      }
      if (i < steps.length || n.splat) return { k: "unknown", why: `${text}…, a computed value` };
      return this.read(text);
    }
    for (const s of steps) value = index(value, typeof s === "string" ? (/^\d+$/.test(s) ? { k: "num", n: Number(s) } : str(s)) : this.eval(s, scope));
    return n.splat && value.k !== "list" ? { k: "unknown", why: "a splat over a computed value" } : value;
  }

  private call(n: Extract<Node, { t: "call" }>, scope: Scope): Val {
    const name = n.name;
    if (Object.prototype.hasOwnProperty.call(HARMLESS_FUNCTIONS, name)) {
      // Over literals, the numeric ones are computed: `us-east-${length(["a"])}` spells a region.
      const harmless = safe(`${name}(…) ${HARMLESS_FUNCTIONS[name]}`);
      const numeric = Object.prototype.hasOwnProperty.call(NUMERIC_FOLDS, name) ? NUMERIC_FOLDS[name] : undefined;
      if (!numeric || n.expand) return harmless;
      return numeric(n.args.map((a) => this.eval(a, scope))) ?? harmless;
    }
    let args = n.args.map((a) => this.eval(a, scope));
    const bad = args.find((a) => deep(a, ["refused"]));
    if (bad) return deep(bad, ["refused"])!;
    if (n.expand) {
      const last = args[args.length - 1];
      if (last.k !== "list" || last.partial) return refused(`${name}(…) with arguments expanded from a value the lock cannot read`);
      args = [...args.slice(0, -1), ...last.items];
    }
    const selector = Object.prototype.hasOwnProperty.call(SELECTORS, name) ? SELECTORS[name] : undefined;
    if (selector) {
      const picked = selector(args);
      if (picked) return picked;
    }
    const fold = Object.prototype.hasOwnProperty.call(FOLDS, name) ? FOLDS[name] : undefined;
    if (!fold) return refused(`${name}(…), a function the lock does not evaluate`);
    const unknown = args.map((a) => deep(a, ["unknown"])).find(Boolean) as Extract<Val, { k: "unknown" }> | undefined;
    if (unknown) return refused(`${name}(…) over ${unknown.why}, which the lock cannot evaluate`);
    if (args.some((a) => deep(a, ["list"]) && hasPartial(a))) {
      // Entries chosen at plan time: harmless only if none of them can name anything.
      return args.every((a) => !deep(a, ["str"])) ? safe(`${name}(…) over checked values`) : refused(`${name}(…) over a list whose entries are chosen at plan time`);
    }
    const sets = args.map(variants);
    if (sets.some((s) => !s)) return refused(`${name}(…) over more combinations of values than the lock reads`);
    let combos: Val[][] = [[]];
    for (const s of sets as Val[][]) {
      if (combos.length * s.length > MAX_CANDIDATES) return refused(`${name}(…) over more combinations of values than the lock reads`);
      combos = combos.flatMap((c) => s.map((x) => [...c, x]));
    }
    const results: Val[] = [];
    for (const c of combos) {
      try {
        results.push(fold(c));
      } catch (e) {
        return refused(`${name}(…): ${(e as Error).message}`);
      }
    }
    return results.length === 1 ? results[0] : { k: "choice", options: results };
  }
}

function hasPartial(v: Val): boolean {
  if (v.k === "list") return Boolean(v.partial) || v.items.some(hasPartial);
  if (v.k === "obj") return v.entries.some(([, x]) => hasPartial(x));
  if (v.k === "choice") return v.options.some(hasPartial);
  return false;
}

function index(v: Val, key: Val): Val {
  if (v.k === "refused" || v.k === "unknown" || v.k === "safe") return v;
  if (v.k === "choice") return { k: "choice", options: v.options.map((o) => index(o, key)) };
  if (v.k === "list") {
    if (key.k === "num" && !v.partial) { const item = v.items[key.n]; if (item) return item; throw new EvalError("index out of range"); }
    return { k: "choice", options: [...v.items] };
  }
  if (v.k === "obj") {
    if (key.k === "str") { const e = v.entries.find(([k]) => k === key.s); if (e) return e[1]; throw new EvalError("no such key"); }
    return { k: "choice", options: v.entries.map(([, x]) => x) };
  }
  throw new EvalError("not a collection");
}

/** The texts a value can take inside a template (undefined: too many); holes stand for values that cannot name a region. */
function textsOf(v: Val): string[] | undefined {
  switch (v.k) {
    case "str": return [v.s];
    case "num": return [String(v.n)];
    case "bool": return [String(v.b)];
    case "null": return [""];
    case "safe": return [HOLE];
    case "unknown": return [UNKNOWN_HOLE];
    case "refused": return [HOLE];
    case "choice": {
      const out: string[] = [];
      for (const o of v.options) { const t = textsOf(o); if (!t || out.length + t.length > MAX_CANDIDATES) return undefined; out.push(...t); }
      return out;
    }
    case "list": case "obj": {
      // Terraform refuses a collection inside a template; its parts are scanned apart.
      const parts = v.k === "list" ? v.items : v.entries.flatMap(([k, x]) => [str(k), x]);
      const out: string[] = [];
      for (const p of parts) { const t = textsOf(p); if (!t || out.length + t.length > MAX_CANDIDATES) return undefined; out.push(...t); }
      return [out.join(HOLE)];
    }
  }
}

export function foldedTexts(raw: string, read: ReferenceReader): { readonly texts: readonly string[] } | { readonly refused: string } {
  if (!/\$\{|%\{/.test(raw)) return { texts: [raw] };
  let node: Node;
  try {
    node = new Parser(raw).outer();
  } catch (e) {
    // An expression the lock cannot parse (a heredoc, a syntax it does not know) could build anything.
    if (!(e instanceof ParseError)) throw e;
    return { refused: `an expression the lock cannot read (${e.message})` };
  }
  let value: Val;
  try {
    value = new Evaluator(read).eval(node, new Map());
  } catch (e) {
    if (!(e instanceof EvalError)) throw e;
    return { refused: `an expression Terraform would not evaluate as written (${e.message})` };
  }
  const bad = deep(value, ["refused"]);
  if (bad && bad.k === "refused") return { refused: bad.why };
  const texts = textsOf(value);
  if (!texts) return { refused: "more combinations of values than the lock reads" };
  return { texts };
}

/**
 * The region lock's reading of a string of a cloud element outside location attributes: the first
 * region outside the jurisdiction any text of it can take names (with that text), or why the lock
 * cannot tell, or nothing.
 */
export function foldedRegionOutside(jurisdiction: Jurisdiction, raw: string, read: ReferenceReader):
  { readonly refused: string } | { readonly cloud: Cloud; readonly token: string; readonly text: string } | undefined {
  const result = foldedTexts(raw, read);
  if ("refused" in result) return result;
  for (const text of result.texts) {
    const [first] = foreignRegionTokens(jurisdiction, text);
    if (first) return { ...first, text: shown(text) };
    const slot = REGION_SLOTS.find((s) => s.re.test(text));
    if (slot) return { refused: `${slot.what} is chosen at plan time (a variable, a local or a computed attribute: ${shown(text).slice(0, 80)})` };
  }
  return undefined;
}

const shown = (text: string): string => text.split(HOLE).join("…").split(UNKNOWN_HOLE).join("…");

/**
 * Region-shaped positions that a value chosen at plan time must not fill: an ARN's region
 * (`arn:aws:kms:${var.r}:…`), a Google resource path's location (`…/locations/${var.l}/…`) and an
 * AWS endpoint's region (`com.amazonaws.${var.r}.s3`, `s3.${var.r}.amazonaws.com`). Elsewhere a
 * bare reference stays a hole, as the README's threat model says.
 */
const REGION_SLOTS: readonly { readonly what: string; readonly re: RegExp }[] = [
  { what: "an ARN's region", re: new RegExp(`arn:[^:\\s"]*:[a-z0-9-]+:${UNKNOWN_HOLE}`) },
  { what: "a Google resource path's location", re: new RegExp(`/locations/${UNKNOWN_HOLE}`) },
  { what: "an AWS endpoint's region", re: new RegExp(`com\\.amazonaws\\.${UNKNOWN_HOLE}|\\.${UNKNOWN_HOLE}\\.amazonaws\\.com`) },
];

/** HCL operators over constants, computed as Terraform does; over anything else, a number or bool the lock treats as a hole. */
function operate(op: string, args: readonly Val[]): Val {
  const opaque = safe("a number or bool computed by an operator");
  const num = (v: Val): number | undefined => (v.k === "num" ? v.n : v.k === "str" && /^-?\d+(\.\d+)?$/.test(v.s) ? Number(v.s) : undefined);
  if (args.length === 1) {
    const [a] = args;
    if (op === "-" && num(a) !== undefined) return { k: "num", n: -num(a)! };
    if (op === "!" && a.k === "bool") return { k: "bool", b: !a.b };
    return opaque;
  }
  const [a, b] = args;
  const x = num(a);
  const y = num(b);
  if (x !== undefined && y !== undefined) {
    switch (op) {
      case "+": return { k: "num", n: x + y };
      case "-": return { k: "num", n: x - y };
      case "*": return { k: "num", n: x * y };
      case "/": return y === 0 ? opaque : { k: "num", n: x / y };
      case "%": return y === 0 ? opaque : { k: "num", n: x % y };
      case "<": return { k: "bool", b: x < y };
      case ">": return { k: "bool", b: x > y };
      case "<=": return { k: "bool", b: x <= y };
      case ">=": return { k: "bool", b: x >= y };
      default: break;
    }
  }
  const constant = (v: Val) => v.k === "str" || v.k === "num" || v.k === "bool" || v.k === "null";
  if ((op === "==" || op === "!=") && constant(a) && constant(b)) {
    const same = a.k === b.k && JSON.stringify(a) === JSON.stringify(b);
    return { k: "bool", b: op === "==" ? same : !same };
  }
  if ((op === "&&" || op === "||") && a.k === "bool" && b.k === "bool") return { k: "bool", b: op === "&&" ? a.b && b.b : a.b || b.b };
  return opaque;
}

/** The numeric functions among HARMLESS_FUNCTIONS, computed over literals (undefined: not over these arguments). */
const NUMERIC_FOLDS: Readonly<Record<string, (args: readonly Val[]) => Val | undefined>> = {
  length: ([v]) => (v?.k === "list" && !v.partial ? { k: "num", n: v.items.length } : v?.k === "obj" ? { k: "num", n: v.entries.length } : v?.k === "str" ? { k: "num", n: Array.from(v.s).length } : undefined),
  max: (args) => (args.length && args.every((a) => a.k === "num") ? { k: "num", n: Math.max(...args.map((a) => (a as { n: number }).n)) } : undefined),
  min: (args) => (args.length && args.every((a) => a.k === "num") ? { k: "num", n: Math.min(...args.map((a) => (a as { n: number }).n)) } : undefined),
  sum: ([v]) => (v?.k === "list" && !v.partial && v.items.every((i) => i.k === "num") ? { k: "num", n: v.items.reduce((t, i) => t + (i as { n: number }).n, 0) } : undefined),
  abs: ([v]) => (v?.k === "num" ? { k: "num", n: Math.abs(v.n) } : undefined),
  ceil: ([v]) => (v?.k === "num" ? { k: "num", n: Math.ceil(v.n) } : undefined),
  floor: ([v]) => (v?.k === "num" ? { k: "num", n: Math.floor(v.n) } : undefined),
  signum: ([v]) => (v?.k === "num" ? { k: "num", n: Math.sign(v.n) } : undefined),
  tonumber: ([v]) => (v?.k === "num" ? v : v?.k === "str" && /^-?\d+(\.\d+)?$/.test(v.s) ? { k: "num", n: Number(v.s) } : undefined),
  parseint: ([v, base]) => (v?.k === "str" && base?.k === "num" && Number.isInteger(base.n) && base.n >= 2 && base.n <= 36 && /^-?[0-9a-z]+$/i.test(v.s) ? { k: "num", n: parseInt(v.s, base.n) } : undefined),
  index: ([l, x]) => (l?.k === "list" && !l.partial && x && (x.k === "str" || x.k === "num") ? ((i) => (i >= 0 ? { k: "num", n: i } as Val : undefined))(l.items.findIndex((it) => JSON.stringify(it) === JSON.stringify(x))) : undefined),
};

/**
 * Values a locked stack spells outside its elements that Terraform still reads: `locals`, variable
 * defaults and `import` ids (an AWS provider v6 import id may carry a region, `bucket@us-east-1`:
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/enhanced-region-support).
 * A bare reference to a local reads the local, so a region spelled there is a region spelled here.
 */
export function stackTexts(json: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  list(json.locals).forEach((block) => { if (isMap(block)) for (const [k, v] of Object.entries(block)) out.push([`local.${k}`, v]); });
  list(json.variable).forEach((block) => { if (isMap(block)) for (const [k, v] of Object.entries(block)) if (isMap(v) && v.default !== undefined) out.push([`variable.${k}.default`, v.default]); });
  list(json.import).forEach((block, i) => { if (isMap(block)) out.push([`import.${i}`, { id: block.id, identity: block.identity }]); });
  return out;
}

/**
 * The first region outside any string of a tree spells, literally or folded (a function the lock
 * cannot evaluate is not refused here: these values place nothing by themselves).
 */
export function regionOutsideInTree(jurisdiction: Jurisdiction, v: unknown, read: ReferenceReader, path: string, depth = 0):
  { readonly path: string; readonly cloud: Cloud; readonly token: string; readonly raw: string } | undefined {
  if (depth > 32) return undefined;
  if (typeof v === "string") {
    const [literal] = foreignRegionTokens(jurisdiction, v);
    const found = literal ?? (() => { const f = foldedRegionOutside(jurisdiction, v, read); return f && !("refused" in f) ? f : undefined; })();
    return found ? { path, cloud: found.cloud, token: found.token, raw: v } : undefined;
  }
  const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : typeof v === "object" && v !== null ? Object.entries(v) : [];
  for (const [k, x] of entries) {
    const found = regionOutsideInTree(jurisdiction, x, read, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}
