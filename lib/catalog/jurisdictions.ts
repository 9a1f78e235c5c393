import { Cloud } from "./node-types";

export type Jurisdiction = "us" | "eu";
export const JURISDICTIONS: readonly Jurisdiction[] = ["us", "eu"];

export interface JurisdictionSpec {
  readonly name: Jurisdiction;
  readonly description: string;
  /** Regions wholly inside the jurisdiction, per cloud. */
  readonly regions: Readonly<Record<Cloud, readonly string[]>>;
  /** Multi- and dual-region storage locations wholly inside it (GCS `US`, `NAM4`; `EU`, `EUR4`). */
  readonly multiRegionLocations: readonly string[];
  /** Regions that look close but are outside (named in errors). */
  readonly notInside: Readonly<Record<string, string>>;
}

// Region lists: AWS "Regions and Availability Zones" and GCP "Geography and regions" pages.
// EU = EU member states only; the UK (London) and Switzerland (Zurich) are not members.
export const JURISDICTION_SPECS: Readonly<Record<Jurisdiction, JurisdictionSpec>> = {
  us: {
    name: "us",
    description: "United States",
    regions: {
      aws: ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
      gcp: ["us-central1", "us-east1", "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3", "us-west4"],
    },
    // NAM4 = Iowa + South Carolina (GCS dual-region).
    multiRegionLocations: ["US", "NAM4"],
    notInside: { "ca-central-1": "Canada", "northamerica-northeast1": "Canada" },
  },
  eu: {
    name: "eu",
    description: "European Union member states",
    regions: {
      aws: ["eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2"],
      gcp: ["europe-central2", "europe-north1", "europe-southwest1", "europe-west1", "europe-west3", "europe-west4", "europe-west8", "europe-west9", "europe-west10", "europe-west12"],
    },
    // EUR4 = Finland + Netherlands. EUR5 (London), EUR7 (London) and EUR8 (Zurich) are outside.
    multiRegionLocations: ["EU", "EUR4"],
    notInside: {
      "eu-west-2": "London, United Kingdom",
      "eu-central-2": "Zurich, Switzerland",
      "europe-west2": "London, United Kingdom",
      "europe-west6": "Zurich, Switzerland",
    },
  },
};

/** The jurisdiction a region lies in, if any. */
export function jurisdictionOf(cloud: Cloud, region: string): Jurisdiction | undefined {
  return JURISDICTIONS.find((j) => JURISDICTION_SPECS[j].regions[cloud].includes(region));
}
