import type { Jurisdiction } from "../catalog";
import { JsonProblem, normalizeTerraformJson, put } from "./region-lock-json";
import { ElementRule, LOCATION_KEYS, defaultProviderOf, ruleFor } from "./region-lock-types";
import type { Val as FnVal } from "./region-lock-values-fn";

/**
 * How the region lock reads a value of synthesized Terraform JSON: a literal, a reference to an
 * element it checks (followed to that element's location), or something it cannot judge (a
 * variable, local, module output, function, …). Pure.
 */


/** One stack directory as written. */
export interface StackDocument {
  /** The stack id (its directory under `stacks/`). */
  readonly name: string;
  /** Jurisdictions the stack is locked to; empty when it is not locked. */
  readonly jurisdictions: readonly Jurisdiction[];
  /** The parsed `*.tf.json` files Terraform reads in that directory, by file name. */
  readonly files: Readonly<Record<string, unknown>>;
  /** Other Terraform configuration files in the directory (`*.tf`, `*.tofu`): the lock cannot read them. */
  readonly unreadableFiles?: readonly string[];
  /** Ways the files would be read differently by Terraform than by the lock (duplicate keys, links), found while reading them. */
  readonly fileProblems?: readonly JsonProblem[];
  /** Construct paths of providers by `<type>` or `<type>.<alias>`, for messages. */
  readonly providerPaths?: Readonly<Record<string, string>>;
}

export interface RegionLockInput {
  readonly stacks: readonly StackDocument[];
  /** Stack directories written that belong to no stack of the app. */
  readonly strayDirectories?: readonly string[];
  /** Declared locations of GCS state buckets (their location is not in the backend block). */
  readonly stateBucketLocations?: Readonly<Record<string, string>>;
}

export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
export const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A value as the lock reads it: a literal, a checked element, or a reason it cannot be judged. */
export type Value =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "element"; readonly doc: Doc; readonly block: "resource" | "data"; readonly type: string; readonly name: string; readonly attr: string }
  | { readonly kind: "unknown"; readonly why: string };

export interface Doc {
  readonly stack: StackDocument;
  readonly provider: Record<string, unknown[]>;
  readonly resource: Record<string, Record<string, Json>>;
  readonly data: Record<string, Record<string, Json>>;
  readonly output: Record<string, Json>;
  readonly terraform: Json[];
  /** Ways Terraform would read the files differently than this document (found while uniting them). */
  readonly problems: JsonProblem[];
}

const IDENTITY_ATTRS = new Set(["id", "arn", "name", "bucket", "self_link", "endpoint", "url"]);
const REFERENCE = /^(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"\\]*"\])*$/;
const NAMED_ROOTS: Readonly<Record<string, string>> = {
  var: "a Terraform variable (its value is chosen at plan time)",
  local: "a local value (an expression the lock does not evaluate)",
  module: "a module output (the module's contents are not in the synthesized JSON)",
  each: "a for_each value (chosen per instance at plan time)",
  count: "a count index",
  self: "a self reference",
  path: "a filesystem path",
  terraform: "a Terraform workspace value",
};
const MAX_DEPTH = 16;

/** The stacks of the app, for references into another stack (remote state). */
export interface DocSource {
  readonly stacks: readonly StackDocument[];
  doc(name: string): Doc | undefined;
}

/**
 * Unites the blocks of a stack's files (Terraform reads them as one configuration). Containers
 * have no prototype and names are set as data, so a name such as `__proto__` or `constructor` is
 * an ordinary name; a name defined in two files is a problem (Terraform refuses it, or, in an
 * override file, merges it attribute by attribute, which the lock refuses separately).
 */
