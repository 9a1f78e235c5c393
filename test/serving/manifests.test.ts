import { planDisruption } from "../../lib/serving/plan-disruption";
import type { KubernetesObject } from "../../lib/internal/k8s-object";
import {
  leaderWorkerSet, servingBaseObjects, servingObjects, servingService, singleNodeDeployment, stagingObjects, planStaging,
  servingNetworkPolicies, SHM_SIZE_GIB, planDrain, serverPodFabric, servingConfigMap,
} from "../../lib/serving";
import { defaultGpuNetworkNames } from "../../lib/fabric/plan-pod-fabric";
import { planTraffic } from "../../lib/traffic/plan-traffic";
import { planCompileCache } from "../../lib/fabric/plan-compile-cache";
import { NODE_MODEL_CACHE_DIR } from "../../lib/clouds/aws/plan-aws-gpu-nodes";
import { MODES, PROFILES, planFor, podTemplateErrors, targetFor, validateObject } from "./helpers";

type Any = Record<string, any>;  

const allObjects = (cloud: "aws" | "gcp", hw: string, mode: "latency" | "throughput"): KubernetesObject[] => {
  const plan = planFor(cloud, hw, mode);
  const target = targetFor(cloud);
  return [...servingBaseObjects(plan, target), ...stagingObjects(plan, target), ...servingObjects(plan, target)];
};

const cases = (["aws", "gcp"] as const).flatMap((cloud) => PROFILES.flatMap((hw) => MODES.map((mode) => [cloud, hw, mode] as const)));

describe("every emitted object validates against its upstream schema", () => {
  test.each(cases)("%s %s %s", (cloud, hw, mode) => {
    const objects = allObjects(cloud, hw, mode);
    const how = objects.map((o) => `${o.kind}:${validateObject(o)}`);
    expect(how.filter((h) => h.includes("LeaderWorkerSet"))).toEqual(hw === "2x8xH100" ? ["LeaderWorkerSet:lws-crd"] : []);
    // Pod templates of Deployments and Jobs also pass the CRD's strict PodTemplateSpec schema (unknown fields rejected).
    for (const o of objects.filter((x) => x.kind === "Deployment" || x.kind === "Job")) {
      expect(podTemplateErrors((o as Any).spec.template)).toEqual([]);
    }
  });

  test("the strict schema check catches a misspelled field", () => {
    const d = singleNodeDeployment(planFor("aws", "8xB200", "latency"), targetFor("aws")) as Any;
    const template = structuredClone(d.spec.template);
    template.spec.containers[0].startupProbes = template.spec.containers[0].startupProbe;
    expect(podTemplateErrors(template).join()).toContain("must NOT have additional properties");
  });
});

