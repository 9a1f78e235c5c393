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