export function merge(stack: StackDocument): Doc {
  const doc: Doc = {
    stack, provider: Object.create(null), resource: Object.create(null), data: Object.create(null), output: Object.create(null),
    terraform: [], problems: [...(stack.fileProblems ?? [])],
  };
  const files: Record<string, unknown> = {};
  for (const file of Object.keys(stack.files).sort()) {
    const raw = stack.files[file];
    if (!isObject(raw)) {
      files[file] = raw;
      continue;
    }
    const { json, problems } = normalizeTerraformJson(raw, `${stack.name}/${file}:`);
    doc.problems.push(...problems);
    files[file] = json;
    for (const [type, configs] of Object.entries(isObject(json.provider) ? json.provider : {})) {
      if (!Object.prototype.hasOwnProperty.call(doc.provider, type)) put(doc.provider, type, []);
      doc.provider[type].push(...asList(configs));
    }
    for (const block of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries(isObject(json[block]) ? (json[block] as Json) : {})) {
        if (!isObject(byName)) continue;
        if (!Object.prototype.hasOwnProperty.call(doc[block], type)) put(doc[block], type, Object.create(null));
        for (const [name, body] of Object.entries(byName)) {
          if (Object.prototype.hasOwnProperty.call(doc[block][type], name)) {
            doc.problems.push({ path: `${stack.name}:${block === "data" ? "data." : ""}${type}.${name}`, problem: "is defined in two files (Terraform refuses it or merges it; the region lock would judge one)" });
          } else put(doc[block][type], name, body);
        }
      }
    }
    for (const [name, body] of Object.entries(isObject(json.output) ? json.output : {})) put(doc.output, name, body);
    doc.terraform.push(...asList(json.terraform).filter(isObject));
  }
  return { ...doc, stack: { ...stack, files } };
}

/** Reads values of one stack, under one jurisdiction (locations are followed, not judged, here). */
export class ValueReader {
  constructor(protected readonly source: DocSource, protected readonly doc: Doc, protected readonly jurisdiction: Jurisdiction) {}