describe.each(["8xB200", "8xH200"])("single-node %s", (hw) => {
  test.each(MODES)("%s: Deployment with 8 GPUs, /dev/shm in memory, probes from the plan, no surge", (mode) => {
    const plan = planFor("aws", hw, mode);
    const d = singleNodeDeployment(plan, targetFor("aws")) as Any;
    expect(d.spec.replicas).toBe(plan.replicas.min);
    expect(d.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: planDisruption(plan).maxSurge, maxUnavailable: planDisruption(plan).maxUnavailable } });
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    expect(c.resources.limits["nvidia.com/gpu"]).toBe("8");
    expect(c.resources.limits["vpc.amazonaws.com/efa"]).toBeUndefined();
    expect(c.command.slice(0, 2)).toEqual(["trtllm-serve", "deepseek-r1"]);
    expect(c.image).toBe("nvcr.io/nvidia/tensorrt-llm/release:1.2.1");
    expect(c.startupProbe).toEqual({ httpGet: { path: "/health", port: 8000 }, periodSeconds: plan.coldStart.probePeriodSeconds, failureThreshold: plan.coldStart.probeFailureThreshold, timeoutSeconds: 10 });
    expect(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold).toBe(plan.coldStart.startupBudgetSeconds);
    expect(c.readinessProbe.exec.command[2]).toContain("http://127.0.0.1:8000/health");
    expect(c.livenessProbe.httpGet.path).toBe("/health");
    expect(c.livenessProbe.failureThreshold * c.livenessProbe.periodSeconds).toBeLessThan(plan.coldStart.startupBudgetSeconds);
    expect(pod.volumes).toContainEqual({ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: `${SHM_SIZE_GIB}Gi` } });
    expect(c.volumeMounts).toContainEqual({ name: "dshm", mountPath: "/dev/shm" });
    expect(c.lifecycle.preStop.exec.command[0]).toBe("python3");
    expect(pod.terminationGracePeriodSeconds).toBe(planDrain(plan).terminationGracePeriodSeconds);
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }]);
    expect(pod.nodeSelector["node.kubernetes.io/instance-type"]).toBe(plan.nodeType);
    // The recipe's env, then the compile cache on the node's NVMe (no fabric on one node).
    expect(c.env).toEqual([...Object.entries(plan.env).map(([name, value]) => ({ name, value })), ...planCompileCache(plan, targetFor("aws")).env]);
  });

  test("the image is pinned by tag, with the digest when the plan has one", () => {
    const plan = { ...planFor("aws", hw, "latency"), image: { repository: "nvcr.io/nvidia/tensorrt-llm/release", tag: "1.2.1", digest: `sha256:${"a".repeat(64)}` } };
    expect((singleNodeDeployment(plan, targetFor("aws")) as Any).spec.template.spec.containers[0].image).toBe(`nvcr.io/nvidia/tensorrt-llm/release:1.2.1@sha256:${"a".repeat(64)}`);
  });
});

