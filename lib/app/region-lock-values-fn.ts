/**
 * The values the region lock's expression evaluator works on, and the Terraform functions it
 * evaluates (https://developer.hashicorp.com/terraform/language/functions), for
 * region-lock-functions.ts. Pure.
 */

/** A value as the lock evaluates it. */
export type Val =
  | { readonly k: "str"; readonly s: string }
  | { readonly k: "num"; readonly n: number }
  | { readonly k: "bool"; readonly b: boolean }
  | { readonly k: "null" }
  /** `partial`: some of these entries, in this order (which ones is decided at plan time). */
  | { readonly k: "list"; readonly items: readonly Val[]; readonly partial?: boolean }
  | { readonly k: "obj"; readonly entries: readonly (readonly [string, Val])[] }
  /** A value that cannot name a region: a number or bool computed at plan time, a hash, or an element the lock checks. */
  | { readonly k: "safe"; readonly why: string }
  /** One of these (a conditional, a selection by an index known at plan time). */
  | { readonly k: "choice"; readonly options: readonly Val[] }
  /** Anything: a variable, a local, a computed attribute. */
  | { readonly k: "unknown"; readonly why: string }
  /** A function call the lock cannot evaluate over what it was given: refused where its text is scanned. */
  | { readonly k: "refused"; readonly why: string };

/** How a reference (`var.x`, `aws_s3_bucket.b.arn`, `data.terraform_remote_state.s.outputs.x`) reads. */
export type ReferenceReader = (reference: string) => Val;

/** Stands for a value that cannot name a region inside a text: no region name can run across it. */
export const HOLE = "\u0000";
/** Stands for a value chosen at plan time (a variable, a local, a computed attribute) inside a text. */
export const UNKNOWN_HOLE = "\u0002";
export const MAX_CANDIDATES = 256;

export const str = (s: string): Val => ({ k: "str", s });
export const safe = (why: string): Val => ({ k: "safe", why });
export const refused = (why: string): Val => ({ k: "refused", why });

/**
 * Functions whose result cannot name a region whatever their arguments, each group with why:
 * the lock lets them through over arguments it cannot read (the library's own output uses
 * `length`, `contains` and `alltrue` over plan-time values).
 */
export const HARMLESS_FUNCTIONS: Readonly<Record<string, string>> = Object.fromEntries([
  ...["length", "max", "min", "sum", "abs", "ceil", "floor", "log", "pow", "signum", "parseint", "tonumber", "index", "timecmp"].map((f) => [f, "returns a number"]),
  ...["contains", "alltrue", "anytrue", "can", "startswith", "endswith", "strcontains", "tobool", "issensitive", "fileexists", "cidrcontains"].map((f) => [f, "returns a bool"]),
  ...["md5", "sha1", "sha256", "sha512", "base64sha256", "base64sha512", "bcrypt", "filemd5", "filesha1", "filesha256", "filesha512", "filebase64sha256", "filebase64sha512", "uuid", "uuidv5"]
    .map((f) => [f, "returns a hash or UUID (hexadecimal or base64 of a digest), which cannot spell a region name"]),
  ...["timestamp", "plantimestamp"].map((f) => [f, "returns an RFC 3339 time (digits, dashes, colons, T and Z)"]),
  ...["cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets"].map((f) => [f, "returns IP addresses or CIDR blocks (digits, dots, colons, slashes and hex)"]),
]);

export class EvalError extends Error {}

// ---- functions ---------------------------------------------------------------------------------

const asStr = (v: Val, what = "a string"): string => {
  if (v.k === "str") return v.s;
  if (v.k === "num") return String(v.n);
  if (v.k === "bool") return String(v.b);
  if (v.k === "safe") return HOLE;
  throw new EvalError(`expects ${what}`);
};
const asNum = (v: Val): number => {
  if (v.k === "num") return v.n;
  if (v.k === "str" && /^-?\d+(\.\d+)?$/.test(v.s)) return Number(v.s);
  throw new EvalError("expects a number");
};
const asList = (v: Val): readonly Val[] => {
  if (v.k === "list") return v.items;
  if (v.k === "obj") return v.entries.map(([, x]) => x);
  throw new EvalError("expects a list");
};
const list = (items: readonly Val[]): Val => ({ k: "list", items });
const arity = (args: readonly Val[], min: number, max = min): void => {
  if (args.length < min || args.length > max) throw new EvalError(`takes ${min === max ? min : `${min}-${max}`} arguments`);
};

