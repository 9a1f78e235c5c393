import { asWritten, type PathOf } from "../../plan/refusal-paths";
import { requirePlan } from "../../plan/plan-shape";
import { z } from "zod";
import { NODE_TYPES } from "../../catalog";
import { DeepSeekConfigError } from "../../errors";
import { parseOrThrow } from "../../validation";
import { servingNames } from "../../plan/names";
import type { DeploymentPlan } from "../../plan/plan";

/**
 * The GKE GPU node pool for a plan, as plain data, with Google's own node-pool rules (cluster-toolkit
 * modules/compute/gke-node-pool/main.tf preconditions) enforced as DeepSeekConfigError before any Terraform.
 */

/** Default DWS flex-start run limit: 7 days (GKE DWS concept page). */
export const FLEX_START_MAX_RUN_SECONDS = 7 * 24 * 3600;
/** Local SSD disk size on A3/A4 (each bundled disk is 375 GB). */
export const LOCAL_SSD_DISK_GB = 375;
/** Machine families that may combine COMPACT placement with DWS flex-start. */
export const COMPACT_FLEX_START_MACHINES: readonly string[] = ["a3-ultragpu-8g", "a4-highgpu-8g"];
export const RESERVATION_KEY = "compute.googleapis.com/reservation-name";

export type GkeReservationType = "NO_RESERVATION" | "ANY_RESERVATION" | "SPECIFIC_RESERVATION";

/** GPU pool settings that override the plan's defaults; Google's rules still apply. */
export interface GkeGpuPoolTuning {
  /** Auto-repair. @default true, false for flex-start */
  readonly autoRepair?: boolean;
  /** Auto-upgrade. @default true, false for queued provisioning */
  readonly autoUpgrade?: boolean;
  /** Spot VMs. @default true only for capacity kind "spot" */
  readonly spot?: boolean;
  /** COMPACT placement. @default plan.capacity.compactPlacement */
  readonly compactPlacement?: boolean;
  /** Flex-start run limit, seconds. @default 604800 (7 days) */
  readonly maxRunDurationSeconds?: number;
  /** Boot disk size, GB. @default 200 */
  readonly bootDiskSizeGb?: number;
}

export interface GkeNodePoolOptions extends GkeGpuPoolTuning {
  /** Node pool name. @default "gpu" */
  readonly name?: string;
  /** Extra NIC attachments, one per extra NIC, in NIC order (from planGkeNetworks or your own). */
  readonly additionalNodeNetworks?: readonly { readonly network: string; readonly subnetwork: string }[];
  /** Location of the cluster the pool joins: its region (regional cluster) or zone (zonal), in the plan's region. @default plan.region */
  readonly location?: string;
}

/**
 * One extra-NIC attachment: the VPC network and its subnetwork. Other keys (planGkeNetworks'
 * `role`, `mtu`, ...) are allowed and dropped, so its additionalNetworks can be passed as they are.
 */
export const gkeNetworkRefSchema = z.object({ network: z.string().min(1), subnetwork: z.string().min(1) });

/**
 * The shape of GkeGpuPoolTuning, for construct schemas to reuse (ranges and Google's rules are
 * checked by planGkeNodePool itself, with their own messages).
 */
export const gkeGpuPoolTuningShape = {
  autoRepair: z.boolean().optional(),
  autoUpgrade: z.boolean().optional(),
  spot: z.boolean().optional(),
  compactPlacement: z.boolean().optional(),
  maxRunDurationSeconds: z.number().optional(),
  bootDiskSizeGb: z.number().optional(),
};

/** GkeNodePoolOptions as a zod schema: every bad option becomes a DeepSeekConfigError. */
export const gkeNodePoolOptionsSchema = z.object({
  ...gkeGpuPoolTuningShape,
  name: z.string().optional(),
  additionalNodeNetworks: z.array(gkeNetworkRefSchema).optional(),
  location: z.string().optional(),
}).strict();

export interface GkeNodePoolPlan {
  readonly name: string;
  /** google_container_node_pool.location: the cluster's location (the plan's region unless given). */
  readonly location: string;
  readonly machineType: string;
  readonly acceleratorType: string;
  readonly acceleratorCount: number;
  /** GKE installs the NVIDIA driver: no GPU operator on GKE. */
  readonly gpuDriverVersion: "LATEST";
  readonly nodeLocations: readonly string[];
  /** Nodes created with the pool (single-zone on-demand/reservation only; else the autoscaler decides). */
  readonly initialNodeCount?: number;
  readonly autoscaling: { readonly totalMinNodeCount: number; readonly totalMaxNodeCount: number; readonly locationPolicy: "ANY" | "BALANCED" };
  readonly management: { readonly autoRepair: boolean; readonly autoUpgrade: boolean };
  /**
   * Surge upgrade without surge nodes (GPU capacity is scarce and often reserved to the node):
   * one whole replica's nodes at a time, so a multi-node replica is never left half-upgraded.
   */
  readonly upgradeSettings: { readonly strategy: "SURGE"; readonly maxSurge: 0; readonly maxUnavailable: number };
  readonly compactPlacement: boolean;
  readonly queuedProvisioning: boolean;
  readonly flexStart: boolean;
  /** `<n>s`, flex-start only. */
  readonly maxRunDuration?: string;
  readonly spot: boolean;
  readonly reservationAffinity: { readonly consumeReservationType: GkeReservationType; readonly key?: string; readonly values?: readonly string[] };
  readonly localSsdCount: number;
  readonly bootDiskType: string;
  readonly bootDiskSizeGb: number;
  readonly imageType: "COS_CONTAINERD";
  readonly gvnic: true;
  readonly labels: Readonly<Record<string, string>>;
  readonly taint: { readonly key: string; readonly value: string; readonly effect: "NO_SCHEDULE" };
  readonly additionalNodeNetworks: readonly { readonly network: string; readonly subnetwork: string }[];
}