describe("model cache and staging", () => {
  test("AWS: NVMe hostPath cache; init container pulls from S3 with parallel s5cmd and skips a warm cache", () => {
    const plan = planFor("aws", "8xH200", "throughput");
    const pod = (singleNodeDeployment(plan, targetFor("aws")) as Any).spec.template.spec;
    // Where EKS nodeadm mounts the instance-store RAID0 (/mnt/k8s-disks/0), not /mnt/nvme.
    expect(pod.volumes).toContainEqual({ name: "model-cache", hostPath: { path: "/mnt/k8s-disks/0/deepseek-models", type: "DirectoryOrCreate" } });
    expect(NODE_MODEL_CACHE_DIR).toBe("/mnt/k8s-disks/0/deepseek-models");
    // The staging Job writes the same node cache the servers read.
    const job = stagingObjects(plan, targetFor("aws"))[2] as Any;
    expect(job.spec.template.spec.volumes).toContainEqual({ name: "model-cache", hostPath: { path: NODE_MODEL_CACHE_DIR, type: "DirectoryOrCreate" } });
    // An explicit target path still wins.
    const custom = (singleNodeDeployment(plan, { ...targetFor("aws"), nodeModelCachePath: "/data/models" }) as Any).spec.template.spec;
    expect(custom.volumes).toContainEqual({ name: "model-cache", hostPath: { path: "/data/models", type: "DirectoryOrCreate" } });
    const init = pod.initContainers[0];
    const script: string = init.command[2];
    // Constant script; the values are environment variables, per revision.
    expect(script).toContain('s5cmd --numworkers 256 cp "$CHECKPOINT_URL/*" "$CHECKPOINT_DIR/"');
    expect(script).toContain('if [ -f "$CHECKPOINT_DIR/.complete" ]');
    expect(script).toContain('ln -sfn "$CHECKPOINT_DIR" "$SERVED_LINK"');
    expect(script).not.toContain("deepseek");
    expect(init.env).toEqual(expect.arrayContaining([
      { name: "CHECKPOINT_URL", value: "s3://deepseek-models-us-east-1/checkpoints/deepseek-ai/DeepSeek-R1/main" },
      { name: "CHECKPOINT_DIR", value: "/models/.checkpoints/deepseek-ai/DeepSeek-R1/main" },
      { name: "SERVED_LINK", value: "/models/deepseek-r1" },
    ]));
    expect(pod.containers[0].workingDir).toBe("/models");
  });

  test("GKE: Local SSD emptyDir sized for the checkpoint; gcloud storage copy", () => {
    const plan = planFor("gcp", "8xB200", "throughput");
    const pod = (singleNodeDeployment(plan, targetFor("gcp")) as Any).spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: "model-cache", emptyDir: { sizeLimit: `${Math.ceil(plan.checkpointSizeGB * 1.2)}G` } });
    expect(pod.initContainers[0].command[2]).toContain('gcloud storage cp --recursive "$CHECKPOINT_URL/*" "$CHECKPOINT_DIR/"');
    expect(pod.initContainers[0].env).toContainEqual({ name: "CHECKPOINT_URL", value: `gs://deepseek-models-us-central1/checkpoints/${plan.checkpoint}/main` });
  });

  test("staging Job: token from the synced Secret, never a literal; deadline from the stated throughput", () => {
    const plan = planFor("aws", "2x8xH100", "latency");
    const [store, secret, job] = stagingObjects(plan, targetFor("aws")) as Any[];
    expect(store.spec.provider).toEqual({ aws: { service: "SecretsManager", region: "us-east-1" } });
    expect(secret.spec.data).toEqual([{ secretKey: "HF_TOKEN", remoteRef: { key: "deepseek/hf-token" } }]);
    const download = job.spec.template.spec.initContainers[1];
    expect(download.env).toContainEqual({ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf-token", key: "HF_TOKEN" } } });
    expect(download.env).toContainEqual({ name: "CHECKPOINT_REPO", value: "deepseek-ai/DeepSeek-R1" });
    expect(download.command.slice(0, 2)).toEqual(["python3", "-c"]);
    const staging = planStaging(plan);
    // 688.4 GB at 250 MB/s = 2754 s; verify at 2000 MB/s = 345 s; upload at 1000 MB/s = 689 s; × 1.5
    expect(staging).toMatchObject({ downloadSeconds: 2754, verifySeconds: 345, uploadSeconds: 689, budgetSeconds: 5682 });
    expect(job.spec.activeDeadlineSeconds).toBe(5682);
    expect(job.spec.template.spec.containers[0].command[2]).toContain("_STAGED");
  });

  test("GKE SecretStore authenticates with Workload Identity; service accounts carry the GSA", () => {
    const plan = planFor("gcp", "8xH200", "latency");
    const [store] = stagingObjects(plan, targetFor("gcp")) as Any[];
    expect(store.spec.provider.gcpsm).toEqual({
      projectID: "my-proj",
      // Its own KSA, not the stager's (which may write the bucket).
      auth: { workloadIdentity: { clusterLocation: "us-central1", clusterName: "deepseek", clusterProjectID: "my-proj", serviceAccountRef: { name: "secrets-reader" } } },
    });
    const sas = servingBaseObjects(plan, targetFor("gcp")).filter((o) => o.kind === "ServiceAccount");
    expect(sas.map((s) => s.metadata.name)).toEqual(["trtllm-server", "model-stager", "secrets-reader"]);
    expect(sas.map((s) => s.metadata.annotations)).toEqual([
      { "iam.gke.io/gcp-service-account": "serving@my-proj.iam.gserviceaccount.com" },
      { "iam.gke.io/gcp-service-account": "serving@my-proj.iam.gserviceaccount.com" },
      { "iam.gke.io/gcp-service-account": "serving@my-proj.iam.gserviceaccount.com" },
    ]);
    // The KSA the SecretStore names exists among the base objects.
    expect(sas.map((s) => s.metadata.name)).toContain(store.spec.provider.gcpsm.auth.workloadIdentity.serviceAccountRef.name);
    expect(servingBaseObjects(planFor("aws", "8xH200", "latency"), targetFor("aws")).filter((o) => o.kind === "ServiceAccount").map((s) => s.metadata.annotations)).toEqual([undefined, undefined, undefined]);
  });

  test("GKE secrets reader: its own GSA when the target names one, else the stager's, else the workload identity", () => {
    const plan = planFor("gcp", "8xH200", "latency");
    const reader = (target: Any) => (servingBaseObjects(plan, target as never).find((o) => o.metadata.name === "secrets-reader") as Any).metadata.annotations["iam.gke.io/gcp-service-account"];
    const stager = { gcpServiceAccountEmail: "stager@my-proj.iam.gserviceaccount.com" };
    const own = { gcpServiceAccountEmail: "secrets@my-proj.iam.gserviceaccount.com" };
    expect(reader({ ...targetFor("gcp"), stagerIdentity: stager, secretsReaderIdentity: own })).toBe("secrets@my-proj.iam.gserviceaccount.com");
    expect(reader({ ...targetFor("gcp"), stagerIdentity: stager })).toBe("stager@my-proj.iam.gserviceaccount.com");
    expect(reader(targetFor("gcp"))).toBe("serving@my-proj.iam.gserviceaccount.com");
  });

  test("AWS SecretStore keeps the ESO controller's Pod Identity (no service account reference)", () => {
    const [store] = stagingObjects(planFor("aws", "8xH200", "latency"), targetFor("aws")) as Any[];
    expect(JSON.stringify(store.spec)).not.toContain("serviceAccountRef");
  });

  test("staging Job name carries a hash of its spec, so a changed template is a new Job (templates are immutable)", () => {
    const plan = planFor("aws", "8xH200", "latency");
    const job = stagingObjects(plan, targetFor("aws"))[2] as Any;
    expect(job.metadata.name).toMatch(/^stage-checkpoint-[0-9a-f]{8}$/);
    expect((stagingObjects(plan, targetFor("aws"))[2] as Any).metadata.name).toBe(job.metadata.name);
    const changed = stagingObjects({ ...plan, checkpoint: "deepseek-ai/DeepSeek-V3" }, targetFor("aws"))[2] as Any;
    expect(changed.metadata.name).toMatch(/^stage-checkpoint-[0-9a-f]{8}$/);
    expect(changed.metadata.name).not.toBe(job.metadata.name);
    const otherBucket = stagingObjects(plan, { ...targetFor("aws"), modelBucket: "other-bucket" })[2] as Any;
    expect(otherBucket.metadata.name).not.toBe(job.metadata.name);
  });
});

