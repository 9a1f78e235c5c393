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
}).strict();

export const placementReviewInfoSchema = z.object({
  displayName: z.string().min(1).max(100).optional(),
  stacks: z.array(z.string().min(1)).optional(),
  endpoint: z.object({
    exposure: z.enum(["cluster", "private", "public"]),
    address: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).optional(),
    allowedSourceCidrs: z.array(cidr).optional(),
  }).strict().optional(),
  posture: securityPostureSchema.optional(),
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
  /** Stable key: the plan id (`<cloud>-<region>`), suffixed when two plans share it. */
  readonly id: string;
  /**
   * Name shown to reviewers: the registered display name, else the id. Suffixed with ` (<id>)`
   * when two placements share it. Reviews written before display names lack it (use the id).
   */
  readonly name: string;
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
}

/** The whole app's review: what `review.json` holds. */
export interface ReviewModel {
  readonly schemaVersion: 1;
  readonly generator: "cdktf-deepseek";
  readonly placements: readonly PlacementReview[];
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
