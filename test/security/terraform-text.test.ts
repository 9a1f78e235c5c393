import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { DeepSeekConfigError } from "../../lib/errors";
import { escapeTerraformTemplate, findTerraformTemplate, unescapeTerraformTemplate } from "../../lib/internal/terraform-text";
import { ManifestBundle } from "../../lib/internal/manifest-bundle";
import { parseOrThrow } from "../../lib/validation";
import { z } from "zod";
import { defaultAppOutdir } from "../support/default-app";

/*
 * Terraform evaluates `${…}` and `%{…}` in every string of cdk.tf.json. Text the library writes
 * (scripts, manifests) is escaped; text users pass is refused. Checked on every synthesized stack.
 */

/** Every unescaped `${ … }` in a string: what Terraform would evaluate. */
function interpolations(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length - 1; i++) {
    if (text[i] === "$" && text[i + 1] === "$" && text[i + 2] === "{") { i += 2; continue; }
    if (text[i] === "%" && text[i + 1] === "%" && text[i + 2] === "{") { i += 2; continue; }
    if ((text[i] === "$" || text[i] === "%") && text[i + 1] === "{") out.push(text.slice(i, i + 60));
  }
  return out;
}

function strings(node: unknown, out: string[] = []): string[] {
  if (typeof node === "string") out.push(node);
  else if (Array.isArray(node)) node.forEach((n) => strings(n, out));
  else if (node && typeof node === "object") Object.values(node).forEach((n) => strings(n, out));
  return out;
}

/** A reference Terraform can resolve: a declared resource type, data/var/local/module, or a function call. */
function isReference(expr: string, resourceTypes: ReadonlySet<string>, iterators: ReadonlySet<string> = new Set()): boolean {
  const m = /^\$\{\s*([a-z_][a-z0-9_]*)(\.|\()/.exec(expr);
  if (!m) return false;
  if (m[2] === "(") return true;
  // Inside a `dynamic "<label>"` block, `<label>.value` / `.key` is the iterator (Terraform "dynamic Blocks").
  if (iterators.has(m[1]) && /^\$\{\s*[a-z_][a-z0-9_]*\.(value|key)\b/.test(expr)) return true;
  return ["data", "var", "local", "module", "path", "terraform"].includes(m[1]) || resourceTypes.has(m[1]);
}

/** Labels of the `dynamic` blocks anywhere in a JSON value. */
function dynamicLabels(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => dynamicLabels(v, out));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "dynamic" && v !== null && typeof v === "object") Object.keys(v).forEach((label) => out.add(label));
      dynamicLabels(v, out);
    }
  }
  return out;
}

describe("Terraform template text", () => {
  test("escaping keeps cdktf tokens and turns every other ${ / %{ into its literal escape", () => {
    const token = "${TfToken[TOKEN.42]}";
    const text = `a \${POD_NAME} b ${token} %{ if x } $\${already}`;
    const escaped = escapeTerraformTemplate(text);
    expect(escaped).toBe(`a $\${POD_NAME} b ${token} %%{ if x } $$\${already}`);
    expect(interpolations(escaped.replace(token, ""))).toEqual([]);
    // What Terraform hands on is the text as written.
    expect(unescapeTerraformTemplate(escaped)).toBe(text);
  });

  test("hostile free text in props is refused with the field's path", () => {
    const schema = z.object({ name: z.string(), tags: z.record(z.string(), z.string()).optional() }).strict();
    for (const bad of ["${file(\"/etc/passwd\")}", "x%{ for k in var.a }${k}%{ endfor }", "a${aws_s3_bucket.b.arn}"]) {
      const err = (() => { try { parseOrThrow(schema, { name: "ok", tags: { team: bad } }, "cluster"); return undefined; } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(DeepSeekConfigError);
      expect((err as DeepSeekConfigError).path).toBe("cluster.tags.team");
      expect((err as DeepSeekConfigError).message).toMatch(/Terraform template sequence/);
    }
    // A cdktf token (a real reference) is data, not text: accepted.
    const stack = new TerraformStack(Testing.app(), "s");
    const v = new TerraformVariable(stack, "bucket", { type: "string" });
    expect(() => parseOrThrow(schema, { name: v.stringValue, tags: { team: `t-${v.stringValue}` } })).not.toThrow();
    expect(findTerraformTemplate({ a: [{ b: "$" }, "{", "50%"] })).toBeUndefined();
  });

  test("a ManifestBundle writes scripts and hostile text so Terraform passes them through", () => {
    const app = new App({ outdir: "cdktf.out.test-unused", stackTraces: false });
    const stack = new TerraformStack(app, "s");
    const script = 'echo "${POD_NAME}" %{ if true }';
    new ManifestBundle(stack, "b", { releaseName: "r", namespace: "n", objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { s: script } }] });
    const json = JSON.parse(Testing.synth(stack));
    const values = (Object.values(json.resource.helm_release)[0] as { values: string[] }).values[0];
    expect(interpolations(values)).toEqual([]);
    expect(unescapeTerraformTemplate(values)).toContain(JSON.stringify(JSON.stringify(script)).slice(1, -1));
  });

  test("every stack of the default app: each ${…} Terraform evaluates is a reference it can resolve", () => {
    const dir = join(defaultAppOutdir(), "stacks");
    let checked = 0;
    const bad: string[] = [];
    for (const name of readdirSync(dir)) {
      const json = JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8"));
      const types = new Set(Object.keys(json.resource ?? {}));
      const iterators = dynamicLabels(json.resource);
      for (const s of strings({ resource: json.resource, data: json.data, output: json.output, provider: json.provider, locals: json.locals })) {
        for (const expr of interpolations(s)) {
          checked++;
          if (expr.startsWith("%{") || !isReference(expr, types, iterators)) bad.push(`${name}: ${expr}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });
});