describe.each(MODES)("2x8xH100 %s: LeaderWorkerSet", (mode) => {
  const plan = planFor("aws", "2x8xH100", mode);
  const lws = leaderWorkerSet(plan, targetFor("aws")) as Any;
  const t = lws.spec.leaderWorkerTemplate;

  test("group of 2, RecreateGroupOnPodRestart, one group per placement domain, no surge", () => {
    expect(t.size).toBe(2);
    expect(t.restartPolicy).toBe("RecreateGroupOnPodRestart");
    expect(lws.metadata.annotations["leaderworkerset.sigs.k8s.io/exclusive-topology"]).toBe("topology.k8s.aws/network-node-layer-3");
    expect(lws.spec.rolloutStrategy.rollingUpdateConfiguration).toEqual({ maxUnavailable: planDisruption(plan).maxUnavailable, maxSurge: planDisruption(plan).maxSurge });
    expect(lws.spec.replicas).toBe(plan.replicas.min);
  });

  test("EFA devices and huge pages on the leader AND the workers", () => {
    for (const pod of [t.leaderTemplate.spec, t.workerTemplate.spec]) {
      const r = pod.containers[0].resources;
      expect(r.limits).toMatchObject({ "nvidia.com/gpu": "8", "vpc.amazonaws.com/efa": "32", "hugepages-2Mi": "5120Mi" });
      expect(r.requests).toMatchObject({ "vpc.amazonaws.com/efa": "32", "hugepages-2Mi": "5120Mi" });
      expect(pod.containers[0].env).toContainEqual({ name: "FI_PROVIDER", value: "efa" });
      expect(pod.volumes).toContainEqual({ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: `${SHM_SIZE_GIB}Gi` } });
      expect(pod.initContainers[0].name).toBe("stage-model");
    }
  });

  test("the leader waits for every pod of its group, then mpirun launches trtllm-serve across it", () => {
    const script: string = t.leaderTemplate.spec.containers[0].command[2];
    const wait = script.indexOf("until [");
    const launch = script.indexOf("\nmpirun ");
    expect(wait).toBeGreaterThan(-1);
    expect(launch).toBeGreaterThan(wait);
    expect(script).toContain(`/opt/kube/kubectl get pod "\${POD_NAME}-$i" -o jsonpath='{.status.phase}'`);
    expect(script).toContain("for i in $(seq 1 $((LWS_GROUP_SIZE - 1)))");
    expect(script).toContain("trtllm-llmapi-launch trtllm-serve deepseek-r1 --host 0.0.0.0 --port 8000 --backend pytorch --tp_size 16");
    expect(t.leaderTemplate.spec.containers[0].startupProbe.failureThreshold).toBe(plan.coldStart.probeFailureThreshold);
    expect(t.workerTemplate.spec.containers[0].startupProbe).toBeUndefined();
  });

  test("the Service selects the leader only", () => {
    const svc = servingService(plan) as Any;
    expect(svc.spec.selector).toEqual({ "app.kubernetes.io/name": "trtllm", "app.kubernetes.io/part-of": "cdktf-deepseek", "leaderworkerset.sigs.k8s.io/worker-index": "0" });
    expect(svc.spec.ports).toEqual([{ name: "http", port: 8000, targetPort: 8000, protocol: "TCP" }]);
  });
});

