import "../support/cdktf-matchers";
import { Release } from "@cdktf/provider-helm/lib/release";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { Fn, TerraformStack, Testing } from "cdktf";
import type { KubernetesObject } from "../../lib/internal/k8s-object";
import { planDeployment } from "../../lib/plan/index";
import { planTraffic } from "../../lib/traffic/plan-traffic";
import { DeploymentChecks, DeploymentChecksProps } from "../../lib/verification";
import { FABRIC_CHECK_SH, LOAD_PROBE_PY, SERVING_CHECK_PY } from "../../lib/verification/scripts";

const { Job } = require("kubernetes-models/batch/v1/Job");
const { Service } = require("kubernetes-models/v1/Service");
const { ServiceAccount } = require("kubernetes-models/v1/ServiceAccount");

const awsH100 = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
const gcpMega = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "gcp", region: "us-central1" });
const gcpUltra = planDeployment({ model: "deepseek-r1", hardware: "2x8xH200", cloud: "gcp", region: "us-central1" });
const awsB200 = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1" });

const base = { endpointUrl: "https://api.example.com", apiKeySecret: { name: "deepseek-api-keys", key: "check" } };

function make(props: Omit<DeploymentChecksProps, "endpointUrl" | "apiKeySecret"> & Partial<DeploymentChecksProps>) {
  const app = Testing.app();
  const stack = new TerraformStack(app, "s");
  const checks = new DeploymentChecks(stack, "checks", { ...base, ...props });
  return { checks, synth: Testing.synth(stack) };
}

const job = (objects: readonly KubernetesObject[]) => objects.find((o) => o.kind === "Job") as any;
const container = (o: any) => o.spec.template.spec.containers[0];
const env = (c: any) => Object.fromEntries((c.env ?? []).map((e: any) => [e.name, e.value ?? e.valueFrom]));

function validateAll(objects: readonly KubernetesObject[]) {
  for (const o of objects) {
    const Model = { Job, Service, ServiceAccount }[o.kind as "Job"];
    expect(Model).toBeDefined();
    expect(() => new Model(o).validate()).not.toThrow();
  }
}

