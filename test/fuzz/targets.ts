import fc from "fast-check";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ClusterAutoscaler, ClusterAutoscalerIdentity, KedaOperator, ReplicaAutoscaler, planAutoscaling } from "../../lib/autoscaling";
import { DeepSeekCluster } from "../../lib/app/deepseek-cluster";
import { EksControlPlane, EksGpuNodePool, EksInfra, EksNetwork, EksWorkloadIdentity, ModelBucket, planEksInfra } from "../../lib/clouds/aws/index";
import { INT32_MAX } from "../../lib/catalog";
import { DeepSeekConfigError } from "../../lib/errors";
import {
  GkeControlPlane, GkeGpuNodePool, GkeInfra, GkeModelBucket, GkeNetwork, GkeServingIdentities, planGkeInfraNames, planGkeNetworks, planGkeNodePool,
} from "../../lib/clouds/gcp/index";
import { withTokenStackDepth } from "../../lib/internal/token-stacks";
import { Construct, TerraformStack, Testing, invokeAspects } from "../../lib/internal/tf";
import { GpuNodePool } from "../../lib/clouds/gpu-node-pool";
import { DeploymentPlan, planCluster, planDeployment } from "../../lib/plan/index";
import { requirePlan } from "../../lib/plan/plan-shape";
import { gpuZonesOf } from "../../lib/clouds/aws/plan-aws-gpu-nodes";
import { DeepSeekApp } from "../../lib/app/deepseek-app";
import { ClusterOperators, ClusterProviders, DeepSeekServing, ModelStaging, MultiNodeInference, SingleNodeInference } from "../../lib/serving";
import { InferenceGateway, planTraffic } from "../../lib/traffic";
import { DeploymentChecks, planVerification } from "../../lib/verification";
import { anyInputArb, coherentInputArb, deploymentInputArb } from "../support/arbitraries";
import { awsTarget, gcpTarget } from "../support/fixtures-quality";
import { INJECTED, allowCidr, arrayIn, defined, dnsName, intIn, near, numIn, pick, vpcCidr } from "./gen";
import { clusterCaseArb, validClusterArb } from "./cluster-inputs";
import { OutputProblem, explainedBy, scanOutput } from "./scan";


/**
 * One public input schema under fuzz: `run` plans or constructs (inside a fresh stack) and either
 * returns or throws. Anything thrown that is not a DeepSeekConfigError is an escape.
 */
export interface FuzzTarget {
  readonly name: string;
  readonly arbitrary: fc.Arbitrary<any>;
  readonly run: (input: any) => void;
  /** Share of the total case budget (weights are relative). */
  readonly weight: number;
}

export interface TargetResult {
  readonly name: string;
  readonly cases: number;
  readonly ok: number;
  readonly refused: number;
  readonly escapes: readonly { readonly input: unknown; readonly error: string }[];
  /** Builds that returned with output no input may produce (see scan.ts). */
  readonly wrong: readonly { readonly input: unknown; readonly error: string }[];
  /** The most frequent refusal paths, with counts. */
  readonly topRefusals: readonly (readonly [string, number])[];
}

/** Mostly valid values with a share of garbage of every type (about 1 draw in 8). */
const noisy = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 21, arbitrary: valid as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 100000 }), fc.double(), fc.constantFrom(null, true, [], {})) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );

/** Pure garbage of every type (for the one field a faulty record breaks). */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...INJECTED),
  fc.oneof(fc.integer({ min: -5, max: 100000 }), fc.double(), fc.constantFrom(null, true, [], {})),
  fc.anything({ maxDepth: 2 }),
);

type Fault = { readonly kind: "clean" } | { readonly kind: "garbage"; readonly key: string; readonly value: unknown } | { readonly kind: "extra"; readonly key: string };
/** One fault at a time: about 3 in 5 records are left as they are, the others get garbage in one field, or an unknown key. */
const faultArb = (keys: readonly string[]): fc.Arbitrary<Fault> => fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: "clean" as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("garbage" as const), key: fc.constantFrom(...keys), value: garbage }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("extra" as const), key: fc.constantFrom("extra", "nodes", "plan2") }) },
);
const applyFault = (record: Record<string, unknown>, fault: Fault): Record<string, unknown> => {
  if (fault.kind === "garbage") return { ...record, [fault.key]: fault.value };
  if (fault.kind === "extra") return { ...record, [fault.key]: 1 };
  return record;
};
/** Keys generated together (exclusive or dependent options), merged into a props record. */
interface Group { readonly arbitrary: fc.Arbitrary<Record<string, unknown>>; readonly keys: readonly string[] }
/** A record whose optional keys may be absent, built from the mostly-valid choices, merged with `group`; never faulty. */
const cleanProps = (shape: Record<string, fc.Arbitrary<unknown>>, requiredKeys: string[] = [], group?: Group): fc.Arbitrary<Record<string, unknown>> =>
  group ? fc.tuple(fc.record(shape, { requiredKeys }), group.arbitrary).map(([r, g]) => ({ ...r, ...g })) : fc.record(shape, { requiredKeys });
const propsKeys = (shape: Record<string, unknown>, group?: Group) => [...Object.keys(shape), ...(group?.keys ?? [])];

/**
 * Props: a record whose optional keys may be absent, built from the mostly-valid choices; then,
 * one fault at a time: about 3 in 5 records are left as they are (so resource-building paths are
 * exercised), the others get garbage in one field, or an unknown key.
 */
const props = (shape: Record<string, fc.Arbitrary<unknown>>, requiredKeys: string[] = [], group?: Group) =>
  fc.tuple(cleanProps(shape, requiredKeys, group), faultArb(propsKeys(shape, group))).map(([record, fault]) => applyFault(record, fault));

/**
 * Several constructs' props built in one case: the same one-fault-at-a-time odds as `props`, for
 * the whole case (the fault lands in one of the records), so a case is clean about 3 times in 5
 * however many constructs it builds.
 */
const propsSet = <K extends string>(parts: Record<K, { readonly arbitrary: fc.Arbitrary<Record<string, unknown>>; readonly keys: readonly string[] }>) => {
  const names = Object.keys(parts) as K[];
  const records = fc.record(Object.fromEntries(names.map((n) => [n, parts[n].arbitrary])) as Record<K, fc.Arbitrary<Record<string, unknown>>>);
  const faults = fc.record(Object.fromEntries(names.map((n) => [n, faultArb(parts[n].keys)])) as Record<K, fc.Arbitrary<Fault>>);
  return fc.tuple(records, faults, fc.constantFrom(...names)).map(([r, f, at]) => {
    const recs = r as Record<K, Record<string, unknown>>;
    return { ...recs, [at]: applyFault(recs[at], (f as Record<K, Fault>)[at]) } as Record<K, any>;
  });
};
const part = (shape: Record<string, fc.Arbitrary<unknown>>, requiredKeys: string[] = [], group?: Group) => ({ arbitrary: cleanProps(shape, requiredKeys, group),
  keys: propsKeys(shape, group) });

