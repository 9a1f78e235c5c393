import fc from "fast-check";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { ClusterAutoscaler, ClusterAutoscalerIdentity, KedaOperator, ReplicaAutoscaler, planAutoscaling } from "../../lib/autoscaling";
import { DeepSeekCluster } from "../../lib/cluster/deepseek-cluster";
import { EksControlPlane, EksGpuNodePool, EksInfra, EksNetwork, EksWorkloadIdentity, ModelBucket, planEksInfra } from "../../lib/aws/index";
import { DeepSeekConfigError } from "../../lib/errors";
import {
  GkeControlPlane, GkeGpuNodePool, GkeInfra, GkeModelBucket, GkeNetwork, GkeServingIdentities, planGkeInfraNames, planGkeNetworks, planGkeNodePool,
} from "../../lib/gcp/index";
import { Construct, TerraformStack, Testing } from "../../lib/internal/tf";
import { GpuNodePool } from "../../lib/nodepool/gpu-node-pool";
import { DeploymentPlan, planCluster, planDeployment } from "../../lib/planner";
import { DeepSeekApp } from "../../lib/review/app";
import { ClusterOperators, ClusterProviders, DeepSeekServing, ModelStaging, MultiNodeInference, SingleNodeInference } from "../../lib/serving";
import { InferenceGateway, planTraffic } from "../../lib/traffic";
import { DeploymentChecks, planVerification } from "../../lib/verification";
import { anyInputArb, coherentInputArb, deploymentInputArb } from "../support/arbitraries";
import { awsTarget, gcpTarget } from "../support/fixtures-quality";


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
  /** The most frequent refusal paths, with counts. */
  readonly topRefusals: readonly (readonly [string, number])[];
}

/** Mostly valid values with a share of garbage of every type. */
const noisy = <T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 12, arbitrary: valid as fc.Arbitrary<unknown> },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 100000 }), fc.double(), fc.constantFrom(null, true, [], {})) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
  );

/** Pure garbage of every type (for the one field a faulty record breaks). */
const garbage: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.oneof(fc.integer({ min: -5, max: 100000 }), fc.double(), fc.constantFrom(null, true, [], {})),
  fc.anything({ maxDepth: 2 }),
);

/**
 * Props: a record whose optional keys may be absent, built from the mostly-valid choices; then,
 * one fault at a time: about 3 in 5 records are left as they are (so resource-building paths are
 * exercised), the others get garbage in one field, or an unknown key.
 */
const props = (shape: Record<string, fc.Arbitrary<unknown>>, requiredKeys: string[] = []) => {
  const keys = Object.keys(shape);
  return fc.tuple(
    fc.record(shape, { requiredKeys }),
    fc.oneof(
      { weight: 6, arbitrary: fc.constant({ kind: "clean" as const }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("garbage" as const), key: fc.constantFrom(...keys), value: garbage }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant("extra" as const), key: fc.constantFrom("extra", "nodes", "plan2") }) },
    ),
  ).map(([record, fault]) => {
    if (fault.kind === "garbage") return { ...record, [fault.key]: fault.value };
    if (fault.kind === "extra") return { ...record, [fault.key]: 1 };
    return record;
  });
};

