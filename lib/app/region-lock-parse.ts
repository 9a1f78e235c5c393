/**
 * A parser for the Terraform expressions the region lock reads inside strings: templates
 * (`${…}`, `%{…}`, `$${` and `%%{` escapes) and HCL native-syntax expressions (literals, tuples,
 * objects, references, function calls including provider-defined ones, operators, conditionals,
 * `for` expressions, splats), per https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md.
 * Heredocs are not read (a ParseError, which the lock refuses). Pure.
 */
import type { Val } from "./region-lock-values-fn";

export type Node =
  | { t: "lit"; v: Val }
  | { t: "tpl"; parts: (string | Node)[] }
  | { t: "ref"; root: string; steps: (string | Node)[]; splat: boolean }
  | { t: "call"; name: string; args: Node[]; expand: boolean }
  | { t: "tuple"; items: Node[] }
  | { t: "object"; entries: [Node, Node][] }
  | { t: "op"; op: string; args: Node[] }
  | { t: "cond"; then: Node; else: Node; test: Node }
  | { t: "for"; key?: string; value: string; coll: Node; body: Node; keyBody?: Node; filtered: boolean }
  | { t: "directive"; text: string };

export class ParseError extends Error {}

export class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  /** The whole JSON string: a template (literal text, `${…}`, `%{…}`). */
  public outer(): Node {
    const node = this.template(undefined);
    if (this.i < this.s.length) throw new ParseError("unexpected end of template");
    return node;
  }

  /** A template up to `end` (`"` inside an expression) or the end of the text. */
  private template(end: '"' | undefined): Node {
    const parts: (string | Node)[] = [];
    let text = "";
    let stripNext = false;
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (end && c === end) break;
      if (end && c === "\\") {
        const n = s[this.i + 1];
        const esc: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
        if (n in esc) { text += esc[n]; this.i += 2; continue; }
        if (n === "u" || n === "U") {
          const len = n === "u" ? 4 : 8;
          const hex = s.slice(this.i + 2, this.i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new ParseError("bad escape");
          text += String.fromCodePoint(parseInt(hex, 16));
          this.i += 2 + len;
          continue;
        }
        throw new ParseError("bad escape");
      }
      if ((c === "$" || c === "%") && s[this.i + 1] === c && s[this.i + 2] === "{") { text += `${c}{`; this.i += 3; continue; }
      if (c === "$" && s[this.i + 1] === "{") {
        this.i += 2;
        // Strip markers: `${~` trims the whitespace before, `~}` the whitespace after (HCL template spec).
        if (s[this.i] === "~") { this.i++; text = text.replace(/\s+$/, ""); }
        if (text) parts.push(text);
        text = "";
        this.skip(true);
        parts.push(this.expr());
        this.skip(true);
        if (s[this.i] === "~" && s[this.i + 1] === "}") { this.i++; stripNext = true; }
        if (s[this.i] !== "}") throw new ParseError("unterminated interpolation");
        this.i++;
        continue;
      }
      if (c === "%" && s[this.i + 1] === "{") {
        if (text) parts.push(text);
        text = "";
        const close = s.indexOf("}", this.i);
        if (close < 0) throw new ParseError("unterminated directive");
        parts.push({ t: "directive", text: s.slice(this.i, close + 1) });
        this.i = close + 1;
        continue;
      }
      if (stripNext && /\s/.test(c)) { this.i++; continue; }
      stripNext = false;
      text += c;
      this.i++;
    }
    if (text) parts.push(text);
    return { t: "tpl", parts };
  }

  private skip(newlines = true): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === " " || c === "\t" || (newlines && (c === "\n" || c === "\r"))) this.i++;
      else if (this.s.startsWith("#", this.i) || this.s.startsWith("//", this.i)) { while (this.i < this.s.length && this.s[this.i] !== "\n") this.i++; }
      else if (this.s.startsWith("/*", this.i)) { const e = this.s.indexOf("*/", this.i + 2); if (e < 0) throw new ParseError("unterminated comment"); this.i = e + 2; }
      else break;
    }
  }

  private eat(tok: string): boolean {
    this.skip();
    if (this.s.startsWith(tok, this.i)) { this.i += tok.length; return true; }
    return false;
  }

  private expect(tok: string): void {
    if (!this.eat(tok)) throw new ParseError(`expected ${tok}`);
  }

  private peekIdent(): string | undefined {
    this.skip();
    return /^[A-Za-z_][\w-]*/.exec(this.s.slice(this.i, this.i + 200))?.[0];
  }

  public expr(): Node {
    const test = this.binary(0);
    this.skip();
    if (this.s[this.i] === "?") {
      this.i++;
      const then = this.expr();
      this.expect(":");
      const otherwise = this.expr();
      return { t: "cond", test, then, else: otherwise };
    }
    return test;
  }

  private static readonly LEVELS: readonly (readonly string[])[] = [["||"], ["&&"], ["==", "!="], ["<=", ">=", "<", ">"], ["+", "-"], ["*", "/", "%"]];

  private binary(level: number): Node {
    if (level >= Parser.LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skip();
      const op = Parser.LEVELS[level].find((o) => this.s.startsWith(o, this.i));
      if (!op) return left;
      this.i += op.length;
      left = { t: "op", op, args: [left, this.binary(level + 1)] };
    }
  }

  private unary(): Node {
    this.skip();
    const c = this.s[this.i];
    if (c === "!" || (c === "-" && !/\d/.test(this.s[this.i + 1] ?? ""))) {
      this.i++;
      return { t: "op", op: c, args: [this.unary()] };
    }
    return this.postfix(this.primary());
  }

  private postfix(node: Node): Node {
    for (;;) {
      this.skip();
      if (this.s.startsWith(".*", this.i) || this.s.startsWith("[*]", this.i)) {
        this.i += this.s[this.i] === "." ? 2 : 3;
        // A splat over a tuple is the tuple (a splat over a single value wraps it: scanned the same).
        if (node.t === "ref") node = { ...node, splat: true };
        continue;
      }
      if (this.s[this.i] === "." && /[A-Za-z_\d]/.test(this.s[this.i + 1] ?? "")) {
        this.i++;
        const name = /^[A-Za-z_][\w-]*|^\d+/.exec(this.s.slice(this.i))![0];
        this.i += name.length;
        node = this.step(node, name);
        continue;
      }
      if (this.s[this.i] === "[") {
        this.i++;
        const index = this.expr();
        this.expect("]");
        node = this.step(node, index);
        continue;
      }
      return node;
    }
  }

  private step(node: Node, step: string | Node): Node {
    if (node.t === "ref") return { ...node, steps: [...node.steps, step] };
    return { t: "ref", root: "", steps: [step], splat: false, ...{ base: node } } as Node;
  }

  private primary(): Node {
    this.skip();
    const s = this.s;
    const c = s[this.i];
    if (c === undefined) throw new ParseError("unexpected end");
    if (c === '"') {
      this.i++;
      const tpl = this.template('"');
      if (s[this.i] !== '"') throw new ParseError("unterminated string");
      this.i++;
      return tpl;
    }
    if (c === "<" && s.startsWith("<<", this.i)) throw new ParseError("heredoc");
    const num = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(s.slice(this.i, this.i + 64));
    if (num) {
      this.i += num[0].length;
      return { t: "lit", v: { k: "num", n: Number(num[0]) } };
    }
    if (c === "(") {
      this.i++;
      const e = this.expr();
      this.expect(")");
      return e;
    }
    if (c === "[") {
      this.i++;
      if (this.peekIdent() === "for") return this.forExpr("]");
      const items: Node[] = [];
      while (!this.eat("]")) {
        items.push(this.expr());
        if (!this.eat(",")) { this.expect("]"); break; }
      }
      return { t: "tuple", items };
    }
    if (c === "{") {
      this.i++;
      if (this.peekIdent() === "for") return this.forExpr("}");
      const entries: [Node, Node][] = [];
      while (!this.eat("}")) {
        const key = this.expr();
        if (!this.eat("=") && !this.eat(":")) throw new ParseError("expected = in object");
        entries.push([key, this.expr()]);
        this.eat(",");
      }
      return { t: "object", entries };
    }
    const ident = this.peekIdent();
    if (!ident) throw new ParseError(`unexpected ${c}`);
    this.i += ident.length;
    if (ident === "true" || ident === "false") return { t: "lit", v: { k: "bool", b: ident === "true" } };
    if (ident === "null") return { t: "lit", v: { k: "null" } };
    let name = ident;
    // Provider-defined functions: provider::<provider>::<function>(…) (Terraform 1.8).
    while (s.startsWith("::", this.i)) {
      this.i += 2;
      const part = /^[A-Za-z_][\w-]*/.exec(s.slice(this.i))?.[0];
      if (!part) throw new ParseError("bad function name");
      name += `::${part}`;
      this.i += part.length;
    }
    this.skip();
    if (s[this.i] === "(") {
      this.i++;
      const args: Node[] = [];
      let expand = false;
      while (!this.eat(")")) {
        args.push(this.expr());
        if (this.eat("...")) expand = true;
        if (!this.eat(",")) { this.expect(")"); break; }
      }
      return { t: "call", name, args, expand };
    }
    if (name.includes("::")) throw new ParseError("bad reference");
    return { t: "ref", root: name, steps: [], splat: false };
  }

  private forExpr(close: "]" | "}"): Node {
    this.expect("for");
    const first = this.peekIdent();
    if (!first) throw new ParseError("bad for");
    this.i += first.length;
    let key: string | undefined;
    let value = first;
    if (this.eat(",")) {
      key = first;
      value = this.peekIdent() ?? "";
      this.i += value.length;
    }
    this.expect("in");
    const coll = this.expr();
    this.expect(":");
    let keyBody: Node | undefined;
    let body = this.expr();
    if (close === "}" && this.eat("=>")) { keyBody = body; body = this.expr(); this.eat("..."); }
    let filtered = false;
    if (this.peekIdent() === "if") { this.i += 2; this.expr(); filtered = true; }
    this.expect(close);
    return { t: "for", key, value, coll, body, keyBody, filtered };
  }
}
