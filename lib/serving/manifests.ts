import { GKE_FABRIC_PAIRED_RXDM } from "../fabric/plan-gke-fabric";
import { NO_EVICT_POD_ANNOTATIONS } from "../autoscaling/plan-autoscaling";
import { stringify } from "yaml";
import { NODE_TYPES, imageString, type ImageRef } from "../catalog";
import type { KubernetesObject } from "../internal/k8s-object";
import type { ClusterTarget } from "./cluster-target";
import { servingNames, type ServingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import { NODE_MODEL_CACHE_DIR } from "../clouds/aws/plan-aws-infra";
import { ENDPOINT_PICKER_POD_LABELS } from "../traffic/plan-traffic";
import { DRAIN_PY, drainAwareReadinessCommand, drainCommand, planDrain } from "./plan-drain";
import { MODEL_CACHE_MOUNT, mpirunArgs, renderLlmApiOptions, trtllmServeArgs } from "./plan-options";

/**
 * Kubernetes objects of the serving layer as plain data (plan + cluster target -> objects).
 * Pure: no cdktf. The constructs in lib/serving only hand these to a ManifestBundle.
 */

/** Label a namespace carries to be allowed to call the servers (the traffic layer sets it). */
export const TRAFFIC_NAMESPACE_LABEL = { key: "cdktf-deepseek.io/traffic", value: "true" } as const;
/** Namespace of the Prometheus server (chart `prometheus`, see lib/catalog/charts.ts). */
export const PROMETHEUS_NAMESPACE = "monitoring";
/** In-cluster URL of that Prometheus server, for autoscalers and checks. */
export const PROMETHEUS_SERVER_URL = `http://prometheus-server.${PROMETHEUS_NAMESPACE}.svc.cluster.local:80`;
export const SERVER_CONTAINER = "trtllm";
export const CONFIG_MAP_NAME = "trtllm-config";
export const HF_TOKEN_SECRET = "hf-token";
export const SECRET_STORE_NAME = "cloud-secrets";
export const LEADER_ROLE_LABEL = { key: "role", value: "leader" } as const;

// Draining (preStop, grace period, the leader's TERM trap): lib/serving/plan-drain.ts.
/** Liveness: 5 failures × 30 s; a hung server restarts in ~2.5 min, a busy one is left alone. */
export const LIVENESS = { periodSeconds: 30, failureThreshold: 5, timeoutSeconds: 10 } as const;
export const READINESS = { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 5 } as const;
/** /dev/shm size: NCCL and MPI shared-memory transports; TRT-LLM example pods use a memory emptyDir. */
export const SHM_SIZE_GIB = 64;
/** Share of node CPU and memory the server requests, leaving the rest to DaemonSets. */
export const NODE_REQUEST_SHARE = 0.8;
/** Parallel transfers for bucket -> NVMe. */
export const COPY_WORKERS = 256;
/** Huge pages the EFA libfabric provider needs per pod (EKS EFA guide). */
export const EFA_HUGEPAGES_2MI = "5120Mi";
/** Marker object written last by the staging Job; the init container waits for it. */
export const STAGED_MARKER = "_STAGED";

/**
 * Tool images, pinned by tag (add a digest per deployment). s5cmd: peak/s5cmd releases;
 * google-cloud-cli: Google's cloud-sdk images; alpine/k8s carries kubectl for the MPI agent.
 * Tags are the newest we know of; UNCONFIRMED as current.
 */
export const TOOL_IMAGES = {
  s5cmd: { repository: "docker.io/peakcom/s5cmd", tag: "v2.3.0" },
  gcloud: { repository: "gcr.io/google.com/cloudsdktool/google-cloud-cli", tag: "520.0.0-slim" },
  kubectl: { repository: "docker.io/alpine/k8s", tag: "1.33.4" },
  /** GPUDirect-TCPXO receive-datapath manager (A3 Mega): GoogleCloudPlatform/container-engine-accelerators gpudirect-tcpxo/nccl-test-latest.yaml. */
  // The RxDM release paired with the TCPXO plugin the node installer puts down (lib/fabric/plan-gke-fabric.ts).
  tcpxoDaemon: GKE_FABRIC_PAIRED_RXDM["gpudirect-tcpxo"],
} as const satisfies Record<string, ImageRef>;

/** Devices GKE injects into the TCPXO daemon container (annotation `devices.gke.io/container.tcpxo-daemon`). */
export const TCPXO_DAEMON_DEVICES = [
  ...Array.from({ length: 8 }, (_, i) => `/dev/nvidia${i}`), "/dev/nvidiactl", "/dev/nvidia-uvm", "/dev/dmabuf_import_helper",
];

type Obj = KubernetesObject;
type Container = Record<string, unknown>;

function meta(names: ServingNames, name: string, extra: Record<string, unknown> = {}) {
  return { name, namespace: names.namespace, labels: { ...names.podLabels }, ...extra };
}

/** Namespace with restricted-baseline pod security (privileged when the fabric needs it). */
export function servingNamespace(plan: DeploymentPlan): Obj {
  const names = servingNames(plan);
  // hostPath model cache (AWS) and GPU NIC host libraries need more than "restricted".
  const level = plan.cloud === "aws" || plan.fabric.kind !== "none" ? "privileged" : "baseline";
  return {
    apiVersion: "v1", kind: "Namespace",
    metadata: {
      name: names.namespace,
      labels: {
        "app.kubernetes.io/part-of": "cdktf-deepseek",
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
      },
    },
  };
}

/** ClusterTarget with the secrets-reader identity (optional; see ClusterTarget.secretsReaderIdentity). */
type TargetWithSecretsReader = ClusterTarget & { readonly secretsReaderIdentity?: { readonly awsRoleArn?: string; readonly gcpServiceAccountEmail?: string } };

/**
 * Google service account the `secrets-reader` KSA is annotated with on GKE: its own identity when
 * the target has one, else the stager's, else the workload identity.
 */
export function secretsReaderGcpEmail(target: ClusterTarget): string | undefined {
  return (target as TargetWithSecretsReader).secretsReaderIdentity?.gcpServiceAccountEmail
    ?? target.stagerIdentity?.gcpServiceAccountEmail ?? target.workloadIdentity.gcpServiceAccountEmail;
}

/**
 * Service accounts: the server (reads the bucket), the model stager (writes it, reads the token)
 * and the secrets reader (the identity of the External Secrets SecretStore on GKE: secret manager
 * reads only). On GKE each is annotated with its Google service account (Workload Identity); on EKS
 * the infra stack binds them with Pod Identity associations, so they carry no annotation (the
 * SecretStore uses the ESO controller's Pod Identity there).
 */
export function servingServiceAccounts(plan: DeploymentPlan, target: ClusterTarget): Obj[] {
  const names = servingNames(plan);
  const gsa = (email: string | undefined) => (target.cloud === "gcp" && email ? { annotations: { "iam.gke.io/gcp-service-account": email } } : {});
  const stagerEmail = target.stagerIdentity?.gcpServiceAccountEmail ?? target.workloadIdentity.gcpServiceAccountEmail;
  return [
    // The LWS leader needs its token for the kubectl-based wait and MPI agent; nobody else does.
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(names, names.serviceAccounts.server, gsa(target.workloadIdentity.gcpServiceAccountEmail)), automountServiceAccountToken: plan.nodesPerReplica > 1 },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(names, names.serviceAccounts.modelStager, gsa(stagerEmail)), automountServiceAccountToken: false },
    // ESO requests this account's token itself (TokenRequest); no pod runs as it.
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(names, names.serviceAccounts.secretsReader, gsa(secretsReaderGcpEmail(target))), automountServiceAccountToken: false },
  ];
}

