import { asWritten, type PathOf } from "./refusal-paths";
import { Cloud, JURISDICTION_SPECS, Jurisdiction, NODE_TYPES, NodeTypeSpec, jurisdictionOf } from "../catalog";
import { DeepSeekConfigError, oneOf } from "../errors";
import type { CapacityPlan } from "./plan";
import type { ParsedDeploymentInput } from "./input";

/** Every region name the catalog knows for a cloud (jurisdiction lists and node-type offerings). */
export function knownRegions(cloud: Cloud): string[] {
  const names = new Set<string>();
  for (const spec of Object.values(JURISDICTION_SPECS)) spec.regions[cloud].forEach((r) => names.add(r));
  for (const spec of Object.values(JURISDICTION_SPECS)) Object.keys(spec.notInside).filter((r) => regionLooksLike(cloud, r)).forEach((r) => names.add(r));
  for (const nt of Object.values(NODE_TYPES)) if (nt.cloud === cloud) Object.keys(nt.regions).forEach((r) => names.add(r));
  return [...names].sort();
}

function regionLooksLike(cloud: Cloud, region: string): boolean {
  return cloud === "aws" ? /^[a-z]{2}-[a-z]+-\d$/.test(region) : /^[a-z]+-[a-z]+\d+$/.test(region);
}

/** Checks the region exists, offers the node type, and lies inside the jurisdiction. */
export function checkRegion(input: ParsedDeploymentInput, nodeType: NodeTypeSpec, at: PathOf = asWritten): void {
  const { cloud, region, jurisdiction } = input;
  const extra = input.additionalRegions ?? [];
  const known = knownRegions(cloud);
  if (!known.includes(region) && !extra.includes(region)) {
    throw new DeepSeekConfigError(at("region"), `is not a known ${cloud} region`, region, `use one of ${oneOf(known)}, or add it to additionalRegions if the catalog is behind`);
  }
  if (jurisdiction) checkJurisdiction(cloud, region, jurisdiction, "region", at);
  const offered = Object.keys(nodeType.regions);
  if (!offered.includes(region) && !extra.includes(region)) {
    const inside = jurisdiction ? offered.filter((r) => JURISDICTION_SPECS[jurisdiction].regions[cloud].includes(r)) : offered;
    const choices = inside.length ? `use ${oneOf(inside)}` : `no region inside "${jurisdiction}" is known to offer it; choose other hardware`;
    throw new DeepSeekConfigError(at("region"), `does not offer ${nodeType.name} (catalog starting list)`, region, `${choices}, or add "${region}" to additionalRegions once you have confirmed the offering`);
  }
}

/** Refuses a region outside the jurisdiction, naming why. */
export function checkJurisdiction(cloud: Cloud, region: string, jurisdiction: Jurisdiction, path: string, at: PathOf = asWritten): void {
  const spec = JURISDICTION_SPECS[jurisdiction];
  if (spec.regions[cloud].includes(region)) return;
  const where = spec.notInside[region] ? ` (${spec.notInside[region]})` : jurisdictionOf(cloud, region) ? ` (in "${jurisdictionOf(cloud, region)}")` : "";
  throw new DeepSeekConfigError(at(path), `is outside the "${jurisdiction}" jurisdiction${where}`, region, `use one of the ${cloud} regions inside ${spec.description}: ${oneOf(spec.regions[cloud])}`);
}

function zoneInRegion(cloud: Cloud, zone: string, region: string): boolean {
  // AWS zones are <region><letter> (us-east-1a); GCP zones are <region>-<letter> (europe-west4-b).
  return cloud === "aws" ? new RegExp(`^${region}[a-z]$`).test(zone) : new RegExp(`^${region}-[a-z]$`).test(zone);
}

const CAPACITY_CLOUDS: Record<string, readonly Cloud[]> = {
  "on-demand": ["aws", "gcp"],
  reservation: ["aws", "gcp"],
  "capacity-block": ["aws"],
  "flex-start": ["gcp"],
  queued: ["gcp"],
  spot: ["aws", "gcp"],
};