const outdir = mkdtempSync(join(tmpdir(), "deepseek-fuzz-"));
writeFileSync(join(outdir, "a-file"), "");
/** DeepSeekApp outdirs: new nested directories, existing ones, under a file, unmakeable (/proc), empty, NUL, too long. */
const APP_OUTDIRS = [
  join(outdir, "app", "cdktf.out"), join(outdir, "app", "x", "y", "z"), outdir, join(outdir, "a-file"), join(outdir, "a-file", "out"),
  "/proc/deepseek-fuzz/out", "", "a\u0000b", join(outdir, "n".repeat(300)),
];

/** A build that returned, but whose synthesized output holds something no input may produce (see scan.ts). */
export class WrongOutput extends Error {
  constructor(public readonly problems: readonly OutputProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.problem} (${p.value})`).join("; "));
    this.name = "WrongOutput";
  }
}

/**
 * A fresh app and stack per case; what the case built is then synthesized (every stack of the
 * app: aspects run, tokens resolved, as cdktf writes it) and scanned (scan.ts). cdktf's token
 * creation stacks are not recorded (as in a DeepSeekApp, whose stack traces are off): formatting
 * them is ~95% of a construct's build time and they only feed cdktf's messages about unresolved tokens.
 */
export function inStack(build: (scope: Construct) => void, input?: unknown): void {
  const explained = explainedBy(input);
  withTokenStackDepth(0, () => {
    const app = Testing.app({ outdir });
    build(new TerraformStack(app, "fuzz"));
    const problems: OutputProblem[] = [];
    for (const stack of app.node.findAll().filter(TerraformStack.isStack)) {
      invokeAspects(stack);
      scanOutput(stack.toTerraform(), stack.node.id, problems, false, explained);
    }
    if (problems.length) throw new WrongOutput(problems);
  });
}

/** Plans and other pure results: no NaN or infinite number anywhere inside (an absent optional field is fine). */
function checked<T>(value: T): T {
  const problems: OutputProblem[] = [];
  const visit = (v: unknown, path: string): void => {
    if (typeof v === "number" && !Number.isFinite(v)) problems.push({ path, problem: "a non-finite number", value: String(v) });
    else if (typeof v === "object" && v !== null) for (const [k, c] of Object.entries(v)) visit(c, `${path}.${k}`);
  };
  visit(value, "result");
  if (problems.length) throw new WrongOutput(problems);
  return value;
}

// Pools of valid plans per cloud, planned once (planning is pure and deterministic).
function planPool(cloud: "aws" | "gcp", size: number): DeploymentPlan[] {
  const plans: DeploymentPlan[] = [];
  for (const input of fc.sample(coherentInputArb.filter((i) => i.cloud === cloud), { numRuns: size * 3, seed: 42 })) {
    try { plans.push(planDeployment(input as any)); } catch (e) { if (!(e instanceof DeepSeekConfigError)) throw e; }
    if (plans.length >= size) break;
  }
  return plans;
}
const awsPlans = planPool("aws", 24);
const gcpPlans = planPool("gcp", 24);
const awsPlanArb = fc.constantFrom(...awsPlans);
const gcpPlanArb = fc.constantFrom(...gcpPlans);
/** Pure planners take a DeploymentPlan typed argument: they get valid plans; their options are fuzzed. */
const validPlanArb = fc.constantFrom(...awsPlans, ...gcpPlans);
const mostly = (plans: fc.Arbitrary<DeploymentPlan>) => fc.oneof({ weight: 8, arbitrary: plans as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: anyPlanArb });
const anyPlanArb: fc.Arbitrary<unknown> = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...awsPlans, ...gcpPlans) }, { weight: 1, arbitrary: fc.constantFrom({}, { cloud: "aws" }, { id: "x", cloud: "gcp" }) });
const isPlan = (p: unknown): p is DeploymentPlan => typeof p === "object" && p !== null && typeof (p as DeploymentPlan).region === "string" && Array.isArray((p as DeploymentPlan).zones) && typeof (p as DeploymentPlan).capacity === "object";
/** A plan drawn from `plans` (mostly a valid one), then a record generated for it. */
const forPlan = <T>(plans: fc.Arbitrary<unknown>, build: (plan: unknown) => fc.Arbitrary<T>): fc.Arbitrary<T> => plans.chain(build);

/** One of the values, mostly the first (the valid one): about 1 in 12 draws is another. */
const cf = <T>(...values: T[]): fc.Arbitrary<T> => fc.oneof({ weight: 11, arbitrary: fc.constant(values[0]) }, { weight: 1, arbitrary: fc.constantFrom(...values) });
/** Names valid for EKS clusters and GKE clusters/node pools (1-20 lowercase, letter first, no trailing hyphen); 1 in 20 is not. */
const name = near(fc.oneof(fc.constantFrom("deepseek", "my-cluster", "ds-prod-1"), dnsName(20)), fc.constantFrom("Bad_Name", "", "a".repeat(70), "ends-", "1abc"));
const awsZone = pick(["us-east-1a", "us-east-1b", "us-east-2a", "us-east-2b", "us-east-2c", "us-west-2d", "eu-north-1a"], ["bad-zone", ""]);
const subnets = fc.array(fc.record({ subnetId: pick(["subnet-a", "subnet-b"], [""]), zone: awsZone }), { minLength: 0, maxLength: 4 });

/** Zones `<region>a` to `<region>g` (a /16 holds six node subnets: the seventh is one too many). */
const regionZones = (region: string) => ["a", "b", "c", "d", "e", "f", "g"].map((l) => `${region}${l}`);
/**
 * Zones for an EKS network of `plan`: its GPU zones plus others of its region, two to six in all
 * (its rules: in the region, the GPU zones covered, at least two, at most six); about 1 in 20
 * breaks one rule (a GPU zone missing, one zone only, another region's zone, seven zones, a zone twice).
 */
const eksZones = (plan: unknown): fc.Arbitrary<unknown> => {
  const region = isPlan(plan) ? plan.region : "us-east-1";
  const gpu = isPlan(plan) && plan.cloud === "aws" ? gpuZonesOf(plan) : [`${region}a`];
  const all = regionZones(region);
  const others = all.slice(0, 6).filter((z) => !gpu.includes(z));
  const valid = fc.subarray(others, { minLength: Math.max(0, 2 - gpu.length), maxLength: Math.max(0, 6 - gpu.length) })
    .chain((extra) => fc.shuffledSubarray([...gpu, ...extra], { minLength: gpu.length + extra.length, maxLength: gpu.length + extra.length }));
  return near(valid, fc.constantFrom(others.slice(0, 2), gpu.slice(0, 1), [...gpu, "eu-north-1a"], [...gpu, `${region}`], all, [...gpu, ...others.slice(0, 1), gpu[0]]));
};
/** Private subnets in `zones` (ids from the zone), about 1 in 20 with an empty id. */
const subnetsIn = (zones: unknown) => (Array.isArray(zones)
  ? fc.tuple(...zones.map((z) => pick([`subnet-${String(z).slice(-2)}`, `subnet-0${String(z).length}`], [""], 39))).map((ids) => zones.map((zone, i) => ({ subnetId: ids[i], zone })))
  : fc.constant(zones));
/** The placement group name: only multi-node plans take one; about 1 in 20 is wrong for the plan. */
const placementGroupName = (plan: unknown) => (isPlan(plan) && plan.capacity.placementGroup
  ? pick(["pg", "my-odcr-pg"], [""])
  : near(fc.constant(undefined), fc.constantFrom("pg", "")));
/** EKS network options: new (zones, CIDR, NAT), existing (VPC and subnets), rarely both (refused). */
const eksNetwork = (plan: unknown): Group => {
  const existing = fc.record({ vpcId: pick(["vpc-1"], [""]), privateSubnets: eksZones(plan).chain(subnetsIn) });
  return {
    keys: ["vpcCidr", "networkZones", "singleNatGateway", "existingNetwork"],
    arbitrary: fc.oneof(
      { weight: 16, arbitrary: fc.record({ vpcCidr, networkZones: eksZones(plan), singleNatGateway: fc.boolean() }, { requiredKeys: [] }) },
      { weight: 6, arbitrary: fc.record({ existingNetwork: existing }) },
      { weight: 1, arbitrary: fc.record({ existingNetwork: existing, vpcCidr, singleNatGateway: fc.boolean() }, { requiredKeys: ["existingNetwork"] }) },
    ),
  };
};
/** EksGpuNodePool's subnets (mostly, some in the GPU zones) or subnetIds; rarely both, neither, or none in a GPU zone. */
const eksPoolSubnets = (plan: unknown): Group => {
  const ids = fc.array(pick(["subnet-a", "subnet-b"], [""]), { minLength: 1, maxLength: 3 });
  const region = isPlan(plan) ? plan.region : "us-east-1";
  const gpu = isPlan(plan) && plan.cloud === "aws" ? gpuZonesOf(plan) : [`${region}a`];
  const withGpuZone = fc.tuple(fc.constantFrom(...gpu), fc.subarray(regionZones(region).slice(0, 4))).chain(([z, extra]) => subnetsIn([z, ...extra.filter((e) => e !== z)]));
  return {
    keys: ["subnets", "subnetIds"],
    arbitrary: fc.oneof(
      { weight: 12, arbitrary: fc.record({ subnets: withGpuZone }) },
      { weight: 6, arbitrary: fc.record({ subnetIds: ids }) },
      { weight: 1, arbitrary: fc.oneof(fc.record({ subnets: withGpuZone, subnetIds: ids }), fc.constant({}), fc.record({ subnets }), fc.constant({ subnetIds: [] })) },
    ),
  };
};

const cidr = allowCidr;
const target = (cloud: "aws" | "gcp") => fc.record({
  nodeModelCachePath: cf(undefined, "/mnt/nvme/models", "relative/path", "/mnt/${fuzz.path}"),
  clusterName: cf(undefined, "", "other"),
  project: cf(undefined, "my-proj"),
  gpuNetworkNames: cf(undefined, [], ["vpc1"]),
}, { requiredKeys: [] }).map((over) => ({ ...(cloud === "aws" ? awsTarget : gcpTarget), ...Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)) }));
const targetArb = fc.oneof(target("aws"), target("gcp"));

/** 2-8 tiers with distinct names and priorities (0-1000) and 1-1,000,000 requests per minute; rarely one, nine or a repeat. */
const tierName = pick(["interactive", "batch", "gold", "silver", "bronze", "free", "internal", "bulk", "x9"], ["Gold", "", "1st"], 59);
const tiersArb = fc.integer({ min: 2, max: 8 }).chain((n) => fc.tuple(
  fc.uniqueArray(tierName, { minLength: n, maxLength: n, comparator: "SameValueZero" }),
  fc.uniqueArray(intIn(0, 1000, 59), { minLength: n, maxLength: n, comparator: "SameValueZero" }),
  fc.array(intIn(1, 1_000_000, 59), { minLength: n, maxLength: n }),
).map(([names, priorities, rates]) => names.map((t, i) => ({ name: t, priority: priorities[i], requestsPerMinutePerKey: rates[i] }))));
const tiers = near(tiersArb, fc.oneof(
  tiersArb.map((ts) => ts.slice(0, 1)),
  tiersArb.map((ts) => [...ts, ts[0]]),
  tiersArb.map((ts) => [...ts, { ...ts[0], name: "extra-tier" }]),
  fc.constant(Array.from({ length: 9 }, (_, i) => ({ name: `t${i}`, priority: i, requestsPerMinutePerKey: 10 }))),
));
const trafficArb = props({
  hostname: pick(["api.example.com", "eu-1.api.example.com"], ["Not A Host", "x", "API.example.com"]),
  tls: pick([{ kind: "cert-manager" }, { kind: "cert-manager", issuerEmail: "ops@example.com" }], [{ kind: "managed", certificateMap: "m" }, { kind: "self" }, { kind: "cert-manager", issuerEmail: "ops" }]),
  public: fc.boolean(),
  allowedSourceCidrs: arrayIn(cidr, 1, 4),
  retryBudgetPercent: intIn(1, 50),
  requestTimeoutSeconds: intIn(60, 86_400),
  decodeTokensPerSecond: numIn(1, 10_000),
  secretStore: fc.record({ kind: pick(["ClusterSecretStore", "SecretStore"], ["Vault"]), name: pick(["s", "cloud-secret-store"], [""]) }),
  healthCheckHostname: pick(["eu-1.api.example.com"], ["Not A Host"]),
  apiKeysSecretPrefix: pick(["cdktf-deepseek/keys", "keys@prod"], ["bad prefix!", ...INJECTED]),
}, ["hostname"], {
  // Tiers and the default tier together: the default is one of the tiers (or of the two default tiers).
  keys: ["tiers", "defaultTier"],
  arbitrary: fc.oneof(
    { weight: 2, arbitrary: fc.record({ defaultTier: pick(["interactive", "batch"], ["none"]) }, { requiredKeys: [] }) },
    { weight: 3, arbitrary: tiers.chain((ts) => fc.record({ tiers: fc.constant(ts), defaultTier: Array.isArray(ts) && ts.length > 0 ? pick(ts.map((t) => t.name), ["none"]) : fc.constant("none") }, { requiredKeys: ["tiers"] })) },
  ),
});
/** Managed TLS only on AWS, with an ACM ARN (a GCP plan refuses it). */
const awsManagedTls = { kind: "managed", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-1" };

const verificationArb = props({
  fabricCheck: fc.boolean(), servingCheck: fc.boolean(),
  loadProbe: fc.record({ enabled: fc.boolean(), concurrency: intIn(1, 4096), requests: intIn(1, 100_000), inputTokens: intIn(1, 131_072), outputTokens: intIn(1, 32_768),
    expectedOutputTokensPerSecond: numIn(0, 1e6, { minExclusive: true }) }, { requiredKeys: [] }),
  busBandwidthFraction: numIn(0, 1, { minExclusive: true }),
  allReduceMessageMiB: intIn(1, 16_384),
  timeouts: fc.record({ fabricSeconds: intIn(60, 21_600), servingSeconds: intIn(60, 21_600), loadProbeSeconds: intIn(60, 21_600) }, { requiredKeys: [] }),
  ttlSecondsAfterFinished: intIn(0, 604_800),
});
/** Autoscaling input for a plan's cloud: replicas min ≤ max, min 0 only with scaleToZero and an activation query; rarely not. */
const autoscalingFor = (cloud: unknown) => props({
  targets: fc.record({ outputTokensPerSecond: numIn(0, 1e6, { minExclusive: true }), tokensPerSecondPerUser: numIn(0, 60, { minExclusive: true }),
    timeToFirstTokenSeconds: numIn(0, 600, { minExclusive: true }) }, { requiredKeys: [] }),
  activationQuery: pick(["sum(rate(x[1m]))"], [""]),
  metricNames: pick(["prefixed", "unprefixed"], ["other"]),
  queuePerReplicaTarget: intIn(1, 512),
  kvCacheUtilizationTarget: numIn(0, 1, { minExclusive: true }),
  metricLabels: fc.dictionary(pick(["namespace", "service", "_x"], ["bad-label", "1x"]) as fc.Arbitrary<string>, fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  nodeAutoscaler: cloud === "gcp" ? pick(["gke-node-pool"], ["cluster-autoscaler", "none"]) : pick(["cluster-autoscaler", "karpenter"], ["gke-node-pool", "none"]),
}, [], {
  keys: ["replicas", "scaleToZero"],
  arbitrary: fc.oneof(
    { weight: 12, arbitrary: fc.record({ replicas: fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 6 })).map(([min, extra]) => ({ min,
      max: min + extra })), scaleToZero: fc.constant(false) }, { requiredKeys: [] }) },
    { weight: 4, arbitrary: fc.record({ replicas: fc.integer({ min: 1, max: 6 }).map((max) => ({ min: 0, max })), scaleToZero: fc.constant(true), activationQuery: fc.constant("sum(rate(x[1m]))") }, { requiredKeys: ["scaleToZero", "activationQuery"] }) },
    { weight: 1, arbitrary: fc.constantFrom({ replicas: { min: 3, max: 2 } }, { replicas: { min: 0, max: 2 } }, { replicas: { min: -1, max: 2 } }, { replicas: { min: 1,
      max: 0 } }, { scaleToZero: true, activationQuery: undefined }) },
  ),
});
const gkePoolOptions = {
  name, autoRepair: fc.boolean(), autoUpgrade: fc.boolean(), spot: fc.boolean(), compactPlacement: fc.boolean(),
  // Flex-start only (the pooled plans are on-demand): mostly left unset, sometimes set (refused).
  maxRunDurationSeconds: near(fc.constant(undefined), fc.constantFrom(604800, 3600, 59, 604801)),
  bootDiskSizeGb: intIn(100, 65536),
};
/** GkeInfra's gpuPool: the tuning options, no name. */
const { name: _poolName, ...gpuPoolTuning } = gkePoolOptions;
void _poolName;
const nicPairs = fc.oneof({ weight: 12, arbitrary: fc.constant("auto") }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 10 }).map((n) => Array.from({ length: n }, (_, i) => ({ network: `net-${i}`, subnetwork: `sub-${i}` }))) });
/** The extra-NIC networks a GKE plan needs, or the fuzzed ones. */
const nics = (plan: any, pairs: unknown): unknown => {
  if (pairs !== "auto") return pairs;
  try { return planGkeNetworks(plan, { project: "my-proj" }).additionalNetworks.map((n) => ({ network: n.network, subnetwork: n.subnetwork })); } catch { return []; }
};
const gcpNetworkPlans = gcpPlans.slice(0, 6).map((p) => planGkeNetworks(p, { project: "my-proj" }));
const eksInfraPlans = awsPlans.slice(0, 6).map((p) => planEksInfra(p));
const authorizedNetworks = fc.array(fc.record({ cidr, name: pick(["office", "vpn"], [""]) }), { maxLength: 2 });
const gcpProject = pick(["my-proj", "deepseek-prod-1", "p12345"], ["", "123456789012", "My-Proj", "ab"]);

const coherentPlacement = coherentInputArb.map(({ cloud, region, hardware, mode }) => ({ cloud, region, hardware, mode }));
const noisyPlacement = fc.record({
  cloud: noisy(cf("aws", "gcp")),
  region: noisy(cf("us-east-1", "us-east-2", "us-west-2", "europe-west4", "us-central1", "eu-north-1")),
  hardware: noisy(cf("8xB200", "8xH200", "2x8xH100", "8xH100")),
  mode: cf("latency", "throughput"),
  overrides: fc.record({ precision: cf("fp8", "nvfp4"), kvCacheDtype: cf("fp8", "bf16") }, { requiredKeys: [] }),
  allowDivergence: fc.subarray(["model", "precision", "image", "kvCacheDtype", "sampling", "other"]),
}, { requiredKeys: ["cloud", "region", "hardware"] });

/** DeepSeekCluster and planCluster: valid configs, each mutated in at most one field (cluster-inputs.ts); now and then anything at all. */
const clusterCase = fc.oneof({ weight: 19, arbitrary: clusterCaseArb }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) });

/**
 * planDeployment inputs: coherent ones made plannable (no MoE overrides on dense models, replica
 * min ≤ max), then one field moved just outside its bounds 1 time in 5; plus the broad arbitraries.
 */
const plannableInput = fc.tuple(coherentInputArb, fc.oneof(
  { weight: 8, arbitrary: fc.constant({}) },
  { weight: 2, arbitrary: fc.constantFrom<Record<string, unknown>>(
    { contextLength: 0 }, { contextLength: 1.5 }, { replicas: { min: -1, max: 2 } }, { replicas: { min: 1, max: 0 } }, { replicas: { min: 3, max: 2 } },
    { overrides: { mtpLayers: 6 } }, { overrides: { mtpLayers: -1 } }, { overrides: { kvCacheFreeMemoryFraction: 0 } }, { overrides: { kvCacheFreeMemoryFraction: 0.99 } },
    { zones: [] }, { capacity: { kind: "capacity-block", id: "cr-0abc", zone: "us-east-1a", nodes: 0 } }, { capacity: { kind: "reservation", id: "", zone: "us-east-1a", nodes: 2 } },
    { coldStart: { stageThroughputMBps: 49 } }, { coldStart: { warmupSeconds: 7201 } }, { image: { tag: "-bad" } }, { mode: "fastest" }, { jurisdiction: "uk" },
  ) },
  // Boundaries: one node pool's maximum, int32's, and one past each.
  { weight: 1, arbitrary: fc.constantFrom(450, 451, 1000, 1001, INT32_MAX, INT32_MAX + 1, Number.MAX_SAFE_INTEGER).map((max) => ({ replicas: { min: 1, max } })) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31, 2 ** 53, 1e308).map((contextLength) => ({ contextLength })) },
), fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) })).map(([input, miss, duplicateZone]) => {
  const dense = input.model.includes("distill");
  const overrides = input.overrides && dense ? defined({ ...input.overrides, expertParallel: undefined, mtpLayers: undefined }) : input.overrides;
  const replicas = input.replicas && input.replicas.min > input.replicas.max ? { min: input.replicas.max, max: input.replicas.min } : input.replicas;
  const out: Record<string, unknown> = { ...defined({ ...input, overrides, replicas }), ...miss };
  // Duplicates: about one input in four repeats its first zone (refused as zones.<i>).
  return duplicateZone && Array.isArray(out.zones) && out.zones.length ? { ...out, zones: [...out.zones, out.zones[0]] } : out;
});

const gkePlacement = { cloud: "gcp", region: "europe-west4", hardware: "8xH200", gcp: { project: "my-proj" } };
const awsPlacement = { cloud: "aws", region: "us-east-2", hardware: "8xB200" };
/** A DeepSeekCluster placement: coherent (with gcp.project when GCP), or a known refusal, or noise. */
const deepSeekPlacement = fc.oneof(
  { weight: 12, arbitrary: fc.record({ base: coherentPlacement, project: pick(["my-proj"], [""]), name: pick([undefined, "east"], ["Bad Name"]) }).map(({ base, project, name: n }) => ({ ...base, ...(base.cloud === "gcp" ? { gcp: { project } } : {}), ...(n ? { name: n } : {}) })) as fc.Arbitrary<unknown> },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(
    { ...gkePlacement, gcp: undefined }, { ...gkePlacement, capacity: { kind: "queued" }, replicas: { min: 0, max: 2 } }, { ...gkePlacement, aws: {} },
    { ...awsPlacement, gcp: { project: "p" } }, { ...awsPlacement, autoscaling: { nodeAutoscaler: "karpenter" } }, { ...awsPlacement, aws: { clusterName: "1-bad_name" } },
    { ...awsPlacement, verification: { busBandwidthFraction: 2 } }, { ...awsPlacement, autoscaling: { replicas: { min: 3, max: 1 } } },
  ) },
  { weight: 1, arbitrary: noisyPlacement },
);
const registerInfo = props({
  displayName: pick(["east", "EU west (primary)"], ["", "x".repeat(101)]), stacks: fc.array(pick(["ds-east-infra", "ds-east-serving"], [""]), { maxLength: 2 }),
  endpoint: fc.record({ exposure: pick(["public", "private", "cluster"], ["world"]), address: pick(["https://api.example.com", "10.0.0.5"], [""]), port: intIn(1, 65535), allowedSourceCidrs: fc.array(cidr, { maxLength: 2 }) }, { requiredKeys: ["exposure"] }),
  posture: fc.record({ apiEndpoint: pick(["allow-listed", "public", "private"], ["open"]), apiAllowedCidrs: fc.array(cidr, { maxLength: 2 }), imdsV2: fc.boolean(), checksEnabled: fc.array(pick(["region-lock", "instance-offering"], [""]), { maxLength: 2 }) }, { requiredKeys: [] }),
});
const gkeControlPlane = part({
  project: pick(["p"], [""]), projectNumber: pick(["123"], ["x"]), clusterName: name, location: pick(["europe-west4"], [""]), network: pick(["n"], [""]), subnetwork: pick(["s"], [""]),
  podsRangeName: pick(["pods"], [""]), servicesRangeName: pick(["svc"], [""]), multiNetworking: fc.boolean(), authorizedNetworks,
  masterIpv4CidrBlock: pick(["172.16.0.0/28"], ["172.16.0.0/24"]), releaseChannel: pick(["REGULAR", "STABLE", "RAPID", "EXTENDED"], ["NIGHTLY"]),
  keyRotationPeriodSeconds: intIn(86_400, 876_000 * 3600),
  systemNodesPerZone: near(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 })).map(([min, extra]) => ({ min, max: min + extra })),
    fc.constantFrom({ min: 0, max: 1 }, { min: 3, max: 2 }, { min: 1 })),
  systemMachineType: pick(["e2-standard-4"], [""]),
}, ["project", "clusterName", "location", "network", "subnetwork", "podsRangeName", "servicesRangeName"]);

const TARGETS: FuzzTarget[] = [
  {
    name: "planDeployment", weight: 6,
    arbitrary: fc.oneof({ weight: 5, arbitrary: plannableInput as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: anyInputArb }, { weight: 1,
      arbitrary: deploymentInputArb }, { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) }),
    run: (i) => { checked(planDeployment(i)); },
  },
  { name: "planCluster", weight: 3, arbitrary: clusterCase, run: (i) => { checked(planCluster(i)); } },
  {
    name: "EksInfra", weight: 3,
    arbitrary: forPlan(mostly(awsPlanArb), (plan) => props({
      plan: fc.constant(plan), clusterName: name, kubernetesVersion: pick(["1.35", "1.34", "1.33"], ["2", "v1.35", "1.3"]),
      publicAccessCidrs: fc.array(cidr, { maxLength: 3 }), adminPrincipalArns: fc.array(pick(["arn:aws:iam::123456789012:role/admin", "arn:aws:sts::123456789012:assumed-role/ops/me"], ["admin"]), { maxLength: 2 }),
      gpuRootVolumeGiB: intIn(100, 16_384), systemInstanceType: pick(["m7i.xlarge", "m6i.2xlarge"], ["big"]), systemNodes: intIn(1, 10),
      placementGroupName: placementGroupName(plan),
    }, ["plan"], eksNetwork(plan))),
    run: (p) => inStack((s) => EksInfra.fromOptions(s, "eks", p)),
  },
  {
    name: "EksGpuNodePool", weight: 2,
    arbitrary: forPlan(mostly(awsPlanArb), (plan) => props({
      plan: fc.constant(plan), clusterName: name, vpcId: pick(["vpc-1"], [""]),
      nodeRoleArn: pick(["arn:aws:iam::123456789012:role/node"], [""]), clusterSecurityGroupId: pick(["sg-1"], [""]),
      rootVolumeGiB: intIn(100, 16_384), placementGroupName: placementGroupName(plan), checkInstanceTypeOffering: fc.boolean(),
    }, ["plan", "clusterName", "vpcId"], eksPoolSubnets(plan))),
    run: (p) => inStack((s) => EksGpuNodePool.fromOptions(s, "gpu", p)),
  },
  {
    name: "EksControlPlane+EksNetwork", weight: 1,
    arbitrary: fc.record({ infra: fc.constantFrom(...eksInfraPlans), subnetIds: noisy(cf(["subnet-a", "subnet-b"], ["subnet-a"], ["subnet-a", ""])), clusterName: noisy(name) }),
    run: ({ infra, subnetIds, clusterName }) => inStack((s) => {
      new EksControlPlane(s, "cp", { infra, subnetIds });
      if (infra.network.kind === "new") new EksNetwork(s, "net", { clusterName, network: infra.network });
    }),
  },
  {
    name: "ModelBucket+EksWorkloadIdentity", weight: 1,
    arbitrary: propsSet({
      bucket: part({ bucketPrefix: pick(["deepseek-models-", "ds.east-1-"], ["Models", "a".repeat(38), "-x"]), forceDestroy: fc.boolean(), tags: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof({ weight: 6, arbitrary: fc.string({ maxLength: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(...INJECTED) }), { maxKeys: 2 }) }, ["bucketPrefix"]),
      identity: part({ clusterName: name, namespace: pick(["deepseek", "serving-1"], ["DeepSeek", "-x"]), serviceAccounts: fc.record({ server: pick(["s"], [""]), modelStager: pick(["m"], [""]) }), bucketArn: pick(["arn:aws:s3:::b"], [""]), bucketKmsKeyArn: pick(["k"], [""]), hfTokenSecretName: pick(["hf"], [""]) }, ["clusterName", "namespace", "serviceAccounts", "bucketArn", "bucketKmsKeyArn", "hfTokenSecretName"]),
    }).map(({ bucket, identity }) => [bucket, identity]),
    run: ([bucket, identity]) => inStack((s) => { new ModelBucket(s, "models", bucket); new EksWorkloadIdentity(s, "id", identity); }),
  },
  {
    name: "GkeInfra", weight: 3,
    arbitrary: props({
      plan: mostly(gcpPlanArb), project: gcpProject, projectNumber: pick(["123456789012"], ["abc"]),
      authorizedNetworks, privateEndpoint: fc.boolean(),
      masterIpv4CidrBlock: pick(["172.16.0.0/28", "172.16.0.16/28"], ["172.16.0.0/24"]), releaseChannel: pick(["REGULAR", "STABLE", "RAPID", "EXTENDED"], ["NIGHTLY"]),
      deletionProtection: fc.boolean(), namePrefix: name, bucketName: pick(["my-proj-models", "deepseek_models.eu"], ["ab", "Bad Bucket", "my-google-models"]),
      bucketKmsKeyName: pick(["projects/p/locations/l/keyRings/r/cryptoKeys/k"], [""]), databaseEncryptionKeyName: pick(["projects/p/locations/l/keyRings/r/cryptoKeys/k"], [""]),
      existingNetwork: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({ network: pick(["n"], [""]), subnetwork: pick(["s"], [""]), podsRangeName: pick(["pods"], [""]), servicesRangeName: pick(["svc"], [""]), additionalNetworks: nicPairs }) }),
      gpuPool: fc.record(gpuPoolTuning, { requiredKeys: [] }),
    }, ["plan", "project"]),
    run: (p) => inStack((s) => GkeInfra.fromOptions(s, "gke", p.existingNetwork?.additionalNetworks === "auto" ? { ...p, existingNetwork: { ...p.existingNetwork, additionalNetworks: nics(p.plan, "auto") } } : p)),
  },
  {
    name: "GkeGpuNodePool+GkeControlPlane", weight: 2,
    arbitrary: propsSet({
      pool: part({ plan: mostly(gcpPlanArb), cluster: pick(["c", "projects/p/locations/europe-west4/clusters/c"], [""]), location: pick(["europe-west4"], [""]), project: pick(["p"], [""]), additionalNodeNetworks: nicPairs, serviceAccountEmail: pick(["sa@p.iam.gserviceaccount.com"], [""]), ...gkePoolOptions }, ["plan", "cluster", "additionalNodeNetworks"]),
      cp: gkeControlPlane,
    }).map(({ pool, cp }) => [pool, cp]),
    run: ([pool, cp]) => inStack((s) => { GkeGpuNodePool.fromOptions(s, "gpu", { ...pool, additionalNodeNetworks: nics(pool.plan, pool.additionalNodeNetworks) }); new GkeControlPlane(s, "cp", cp); }),
  },
  {
    name: "GkeNetwork+GkeModelBucket+GkeServingIdentities", weight: 1,
    arbitrary: propsSet({
      network: part({ networkPlan: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...gcpNetworkPlans) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constant({ create: false }) }), project: pick(["p"], [""]) }, ["networkPlan"]),
      bucket: part({ plan: mostly(gcpPlanArb), bucketName: pick(["my-models", "abc", "x".repeat(63)], ["ab", "x".repeat(64)]), project: pick(["p"], [""]), location: pick(["europe-west4", "EU"], [""]), kmsKeyName: pick(["k"], [""]), forceDestroy: fc.boolean() }, ["plan", "bucketName"]),
      ids: part({ plan: mostly(gcpPlanArb), project: pick(["p"], [""]), bucketName: pick(["b"], [""]), serverAccountId: pick(["server-sa", "a23456", "a".repeat(30)], ["x", "a2345", "a".repeat(31)]), stagerAccountId: pick(["stager-sa"], ["Stager"]), hfTokenSecretId: pick(["hf", "hf_token-1"], ["bad id"]) }, ["plan", "project", "bucketName", "serverAccountId", "stagerAccountId", "hfTokenSecretId"]),
    }),
    run: ({ network, bucket, ids }) => inStack((s) => { new GkeNetwork(s, "net", network); new GkeModelBucket(s, "bucket", bucket); new GkeServingIdentities(s, "ids", ids); }),
  },
  {
    name: "GKE/EKS planners", weight: 2,
    arbitrary: fc.record({
      which: fc.constantFrom("networks", "pool", "names", "eks"), aws: mostly(awsPlanArb), gcp: mostly(gcpPlanArb),
      project: noisy(gcpProject), namePrefix: noisy(name), pool: props({ ...gkePoolOptions, additionalNodeNetworks: nicPairs }),
      eks: props({ clusterName: name, vpcCidr, systemNodes: intIn(1, 10), publicAccessCidrs: fc.array(cidr, { maxLength: 2 }) }),
    }),
    run: ({ which, aws, gcp, project, namePrefix, pool, eks }) => {
      if (which === "networks") checked(planGkeNetworks(gcp, { project, namePrefix }));
      if (which === "pool") checked(planGkeNodePool(gcp, { ...pool, additionalNodeNetworks: nics(gcp, pool.additionalNodeNetworks) } as any));
      if (which === "names") checked(planGkeInfraNames(gcp, { project, namePrefix }));
      if (which === "eks") checked(planEksInfra(aws, eks));
    },
  },
  {
    name: "DeepSeekCluster", weight: 2,
    // Synthesized and scanned: the share that builds is the output the scan sees.
    arbitrary: fc.oneof({ weight: 12, arbitrary: clusterCaseArb }, { weight: 1, arbitrary: fc.array(deepSeekPlacement, { minLength: 1, maxLength: 2 })
      .map((placements) => ({ model: "deepseek-r1-0528", endpoint: { hostname: "api.example.com" }, placements })) }),
    run: (p) => inStack((s) => new DeepSeekCluster(s.node.scope!, "ds", p), p), // a cluster makes its own stacks: built on the app
  },
  {
    // The app itself: its config (outdir, flags, state backend), a cluster in it, and now and then a whole synth.
    name: "DeepSeekApp", weight: 1,
    arbitrary: fc.record({
      config: fc.oneof(
        { weight: 12, arbitrary: fc.record({
          outdir: pick(APP_OUTDIRS.slice(0, 3), APP_OUTDIRS.slice(3), 6), stackTraces: fc.boolean(),
          backend: fc.constantFrom<unknown>(undefined, { kind: "local" }, { kind: "local", directory: "state" }, { kind: "s3", bucket: "tf-state-1", region: "us-east-2" },
            { kind: "gcs", bucket: "tf-state-1", location: "EU" }, () => ({ kind: "local" }), { kind: "local", directory: "/abs" }, { kind: "s3" }, "local", () => 5),
          context: pick([undefined, {}, { a: 1 }], [5], 12),
        }, { requiredKeys: ["outdir"] }) as fc.Arbitrary<unknown> },
        { weight: 1, arbitrary: fc.constantFrom<unknown>(null, "cdktf.out", 5, [], { outDir: "x" }) },
      ),
      cluster: fc.oneof({ weight: 4, arbitrary: validClusterArb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: clusterCaseArb }),
      synth: pick([false], [true], 7),
    }),
    run: ({ config, cluster, synth }) => withTokenStackDepth(0, () => {
      const app = new DeepSeekApp(defined(config ?? {}) as never);
      new DeepSeekCluster(app, "ds", cluster);
      if (synth) app.synth();
    }),
  },
  {
    name: "GpuNodePool", weight: 2,
    arbitrary: fc.record({
      plan: anyPlanArb, pairs: nicPairs, shape: pick(["match"], ["both", "none", "swap"], 12),
      eks: props({ clusterName: pick(["c"], [""]), vpcId: pick(["vpc-1"], [""]), subnetIds: fc.array(pick(["subnet-a", "subnet-b"], [""]), { minLength: 1, maxLength: 2 }), rootVolumeGiB: intIn(100, 16_384) }, ["clusterName", "vpcId", "subnetIds"]),
      gkeCluster: pick(["c"], [""]),
      fault: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({ key: fc.constantFrom("plan", "eks", "gke", "props", "extra"), value: garbage }) }),
    }),
    run: ({ plan, pairs, shape, eks, gkeCluster, fault }) => inStack((s) => {
      const gke = { cluster: gkeCluster, additionalNodeNetworks: nics(plan, pairs) };
      const cloud = (plan as { cloud?: string }).cloud;
      const byShape = shape === "both" ? { eks, gke } : shape === "none" ? {} : (cloud === "aws") === (shape === "match") ? { eks } : { gke };
      let p: unknown = { plan, ...byShape };
      if (fault) p = fault.key === "props" ? fault.value : { ...(p as object), [fault.key]: fault.value };
      new GpuNodePool(s, "gpus", p as never);
    }),
  },
  {
    name: "DeepSeekApp.registerPlacement", weight: 1,
    arbitrary: fc.record({ plan: validPlanArb, info: registerInfo, again: fc.boolean(), info2: registerInfo }),
    // The plan argument is typed DeploymentPlan and not validated by registerPlacement: valid plans only.
    run: ({ plan, info, again, info2 }) => {
      const app = new DeepSeekApp({ outdir });
      app.registerPlacement(plan, info);
      if (again) app.registerPlacement(plan, info2);
      app.review();
    },
  },
  {
    name: "serving constructs", weight: 3,
    // The target's cloud matches the plan's 11 times in 12; Single/MultiNodeInference mostly get a plan of their kind.
    arbitrary: forPlan(anyPlanArb, (plan) => {
      const cloud = (plan as { cloud?: string }).cloud === "gcp" ? "gcp" : "aws";
      const multi = isPlan(plan) && plan.nodesPerReplica > 1;
      return fc.record({
        plan: fc.constant(plan),
        target: noisy(fc.oneof({ weight: 11, arbitrary: target(cloud) }, { weight: 1, arbitrary: targetArb })),
        which: fc.oneof({ weight: 5, arbitrary: fc.constantFrom("serving", "operators", "staging", "providers", multi ? "multi" : "single") }, { weight: 1, arbitrary: fc.constantFrom("single", "multi") }),
        alias: pick([undefined, "east"], ["1 bad"]),
      });
    }),
    run: ({ plan, target, which, alias }) => inStack((s) => {
      if (which === "serving") new DeepSeekServing(s, "serving", { plan, target });
      if (which === "operators") new ClusterOperators(s, "ops", { plan, target });
      if (which === "staging") new ModelStaging(s, "staging", { plan, target });
      if (which === "single") new SingleNodeInference(s, "serve", { plan, target });
      if (which === "multi") new MultiNodeInference(s, "serve", { plan, target });
      if (which === "providers") new ClusterProviders(s, "k8s", { target, alias });
    }),
  },
  {
    name: "InferenceGateway/planTraffic", weight: 2,
    // Managed TLS (ACM) replaces the generated TLS now and then on AWS plans; GCP plans refuse it.
    arbitrary: fc.record({ plan: fc.oneof({ weight: 12, arbitrary: validPlanArb as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: anyPlanArb }),
      validPlan: validPlanArb, traffic: noisy(trafficArb), acm: pick([false], [true], 7), construct: fc.boolean() })
      .map(({ acm, traffic, ...rest }) => ({ ...rest, traffic: acm && typeof traffic === "object" && traffic !== null ? { ...traffic, tls: awsManagedTls } : traffic })),
    run: ({ plan, validPlan, traffic, construct }) => (construct ? inStack((s) => new InferenceGateway(s, "gw", { plan, traffic })) : checked(planTraffic(validPlan, traffic))),
  },
  {
    name: "DeploymentChecks/planVerification", weight: 2,
    arbitrary: fc.record({
      construct: fc.boolean(), validPlan: validPlanArb,
      props: props({ plan: anyPlanArb, verification: verificationArb, endpointUrl: pick(["https://api.example.com"], [""]), apiKeySecret: fc.record({ name: pick(["api-keys"], ["API"]), key: pick(["key", "api.key"], ["bad key"]) }), checkImage: pick(["python:3.12", "python@sha256:" + "a".repeat(64)], ["python", "python:${fuzz.tag}"]), fabricImage: pick(["nvcr.io/nvidia/pytorch:25.01-py3"], ["pytorch"]), createOutput: fc.boolean() }, ["plan", "endpointUrl", "apiKeySecret"]),
    }),
    run: ({ construct, validPlan, props: p }) => (construct ? inStack((s) => new DeploymentChecks(s, "checks", p)) : checked(planVerification(validPlan, p.verification))),
  },
  {
    name: "autoscaling constructs/planAutoscaling", weight: 3,
    arbitrary: forPlan(validPlanArb, (validPlan) => fc.record({
      which: fc.constantFrom("plan", "replica", "keda", "cluster-autoscaler", "identity"),
      plan: fc.oneof({ weight: 6, arbitrary: fc.constant(validPlan) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: anyPlanArb }), validPlan: fc.constant(validPlan),
      autoscaling: noisy(autoscalingFor((validPlan as DeploymentPlan).cloud)),
      prometheusAddress: noisy(pick(["http://prometheus-operated.monitoring:9090"], ["prometheus:9090"])),
      namespace: noisy(pick([undefined, "deepseek"], ["Bad"])), chartVersion: noisy(pick([undefined, "2.17.2"], ["latest"])),
      clusterName: noisy(pick(["c"], [""])), region: noisy(pick(["us-east-1"], [""])),
    })),
    run: (c) => {
      if (c.which === "plan") { checked(planAutoscaling(c.validPlan, c.autoscaling)); return; }
      inStack((s) => {
        if (c.which === "replica") new ReplicaAutoscaler(s, "scale", { plan: c.plan, autoscaling: c.autoscaling, prometheusAddress: c.prometheusAddress, namespace: c.namespace });
        if (c.which === "keda") new KedaOperator(s, "keda", { namespace: c.namespace, chartVersion: c.chartVersion });
        if (c.which === "cluster-autoscaler") new ClusterAutoscaler(s, "ca", { plan: c.validPlan, autoscaling: planAutoscaling(c.validPlan, c.autoscaling), clusterName: c.clusterName, chartVersion: c.chartVersion });
        if (c.which === "identity") new ClusterAutoscalerIdentity(s, "ca-id", { clusterName: c.clusterName, region: c.region });
      });
    },
  },
];

export const FUZZ_TARGETS: readonly FuzzTarget[] = TARGETS;

/** Plan fields a hand-made (or edited) plan may get wrong, and the values it may get them wrong with. */
const PLAN_FIELDS = [
  ["nodesPerReplica"], ["gpusPerNode"], ["gpusPerReplica"], ["tensorParallel"], ["replicas", "min"], ["replicas", "max"], ["nodes", "max"], ["gpus", "max"],
  ["coldStart", "probeFailureThreshold"], ["coldStart", "probePeriodSeconds"], ["coldStart", "startupBudgetSeconds"], ["maxBatchSize"], ["maxNumTokens"],
  ["kvCacheFreeMemoryFraction"], ["checkpointSizeGB"], ["fabric", "interfacesPerNode"], ["zones"],
] as const;
const ABSURD: readonly unknown[] = [Number.NaN, -5, 0, 0.5, 1e9, 2 ** 31, INT32_MAX, Number.POSITIVE_INFINITY, "8", null];
/** Sets `path` in `plan` (zones: repeats the first zone). Throws a TypeError on a frozen plan in strict code. */
function editPlan(plan: any, path: readonly string[], value: unknown): void {
  if (path[0] === "zones") { plan.zones = [plan.zones[0], plan.zones[0]]; return; }
  const parent = path.length === 1 ? plan : plan[path[0]];
  parent[path[path.length - 1]] = value;
}
const handMadePlanTarget: FuzzTarget = {
  name: "hand-made and edited plans", weight: 2,
  arbitrary: fc.record({ plan: validPlanArb, field: fc.constantFrom(...PLAN_FIELDS), value: fc.constantFrom(...ABSURD), when: fc.constantFrom("before", "checked", "after"), which: fc.constantFrom("serving", "pool", "autoscaler", "gateway") }),
  run: ({ plan: valid, field, value, when, which }) => {
    // A copy, not yet checked. Edited before anything sees it (hand-made), after one planner has
    // checked it and before the constructs use it, or after the constructs are built.
    const plan = structuredClone(valid) as any;
    const edit = () => {
      try { editPlan(plan, field, value); } catch (e) { if (!(e instanceof TypeError)) throw e; }
    };
    if (when === "before") edit();
    if (when === "checked") { requirePlan(plan); edit(); }
    inStack((s) => {
      const target = valid.cloud === "aws" ? awsTarget : gcpTarget;
      if (which === "serving") {
        if (plan.nodesPerReplica > 1) new MultiNodeInference(s, "serve", { plan, target });
        else new SingleNodeInference(s, "serve", { plan, target });
      }
      if (which === "pool") {
        new GpuNodePool(s, "gpus", valid.cloud === "aws"
          ? { plan, eks: { clusterName: "c", vpcId: "vpc-1", subnetIds: ["subnet-a"] } }
          : { plan, gke: { cluster: "c", additionalNodeNetworks: nics(valid, "auto") as never } });
      }
      if (which === "autoscaler") new ReplicaAutoscaler(s, "scale", { plan, autoscaling: planAutoscaling(plan, {}), prometheusAddress: "http://prometheus-operated.monitoring:9090" });
      if (which === "gateway") new InferenceGateway(s, "gw", { plan, traffic: { hostname: "api.example.com" } });
      // Checked plans are frozen: a later edit throws (strict code) or is ignored; either way it must not reach the output.
      if (when === "after") edit();
    });
  },
};

TARGETS.push(handMadePlanTarget);

/** Runs `totalCases` spread over the targets by weight; never throws, reports escapes. */
export function runFuzz(totalCases: number, seed: number, targets: readonly FuzzTarget[] = FUZZ_TARGETS): TargetResult[] {
  const weights = targets.reduce((sum, t) => sum + t.weight, 0);
  return targets.map((t, index) => {
    const numRuns = Math.max(1, Math.ceil((totalCases * t.weight) / weights));
    let ok = 0;
    let refused = 0;
    const escapes: { input: unknown; error: string }[] = [];
    const wrong: { input: unknown; error: string }[] = [];
    const paths = new Map<string, number>();
    fc.assert(fc.property(t.arbitrary, (input) => {
      try {
        t.run(input);
        ok++;
      } catch (e) {
        if (e instanceof DeepSeekConfigError) { refused++; paths.set(e.path, (paths.get(e.path) ?? 0) + 1); }
        else if (e instanceof WrongOutput) wrong.push({ input: wrong.length < 5 ? input : "(more)", error: e.message });
        else if (escapes.length < 5) escapes.push({ input, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split("\n").slice(1, 4).join("\n")}` : String(e) });
        else escapes.push({ input: "(more)", error: String(e) });
      }
    }), { numRuns, seed: seed + index, endOnFailure: true });
    return { name: t.name, cases: numRuns, ok, refused, escapes, wrong, topRefusals: [...paths].sort((a, b) => b[1] - a[1]).slice(0, 3) };
  });
}
