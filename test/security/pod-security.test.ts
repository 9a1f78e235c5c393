import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFabricApp } from "./fabric-app";
import { bundledObjects } from "../support/manifests";
import { defaultAppOutdir } from "../support/default-app";
import { atLeast, podSecurityLevel, type Level } from "./pss";
import { planGkeFabricPodSecurity, planPodSecurity, POD_SECURITY_ANNOTATION, POD_SECURITY_REASON_ANNOTATION, REASONS, UNLABELLED_SYSTEM_NAMESPACES } from "../../lib/serving/plan-pod-security";
import { planDeployment } from "../../lib";
import { servingObjects } from "../../lib/serving/namespace-objects";
import { stagingObjects } from "../../lib/serving/staging";
import { planFor, targetFor } from "../serving/helpers";

/*
 * Pod Security over every workload of every stack of the default app, and of an app carrying every
 * GKE GPU fabric (test/security/fabric-app.ts: the NCCL plugin installers and the NRI device
 * injector, which the default app does not deploy): each pod template either
 * passes the "restricted" profile (test/security/pss.ts implements the Pod Security Standards'
 * checks) or is annotated with the level it needs and a reason (lib/serving/plan-pod-security.ts);
 * its namespace enforces a level that admits it, and no more than its most demanding pod needs.
 */

type Json = Record<string, any>;
interface Pod { stack: string; id: string; namespace: string; annotations: Record<string, string>; spec: Json }

