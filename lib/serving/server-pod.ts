import { GKE_FABRIC_PAIRED_RXDM } from "../fabric/plan-gke-fabric";
import { EFA_HUGEPAGES_2MI, fabricAnnotations, fabricEnv } from "../fabric/plan-pod-fabric";
import { NO_EVICT_POD_ANNOTATIONS } from "../autoscaling/plan-autoscaling";
import { imageString } from "../catalog";
import type { KubernetesObject } from "../internal/k8s-object";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "./cluster-target";
import { CONFIG_MAP_NAME, LEADER_ROLE_LABEL, SERVER_CONTAINER, TOOL_IMAGES, servingMeta } from "./constants";
import { leaderScript, workerScript } from "./launch-scripts";
import { modelCacheVolume, stageInitContainer } from "./model-cache";
import { drainCommand, planDrain, type DrainPlan } from "./plan-drain";
import { MODEL_CACHE_MOUNT, trtllmServeArgs } from "./plan-options";
import { SHM_SIZE_GIB, placementDomainLabel, serverCpuMemory, serverProbes } from "./plan-server-pod";

/** The serving pods (single-node Deployment, or LeaderWorkerSet leader and workers) as plain data. */

type Obj = KubernetesObject;
type Container = Record<string, unknown>;

/** GPU (and fabric) resources of one serving pod. */
export function serverResources(plan: DeploymentPlan): { requests: Record<string, string>; limits: Record<string, string> } {
  const requests: Record<string, string> = { ...serverCpuMemory(plan), "nvidia.com/gpu": String(plan.gpusPerNode) };
  const limits: Record<string, string> = { "nvidia.com/gpu": String(plan.gpusPerNode) };
  if (plan.fabric.kind === "efa") {
    for (const r of [requests, limits]) {
      r["vpc.amazonaws.com/efa"] = String(plan.fabric.interfacesPerNode);
      r["hugepages-2Mi"] = EFA_HUGEPAGES_2MI;
    }
  }
  return { requests, limits };
}

type Role = "single" | "leader" | "worker";

