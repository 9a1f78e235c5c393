import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps, DeepSeekConfigError } from "../../lib";

/**
 * Hostile values in DeepSeekCluster props, as a consumer of the package root passes them: Terraform
 * template sequences in every free-text prop, very long strings, unicode look-alikes, prototype keys
 * in props and tag/label maps, getters that change between reads, Proxies, frozen objects, sparse
 * arrays and numbers such as -0, 1e-300, NaN, Infinity and 2^31 in nested props. Each is refused
 * with a DeepSeekConfigError, or synthesizes output with none of the planted values in it; an error
 * the consumer's own Proxy throws is passed through unchanged. The one escape found (a TTFT target
 * of 1e-300 s reached KEDA, which rounds thresholds to milli-units, as 0) is refused now; tag and
 * label keys named `__proto__`, `constructor` or `prototype`, which were dropped without a word, are
 * refused with their path.
 */

type Props = Record<string, any>;

const base = (): Props => ({
  model: "deepseek-r1-0528", jurisdiction: "eu",
  placements: [{ cloud: "aws", region: "eu-north-1", hardware: "8xH200", name: "eks" }],
  endpoint: { hostname: "api.example.eu" },
  traffic: { tiers: [{ name: "interactive", priority: 100, requestsPerMinutePerKey: 120 }, { name: "batch", priority: 10, requestsPerMinutePerKey: 30 }] },
  autoscaling: { replicas: { min: 1, max: 4 }, queuePerReplicaTarget: 64, targets: { outputTokensPerSecond: 5000, tokensPerSecondPerUser: 5, timeToFirstTokenSeconds: 5 } },
  tags: { team: "ml" },
});

const MARK = '${file("/etc/passwd")}';
/** Strings that must not appear in what synthesizes. */
const PLANTED = [MARK, "%{ for", "polluted", "\u0430pi", "NaN", "Infinity", "[object Object]", "2147483648", "e-300"];

