import fc from "fast-check";
import { NODE_TYPES, NODE_TYPE_NAMES } from "../../lib/catalog";
import { DeepSeekConfigError } from "../../lib/errors";
import { planDeployment } from "../../lib/plan/index";
import { INJECTED } from "./gen";

/**
 * DeepSeekCluster / planCluster inputs as a consumer writes them: a valid config (placements that
 * plan for the model and jurisdiction, distinct names, optional traffic, autoscaling, checks,
 * protection, tags), then at most one mutation, one field at a time: a boundary value, a hostile
 * string, a duplicate, a value of another type, or a required field removed. About 4 cases in 10
 * stay clean, so a good share plans and synthesizes (and is scanned); every mutation kind is
 * still drawn hundreds of times over 10,000 cases.
 */

export const CLUSTER_MODELS = ["deepseek-r1-0528", "deepseek-v3-0324", "deepseek-r1-distill-llama-70b"] as const;
export const CLUSTER_JURISDICTIONS = [undefined, "us", "eu"] as const;

/** Placements that plan alone for a model and jurisdiction: every cloud × region × hardware the catalog offers. */
export const placementPool = new Map<string, { cloud: string; region: string; hardware: string }[]>();
for (const model of CLUSTER_MODELS) {
  for (const jurisdiction of CLUSTER_JURISDICTIONS) {
    const found: { cloud: string; region: string; hardware: string }[] = [];
    for (const nodeType of NODE_TYPE_NAMES.map((n) => NODE_TYPES[n])) {
      for (const region of Object.keys(nodeType.regions)) {
        for (const hardware of [`8x${nodeType.gpu}`, `2x8x${nodeType.gpu}`]) {
          if (found.some((f) => f.cloud === nodeType.cloud && f.region === region && f.hardware === hardware)) continue;
          try {
            planDeployment({ model, jurisdiction, cloud: nodeType.cloud, region, hardware } as never);
            found.push({ cloud: nodeType.cloud, region, hardware });
          } catch (e) {
            if (!(e instanceof DeepSeekConfigError)) throw e;
          }
        }
      }
    }
    placementPool.set(`${model}|${jurisdiction}`, found);
  }
}

const PLACEMENT_NAMES = ["east", "west", "eu-1", "b200-us", "primary", "p2"];
/** Every divergence allowed: placements on different hardware may differ in precision and sampling. */
const ALL_DIVERGENCES = ["precision", "kvCacheDtype", "sampling", "image"];

/** A valid cluster: 1-3 placements of the pool (distinct cloud/region), each optionally named, with the cluster's optional settings. */
export const validClusterArb = fc.record({
  model: fc.constantFrom(...CLUSTER_MODELS), jurisdiction: fc.constantFrom(...CLUSTER_JURISDICTIONS), n: fc.integer({ min: 1, max: 3 }),
})
  .chain(({ model, jurisdiction, n }) => {
    const pool = placementPool.get(`${model}|${jurisdiction}`)!;
    const placement = fc.record({ base: fc.constantFrom(...pool), mode: fc.constantFrom(undefined, "latency", "throughput"), named: fc.boolean() });
    return fc.record({
      placements: fc.uniqueArray(placement, { minLength: Math.min(n, pool.length), maxLength: Math.min(n, pool.length), selector: (p) => `${p.base.cloud}/${p.base.region}` }),
      names: fc.shuffledSubarray(PLACEMENT_NAMES, { minLength: 3, maxLength: 3 }),
      routing: fc.constantFrom(undefined, "latency", "failover"),
      route53: fc.boolean(),
      traffic: fc.option(fc.record({
        requestTimeoutSeconds: fc.integer({ min: 60, max: 3550 }), retryBudgetPercent: fc.integer({ min: 1, max: 50 }),
      }, { requiredKeys: [] }), { nil: undefined }),
      autoscaling: fc.option(fc.record({ replicas: fc.integer({ min: 1, max: 3 }).map((max) => ({ min: 1, max })) }), { nil: undefined }),
      verification: fc.option(fc.record({ servingCheck: fc.boolean(), ttlSecondsAfterFinished: fc.integer({ min: 0, max: 604_800 }) }, { requiredKeys: [] }), { nil: undefined }),
      protection: fc.option(fc.constantFrom({ mode: "protected" }, { mode: "disposable" }, { mode: "protected", generation: 2 }), { nil: undefined }),
      tags: fc.option(fc.dictionary(fc.constantFrom("team", "cost-center"), fc.constantFrom("ml", "platform"), { maxKeys: 2 }), { nil: undefined }),
      labels: fc.option(fc.dictionary(fc.constantFrom("team", "env"), fc.constantFrom("ml", "prod"), { maxKeys: 2 }), { nil: undefined }),
    }).map((c) => strip({
      model, jurisdiction,
      endpoint: strip({ hostname: "api.example.com", route53ZoneId: c.route53 ? "Z0123456789ABCDEFGHIJ" : undefined }),
      // Failover routes between exactly two placements.
      routing: c.routing === "failover" && c.placements.length !== 2 ? undefined : c.routing, traffic: c.traffic, autoscaling: c.autoscaling, verification: c.verification, protection: c.protection, tags: c.tags, labels: c.labels,
      allowDivergence: ALL_DIVERGENCES,
      placements: c.placements.map((p, i) => strip({ ...p.base, mode: p.mode, name: p.named ? c.names[i] : undefined, ...(p.base.cloud === "gcp" ? { gcp: { project: `proj-${i}-fuzz` } } : {}) })),
    }));
  });

