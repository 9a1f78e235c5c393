// Every Terraform condition the default app emits (variable validations, lifecycle pre- and
// postconditions, check blocks), judged by what it does to values rather than by how it reads:
// with a terraform binary on PATH each condition, exactly as synthesized, is evaluated by the
// real Terraform language over a table of values (test/support/terraform-eval.ts); without one
// (CI) the same tables still pin the expression text.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ADMIN_CIDRS_VARIABLE, adminCidrsVariable } from "../../lib/app/plan-deploy-inputs";
import { defaultAppOutdir } from "../support/default-app";
import { evalTerraform, hasTerraform, unwrap } from "../support/terraform-eval";

interface Condition {
  readonly stack: string;
  /** `variable.admin_cidrs.validation`, `resource.terraform_data.<id>.lifecycle.precondition`, … */
  readonly where: string;
  readonly condition: string;
  readonly message: string;
}

const KINDS = ["validation", "precondition", "postcondition", "check"];

/** Every condition of every stack, with where it sits. */
function conditionsOf(outdir: string): Condition[] {
  const out: Condition[] = [];
  for (const stack of readdirSync(join(outdir, "stacks")).sort()) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    const walk = (node: unknown, path: string[]): void => {
      if (Array.isArray(node)) return node.forEach((n) => walk(n, path));
      if (!node || typeof node !== "object") return;
      for (const [k, v] of Object.entries(node)) {
        if (KINDS.includes(k)) {
          const blocks = (Array.isArray(v) ? v : [v]) as Record<string, unknown>[];
          for (const b of blocks) {
            // A check block holds assert blocks; the others hold the condition directly.
            const asserts = k === "check" ? Object.values(b).flatMap((c) => (c as { assert: Record<string, unknown>[] }).assert) : [b];
            for (const a of asserts) out.push({ stack, where: [...path, k].join("."), condition: String(a.condition), message: String(a.error_message) });
          }
        } else {
          walk(v, [...path, k]);
        }
      }
    };
    walk(json, []);
  }
  return out;
}

/** The kind of a condition, from where it sits: each kind has its table below. */
function kindOf(c: Condition): string {
  if (c.where === `variable.${ADMIN_CIDRS_VARIABLE}.validation`) return "admin_cidrs";
  if (/^resource\.terraform_data\.placeholders_check_\w+\.lifecycle\.precondition$/.test(c.where)) return "placeholder";
  if (/^data\.aws_ec2_instance_type_offerings\.\w+\.lifecycle\.postcondition$/.test(c.where)) return "offerings";
  return `unknown: ${c.where}`;
}

const outdir = defaultAppOutdir();
const all = conditionsOf(outdir);

describe("the audit covers every condition the default app emits", () => {
  test("each condition is of a kind judged below (a new kind fails here until it has a table)", () => {
    const kinds = new Set(all.map(kindOf));
    expect([...kinds].sort()).toEqual(["admin_cidrs", "offerings", "placeholder"]);
    expect(all.length).toBeGreaterThan(20);
    // Every condition is one whole interpolation with a message.
    for (const c of all) {
      expect(() => unwrap(c.condition)).not.toThrow();
      expect(c.message.length).toBeGreaterThan(20);
    }
  });
});

// --- admin_cidrs --------------------------------------------------------------------------------

