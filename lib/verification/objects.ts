import { CHECK_POD_LABEL } from "../serving/constants";
import { stableHash } from "../plan/stable-hash";
import type { KubernetesObject } from "../internal/k8s-object";
import type { DeploymentPlan } from "../plan/plan";
import { servingNames } from "../plan/names";
import type { CheckName, VerificationPlan } from "./plan-verification";
import { withPodFabric } from "../fabric/fabric-pod";
import { planPodFabric, type FabricNodeContext } from "../fabric/plan-pod-fabric";
import { planPodSecurity, podSecurityAnnotations } from "../serving/plan-pod-security";
import {
  FABRIC_RENDEZVOUS_PORT, LOAD_PROBE_PY, SERVING_CHECK_PY, fabricCheckCommand, fabricCheckEnv, loadProbeEnv, servingCheckEnv,
} from "./scripts";

/** Label every check pod carries, so the serving namespace's NetworkPolicy can admit them. */
export const CHECK_ROLE_LABEL = { [CHECK_POD_LABEL.key]: CHECK_POD_LABEL.value } as const;
/** Label naming which check a pod belongs to. */
export const CHECK_NAME_LABEL_KEY = "cdktf-deepseek.io/check";
/** Dedicated service account of each check (one per release): no token mounted, no RBAC bound. */
export const CHECK_SERVICE_ACCOUNTS: Readonly<Record<CheckName, string>> = { fabric: "check-fabric", serving: "check-serving", loadProbe: "check-load-probe" };
/** Headless Service giving the fabric check pods stable DNS names (`<job>-<index>.<service>`). */
export const FABRIC_CHECK_SERVICE = "check-fabric";

/** Where the public endpoint URL comes from: a literal, or a ConfigMap key (when it is a Terraform token). */
export type EndpointSource = { readonly value: string } | { readonly configMapKeyRef: { readonly name: string; readonly key: string } };

export interface VerificationObjectsOptions {
  readonly endpoint: EndpointSource;
  /** Kubernetes Secret holding the API key the gateway accepts. */
  readonly apiKeySecret: { readonly name: string; readonly key: string };
  /** Image of the serving check and load probe (python 3, urllib): planDeploymentChecks' `images.check`. */
  readonly checkImage: string;
  /** Image of the fabric check (torch + NCCL + the fabric's NCCL plugin): planDeploymentChecks' `images.fabric`. */
  readonly fabricImage: string;
  /**
   * The gateway's in-cluster address: the serving check calls it with TLS SNI (and Host) = `sni`
   * instead of the public URL. @default none: the serving check calls the public endpoint
   */
  readonly gateway?: GatewayAddress;
  /**
   * What the cluster says about the GPU nodes beyond the plan (GKE network names of the GPU NICs),
   * as the serving workload's ClusterTarget says it: the check pod must match the servers.
   * @default {} (the GKE infra's own network names)
   */
  readonly node?: FabricNodeContext;
}

/** In-cluster address of the gateway's Service and the public hostname its listener answers to. */
export interface GatewayAddress {
  /** Service DNS name (or address) of the gateway, e.g. `envoy-gw.envoy-gateway-system.svc.cluster.local`. */
  readonly host: string;
  readonly port: number;
  /** The public hostname: TLS SNI and Host header. */
  readonly sni: string;
  /** `HTTP` when a load balancer terminates TLS in front of the gateway (managed AWS certificate). @default "HTTPS" */
  readonly protocol?: "HTTPS" | "HTTP";
}

/** Environment telling the serving check to call the gateway's in-cluster Service. */
export function gatewayEnv(gateway: GatewayAddress): { name: string; value: string }[] {
  return [
    { name: "GATEWAY_URL", value: `${gateway.protocol === "HTTP" ? "http" : "https"}://${gateway.host}:${gateway.port}` },
    { name: "GATEWAY_SNI", value: gateway.sni },
  ];
}

/** Kubernetes objects of each enabled check (its ServiceAccount first), keyed by check; empty when off. */
export interface VerificationObjects {
  readonly fabric: readonly KubernetesObject[];
  readonly serving: readonly KubernetesObject[];
  readonly loadProbe: readonly KubernetesObject[];
  /** Job name per enabled check (names carry a content hash so a changed check re-runs). */
  readonly jobNames: Readonly<Partial<Record<CheckName, string>>>;
}