/** Drops undefined-valued keys (a strict schema refuses a present key with an undefined value). */
function strip<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Boundary numbers: each bound of the fields' ranges ±1, int32's edge, fractions, and non-finite numbers. */
const BOUNDARY_NUMBERS = [
  0, -1, 1, 0.5, 59, 60, 449, 450, 451, 1000, 1001, 3550, 3551, 86_400, 86_401, 131_072, 163_841, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1e30, -1e30,
  Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
];
/** Strings a hostile or careless consumer writes: Terraform templates, huge, empty, control characters, paths, markup, look-alikes. */
const HOSTILE_STRINGS = [
  ...INJECTED, "", " ", "a".repeat(300), "x".repeat(200_000), "\u0000", "line\nbreak", "../../etc/passwd", "$(rm -rf /)", "`id`", "'; DROP TABLE x; --", "<script>",
  "[object Object]", "undefined", "NaN", "Infinity", "UPPER", "ends-", "a--b", "-lead", "日本", "\u202e", "api.example.com.", "*.example.com",
];
const OTHER_TYPES: readonly unknown[] = [null, [], {}, true, 0, "x", [1, 2], { a: 1 }];

/** Paths of every leaf (and every object or array) of a config, for one-field mutations. */
export function pathsOf(value: unknown, path: (string | number)[] = []): { path: (string | number)[]; kind: "number" | "string" | "other" }[] {
  const here = path.length ? [{ path, kind: typeof value === "number" ? "number" as const : typeof value === "string" ? "string" as const : "other" as const }] : [];
  if (value === null || typeof value !== "object") return here;
  const children = Array.isArray(value) ? value.map((v, i) => pathsOf(v, [...path, i])) : Object.entries(value).map(([k, v]) => pathsOf(v, [...path, k]));
  return [...here, ...children.flat()];
}

function setAt(root: unknown, path: readonly (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else delete at[last];
  } else {
    at[last] = value;
  }
  return copy;
}