/** Decides the GPU node pool and refuses what Google refuses. Pure. */
export function planGkeNodePool(plan: DeploymentPlan, rawOptions: GkeNodePoolOptions = {}, at: PathOf = asWritten): GkeNodePoolPlan {
  // Options may come from untyped callers (JS, JSON config): parse before any rule reads them.
  requirePlan(plan, at("plan"));
  const options: GkeNodePoolOptions = parseOrThrow(gkeNodePoolOptionsSchema, rawOptions ?? {}, at(""));
  const spec = NODE_TYPES[plan.nodeType];
  if (!spec || plan.cloud !== "gcp" || spec.cloud !== "gcp" || !spec.acceleratorType) {
    throw new DeepSeekConfigError(at("plan.cloud"), "a GKE node pool needs a plan for cloud \"gcp\" with a GCP machine type", `${plan.cloud}/${plan.nodeType}`, "plan the placement with cloud \"gcp\"");
  }
  const kind = plan.capacity.kind;
  if (kind === "capacity-block") {
    throw new DeepSeekConfigError(at("plan.capacity.kind"), "is not available on gcp", kind, "use \"on-demand\", \"reservation\", \"flex-start\", \"queued\" or \"spot\"");
  }
  const queued = kind === "queued";
  const flexStart = kind === "flex-start";
  const reservation = kind === "reservation";
  const spot = options.spot ?? kind === "spot";
  const compact = options.compactPlacement ?? plan.capacity.compactPlacement;
  const autoRepair = options.autoRepair ?? !flexStart;
  const autoUpgrade = options.autoUpgrade ?? !queued;

  // Node counts: whole replicas only.
  for (const [bound, n] of [["min", plan.nodes.min], ["max", plan.nodes.max]] as const) {
    if (n % plan.nodesPerReplica !== 0) {
      throw new DeepSeekConfigError(at(`plan.nodes.${bound}`), `is not a whole number of replicas (${plan.nodesPerReplica} nodes each)`, n, `use a multiple of ${plan.nodesPerReplica}`);
    }
  }

  // Google's rules (cluster-toolkit gke-node-pool preconditions).
  if (compact && plan.zones.length !== 1) {
    throw new DeepSeekConfigError(at("compactPlacement"), "COMPACT placement needs exactly one zone", plan.zones, "set zones to a single zone, or turn compactPlacement off");
  }
  if (queued && compact) {
    throw new DeepSeekConfigError(at("compactPlacement"), "queued provisioning does not support COMPACT placement", compact, "turn compactPlacement off, or use capacity kind \"flex-start\" or \"reservation\"");
  }
  if (queued && plan.nodes.min !== 0) {
    throw new DeepSeekConfigError(at("plan.nodes.min"), "queued provisioning needs a node pool minimum of 0 nodes", plan.nodes.min, "set replicas.min to 0");
  }
  if (queued && spot) {
    throw new DeepSeekConfigError(at("spot"), "queued provisioning does not run on spot VMs", spot, "turn spot off, or use capacity kind \"spot\"");
  }
  if (flexStart && autoRepair) {
    throw new DeepSeekConfigError(at("autoRepair"), "DWS flex-start node pools need auto-repair off", autoRepair, "set autoRepair to false (or leave it unset)");
  }
  if (flexStart && spot) {
    throw new DeepSeekConfigError(at("spot"), "DWS flex-start does not run on spot VMs", spot, "turn spot off, or use capacity kind \"spot\"");
  }
  if (flexStart && compact && !COMPACT_FLEX_START_MACHINES.includes(plan.nodeType)) {
    throw new DeepSeekConfigError(at("compactPlacement"), `COMPACT placement with DWS flex-start is supported only on a3-ultragpu-8g and a4-highgpu-8g, not ${plan.nodeType}`, compact, "turn compactPlacement off, or use capacity kind \"reservation\" or \"on-demand\" for a multi-node replica");
  }
  if (reservation && spot) {
    throw new DeepSeekConfigError(at("spot"), "spot VMs cannot consume a reservation (they need NO_RESERVATION)", spot, "turn spot off, or use capacity kind \"spot\"");
  }
  if (options.maxRunDurationSeconds !== undefined && !flexStart) {
    throw new DeepSeekConfigError(at("maxRunDurationSeconds"), "applies to DWS flex-start node pools only", options.maxRunDurationSeconds, "remove it, or use capacity kind \"flex-start\"");
  }
  const maxRun = options.maxRunDurationSeconds ?? FLEX_START_MAX_RUN_SECONDS;
  if (flexStart && (!Number.isInteger(maxRun) || maxRun < 60 || maxRun > FLEX_START_MAX_RUN_SECONDS)) {
    throw new DeepSeekConfigError(at("maxRunDurationSeconds"), "is outside what DWS flex-start allows (60 s to 7 days)", maxRun, `use a whole number of seconds from 60 to ${FLEX_START_MAX_RUN_SECONDS}`);
  }
  const nics = (spec.additionalNics?.gvnic ?? 0) + (spec.additionalNics?.gpuNics ?? 0);
  const additionalNodeNetworks = options.additionalNodeNetworks ?? [];
  if (additionalNodeNetworks.length !== nics) {
    throw new DeepSeekConfigError(at("additionalNodeNetworks"), `${plan.nodeType} has ${nics} extra NICs; one network/subnetwork pair is needed per NIC`, additionalNodeNetworks.length, `pass exactly ${nics} pairs (planGkeNetworks(plan, { project }).additionalNetworks gives them in NIC order)`);
  }
  const bootDiskSizeGb = options.bootDiskSizeGb ?? 200;
  if (!Number.isInteger(bootDiskSizeGb) || bootDiskSizeGb < 100 || bootDiskSizeGb > 65536) {
    throw new DeepSeekConfigError(at("bootDiskSizeGb"), "is outside 100-65536 GB", bootDiskSizeGb, "use a whole number of GB from 100 to 65536 (images and logs need about 100)");
  }
  // A pool's location is its cluster's; its node locations (the plan's zones) must lie in it.
  const location = options.location ?? plan.region;
  if (location !== plan.region && !new RegExp(`^${plan.region}-[a-z]$`).test(location)) {
    throw new DeepSeekConfigError(at("location"), `is not the plan's region ${plan.region} or one of its zones, so the pool's nodes (${plan.zones.join(", ")}) could not join the cluster there`, location, `use the location of your cluster: "${plan.region}" for a regional cluster, or its zone such as "${plan.region}-b"`);
  }
  const name = options.name ?? "gpu";
  if (!/^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/.test(name)) {
    throw new DeepSeekConfigError(at("name"), "is not a valid GKE node pool name", name, "use 1-40 lowercase letters, digits and hyphens, starting with a letter");
  }

  const names = servingNames(plan);
  // Labels under kubernetes.io namespaces are set by the node itself (instance-type = machine type);
  // GKE refuses them as node pool labels.
  const labels: Record<string, string> = Object.fromEntries(Object.entries(names.gpuNodeLabels).filter(([k]) => !/(^|\.)kubernetes\.io\//.test(k)));
  if (queued) labels["cloud.google.com/gke-queued"] = "true";

  const reservationAffinity = reservation
    ? { consumeReservationType: "SPECIFIC_RESERVATION" as const, key: RESERVATION_KEY, values: [plan.capacity.block ? `${plan.capacity.id}/reservationBlocks/${plan.capacity.block}` : String(plan.capacity.id)] }
    : { consumeReservationType: "NO_RESERVATION" as const };
  const singleZone = plan.zones.length === 1;
  const staticStart = singleZone && (kind === "on-demand" || reservation);

  return {
    name,
    location,
    machineType: plan.nodeType,
    acceleratorType: spec.acceleratorType,
    acceleratorCount: plan.gpusPerNode,
    gpuDriverVersion: "LATEST",
    nodeLocations: [...plan.zones],
    initialNodeCount: staticStart ? plan.nodes.min : undefined,
    // ANY: take capacity wherever it is (reservations first); total_* bounds are whole replicas.
    autoscaling: { totalMinNodeCount: plan.nodes.min, totalMaxNodeCount: plan.nodes.max, locationPolicy: "ANY" },
    management: { autoRepair, autoUpgrade },
    upgradeSettings: { strategy: "SURGE", maxSurge: 0, maxUnavailable: plan.nodesPerReplica },
    compactPlacement: compact,
    queuedProvisioning: queued,
    flexStart,
    maxRunDuration: flexStart ? `${maxRun}s` : undefined,
    spot,
    reservationAffinity,
    localSsdCount: Math.round(spec.localNvmeGB / LOCAL_SSD_DISK_GB),
    // A3 Ultra and A4 boot from Hyperdisk only; A3 High/Mega from PD (UNCONFIRMED against the live disk table).
    bootDiskType: COMPACT_FLEX_START_MACHINES.includes(plan.nodeType) ? "hyperdisk-balanced" : "pd-ssd",
    bootDiskSizeGb,
    imageType: "COS_CONTAINERD",
    gvnic: true,
    labels,
    taint: { key: names.gpuTaint.key, value: names.gpuTaint.value, effect: "NO_SCHEDULE" },
    additionalNodeNetworks: additionalNodeNetworks.map((n) => ({ network: n.network, subnetwork: n.subnetwork })),
  };
}