describe("2x8xH100 on AWS (EFA)", () => {
  let checks: DeploymentChecks;
  let synth: string;
  beforeAll(() => ({ checks, synth } = make({ plan: awsH100 })));

  test("runs the fabric and serving checks, lists the load probe as disabled", () => {
    expect(checks.checksRun).toEqual(["fabric", "serving"]);
    expect(checks.checksPlan.disabled.map((d) => d.check)).toEqual(["loadProbe"]);
  });

  test("fabric Job: indexed over 2 nodes, 8 GPUs + 32 EFA + hugepages, EFA env, GPU node selector and toleration", () => {
    validateAll(checks.objects.fabric);
    const j = job(checks.objects.fabric);
    expect(j.spec).toMatchObject({ completionMode: "Indexed", completions: 2, parallelism: 2, backoffLimit: 0, ttlSecondsAfterFinished: 3600, activeDeadlineSeconds: 1800 });
    const c = container(j);
    expect(c.resources.limits).toMatchObject({ "nvidia.com/gpu": "8", "vpc.amazonaws.com/efa": "32", "hugepages-2Mi": "5120Mi" });
    expect(c.resources.requests).toEqual(c.resources.limits);
    expect(env(c)).toMatchObject({ FI_PROVIDER: "efa", FI_EFA_USE_DEVICE_RDMA: "1" });
    expect(c.securityContext.capabilities).toEqual({ drop: ["ALL"], add: ["IPC_LOCK"] });
    expect(c.image).toBe("nvcr.io/nvidia/tensorrt-llm/release:1.2.1");
    const pod = j.spec.template.spec;
    expect(pod.nodeSelector).toEqual({ "cdktf-deepseek.io/pool": "gpu", "node.kubernetes.io/instance-type": "p5.48xlarge" });
    expect(pod.tolerations).toEqual([{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }]);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(j.spec.template.metadata.labels["cdktf-deepseek.io/role"]).toBe("check");
  });

  test("fabric script: NCCL_DEBUG=INFO, world of 16 via torchrun, EFA transport grep, socket fallback fails, 200 GB/s threshold", () => {
    const c = container(job(checks.objects.fabric));
    const script: string = c.command[2];
    // The fabric preamble, then the check script file as it is; its numbers come from the environment.
    expect(script.endsWith(FABRIC_CHECK_SH)).toBe(true);
    expect(FABRIC_CHECK_SH).toContain("export NCCL_DEBUG=INFO");
    expect(FABRIC_CHECK_SH).toContain('torchrun --nnodes="$CHECK_NODES" --nproc-per-node="$CHECK_GPUS_PER_NODE"');
    expect(env(c)).toMatchObject({
      CHECK_NODES: "2", CHECK_GPUS_PER_NODE: "8", CHECK_WORLD_SIZE: "16",
      CHECK_EXPECTED_LOG_PATTERN: "NET/OFI Selected provider is efa|Using network (AWS )?Libfabric",
      CHECK_FALLBACK_LOG_PATTERN: "Using network Socket|NET/Socket : Using",
      CHECK_MIN_BUS_BANDWIDTH_GBPS: "200", CHECK_THRESHOLD_FORMULA: "3200 Gbps / 8 × 0.5 = 200 GB/s",
      CHECK_MASTER_ADDR: `${job(checks.objects.fabric).metadata.name}-0.check-fabric.deepseek.svc.cluster.local`, CHECK_MASTER_PORT: "29500",
    });
    const svc = checks.objects.fabric.find((o) => o.kind === "Service") as any;
    expect(svc.spec.clusterIP).toBe("None");
  });

  test("serving Job: restricted, API key from the Secret, refuses unauthenticated requests", () => {
    validateAll(checks.objects.serving);
    const j = job(checks.objects.serving);
    expect(j.spec.backoffLimit).toBe(0);
    const c = container(j);
    expect(env(c)).toMatchObject({
      ENDPOINT_URL: "https://api.example.com",
      API_KEY: { secretKeyRef: { name: "deepseek-api-keys", key: "check" } },
      SERVICE_URL: "http://trtllm.deepseek.svc.cluster.local:8000",
      MODEL: "deepseek-r1",
    });
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    const script: string = c.command[2];
    expect(script).toContain('svc + "/health"');
    expect(script).toContain('svc + "/health_generate"');
    expect(script).toContain('"/v1/chat/completions"');
    expect(script).toContain("status, r = post({}, 60)");
    expect(script).toBe(SERVING_CHECK_PY);
    expect(script).toContain("if status not in REFUSALS:");
    expect(env(c)).toMatchObject({ CHECK_REFUSAL_STATUSES: "401,403", CHECK_MAX_TOKENS: expect.stringMatching(/^\d+$/) });
    // Without a gateway address the check calls the public endpoint.
    expect(env(c).GATEWAY_URL).toBeUndefined();
  });

  test("with the gateway's in-cluster address, the serving check calls it with SNI = the public hostname", () => {
    const c = make({ plan: awsB200, gatewayAddress: { host: "envoy-deepseek.envoy-gateway-system.svc.cluster.local", port: 443, sni: "api.example.com" } }).checks;
    const e = env(container(job(c.objects.serving)));
    expect(e).toMatchObject({ GATEWAY_URL: "https://envoy-deepseek.envoy-gateway-system.svc.cluster.local:443", GATEWAY_SNI: "api.example.com", ENDPOINT_URL: "https://api.example.com" });
    // Retries within the Job deadline: the /health wait plus the gateway wait fit in it.
    const sp = c.checksPlan.serving!;
    expect(sp.gatewayWaitSeconds).toBe(450);
    expect(sp.readyWaitSeconds + sp.gatewayWaitSeconds).toBeLessThan(sp.timeoutSeconds);
    expect(job(c.objects.serving).spec.activeDeadlineSeconds).toBe(sp.timeoutSeconds);
    // A changed gateway address changes the Job name (a new Job runs).
    expect(job(c.objects.serving).metadata.name).not.toBe(job(make({ plan: awsB200 }).checks.objects.serving).metadata.name);
  });

  test("takes the traffic plan's inClusterEndpoint as is; HTTP when a load balancer terminates TLS", () => {
    const endpoint = planTraffic(awsB200, { hostname: "api.example.com" }).inClusterEndpoint;
    const e = env(container(job(make({ plan: awsB200, gatewayAddress: endpoint }).checks.objects.serving)));
    expect(e).toMatchObject({ GATEWAY_URL: `https://${endpoint.host}:443`, GATEWAY_SNI: "api.example.com" });
    const http = env(container(job(make({ plan: awsB200, gatewayAddress: { ...endpoint, protocol: "HTTP" } }).checks.objects.serving)));
    expect(http.GATEWAY_URL).toBe(`http://${endpoint.host}:443`);
  });

  test("rejects a gateway SNI that is not a DNS name", () => {
    expect(() => make({ plan: awsB200, gatewayAddress: { host: "gw", port: 443, sni: "https://api.example.com" } })).toThrow(
      'checks.gatewayAddress.sni: is not a DNS name (got "https://api.example.com"); pass the public hostname the gateway\'s listener answers to, e.g. api.example.com',
    );
  });

  test("every check release waits for its Jobs, so a failed Job fails the apply", () => {
    expect(synth).toHaveResourceWithProperties(Release, { name: "deepseek-check-fabric", wait_for_jobs: true, wait: true, timeout: 1800 + 120, namespace: "deepseek" });
    expect(synth).toHaveResourceWithProperties(Release, { name: "deepseek-check-serving", wait_for_jobs: true, timeout: awsH100.coldStart.startupBudgetSeconds + 900 + 120 });
    const parsed = JSON.parse(synth);
    expect(Object.keys(parsed.resource.helm_release)).toHaveLength(2);
    expect(parsed.output).toBeDefined();
    const out = Object.values(parsed.output)[0] as any;
    expect(out.value.run).toEqual(["fabric", "serving"]);
  });
});