const outdir = mkdtempSync(join(tmpdir(), "deepseek-fuzz-"));
/** A fresh stack per case (nothing is synthesized: no files are written). */
function inStack(build: (scope: Construct) => void): void {
  build(new TerraformStack(Testing.app({ outdir }), "fuzz"));
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

/** One of the values, mostly the first (the valid one): about 1 in 12 draws is another. */
const cf = <T>(...values: T[]): fc.Arbitrary<T> => fc.oneof({ weight: 11, arbitrary: fc.constant(values[0]) }, { weight: 1, arbitrary: fc.constantFrom(...values) });
const awsZone = cf("us-east-1a", "us-east-1b", "us-east-2a", "us-east-2b", "us-east-2c", "us-west-2d", "eu-north-1a", "bad-zone");
const cidr = fc.oneof(
  { weight: 6, arbitrary: fc.constant("203.0.113.0/24") },
  { weight: 1, arbitrary: cf("10.64.0.0/16", "203.0.113.0/24", "0.0.0.0/0", "10.0.0.0/8", "172.16.0.0/28", "1.2.3.4", "::/0") },
  { weight: 1, arbitrary: fc.tuple(fc.nat(300), fc.nat(255), fc.nat(33)).map(([a, b, n]) => `${a}.${b}.0.0/${n}`) });
const name = fc.oneof(cf("deepseek", "my-cluster", "ds-prod-1", "Bad_Name", "", "a".repeat(70)), fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/));
const subnets = fc.array(fc.record({ subnetId: cf("subnet-a", "subnet-b", ""), zone: awsZone }), { minLength: 0, maxLength: 4 });
const target = (cloud: "aws" | "gcp") => fc.record({
  nodeModelCachePath: cf(undefined, "/mnt/nvme/models", "relative/path"),
  clusterName: cf(undefined, "", "other"),
  project: cf(undefined, "my-proj"),
  gpuNetworkNames: cf(undefined, [], ["vpc1"]),
}, { requiredKeys: [] }).map((over) => ({ ...(cloud === "aws" ? awsTarget : gcpTarget), ...Object.fromEntries(Object.entries(over).filter(([, v]) => v !== undefined)) }));
const targetArb = fc.oneof(target("aws"), target("gcp"));
const trafficArb = props({
  hostname: cf("api.example.com", "Not A Host", "x"),
  tls: cf({ kind: "cert-manager" }, { kind: "managed", certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc-1" }, { kind: "managed", certificateMap: "m" }, { kind: "self" }),
  public: fc.boolean(),
  allowedSourceCidrs: fc.array(cidr, { maxLength: 3 }),
  tiers: fc.array(fc.record({ name: cf("interactive", "batch", "gold", "Gold"), priority: fc.integer({ min: -1, max: 1001 }), requestsPerMinutePerKey: fc.integer({ min: 0, max: 1000 }) }), { maxLength: 4 }),
  defaultTier: cf("interactive", "batch", "gold", "none"),
  retryBudgetPercent: fc.integer({ min: -10, max: 120 }),
  requestTimeoutSeconds: fc.integer({ min: 0, max: 100000 }),
  decodeTokensPerSecond: cf(undefined, 30, 0, 0.5, 20000),
  secretStore: fc.record({ kind: cf("ClusterSecretStore", "SecretStore", "Vault"), name: cf("s", "") }),
  apiKeysSecretPrefix: cf("cdktf-deepseek/keys", "bad prefix!"),
}, ["hostname"]);
const verificationArb = props({
  fabricCheck: fc.boolean(), servingCheck: fc.boolean(),
  loadProbe: fc.record({ enabled: fc.boolean(), concurrency: fc.integer({ min: 0, max: 5000 }), requests: fc.integer({ min: 0, max: 200000 }), inputTokens: fc.integer({ min: 0, max: 200000 }), outputTokens: fc.integer({ min: 0, max: 40000 }), expectedOutputTokensPerSecond: fc.double({ min: -1, max: 1e6, noNaN: true }) }, { requiredKeys: [] }),
  busBandwidthFraction: fc.double({ min: -0.5, max: 1.5, noNaN: true }),
  allReduceMessageMiB: fc.integer({ min: 0, max: 20000 }),
  timeouts: fc.record({ fabricSeconds: fc.integer({ min: 0, max: 30000 }), servingSeconds: fc.integer({ min: 0, max: 30000 }), loadProbeSeconds: fc.integer({ min: 0, max: 30000 }) }, { requiredKeys: [] }),
  ttlSecondsAfterFinished: fc.integer({ min: -1, max: 700000 }),
});
const autoscalingArb = props({
  targets: fc.record({ outputTokensPerSecond: fc.double({ min: -1, max: 1e6, noNaN: true }), tokensPerSecondPerUser: fc.double({ min: -1, max: 500, noNaN: true }), timeToFirstTokenSeconds: fc.double({ min: -1, max: 700, noNaN: true }) }, { requiredKeys: [] }),
  replicas: fc.record({ min: fc.integer({ min: -1, max: 10 }), max: fc.integer({ min: 0, max: 12 }) }),
  scaleToZero: fc.boolean(),
  activationQuery: cf("sum(rate(x[1m]))", ""),
  metricNames: cf("prefixed", "unprefixed", "other"),
  queuePerReplicaTarget: fc.integer({ min: 0, max: 512 }),
  kvCacheUtilizationTarget: fc.double({ min: -0.1, max: 1.2, noNaN: true }),
  metricLabels: fc.dictionary(cf("namespace", "service", "bad-label", "1x"), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
  nodeAutoscaler: cf("cluster-autoscaler", "gke-node-pool", "karpenter", "none"),
});
const gkePoolOptions = {
  name: name, autoRepair: fc.boolean(), autoUpgrade: fc.boolean(), spot: fc.boolean(), compactPlacement: fc.boolean(),
  maxRunDurationSeconds: cf(undefined, 604800, 3600, 0, 800000), bootDiskSizeGb: fc.integer({ min: 0, max: 70000 }),
};
const nicPairs = fc.oneof({ weight: 4, arbitrary: fc.constant("auto") }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 10 }).map((n) => Array.from({ length: n }, (_, i) => ({ network: `net-${i}`, subnetwork: `sub-${i}` }))) });
/** The extra-NIC networks a GKE plan needs, or the fuzzed ones. */
const nics = (plan: any, pairs: unknown): unknown => {
  if (pairs !== "auto") return pairs;
  try { return planGkeNetworks(plan, { project: "my-proj" }).additionalNetworks.map((n) => ({ network: n.network, subnetwork: n.subnetwork })); } catch { return []; }
};
const gcpNetworkPlans = gcpPlans.slice(0, 6).map((p) => planGkeNetworks(p, { project: "my-proj" }));
const eksInfraPlans = awsPlans.slice(0, 6).map((p) => planEksInfra(p));

