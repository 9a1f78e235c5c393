import type { Cloud } from "./node-types";

/**
 * Hourly price of one GPU node, for the review's cost ESTIMATE only. Prices move often and vary
 * by region, OS and contract; nothing in the library decides anything from them.
 */
export interface NodePrice {
  readonly nodeType: string;
  readonly cloud: Cloud;
  /** On-demand (pay-as-you-go) Linux price of one node, USD per hour, in `referenceRegion`. */
  readonly onDemandUsdPerHour: number;
  /** AWS Capacity Blocks for ML effective hourly rate, USD per hour, where known. */
  readonly capacityBlockUsdPerHour?: number;
  /** The region the price was read for. Other regions usually cost the same or more. */
  readonly referenceRegion: string;
  /** Where the number comes from. */
  readonly source: string;
  /** When the number was last checked, `YYYY-MM`. */
  readonly asOf: string;
  /** False until someone checks the number against the provider's own price page. */
  readonly confirmed: boolean;
}

/** Date stamped on every entry below; bump it with the numbers. */
export const PRICES_AS_OF = "2026-11";

const AWS_OD_SOURCE = "UNCONFIRMED: best public knowledge of aws.amazon.com/ec2/pricing/on-demand (after the June 2025 P5/P5en price cut); check before budgeting";
const GCP_OD_SOURCE = "UNCONFIRMED: best public knowledge of cloud.google.com/compute/vm-instance-pricing (accelerator-optimized, on-demand); check before budgeting";
const CB_SOURCE = "aws.amazon.com/ec2/capacityblocks/pricing via third-party notes (UNCONFIRMED)";

/**
 * One entry per catalog node type (lib/catalog/node-types.ts) whose price we could read; all numbers
 * are estimates. p6-b300.48xlarge has none on purpose: no AWS on-demand or Capacity Block rate for it
 * could be found (searched 2026-11-30), so hourlyRate returns undefined and the review says "no price"
 * for 8xB300 rather than carry a guess. GCP lists no B300 machine type in the catalog.
 */
export const NODE_PRICES: Readonly<Record<string, NodePrice>> = {
  "p5.48xlarge": {
    nodeType: "p5.48xlarge", cloud: "aws", onDemandUsdPerHour: 55.04, capacityBlockUsdPerHour: 41.53, referenceRegion: "us-east-1",
    source: `on-demand: ${AWS_OD_SOURCE}; capacity block: ${CB_SOURCE}`, asOf: PRICES_AS_OF, confirmed: false,
  },
  "p5e.48xlarge": {
    nodeType: "p5e.48xlarge", cloud: "aws", onDemandUsdPerHour: 63.3, referenceRegion: "us-east-2",
    source: `${AWS_OD_SOURCE} (p5e is mostly sold as Capacity Blocks; priced like p5en here)`, asOf: PRICES_AS_OF, confirmed: false,
  },
  "p5en.48xlarge": {
    nodeType: "p5en.48xlarge", cloud: "aws", onDemandUsdPerHour: 63.3, referenceRegion: "us-east-1",
    source: AWS_OD_SOURCE, asOf: PRICES_AS_OF, confirmed: false,
  },
  "p6-b200.48xlarge": {
    nodeType: "p6-b200.48xlarge", cloud: "aws", onDemandUsdPerHour: 113.93, capacityBlockUsdPerHour: 98.84, referenceRegion: "us-east-1",
    source: `on-demand: ${AWS_OD_SOURCE}; capacity block: ${CB_SOURCE}`, asOf: PRICES_AS_OF, confirmed: false,
  },
  "a3-highgpu-8g": {
    nodeType: "a3-highgpu-8g", cloud: "gcp", onDemandUsdPerHour: 88.25, referenceRegion: "us-central1",
    source: GCP_OD_SOURCE, asOf: PRICES_AS_OF, confirmed: false,
  },
  "a3-megagpu-8g": {
    nodeType: "a3-megagpu-8g", cloud: "gcp", onDemandUsdPerHour: 88.25, referenceRegion: "us-central1",
    source: GCP_OD_SOURCE, asOf: PRICES_AS_OF, confirmed: false,
  },
  "a3-ultragpu-8g": {
    nodeType: "a3-ultragpu-8g", cloud: "gcp", onDemandUsdPerHour: 84.81, referenceRegion: "us-central1",
    source: GCP_OD_SOURCE, asOf: PRICES_AS_OF, confirmed: false,
  },
  "a4-highgpu-8g": {
    nodeType: "a4-highgpu-8g", cloud: "gcp", onDemandUsdPerHour: 112.0, referenceRegion: "us-central1",
    source: GCP_OD_SOURCE, asOf: PRICES_AS_OF, confirmed: false,
  },
};

/** Which rate a cost estimate used. */
export type PriceBasis = "on-demand" | "capacity-block" | "on-demand (upper bound)";

export interface HourlyRate {
  readonly usdPerNodeHour: number;
  readonly basis: PriceBasis;
  readonly referenceRegion: string;
  /** The regions the rate holds for; elsewhere a review says "no price for this region". */
  readonly regions: readonly string[];
  readonly source: string;
  readonly asOf: string;
  readonly confirmed: boolean;
}

/**
 * Regions that share the reference region's price list. AWS bills US East (N. Virginia) and US
 * East (Ohio) at the same EC2 on-demand rates (aws.amazon.com/ec2/pricing/on-demand, region
 * selector; UNCONFIRMED for the newest P6 types). EU and other regions are not priced here.
 */
const SAME_PRICE_REGIONS: Readonly<Record<string, readonly string[]>> = { "us-east-1": ["us-east-1", "us-east-2"] };

/**
 * The hourly rate of one node for a capacity kind, or `undefined` when the node type has no
 * price entry. Reservations bill at the on-demand rate; Capacity Blocks use their own rate where
 * known; spot, flex-start, queued capacity (and Capacity Blocks without a known rate) are
 * discounted by amounts that move often, so the on-demand rate is given as an upper bound.
 */
export function hourlyRate(nodeType: string, capacityKind: string): HourlyRate | undefined {
  const price = NODE_PRICES[nodeType];
  if (!price) return undefined;
  const common = {
    referenceRegion: price.referenceRegion, regions: SAME_PRICE_REGIONS[price.referenceRegion] ?? [price.referenceRegion],
    source: price.source, asOf: price.asOf, confirmed: price.confirmed,
  };
  if (capacityKind === "capacity-block" && price.capacityBlockUsdPerHour !== undefined) {
    return { usdPerNodeHour: price.capacityBlockUsdPerHour, basis: "capacity-block", ...common };
  }
  const upperBound = capacityKind === "spot" || capacityKind === "flex-start" || capacityKind === "queued" || capacityKind === "capacity-block";
  return { usdPerNodeHour: price.onDemandUsdPerHour, basis: upperBound ? "on-demand (upper bound)" : "on-demand", ...common };
}
