import { planDeployment } from "../../lib/plan/index";
import { FABRIC_CHECK_SH } from "../../lib/verification/scripts";
import type { DeploymentPlan } from "../../lib/plan/plan";
import { leaderWorkerSet, servingConfigMap } from "../../lib/serving";
import type { ClusterTarget } from "../../lib/serving";
import { buildVerificationObjects, planDeploymentChecks, planVerification } from "../../lib/verification";
import { targetFor } from "../serving/helpers";

type Any = Record<string, any>;

/** One real plan per fabric: the hardware and node type that select it. */
export const FABRIC_PLANS: Readonly<Record<string, () => DeploymentPlan>> = {
  efa: () => planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" }),
  "gpudirect-tcpxo": () => planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "gcp", region: "us-central1" }),
  "gpudirect-tcpx": () => planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "gcp", region: "us-central1", overrides: { nodeType: "a3-highgpu-8g" } }),
  "gpudirect-rdma": () => planDeployment({ model: "deepseek-r1", hardware: "2x8xH200", cloud: "gcp", region: "us-central1" }),
};
export const FABRICS = Object.keys(FABRIC_PLANS);

/** Pod template (metadata + spec) and the name of its NCCL container. */
export interface PodUnderTest { readonly template: Any; readonly container: string }

export function serverPods(plan: DeploymentPlan, target: ClusterTarget = targetFor(plan.cloud)): { leader: PodUnderTest; worker: PodUnderTest } {
  const t = (leaderWorkerSet(plan, target) as Any).spec.leaderWorkerTemplate;
  return { leader: { template: t.leaderTemplate, container: "trtllm" }, worker: { template: t.workerTemplate, container: "trtllm" } };
}

export function checkPod(plan: DeploymentPlan, options: { gpuNetworkNames?: readonly string[] } = {}): PodUnderTest {
  const objects = buildVerificationObjects(plan, planVerification(plan, {}), {
    endpoint: { value: "https://api.example.com" }, apiKeySecret: { name: "keys", key: "check" },
    node: { gpuNetworkNames: options.gpuNetworkNames }, checkImage: planDeploymentChecks(plan).images.check, fabricImage: planDeploymentChecks(plan).images.fabric,
  });
  const job = objects.fabric.find((o) => o.kind === "Job") as Any;
  return { template: job.spec.template, container: "nccl-allreduce" };
}

// What each side mounts for its own purpose (not the fabric's): excluded from the comparison by name.
const OWN_VOLUMES = new Set(["dshm", "model-cache", "config", "kube-tools", "compile-cache", "tmp"]);
const OWN_RESOURCES = new Set(["nvidia.com/gpu", "cpu", "memory"]);
// The Pod Security annotations are each workload's own (servers and checks differ in their reasons).
const OWN_ANNOTATIONS = new Set(["cluster-autoscaler.kubernetes.io/safe-to-evict", "karpenter.sh/do-not-disrupt", "cdktf-deepseek.io/pod-security", "cdktf-deepseek.io/pod-security-reason"]);
/** Env that configures the fabric: NCCL, libfabric, Open MPI / PRRTE, the library path. */
const FABRIC_ENV = /^(NCCL_|FI_|OMPI_MCA_|PRTE_MCA_|LD_LIBRARY_PATH$)/;

const byName = (a: Any, b: Any) => String(a.name).localeCompare(String(b.name));

/**
 * The fabric settings a pod actually carries, read from the pod template itself (not from the
 * planner): env, mounts and volumes, extended resources, sidecars, annotations, capabilities.
 */
export function fabricView(pod: PodUnderTest) {
  const spec = pod.template.spec;
  const c = (spec.containers as Any[]).find((x) => x.name === pod.container) as Any;
  const limits: Any = c.resources?.limits ?? {};
  const requests: Any = c.resources?.requests ?? {};
  const pick = (r: Any) => Object.fromEntries(Object.entries(r).filter(([k]) => !OWN_RESOURCES.has(k)));
  return {
    env: ((c.env ?? []) as Any[]).filter((e) => FABRIC_ENV.test(e.name)).sort(byName),
    volumeMounts: ((c.volumeMounts ?? []) as Any[]).filter((m) => !OWN_VOLUMES.has(m.name)).sort(byName),
    volumes: ((spec.volumes ?? []) as Any[]).filter((v) => !OWN_VOLUMES.has(v.name)).sort(byName),
    limits: pick(limits),
    requests: pick(requests),
    sidecars: ((spec.initContainers ?? []) as Any[]).filter((i) => i.restartPolicy === "Always"),
    annotations: Object.fromEntries(Object.entries(pod.template.metadata?.annotations ?? {}).filter(([k]) => !OWN_ANNOTATIONS.has(k))),
    capabilities: [...(c.securityContext?.capabilities?.add ?? [])].sort(),
  };
}

/** Fields of the fabric view where two pods differ (empty when identical). */
export function fabricDifferences(a: PodUnderTest, b: PodUnderTest): string[] {
  const va = fabricView(a) as Any;
  const vb = fabricView(b) as Any;
  return Object.keys(va).filter((k) => JSON.stringify(va[k]) !== JSON.stringify(vb[k]));
}

/** The shell lines every server rank sources (ConfigMap `fabric-env.sh`), comments and blanks dropped. */
export function serverPreamble(plan: DeploymentPlan): string[] {
  const data = (servingConfigMap(plan) as Any).data["fabric-env.sh"] as string;
  return data.split("\n").filter((l) => l && !l.startsWith("#"));
}

/** The lines the fabric check's command runs before its own script (lib/verification/scripts/fabric_check.sh). */
export function checkPreamble(pod: PodUnderTest): string[] {
  const c = (pod.template.spec.containers as Any[]).find((x) => x.name === pod.container) as Any;
  const script = c.command[2] as string;
  // The check brackets the preamble with its own failure trap; the lines in between are the preamble.
  if (!script.endsWith(FABRIC_CHECK_SH)) throw new Error("the fabric check's command does not end with fabric_check.sh");
  const lines = script.slice(0, script.length - FABRIC_CHECK_SH.length).split("\n").filter((l) => l);
  return lines.filter((l) => !l.startsWith("trap "));
}