/** ConfigMap with the extra LLM API options YAML (and the MPI agent script for multi-node). */
export function servingConfigMap(plan: DeploymentPlan): Obj {
  const names = servingNames(plan);
  const data: Record<string, string> = { "config.yaml": stringify(renderLlmApiOptions(plan), { lineWidth: 0 }), "drain.py": DRAIN_PY };
  if (plan.nodesPerReplica > 1) data["kubexec.sh"] = KUBEXEC_SCRIPT;
  return { apiVersion: "v1", kind: "ConfigMap", metadata: meta(names, CONFIG_MAP_NAME), data };
}

/** The object-store URL of the staged checkpoint. */
export function checkpointUrl(plan: DeploymentPlan, target: ClusterTarget): string {
  const scheme = target.cloud === "aws" ? "s3" : "gs";
  return `${scheme}://${target.modelBucket}/${servingNames(plan).checkpointPrefix}`;
}

/** Directory of the checkpoint in the node cache, and the link the server loads by its served name. */
export function cachePaths(plan: DeploymentPlan) {
  const names = servingNames(plan);
  return { checkpointDir: `${MODEL_CACHE_MOUNT}/.checkpoints/${plan.checkpoint}`, servedLink: `${MODEL_CACHE_MOUNT}/${names.servedModelName}` };
}