function podTemplates(o: Json): { id: string; template: Json }[] {
  const id = `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
  if (o.kind === "LeaderWorkerSet") {
    const t = o.spec.leaderWorkerTemplate;
    return [...(t.leaderTemplate ? [{ id: `${id}/leader`, template: t.leaderTemplate }] : []), { id: `${id}/worker`, template: t.workerTemplate }];
  }
  if (o.kind === "CronJob") return [{ id, template: o.spec.jobTemplate.spec.template }];
  if (o.kind === "Pod") return [{ id, template: { metadata: o.metadata, spec: o.spec } }];
  if (["Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet"].includes(o.kind)) return [{ id, template: o.spec.template }];
  return [];
}

let pods: Pod[];
let namespaces: Map<string, Json>;
beforeAll(() => {
  const fabricOut = mkdtempSync(join(tmpdir(), "deepseek-fabric-app-"));
  buildFabricApp(fabricOut).synth();
  pods = [];
  namespaces = new Map();
  for (const dir of [join(defaultAppOutdir(), "stacks"), join(fabricOut, "stacks")]) for (const stack of readdirSync(dir)) {
    const objects = bundledObjects(JSON.parse(readFileSync(join(dir, stack, "cdk.tf.json"), "utf8"))).map((b) => b.object);
    for (const o of objects) {
      if (o.kind === "Namespace") namespaces.set(`${stack}/${o.metadata.name}`, o);
      for (const t of podTemplates(o)) pods.push({ stack, id: t.id, namespace: o.metadata.namespace, annotations: t.template.metadata?.annotations ?? {}, spec: t.template.spec });
    }
  }
}, 60_000);

describe("Pod Security Standards over every workload of every stack", () => {
  test("every pod passes restricted, or carries the level it needs and a reason", () => {
    expect(pods.length).toBeGreaterThanOrEqual(30);
    // The GKE fabric installers of every fabric are among them.
    for (const name of ["nccl-tcpxo-installer", "nccl-tcpx-installer", "device-injector", "nccl-rdma-installer"]) {
      expect([name, pods.some((p) => p.id === `DaemonSet/kube-system/${name}`)]).toEqual([name, true]);
    }
    for (const p of pods) {
      const { level, violations } = podSecurityLevel(p.spec);
      const declared = p.annotations[POD_SECURITY_ANNOTATION];
      expect([p.stack, p.id, declared]).toEqual([p.stack, p.id, level]);
      if (level !== "restricted") {
        expect([p.stack, p.id, (p.annotations[POD_SECURITY_REASON_ANNOTATION] ?? "").length > 40, violations.length > 0]).toEqual([p.stack, p.id, true, true]);
      }
    }
  });

  test("restricted where nothing needs more: the serving check, the rate limit's Redis, GKE staging", () => {
    const restricted = (re: RegExp) => pods.filter((p) => re.test(p.id));
    for (const p of [...restricted(/check-serving/), ...restricted(/ratelimit-redis/)]) expect([p.stack, p.id, podSecurityLevel(p.spec)]).toEqual([p.stack, p.id, { level: "restricted", violations: [] }]);
    const gkeStaging = pods.filter((p) => /gcp/.test(p.stack) && /stage-checkpoint/.test(p.id));
    expect(gkeStaging.length).toBeGreaterThanOrEqual(2);
    for (const p of gkeStaging) expect([p.stack, p.id, podSecurityLevel(p.spec).violations]).toEqual([p.stack, p.id, []]);
  });

  test("every container of ours is hardened (no privilege escalation, drop ALL, seccomp RuntimeDefault, a CPU request), or privileged with its own reason", () => {
    expect(pods.flatMap((p) => hardeningFindings(p).map((f) => `${p.stack} ${p.id} ${f}`))).toEqual([]);
  });

  test("planted: an unhardened pause container, a privileged container without its reason, a missing CPU request are found", () => {
    const installer = pods.find((p) => p.id === "DaemonSet/kube-system/nccl-tcpx-installer")!;
    expect(hardeningFindings(installer)).toEqual([]);
    const plant = (f: (spec: Json) => void, annotations = installer.annotations): Pod => {
      const spec = JSON.parse(JSON.stringify(installer.spec));
      f(spec);
      return { ...installer, spec, annotations };
    };
    expect(hardeningFindings(plant((s) => { delete s.containers[0].securityContext.capabilities; }))).toEqual([expect.stringMatching(/^pause: /)]);
    expect(hardeningFindings(plant((s) => { s.containers[0].securityContext = { privileged: true }; }))).toEqual([expect.stringMatching(/^pause: privileged without a reason naming it/)]);
    expect(hardeningFindings(plant(() => undefined, { ...installer.annotations, [POD_SECURITY_REASON_ANNOTATION]: "needs the host" }))).toEqual([expect.stringMatching(/^nccl-plugin-installer: privileged without a reason naming it/)]);
    expect(hardeningFindings(plant((s) => { delete s.initContainers[0].resources; }))).toEqual([expect.stringMatching(/^nccl-plugin-installer: no CPU request/)]);
  });

  test("each namespace enforces a level that admits its pods and no more than the most demanding needs; audit and warn at restricted", () => {
    const byNs = new Map<string, Level>();
    for (const p of pods) {
      const key = `${p.stack}/${p.namespace}`;
      const l = podSecurityLevel(p.spec).level;
      if (!byNs.has(key) || atLeast(l, byNs.get(key)!)) byNs.set(key, l);
    }
    expect(byNs.size).toBeGreaterThanOrEqual(8);
    for (const [key, needed] of byNs) {
      const ns = namespaces.get(key);
      const system = UNLABELLED_SYSTEM_NAMESPACES[key.split("/")[1]];
      if (system) {
        // Not ours to label: we create no such Namespace; every pod of ours there states its level and reasons.
        expect([key, !!ns, system.length > 40]).toEqual([key, false, true]);
        for (const p of pods.filter((x) => `${x.stack}/${x.namespace}` === key)) {
          expect([p.id, p.annotations[POD_SECURITY_ANNOTATION], (p.annotations[POD_SECURITY_REASON_ANNOTATION] ?? "").length > 40]).toEqual([p.id, needed === "restricted" ? "restricted" : podSecurityLevel(p.spec).level, true]);
        }
        continue;
      }
      expect([key, !!ns]).toEqual([key, true]);
      const labels = ns!.metadata.labels;
      expect([key, labels["pod-security.kubernetes.io/enforce"], labels["pod-security.kubernetes.io/audit"], labels["pod-security.kubernetes.io/warn"]]).toEqual([key, needed, "restricted", "restricted"]);
      if (needed !== "restricted") expect([key, (ns!.metadata.annotations?.[POD_SECURITY_REASON_ANNOTATION] ?? "").length > 40]).toEqual([key, true]);
    }
  });

  test("planted faults move a pod out of restricted: privileged, hostPath, root, a capability, no seccomp", () => {
    const ok = pods.find((p) => /check-serving/.test(p.id))!.spec;
    const c0 = (spec: Json, sc: Json) => ({ ...spec, containers: [{ ...spec.containers[0], securityContext: { ...spec.containers[0].securityContext, ...sc } }] });
    expect(podSecurityLevel(ok).level).toBe("restricted");
    expect(podSecurityLevel(c0(ok, { privileged: true })).level).toBe("privileged");
    expect(podSecurityLevel({ ...ok, volumes: [...ok.volumes, { name: "h", hostPath: { path: "/" } }] }).level).toBe("privileged");
    expect(podSecurityLevel({ ...c0(ok, { runAsNonRoot: undefined }), securityContext: { seccompProfile: { type: "RuntimeDefault" } } }).level).toBe("baseline");
    expect(podSecurityLevel(c0(ok, { capabilities: { drop: ["ALL"], add: ["IPC_LOCK"] } })).level).toBe("privileged");
    expect(podSecurityLevel(c0(ok, { capabilities: { drop: ["ALL"], add: ["CHOWN"] } })).level).toBe("baseline");
    expect(podSecurityLevel({ ...c0(ok, { seccompProfile: undefined }), securityContext: { runAsNonRoot: true } }).level).toBe("baseline");
    expect(podSecurityLevel({ ...ok, hostNetwork: true }).level).toBe("privileged");
  });

  test("the plan names a reason for every fabric and cloud that needs more", () => {
    const aws = planPodSecurity(planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" }));
    expect(aws.servers.level).toBe("privileged");
    expect(aws.servers.reasons).toEqual(expect.arrayContaining([REASONS.root, REASONS.hostPathCache, REASONS.ipcLock]));
    const gke = planPodSecurity(planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "europe-west4" }));
    expect([gke.servers.level, gke.staging.level, gke.servingCheck.level, gke.namespace.level]).toEqual(["baseline", "restricted", "restricted", "baseline"]);
  });

  test("GKE fabric installers: privileged, a reason for every privileged container and every host namespace they use", () => {
    const installers = pods.filter((p) => p.id.startsWith("DaemonSet/kube-system/"));
    expect(installers.length).toBeGreaterThanOrEqual(4);
    for (const p of installers) {
      const reasons = p.annotations[POD_SECURITY_REASON_ANNOTATION];
      if (p.spec.hostNetwork) expect([p.id, /hostNetwork/.test(reasons)]).toEqual([p.id, true]);
      if (p.spec.hostPID) expect([p.id, /hostPID/.test(reasons)]).toEqual([p.id, true]);
      for (const v of p.spec.volumes ?? []) if (v.hostPath) expect([p.id, v.hostPath.path, /hostPath/.test(reasons)]).toEqual([p.id, v.hostPath.path, true]);
    }
    for (const c of ["nccl-tcpxo-installer", "nccl-tcpx-installer", "nri-device-injector", "nccl-rdma-installer"] as const) {
      const w = planGkeFabricPodSecurity(c);
      expect([c, w.level, w.reasons.length >= 2]).toEqual([c, "privileged", true]);
    }
  });

  test("multi-node fabrics beyond the default app (GKE TCPXO and RDMA, AWS EFA): declared level = computed, and each violation kind has its reason", () => {
    const cases: [("aws" | "gcp"), string][] = [["gcp", "2x8xH100"], ["gcp", "2x8xH200"], ["aws", "2x8xH100"]];
    for (const [cloud, hw] of cases) {
      const plan = planFor(cloud, hw, "throughput");
      expect([cloud, hw, plan.fabric.kind]).not.toEqual([cloud, hw, "none"]);
      const objs = [...servingObjects(plan, targetFor(cloud)), ...stagingObjects(plan, targetFor(cloud))] as Json[];
      const templates = objs.flatMap((o) => podTemplates(o).map((t) => ({ id: `${hw}/${cloud}/${t.id}`, t: t.template })));
      expect(templates.length).toBeGreaterThanOrEqual(3);
      for (const { id, t } of templates) {
        const { level, violations } = podSecurityLevel(t.spec);
        const annotations = t.metadata?.annotations ?? {};
        expect([id, annotations[POD_SECURITY_ANNOTATION]]).toEqual([id, level]);
        const reasons = annotations[POD_SECURITY_REASON_ANNOTATION] ?? "";
        if (violations.some((v) => v.startsWith("hostPath"))) expect([id, /hostPath/.test(reasons)]).toEqual([id, true]);
        for (const v of violations) {
          const cap = /^capability (\w+)/.exec(v)?.[1];
          if (cap) expect([id, cap, reasons.includes(cap)]).toEqual([id, cap, true]);
          if (v.startsWith("runAsNonRoot")) expect([id, reasons.includes(REASONS.root) || reasons.includes(REASONS.hostPathStaging)]).toEqual([id, true]);
        }
      }
    }
  });
});

/**
 * What is wrong with a pod's containers' hardening: every container has a CPU request, and is
 * either hardened (no privilege escalation, drop ALL, seccomp RuntimeDefault) or privileged in a
 * pod declared privileged whose reason names that container.
 */
function hardeningFindings(p: Pod): string[] {
  const out: string[] = [];
  for (const c of [...(p.spec.initContainers ?? []), ...p.spec.containers]) {
    const sc = c.securityContext ?? {};
    if (!c.resources?.requests?.cpu) out.push(`${c.name}: no CPU request`);
    if (sc.privileged) {
      const reasons = p.annotations[POD_SECURITY_REASON_ANNOTATION] ?? "";
      if (p.annotations[POD_SECURITY_ANNOTATION] !== "privileged" || !reasons.includes(`${c.name} is privileged`)) out.push(`${c.name}: privileged without a reason naming it`);
      continue;
    }
    const seccomp = sc.seccompProfile?.type ?? p.spec.securityContext?.seccompProfile?.type;
    // Keeping the runtime's default capabilities needs a reason naming the container.
    const keepsDefaults = !(sc.capabilities?.drop ?? []).includes("ALL") && !(p.annotations[POD_SECURITY_REASON_ANNOTATION] ?? "").includes(`container ${c.name} `);
    if (sc.allowPrivilegeEscalation !== false || keepsDefaults || seccomp !== "RuntimeDefault") {
      out.push(`${c.name}: not hardened (allowPrivilegeEscalation ${sc.allowPrivilegeEscalation}, drop ${JSON.stringify(sc.capabilities?.drop)}, seccomp ${seccomp})`);
    }
  }
  return out;
}
