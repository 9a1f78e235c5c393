import { Cloud, JURISDICTION_SPECS, Jurisdiction } from "../catalog";

/**
 * Whether a region, zone or multi-region location lies inside a jurisdiction.
 * AWS zones are `<region><letter>` (eu-north-1a); GCP zones are `<region>-<letter>` (europe-west4-b);
 * GCP multi-regions `EU`/`US` count as inside their own jurisdiction only; `global` is outside all.
 */
export function locationInside(jurisdiction: Jurisdiction, cloud: Cloud, location: string): boolean {
  const spec = JURISDICTION_SPECS[jurisdiction];
  if (spec.multiRegionLocations.some((m) => m.toLowerCase() === location.toLowerCase())) return true;
  // GCS reports locations in upper case (EUROPE-WEST4); regions and zones compare in lower case.
  location = location.toLowerCase();
  const region = cloud === "aws" ? location.replace(/^([a-z]{2}(?:-[a-z]+)+-\d)[a-z]$/, "$1") : location.replace(/^([a-z]+-[a-z]+\d+)-[a-z]$/, "$1");
  return spec.regions[cloud].includes(region);
}

/** Attribute names that place a resource or provider somewhere. */
export const LOCATION_ATTRIBUTES: ReadonlySet<string> = new Set([
  "region", "location", "zone", "node_locations", "availability_zone", "availability_zones", "default_location",
]);

const DIRECTIONS = "(?:north|south|east|west|central|northeast|northwest|southeast|southwest)";
/** AWS regions (`eu-north-1`, `us-gov-west-1`, `ap-southeast-7`) and GCP regions (`europe-west4`), zones included by their prefix. */
const REGION_TOKENS: readonly { readonly cloud: Cloud; readonly re: RegExp }[] = [
  { cloud: "aws", re: new RegExp(`(?<![A-Za-z0-9])(?:us-gov|us-iso[a-z]?|us|eu|eusc|ap|sa|ca|me|af|il|mx|cn)-${DIRECTIONS}-\\d+(?![0-9])`, "gi") },
  { cloud: "gcp", re: new RegExp(`(?<![A-Za-z0-9])(?:us|europe|asia|australia|northamerica|southamerica|me|africa)-${DIRECTIONS}\\d+(?![0-9])`, "gi") },
];

/**
 * Region names written anywhere in a text (`com.amazonaws.us-east-1.s3`, an ARN, a host name)
 * that lie outside the jurisdiction. The region lock reads every literal of a cloud element this
 * way, so a destination in an attribute it does not know by name still cannot name a region outside.
 */
export function foreignRegionTokens(jurisdiction: Jurisdiction, text: string): { readonly cloud: Cloud; readonly token: string }[] {
  const out: { cloud: Cloud; token: string }[] = [];
  for (const { cloud, re } of REGION_TOKENS) {
    for (const m of text.matchAll(re)) if (!locationInside(jurisdiction, cloud, m[0])) out.push({ cloud, token: m[0] });
  }
  return out;
}
