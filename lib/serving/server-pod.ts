import { withPodFabric } from "../fabric/fabric-pod";
import { planCompileCache } from "../fabric/plan-compile-cache";
import { planPodFabric, type PodFabric } from "../fabric/plan-pod-fabric";
import { NO_EVICT_POD_ANNOTATIONS } from "../autoscaling/plan-autoscaling";
import { imageString } from "../catalog";
import type { KubernetesObject } from "../internal/k8s-object";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "./cluster-target";
import { CONFIG_MAP_NAME, LEADER_ROLE_LABEL, SERVER_CONTAINER, TOOL_IMAGES, servingMeta } from "./constants";
import { leaderScript, workerScript } from "./launch-scripts";
import { modelCacheVolume, stageInitContainer } from "./model-cache";
import { planModelCache } from "./plan-model-cache";
import { drainCommand, planDrain, type DrainPlan } from "./plan-drain";
import { MODEL_CACHE_MOUNT, trtllmServeArgs } from "./plan-options";
import { SHM_SIZE_GIB, placementDomainLabel, serverCpuMemory, serverProbes } from "./plan-server-pod";
import { planDisruption } from "./plan-disruption";
import { hardenedContainerSecurity, planPodSecurity, podSecurityAnnotations } from "./plan-pod-security";

/** The serving pods (single-node Deployment, or LeaderWorkerSet leader and workers) as plain data. */

type Obj = KubernetesObject;
type Container = Record<string, unknown>;

/** CPU, memory and GPU resources of one serving pod (the fabric adds its devices: lib/fabric/fabric-pod.ts). */
export function serverResources(plan: DeploymentPlan): { requests: Record<string, string>; limits: Record<string, string> } {
  return {
    requests: { ...serverCpuMemory(plan), "nvidia.com/gpu": String(plan.gpusPerNode) },
    limits: { "nvidia.com/gpu": String(plan.gpusPerNode) },
  };
}

/** The fabric settings of the serving pods: the same planner the fabric check uses. */
export function serverPodFabric(plan: DeploymentPlan, target: ClusterTarget): PodFabric {
  return planPodFabric(plan, { gpuNetworkNames: target.gpuNetworkNames });
}

type Role = "single" | "leader" | "worker";

/** The pod spec of a serving pod: single-node server, LWS leader or LWS worker. */
export function serverPodSpec(plan: DeploymentPlan, target: ClusterTarget, role: Role, drain: DrainPlan = planDrain(plan)): Record<string, unknown> {
  const names = servingNames(plan);
  const compileCache = planCompileCache(plan, target);
  const modelCache = planModelCache(plan, target);
  const env: Record<string, unknown>[] = [
    ...Object.entries(plan.env).map(([name, value]) => ({ name, value })),
    ...compileCache.env.map((e) => ({ ...e })),
  ];
  if (role !== "single") {
    env.push({ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } });
    env.push({ name: "GROUP_KEY", valueFrom: { fieldRef: { fieldPath: "metadata.labels['leaderworkerset.sigs.k8s.io/group-key']" } } });
  }
  const volumes: Record<string, unknown>[] = [
    { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: `${SHM_SIZE_GIB}Gi` } },
    modelCacheVolume(modelCache.volume),
    { name: "config", configMap: { name: CONFIG_MAP_NAME, defaultMode: 0o555 } },
    { ...compileCache.volume },
  ];
  const mounts: Record<string, unknown>[] = [
    { name: "dshm", mountPath: "/dev/shm" },
    { name: "model-cache", mountPath: MODEL_CACHE_MOUNT },
    { name: "config", mountPath: "/etc/trtllm", readOnly: true },
    { ...compileCache.volumeMount },
  ];
  const initContainers: Container[] = [stageInitContainer(plan, target, modelCache.tool)];
  if (role === "leader") {
    volumes.push({ name: "kube-tools", emptyDir: { sizeLimit: "256Mi" } });
    mounts.push({ name: "kube-tools", mountPath: "/opt/kube" });
    initContainers.push({
      name: "kubectl", image: imageString(TOOL_IMAGES.kubectl),
      command: ["/bin/sh", "-c", "cp \"$(command -v kubectl)\" /opt/kube/kubectl"],
      resources: { requests: { cpu: "100m", memory: "64Mi" } },
      securityContext: hardenedContainerSecurity(),
      volumeMounts: [{ name: "kube-tools", mountPath: "/opt/kube" }],
    });
  }

  let command: string[];
  if (role === "single") command = trtllmServeArgs(plan);
  else if (role === "leader") command = ["/bin/bash", "-c", leaderScript(plan, drain)];
  else command = ["/bin/bash", "-c", workerScript(plan)];

  const container: Container = {
    name: SERVER_CONTAINER,
    image: imageString(plan.image),
    imagePullPolicy: "IfNotPresent",
    command,
    workingDir: MODEL_CACHE_MOUNT,
    env,
    resources: serverResources(plan),
    volumeMounts: mounts,
    // Root (planPodSecurity: REASONS.root) without escalation, capabilities or an unconfined seccomp;
    // the fabric adds back only what it names (IPC_LOCK on EFA).
    securityContext: hardenedContainerSecurity(),
    ...(role === "worker" ? {} : { ports: [{ name: "http", containerPort: names.port, protocol: "TCP" }], ...serverProbes(plan) }),
    // Servers drain before SIGTERM; workers hold their ranks until the leader has drained (workerScript).
    ...(role === "worker" ? {} : { lifecycle: { preStop: { exec: { command: drainCommand(plan, drain) } } } }),
  };
  const spec = {
    serviceAccountName: names.serviceAccounts.server,
    // Only the LWS leader holds a Kubernetes token (its Role: get and exec on its workers by name).
    // Cloud identity does not need it: EKS Pod Identity and GKE Workload Identity work without it.
    automountServiceAccountToken: role === "leader",
    terminationGracePeriodSeconds: drain.terminationGracePeriodSeconds,
    nodeSelector: { ...names.gpuNodeLabels },
    tolerations: [{ key: names.gpuTaint.key, operator: "Equal", value: names.gpuTaint.value, effect: names.gpuTaint.effect }],
    initContainers,
    containers: [container],
    volumes,
  };
  return withPodFabric(spec, SERVER_CONTAINER, serverPodFabric(plan, target));
}

