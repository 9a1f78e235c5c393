import { planDeployment } from "../../lib/plan/index";
import { planServingTopology } from "../../lib/serving/plan-topology";
import { servingConfigMap, servingObjects } from "../../lib/serving/namespace-objects";
import { servingNetworkPolicies } from "../../lib/serving/network-policies";
import { targetFor } from "./helpers";

/**
 * Issue 15: whether a replica is a LeaderWorkerSet whose leader launches the ranks (and whose pods
 * talk among themselves) or a one-pod Deployment is planServingTopology's; the builders and
 * DeepSeekServing used to test `nodesPerReplica > 1` themselves. They are handed edited plans.
 */
type Json = Record<string, any>;
const single = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1" });
const multi = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
const names = (objects: readonly Json[]): string[] => objects.map((o) => `${o.kind}/${o.metadata.name}`);

describe("planServingTopology", () => {
  test("one node: a Deployment, no group traffic, no launcher; several: a LeaderWorkerSet with both", () => {
    expect(planServingTopology(single)).toEqual({ workload: "Deployment", groupTraffic: false, leaderLaunch: false });
    expect(planServingTopology(multi)).toEqual({ workload: "LeaderWorkerSet", groupTraffic: true, leaderLaunch: true });
    expect(names(servingObjects(multi, targetFor("aws")) as Json[])).toContainEqual(expect.stringMatching(/^LeaderWorkerSet\//));
    expect(names(servingObjects(multi, targetFor("aws")) as Json[]).filter((n) => /^(Role|RoleBinding)\//.test(n)).length).toBeGreaterThan(0);
    expect(Object.keys((servingConfigMap(multi) as Json).data)).toContain("kubexec.sh");
  });
});

describe("the builders write an edited topology as edited", () => {
  test("a multi-node plan without the leader launch: no kubectl exec agent in the ConfigMap, no leader RBAC", () => {
    const edited = { ...planServingTopology(multi), leaderLaunch: false };
    expect(Object.keys((servingConfigMap(multi, edited) as Json).data)).toEqual(["config.yaml", "drain.py"]);
    expect(names(servingObjects(multi, targetFor("aws"), undefined, edited) as Json[]).filter((n) => /^(Role|RoleBinding)\//.test(n))).toEqual([]);
  });

  test("a single-node plan planned as a group: the LeaderWorkerSet and the intra-group policies are written", () => {
    const edited = { workload: "LeaderWorkerSet" as const, groupTraffic: true, leaderLaunch: false };
    expect(names(servingObjects(single, targetFor("aws"), undefined, edited) as Json[])).toContainEqual(expect.stringMatching(/^LeaderWorkerSet\//));
    const policies = names(servingNetworkPolicies(single, edited) as Json[]);
    expect(policies).toEqual(expect.arrayContaining(["NetworkPolicy/allow-intra-group", "NetworkPolicy/allow-group-egress"]));
    expect(names(servingNetworkPolicies(single) as Json[])).not.toContain("NetworkPolicy/allow-intra-group");
  });
});
