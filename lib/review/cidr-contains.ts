// CIDR containment for allow-list comparisons (IPv4 and IPv6).

/** Parses an IPv4 or IPv6 address to a bigint and its bit width, or undefined. */
function parseIp(ip: string): { value: bigint; bits: number } | undefined {
  if (ip.includes(":")) {
    const [head, tail, extra] = ip.split("::");
    if (extra !== undefined) return undefined;
    const h = head ? head.split(":") : [];
    const t = tail === undefined ? [] : tail ? tail.split(":") : [];
    const missing = 8 - h.length - t.length;
    if (tail === undefined ? missing !== 0 : missing < 0) return undefined;
    const groups = [...h, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...t];
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
    return { value: groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n), bits: 128 };
  }
  const parts = ip.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return { value: parts.reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n), bits: 32 };
}

/** True when CIDR `outer` contains every address of CIDR `inner`. Unparseable: equal strings only. */
export function cidrContains(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  const [oa, opl] = outer.split("/");
  const [ia, ipl] = inner.split("/");
  const o = parseIp(oa);
  const i = parseIp(ia);
  if (!o || !i || o.bits !== i.bits) return false;
  const op = Number(opl);
  const ip = Number(ipl);
  if (!Number.isInteger(op) || !Number.isInteger(ip) || op > o.bits || ip > i.bits || op > ip) return false;
  const shift = BigInt(o.bits - op);
  return o.value >> shift === i.value >> shift;
}