test("2x8xH100 on GKE: TCPXO GPU NICs by multi-networking annotations on leader and workers", () => {
  const lws = leaderWorkerSet(planFor("gcp", "2x8xH100", "throughput"), targetFor("gcp")) as Any;
  for (const tpl of [lws.spec.leaderWorkerTemplate.leaderTemplate, lws.spec.leaderWorkerTemplate.workerTemplate]) {
    const interfaces = JSON.parse(tpl.metadata.annotations["networking.gke.io/interfaces"]);
    expect(interfaces).toHaveLength(9);
    expect(interfaces[1]).toEqual({ interfaceName: "eth1", network: "vpc1" });
    // Google's TCPXO profile sets the FasTrak NICs; the pod names the profile's directory.
    expect(tpl.spec.containers[0].env).toContainEqual({ name: "NCCL_LIB_DIR", value: "/usr/local/nvidia/lib64" });
    expect(tpl.spec.containers[0].resources.limits["vpc.amazonaws.com/efa"]).toBeUndefined();
  }
  expect(lws.metadata.annotations["leaderworkerset.sigs.k8s.io/exclusive-topology"]).toBe("cloud.google.com/gce-topology-block");
  // TCPXO: the RxDM daemon runs beside the server on leader and worker, with its devices injected by GKE.
  for (const tpl of [lws.spec.leaderWorkerTemplate.leaderTemplate, lws.spec.leaderWorkerTemplate.workerTemplate]) {
    expect(tpl.spec.containers.map((c: Any) => c.name)).toEqual(["trtllm"]);
    expect(tpl.spec.initContainers[0]).toMatchObject({ name: "tcpxo-daemon", restartPolicy: "Always" });
    expect(tpl.metadata.annotations["cluster-autoscaler.kubernetes.io/safe-to-evict"]).toBe("false");
    expect(tpl.metadata.annotations["devices.gke.io/container.tcpxo-daemon"]).toContain("- path: /dev/dmabuf_import_helper\n");
    expect(tpl.spec.initContainers[0].args[0]).toContain("--num_hops=2");
    expect(tpl.spec.containers[0].volumeMounts).toContainEqual({ name: "aperture-devices", mountPath: "/dev/aperture_devices" });
    // The image's own LD_LIBRARY_PATH is kept: the plugin path is prepended by the launch script, never set as pod env.
    expect(tpl.spec.containers[0].env.map((e: Any) => e.name)).not.toContain("LD_LIBRARY_PATH");
  }
  // Every rank sources the fabric preamble (library path first, then Google's profile) through the rank wrapper.
  expect(lws.spec.leaderWorkerTemplate.leaderTemplate.spec.containers[0].command[2]).toContain("/etc/trtllm/fabric-rank.sh trtllm-llmapi-launch");
  const fabricEnvSh = (servingConfigMap(planFor("gcp", "2x8xH100", "throughput")) as Any).data["fabric-env.sh"];
  expect(fabricEnvSh).toContain('export LD_LIBRARY_PATH="/usr/local/nvidia/lib64:${LD_LIBRARY_PATH:-}"\n. /usr/local/nvidia/lib64/nccl-env-profile.sh');
  const single = singleNodeDeployment(planFor("gcp", "8xH200", "throughput"), targetFor("gcp")) as Any;
  expect(single.spec.template.spec.containers).toHaveLength(1);
  // No fabric annotations on a single-node GKE pod; only the no-evict ones that keep autoscalers away, and its Pod Security level.
  expect(single.spec.template.metadata.annotations).toEqual({
    "cluster-autoscaler.kubernetes.io/safe-to-evict": "false", "karpenter.sh/do-not-disrupt": "true",
    "cdktf-deepseek.io/pod-security": "baseline", "cdktf-deepseek.io/pod-security-reason": expect.stringMatching(/^runs as root/),
  });
});

