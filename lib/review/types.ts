import { isIpCidr } from "../plan/cidr";
import { z } from "zod";
import type { PriceBasis } from "../catalog/prices";

/**
 * Facts about one placement that the plan does not hold: which stacks carry it, where its
 * endpoint is, and the security posture the emitters applied. Constructs register these
 * beside the plan (see `ReviewRegistry`); fields left out are shown as "not reported".
 */
export interface PlacementReviewInfo {
  /**
   * The cluster (DeepSeekCluster id) the placement belongs to. With it, reviewers see and the diff
   * matches `<cluster>/<placement>`: placement names repeat across clusters (prod and staging both
   * have `aws-use2`). @default none: the placement is named alone
   */
  readonly cluster?: string;
  /**
   * Name shown to reviewers, e.g. the placement's stack-name part (`eu-gke`). Matching between
   * two synths stays by plan id. @default the plan id
   */
  readonly displayName?: string;
  /** Stacks that synthesize this placement, e.g. `["b200-aws-us-infra", "b200-aws-us-serving"]`. @default [] */
  readonly stacks?: readonly string[];
  /** The serving endpoint. @default not reported */
  readonly endpoint?: EndpointInfo;
  /** Security posture the emitters applied. @default not reported */
  readonly posture?: SecurityPosture;
  /** The one endpoint of the placement's cluster, in front of all its placements. @default not reported */
  readonly globalEndpoint?: GlobalEndpointInfo;
  /** The gateway's request timeout and the servers' drain, decided together. @default not reported */
  readonly timeouts?: TimeoutsInfo;
}

/** How long a request may take, and how long a stopping server keeps serving. */
export interface TimeoutsInfo {
  readonly requestTimeoutSeconds: number;
  readonly drainBudgetSeconds: number;
  readonly terminationGracePeriodSeconds: number;
}

/** A cluster's global endpoint, as one of its placements reports it. */
export interface GlobalEndpointInfo {
  /** The cluster's id (placements of one cluster share the endpoint). */
  readonly cluster: string;
  readonly hostname: string;
  /** `latency` or `failover`; `single` when the cluster has one placement (one record, nothing to route). */
  readonly routing: string;
  readonly routingReason: string;
  /** The Route 53 zone the records go into; absent when no DNS is published. */
  readonly route53ZoneId?: string;
  /** Seconds before Route 53 drops a failed placement (interval × failure threshold). */
  readonly failoverSeconds: number;
  readonly recordTtlSeconds: number;
  /** This placement behind the endpoint. */
  readonly placement: {
    readonly hostname: string;
    readonly recordType: string;
    readonly latencyRegion: string;
    readonly failoverRole?: string;
    /** Route 53's health check of this placement, when DNS is published for several placements. */
    readonly healthCheck?: { readonly hostname: string; readonly path: string; readonly port: number; readonly intervalSeconds: number; readonly failureThreshold: number };
  };
}

/** How the inference API is reached. */
export interface EndpointInfo {
  /**
   * `cluster` (ClusterIP only), `private` (internal load balancer / private network),
   * `public` (internet-facing load balancer).
   */
  readonly exposure: EndpointExposure;
  /** Hostname, URL or Service DNS name, when known at synth. @default not shown */
  readonly address?: string;
  /** Port the API listens on. @default not shown */
  readonly port?: number;
  /**
   * Source CIDRs allowed to reach a `public` endpoint; empty means the whole internet.
   * @default not reported
   */
  readonly allowedSourceCidrs?: readonly string[];
}

export type EndpointExposure = "cluster" | "private" | "public";
export const ENDPOINT_EXPOSURES: readonly EndpointExposure[] = ["cluster", "private", "public"];

/** The Kubernetes API endpoint of the cluster. */
export type ApiEndpointAccess = "private" | "allow-listed" | "public";