/** Server pod annotations: no eviction by a node autoscaler, the fabric's, and the Pod Security level with its reasons. */
function serverPodAnnotations(plan: DeploymentPlan, target: ClusterTarget): Record<string, string> {
  return { ...NO_EVICT_POD_ANNOTATIONS, ...serverPodFabric(plan, target).annotations, ...podSecurityAnnotations(planPodSecurity(plan).servers) };
}

function annotationsOf(a: Record<string, string>) {
  return Object.keys(a).length ? { annotations: a } : {};
}

/** Single-node server: a Deployment, rolling one pod at a time without surge (no extra GPUs needed). */
export function singleNodeDeployment(plan: DeploymentPlan, target: ClusterTarget, drain: DrainPlan = planDrain(plan)): Obj {
  const names = servingNames(plan);
  return {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: servingMeta(names, names.workload),
    spec: {
      replicas: plan.replicas.min,
      selector: { matchLabels: { ...names.podLabels } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: planDisruption(plan).maxSurge, maxUnavailable: planDisruption(plan).maxUnavailable } },
      progressDeadlineSeconds: plan.coldStart.startupBudgetSeconds + plan.coldStart.stageSeconds,
      template: {
        metadata: { labels: { ...names.podLabels }, ...annotationsOf(serverPodAnnotations(plan, target)) },
        spec: serverPodSpec(plan, target, "single", drain),
      },
    },
  };
}

/** Multi-node replica: a LeaderWorkerSet whose group is the plan's nodes per replica. */
export function leaderWorkerSet(plan: DeploymentPlan, target: ClusterTarget, drain: DrainPlan = planDrain(plan)): Obj {
  const names = servingNames(plan);
  // A node autoscaler must never evict one pod of a group: that restarts the whole group cold.
  const podAnnotations = annotationsOf(serverPodAnnotations(plan, target));
  return {
    apiVersion: "leaderworkerset.x-k8s.io/v1", kind: "LeaderWorkerSet",
    metadata: servingMeta(names, names.workload, { annotations: { "leaderworkerset.sigs.k8s.io/exclusive-topology": placementDomainLabel(target) } }),
    spec: {
      replicas: plan.replicas.min,
      // Workers start with the leader; the leader itself waits for every worker before mpirun.
      startupPolicy: "LeaderCreated",
      rolloutStrategy: { type: "RollingUpdate", rollingUpdateConfiguration: { maxUnavailable: planDisruption(plan).maxUnavailable, maxSurge: planDisruption(plan).maxSurge } },
      leaderWorkerTemplate: {
        size: plan.nodesPerReplica,
        restartPolicy: "RecreateGroupOnPodRestart",
        leaderTemplate: {
          metadata: { labels: { ...names.podLabels, [LEADER_ROLE_LABEL.key]: LEADER_ROLE_LABEL.value }, ...podAnnotations },
          spec: serverPodSpec(plan, target, "leader", drain),
        },
        workerTemplate: {
          metadata: { labels: { ...names.podLabels }, ...podAnnotations },
          spec: serverPodSpec(plan, target, "worker", drain),
        },
      },
    },
  };
}
