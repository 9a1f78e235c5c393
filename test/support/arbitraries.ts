import fc from "fast-check";
import { JURISDICTION_SPECS } from "../../lib/catalog/jurisdictions";
import { MODEL_NAMES } from "../../lib/catalog/models";
import { MOE_BACKENDS } from "../../lib/catalog/recipes";
import { NODE_TYPE_NAMES, NODE_TYPES } from "../../lib/catalog/node-types";
import { CAPACITY_KINDS } from "../../lib/plan/input";

/** Mostly-valid values with a share of garbage, so both plans and refusals are exercised. */
const withNoise = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: valid }, { weight: 1, arbitrary: fc.string() as fc.Arbitrary<unknown> }, { weight: 1,
  arbitrary: fc.anything() });

const regions = [...new Set([
  ...Object.values(JURISDICTION_SPECS).flatMap((j) => [...j.regions.aws, ...j.regions.gcp, ...Object.keys(j.notInside)]),
  ...NODE_TYPE_NAMES.flatMap((n) => Object.keys(NODE_TYPES[n].regions)),
])];
const zonesOf = (region: string) => [`${region}a`, `${region}d`, `${region}-b`, `${region}-c`];

export const capacityArb = fc.oneof(
  fc.constant({ kind: "on-demand" }),
  fc.record({ kind: fc.constant("reservation"), id: fc.constantFrom("cr-0abc123", "my-res", ""), zone: fc.constantFrom(...regions.flatMap(zonesOf).slice(0, 40)), nodes: fc.integer({ min: -1, max: 20 }) }),
  fc.record({ kind: fc.constant("capacity-block"), id: fc.constantFrom("cr-0abc123", "bad"), zone: fc.constantFrom("us-east-1a", "us-east-2b", "us-west-2d"), nodes: fc.integer({ min: 0, max: 16 }) }),
  fc.record({ kind: fc.constantFrom(...CAPACITY_KINDS.filter((k) => k === "flex-start" || k === "queued")) }),
  fc.constant({ kind: "spot" }),
);

export const deploymentInputArb = fc.record(
  {
    model: withNoise(fc.constantFrom(...MODEL_NAMES)),
    hardware: withNoise(fc.constantFrom("8xB200", "8xH200", "2x8xH100", "8xH100", "2x8xH200", "3x8xH100", "4x8xB200", "8xA100", "4xB200", "9x8xH100")),
    cloud: withNoise(fc.constantFrom("aws", "gcp")),
    region: withNoise(fc.constantFrom(...regions)),
    jurisdiction: fc.constantFrom("us", "eu", "uk"),
    mode: fc.constantFrom("latency", "balanced", "throughput"),
    contextLength: fc.integer({ min: -10, max: 300000 }),
    replicas: fc.record({ min: fc.integer({ min: -1, max: 6 }), max: fc.integer({ min: 0, max: 8 }) }),
    capacity: capacityArb,
    overrides: fc.record(
      {
        tensorParallel: fc.constantFrom(1, 2, 4, 8, 16, 3),
        pipelineParallel: fc.constantFrom(1, 2, 4),
        expertParallel: fc.constantFrom(1, 2, 3, 4, 8, 16, 32),
        attentionDataParallel: fc.boolean(),
        precision: fc.constantFrom("fp8", "nvfp4", "bf16"),
        moeBackend: fc.constantFrom(...MOE_BACKENDS),
        mtpLayers: fc.integer({ min: -1, max: 6 }),
        kvCacheDtype: fc.constantFrom("fp8", "bf16"),
        maxNumTokens: fc.integer({ min: 0, max: 70000 }),
        kvCacheFreeMemoryFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["model", "hardware", "cloud", "region"] },
);

/** Coherent inputs: a region that offers the node type, a matching jurisdiction, sparse overrides. */
export const coherentInputArb = fc
  .record({
    model: fc.constantFrom("deepseek-r1", "deepseek-r1-0528", "deepseek-v3", "deepseek-v3-0324", "deepseek-v3.1", "deepseek-v3.2",
      "deepseek-r1-distill-llama-70b", "deepseek-r1-distill-qwen-32b"),
    gpu: fc.constantFrom("B200", "B300", "H200", "H100"),
    nodes: fc.constantFrom(1, 2, 2, 4),
    cloud: fc.constantFrom("aws", "gcp"),
    regionIndex: fc.nat(),
    withJurisdiction: fc.boolean(),
    mode: fc.constantFrom("latency", "balanced", "throughput"),
    replicas: fc.option(fc.record({ min: fc.integer({ min: 0, max: 3 }), max: fc.integer({ min: 1, max: 6 }) }), { nil: undefined }),
    contextLength: fc.option(fc.integer({ min: 1024, max: 140000 }), { nil: undefined }),
    overrides: fc.option(fc.record({ expertParallel: fc.constantFrom(1, 2, 4, 8), mtpLayers: fc.integer({ min: 0, max: 3 }), maxNumTokens: fc.constantFrom(1024, 4096,
      16384) }, { requiredKeys: [] }), { nil: undefined }),
  })
  .map((c) => {
    // GCP has no 8-GPU B300 machine type: B300 draws stay on AWS.
    const cloud = c.gpu === "B300" ? "aws" : c.cloud;
    const nodeType = Object.values(NODE_TYPES).find((n) => n.cloud === cloud && n.gpu === c.gpu && (cloud === "aws" ? n.name !== "p5e.48xlarge" : n.name !== "a3-highgpu-8g"))!;
    const regionsOffered = Object.keys(nodeType.regions);
    const region = regionsOffered[c.regionIndex % regionsOffered.length];
    const jurisdiction = c.withJurisdiction ? (Object.values(JURISDICTION_SPECS).find((j) => j.regions[cloud as "aws" | "gcp"].includes(region))?.name) : undefined;
    return {
      model: c.model, hardware: c.nodes === 1 ? `8x${c.gpu}` : `${c.nodes}x8x${c.gpu}`, cloud, region, mode: c.mode,
      ...(jurisdiction ? { jurisdiction } : {}),
      ...(c.replicas ? { replicas: c.replicas } : {}),
      ...(c.contextLength ? { contextLength: c.contextLength } : {}),
      ...(c.overrides ? { overrides: c.overrides } : {}),
    };
  });

export const anyInputArb = fc.oneof({ weight: 3, arbitrary: coherentInputArb as fc.Arbitrary<unknown> }, { weight: 2, arbitrary: deploymentInputArb as fc.Arbitrary<unknown> });