describe("reliability objects", () => {
  test.each(cases)("%s %s %s: PDB, default-deny ingress, traffic layer and Prometheus admitted on 8000 only", (cloud, hw, mode) => {
    const objects = allObjects(cloud, hw, mode) as Any[];
    const pdb = objects.find((o) => o.kind === "PodDisruptionBudget") as Any;
    // Never the last replica: a drain waits until another replica serves.
    expect(pdb.spec).toMatchObject({ minAvailable: 1 });
    expect(pdb.spec.maxUnavailable).toBeUndefined();
    const policies = objects.filter((o) => o.kind === "NetworkPolicy");
    expect(policies[0].spec).toEqual({ podSelector: {}, policyTypes: ["Ingress"] });
    expect(policies[1].spec.ingress).toEqual([{
      from: [
        // The gateway's Envoy proxies (Envoy Gateway's labels), not the whole gateway namespace.
        { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system", "cdktf-deepseek.io/traffic": "true" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway", "gateway.envoyproxy.io/owning-gateway-name": "deepseek", "gateway.envoyproxy.io/owning-gateway-namespace": "envoy-gateway-system" } } },
        { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/component": "server", "app.kubernetes.io/instance": "prometheus" } } },
        // In-namespace: only the endpoint picker (inferencepool chart label) and the check pods.
        { podSelector: { matchLabels: { inferencepool: "trtllm-epp" } } },
        { podSelector: { matchLabels: { "cdktf-deepseek.io/role": "check" } } },
      ],
      ports: [{ protocol: "TCP", port: 8000 }],
    }]);
    // No rule admits every pod of the namespace to the servers.
    for (const p of policies) for (const rule of p.spec.ingress ?? []) {
      if (!(rule.ports ?? []).some((port: Any) => port.port === 8000)) continue;
      for (const peer of rule.from) expect(peer.podSelector === undefined || Object.keys(peer.podSelector.matchLabels ?? {}).length > 0).toBe(true);
    }
    expect(policies.some((p) => p.metadata.name === "allow-intra-group")).toBe(hw === "2x8xH100");
    // The gateway reaches the endpoint picker on 9002 only; check pods reach each other (NCCL).
    const picker = policies.find((p) => p.metadata.name === "allow-gateway-to-endpoint-picker") as Any;
    expect(picker.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system", "cdktf-deepseek.io/traffic": "true" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "envoy", "app.kubernetes.io/component": "proxy", "app.kubernetes.io/managed-by": "envoy-gateway", "gateway.envoyproxy.io/owning-gateway-name": "deepseek", "gateway.envoyproxy.io/owning-gateway-namespace": "envoy-gateway-system" } } }], ports: [{ protocol: "TCP", port: 9002 }] }]);
    const checks = policies.find((p) => p.metadata.name === "allow-check-group") as Any;
    expect(checks.spec.podSelector).toEqual({ matchLabels: { "cdktf-deepseek.io/role": "check" } });
    const ns = objects.find((o) => o.kind === "Namespace") as Any;
    expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBeDefined();
  });

  test("the endpoint picker label is the inferencepool chart's `inferencepool: <release>-epp` for the traffic layer's pool release", () => {
    const plan = planFor("aws", "8xH200", "latency");
    const pool = planTraffic(plan, { hostname: "api.example.com" }).pool;
    const policy = servingNetworkPolicies(plan).find((p) => p.metadata.name === "allow-traffic-and-prometheus") as Any;
    expect(policy.spec.ingress[0].from).toContainEqual({ podSelector: { matchLabels: { inferencepool: `${pool.name}-epp` } } });
  });

  test("no policy admits traffic from everywhere", () => {
    const policies = servingNetworkPolicies(planFor("aws", "2x8xH100", "latency")) as Any[];
    for (const p of policies) for (const rule of p.spec.ingress ?? []) expect(rule.from?.length).toBeGreaterThan(0);
  });
});