/**
 * Model cache volume: NVMe RAID0 hostPath on AWS (default: where the EKS GPU nodes mount the
 * RAID0, {@link NODE_MODEL_CACHE_DIR}), Local SSD-backed emptyDir on GKE.
 */
export function modelCacheVolume(plan: DeploymentPlan, target: ClusterTarget): Record<string, unknown> {
  if (target.cloud === "aws") {
    return { name: "model-cache", hostPath: { path: target.nodeModelCachePath ?? NODE_MODEL_CACHE_DIR, type: "DirectoryOrCreate" } };
  }
  return { name: "model-cache", emptyDir: { sizeLimit: `${Math.ceil(plan.checkpointSizeGB * 1.2)}G` } };
}

/** Init container: bucket -> NVMe with parallel transfers; skips when the node already holds it. */
export function stageInitContainer(plan: DeploymentPlan, target: ClusterTarget): Container {
  const { checkpointDir, servedLink } = cachePaths(plan);
  const url = checkpointUrl(plan, target);
  const list = target.cloud === "aws" ? `s5cmd ls "${url}/${STAGED_MARKER}"` : `gcloud storage ls "${url}/${STAGED_MARKER}"`;
  const copy = target.cloud === "aws"
    ? `s5cmd --numworkers ${COPY_WORKERS} cp "${url}/*" "${checkpointDir}/"`
    : `gcloud storage cp --recursive "${url}/*" "${checkpointDir}/"`;
  const script = [
    "set -eu",
    `if [ -f "${checkpointDir}/.complete" ]; then echo "checkpoint already on local NVMe"; else`,
    `  until ${list} >/dev/null 2>&1; do echo "waiting for the staging job to finish ${url}"; sleep 30; done`,
    `  mkdir -p "${checkpointDir}"`,
    `  ${copy}`,
    `  touch "${checkpointDir}/.complete"`,
    "fi",
    `ln -sfn "${checkpointDir}" "${servedLink}"`,
  ].join("\n");
  return {
    name: "stage-model",
    image: imageString(target.cloud === "aws" ? TOOL_IMAGES.s5cmd : TOOL_IMAGES.gcloud),
    command: ["/bin/sh", "-c", script],
    ...(target.cloud === "gcp" ? { env: [{ name: "CLOUDSDK_STORAGE_PARALLEL_COMPOSITE_UPLOAD_ENABLED", value: "False" }] } : {}),
    resources: { requests: { cpu: "8", memory: "8Gi" } },
    volumeMounts: [{ name: "model-cache", mountPath: MODEL_CACHE_MOUNT }],
  };
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

/** GPU (and fabric) resources of one serving pod. */
export function serverResources(plan: DeploymentPlan): { requests: Record<string, string>; limits: Record<string, string> } {
  const node = NODE_TYPES[plan.nodeType];
  const cpu = String(Math.floor((node?.vcpus ?? 96) * NODE_REQUEST_SHARE));
  const memory = `${Math.floor((node?.memoryGiB ?? 1024) * NODE_REQUEST_SHARE)}Gi`;
  const requests: Record<string, string> = { cpu, memory, "nvidia.com/gpu": String(plan.gpusPerNode) };
  const limits: Record<string, string> = { "nvidia.com/gpu": String(plan.gpusPerNode) };
  if (plan.fabric.kind === "efa") {
    for (const r of [requests, limits]) {
      r["vpc.amazonaws.com/efa"] = String(plan.fabric.interfacesPerNode);
      r["hugepages-2Mi"] = EFA_HUGEPAGES_2MI;
    }
  }
  return { requests, limits };
}

/** Fabric environment (libfabric / NCCL) for multi-node pods. */
export function fabricEnv(plan: DeploymentPlan): Record<string, string> {
  switch (plan.fabric.kind) {
    case "efa":
      return { FI_PROVIDER: "efa", FI_EFA_USE_DEVICE_RDMA: "1", FI_EFA_FORK_SAFE: "1", NCCL_DEBUG: "WARN" };
    case "gpudirect-rdma":
      return { NCCL_NET: "gIB", NCCL_DEBUG: "WARN" };
    case "gpudirect-tcpxo":
    case "gpudirect-tcpx": {
      const nics = Array.from({ length: plan.fabric.interfacesPerNode }, (_, i) => `eth${i + 1}`).join(",");
      return {
        NCCL_FASTRAK_CTRL_DEV: "eth0", NCCL_FASTRAK_IFNAME: nics, NCCL_SOCKET_IFNAME: "eth0",
        NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY: "/dev/aperture_devices", NCCL_DEBUG: "WARN",
      };
    }
    default:
      return {};
  }
}

/**
 * Host library directory the fabric's NCCL plugin lives in, prepended to the image's own
 * LD_LIBRARY_PATH by the launch script (setting it as pod env would replace the image's value).
 */
export function fabricLibraryPath(plan: DeploymentPlan): string | undefined {
  if (plan.fabric.kind === "gpudirect-rdma") return "/usr/local/gib/lib64";
  if (plan.fabric.kind === "gpudirect-tcpxo" || plan.fabric.kind === "gpudirect-tcpx") return "/usr/local/nvidia/lib64";
  return undefined;
}

/**
 * GKE `Network` names of the extra NICs in NIC order, as the GKE infra names them
 * (lib/clouds/gcp/plan-gke-network.ts): extra gVNICs `gvnic-1…`, then RDMA `rdma-0…` or GPU NICs `vpc1…`.
 */
export function defaultGpuNetworkNames(plan: DeploymentPlan): string[] {
  const nics = NODE_TYPES[plan.nodeType]?.additionalNics ?? { gvnic: 0, gpuNics: plan.fabric.interfacesPerNode };
  const gvnics = Array.from({ length: nics.gvnic }, (_, i) => `gvnic-${i + 1}`);
  const gpu = Array.from({ length: nics.gpuNics }, (_, i) => (plan.fabric.kind === "gpudirect-rdma" ? `rdma-${i}` : `vpc${i + 1}`));
  return [...gvnics, ...gpu];
}

/** GKE multi-networking annotations for GPU NICs (multi-node on GCP only). */
export function fabricAnnotations(plan: DeploymentPlan, target: ClusterTarget): Record<string, string> {
  if (target.cloud !== "gcp" || plan.fabric.kind === "none" || plan.fabric.kind === "efa") return {};
  const networks = target.gpuNetworkNames ?? defaultGpuNetworkNames(plan);
  const interfaces = [{ interfaceName: "eth0", network: "default" }, ...networks.map((network, i) => ({ interfaceName: `eth${i + 1}`, network }))];
  const annotations: Record<string, string> = { "networking.gke.io/default-interface": "eth0", "networking.gke.io/interfaces": JSON.stringify(interfaces) };
  if (plan.fabric.kind === "gpudirect-tcpxo") {
    annotations["devices.gke.io/container.tcpxo-daemon"] = TCPXO_DAEMON_DEVICES.map((d) => `- path: ${d}\n`).join("");
  }
  return annotations;
}

type Role = "single" | "leader" | "worker";

/** The pod spec of a serving pod: single-node server, LWS leader or LWS worker. */
export function serverPodSpec(plan: DeploymentPlan, target: ClusterTarget, role: Role): Record<string, unknown> {
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
      image: imageString(TOOL_IMAGES.tcpxoDaemon),
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
  else if (role === "leader") command = ["/bin/bash", "-c", leaderScript(plan)];
  else command = ["/bin/bash", "-c", workerScript(plan)];
  const drain = planDrain(plan);

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
    terminationGracePeriodSeconds: drain.terminationGracePeriodSeconds,
    nodeSelector: { ...names.gpuNodeLabels },
    tolerations: [{ key: names.gpuTaint.key, operator: "Equal", value: names.gpuTaint.value, effect: names.gpuTaint.effect }],
    initContainers,
    containers: [container, ...sidecars],
    volumes,
  };
}

