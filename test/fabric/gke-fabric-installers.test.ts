import { bundledObjects } from "../support/manifests";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp, DeepSeekCluster } from "../../lib";
import { gkeFabricComponents as fromGcpEntry } from "../../lib/gcp";
import type { KubernetesObject } from "../../lib/internal/k8s-object";
import { DeploymentInput, DeploymentPlan, planDeployment, servingNames } from "../../lib/plan/index";
import { CHECK_RELEASES } from "../../lib/verification";
import { GKE_FABRIC_IMAGES, GKE_FABRIC_NAMESPACE, gkeFabricComponents, gkeFabricNodeObjects } from "../../lib/fabric/plan-gke-fabric";

const { DaemonSet } = require("kubernetes-models/apps/v1/DaemonSet") as { DaemonSet: new (o: unknown) => { validate(): void } };

type Json = Record<string, any>;
const plan = (input: Partial<DeploymentInput> & { hardware: string }): DeploymentPlan =>
  planDeployment({ model: "deepseek-r1", cloud: "gcp", region: "us-central1", ...input } as DeploymentInput);

const CASES = {
  "a3-megagpu-8g (2x8xH100)": { plan: () => plan({ hardware: "2x8xH100" }), accelerator: "nvidia-h100-mega-80gb", daemonSets: ["nccl-tcpxo-installer", "device-injector"] },
  "a3-highgpu-8g (2x8xH100, override)": { plan: () => plan({ hardware: "2x8xH100", overrides: { nodeType: "a3-highgpu-8g" } }), accelerator: "nvidia-h100-80gb", daemonSets: ["nccl-tcpx-installer", "device-injector"] },
  "a3-ultragpu-8g (2x8xH200)": { plan: () => plan({ hardware: "2x8xH200" }), accelerator: "nvidia-h200-141gb", daemonSets: ["nccl-rdma-installer"] },
  "a4-highgpu-8g (2x8xB200)": { plan: () => plan({ hardware: "2x8xB200" }), accelerator: "nvidia-b200", daemonSets: ["nccl-rdma-installer"] },
} as const;

const podSpec = (o: KubernetesObject): Json => (o as Json).spec.template.spec;
const containersOf = (o: KubernetesObject): Json[] => [...(podSpec(o).initContainers ?? []), ...podSpec(o).containers];
const images = (objects: KubernetesObject[]) => objects.flatMap((o) => containersOf(o).map((c) => c.image as string));

