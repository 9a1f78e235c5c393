/**
 * How Terraform reads a `.tf.json` file, for the region lock. Pure.
 *
 * HCL's JSON syntax is not plain JSON objects: "A JSON HCL parser _must_ support duplicate
 * definitions of the same property name within a single object, preserving all of them"
 * (hashicorp/hcl, json/spec.md), so `"replica": {…}, "replica": {…}` is two blocks, and every
 * block level may be an array of objects (`"resource": [{…}, {…}]`). `JSON.parse` keeps only the
 * last duplicate and the lock reads objects, so a file is first checked for duplicates and its
 * block levels are brought to the one object form the lock reads; anything that would be read
 * differently is reported, and the lock refuses it.
 */

export type JsonObject = Record<string, unknown>;

/** A way a file would be read differently by Terraform than by the lock. */
export interface JsonProblem {
  readonly path: string;
  readonly problem: string;
}

/**
 * Paths (`resource.aws_s3_bucket.b.replica`) of property names defined twice in one object of a
 * JSON text. Assumes the text is valid JSON (parse it first).
 */
export function duplicateKeyPaths(text: string): string[] {
  const found: string[] = [];
  // One frame per open object or array: keys seen (objects), the path, the pending key.
  const stack: { keys?: Set<string>; path: string[]; key?: string; index: number }[] = [];
  let i = 0;
  const readString = (): string => {
    let out = "";
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        const c = text[i + 1];
        if (c === "u") {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        out += ({ n: "\n", t: "\t", r: "\r", b: "\b", f: "\f" } as Record<string, string>)[c] ?? c;
        i += 2;
        continue;
      }
      out += text[i++];
    }
    i++;
    return out;
  };
  const childPath = (): string[] => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    return top.keys ? [...top.path, top.key ?? ""] : [...top.path, String(top.index)];
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "{" || c === "[") {
      stack.push({ keys: c === "{" ? new Set() : undefined, path: childPath(), index: 0 });
      i++;
    } else if (c === "}" || c === "]") {
      stack.pop();
      i++;
    } else if (c === '"') {
      const s = readString();
      const top = stack[stack.length - 1];
      let j = i;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (top?.keys && text[j] === ":") {
        if (top.keys.has(s)) found.push([...top.path, s].join("."));
        top.keys.add(s);
        top.key = s;
        i = j + 1;
      }
    } else if (c === ",") {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.index++;
      i++;
    } else i++;
  }
  return found;
}

/** How many label levels each top-level block has before its body (`resource "type" "name" {}` has 2). */
const LABELS: Readonly<Record<string, number>> = {
  resource: 2, data: 2, ephemeral: 2, provider: 1, module: 1, output: 1, variable: 1, check: 1,
};

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isObj = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Sets a property as data, even when its name is `__proto__`. */
export function put(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Brings a parsed file to one object per label level (`resource.type.name`), as the lock reads
 * it: arrays of objects at a label level are united; a name given twice is a problem.
 */
export function normalizeTerraformJson(json: JsonObject, at: string): { json: JsonObject; problems: JsonProblem[] } {
  const problems: JsonProblem[] = [];
  const out: JsonObject = {};
  for (const key of Object.keys(json)) {
    const labels = own(LABELS, key) ? LABELS[key] : 0;
    let value = labels ? unite(json[key], labels, `${at}${key}`, problems, key === "provider") : json[key];
    if (key === "terraform") value = (Array.isArray(value) ? value : [value]).map((t) => terraformBlock(t, `${at}terraform`, problems));
    if (key === "check" && isObj(value)) {
      for (const name of Object.keys(value)) {
        put(value, name, (Array.isArray(value[name]) ? (value[name] as unknown[]) : [value[name]]).map((c) => (isObj(c) && c.data !== undefined ? { ...c, data: unite(c.data, 2, `${at}check.${name}.data`, problems) } : c)));
      }
    }
    put(out, key, value);
  }
  return { json: out, problems };
}

function unite(value: unknown, levels: number, path: string, problems: JsonProblem[], many = false): unknown {
  if (levels === 0) return value;
  // Parts of one label level, by name: `"resource": [{"t": {…}}, {"t": {…}}]` is one type, two groups.
  const byName = new Map<string, unknown[]>();
  for (const part of Array.isArray(value) ? value : [value]) {
    if (!isObj(part)) {
      problems.push({ path, problem: "is a block level that is not an object (Terraform reads it in a way the region lock does not)" });
      continue;
    }
    for (const name of Object.keys(part)) byName.set(name, [...(byName.get(name) ?? []), ...(levels > 1 && Array.isArray(part[name]) ? (part[name] as unknown[]) : [part[name]])]);
  }
  const out: JsonObject = {};
  for (const [name, parts] of byName) {
    if (levels === 1 && many) {
      // Several configurations of one provider (aliases): all are kept, each is judged.
      put(out, name, parts.flatMap((p) => (Array.isArray(p) ? p : [p])));
      continue;
    }
    if (levels === 1 && parts.length > 1) problems.push({ path: `${path}.${name}`, problem: "is defined twice (Terraform reads both; the region lock would judge one)" });
    put(out, name, levels === 1 ? parts[parts.length - 1] : unite(parts, levels - 1, `${path}.${name}`, problems));
  }
  return out;
}

/** A `terraform` block: its `backend` (one label) and `required_providers` in object form. */
function terraformBlock(t: unknown, path: string, problems: JsonProblem[]): unknown {
  if (!isObj(t)) return t;
  const out: JsonObject = { ...t };
  if (t.backend !== undefined) put(out, "backend", unite(t.backend, 1, `${path}.backend`, problems));
  if (Array.isArray(t.required_providers)) put(out, "required_providers", unite(t.required_providers, 1, `${path}.required_providers`, problems));
  return out;
}

/**
 * Files Terraform or OpenTofu read otherwise than as blocks of their own: Terraform merges
 * override files into the blocks they name, attribute by attribute
 * (https://developer.hashicorp.com/terraform/language/files/override); OpenTofu loads `x.tofu.json`
 * instead of `x.tf.json` (https://opentofu.org/docs/language/files/), so the two tools would read
 * different configurations.
 */
export function filesReadDifferently(stack: string, files: readonly string[]): JsonProblem[] {
  const out: JsonProblem[] = [];
  for (const file of files) {
    if (/(^|_)override\.(tf|tofu)\.json$/.test(file)) {
      out.push({ path: `${stack}/${file}`, problem: "is an override file: Terraform merges it into the blocks it names, so what is judged block by block is not what runs" });
    }
    const twin = file.replace(/\.tofu\.json$/, ".tf.json");
    if (twin !== file && files.includes(twin)) {
      out.push({ path: `${stack}/${file}`, problem: `replaces ${twin} under OpenTofu (a .tofu.json file shadows the .tf.json of the same name), so Terraform and OpenTofu would read different configurations` });
    }
  }
  return out;
}