/** The pod spec of a serving pod: single-node server, LWS leader or LWS worker. */
export function serverPodSpec(plan: DeploymentPlan, target: ClusterTarget, role: Role, drain: DrainPlan = planDrain(plan)): Record<string, unknown> {
  const names = servingNames(plan);
  const env: Record<string, unknown>[] = [
    ...Object.entries({ ...plan.env, ...fabricEnv(plan) }).map(([name, value]) => ({ name, value })),
  ];
  if (role !== "single") {
    env.push({ name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } });
    env.push({ name: "GROUP_KEY", valueFrom: { fieldRef: { fieldPath: "metadata.labels['leaderworkerset.sigs.k8s.io/group-key']" } } });
  }
  const volumes: Record<string, unknown>[] = [
    { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: `${SHM_SIZE_GIB}Gi` } },
    modelCacheVolume(plan, target),
    { name: "config", configMap: { name: CONFIG_MAP_NAME, defaultMode: 0o555 } },
  ];
  const mounts: Record<string, unknown>[] = [
    { name: "dshm", mountPath: "/dev/shm" },
    { name: "model-cache", mountPath: MODEL_CACHE_MOUNT },
    { name: "config", mountPath: "/etc/trtllm", readOnly: true },
  ];
  if (plan.fabric.kind === "gpudirect-rdma") {
    volumes.push({ name: "gib", hostPath: { path: "/home/kubernetes/bin/gib" } });
    mounts.push({ name: "gib", mountPath: "/usr/local/gib" });
  }
  const sidecars: Container[] = [];
  if (plan.fabric.kind === "gpudirect-tcpxo") {
    // As in Google's TCPXO example pods: the RxDM daemon beside the server, NCCL plugin libs from the host.
    volumes.push(
      { name: "nvidia-libs", hostPath: { path: "/home/kubernetes/bin/nvidia/lib64" } },
      { name: "sys", hostPath: { path: "/sys" } },
      { name: "proc-sys", hostPath: { path: "/proc/sys" } },
      { name: "aperture-devices", hostPath: { path: "/dev/aperture_devices" } },
    );
    mounts.push({ name: "nvidia-libs", mountPath: "/usr/local/nvidia/lib64" }, { name: "aperture-devices", mountPath: "/dev/aperture_devices" });
    sidecars.push({
      name: "tcpxo-daemon",
      image: imageString(GKE_FABRIC_PAIRED_RXDM["gpudirect-tcpxo"]),
      command: ["/bin/sh", "-c", `set -ex\nchmod 755 /fts/entrypoint_rxdm_container.sh\n/fts/entrypoint_rxdm_container.sh --num_hops=2 --num_nics=${plan.fabric.interfacesPerNode}`],
      securityContext: { capabilities: { add: ["NET_ADMIN", "NET_BIND_SERVICE"] } },
      env: [{ name: "LD_LIBRARY_PATH", value: "/usr/local/nvidia/lib64" }],
      volumeMounts: [
        { name: "nvidia-libs", mountPath: "/usr/local/nvidia/lib64" },
        { name: "sys", mountPath: "/hostsysfs" },
        { name: "proc-sys", mountPath: "/hostprocsysfs" },
      ],
    });
  }
  const initContainers: Container[] = [stageInitContainer(plan, target)];
  if (role === "leader") {
    volumes.push({ name: "kube-tools", emptyDir: { sizeLimit: "256Mi" } });
    mounts.push({ name: "kube-tools", mountPath: "/opt/kube" });
    initContainers.push({
      name: "kubectl", image: imageString(TOOL_IMAGES.kubectl),
      command: ["/bin/sh", "-c", "cp \"$(command -v kubectl)\" /opt/kube/kubectl"],
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
    ...(role === "worker" ? {} : { ports: [{ name: "http", containerPort: names.port, protocol: "TCP" }], ...serverProbes(plan) }),
    // Servers drain before SIGTERM; workers hold their ranks until the leader has drained (workerScript).
    ...(role === "worker" ? {} : { lifecycle: { preStop: { exec: { command: drainCommand(plan, drain) } } } }),
    ...(plan.fabric.kind === "efa" ? { securityContext: { capabilities: { add: ["IPC_LOCK"] } } } : {}),
  };
  return {
    serviceAccountName: names.serviceAccounts.server,
    // Only the LWS leader holds a Kubernetes token (its Role: get and exec on its workers by name).
    // Cloud identity does not need it: EKS Pod Identity and GKE Workload Identity work without it.
    automountServiceAccountToken: role === "leader",
    terminationGracePeriodSeconds: drain.terminationGracePeriodSeconds,
    nodeSelector: { ...names.gpuNodeLabels },
    tolerations: [{ key: names.gpuTaint.key, operator: "Equal", value: names.gpuTaint.value, effect: names.gpuTaint.effect }],
    initContainers,
    containers: [container, ...sidecars],
    volumes,
  };
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
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      progressDeadlineSeconds: plan.coldStart.startupBudgetSeconds + plan.coldStart.stageSeconds,
      template: {
        metadata: { labels: { ...names.podLabels }, ...annotationsOf({ ...NO_EVICT_POD_ANNOTATIONS, ...fabricAnnotations(plan, target) }) },
        spec: serverPodSpec(plan, target, "single", drain),
      },
    },
  };
}

/** Multi-node replica: a LeaderWorkerSet whose group is the plan's nodes per replica. */
export function leaderWorkerSet(plan: DeploymentPlan, target: ClusterTarget, drain: DrainPlan = planDrain(plan)): Obj {
  const names = servingNames(plan);
  // A node autoscaler must never evict one pod of a group: that restarts the whole group cold.
  const podAnnotations = annotationsOf({ ...NO_EVICT_POD_ANNOTATIONS, ...fabricAnnotations(plan, target) });
  return {
    apiVersion: "leaderworkerset.x-k8s.io/v1", kind: "LeaderWorkerSet",
    metadata: servingMeta(names, names.workload, { annotations: { "leaderworkerset.sigs.k8s.io/exclusive-topology": placementDomainLabel(target) } }),
    spec: {
      replicas: plan.replicas.min,
      // Workers start with the leader; the leader itself waits for every worker before mpirun.
      startupPolicy: "LeaderCreated",
      rolloutStrategy: { type: "RollingUpdate", rollingUpdateConfiguration: { maxUnavailable: 1, maxSurge: 0 } },
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
