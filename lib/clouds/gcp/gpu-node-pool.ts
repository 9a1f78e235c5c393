import { z } from "zod";
import { ContainerNodePool } from "../../internal/providers/google";
import { Construct, TerraformProvider } from "../../internal/tf";
import { GkeGpuPoolTuning, GkeNodePoolPlan, gkeGpuPoolTuningShape, gkeNetworkRefSchema, planGkeNodePool } from "./plan-gke-node-pool";
import type { DeploymentPlan } from "../../plan/plan";
import { parseOrThrow } from "../../validation";
import { under, type PathOf } from "../../plan/refusal-paths";
import { gcpPlanSchema, providerSchema } from "./common";

export interface GkeGpuNodePoolProps {
  readonly plan: DeploymentPlan;
  /** The pool, from `planGkeNodePool(plan, options)` (GkeInfra: from `planGkeInfra`). */
  readonly pool: GkeNodePoolPlan;
  /** Cluster id (`projects/.../clusters/...`) or name. */
  readonly cluster: string;
  /** @default the provider's project */
  readonly project?: string;
  /** Node service account. @default the Compute Engine default account (pass a least-privilege one) */
  readonly serviceAccountEmail?: string;
  /** @default the scope's google provider */
  readonly provider?: TerraformProvider;
}

/** A pool planned from options and built in one call: everything planGkeNodePool takes, plus what is only emitted. */
export interface GkeGpuPoolOptionsProps extends GkeGpuPoolTuning, Omit<GkeGpuNodePoolProps, "pool"> {
  /** One `{network, subnetwork}` per extra NIC, in NIC order (GkeNetwork.additionalNodeNetworks, or your own). */
  readonly additionalNodeNetworks: readonly { readonly network: string; readonly subnetwork: string }[];
  /** @default "gpu" */
  readonly name?: string;
  /** Cluster location (planGkeNodePool's `location`). @default plan.region */
  readonly location?: string;
}

const emitSchema = {
  plan: gcpPlanSchema,
  cluster: z.string().min(1),
  project: z.string().min(1).optional(),
  serviceAccountEmail: z.string().min(1).optional(),
  provider: providerSchema,
};
const schema = z.object({
  ...emitSchema,
  pool: z.custom<GkeNodePoolPlan>((v) => typeof v === "object" && v !== null && typeof (v as GkeNodePoolPlan).machineType === "string" && typeof (v as GkeNodePoolPlan).location === "string",
    "must be a GKE node pool plan; plan it with planGkeNodePool(plan, options)"),
  // Decided in the pool's plan now: a clear refusal rather than "not a known field".
  location: z.never({ error: "is decided in the pool's plan; pass it to planGkeNodePool(plan, { location }) or GkeGpuNodePool.fromOptions" }).optional(),
}).strict();
const optionsSchema = z.object({
  ...emitSchema,
  additionalNodeNetworks: z.array(gkeNetworkRefSchema.strict()),
  name: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  ...gkeGpuPoolTuningShape,
}).strict();

/**
 * The GPU node pool of a GKE placement (google_container_node_pool), translated from
 * planGkeNodePool: accelerators with the GKE-managed driver, gVNIC, one additional node network
 * per extra NIC, COMPACT placement, Local SSD ephemeral storage for the model cache, taint and
 * labels, autoscaling in whole replicas, and the capacity shape (on-demand, reservation,
 * flex-start, queued, spot). Usable alone in a consumer's stack.
 */
export class GkeGpuNodePool extends Construct {
  public readonly nodePool: ContainerNodePool;
  public readonly poolPlan: GkeNodePoolPlan;

  /**
   * Plans the pool from options and builds it. Refusals name `at(<option>)`: by default
   * `<id>.<option>` (GpuNodePool passes `<its id>.gke.<option>`, and `<its id>.plan` for the plan).
   */
  public static fromOptions(scope: Construct, id: string, props: GkeGpuPoolOptionsProps, at: PathOf = under(id)): GkeGpuNodePool {
    const p = parseOrThrow(optionsSchema, props, at(""));
    const { plan, cluster, project, serviceAccountEmail, provider, ...options } = p;
    const pool = planGkeNodePool(plan, options, at);
    return new GkeGpuNodePool(scope, id, { plan, pool, cluster, project, serviceAccountEmail, provider });
  }

  constructor(scope: Construct, id: string, props: GkeGpuNodePoolProps) {
    super(scope, id);
    const p = parseOrThrow(schema, props, id);
    const pool = p.pool;
    this.poolPlan = pool;
    this.nodePool = new ContainerNodePool(this, "pool", {
      project: p.project,
      provider: p.provider,
      name: pool.name,
      cluster: p.cluster,
      location: pool.location,
      nodeLocations: [...pool.nodeLocations],
      initialNodeCount: pool.initialNodeCount,
      autoscaling: { ...pool.autoscaling },
      management: { ...pool.management },
      placementPolicy: pool.compactPlacement ? { type: "COMPACT" } : undefined,
      queuedProvisioning: pool.queuedProvisioning ? { enabled: true } : undefined,
      networkConfig: pool.additionalNodeNetworks.length ? { additionalNodeNetworkConfigs: pool.additionalNodeNetworks.map((n) => ({ ...n })) } : undefined,
      upgradeSettings: { ...pool.upgradeSettings },
      nodeConfig: {
        machineType: pool.machineType,
        imageType: pool.imageType,
        diskType: pool.bootDiskType,
        diskSizeGb: pool.bootDiskSizeGb,
        guestAccelerator: [{ type: pool.acceleratorType, count: pool.acceleratorCount, gpuDriverInstallationConfig: { gpuDriverVersion: pool.gpuDriverVersion } }],
        gvnic: { enabled: pool.gvnic },
        ephemeralStorageLocalSsdConfig: { localSsdCount: pool.localSsdCount },
        reservationAffinity: { consumeReservationType: pool.reservationAffinity.consumeReservationType, key: pool.reservationAffinity.key,
          values: pool.reservationAffinity.values ? [...pool.reservationAffinity.values] : undefined },
        spot: pool.spot || undefined,
        flexStart: pool.flexStart || undefined,
        maxRunDuration: pool.maxRunDuration,
        labels: { ...pool.labels },
        taint: [{ ...pool.taint }],
        serviceAccount: p.serviceAccountEmail,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
      timeouts: { create: "60m", update: "60m", delete: "60m" },
      // initial_node_count forces replacement; the autoscaler owns the size afterwards.
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });
  }
}