const REFUSED: Record<string, [(p: Props) => Props, RegExp]> = {
  "${ in a tag value": [(p) => ({ ...p, tags: { team: MARK } }), /tags\.team/],
  "${ in a tag key": [(p) => ({ ...p, tags: { [MARK]: "x" } }), /tags\.\$\{file/],
  "%{ in a tag value": [(p) => ({ ...p, tags: { team: "%{ for x in [1] }a%{ endfor }" } }), /tags\.team/],
  "a 300 kB tag value": [(p) => ({ ...p, tags: { team: "a".repeat(300000) } }), /tags\.team/],
  "a number as tag value": [(p) => ({ ...p, tags: { team: 5 } }), /tags\.team/],
  "an object as tag value": [(p) => ({ ...p, tags: { team: { a: 1 } } }), /tags\.team/],
  "a symbol-keyed tag": [(p) => ({ ...p, tags: { [Symbol("x")]: "y", team: "ml" } }), /tags/],
  "tags as an array": [(p) => ({ ...p, tags: ["a"] }), /tags/],
  "${ in the hostname": [(p) => ({ ...p, endpoint: { hostname: `${MARK}.example.eu` } }), /endpoint\.hostname/],
  "a Cyrillic look-alike hostname": [(p) => ({ ...p, endpoint: { hostname: "\u0430pi.example.eu" } }), /endpoint\.hostname/],
  "a 200 kB hostname": [(p) => ({ ...p, endpoint: { hostname: `${"a".repeat(200000)}.eu` } }), /endpoint\.hostname/],
  "a hostname getter that turns into ${ after the first read": [(p) => { let n = 0; const endpoint = {}; Object.defineProperty(endpoint, "hostname", { get: () => (n++ < 1 ? "api.example.eu" : MARK), enumerable: true }); return { ...p, endpoint }; }, /endpoint\.hostname/],
  "${ in the cluster id": [(p) => ({ ...p, id: MARK }), /eu\.id/],
  "__proto__ as cluster id": [(p) => ({ ...p, id: "__proto__" }), /eu\.id/],
  "__proto__ as placement name": [(p) => ({ ...p, placements: [{ ...p.placements[0], name: "__proto__" }] }), /placements\.0\.name/],
  "${ in a placement name": [(p) => ({ ...p, placements: [{ ...p.placements[0], name: MARK }] }), /placements\.0\.name/],
  "${ in a tier name": [(p) => { p.traffic.tiers[0].name = MARK; return p; }, /tiers\.0\.name/],
  "__proto__ as tier name": [(p) => { p.traffic.tiers[0].name = "__proto__"; return p; }, /tiers\.0\.name/],
  "${ in the verification prompt": [(p) => ({ ...p, verification: { prompt: MARK } }), /verification\.prompt/],
  "NaN requests per minute": [(p) => { p.traffic.tiers[0].requestsPerMinutePerKey = NaN; return p; }, /requestsPerMinutePerKey/],
  "-0 requests per minute": [(p) => { p.traffic.tiers[0].requestsPerMinutePerKey = -0; return p; }, /requestsPerMinutePerKey/],
  "1e-300 requests per minute": [(p) => { p.traffic.tiers[0].requestsPerMinutePerKey = 1e-300; return p; }, /requestsPerMinutePerKey/],
  "1e300 requests per minute": [(p) => { p.traffic.tiers[0].requestsPerMinutePerKey = 1e300; return p; }, /requestsPerMinutePerKey/],
  "NaN queue target": [(p) => { p.autoscaling.queuePerReplicaTarget = NaN; return p; }, /queuePerReplicaTarget/],
  "2^31 replicas": [(p) => { p.autoscaling.replicas.max = 2 ** 31; return p; }, /replicas\.max/],
  "-0 minimum replicas without scale to zero": [(p) => { p.autoscaling.replicas.min = -0; return p; }, /replicas\.min/],
  "Infinity output tokens": [(p) => { p.autoscaling.targets.outputTokensPerSecond = Infinity; return p; }, /outputTokensPerSecond/],
  // escaped: KEDA rounds thresholds to milli-units, so 1e-300 s became a target of 0
  "a 1e-300 s time-to-first-token target": [(p) => { p.autoscaling.targets.timeToFirstTokenSeconds = 1e-300; return p; }, /timeToFirstTokenSeconds/],
  "a region with a zero-width space": [(p) => ({ ...p, placements: [{ ...p.placements[0], region: "eu-north-1\u200b" }] }), /placements\.0\.region/],
  "__proto__ as jurisdiction": [(p) => ({ ...p, jurisdiction: "__proto__" }), /jurisdiction/],
  "toString as jurisdiction": [(p) => ({ ...p, jurisdiction: "toString" }), /jurisdiction/],
  "constructor as model": [(p) => ({ ...p, model: "constructor" }), /model/],
  "hasOwnProperty as hardware": [(p) => ({ ...p, placements: [{ ...p.placements[0], hardware: "hasOwnProperty" }] }), /hardware/],
  "__proto__ as cloud": [(p) => ({ ...p, placements: [{ ...p.placements[0], cloud: "__proto__" }] }), /cloud/],
  "a placements Proxy claiming 1e9 entries": [(p) => ({ ...p, placements: new Proxy(p.placements, { get: (t, k) => (k === "length" ? 1e9 : t[k as keyof typeof t]) }) }), /placements/],
  "a sparse placements array": [(p) => ({ ...p, placements: [undefined, p.placements[0]] }), /placements\.0/],
  "a null endpoint": [(p) => ({ ...p, endpoint: null }), /endpoint/],
  "unknown keys named like prototype members": [(p) => ({ ...p, __proto__evil: 1 }), /__proto__evil/],
  "NaN in protection": [(p) => ({ ...p, protection: { deletion: NaN } }), /protection/],
  // zod skips a `__proto__` record key and object literals drop it: the tag would vanish without a word.
  "a __proto__ key in tags (parsed from JSON)": [(p) => ({ ...p, tags: JSON.parse('{"__proto__": {"polluted": "yes"}, "team": "ml"}') }), /^eu\.tags\.__proto__$/],
  "a __proto__ tag with a string value (parsed from JSON)": [(p) => ({ ...p, tags: JSON.parse('{"team": "ml", "__proto__": "x"}') }), /^eu\.tags\.__proto__$/],
  "a constructor tag": [(p) => ({ ...p, tags: { constructor: "x" } }), /^eu\.tags\.constructor$/],
  "a prototype tag": [(p) => ({ ...p, tags: { team: "ml", prototype: "x" } }), /^eu\.tags\.prototype$/],
  "a __proto__ key in labels": [(p) => ({ ...p, labels: JSON.parse('{"__proto__": "x"}') }), /^eu\.labels\.__proto__$/],
  "a constructor label": [(p) => ({ ...p, labels: { constructor: "x" } }), /^eu\.labels\.constructor$/],
};

const SYNTHESIZES: Record<string, (p: Props) => Props> = {
  "frozen props": (p) => Object.freeze(p),
  "constructor as placement name": (p) => ({ ...p, placements: [{ ...p.placements[0], name: "constructor" }] }),
  "-0 tier priority": (p) => { p.traffic.tiers[0].priority = -0; return p; },
};

function build(props: Props): { outdir: string; error?: unknown } {
  const outdir = mkdtempSync(join(tmpdir(), "hostile-"));
  try {
    const app = new DeepSeekApp({ outdir });
    new DeepSeekCluster(app, "eu", props as DeepSeekClusterProps);
    app.synth();
    return { outdir };
  } catch (error) {
    return { outdir, error };
  }
}

describe("hostile values in DeepSeekCluster props", () => {
  test.each(Object.entries(REFUSED))("refused: %s", (_n, [mutate, path]) => {
    const { outdir, error } = build(mutate(base()));
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    expect((error as DeepSeekConfigError).path).toMatch(path);
    expect((error as Error).message.length).toBeLessThan(2000);
    expect((error as DeepSeekConfigError).fix).not.toBe("");
    expect(existsSync(join(outdir, "stacks")) ? readdirSync(join(outdir, "stacks")) : []).toEqual([]);
  });

  test.each(Object.entries(SYNTHESIZES))("synthesizes cleanly: %s", (_n, mutate) => {
    const { outdir, error } = build(mutate(base()));
    expect(error).toBeUndefined();
    for (const stack of readdirSync(join(outdir, "stacks"))) {
      const text = readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
      expect(PLANTED.filter((p) => text.includes(p))).toEqual([]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("an error thrown by the consumer's own Proxy is passed through unchanged", () => {
    const boom = new Error("boom");
    const { error } = build(new Proxy(base(), { get: (t, k) => { if (k === "endpoint") throw boom; return t[k as string]; } }));
    expect(error).toBe(boom);
  });
});
