import type { DeploymentPlan } from "./plan";
import { planPodSecurity, type PodSecurityLevel } from "../serving/plan-pod-security";

/**
 * The security posture a placement's infra is built with, for the review. Decided here from the
 * same options the infra constructs take, so the review and the Terraform agree.
 */
export interface PlacementPosture {
  readonly apiEndpoint: "private" | "allow-listed";
  readonly apiAllowedCidrs: readonly string[];
  /** The Terraform variable that holds the allow-list, when it is given at deploy (then `apiAllowedCidrs` is empty). */
  readonly apiAllowedCidrsVariable?: string;
  readonly secretsEncryption: true;
  /** AWS: IMDSv2 with hop limit 1; GKE: the GKE metadata server (Workload Identity). */
  readonly imdsV2: true;
  readonly bucketsPrivate: true;
  readonly bucketsEncrypted: true;
  readonly checksEnabled: readonly string[];
  /** Pod Security the serving namespace enforces, with the reasons it needs more than `restricted`. */
  readonly podSecurity: { readonly level: PodSecurityLevel; readonly reasons: readonly string[] };
}

/** The options of EksInfra / GkeInfra that change the posture. */
export interface PostureOptions {
  readonly publicAccessCidrs?: readonly string[];
  readonly privateEndpoint?: boolean;
  readonly authorizedNetworks?: readonly { readonly cidr: string }[];
}

export function placementPosture(plan: Pick<DeploymentPlan, "cloud" | "jurisdiction" | "nodesPerReplica" | "fabric">, options: PostureOptions): PlacementPosture {
  const podSecurity = planPodSecurity(plan).namespace;
  const allowed = plan.cloud === "aws" ? [...(options.publicAccessCidrs ?? [])] : (options.authorizedNetworks ?? []).map((n) => n.cidr);
  const publicEndpoint = plan.cloud === "aws" ? allowed.length > 0 : options.privateEndpoint === false;
  return {
    apiEndpoint: publicEndpoint ? "allow-listed" : "private",
    apiAllowedCidrs: allowed,
    secretsEncryption: true,
    imdsV2: true,
    bucketsPrivate: true,
    bucketsEncrypted: true,
    // The AWS node group re-checks at plan time that its zones offer the instance type.
    checksEnabled: [...(plan.jurisdiction ? ["region-lock"] : []), ...(plan.cloud === "aws" ? ["instance-offering"] : [])],
    podSecurity: { level: podSecurity.level, reasons: [...podSecurity.reasons] },
  };
}
