import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekConfigError } from "../../lib/errors";
import { COMPILE_CACHE_MOUNT, GKE_LOCAL_SSD_COMPILE_CACHE, imageCacheKey, planCompileCache } from "../../lib/fabric/plan-compile-cache";
import { awsOfiNcclPreamble, IMAGE_WITH_AWS_OFI_NCCL, NO_NCCL_PLUGIN_MESSAGE, requireAwsOfiNccl } from "../../lib/fabric/plan-nccl-plugin";
import { planPodFabric } from "../../lib/fabric/plan-pod-fabric";
import { leaderWorkerSet, servingNamespace, singleNodeDeployment } from "../../lib/serving";
import { buildVerificationObjects, planVerification } from "../../lib/verification";
import { planFor, targetFor } from "../serving/helpers";
import { checkPod, FABRIC_PLANS, fabricView, serverPods, serverPreamble } from "./support";

type Any = Record<string, any>;
const envOf = (pod: { template: Any; container: string }) => Object.fromEntries(fabricView(pod).env.map((e: Any) => [e.name, e.value]));

describe("GPUDirect-TCPX (a3-highgpu-8g): the servers get TCPX, not TCPXO", () => {
  const plan = FABRIC_PLANS["gpudirect-tcpx"]();
  const { leader, worker } = serverPods(plan);

  test.each([["leader", leader], ["worker", worker]])("%s: TCPX NCCL variables over the 4 GPU NICs, no FasTrak variables", (_role, pod) => {
    const env = envOf(pod);
    expect(env).toMatchObject({
      NCCL_GPUDIRECTTCPX_SOCKET_IFNAME: "eth1,eth2,eth3,eth4",
      NCCL_GPUDIRECTTCPX_CTRL_DEV: "eth0",
      NCCL_SOCKET_IFNAME: "eth0",
      NCCL_GPUDIRECTTCPX_UNIX_CLIENT_PREFIX: "/run/tcpx",
      NCCL_PROTO: "Simple",
    });
    expect(Object.keys(env).filter((k) => k.startsWith("NCCL_FASTRAK"))).toEqual([]);
  });

  test.each([["leader", leader], ["worker", worker]])("%s: the tcpx-daemon sidecar shares /run/tcpx with the server, its GPUs injected by NRI", (_role, pod) => {
    const v = fabricView(pod);
    expect(v.sidecars).toHaveLength(1);
    const daemon = v.sidecars[0];
    expect(daemon.name).toBe("tcpx-daemon");
    // The RxDM paired with installer v3.1.12 (container-engine-accelerators 98c85a6e gpudirect-tcpx/README.md, Jun 22, 2026).
    expect(daemon.image).toBe("us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/tcpgpudmarxd-dev:v2.0.15");
    expect(daemon.command).toEqual(["/tcpgpudmarxd/build/app/tcpgpudmarxd", "--gpu_nic_preset", "a3vm", "--gpu_shmem_type", "fd", "--uds_path", "/run/tcpx", "--setup_param", "--verbose 128 2 0"]);
    expect(daemon.securityContext).toEqual({ allowPrivilegeEscalation: false, seccompProfile: { type: "RuntimeDefault" }, capabilities: { add: ["NET_ADMIN"] } });
    expect(daemon.volumeMounts).toContainEqual({ name: "tcpx-socket", mountPath: "/run/tcpx" });
    expect(v.volumeMounts).toContainEqual({ name: "tcpx-socket", mountPath: "/run/tcpx" });
    const devices = v.annotations["devices.gke.io/container.tcpx-daemon"] as string;
    expect(devices.split("\n").filter(Boolean)).toEqual([...Array.from({ length: 8 }, (_, i) => `- path: /dev/nvidia${i}`), "- path: /dev/nvidiactl", "- path: /dev/nvidia-uvm"]);
    expect(JSON.parse(v.annotations["networking.gke.io/interfaces"] as string).map((i: Any) => i.network)).toEqual(["default", "vpc1", "vpc2", "vpc3", "vpc4"]);
    expect(v.capabilities).toEqual(["IPC_LOCK"]);
    expect(v.volumes).not.toContainEqual(expect.objectContaining({ name: "aperture-devices" }));
  });
});

