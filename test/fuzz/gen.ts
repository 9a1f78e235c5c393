import fc from "fast-check";

/**
 * Generator helpers for the fuzz targets: every field draws mostly from its documented valid
 * range (bounds included) and sometimes from just outside it or from garbage, so a record of ten
 * fields is still valid often enough to reach the construct-building code, and every bound is
 * still probed from both sides.
 */

/** `valid` `validWeight` times in `validWeight + 1` (39 in 40 by default), else one of `invalid`. */
export const near = <T>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<unknown>, validWeight = 39): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: validWeight, arbitrary: valid as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: invalid });

/** One of the valid values (uniformly), about 1 draw in 40 one of the invalid ones. */
export const pick = <T>(valid: readonly T[], invalid: readonly unknown[] = [], validWeight = 39): fc.Arbitrary<unknown> =>
  invalid.length === 0 ? fc.constantFrom(...valid) : near(fc.constantFrom(...valid), fc.constantFrom(...invalid), validWeight);

/**
 * A whole number in [min, max]: uniform, or exactly a bound (1 in 5 valid draws); about 1 draw in
 * 40 is just outside (min - 1, max + 1), a fraction inside, or a non-finite number.
 */
export const intIn = (min: number, max: number, validWeight = 39): fc.Arbitrary<unknown> =>
  near(
    fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) }),
    // Past each bound, a fraction, non-finite, and int32's edge (2^31 overflows every int32 field).
    fc.constantFrom(min - 1, max + 1, min + 0.5, Number.NaN, Number.POSITIVE_INFINITY, -max - 1, 2 ** 31),
    validWeight,
  );

/**
 * A number in [min, max] (or (min, max] with `minExclusive`): uniform or a bound; about 1 draw
 * in 40 just outside (below min, at an exclusive min, above max) or NaN.
 */
export const numIn = (min: number, max: number, options: { minExclusive?: boolean; validWeight?: number } = {}): fc.Arbitrary<unknown> => {
  const lo = options.minExclusive ? Math.max(min + 1e-6, Math.min(max, min + Math.abs(max - min) * 1e-3)) : min;
  return near(
    fc.oneof({ weight: 4, arbitrary: fc.double({ min: lo, max, noNaN: true }) }, { weight: 1, arbitrary: fc.constantFrom(lo, max) }),
    fc.constantFrom(...(options.minExclusive ? [min] : []), min - 1, max + (max - min) * 1e-3 + 1e-9, Number.NaN),
    options.validWeight ?? 39,
  );
};

/** An array of `item`, length in [minLength, maxLength]; about 1 in 40 one item too many or too few. */
export const arrayIn = <T>(item: fc.Arbitrary<T>, minLength: number, maxLength: number, validWeight = 39): fc.Arbitrary<unknown> =>
  near(
    fc.array(item, { minLength, maxLength }),
    fc.array(item, { minLength: maxLength + 1, maxLength: maxLength + 2 }).map((xs) => (minLength > 0 ? xs.slice(0, minLength - 1) : xs)),
    validWeight,
  );

/** Drops keys whose value is `undefined` (strict schemas refuse a present key with an undefined value). */
export const defined = <T extends object>(record: T): T =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as T;

const octet = fc.integer({ min: 0, max: 255 });

/**
 * An IPv4 CIDR an allow-list takes (prefix /8 to /32, never /0); about 1 in 40 draws is an
 * invalid one: /0, a prefix above 32, an octet above 255, a bare address, or IPv6 any.
 */
export const allowCidr: fc.Arbitrary<unknown> = near(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("203.0.113.0/24", "198.51.100.0/24", "192.0.2.10/32", "10.0.0.0/8") },
    { weight: 2, arbitrary: fc.tuple(octet, octet, octet, fc.integer({ min: 8, max: 32 })).map(([a, b, c, n]) => `${a}.${b}.${c}.0/${n}`) },
  ),
  fc.constantFrom("0.0.0.0/0", "203.0.113.0/33", "256.1.2.0/24", "1.2.3.4", "::/0", "10.0.0.0/"),
);

/**
 * A /16 VPC CIDR (`a.b.0.0/16`, any octets up to 255, private or not); about 1 in 40 is not a
 * /16 network: /15, /17, /24, a non-zero third octet, an octet above 255, or not a CIDR.
 */
export const vpcCidr: fc.Arbitrary<unknown> = near(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom("10.64.0.0/16", "10.0.0.0/16", "172.31.0.0/16", "192.168.0.0/16") },
    { weight: 2, arbitrary: fc.tuple(octet, octet).map(([a, b]) => `${a}.${b}.0.0/16`) },
  ),
  fc.constantFrom("10.64.0.0/15", "10.64.0.0/17", "10.64.0.0/24", "10.64.1.0/16", "256.0.0.0/16", "10.64.0.0", "::/0"),
);

/** A lowercase DNS label name of 1-`maxLength` characters starting with a letter (no trailing hyphen). */
export const dnsName = (maxLength: number): fc.Arbitrary<string> =>
  fc.stringMatching(new RegExp(`^[a-z](?:[a-z0-9-]{0,${Math.max(0, maxLength - 2)}}[a-z0-9])?$`)).filter((s) => s.length <= maxLength);

/**
 * Text a consumer may put in a free-text prop that Terraform would evaluate if written as is. The
 * fuzz marks it `fuzz` so the output scan (scan.ts) can tell it from the library's own references.
 */
export const INJECTED = ["${fuzz.injected}", "a-${fuzz.x}-b", "%{fuzz}x%{endfuzz}", "$${fuzz.escaped}"] as const;