/** Single-node server: a Deployment, rolling one pod at a time without surge (no extra GPUs needed). */
export function singleNodeDeployment(plan: DeploymentPlan, target: ClusterTarget): Obj {
  const names = servingNames(plan);
  return {
    apiVersion: "apps/v1", kind: "Deployment",
    metadata: meta(names, names.workload),
    spec: {
      replicas: plan.replicas.min,
      selector: { matchLabels: { ...names.podLabels } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      progressDeadlineSeconds: plan.coldStart.startupBudgetSeconds + plan.coldStart.stageSeconds,
      template: {
        metadata: { labels: { ...names.podLabels }, ...annotationsOf({ ...NO_EVICT_POD_ANNOTATIONS, ...fabricAnnotations(plan, target) }) },
        spec: serverPodSpec(plan, target, "single"),
      },
    },
  };
}

function annotationsOf(a: Record<string, string>) {
  return Object.keys(a).length ? { annotations: a } : {};
}

/** Default placement-domain label per cloud (see ClusterTarget.placementDomainLabel). */
export function placementDomainLabel(target: ClusterTarget): string {
  return target.placementDomainLabel ?? (target.cloud === "aws" ? "topology.k8s.aws/network-node-layer-3" : "cloud.google.com/gce-topology-block");
}

/** Multi-node replica: a LeaderWorkerSet whose group is the plan's nodes per replica. */
export function leaderWorkerSet(plan: DeploymentPlan, target: ClusterTarget): Obj {
  const names = servingNames(plan);
  // A node autoscaler must never evict one pod of a group: that restarts the whole group cold.
  const podAnnotations = annotationsOf({ ...NO_EVICT_POD_ANNOTATIONS, ...fabricAnnotations(plan, target) });
  return {
    apiVersion: "leaderworkerset.x-k8s.io/v1", kind: "LeaderWorkerSet",
    metadata: meta(names, names.workload, { annotations: { "leaderworkerset.sigs.k8s.io/exclusive-topology": placementDomainLabel(target) } }),
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
          spec: serverPodSpec(plan, target, "leader"),
        },
        workerTemplate: {
          metadata: { labels: { ...names.podLabels }, ...podAnnotations },
          spec: serverPodSpec(plan, target, "worker"),
        },
      },
    },
  };
}