describe("Google's NCCL tuning and the NCCL plugin on every fabric", () => {
  test("TCPXO: NCCL_LIB_DIR set, the installer's nccl-env-profile.sh sourced by every rank", () => {
    const plan = FABRIC_PLANS["gpudirect-tcpxo"]();
    expect(envOf(serverPods(plan).leader)).toMatchObject({ NCCL_LIB_DIR: "/usr/local/nvidia/lib64", NCCL_FASTRAK_LLCM_DEVICE_DIRECTORY: "/dev/aperture_devices" });
    expect(serverPreamble(plan)).toEqual(['export LD_LIBRARY_PATH="/usr/local/nvidia/lib64:${LD_LIBRARY_PATH:-}"', ". /usr/local/nvidia/lib64/nccl-env-profile.sh"]);
    expect(fabricView(serverPods(plan).leader).capabilities).toEqual([]);
  });

  test("RDMA: host NCCL and gIB mounted, gIB's set_nccl_env.sh sourced by every rank", () => {
    const plan = FABRIC_PLANS["gpudirect-rdma"]();
    const v = fabricView(serverPods(plan).worker);
    expect(v.volumeMounts).toEqual([{ name: "gib", mountPath: "/usr/local/gib", readOnly: true }, { name: "nvidia-lib", mountPath: "/usr/local/nvidia/lib64", readOnly: true }]);
    expect(serverPreamble(plan)).toEqual(['export LD_LIBRARY_PATH="/usr/local/nvidia/lib64:${LD_LIBRARY_PATH:-}"', ". /usr/local/gib/scripts/set_nccl_env.sh"]);
  });

  test("EFA: devices, huge pages, IPC_LOCK and the libfabric env; the preamble finds aws-ofi-nccl", () => {
    const plan = FABRIC_PLANS.efa();
    const v = fabricView(serverPods(plan).leader);
    expect(v.limits).toEqual({ "vpc.amazonaws.com/efa": "32", "hugepages-2Mi": "5120Mi" });
    expect(v.requests).toEqual(v.limits);
    expect(v.capabilities).toEqual(["IPC_LOCK"]);
    expect(envOf(serverPods(plan).leader)).toMatchObject({ FI_PROVIDER: "efa", FI_EFA_USE_DEVICE_RDMA: "1", FI_EFA_FORK_SAFE: "1" });
    expect(serverPreamble(plan)).toEqual(awsOfiNcclPreamble());
  });
});

describe("the aws-ofi-nccl preamble, run for real", () => {
  const run = (dirs: string[]) => spawnSync("sh", ["-c", [...awsOfiNcclPreamble(dirs), 'echo "$NCCL_NET_PLUGIN"', 'echo "$LD_LIBRARY_PATH"'].join("\n")], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LD_LIBRARY_PATH: "/usr/local/cuda/lib64" }, encoding: "utf8",
  });
  const root = mkdtempSync(join(tmpdir(), "ofi-"));
  const dirs = ["a/lib", "b/lib", "c/lib"].map((d) => join(root, d));
  for (const d of dirs) mkdirSync(d, { recursive: true });

  test("no plugin anywhere: exits 1 naming an image that has one", () => {
    const r = run(dirs);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(NO_NCCL_PLUGIN_MESSAGE);
    expect(r.stderr).toContain(IMAGE_WITH_AWS_OFI_NCCL);
  });

  test("selects the first directory's libnccl-net-ofi.so, puts it and libfabric first on LD_LIBRARY_PATH", () => {
    writeFileSync(join(dirs[2], "libnccl-net.so"), "");
    writeFileSync(join(dirs[1], "libnccl-net-ofi.so"), "");
    const r = run(dirs);
    expect(r.status).toBe(0);
    const [plugin, ldPath] = r.stdout.trim().split("\n");
    expect(plugin).toBe(join(dirs[1], "libnccl-net-ofi.so"));
    expect(ldPath).toBe(`${dirs[1]}:/opt/amazon/efa/lib:/usr/local/cuda/lib64`);
  });
});