  /** Reads a Terraform JSON string: literal text, `${reference}`s and literal parts. */
  public evaluate(raw: unknown, depth: number): Value {
    if (typeof raw !== "string") return { kind: "unknown", why: `a ${raw === null ? "null" : Array.isArray(raw) ? "list" : typeof raw} value` };
    if (depth > MAX_DEPTH) return { kind: "unknown", why: "a chain of references too long or circular" };
    if (/(^|[^%])%\{/.test(raw)) return { kind: "unknown", why: "a template directive (%{…})" };
    const parts: Value[] = [];
    let rest = raw;
    let text = "";
    while (rest.length) {
      const at = rest.indexOf("${");
      if (at < 0) {
        text += rest;
        break;
      }
      if (at > 0 && rest[at - 1] === "$") {
        // `$${` is a literal `${`.
        text += rest.slice(0, at - 1) + "${";
        rest = rest.slice(at + 2);
        continue;
      }
      text += rest.slice(0, at);
      const end = closingBrace(rest, at + 2);
      if (end < 0) return { kind: "unknown", why: "an unterminated interpolation" };
      if (text) parts.push({ kind: "text", text });
      text = "";
      parts.push(this.expression(rest.slice(at + 2, end).trim(), depth));
      rest = rest.slice(end + 1);
    }
    if (text) parts.push({ kind: "text", text });
    if (parts.length === 0) return { kind: "text", text: "" };
    if (parts.length === 1) return parts[0];
    const unknown = parts.find((p) => p.kind !== "text");
    if (unknown) return unknown.kind === "unknown" ? unknown : { kind: "unknown", why: "an element reference inside a larger string" };
    return { kind: "text", text: parts.map((p) => (p as { text: string }).text).join("") };
  }

  private expression(expr: string, depth: number): Value {
    const root = /^([A-Za-z_][\w-]*)/.exec(expr)?.[1] ?? "";
    if (!REFERENCE.test(expr) && !Object.prototype.hasOwnProperty.call(NAMED_ROOTS, root)) return { kind: "unknown", why: `an expression (${truncate(expr)}): functions and operators are not evaluated` };
    if (Object.prototype.hasOwnProperty.call(NAMED_ROOTS, root)) return { kind: "unknown", why: NAMED_ROOTS[root] };
    const segments = splitReference(expr);
    const isData = segments[0] === "data";
    const [type, name, attr, ...rest] = isData ? segments.slice(1) : segments;
    if (isData && type === "terraform_remote_state") return this.remoteState(name, attr, rest, depth);
    const block = isData ? "data" : "resource";
    const body = this.doc[block][type]?.[name];
    if (!isObject(body)) return { kind: "unknown", why: `${isData ? "data." : ""}${type}.${name}, which is not in this stack` };
    if (!attr) return { kind: "unknown", why: "a whole-element reference" };
    if (rest.length) return { kind: "unknown", why: `${isData ? "data." : ""}${type}.${name}.${[attr, ...rest].join(".")}, a computed attribute` };
    const element: Value = { kind: "element", doc: this.doc, block, type, name, attr };
    if (LOCATION_KEYS.has(attr)) return this.placeOf(element as Extract<Value, { kind: "element" }>, depth + 1, attr);
    if (IDENTITY_ATTRS.has(attr)) return element;
    return { kind: "unknown", why: `${type}.${name}.${attr}, an attribute the lock does not read as a location` };
  }

  /** Where a checked element is: its own location argument, else its provider's. */
  protected placeOf(e: Extract<Value, { kind: "element" }>, depth: number, attr?: string): Value {
    const rule = ruleFor(e.block, e.type) as ElementRule | undefined;
    if (!rule || rule.kind !== "regional") return { kind: "unknown", why: `${e.type}, which has no location the lock reads` };
    const body = e.doc[e.block][e.type][e.name];
    const own = attr ? [attr] : rule.cloud === "aws" ? ["region"] : ["location", "region", "zone"];
    const sub = new ValueReader(this.source, e.doc, this.jurisdiction);
    for (const key of own) if (typeof body[key] === "string") return sub.evaluate(body[key], depth + 1);
    const ref = body.provider;
    let pname = ref === undefined ? defaultProviderOf(e.type) : ref;
    if (typeof pname === "string") pname = pname.replace(/^\$\{(.*)\}$/, "$1");
    if (typeof pname !== "string") return { kind: "unknown", why: "an unresolvable provider" };
    const [ptype, alias] = pname.split(".");
    const config = (e.doc.provider[ptype] ?? []).find((c) => isObject(c) && (alias === undefined ? c.alias === undefined : c.alias === alias)) as Json | undefined;
    if (!config) return { kind: "unknown", why: `provider ${pname}, which the stack does not configure` };
    const fromProvider = attr === "zone" ? config.zone : config.region ?? config.zone;
    return sub.evaluate(fromProvider, depth + 1);
  }

  /** A reference inside an expression, for the expression evaluator (region-lock-functions.ts). */
  public referenceValue(reference: string): FnVal {
    const v = this.evaluate(`\${${reference}}`, 0);
    if (v.kind !== "element") return v.kind === "text" ? { k: "str", s: v.text } : { k: "unknown", why: v.why };
    // A literal attribute of an element reads as its text; anything else it has is checked where the element is.
    const own = v.doc[v.block][v.type]?.[v.name]?.[v.attr];
    return typeof own === "string" && !/\$\{|%\{/.test(own) ? { k: "str", s: own } : { k: "safe", why: `${v.type}.${v.name}.${v.attr}, an element the lock checks` };
  }

  /** An output of another stack, read through terraform_remote_state: trusted only from a locked stack of this app. */
  private remoteState(name: string, attr: string | undefined, rest: string[], depth: number): Value {
    const rs = this.doc.data.terraform_remote_state?.[name];
    if (!isObject(rs)) return { kind: "unknown", why: `remote state ${name}, which is not in this stack` };
    if (attr !== "outputs" || rest.length !== 1) return { kind: "unknown", why: `remote state ${name} read other than as one output` };
    const key = JSON.stringify({ type: rs.backend, config: stable(rs.config) });
    const producers = this.source.stacks.filter((s) => {
      const backend = this.source.doc(s.name)!.terraform.flatMap((t) => (isObject(t.backend) ? Object.entries(t.backend) : []))[0];
      return backend !== undefined && JSON.stringify({ type: backend[0], config: stable(backend[1]) }) === key;
    });
    if (producers.length !== 1) return { kind: "unknown", why: producers.length ? `remote state shared by ${producers.length} stacks` : `remote state ${name}, which is the state of no stack in this app` };
    const [producer] = producers;
    if (!producer.jurisdictions.length) return { kind: "unknown", why: `an output of stack ${producer.name}, which is not region-locked` };
    const doc = this.source.doc(producer.name)!;
    const output = doc.output[rest[0]];
    if (!isObject(output)) return { kind: "unknown", why: `output ${rest[0]}, which stack ${producer.name} does not have (its default would be used)` };
    return new ValueReader(this.source, doc, this.jurisdiction).evaluate(output.value, depth + 1);
  }

}

function closingBrace(s: string, from: number): number {
  let depth = 1;
  let quoted = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** `data.x.y.outputs["a"][0].b` -> ["data","x","y","outputs","a","0","b"]. */
function splitReference(expr: string): string[] {
  const out: string[] = [];
  const re = /([A-Za-z_][\w-]*)|\[(\d+)\]|\["([^"\\]*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

export function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable(v[k])]));
  return v;
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