describe("2x8xH100 on GCP (a3-megagpu, TCPXO)", () => {
  let checks: DeploymentChecks;
  beforeAll(() => ({ checks } = make({ plan: gcpMega })));

  test("fabric Job carries the multi-network annotations, the TCPXO daemon sidecar and the FasTrak transport", () => {
    validateAll(checks.objects.fabric);
    const j = job(checks.objects.fabric);
    const ann = j.spec.template.metadata.annotations;
    expect(JSON.parse(ann["networking.gke.io/interfaces"])).toHaveLength(9);
    expect(JSON.parse(ann["networking.gke.io/interfaces"])[8]).toEqual({ interfaceName: "eth8", network: "vpc8" });
    expect(ann["devices.gke.io/container.tcpxo-daemon"]).toContain("/dev/dmabuf_import_helper");
    const sidecar = j.spec.template.spec.initContainers[0];
    expect(sidecar).toMatchObject({ name: "tcpxo-daemon", restartPolicy: "Always" });
    const c = container(j);
    expect(c.resources.limits).toEqual({ "nvidia.com/gpu": "8", cpu: "16", memory: "128Gi" });
    expect(env(c)).toMatchObject({ NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY: "/dev/aperture_devices" });
    const script: string = c.command[2];
    expect(env(c)).toMatchObject({ CHECK_EXPECTED_LOG_PATTERN: "NET/FasTrak|Using network FasTrak", CHECK_MIN_BUS_BANDWIDTH_GBPS: "112.5" });
    expect(script).toContain(". /usr/local/nvidia/lib64/nccl-env-profile.sh");
  });
});

describe("2x8xH200 on GCP (a3-ultragpu, RDMA)", () => {
  test("gIB transport, rdma-0..7 networks, threshold from 3200 Gbps", () => {
    const { checks } = make({ plan: gcpUltra });
    validateAll(checks.objects.fabric);
    const j = job(checks.objects.fabric);
    const nets = JSON.parse(j.spec.template.metadata.annotations["networking.gke.io/interfaces"]);
    expect(nets.map((n: any) => n.network)).toEqual(["default", "gvnic-1", ...Array.from({ length: 8 }, (_, i) => `rdma-${i}`)]);
    expect(env(container(j))).toMatchObject({ CHECK_EXPECTED_LOG_PATTERN: "NET/gIB|Using network gIB", CHECK_MIN_BUS_BANDWIDTH_GBPS: "200" });
  });
});