/** Which validations (by index into adminCidrsVariable().validation) refuse a value. */
const ADMIN_CIDRS_TABLE: readonly [value: readonly string[], refusedBy: readonly number[], why: string][] = [
  [[], [], "empty keeps the endpoint private"],
  [["203.0.113.0/24"], [], "one network"],
  [["10.0.0.0/8", "198.51.100.7/32"], [], "a private range and a host"],
  [["128.0.0.0/1"], [], "half the internet is not refused: only a /0 is (as for the literal allow-lists)"],
  [["0.0.0.0/0"], [2], "the whole internet"],
  [["203.0.113.0/24", "0.0.0.0/0"], [2], "a /0 beside a real network"],
  [["0.0.0.0/00"], [1, 2], "a /0 spelt with a leading zero (passed the old endswith(\"/0\") check)"],
  [["1.2.3.4/0"], [1, 2], "a /0 with host bits"],
  [["::/0"], [0], "IPv6 whole internet"],
  [["0::0/0"], [0], "IPv6 whole internet, spelt long"],
  [["::ffff:0.0.0.0/96"], [0], "the whole IPv4 internet as an IPv4-mapped IPv6 block (cidrnetmask parses it)"],
  [["::ffff:203.0.113.0/120"], [0], "an IPv4-mapped IPv6 block"],
  [["2001:db8::/32"], [0], "IPv6"],
  [["10.0.0.5/8"], [1], "host bits set"],
  [["010.0.0.0/8"], [1], "leading zero in an octet"],
  [["10.0.0.0/08"], [1], "leading zero in the prefix length"],
  [[" 10.0.0.0/8"], [0], "surrounding space"],
  [["203.0.113.7"], [0], "an address without a prefix length"],
  [["office"], [0], "not a CIDR"],
  [["203.0.113.0/24", "203.0.113.0/24"], [3], "a repeated CIDR"],
];

/** A condition over var.admin_cidrs with the variable replaced by a literal list. */
const withValue = (condition: string, value: readonly string[]): string => condition.split(`var.${ADMIN_CIDRS_VARIABLE}`).join(JSON.stringify(value));

describe("admin_cidrs validations", () => {
  const synthesized = all.filter((c) => kindOf(c) === "admin_cidrs");
  const planned = adminCidrsVariable().validation;

  test("every infra stack carries the planned validations, in order", () => {
    const byStack = new Map<string, string[]>();
    for (const c of synthesized) byStack.set(c.stack, [...(byStack.get(c.stack) ?? []), unwrap(c.condition)]);
    expect(byStack.size).toBe(5);
    for (const conditions of byStack.values()) expect(conditions).toEqual(planned.map((v) => v.condition));
  });

  test("the expression text judges the CIDR with Terraform's CIDR functions, never its spelling", () => {
    const [ipv4, canonical, notAll, distinct] = planned.map((v) => v.condition);
    expect(ipv4).toBe(`alltrue([for c in var.${ADMIN_CIDRS_VARIABLE} : can(cidrnetmask(c)) && length(regexall(":", c)) == 0])`);
    expect(canonical).toContain("try(cidrsubnet(c, 0, 0) == c, false)");
    expect(notAll).toContain('try(cidrnetmask(c) != "0.0.0.0", false)');
    expect(distinct).toBe(`length(distinct(var.${ADMIN_CIDRS_VARIABLE})) == length(var.${ADMIN_CIDRS_VARIABLE})`);
    // The later rules stand aside for an entry rule 0 refuses, so it gets one message.
    for (const c of [canonical, notAll]) expect(c).toContain('!(can(cidrnetmask(c)) && length(regexall(":", c)) == 0)');
    for (const c of planned.map((v) => v.condition)) expect(c).not.toMatch(/endswith|startswith|substr|"\/0"/);
    expect(planned.map((v) => v.errorMessage)).toEqual([
      expect.stringMatching(/must be an IPv4 CIDR/),
      expect.stringMatching(/network address, without host bits or leading zeros/),
      expect.stringMatching(/must not hold a \/0/),
      expect.stringMatching(/must not repeat/),
    ]);
  });

  (hasTerraform ? test : test.skip)("terraform evaluates each validation as synthesized over the table (runs when a terraform binary is on PATH)", () => {
    const conditions = [...new Set(synthesized.map((c) => unwrap(c.condition)))];
    expect(conditions).toHaveLength(planned.length);
    const exprs = ADMIN_CIDRS_TABLE.flatMap(([value]) => conditions.map((c) => withValue(c, value)));
    const results = evalTerraform(exprs);
    const got = ADMIN_CIDRS_TABLE.map(([value, , why], i) => ({
      value, why, refusedBy: conditions.map((_, j) => results[i * conditions.length + j]).flatMap((r, j): (number | string)[] => (r === "false" ? [j] : r === "true" ? [] : [`${j}:${r}`])),
    }));
    expect(got).toEqual(ADMIN_CIDRS_TABLE.map(([value, refusedBy, why]) => ({ value, why, refusedBy })));
  }, 120_000);

  (hasTerraform ? test : test.skip)("planted fault: the old spelling check lets a /0 through", () => {
    const old = `alltrue([for c in var.${ADMIN_CIDRS_VARIABLE} : can(cidrnetmask(c))]) && alltrue([for c in var.${ADMIN_CIDRS_VARIABLE} : !endswith(c, "/0")])`;
    const [zeroZero, mapped, hostBits] = evalTerraform([withValue(old, ["0.0.0.0/00"]), withValue(old, ["::ffff:0.0.0.0/96"]), withValue(old, ["10.0.0.5/8"])]);
    expect({ zeroZero, mapped, hostBits }).toEqual({ zeroZero: "true", mapped: "true", hostBits: "true" });
  }, 120_000);
});