/** Zones for GPU nodes: capacity zone, user zones or catalog zones; exactly one for multi-node. */
export function planZones(input: ParsedDeploymentInput, nodeType: NodeTypeSpec, nodesPerReplica: number, at: PathOf = asWritten): string[] {
  const { cloud, region } = input;
  const capacityZone = input.capacity && "zone" in input.capacity ? input.capacity.zone : undefined;
  (input.zones ?? []).forEach((zone, i) => {
    const first = (input.zones ?? []).indexOf(zone);
    if (first !== i) throw new DeepSeekConfigError(at(`zones.${i}`), `repeats zones.${first}`, zone, "list each zone once");
    if (!zoneInRegion(cloud, zone, region)) {
      throw new DeepSeekConfigError(at(`zones.${i}`), `is not a zone of ${region}`, zone, `use zones named ${cloud === "aws" ? `${region}a, ${region}b, ...` : `${region}-a, ${region}-b, ...`}`);
    }
  });
  if (capacityZone !== undefined) {
    if (!zoneInRegion(cloud, capacityZone, region)) {
      throw new DeepSeekConfigError(at("capacity.zone"), `is not a zone of ${region}`, capacityZone, "reserved capacity lives in one zone of the placement's region; set region to the reservation's region or fix the zone");
    }
    if (input.zones && !input.zones.includes(capacityZone)) {
      throw new DeepSeekConfigError(at("capacity.zone"), `is not among the GPU zones ${oneOf(input.zones)}: no subnet would cover the reservation`, capacityZone, `add "${capacityZone}" to zones or drop zones`);
    }
    return [capacityZone];
  }
  const catalogZones = [...(nodeType.regions[region] ?? [])];
  const fallback = cloud === "aws" ? [`${region}a`, `${region}b`, `${region}c`] : [`${region}-b`];
  const zones = input.zones ?? (catalogZones.length ? catalogZones : fallback);
  // One multi-node replica must sit in one zone (placement group / COMPACT policy); keep the first.
  return nodesPerReplica > 1 ? zones.slice(0, 1) : zones;
}

/** Checks capacity against the cloud and topology, and decides placement policy. */
export function planCapacity(input: ParsedDeploymentInput, nodesPerReplica: number, at: PathOf = asWritten): CapacityPlan {
  const capacity = input.capacity ?? { kind: "on-demand" as const };
  if (!CAPACITY_CLOUDS[capacity.kind].includes(input.cloud)) {
    const valid = Object.keys(CAPACITY_CLOUDS).filter((k) => CAPACITY_CLOUDS[k].includes(input.cloud));
    throw new DeepSeekConfigError(at("capacity.kind"), `is not available on ${input.cloud}`, capacity.kind, `use ${oneOf(valid)}`);
  }
  if (capacity.kind === "reservation" && capacity.block !== undefined && input.cloud !== "gcp") {
    throw new DeepSeekConfigError(at("capacity.block"), "reservation blocks exist only on GCP", capacity.block, "remove block, or use cloud \"gcp\"");
  }
  if (capacity.kind === "reservation" && input.cloud === "aws" && !/^cr-[0-9a-f]+$/.test(capacity.id)) {
    throw new DeepSeekConfigError(at("capacity.id"), "is not an EC2 Capacity Reservation id", capacity.id, "use the reservation's id, e.g. cr-0123456789abcdef0");
  }
  const multiNode = nodesPerReplica > 1;
  const reservedNodes = "nodes" in capacity ? capacity.nodes : undefined;
  if (reservedNodes !== undefined && reservedNodes < nodesPerReplica) {
    throw new DeepSeekConfigError(at("capacity.nodes"), `reserves fewer nodes than one replica needs (${nodesPerReplica})`, reservedNodes, `reserve at least ${nodesPerReplica} nodes or choose hardware that fits on fewer`);
  }
  return {
    kind: capacity.kind,
    id: "id" in capacity ? capacity.id : undefined,
    block: capacity.kind === "reservation" ? capacity.block : undefined,
    zone: "zone" in capacity ? capacity.zone : undefined,
    reservedNodes,
    // Capacity Blocks are already co-located; a placement group there causes launch failures (terraform-aws-eks #3730).
    placementGroup: input.cloud === "aws" && multiNode && (capacity.kind === "on-demand" || capacity.kind === "reservation"),
    // Queued provisioning refuses COMPACT placement (cluster-toolkit gke-node-pool preconditions).
    compactPlacement: input.cloud === "gcp" && multiNode && capacity.kind !== "queued",
  };
}