/** Optional fields a valid config may lack, added with a value (valid or not) by a mutation. */
const ADDED_FIELDS: readonly (readonly [readonly (string | number)[], readonly unknown[]])[] = [
  [["contextLength"], [8192, 131_072, 163_841, 0, 1e30]],
  [["placements", 0, "replicas"], [{ min: 1, max: 450 }, { min: 1, max: 451 }, { min: 0, max: 2 }, { min: 3, max: 2 }, { min: 1, max: 1e30 }]],
  [["placements", 0, "zones"], [["us-east-2a", "us-east-2a"], [], ["nowhere-1a"]]],
  [["placements", 0, "checkpointRevision"], ["a".repeat(40), "main", "${fuzz.injected}", ""]],
  [["placements", 0, "image"], [{ tag: "1.3.0rc14" }, { tag: "-bad" }, { digest: "sha256:" + "a".repeat(64) }]],
  [["placements", 0, "aws"], [{ clusterName: "shared" }, { gpuRootVolumeGiB: 16_384 }, { systemNodes: 11 }, { vpcCidr: "10.0.0.0/8" }]],
  [["placements", 0, "overrides"], [{ maxBatchSize: 4096 }, { mtpLayers: 6 }, { kvCacheDtype: "bf16" }, { precision: "fp8" }]],
  [["traffic", "tiers"], [[{ name: "gold", priority: 1, requestsPerMinutePerKey: 10 }, { name: "gold", priority: 2, requestsPerMinutePerKey: 10 }], [{ name: "a", priority: 1, requestsPerMinutePerKey: 2 ** 31 }]]],
  [["autoscaling", "queuePerReplicaTarget"], [1, 64, 1e9]],
  [["adminCidrs"], ["variable", "other"]],
];

export type ClusterMutation =
  | { readonly kind: "clean" }
  | { readonly kind: "boundary" | "hostile" | "type"; readonly pick: number; readonly value: unknown }
  | { readonly kind: "remove"; readonly pick: number }
  | { readonly kind: "add"; readonly field: number; readonly value: number }
  | { readonly kind: "duplicate"; readonly how: "placement" | "renamed-placement" | "name" | "tier" };

export const mutationArb: fc.Arbitrary<ClusterMutation> = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: "clean" as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("boundary" as const), pick: fc.nat(), value: fc.constantFrom(...BOUNDARY_NUMBERS) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("hostile" as const), pick: fc.nat(), value: fc.constantFrom(...HOSTILE_STRINGS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("type" as const), pick: fc.nat(), value: fc.constantFrom(...OTHER_TYPES) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove" as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("add" as const), field: fc.nat(), value: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), how: fc.constantFrom("placement" as const, "renamed-placement" as const, "name" as const, "tier" as const) }) },
);

/** Applies one mutation to a valid config (numbers get boundary values, strings hostile ones, any field another type). */
export function mutate(config: Record<string, unknown>, m: ClusterMutation): unknown {
  const paths = pathsOf(config);
  const of = (kind: "number" | "string" | "any", pick: number) => {
    const pool = kind === "any" ? paths : paths.filter((p) => p.kind === kind);
    return pool.length ? pool[pick % pool.length].path : undefined;
  };
  switch (m.kind) {
    case "clean": return config;
    case "boundary": { const p = of("number", m.pick); return p ? setAt(config, p, m.value) : setAt(config, ["contextLength"], m.value); }
    case "hostile": { const p = of("string", m.pick); return p ? setAt(config, p, m.value) : config; }
    case "type": { const p = of("any", m.pick); return p ? setAt(config, p, m.value) : config; }
    case "remove": { const p = of("any", m.pick); return p ? setAt(config, p, undefined, true) : config; }
    case "add": {
      const [path, values] = ADDED_FIELDS[m.field % ADDED_FIELDS.length];
      const parent = path.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string | number, unknown> | undefined)?.[k], config);
      const withParent = parent === undefined && path.length > 1 ? setAt(config, path.slice(0, -1), {}) : config;
      return setAt(withParent, path, values[m.value % values.length]);
    }
    case "duplicate": {
      const placements = config.placements as Record<string, unknown>[];
      if (m.how === "placement") return { ...config, placements: [...placements, placements[0]] };
      if (m.how === "renamed-placement") return { ...config, placements: [...placements, { ...placements[0], name: "copy" }] };
      if (m.how === "name") return { ...config, placements: placements.map((p) => ({ ...p, name: "same" })) };
      const tier = { name: "gold", priority: 5, requestsPerMinutePerKey: 10 };
      return { ...config, traffic: { ...((config.traffic as object) ?? {}), tiers: [tier, { ...tier }] } };
    }
  }
}

/** A realistic case: a valid config with at most one mutation. */
export const clusterCaseArb = fc.tuple(validClusterArb, mutationArb).map(([config, m]) => mutate(config as Record<string, unknown>, m));