describe("gkeFabricNodeObjects: the installer set per machine type", () => {
  for (const [label, c] of Object.entries(CASES)) {
    describe(label, () => {
      let p: DeploymentPlan;
      let objects: KubernetesObject[];
      beforeAll(() => { p = c.plan(); objects = gkeFabricNodeObjects(p); });

      it("installs exactly the DaemonSets that machine's fabric needs, in kube-system", () => {
        expect(p.nodesPerReplica).toBe(2);
        expect(objects.map((o) => [o.kind, o.metadata.name, o.metadata.namespace])).toEqual(c.daemonSets.map((n) => ["DaemonSet", n, "kube-system"]));
      });

      it("every object validates as an apps/v1 DaemonSet", () => {
        for (const o of objects) expect(() => new DaemonSet(o).validate()).not.toThrow();
      });

      it("schedules only on the plan's GPU pool and accelerator, tolerating the GPU taint (not every taint)", () => {
        const names = servingNames(p);
        for (const o of objects) {
          const spec = podSpec(o);
          expect(spec.nodeSelector).toEqual({ "cdktf-deepseek.io/pool": names.gpuNodeLabels["cdktf-deepseek.io/pool"], "cloud.google.com/gke-accelerator": c.accelerator });
          expect(spec.tolerations).toContainEqual({ key: names.gpuTaint.key, operator: "Equal", value: names.gpuTaint.value, effect: names.gpuTaint.effect });
          expect(spec.tolerations.some((t: Json) => t.operator === "Exists" && !t.key)).toBe(false);
          expect((o as Json).spec.selector.matchLabels).toEqual({ "k8s-app": o.metadata.name });
          expect((o as Json).spec.template.metadata.labels).toMatchObject((o as Json).spec.selector.matchLabels);
        }
      });

      it("pins every image (tag or digest, never :latest or untagged)", () => {
        for (const image of images(objects)) {
          expect(image).not.toMatch(/:latest(@|$)/);
          expect(image).toMatch(/(:[\w][\w.-]*(@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})$/);
        }
      });

      it("names its upstream source on every object", () => {
        for (const o of objects) expect(o.metadata.annotations?.["cdktf-deepseek.io/source"]).toMatch(/^GoogleCloudPlatform\/container-engine-accelerators \S+\.yaml$/);
      });
    });
  }

  it("A3 Mega: the TCPXO plugin v1.0.15 copied into the host dir the serving pods mount, after the host setup", () => {
    const [installer, injector] = gkeFabricNodeObjects(CASES["a3-megagpu-8g (2x8xH100)"].plan());
    const spec = podSpec(installer);
    expect(spec.initContainers.map((c: Json) => c.name)).toEqual(["tcpxo-host-setup", "nccl-plugin-installer"]);
    const [setup, plugin] = spec.initContainers;
    expect(plugin.image).toMatch(/^us-docker\.pkg\.dev\/gce-ai-infra\/gpudirect-tcpxo\/nccl-plugin-gpudirecttcpx-dev:v1\.0\.15@sha256:[0-9a-f]{64}$/);
    expect(plugin.args[0]).toContain("/scripts/container_entry.sh install --install-nccl");
    expect(plugin.args[0]).toContain("cp -r /var/lib/tcpxo/lib64/. /usr/local/nvidia/lib64");
    expect(plugin.volumeMounts).toEqual([{ name: "var-lib", mountPath: "/var/lib" }, { name: "library-dir-host", mountPath: "/usr/local" }]);
    expect(spec.volumes).toEqual([{ name: "var-lib", hostPath: { path: "/var/lib" } }, { name: "library-dir-host", hostPath: { path: "/home/kubernetes/bin" } }]);
    expect(setup.command.slice(0, 4)).toEqual(["nsenter", "--all", "--target", "1"]);
    expect(setup.args[0]).toContain("modprobe import-helper");
    expect(setup.args[0]).toContain("1ae0:0084");
    expect(spec.hostPID).toBe(true);
    const inj = podSpec(injector);
    expect(inj.containers[0].image).toMatch(/^gcr\.io\/gke-release\/nri-device-injector@sha256:[0-9a-f]{64}$/);
    expect(inj.volumes.map((v: Json) => v.hostPath.path)).toEqual(["/dev", "/var/run/nri"]);
  });

  it("A3 High: the TCPX plugin v3.1.12 (Google's Jun 22, 2026 release for GKE 1.34+), one privileged container, no host PID namespace", () => {
    const [installer] = gkeFabricNodeObjects(CASES["a3-highgpu-8g (2x8xH100, override)"].plan());
    const spec = podSpec(installer);
    expect(spec.initContainers.map((c: Json) => c.image)).toEqual(["us-docker.pkg.dev/gce-ai-infra/gpudirect-tcpx/nccl-plugin-gpudirecttcpx-dev:v3.1.12"]);
    expect(spec.initContainers[0].args[0]).toContain("cp -r /var/lib/tcpx/lib64/. /usr/local/nvidia/lib64");
    expect(spec.hostPID).toBe(false);
  });

  it("A3 Ultra / A4: the gIB plugin v1.1.1 (no host NCCL: Google's installer since 2da1c92f) into /home/kubernetes/bin/gib (what the serving pods mount), martian logging off on the 8 RDMA NICs", () => {
    for (const key of ["a3-ultragpu-8g (2x8xH200)", "a4-highgpu-8g (2x8xB200)"] as const) {
      const [installer] = gkeFabricNodeObjects(CASES[key].plan());
      const spec = podSpec(installer);
      expect(spec.initContainers).toHaveLength(1);
      const [gib] = spec.initContainers;
      expect(gib.image).toBe("us-docker.pkg.dev/gce-ai-infra/gpudirect-gib/nccl-plugin-gib:v1.1.1");
      expect(gib.args[0]).toMatch(/\/scripts\/container_entry\.sh install\n/);
      expect(gib.args[0]).not.toContain("--install-nccl");
      expect(spec.volumes).toEqual([
        { name: "library-dir-host", hostPath: { path: "/home/kubernetes/bin/nvidia/lib64", type: "DirectoryOrCreate" } },
        { name: "gib", hostPath: { path: "/home/kubernetes/bin/gib" } },
      ]);
      expect(gib.args[0]).toContain("cp -r /var/lib/gib/. /usr/local/home/kubernetes/bin/gib");
      expect(gib.args[0]).toContain(Array.from({ length: 8 }, (_, i) => `gpu${i}rdma0`).join(" "));
      expect(gib.args[0]).not.toContain("gpu8rdma0");
    }
  });

  it("privileged containers: only the installers' host steps, each a known name (3 for TCPXO, 2 for TCPX, 1 for RDMA)", () => {
    const privileged = (key: keyof typeof CASES) =>
      gkeFabricNodeObjects(CASES[key].plan()).flatMap((o) => containersOf(o).filter((c) => c.securityContext?.privileged === true).map((c) => c.name));
    expect(privileged("a3-megagpu-8g (2x8xH100)")).toEqual(["tcpxo-host-setup", "nccl-plugin-installer", "nri-device-injector"]);
    expect(privileged("a3-highgpu-8g (2x8xH100, override)")).toEqual(["nccl-plugin-installer", "nri-device-injector"]);
    expect(privileged("a3-ultragpu-8g (2x8xH200)")).toEqual(["nccl-gib-installer"]);
    for (const o of gkeFabricNodeObjects(CASES["a3-megagpu-8g (2x8xH100)"].plan())) {
      for (const c of podSpec(o).containers.filter((x: Json) => x.name === "pause")) expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, runAsUser: 65535, runAsGroup: 65535, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
    }
  });

  it("needs nothing for single-node GKE plans and for AWS (multi-node included)", () => {
    expect(gkeFabricNodeObjects(plan({ hardware: "8xH200" }))).toEqual([]);
    expect(gkeFabricNodeObjects(plan({ hardware: "8xB200" }))).toEqual([]);
    const aws = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
    expect(aws.nodesPerReplica).toBe(2);
    expect(gkeFabricComponents(aws)).toEqual([]);
    expect(gkeFabricNodeObjects(aws)).toEqual([]);
  });

  it("its plan function is exported from the GCP entry point; every catalog image is pinned", () => {
    expect(fromGcpEntry).toBe(gkeFabricComponents);
    expect(GKE_FABRIC_NAMESPACE).toBe("kube-system");
    // A version, or a dated build tag that is never rebuilt (docker-library's `noble-YYYYMMDD`).
    for (const ref of Object.values(GKE_FABRIC_IMAGES)) expect(ref.tag).toMatch(/^(v?\d+\.\d+(\.\d+)?|[a-z]+-\d{8})$/);
  });
});