const coherentPlacement = coherentInputArb.map(({ cloud, region, hardware, mode }) => ({ cloud, region, hardware, mode }));
const noisyPlacement = fc.record({
  cloud: noisy(cf("aws", "gcp")),
  region: noisy(cf("us-east-1", "us-east-2", "us-west-2", "europe-west4", "us-central1", "eu-north-1")),
  hardware: noisy(cf("8xB200", "8xH200", "2x8xH100", "8xH100")),
  mode: cf("latency", "throughput"),
  overrides: fc.record({ precision: cf("fp8", "nvfp4"), kvCacheDtype: cf("fp8", "bf16") }, { requiredKeys: [] }),
  allowDivergence: fc.subarray(["model", "precision", "image", "kvCacheDtype", "sampling", "other"]),
}, { requiredKeys: ["cloud", "region", "hardware"] });
const clusterPlacement = fc.oneof({ weight: 4, arbitrary: coherentPlacement as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: noisyPlacement });

const gkePlacement = { cloud: "gcp", region: "europe-west4", hardware: "8xH200", gcp: { project: "my-proj" } };
const awsPlacement = { cloud: "aws", region: "us-east-2", hardware: "8xB200" };
/** A DeepSeekCluster placement: coherent (with gcp.project when GCP), or a known refusal, or noise. */
const deepSeekPlacement = fc.oneof(
  { weight: 6, arbitrary: fc.record({ base: coherentPlacement, project: cf("my-proj", ""), name: cf(undefined, "east", "Bad Name") }).map(({ base, project, name: n }) => ({ ...base, ...(base.cloud === "gcp" ? { gcp: { project } } : {}), ...(n ? { name: n } : {}) })) as fc.Arbitrary<unknown> },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(
    { ...gkePlacement, gcp: undefined }, { ...gkePlacement, capacity: { kind: "queued" }, replicas: { min: 0, max: 2 } }, { ...gkePlacement, aws: {} },
    { ...awsPlacement, gcp: { project: "p" } }, { ...awsPlacement, autoscaling: { nodeAutoscaler: "karpenter" } }, { ...awsPlacement, aws: { clusterName: "1-bad_name" } },
    { ...awsPlacement, verification: { busBandwidthFraction: 2 } }, { ...awsPlacement, autoscaling: { replicas: { min: 3, max: 1 } } },
  ) },
  { weight: 1, arbitrary: noisyPlacement },
);
const registerInfo = props({
  displayName: cf("east", ""), stacks: fc.array(cf("ds-east-infra", ""), { maxLength: 2 }),
  endpoint: fc.record({ exposure: cf("public", "private", "cluster", "world"), address: cf("https://api.example.com", ""), port: fc.integer({ min: 0, max: 70000 }), allowedSourceCidrs: fc.array(cidr, { maxLength: 2 }) }, { requiredKeys: ["exposure"] }),
  posture: fc.record({ apiEndpoint: cf("allow-listed", "public", "open"), apiAllowedCidrs: fc.array(cidr, { maxLength: 2 }), imdsV2: fc.boolean(), checksEnabled: fc.array(cf("region-lock", ""), { maxLength: 2 }) }, { requiredKeys: [] }),
});