describe("an image known to lack aws-ofi-nccl is refused on EFA", () => {
  const plan = FABRIC_PLANS.efa();
  const refused = "fabricImage: ships no aws-ofi-nccl NCCL plugin (NVIDIA PyTorch images dropped it from 26.06), so NCCL would run over TCP sockets instead of EFA (got \"nvcr.io/nvidia/pytorch:26.06-py3\"); use an image that ships the plugin, e.g. nvcr.io/nvidia/tensorrt-llm/release:1.2.1";

  test("the fabric check's image: PyTorch 26.06 refused with the exact message, 26.05 accepted", () => {
    const build = (fabricImage: string) => buildVerificationObjects(plan, planVerification(plan, {}), { endpoint: { value: "https://x.example.com" }, apiKeySecret: { name: "k", key: "k" }, checkImage: "python:3.12", fabricImage });
    expect(() => build("nvcr.io/nvidia/pytorch:26.06-py3")).toThrow(DeepSeekConfigError);
    expect(() => build("nvcr.io/nvidia/pytorch:26.06-py3")).toThrow(refused);
    expect(() => build("nvcr.io/nvidia/pytorch:26.05-py3")).not.toThrow();
    expect(() => build("nvcr.io/nvidia/pytorch:27.01-py3")).toThrow(DeepSeekConfigError);
  });

  test("GKE fabrics bring their plugin from the node: the same image is not refused there", () => {
    expect(() => planPodFabric(FABRIC_PLANS["gpudirect-rdma"](), {}, "nvcr.io/nvidia/pytorch:26.06-py3")).not.toThrow();
    expect(() => requireAwsOfiNccl({ repository: "nvcr.io/nvidia/tensorrt-llm/release", tag: "1.2.1" }, "image")).not.toThrow();
  });
});

describe("TCPXO daemon startup probe (container-engine-accelerators gpudirect-tcpxo/best-practice.md)", () => {
  const plan = FABRIC_PLANS["gpudirect-tcpxo"]();
  const { leader, worker } = serverPods(plan);
  test.each([["leader", leader], ["worker", worker], ["fabric check", checkPod(plan)]])("%s: the sidecar writes its health file and is probed on it, so NCCL starts after the daemon is ready", (_role, pod) => {
    const [daemon] = fabricView(pod).sidecars;
    expect(daemon.name).toBe("tcpxo-daemon");
    expect(daemon.env).toContainEqual({ name: "HEALTH_CHECK_LOG_FILE", value: "/run/health-check" });
    expect(daemon.startupProbe).toEqual({
      initialDelaySeconds: 1, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 6,
      exec: { command: ["cat", "/run/health-check"] },
    });
    // A native sidecar (restartPolicy Always) placed before the NCCL container: its startup probe gates it.
    expect(daemon.restartPolicy).toBe("Always");
    expect(String(daemon.env.find((e: Any) => e.name === "HEALTH_CHECK_LOG_FILE").value)).not.toContain("_");
  });
});

describe("Open MPI interfaces pinned on multi-NIC pods", () => {
  test.each(["gpudirect-tcpxo", "gpudirect-tcpx", "gpudirect-rdma"])("%s: MPI and PRRTE TCP on eth0 (servers and check)", (fabric) => {
    const plan = FABRIC_PLANS[fabric]();
    for (const pod of [serverPods(plan).leader, checkPod(plan)]) {
      expect(envOf(pod)).toMatchObject({ OMPI_MCA_btl_tcp_if_include: "eth0", OMPI_MCA_oob_tcp_if_include: "eth0", PRTE_MCA_oob_tcp_if_include: "eth0" });
    }
  });

  test("EFA pods have one IP interface (the VPC CNI's eth0): nothing pinned", () => {
    expect(Object.keys(envOf(serverPods(FABRIC_PLANS.efa()).leader)).filter((k) => k.includes("_if_include"))).toEqual([]);
  });
});