describe("GKE identities and networks follow the infra stack's names", () => {
  test("the model stager uses the stager GSA when the target names one", () => {
    const plan = planFor("gcp", "8xB200", "latency");
    const target = { ...targetFor("gcp"), stagerIdentity: { gcpServiceAccountEmail: "stager@my-proj.iam.gserviceaccount.com" } };
    const sas = servingBaseObjects(plan, target).filter((o) => o.kind === "ServiceAccount");
    expect(sas.map((s) => [s.metadata.name, s.metadata.annotations?.["iam.gke.io/gcp-service-account"]])).toEqual([
      ["trtllm-server", "serving@my-proj.iam.gserviceaccount.com"],
      ["model-stager", "stager@my-proj.iam.gserviceaccount.com"],
      ["secrets-reader", "stager@my-proj.iam.gserviceaccount.com"],
    ]);
  });

  test("RDMA NIC order: the extra gVNIC first, then rdma-0…7 (as lib/clouds/gcp/plan-gke-network.ts names them)", () => {
    const base = planFor("gcp", "8xH200", "throughput");
    const plan = { ...base, nodesPerReplica: 2, fabric: { kind: "gpudirect-rdma" as const, interfacesPerNode: 8, nominalGbps: 3200 } };
    expect(defaultGpuNetworkNames(plan)).toEqual(["gvnic-1", ...Array.from({ length: 8 }, (_, i) => `rdma-${i}`)]);
    const names = JSON.parse(serverPodFabric(plan, targetFor("gcp")).annotations["networking.gke.io/interfaces"]).map((i: Any) => i.network);
    expect(names).toEqual(["default", "gvnic-1", "rdma-0", "rdma-1", "rdma-2", "rdma-3", "rdma-4", "rdma-5", "rdma-6", "rdma-7"]);
    expect(defaultGpuNetworkNames(planFor("gcp", "2x8xH100", "latency"))).toEqual(["vpc1", "vpc2", "vpc3", "vpc4", "vpc5", "vpc6", "vpc7", "vpc8"]);
  });
});