// --- placeholders -------------------------------------------------------------------------------

describe("placeholder preconditions", () => {
  const guards = all.filter((c) => kindOf(c) === "placeholder");

  /** The local a guard's condition reads, as synthesized in its stack. */
  const localOf = (c: Condition): { name: string; index: number; values: string[]; literal: string } => {
    const m = /^local\.(\w+)\[(\d+)\] != ("(?:[^"\\]|\\.)*")$/.exec(unwrap(c.condition));
    if (!m) throw new Error(`unexpected placeholder condition: ${c.condition}`);
    const json = JSON.parse(readFileSync(join(outdir, "stacks", c.stack, "cdk.tf.json"), "utf8"));
    return { name: m[1], index: Number(m[2]), values: json.locals[m[1]], literal: JSON.parse(m[3]) };
  };

  test("the text: each condition compares one entry of its stack's local with the placeholder it names", () => {
    expect(guards.length).toBeGreaterThan(10);
    for (const c of guards) {
      const { values, index, literal } = localOf(c);
      expect(values[index]).toBe(literal);
      expect(c.message).toContain(JSON.stringify(literal));
    }
  });

  (hasTerraform ? test : test.skip)("terraform: false as synthesized (plan refuses), true once the value is replaced", () => {
    const exprs = guards.flatMap((c) => {
      const { name, values, index } = localOf(c);
      const cond = unwrap(c.condition);
      const replaced = values.map((v, i) => (i === index ? "acme-real-value" : v));
      return [cond.replace(`local.${name}`, JSON.stringify(values)), cond.replace(`local.${name}`, JSON.stringify(replaced))];
    });
    const results = evalTerraform(exprs);
    expect(results).toEqual(guards.flatMap(() => ["false", "true"]));
  }, 120_000);
});

// --- GPU offerings ------------------------------------------------------------------------------

describe("GPU offerings postconditions", () => {
  const posts = all.filter((c) => kindOf(c) === "offerings");
  /** The zones the data source filters on (its `location` filter), as synthesized. */
  const zonesOf = (c: Condition): string[] => {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", c.stack, "cdk.tf.json"), "utf8"));
    const id = c.where.split(".")[2];
    const data = json.data.aws_ec2_instance_type_offerings[id];
    expect(data.location_type).toBe("availability-zone");
    return data.filter.find((f: { name: string }) => f.name === "location").values;
  };

  test("the text: every zone offered (zones planned), or any zone offered (zones left to the filter)", () => {
    expect(posts.length).toBe(3);
    for (const c of posts) {
      const zones = zonesOf(c);
      const cond = unwrap(c.condition);
      expect([`alltrue([for z in ${JSON.stringify(zones)} : contains(self.locations, z)])`, "length(self.locations) > 0"]).toContain(cond);
    }
  });

  (hasTerraform ? test : test.skip)("terraform: over what the data source can return (self.locations is the offered subset of the filtered zones)", () => {
    const cases = posts.flatMap((c) => {
      const zones = zonesOf(c);
      const every = unwrap(c.condition).startsWith("alltrue");
      const at = (locations: string[]) => unwrap(c.condition).split("self.locations").join(JSON.stringify(locations));
      return [
        { expr: at(zones), want: "true" },
        { expr: at([]), want: "false" },
        { expr: at(zones.slice(1)), want: every || zones.length === 1 ? "false" : "true" },
      ];
    });
    expect(evalTerraform(cases.map((x) => x.expr))).toEqual(cases.map((x) => x.want));
  }, 120_000);
});