describe("compile cache on the node's local NVMe", () => {
  const env = (c: Any) => Object.fromEntries(c.env.filter((e: Any) => "value" in e).map((e: Any) => [e.name, e.value]));
  const key = "nvidia-tensorrt-llm-release-1.2.1";

  test("TensorRT-LLM's DeepGEMM, DeepGEMM and Triton caches under one directory per image", () => {
    const c = (singleNodeDeployment(planFor("aws", "8xB200", "latency"), targetFor("aws")) as Any).spec.template.spec.containers[0];
    expect(env(c)).toMatchObject({
      TRTLLM_DG_CACHE_DIR: `${COMPILE_CACHE_MOUNT}/${key}/trtllm-deep-gemm`,
      DG_JIT_CACHE_DIR: `${COMPILE_CACHE_MOUNT}/${key}/deep-gemm`,
      TRITON_CACHE_DIR: `${COMPILE_CACHE_MOUNT}/${key}/triton`,
    });
    expect(c.volumeMounts).toContainEqual({ name: "compile-cache", mountPath: COMPILE_CACHE_MOUNT });
    expect(imageCacheKey({ repository: "nvcr.io/nvidia/tensorrt-llm/release", tag: "1.3.0rc5" })).toBe("nvidia-tensorrt-llm-release-1.3.0rc5");
  });

  test("EKS: a hostPath beside the model cache on the NVMe RAID0 (outlives the pod), also for a consumer's own cache path", () => {
    const plan = planFor("aws", "2x8xH100", "throughput");
    const lws = leaderWorkerSet(plan, targetFor("aws")) as Any;
    expect(lws.spec.leaderWorkerTemplate.workerTemplate.spec.volumes).toContainEqual({ name: "compile-cache", hostPath: { path: "/mnt/k8s-disks/0/deepseek-compile-cache", type: "DirectoryOrCreate" } });
    expect(planCompileCache(plan, { cloud: "aws", nodeModelCachePath: "/data/nvme/models/" }).volume).toEqual({ name: "compile-cache", hostPath: { path: "/data/nvme/deepseek-compile-cache", type: "DirectoryOrCreate" } });
  });

  test("GKE: hostPath on the Local SSD for multi-node (privileged namespace), emptyDir for single-node (baseline admits no hostPath)", () => {
    expect(planCompileCache(planFor("gcp", "2x8xH100", "latency"), { cloud: "gcp" })).toMatchObject({ persistent: true, volume: { hostPath: { path: GKE_LOCAL_SSD_COMPILE_CACHE } } });
    expect(planCompileCache(planFor("gcp", "8xH200", "latency"), { cloud: "gcp" })).toMatchObject({ persistent: false, volume: { emptyDir: { sizeLimit: "20Gi" } } });
  });

  test.each([["aws", "8xB200"], ["aws", "2x8xH100"], ["gcp", "8xH200"], ["gcp", "2x8xH100"]] as const)("%s %s: a serving pod uses hostPath volumes only in a privileged namespace", (cloud, hw) => {
    const plan = planFor(cloud, hw, "latency");
    const templates = plan.nodesPerReplica > 1 ? Object.values(serverPods(plan)).map((p) => p.template) : [(singleNodeDeployment(plan, targetFor(cloud)) as Any).spec.template];
    const hostPaths = templates.flatMap((t) => t.spec.volumes.filter((v: Any) => v.hostPath));
    const level = (servingNamespace(plan) as Any).metadata.labels["pod-security.kubernetes.io/enforce"];
    if (hostPaths.length > 0) expect(level).toBe("privileged");
    // GKE single-node runs "baseline": it must have none; the others do use the node's disks.
    if (cloud === "gcp" && hw === "8xH200") expect(hostPaths).toEqual([]);
    else expect(hostPaths.length).toBeGreaterThan(0);
  });
});
