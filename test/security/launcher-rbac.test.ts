import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bundledObjects } from "../support/manifests";
import { defaultAppOutdir } from "../support/default-app";
import { leaderRbac, lwsWorkerPodNames, servingObjects, servingBaseObjects, stagingObjects } from "../../lib/serving";
import { planFor, targetFor } from "../serving/helpers";

/*
 * Least privilege of the multi-node launcher: only the LeaderWorkerSet leader holds a Kubernetes
 * token, and its Role reaches nothing but the workload's worker pods, by name.
 */

type Any = Record<string, any>;
const POD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "LeaderWorkerSet", "ReplicaSet"];

/** Pod templates of an object, with a label saying which template. */
function podTemplates(o: Any): { where: string; spec: Any }[] {
  const id = `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
  if (o.kind === "Pod") return [{ where: id, spec: o.spec }];
  if (o.kind === "LeaderWorkerSet") {
    const t = o.spec.leaderWorkerTemplate;
    return [
      ...(t.leaderTemplate ? [{ where: `${id} leader`, spec: t.leaderTemplate.spec }] : []),
      { where: `${id} ${t.leaderTemplate ? "worker" : "pod"}`, spec: t.workerTemplate.spec },
    ];
  }
  if (o.kind === "CronJob") return [{ where: id, spec: o.spec.jobTemplate.spec.template.spec }];
  if (POD_KINDS.includes(o.kind)) return [{ where: id, spec: o.spec.template.spec }];
  return [];
}

/**
 * Problems with token holders and pod-reaching RBAC among `objects` (one namespace's view):
 * pods that get a token other than LWS leaders; rules on pods or pods/exec without resourceNames,
 * or naming a pod that is not a worker of a LeaderWorkerSet of the same namespace, or a name another
 * workload's pods could take.
 */
function launcherProblems(objects: readonly Any[]): { problems: string[]; tokenHolders: string[]; execRules: number } {
  const problems: string[] = [];
  const tokenHolders: string[] = [];
  const sas = new Map(objects.filter((o) => o.kind === "ServiceAccount").map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
  for (const o of objects) {
    for (const { where, spec } of podTemplates(o)) {
      const sa = sas.get(`${o.metadata.namespace}/${spec.serviceAccountName ?? "default"}`);
      const automount = spec.automountServiceAccountToken ?? sa?.automountServiceAccountToken ?? true;
      if (!automount) continue;
      tokenHolders.push(where);
      if (!where.endsWith(" leader")) problems.push(`${where} mounts a service account token`);
    }
  }
  let execRules = 0;
  for (const role of objects.filter((o) => o.kind === "Role" || o.kind === "ClusterRole")) {
    const ns = role.metadata.namespace;
    const lws = objects.filter((o) => o.kind === "LeaderWorkerSet" && o.metadata.namespace === ns);
    const workerName = (n: string) => lws.some((l) => new RegExp(`^${l.metadata.name}-\\d+-[1-9]\\d*$`).test(n));
    const others = objects.filter((o) => POD_KINDS.includes(o.kind) && o.kind !== "LeaderWorkerSet" && o.metadata.namespace === ns).map((o) => o.metadata.name as string);
    for (const rule of role.rules ?? []) {
      const podResources = (rule.resources ?? []).filter((r: string) => r === "*" || r === "pods" || r.startsWith("pods/"));
      if (!(rule.apiGroups ?? []).some((g: string) => g === "" || g === "*") || podResources.length === 0) continue;
      if (podResources.includes("pods/exec") || podResources.includes("*")) execRules++;
      const where = `${role.kind}/${ns ?? ""}/${role.metadata.name} ${podResources.join(",")}`;
      if (role.kind === "ClusterRole") { problems.push(`${where}: cluster-wide pod access`); continue; }
      if (!rule.resourceNames?.length) { problems.push(`${where}: no resourceNames (every pod of the namespace)`); continue; }
      if ((rule.verbs ?? []).some((v: string) => ["list", "watch", "*"].includes(v))) problems.push(`${where}: list/watch reach every pod`);
      for (const name of rule.resourceNames) {
        if (!workerName(name)) problems.push(`${where}: ${name} is not a LeaderWorkerSet worker`);
        const owner = others.find((w) => name.startsWith(`${w}-`));
        if (owner) problems.push(`${where}: ${name} could be a pod of ${owner}`);
      }
    }
  }
  return { problems, tokenHolders, execRules };
}

describe("multi-node launcher: least privilege", () => {
  test("the Role names the workload's worker pods: every group up to replicas.max plus a rollout surge, no leader", () => {
    const plan = planFor("aws", "2x8xH100", "latency");
    const names = lwsWorkerPodNames(plan);
    expect(names).toHaveLength((plan.replicas.max + 1) * (plan.nodesPerReplica - 1));
    expect(names).toContain("trtllm-0-1");
    expect(names).not.toContain("trtllm-0");
    const role = leaderRbac(plan)[0] as Any;
    expect(role.rules).toEqual([
      { apiGroups: [""], resources: ["pods"], resourceNames: names, verbs: ["get"] },
      { apiGroups: [""], resources: ["pods/exec"], resourceNames: names, verbs: ["create"] },
    ]);
  });

  test("staging, checks and servers of a multi-node plan: only the leader has a token; no other pod is reachable", () => {
    for (const cloud of ["aws", "gcp"] as const) {
      const plan = planFor(cloud, "2x8xH100", "latency");
      const objects = [...servingBaseObjects(plan, targetFor(cloud)), ...stagingObjects(plan, targetFor(cloud)), ...servingObjects(plan, targetFor(cloud))] as Any[];
      const r = launcherProblems(objects);
      expect(r.problems).toEqual([]);
      expect(r.tokenHolders).toEqual(["LeaderWorkerSet/deepseek/trtllm leader"]);
      expect(r.execRules).toBe(1);
    }
  });

  test("planted faults are caught: the old namespace-wide Role, a worker with a token, a name another workload could take", () => {
    const plan = planFor("aws", "2x8xH100", "latency");
    const objects = [...servingBaseObjects(plan, targetFor("aws")), ...stagingObjects(plan, targetFor("aws")), ...servingObjects(plan, targetFor("aws"))] as Any[];
    const role = objects.find((o) => o.kind === "Role");
    const broad = objects.map((o) => (o === role ? { ...o, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] }, { apiGroups: [""], resources: ["pods/exec"], verbs: ["create"] }] } : o));
    expect(launcherProblems(broad).problems.join("\n")).toMatch(/no resourceNames/);
    const lws = objects.find((o) => o.kind === "LeaderWorkerSet");
    const withWorkerToken = (o: Any) => {
      const worker = o.spec.leaderWorkerTemplate.workerTemplate;
      const workerTemplate = { ...worker, spec: { ...worker.spec, automountServiceAccountToken: true } };
      return { ...o, spec: { ...o.spec, leaderWorkerTemplate: { ...o.spec.leaderWorkerTemplate, workerTemplate } } };
    };
    const workerToken = objects.map((o) => (o === lws ? withWorkerToken(o) : o));
    expect(launcherProblems(workerToken).problems.join("\n")).toMatch(/worker mounts a service account token/);
    const job = objects.find((o) => o.kind === "Job");
    const stagingNamed = objects.map((o) => (o === job ? { ...o, metadata: { ...o.metadata, name: "trtllm-0" } } : o));
    expect(launcherProblems(stagingNamed).problems.join("\n")).toMatch(/could be a pod of trtllm-0/);
  });

  test("every stack of the default app: only LeaderWorkerSet leaders hold a token; pod access only by worker name", () => {
    const dir = join(defaultAppOutdir(), "stacks");
    let leaders = 0;
    let execRules = 0;
    const problems: string[] = [];
    for (const name of readdirSync(dir)) {
      const json = JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8"));
      const r = launcherProblems(bundledObjects(json).map((b) => b.object));
      problems.push(...r.problems.map((p) => `${name}: ${p}`));
      leaders += r.tokenHolders.length;
      execRules += r.execRules;
    }
    expect(problems).toEqual([]);
    // The default app has a multi-node placement (2x8xH100): one leader template, one exec rule.
    expect(leaders).toBeGreaterThanOrEqual(1);
    expect(execRules).toBe(leaders);
  });
});