describe("DeepSeekCluster with a GKE 2x8xH100 placement", () => {
  let serving: Json;
  let chartDocs: Json[];
  beforeAll(() => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "gke-fabric-")) });
    const cluster = new DeepSeekCluster(app, "mn", {
      model: "deepseek-r1",
      placements: [{ cloud: "gcp", region: "us-central1", hardware: "2x8xH100", name: "gke", gcp: { project: "my-project-123" } }],
      endpoint: { hostname: "api.example.com" },
    });
    app.synth();
    const stackDir = join(app.outdir, "stacks", cluster.placements[0].serving.node.id);
    serving = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    // The objects Helm will install, from the bundle release's manifests value.
    chartDocs = bundledObjects(serving, "deepseek-gke-fabric").map((e) => e.object as Json);
  }, 60_000);

  const releases = () => serving.resource.helm_release as Record<string, Json>;
  const idOf = (name: string) => Object.entries(releases()).find(([, r]) => r.name === name)?.[0];

  it("synthesizes the fabric bundle as a helm release recorded in kube-system, waiting for the DaemonSets", () => {
    const id = idOf("deepseek-gke-fabric");
    expect(id).toBeDefined();
    expect(releases()[id!]).toMatchObject({ namespace: "kube-system", wait: true });
  });

  it("its chart holds the TCPXO installer and NRI injector DaemonSets", () => {
    expect(chartDocs.map((d) => `${d.kind}/${d.metadata.namespace}/${d.metadata.name}`).sort()).toEqual(["DaemonSet/kube-system/device-injector", "DaemonSet/kube-system/nccl-tcpxo-installer"]);
    for (const d of chartDocs) expect(() => new DaemonSet(d).validate()).not.toThrow();
  });

  it("the serving inference release and the fabric check both depend on the fabric bundle", () => {
    const fabric = `helm_release.${idOf("deepseek-gke-fabric")}`;
    const dependents = Object.values(releases()).filter((r) => (r.depends_on ?? []).includes(fabric)).map((r) => r.name as string);
    expect(dependents).toEqual(expect.arrayContaining(["deepseek-serving", CHECK_RELEASES.fabric]));
  });
});