export interface SecurityPosture {
  /** Kubernetes API endpoint: `private`, or public but `allow-listed` to `apiAllowedCidrs`. @default not reported */
  readonly apiEndpoint?: ApiEndpointAccess;
  /** CIDRs allowed to reach the API endpoint when `allow-listed`. @default [] */
  readonly apiAllowedCidrs?: readonly string[];
  /** The Terraform variable holding the allow-list when it is given at deploy (`admin_cidrs`). @default none: the CIDRs are in the synth */
  readonly apiAllowedCidrsVariable?: string;
  /** Kubernetes secrets encrypted with a managed key (EKS KMS / GKE application-layer). @default not reported */
  readonly secretsEncryption?: boolean;
  /** AWS: IMDSv2 required (hop limit 1); GCP: the metadata server is GKE's (Workload Identity). @default not reported */
  readonly imdsV2?: boolean;
  /** The inference API requires authentication. @default not reported */
  readonly authentication?: boolean;
  /** Model and cache buckets block public access. @default not reported */
  readonly bucketsPrivate?: boolean;
  /** Model and cache buckets are encrypted at rest with a managed key. @default not reported */
  readonly bucketsEncrypted?: boolean;
  /** Guard checks that are on (e.g. `region-lock`, `instance-offering`). @default [] */
  readonly checksEnabled?: readonly string[];
  /**
   * Pod Security level the serving namespace enforces, with why it needs more than `restricted`
   * (lib/serving/plan-pod-security.ts). @default not reported
   */
  readonly podSecurity?: { readonly level: "restricted" | "baseline" | "privileged"; readonly reasons: readonly string[] };
}

const cidr = z.string().refine(isIpCidr, "is not a CIDR; use a block such as 203.0.113.0/24");

export const securityPostureSchema = z.object({
  apiEndpoint: z.enum(["private", "allow-listed", "public"]).optional(),
  apiAllowedCidrs: z.array(cidr).optional(),
  apiAllowedCidrsVariable: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, "is not a Terraform variable name").optional(),
  secretsEncryption: z.boolean().optional(),
  imdsV2: z.boolean().optional(),
  authentication: z.boolean().optional(),
  bucketsPrivate: z.boolean().optional(),
  bucketsEncrypted: z.boolean().optional(),
  checksEnabled: z.array(z.string().min(1)).optional(),
  podSecurity: z.object({ level: z.enum(["restricted", "baseline", "privileged"]), reasons: z.array(z.string().min(1)) }).strict().optional(),
}).strict();

export const placementReviewInfoSchema = z.object({
  cluster: z.string().min(1).max(100).optional(),
  displayName: z.string().min(1).max(100).optional(),
  stacks: z.array(z.string().min(1)).optional(),
  endpoint: z.object({
    exposure: z.enum(["cluster", "private", "public"]),
    address: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    allowedSourceCidrs: z.array(cidr).optional(),
  }).strict().optional(),
  posture: securityPostureSchema.optional(),
  timeouts: z.object({
    requestTimeoutSeconds: z.number().int().min(0), drainBudgetSeconds: z.number().int().min(0), terminationGracePeriodSeconds: z.number().int().min(0),
  }).strict().optional(),
  globalEndpoint: z.object({
    cluster: z.string().min(1), hostname: z.string().min(1), routing: z.string().min(1), routingReason: z.string().min(1),
    route53ZoneId: z.string().min(1).optional(), failoverSeconds: z.number().int().min(0), recordTtlSeconds: z.number().int().min(0),
    placement: z.object({
      hostname: z.string().min(1), recordType: z.string().min(1), latencyRegion: z.string().min(1), failoverRole: z.string().min(1).optional(),
      healthCheck: z.object({
        hostname: z.string().min(1), path: z.string().min(1), port: z.number().int(), intervalSeconds: z.number().int(), failureThreshold: z.number().int(),
      }).strict().optional(),
    }).strict(),
  }).strict().optional(),
}).strict();

/** Cost estimate of one placement, USD per hour. */
export interface CostEstimate {
  readonly usdPerNodeHour: number;
  /** nodes.min × usdPerNodeHour. */
  readonly usdPerHourAtMin: number;
  /** nodes.max × usdPerNodeHour. */
  readonly usdPerHourAtMax: number;
  readonly basis: PriceBasis;
  readonly referenceRegion: string;
  readonly source: string;
  readonly asOf: string;
  readonly confirmed: boolean;
}