/** Terraform's `format` verbs the lock evaluates (https://developer.hashicorp.com/terraform/language/functions/format). */
function format(spec: string, args: readonly Val[]): string {
  let next = 0;
  return spec.replace(/%(?:%|(\[\d+\])?([-+# 0]*)(\d*)(?:\.(\d+))?([a-zA-Z]))/g, (m, pos: string | undefined, flags: string, width: string, precision: string | undefined, verb: string | undefined) => {
    if (m === "%%") return "%";
    if (flags || width || precision) throw new EvalError(`format flags in ${m} are not evaluated`);
    const at = pos ? Number(pos.slice(1, -1)) - 1 : next;
    next = at + 1;
    const arg = args[at];
    if (!arg) throw new EvalError("too few arguments for the format");
    switch (verb) {
      case "s": case "v": return asStr(arg);
      case "d": return String(Math.trunc(asNum(arg)));
      case "q": return JSON.stringify(asStr(arg));
      default: throw new EvalError(`format verb %${verb} is not evaluated`);
    }
  });
}

export function json(v: Val): string {
  switch (v.k) {
    case "str": return JSON.stringify(v.s);
    case "num": return String(v.n);
    case "bool": return String(v.b);
    case "null": return "null";
    case "safe": return `"${HOLE}"`;
    case "list": return `[${v.items.map(json).join(",")}]`;
    case "obj": return `{${[...v.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${JSON.stringify(k)}:${json(x)}`).join(",")}}`;
    default: throw new EvalError("cannot encode a value chosen at plan time");
  }
}

function fromJson(x: unknown): Val {
  if (typeof x === "string") return str(x);
  if (typeof x === "number") return { k: "num", n: x };
  if (typeof x === "boolean") return { k: "bool", b: x };
  if (x === null) return { k: "null" };
  if (Array.isArray(x)) return list(x.map(fromJson));
  return { k: "obj", entries: Object.entries(x as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)] as const) };
}

const base64Decode = (s: string): string => {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4) throw new EvalError("not base64");
  return Buffer.from(s, "base64").toString("utf8");
};

const textFold = (f: (s: string, ...rest: string[]) => string, min = 1, max = min) => (args: readonly Val[]): Val => {
  arity(args, min, max);
  const [first, ...rest] = args.map((a) => asStr(a));
  return str(f(first, ...rest));
};

const sortKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const distinct = (items: readonly Val[]): Val[] => {
  const seen = new Set<string>();
  return items.filter((i) => { const k = json(i); if (seen.has(k)) return false; seen.add(k); return true; });
};

/** Functions the lock evaluates over literals (and holes for checked elements). */
export const FOLDS: Readonly<Record<string, (args: readonly Val[]) => Val>> = {
  join: (args) => { if (args.length < 2) throw new EvalError("takes a separator and lists"); const sep = asStr(args[0]); return str(args.slice(1).flatMap(asList).map((v) => asStr(v)).join(sep)); },
  format: (args) => { if (!args.length) throw new EvalError("takes a format"); return str(format(asStr(args[0]), args.slice(1))); },
  formatlist: (args) => {
    const lists = args.slice(1).filter((a) => a.k === "list").map(asList);
    const n = lists.length ? lists[0].length : 1;
    return list(Array.from({ length: n }, (_, i) => str(format(asStr(args[0]), args.slice(1).map((a) => (a.k === "list" ? asList(a)[i] : a))))));
  },
  lower: textFold((s) => s.toLowerCase()),
  upper: textFold((s) => s.toUpperCase()),
  title: textFold((s) => s.replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase())),
  replace: textFold((s, from, to) => { if (/^\/.*\/$/s.test(from)) throw new EvalError("regular expression replacements are not evaluated"); return s.split(from).join(to); }, 3),
  substr: (args) => {
    arity(args, 3);
    const chars = Array.from(asStr(args[0]));
    let offset = asNum(args[1]);
    const length = asNum(args[2]);
    if (offset < 0) offset = Math.max(0, chars.length + offset);
    return str(chars.slice(offset, length < 0 ? undefined : offset + length).join(""));
  },
  trim: textFold((s, cut) => { const set = new Set(Array.from(cut)); const a = Array.from(s); let i = 0; let j = a.length; while (i < j && set.has(a[i])) i++; while (j > i && set.has(a[j - 1])) j--; return a.slice(i, j).join(""); }, 2),
  trimspace: textFold((s) => s.trim()),
  trimprefix: textFold((s, p) => (s.startsWith(p) ? s.slice(p.length) : s), 2),
  trimsuffix: textFold((s, p) => (p && s.endsWith(p) ? s.slice(0, -p.length) : s), 2),
  chomp: textFold((s) => s.replace(/(\r\n|\n|\r)+$/, "")),
  strrev: textFold((s) => Array.from(s).reverse().join("")),
  indent: textFold((n, s) => s.split("\n").join(`\n${" ".repeat(Number(n))}`), 2),
  tostring: textFold((s) => s),
  sensitive: (args) => { arity(args, 1); return args[0]; },
  nonsensitive: (args) => { arity(args, 1); return args[0]; },
  tolist: (args) => { arity(args, 1); return list(asList(args[0])); },
  toset: (args) => { arity(args, 1); const items = distinct(asList(args[0])); return list(items.every((i) => i.k === "str") ? [...items].sort((a, b) => sortKey(asStr(a), asStr(b))) : items); },
  tomap: (args) => { arity(args, 1); if (args[0].k !== "obj") throw new EvalError("expects an object"); return args[0]; },
  split: (args) => { arity(args, 2); return list(asStr(args[1]).split(asStr(args[0])).map(str)); },
  concat: (args) => list(args.flatMap(asList)),
  flatten: (args) => { arity(args, 1); const flat = (v: Val): Val[] => (v.k === "list" ? v.items.flatMap(flat) : [v]); return list(flat(args[0])); },
  reverse: (args) => { arity(args, 1); return list([...asList(args[0])].reverse()); },
  distinct: (args) => { arity(args, 1); return list(distinct(asList(args[0]))); },
  compact: (args) => { arity(args, 1); return list(asList(args[0]).filter((v) => !(v.k === "null" || (v.k === "str" && v.s === "")))); },
  sort: (args) => { arity(args, 1); return list([...asList(args[0])].sort((a, b) => sortKey(asStr(a), asStr(b)))); },
  keys: (args) => { arity(args, 1); if (args[0].k !== "obj") throw new EvalError("expects an object"); return list(args[0].entries.map(([k]) => str(k)).sort((a, b) => sortKey(asStr(a), asStr(b)))); },
  values: (args) => { arity(args, 1); if (args[0].k !== "obj") throw new EvalError("expects an object"); return list([...args[0].entries].sort(([a], [b]) => sortKey(a, b)).map(([, v]) => v)); },
  merge: (args) => { const m = new Map<string, Val>(); for (const a of args) { if (a.k === "null") continue; if (a.k !== "obj") throw new EvalError("expects objects"); for (const [k, v] of a.entries) m.set(k, v); } return { k: "obj", entries: [...m] }; },
  zipmap: (args) => { arity(args, 2); const ks = asList(args[0]); const vs = asList(args[1]); return { k: "obj", entries: ks.map((k, i) => [asStr(k), vs[i] ?? { k: "null" }] as const) }; },
  slice: (args) => { arity(args, 3); return list(asList(args[0]).slice(asNum(args[1]), asNum(args[2]))); },
  element: (args) => { arity(args, 2); const items = asList(args[0]); if (!items.length) throw new EvalError("empty list"); return items[((asNum(args[1]) % items.length) + items.length) % items.length]; },
  lookup: (args) => { arity(args, 2, 3); if (args[0].k !== "obj") throw new EvalError("expects an object"); const key = asStr(args[1]); const e = args[0].entries.find(([k]) => k === key); if (e) return e[1]; if (args[2]) return args[2]; throw new EvalError("no such key"); },
  coalesce: (args) => { const v = args.find((a) => !(a.k === "null" || (a.k === "str" && a.s === ""))); if (!v) throw new EvalError("no non-empty argument"); return v; },
  coalescelist: (args) => { const v = args.find((a) => a.k === "list" && a.items.length); if (!v) throw new EvalError("no non-empty list"); return v; },
  one: (args) => { arity(args, 1); const items = asList(args[0]); if (items.length > 1) throw new EvalError("more than one entry"); return items[0] ?? { k: "null" }; },
  try: (args) => args[0],
  range: (args) => { const [a, b, step] = args.length === 1 ? [0, asNum(args[0]), 1] : [asNum(args[0]), asNum(args[1]), args[2] ? asNum(args[2]) : 1]; if (!step || Math.abs((b - a) / step) > 1024) throw new EvalError("too long a range"); const out: Val[] = []; for (let x = a; step > 0 ? x < b : x > b; x += step) out.push({ k: "num", n: x }); return list(out); },
  chunklist: (args) => {
    arity(args, 2);
    const items = asList(args[0]);
    const size = asNum(args[1]);
    if (size <= 0) return list([list(items)]);
    const out: Val[] = [];
    for (let i = 0; i < items.length; i += size) out.push(list(items.slice(i, i + size)));
    return list(out);
  },
  jsonencode: (args) => { arity(args, 1); return str(json(args[0])); },
  // JSON is YAML: the text differs from Terraform's yamlencode, not the words in it.
  yamlencode: (args) => { arity(args, 1); return str(json(args[0])); },
  jsondecode: (args) => { arity(args, 1); try { return fromJson(JSON.parse(asStr(args[0]))); } catch { throw new EvalError("not JSON"); } },
  base64encode: textFold((s) => Buffer.from(s, "utf8").toString("base64")),
  base64decode: textFold(base64Decode),
  urlencode: textFold((s) => encodeURIComponent(s)),
  urldecode: textFold((s) => decodeURIComponent(s)),
};

/**
 * Functions whose result is one of their arguments' values, picked at plan time: when what
 * picks is not known, every value it can pick is scanned.
 */
const concrete = (v: Val | undefined): boolean => v !== undefined && (v.k === "str" || v.k === "num" || v.k === "bool" || v.k === "null");
export const SELECTORS: Readonly<Record<string, (args: readonly Val[]) => Val | undefined>> = {
  element: (args) => (args[0]?.k === "list" && !concrete(args[1]) ? { k: "choice", options: [...args[0].items] } : undefined),
  lookup: (args) => (args[0]?.k === "obj" && !concrete(args[1]) ? { k: "choice", options: [...args[0].entries.map(([, v]) => v), ...(args[2] ? [args[2]] : [])] } : undefined),
  coalesce: (args) => (args.every(concrete) ? undefined : { k: "choice", options: [...args] }),
  try: (args) => (args.length > 1 ? { k: "choice", options: [...args] } : undefined),
  one: (args) => (args[0]?.k === "list" && args[0].partial ? { k: "choice", options: [...args[0].items, { k: "null" }] } : undefined),
  slice: (args) => (args[0]?.k === "list" && !(concrete(args[1]) && concrete(args[2])) ? { k: "list", items: args[0].items, partial: true } : undefined),
  // matchkeys(values, keys, searchset): some of `values`, in order.
  matchkeys: (args) => (args[0]?.k === "list" ? { k: "list", items: args[0].items, partial: true } : undefined),
  compact: (args) => (args[0]?.k === "list" && args[0].partial ? args[0] : undefined),
  distinct: (args) => (args[0]?.k === "list" && args[0].partial ? args[0] : undefined),
};

/**
 * What a string of Terraform JSON can read as: every text it can take (holes, `HOLE`, where a
 * value cannot name a region), or why the lock cannot tell (a function it cannot evaluate over
 * what it was given). A string without `${` or `%{` is its own text.
 */