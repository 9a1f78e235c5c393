import { createHash } from "node:crypto";

/**
 * cdktf's markers for unresolved string and list values (`${TfToken[TOKEN.12]}`). Their numbers
 * count the tokens created earlier in the process, so adding an unrelated resource to a program
 * would renumber them: they must not reach a name or hash that should stay put.
 */
const UNRESOLVED_MARKER = /[$#]\{TfToken\[[A-Za-z0-9_.]+\]\}/g;

/**
 * The first `length` hex digits of sha256 over `value` as JSON, with each distinct unresolved
 * value replaced by its order of first appearance. The same spec hashes the same in any program.
 */
export function stableHash(value: unknown, length: number): string {
  const order = new Map<string, number>();
  const json = JSON.stringify(value).replace(UNRESOLVED_MARKER, (marker) => {
    if (!order.has(marker)) order.set(marker, order.size);
    return `<unresolved ${order.get(marker)}>`;
  });
  return createHash("sha256").update(json).digest("hex").slice(0, length);
}