/** mpirun's remote-shell agent: runs a rank on a worker pod through `kubectl exec` (LWS TensorRT-LLM example). */
export const KUBEXEC_SCRIPT = `#!/bin/sh
pod="$1"; shift
exec /opt/kube/kubectl exec "$pod" -c ${SERVER_CONTAINER} -- /bin/sh -c "$*"
`;

/**
 * The leader waits until every pod of its group runs, then launches the MPI job across the group.
 * On SIGTERM it drains first (the same drain as the preStop hook: no new work, wait for active
 * requests to reach 0 or the budget), then stops mpirun, which stops the ranks on every pod.
 */
export function leaderScript(plan: DeploymentPlan): string {
  const mpirun = mpirunArgs(plan, "/etc/trtllm/kubexec.sh").map((a) => (a.includes("$") ? `"${a}"` : a)).join(" ");
  const libs = fabricLibraryPath(plan);
  const drain = drainCommand(plan).join(" ");
  return [
    "set -euo pipefail",
    ...(libs ? [`export LD_LIBRARY_PATH="${libs}:\${LD_LIBRARY_PATH:-}"`] : []),
    'echo "waiting for ${LWS_GROUP_SIZE} running pods in group ${GROUP_KEY}"',
    'until [ "$(/opt/kube/kubectl get pods -l leaderworkerset.sigs.k8s.io/group-key=${GROUP_KEY} --field-selector=status.phase=Running -o name | wc -l)" -ge "${LWS_GROUP_SIZE}" ]; do sleep 5; done',
    "set +e",
    `${mpirun} &`,
    "MPI_PID=$!",
    `drain_then_stop() { ${drain}; kill -TERM "$MPI_PID" 2>/dev/null; }`,
    "trap drain_then_stop TERM INT",
    // wait returns early when the trap runs; keep waiting until mpirun has really exited.
    'while :; do wait "$MPI_PID"; rc=$?; kill -0 "$MPI_PID" 2>/dev/null || break; done',
    'exit "$rc"',
  ].join("\n");
}

/**
 * A worker holds the group's ranks (run in it through kubectl exec) until the leader has drained:
 * on SIGTERM it waits while the leader's server still answers, then exits.
 */
export function workerScript(plan: DeploymentPlan): string {
  const port = servingNames(plan).port;
  const leaderUp = `python3 -c 'import os, urllib.request; urllib.request.urlopen("http://%s:${port}/health" % os.environ["LWS_LEADER_ADDRESS"], timeout=4)' >/dev/null 2>&1`;
  return [
    `on_term() { while ${leaderUp}; do sleep 5; done; exit 0; }`,
    "trap on_term TERM INT",
    "sleep infinity &",
    'while :; do wait "$!"; done',
  ].join("\n");
}

/** RBAC the leader needs for the wait and the kubectl-exec MPI agent (namespace-scoped). */
export function leaderRbac(plan: DeploymentPlan): Obj[] {
  const names = servingNames(plan);
  const name = "trtllm-leader";
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta(names, name),
      rules: [
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
        { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: meta(names, name),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [{ kind: "ServiceAccount", name: names.serviceAccounts.server, namespace: names.namespace }],
    },
  ];
}