function shortHash(value: unknown): string {
  return stableHash(value, 8);
}

const TMP_VOLUME = { name: "tmp", emptyDir: { sizeLimit: "1Gi" } };
const TMP_MOUNT = { name: "tmp", mountPath: "/tmp" };

/** Restricted security context for the HTTP checks (Pod Security "restricted"). */
const RESTRICTED_CONTAINER = {
  runAsNonRoot: true,
  runAsUser: 1000,
  runAsGroup: 1000,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
};

function labels(plan: DeploymentPlan, check: CheckName): Record<string, string> {
  return { ...CHECK_ROLE_LABEL, [CHECK_NAME_LABEL_KEY]: check === "loadProbe" ? "load-probe" : check, "app.kubernetes.io/part-of": "cdktf-deepseek", "cdktf-deepseek.io/placement": plan.id };
}

function jobSpec(timeoutSeconds: number, ttl: number, podTemplate: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { backoffLimit: 0, activeDeadlineSeconds: timeoutSeconds, ttlSecondsAfterFinished: ttl, ...extra, template: podTemplate };
}

/** Builds the check objects for `plan` as plain data. Pure. */
export function buildVerificationObjects(plan: DeploymentPlan, checks: VerificationPlan, options: VerificationObjectsOptions): VerificationObjects {
  const names = servingNames(plan);
  const ns = names.namespace;
  const tolerations = [{ key: names.gpuTaint.key, operator: "Equal", value: names.gpuTaint.value, effect: names.gpuTaint.effect }];
  const jobNames: Partial<Record<CheckName, string>> = {};

  const serviceAccount = (check: CheckName): KubernetesObject => ({
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: CHECK_SERVICE_ACCOUNTS[check], namespace: ns, labels: labels(plan, check) },
    automountServiceAccountToken: false,
  });

  const fabric: KubernetesObject[] = [];
  if (checks.fabric) {
    const f = checks.fabric;
    const image = options.fabricImage;
    // The same planner and builder as the serving pods (lib/serving/server-pod.ts).
    const settings = planPodFabric(plan, options.node ?? {}, image, "fabricImage");
    // The name changes with the check's plan, fabric settings, image and script, so a changed check re-runs.
    const command = fabricCheckCommand(settings.preamble);
    const jobName = `check-fabric-${shortHash({ f, settings, image, command })}`;
    jobNames.fabric = jobName;
    const masterAddr = `${jobName}-0.${FABRIC_CHECK_SERVICE}.${ns}.svc.cluster.local`;
    const podLabels = labels(plan, "fabric");
    fabric.push(serviceAccount("fabric"));
    const gpuResources = { "nvidia.com/gpu": String(f.gpusPerNode), cpu: "16", memory: "128Gi" };
    fabric.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: FABRIC_CHECK_SERVICE, namespace: ns, labels: podLabels },
      spec: { clusterIP: "None", publishNotReadyAddresses: true, selector: { ...CHECK_ROLE_LABEL, [CHECK_NAME_LABEL_KEY]: "fabric" }, ports: [{ name: "rendezvous", port: FABRIC_RENDEZVOUS_PORT, targetPort: FABRIC_RENDEZVOUS_PORT }] },
    });
    fabric.push({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: jobName, namespace: ns, labels: podLabels },
      spec: jobSpec(f.timeoutSeconds, checks.ttlSecondsAfterFinished, {
        metadata: { labels: podLabels, annotations: { ...settings.annotations, ...podSecurityAnnotations(planPodSecurity(plan).fabricCheck) } },
        spec: withPodFabric({
          restartPolicy: "Never",
          serviceAccountName: CHECK_SERVICE_ACCOUNTS.fabric,
          automountServiceAccountToken: false,
          subdomain: FABRIC_CHECK_SERVICE,
          nodeSelector: { ...names.gpuNodeLabels },
          tolerations,
          // Root, with only the fabric's capabilities added (IPC_LOCK where it pins memory). No privileged mode.
          securityContext: { seccompProfile: { type: "RuntimeDefault" } },
          containers: [{
            name: "nccl-allreduce",
            image,
            command: ["/bin/bash", "-c", command],
            env: [{ name: "HOME", value: "/tmp" }, ...fabricCheckEnv(f, masterAddr)],
            resources: { requests: gpuResources, limits: gpuResources },
            securityContext: {
              allowPrivilegeEscalation: false,
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"] },
            },
            ports: [{ name: "rendezvous", containerPort: FABRIC_RENDEZVOUS_PORT }],
            volumeMounts: [TMP_MOUNT, { name: "dshm", mountPath: "/dev/shm" }],
          }],
          volumes: [TMP_VOLUME, { name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "64Gi" } }],
        }, "nccl-allreduce", settings),
      }, { completionMode: "Indexed", completions: f.nodes, parallelism: f.nodes }),
    });
  }

  const endpointEnv = "value" in options.endpoint
    ? { name: "ENDPOINT_URL", value: options.endpoint.value }
    : { name: "ENDPOINT_URL", valueFrom: { configMapKeyRef: { ...options.endpoint.configMapKeyRef } } };
  const httpEnv = [
    endpointEnv,
    { name: "API_KEY", valueFrom: { secretKeyRef: { name: options.apiKeySecret.name, key: options.apiKeySecret.key } } },
    { name: "MODEL", value: names.servedModelName },
    { name: "HOME", value: "/tmp" },
    // The check shares the GPU nodes (the serving image is cached there) but must not see their GPUs.
    { name: "NVIDIA_VISIBLE_DEVICES", value: "void" },
    { name: "PYTHONUNBUFFERED", value: "1" },
  ];
  const checkImage = options.checkImage;
  const httpPod = (check: CheckName, script: string, env: Record<string, unknown>[]): Record<string, unknown> => ({
    metadata: { labels: labels(plan, check), annotations: podSecurityAnnotations(planPodSecurity(plan).servingCheck) },
    spec: {
      restartPolicy: "Never",
      serviceAccountName: CHECK_SERVICE_ACCOUNTS[check],
      automountServiceAccountToken: false,
      nodeSelector: { ...names.gpuNodeLabels },
      tolerations,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [{
        name: check === "loadProbe" ? "load-probe" : check,
        image: checkImage,
        command: ["python3", "-c", script],
        env,
        resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "2", memory: "1Gi" } },
        securityContext: RESTRICTED_CONTAINER,
        volumeMounts: [TMP_MOUNT],
      }],
      volumes: [TMP_VOLUME],
    },
  });
  /** A Job running one of the HTTP checks (serving, load probe) in its pod. */
  const httpCheckJob = (check: CheckName, name: string, timeoutSeconds: number, script: string, env: Record<string, unknown>[]): KubernetesObject => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name, namespace: ns, labels: labels(plan, check) },
    spec: jobSpec(timeoutSeconds, checks.ttlSecondsAfterFinished, httpPod(check, script, env)),
  });

  const serving: KubernetesObject[] = [];
  if (checks.serving) {
    const s = checks.serving;
    const env: Record<string, unknown>[] = [
      { name: "SERVICE_URL", value: `http://${names.service}.${ns}.svc.cluster.local:${names.port}` },
      ...(options.gateway ? gatewayEnv(options.gateway) : []),
      ...servingCheckEnv(s),
      ...httpEnv,
    ];
    const jobName = `check-serving-${shortHash({ s, env, checkImage, script: SERVING_CHECK_PY })}`;
    jobNames.serving = jobName;
    serving.push(serviceAccount("serving"), httpCheckJob("serving", jobName, s.timeoutSeconds, SERVING_CHECK_PY, env));
  }

  const loadProbe: KubernetesObject[] = [];
  if (checks.loadProbe) {
    const l = checks.loadProbe;
    const env: Record<string, unknown>[] = [...loadProbeEnv(l), ...httpEnv];
    const jobName = `check-load-probe-${shortHash({ l, env, checkImage, script: LOAD_PROBE_PY })}`;
    jobNames.loadProbe = jobName;
    loadProbe.push(serviceAccount("loadProbe"), httpCheckJob("loadProbe", jobName, l.timeoutSeconds, LOAD_PROBE_PY, env));
  }

  return { fabric, serving, loadProbe, jobNames };
}
