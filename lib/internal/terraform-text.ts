/**
 * Terraform reads every JSON string of a configuration as a string template: `${ … }` is an
 * interpolation and `%{ … }` a directive; `$${` and `%%{` are the escapes for the literal text
 * (Terraform docs, "JSON Configuration Syntax" > "Expression Mapping" and "Strings and Templates"
 * > "Escape Sequences"). Text that must reach a resource as written (scripts, manifests) is
 * escaped here; free text from users that would be evaluated is refused where props are parsed.
 * Pure: no cdktf import. cdktf's own string tokens (`${TfToken[TOKEN.n]}`) are left alone, so
 * cross-stack references inside escaped text still resolve.
 */

/** cdktf's string-token marker (cdktf `lib/tokens/private/encoding.ts`: `${TfToken[` … `]}`). */
export const CDKTF_TOKEN_MARKER = /\$\{TfToken\[[^\]]+\]\}/g;

/** `text` with every `${` / `%{` that is not a cdktf token escaped, so Terraform passes it through as is. */
export function escapeTerraformTemplate(text: string): string {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(CDKTF_TOKEN_MARKER)) {
    out += escapePlain(text.slice(last, m.index)) + m[0];
    last = (m.index ?? 0) + m[0].length;
  }
  return out + escapePlain(text.slice(last));
}

function escapePlain(text: string): string {
  // Function replacements: in a replacement string `$$` would itself mean one `$`.
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}

/** What Terraform makes of an escaped string (the inverse of {@link escapeTerraformTemplate} for literal text). */
export function unescapeTerraformTemplate(text: string): string {
  return text.replace(/\$\$\{/g, () => "${").replace(/%%\{/g, () => "%{");
}

/**
 * The first place in `value` (a props object) where a string holds a Terraform template sequence
 * (`${` or `%{`) that is not a cdktf token, as a path, or undefined. Such text would be evaluated
 * by Terraform (a reference, a function call, a `%{ for }` directive) instead of passed as data.
 */
export function findTerraformTemplate(value: unknown, path: readonly (string | number)[] = [],
  seen = new Set<unknown>()): { path: (string | number)[]; value: string } | undefined {
  if (typeof value === "string") {
    const plain = value.replace(CDKTF_TOKEN_MARKER, "");
    return /\$\{|%\{/.test(plain) ? { path: [...path], value } : undefined;
  }
  if (value === null || typeof value !== "object" || seen.has(value)) return undefined;
  seen.add(value);
  // Only plain data: constructs, providers and resources passed as props are not text.
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findTerraformTemplate(value[i], [...path, i], seen);
      if (hit) return hit;
    }
    return undefined;
  }
  if (proto !== Object.prototype && proto !== null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const hit = findTerraformTemplate(v, [...path, k], seen);
    if (hit) return hit;
  }
  return undefined;
}
