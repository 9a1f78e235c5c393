/** CIDR syntax shared by every prop that takes one. */
const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";

/** a.b.c.d/n with octets 0-255 and n 0-32. */
export const IPV4_CIDR = new RegExp(`^${OCTET}(\\.${OCTET}){3}\\/(3[0-2]|[12]?\\d)$`);

/** An IPv6 block (hex groups, at most one `::`) with a prefix 0-128. */
export function isIpv6Cidr(value: string): boolean {
  const m = /^([0-9a-fA-F:]+)\/(12[0-8]|1[01]\d|[1-9]?\d)$/.exec(value);
  if (!m || (m[1].match(/::/g) ?? []).length > 1 || /:::/.test(m[1])) return false;
  const groups = m[1].split(":").filter((g) => g !== "");
  return groups.every((g) => g.length <= 4) && (m[1].includes("::") ? groups.length < 8 : groups.length === 8);
}

export const isIpCidr = (value: string): boolean => IPV4_CIDR.test(value) || isIpv6Cidr(value);

/** The prefix length of a CIDR that passed IPV4_CIDR or isIpv6Cidr. */
export const prefixLength = (cidr: string): number => Number(cidr.split("/")[1]);

/** Inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918) or 100.64.0.0/10 (RFC 6598), which AWS also allows for a VPC. */
export function isPrivateIpv4Cidr(cidr: string): boolean {
  if (!IPV4_CIDR.test(cidr)) return false;
  const [a, b] = cidr.split(/[./]/).map(Number);
  const prefix = prefixLength(cidr);
  return (a === 10 && prefix >= 8) || (a === 172 && b >= 16 && b <= 31 && prefix >= 12) || (a === 192 && b === 168 && prefix >= 16)
    || (a === 100 && b >= 64 && b <= 127 && prefix >= 10);
}