/** ClusterIP Service in front of the servers; for LWS it selects the leaders only. */
export function servingService(plan: DeploymentPlan): Obj {
  const names = servingNames(plan);
  return {
    apiVersion: "v1", kind: "Service",
    metadata: meta(names, names.service),
    spec: {
      type: "ClusterIP",
      selector: { ...names.endpointSelector },
      ports: [{ name: "http", port: names.port, targetPort: names.port, protocol: "TCP" }],
    },
  };
}

/** At most one server (or group) down at a time through voluntary disruptions. */
export function servingPdb(plan: DeploymentPlan): Obj {
  const names = servingNames(plan);
  return {
    apiVersion: "policy/v1", kind: "PodDisruptionBudget",
    metadata: meta(names, names.workload),
    spec: { maxUnavailable: 1, selector: { matchLabels: { ...names.podLabels } } },
  };
}

/** Label of the post-deploy check pods (lib/verification). */
export const CHECK_POD_LABEL = { key: "cdktf-deepseek.io/role", value: "check" } as const;

/** gRPC ext-proc port of the endpoint picker. */
export const ENDPOINT_PICKER_PORT = 9002;

/**
 * Default-deny ingress for the namespace, then on 8000: the traffic layer's namespace, Prometheus,
 * and in this namespace only the endpoint picker (reads server metrics) and the check pods (call
 * the server); any other pod of the namespace is refused. Plus group-internal traffic.
 */
export function servingNetworkPolicies(plan: DeploymentPlan): Obj[] {
  const names = servingNames(plan);
  const policies: Obj[] = [
    {
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta(names, "default-deny-ingress"),
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
    {
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta(names, "allow-traffic-and-prometheus"),
      spec: {
        podSelector: { matchLabels: { ...names.endpointSelector } },
        policyTypes: ["Ingress"],
        ingress: [{
          from: [
            { namespaceSelector: { matchLabels: { [TRAFFIC_NAMESPACE_LABEL.key]: TRAFFIC_NAMESPACE_LABEL.value } } },
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": PROMETHEUS_NAMESPACE } } },
            // Pods of this namespace: only the endpoint picker (the traffic layer's, chart-labelled),
            // which reads server metrics, and the post-deploy checks, which call the server.
            // The inferencepool chart's EPP pod labels (lib/traffic/plan-traffic.ts documents the source).
            { podSelector: { matchLabels: { ...ENDPOINT_PICKER_POD_LABELS } } },
            { podSelector: { matchLabels: { [CHECK_POD_LABEL.key]: CHECK_POD_LABEL.value } } },
          ],
          ports: [{ protocol: "TCP", port: names.port }],
        }],
      },
    },
    {
      // The gateway asks the endpoint picker (ext-proc, gRPC 9002) where to send each request.
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta(names, "allow-gateway-to-endpoint-picker"),
      spec: {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { [TRAFFIC_NAMESPACE_LABEL.key]: TRAFFIC_NAMESPACE_LABEL.value } } }], ports: [{ protocol: "TCP", port: ENDPOINT_PICKER_PORT }] }],
      },
    },
    {
      // The fabric check's pods run NCCL between themselves on ephemeral ports.
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta(names, "allow-check-group"),
      spec: {
        podSelector: { matchLabels: { [CHECK_POD_LABEL.key]: CHECK_POD_LABEL.value } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { [CHECK_POD_LABEL.key]: CHECK_POD_LABEL.value } } }] }],
      },
    },
  ];
  if (plan.nodesPerReplica > 1) {
    policies.push({
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta(names, "allow-intra-group"),
      spec: {
        podSelector: { matchLabels: { ...names.podLabels } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { ...names.podLabels } } }] }],
      },
    });
  }
  return policies;
}

/** Every serving object (apart from staging and secrets) in install order. */
export function servingObjects(plan: DeploymentPlan, target: ClusterTarget): Obj[] {
  const multi = plan.nodesPerReplica > 1;
  return [
    servingConfigMap(plan),
    ...(multi ? leaderRbac(plan) : []),
    multi ? leaderWorkerSet(plan, target) : singleNodeDeployment(plan, target),
    servingService(plan),
    servingPdb(plan),
  ];
}

/** Objects the serving workload needs before it starts: namespace, identities, network policy. */
export function servingBaseObjects(plan: DeploymentPlan, target: ClusterTarget): Obj[] {
  return [servingNamespace(plan), ...servingServiceAccounts(plan, target), ...servingNetworkPolicies(plan)];
}
