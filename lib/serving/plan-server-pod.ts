import { NODE_TYPES } from "../catalog";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "./cluster-target";
import { drainAwareReadinessCommand } from "./plan-drain";
import { checkpointLocation } from "./plan-checkpoint";

/**
 * Decisions about one serving pod that are not the fabric's (lib/fabric/plan-pod-fabric.ts) nor
 * the drain's (lib/serving/plan-drain.ts): probes, CPU and memory share, shared memory, where the
 * checkpoint lives. Pure: no cdktf.
 */

/** Liveness: 5 failures × 30 s; a hung server restarts in ~2.5 min, a busy one is left alone. */
export const LIVENESS = { periodSeconds: 30, failureThreshold: 5, timeoutSeconds: 10 } as const;
export const READINESS = { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 5 } as const;
/** /dev/shm size: NCCL and MPI shared-memory transports; TRT-LLM example pods use a memory emptyDir. */
export const SHM_SIZE_GIB = 64;
/** Share of node CPU and memory the server requests, leaving the rest to DaemonSets. */
export const NODE_REQUEST_SHARE = 0.8;

/** The object-store URL of the staged checkpoint revision (lib/serving/plan-checkpoint.ts). */
export function checkpointUrl(plan: DeploymentPlan, target: ClusterTarget): string {
  return checkpointLocation(plan, target).url;
}

/** Directory of the checkpoint revision in the node cache, and the link the server loads by its served name. */
export function cachePaths(plan: DeploymentPlan, target: ClusterTarget) {
  const location = checkpointLocation(plan, target);
  return { checkpointDir: location.dir, servedLink: location.servedLink };
}

/**
 * Probes on /health, sized by the plan's cold-start budget. Readiness also fails once the drain
 * has begun (exec probe checking the drain marker), so a draining server takes no new work.
 */
export function serverProbes(plan: DeploymentPlan) {
  const port = servingNames(plan).port;
  const get = { path: "/health", port };
  return {
    startupProbe: { httpGet: get, periodSeconds: plan.coldStart.probePeriodSeconds, failureThreshold: plan.coldStart.probeFailureThreshold, timeoutSeconds: 10 },
    readinessProbe: { exec: { command: drainAwareReadinessCommand(plan) }, ...READINESS },
    livenessProbe: { httpGet: get, ...LIVENESS },
  };
}

/** CPU and memory one serving pod requests: {@link NODE_REQUEST_SHARE} of its node type. */
export function serverCpuMemory(plan: DeploymentPlan): { cpu: string; memory: string } {
  const node = NODE_TYPES[plan.nodeType];
  return {
    cpu: String(Math.floor((node?.vcpus ?? 96) * NODE_REQUEST_SHARE)),
    memory: `${Math.floor((node?.memoryGiB ?? 1024) * NODE_REQUEST_SHARE)}Gi`,
  };
}

/** Default placement-domain label per cloud (see ClusterTarget.placementDomainLabel). */
export function placementDomainLabel(target: ClusterTarget): string {
  return target.placementDomainLabel ?? (target.cloud === "aws" ? "topology.k8s.aws/network-node-layer-3" : "cloud.google.com/gce-topology-block");
}