export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  { name: "planDeployment", weight: 6, arbitrary: fc.oneof(anyInputArb, deploymentInputArb, fc.anything({ maxDepth: 2 })), run: (i) => { planDeployment(i); } },
  {
    name: "planCluster", weight: 3,
    arbitrary: props({ model: cf("deepseek-r1-0528", "deepseek-v3", "nope"), jurisdiction: cf("us", "eu", "uk"), routing: cf("latency", "failover", "random"), allowDivergence: cf(["precision"], ["precision", "kvCacheDtype", "sampling"], []), placements: fc.array(clusterPlacement, { minLength: 0, maxLength: 3 }) }, ["model", "placements"]),
    run: (i) => { planCluster(i); },
  },
  {
    name: "EksInfra", weight: 3,
    arbitrary: props({
      plan: mostly(awsPlanArb), clusterName: name, kubernetesVersion: cf("1.33", "1.32", "2", "v1.33"), vpcCidr: cidr,
      networkZones: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.array(awsZone, { maxLength: 3 }) }), singleNatGateway: fc.boolean(),
      existingNetwork: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({ vpcId: cf("vpc-1", ""), privateSubnets: subnets }) }),
      publicAccessCidrs: fc.array(cidr, { maxLength: 3 }), adminPrincipalArns: fc.array(cf("arn:aws:iam::123456789012:role/admin", "admin"), { maxLength: 2 }),
      gpuRootVolumeGiB: cf(undefined, 200, 50, 20000), systemInstanceType: cf("m7i.xlarge", "big"), systemNodes: fc.integer({ min: -1, max: 12 }),
      placementGroupName: cf("pg", ""),
    }, ["plan"]),
    run: (p) => inStack((s) => new EksInfra(s, "eks", p)),
  },
  {
    name: "EksGpuNodePool", weight: 2,
    arbitrary: props({
      plan: mostly(awsPlanArb), clusterName: name, vpcId: cf("vpc-1", ""), subnets, subnetIds: fc.array(cf("subnet-a", ""), { maxLength: 2 }),
      nodeRoleArn: cf("arn:aws:iam::123456789012:role/node", ""), clusterSecurityGroupId: cf("sg-1", ""),
      rootVolumeGiB: fc.integer({ min: 0, max: 20000 }), placementGroupName: cf("pg", ""), checkInstanceTypeOffering: fc.boolean(),
    }, ["plan", "clusterName", "vpcId"]),
    run: (p) => inStack((s) => new EksGpuNodePool(s, "gpu", p)),
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
    arbitrary: fc.tuple(
      props({ bucketPrefix: cf("deepseek-models-", "Models", "a".repeat(40)), forceDestroy: fc.boolean(), tags: fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 }) }, ["bucketPrefix"]),
      props({ clusterName: name, namespace: cf("deepseek", "DeepSeek"), serviceAccounts: fc.record({ server: cf("s", ""), modelStager: cf("m") }), bucketArn: cf("arn:aws:s3:::b", ""), bucketKmsKeyArn: cf("k"), hfTokenSecretName: cf("hf", "") }, ["clusterName", "namespace", "serviceAccounts", "bucketArn", "bucketKmsKeyArn", "hfTokenSecretName"]),
    ),
    run: ([bucket, identity]) => inStack((s) => { new ModelBucket(s, "models", bucket); new EksWorkloadIdentity(s, "id", identity); }),
  },
  {
    name: "GkeInfra", weight: 3,
    arbitrary: props({
      plan: mostly(gcpPlanArb), project: cf("my-proj", "", "123456789012"), projectNumber: cf("123456789012", "abc"),
      authorizedNetworks: fc.array(fc.record({ cidr, name: cf("office", "") }), { maxLength: 2 }), privateEndpoint: fc.boolean(),
      masterIpv4CidrBlock: cf("172.16.0.0/28", "172.16.0.0/24"), releaseChannel: cf("REGULAR", "STABLE", "NIGHTLY"),
      deletionProtection: fc.boolean(), namePrefix: name, bucketName: cf("my-proj-models", "ab", "Bad Bucket"),
      bucketKmsKeyName: cf("projects/p/locations/l/keyRings/r/cryptoKeys/k", ""), databaseEncryptionKeyName: cf("projects/p/locations/l/keyRings/r/cryptoKeys/k"),
      existingNetwork: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({ network: cf("n"), subnetwork: cf("s"), podsRangeName: cf("pods"), servicesRangeName: cf("svc", ""), additionalNetworks: nicPairs }) }),
      gpuPool: fc.record({ ...gkePoolOptions, name: fc.constant(undefined) }, { requiredKeys: [] }),
    }, ["plan", "project"]),
    run: (p) => inStack((s) => new GkeInfra(s, "gke", p.existingNetwork?.additionalNetworks === "auto" ? { ...p, existingNetwork: { ...p.existingNetwork, additionalNetworks: nics(p.plan, "auto") } } : p)),
  },
  {
    name: "GkeGpuNodePool+GkeControlPlane", weight: 2,
    arbitrary: fc.tuple(
      props({ plan: mostly(gcpPlanArb), cluster: cf("c", ""), location: cf("europe-west4", ""), project: cf("p"), additionalNodeNetworks: nicPairs, serviceAccountEmail: cf("sa@p.iam.gserviceaccount.com"), ...gkePoolOptions }, ["plan", "cluster", "additionalNodeNetworks"]),
      props({ project: cf("p", ""), projectNumber: cf("123", "x"), clusterName: name, location: cf("europe-west4"), network: cf("n"), subnetwork: cf("s"), podsRangeName: cf("pods"), servicesRangeName: cf("svc"), multiNetworking: fc.boolean(), authorizedNetworks: fc.array(fc.record({ cidr, name: cf("n") }), { maxLength: 2 }), keyRotationPeriodSeconds: fc.integer({ min: -1, max: 1e9 }), systemNodesPerZone: fc.record({ min: fc.integer({ min: -1, max: 5 }), max: fc.integer({ min: 0, max: 5 }) }), systemMachineType: cf("e2-standard-4", "") }, ["project", "clusterName", "location", "network", "subnetwork", "podsRangeName", "servicesRangeName"]),
    ),
    run: ([pool, cp]) => inStack((s) => { new GkeGpuNodePool(s, "gpu", { ...pool, additionalNodeNetworks: nics(pool.plan, pool.additionalNodeNetworks) }); new GkeControlPlane(s, "cp", cp); }),
  },
  {
    name: "GkeNetwork+GkeModelBucket+GkeServingIdentities", weight: 1,
    arbitrary: fc.record({
      network: props({ networkPlan: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...gcpNetworkPlans) as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constant({ create: false }) }), project: cf("p", "") }, ["networkPlan"]),
      bucket: props({ plan: mostly(gcpPlanArb), bucketName: cf("my-models", "ab", "x".repeat(70)), project: cf("p"), location: cf("europe-west4", ""), kmsKeyName: cf("k"), forceDestroy: fc.boolean() }, ["plan", "bucketName"]),
      ids: props({ plan: mostly(gcpPlanArb), project: cf("p"), bucketName: cf("b", ""), serverAccountId: cf("server-sa", "x"), stagerAccountId: cf("stager-sa"), hfTokenSecretId: cf("hf", "bad id") }, ["plan", "project", "bucketName", "serverAccountId", "stagerAccountId", "hfTokenSecretId"]),
    }),
    run: ({ network, bucket, ids }) => inStack((s) => { new GkeNetwork(s, "net", network); new GkeModelBucket(s, "bucket", bucket); new GkeServingIdentities(s, "ids", ids); }),
  },
  {
    name: "GKE/EKS planners", weight: 2,
    arbitrary: fc.record({
      which: fc.constantFrom("networks", "pool", "names", "eks"), aws: mostly(awsPlanArb), gcp: mostly(gcpPlanArb),
      project: noisy(cf("my-proj", "123456789012")), namePrefix: noisy(name), pool: props({ ...gkePoolOptions, additionalNodeNetworks: nicPairs }),
      eks: props({ clusterName: name, vpcCidr: cidr, systemNodes: fc.integer({ min: 0, max: 11 }), publicAccessCidrs: fc.array(cidr, { maxLength: 2 }) }),
    }),
    run: ({ which, aws, gcp, project, namePrefix, pool, eks }) => {
      if (which === "networks") planGkeNetworks(gcp, { project, namePrefix });
      if (which === "pool") planGkeNodePool(gcp, { ...pool, additionalNodeNetworks: nics(gcp, pool.additionalNodeNetworks) } as any);
      if (which === "names") planGkeInfraNames(gcp, { project, namePrefix });
      if (which === "eks") planEksInfra(aws, eks);
    },
  },
  {
    name: "DeepSeekCluster", weight: 1,
    arbitrary: props({
      model: cf("deepseek-r1-0528", "deepseek-v3", "nope"), jurisdiction: cf(undefined, "us", "eu"),
      endpoint: fc.record({ hostname: cf("api.example.com", "Not A Host"), route53ZoneId: cf(undefined, "Z0123456789ABCDEFGHIJ", "example.com") }, { requiredKeys: ["hostname"] }),
      placements: fc.array(deepSeekPlacement, { minLength: 1, maxLength: 2 }),
      allowDivergence: cf(["precision", "kvCacheDtype", "sampling"], ["precision"], []),
    }, ["model", "endpoint", "placements"]),
    run: (p) => inStack((s) => new DeepSeekCluster(s, "ds", p)),
  },
  {
    name: "GpuNodePool", weight: 2,
    arbitrary: fc.record({ plan: anyPlanArb, pairs: nicPairs, shape: fc.constantFrom("match", "match", "match", "match", "both", "none", "swap"), eks: props({ clusterName: cf("c", ""), vpcId: cf("vpc-1", ""), subnetIds: fc.array(cf("subnet-a", ""), { minLength: 1, maxLength: 2 }), rootVolumeGiB: cf(undefined, 200, 20) }, ["clusterName", "vpcId", "subnetIds"]), gkeCluster: cf("c", ""), fault: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.record({ key: fc.constantFrom("plan", "eks", "gke", "props", "extra"), value: garbage }) }) }),
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
    arbitrary: fc.record({ plan: anyPlanArb, target: noisy(targetArb), which: fc.constantFrom("serving", "operators", "staging", "single", "multi", "providers"), alias: cf(undefined, "east", "1 bad") }),
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
    arbitrary: fc.record({ plan: anyPlanArb, validPlan: validPlanArb, traffic: noisy(trafficArb), construct: fc.boolean() }),
    run: ({ plan, validPlan, traffic, construct }) => (construct ? inStack((s) => new InferenceGateway(s, "gw", { plan, traffic })) : planTraffic(validPlan, traffic)),
  },
  {
    name: "DeploymentChecks/planVerification", weight: 2,
    arbitrary: fc.record({
      construct: fc.boolean(), validPlan: validPlanArb,
      props: props({ plan: anyPlanArb, verification: verificationArb, endpointUrl: cf("https://api.example.com", ""), apiKeySecret: fc.record({ name: cf("api-keys", "API"), key: cf("key", "bad key") }), checkImage: cf("python:3.12", "python"), fabricImage: cf("nvcr.io/nvidia/pytorch:25.01-py3"), createOutput: fc.boolean() }, ["plan", "endpointUrl", "apiKeySecret"]),
    }),
    run: ({ construct, validPlan, props: p }) => (construct ? inStack((s) => new DeploymentChecks(s, "checks", p)) : planVerification(validPlan, p.verification)),
  },
  {
    name: "autoscaling constructs/planAutoscaling", weight: 3,
    arbitrary: fc.record({
      which: fc.constantFrom("plan", "replica", "keda", "cluster-autoscaler", "identity"),
      plan: anyPlanArb, validPlan: validPlanArb, autoscaling: noisy(autoscalingArb),
      prometheusAddress: noisy(cf("http://prometheus-operated.monitoring:9090", "prometheus:9090")),
      namespace: noisy(cf(undefined, "deepseek", "Bad")), chartVersion: noisy(cf(undefined, "2.17.2", "latest")),
      clusterName: noisy(cf("c", "")), region: noisy(cf("us-east-1", "")),
    }),
    run: (c) => {
      if (c.which === "plan") { planAutoscaling(c.validPlan, c.autoscaling); return; }
      inStack((s) => {
        if (c.which === "replica") new ReplicaAutoscaler(s, "scale", { plan: c.plan, autoscaling: c.autoscaling, prometheusAddress: c.prometheusAddress, namespace: c.namespace });
        if (c.which === "keda") new KedaOperator(s, "keda", { namespace: c.namespace, chartVersion: c.chartVersion });
        if (c.which === "cluster-autoscaler") new ClusterAutoscaler(s, "ca", { plan: c.validPlan, autoscaling: planAutoscaling(c.validPlan, c.autoscaling), clusterName: c.clusterName, chartVersion: c.chartVersion });
        if (c.which === "identity") new ClusterAutoscalerIdentity(s, "ca-id", { clusterName: c.clusterName, region: c.region });
      });
    },
  },
];

/** Runs `totalCases` spread over the targets by weight; never throws, reports escapes. */
export function runFuzz(totalCases: number, seed: number, targets: readonly FuzzTarget[] = FUZZ_TARGETS): TargetResult[] {
  const weights = targets.reduce((sum, t) => sum + t.weight, 0);
  return targets.map((t, index) => {
    const numRuns = Math.max(1, Math.ceil((totalCases * t.weight) / weights));
    let ok = 0;
    let refused = 0;
    const escapes: { input: unknown; error: string }[] = [];
    const paths = new Map<string, number>();
    fc.assert(fc.property(t.arbitrary, (input) => {
      try {
        t.run(input);
        ok++;
      } catch (e) {
        if (e instanceof DeepSeekConfigError) { refused++; paths.set(e.path, (paths.get(e.path) ?? 0) + 1); }
        else if (escapes.length < 5) escapes.push({ input, error: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split("\n").slice(1, 4).join("\n")}` : String(e) });
        else escapes.push({ input: "(more)", error: String(e) });
      }
    }), { numRuns, seed: seed + index, endOnFailure: true });
    return { name: t.name, cases: numRuns, ok, refused, escapes, topRefusals: [...paths].sort((a, b) => b[1] - a[1]).slice(0, 3) };
  });
}