describe("8xB200 (single node)", () => {
  test("no fabric check: no fabric release, serving check only", () => {
    const { checks, synth } = make({ plan: awsB200 });
    expect(checks.checksRun).toEqual(["serving"]);
    expect(checks.fabricRelease).toBeUndefined();
    expect(checks.objects.fabric).toEqual([]);
    expect(synth).not.toHaveResourceWithProperties(Release, { name: "deepseek-check-fabric" });
    expect(synth).toHaveResourceWithProperties(Release, { name: "deepseek-check-serving", wait_for_jobs: true });
  });
});

describe("turning checks off", () => {
  test("a check turned off is absent and listed as disabled in the output", () => {
    const { checks, synth } = make({ plan: awsH100, verification: { fabricCheck: false } });
    expect(checks.checksRun).toEqual(["serving"]);
    expect(checks.objects.fabric).toEqual([]);
    expect(synth).not.toHaveResourceWithProperties(Release, { name: "deepseek-check-fabric" });
    const out = Object.values(JSON.parse(synth).output)[0] as any;
    expect(out.value.disabled).toContain("fabric: turned off (fabricCheck: false)");
  });

  test("all checks off: no releases at all", () => {
    const { checks, synth } = make({ plan: awsH100, verification: { fabricCheck: false, servingCheck: false } });
    expect(checks.checksRun).toEqual([]);
    expect(JSON.parse(synth).resource?.helm_release).toBeUndefined();
  });
});

describe("load probe", () => {
  test("when enabled it is its own release that runs after the serving check", () => {
    const { checks, synth } = make({ plan: awsB200, verification: { loadProbe: { enabled: true, concurrency: 8, requests: 16, expectedOutputTokensPerSecond: 4000 } } });
    validateAll(checks.objects.loadProbe);
    const c = container(job(checks.objects.loadProbe));
    expect(c.command).toEqual(["python3", "-c", LOAD_PROBE_PY]);
    expect(env(c)).toMatchObject({ PROBE_CONCURRENCY: "8", PROBE_REQUESTS: "16", PROBE_EXPECTED: expect.stringMatching(/^\{"outputTokensPerSecond":4000,/) });
    const releases = JSON.parse(synth).resource.helm_release;
    const probe = Object.values(releases).find((r: any) => r.name === "deepseek-check-load-probe") as any;
    expect(probe.depends_on.join(" ")).toContain("helm_release.checks_serving_release");
  });
});

describe("endpoint URL as a token and prop validation", () => {
  test("a token endpoint goes through a ConfigMap the Jobs read", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const checks = new DeploymentChecks(stack, "checks", { ...base, plan: awsB200, endpointUrl: Fn.join("", ["https://", "x"]) });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(ConfigMapV1, { metadata: { name: "check-endpoint", namespace: "deepseek", labels: { "cdktf-deepseek.io/role": "check" } } });
    expect(env(container(job(checks.objects.serving))).ENDPOINT_URL).toEqual({ configMapKeyRef: { name: "check-endpoint", key: "url" } });
  });

  test("an http:// endpoint is refused", () => {
    expect(() => make({ plan: awsB200, endpointUrl: "http://api.example.com" })).toThrow(
      'checks.endpointUrl: must be an https:// URL of the authenticated endpoint (got "http://api.example.com"); pass the gateway\'s public https:// URL; the checks never call an unencrypted endpoint',
    );
  });

  test("a bad Secret name is refused", () => {
    expect(() => make({ plan: awsB200, apiKeySecret: { name: "Bad_Name", key: "k" } })).toThrow(
      'checks.apiKeySecret.name: is not a valid Kubernetes name (got "Bad_Name"); use lowercase letters, digits and \'-\'',
    );
  });

  test("fabricCheck: true on a single-node plan is refused at construction", () => {
    expect(() => make({ plan: awsB200, verification: { fabricCheck: true } })).toThrow(
      "verification.fabricCheck: a fabric check needs more than one node per replica, and 8xB200 runs each replica on 1 node (got true); omit fabricCheck or set it to false; the serving check covers single-node placements",
    );
  });
});