/** The review of one placement: plain JSON, written to `review.json`. */
export interface PlacementReview {
  /**
   * Stable key: `<cluster>/<placement>` when the placement registered its cluster (unique in an app:
   * it names the placement's stacks), else the plan id (`<cloud>-<region>`), suffixed when two
   * plans share it.
   */
  readonly id: string;
  /**
   * Name shown to reviewers: `<cluster>/<placement>` when the cluster is registered, else the
   * registered display name, else the id. Suffixed with ` (<id>)` when two placements share it.
   * Reviews written before display names lack it (use the id).
   */
  readonly name: string;
  /** The cluster the placement belongs to, `null` when none was registered. Reviews written before it lack it. */
  readonly cluster?: string | null;
  readonly model: string;
  readonly modelDisplayName: string;
  readonly stacks: readonly string[];
  readonly cloud: string;
  readonly region: string;
  readonly zones: readonly string[];
  /** `null` when no jurisdiction lock is set. */
  readonly jurisdiction: string | null;
  readonly hardware: string;
  readonly gpu: string;
  readonly nodeType: string;
  readonly nodesPerReplica: number;
  readonly gpusPerNode: number;
  readonly replicas: { readonly min: number; readonly max: number };
  readonly nodes: { readonly min: number; readonly max: number };
  readonly gpus: { readonly min: number; readonly max: number };
  readonly tensorParallel: number;
  readonly expertParallel: number;
  readonly pipelineParallel: number;
  readonly attentionDataParallel: boolean;
  readonly checkpoint: string;
  /** Hugging Face revision: a commit pins the weights. */
  readonly checkpointRevision: string;
  readonly precision: string;
  readonly kvCacheDtype: string;
  readonly kvCapacityTokens: { readonly perSequence: number; readonly perReplica: number };
  readonly maxSeqLen: number;
  readonly mode: string;
  /** TensorRT-LLM image and the NVIDIA file the runtime settings reproduce. */
  readonly runtime: {
    readonly image: string;
    readonly recipe: string;
    readonly reasoningParser: string | null;
    readonly toolParser: string | null;
    readonly structuredOutput: string | null;
  };
  readonly capacityKind: string;
  /** `null` when not reported. */
  readonly endpoint: EndpointInfo | null;
  readonly posture: SecurityPosture;
  readonly overridden: readonly string[];
  readonly warnings: readonly string[];
  /** `null` when the node type has no price entry. */
  readonly cost: CostEstimate | null;
  /** Gateway request timeout and server drain; absent when not reported. */
  readonly timeouts?: TimeoutsInfo;
  /** How the replicas were sized from a throughput target; `null` when they were not (reviews from before sizing lack it). */
  readonly sizing?: SizingReview | null;
}

/** The sizing arithmetic (target → replicas) and its published source. */
export interface SizingReview {
  readonly targetOutputTokensPerSecond: number;
  readonly requiredTokensPerSecondPerUser: number | null;
  readonly mode: string;
  readonly modeChosenBy: string;
  readonly replicasForTarget: number;
  readonly replicas: { readonly min: number; readonly max: number };
  /** The arithmetic, one step per line. */
  readonly formula: readonly string[];
  /** The published point: its id and where it was published. */
  readonly point: string;
  readonly source: string;
  readonly caveats: readonly string[];
}

/** A cluster's one endpoint in front of its placements. */
export interface GlobalEndpointReview {
  readonly cluster: string;
  readonly hostname: string;
  readonly routing: string;
  readonly routingReason: string;
  readonly route53ZoneId: string | null;
  readonly failoverSeconds: number;
  readonly recordTtlSeconds: number;
  /** Placement ids behind it, in order of preference. */
  readonly placements: readonly (GlobalEndpointInfo["placement"] & { readonly id: string; readonly name: string })[];
}

/** The whole app's review: what `review.json` holds. */
export interface ReviewModel {
  readonly schemaVersion: 1;
  readonly generator: "cdktf-deepseek";
  readonly placements: readonly PlacementReview[];
  /** Each cluster's global endpoint (reviews from before endpoints were reported lack it). */
  readonly endpoints?: readonly GlobalEndpointReview[];
  readonly totals: {
    readonly gpus: { readonly min: number; readonly max: number };
    /** Sum over placements with a price; `null` when none has one. */
    readonly costUsdPerHour: { readonly min: number; readonly max: number } | null;
    /** Placements left out of the cost total for want of a price. */
    readonly unpriced: readonly string[];
  };
  /** Preflight over the stacks this review was written beside (absent when not run, e.g. a review rendered from plans alone). */
  readonly preflight?: PreflightSummary;
}

/** What preflight (lib/preflight) checked at synth: a review is only written when it found nothing. */
export interface PreflightSummary {
  /** Rule ids run, in order. */
  readonly rules: readonly string[];
  /** Stacks read (Terraform JSON); 0 when every stack was written as HCL. */
  readonly stacks: number;
  readonly findings: number;
}

/** One plan with its review facts, as registered by the constructs. */
export interface RegisteredPlacement<P> {
  readonly plan: P;
  readonly info: PlacementReviewInfo;
}
