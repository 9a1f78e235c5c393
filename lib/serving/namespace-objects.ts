import { stringify } from "yaml";
import type { KubernetesObject } from "../internal/k8s-object";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import type { ClusterTarget } from "./cluster-target";
import { CONFIG_MAP_NAME, servingMeta } from "./constants";
import { planPodFabric } from "../fabric/plan-pod-fabric";
import { FABRIC_ENV_KEY, FABRIC_RANK_KEY, FABRIC_RANK_SCRIPT, KUBEXEC_SCRIPT, fabricEnvScript } from "./launch-scripts";
import { servingNetworkPolicies } from "./network-policies";
import { planDrain, type DrainPlan } from "./plan-drain";
import { DRAIN_PY } from "./pod-scripts";
import { renderLlmApiOptions } from "./plan-options";
import { leaderWorkerSet, singleNodeDeployment } from "./server-pod";
import { planDisruption } from "./plan-disruption";
import { planServiceAccounts, type ServiceAccountsPlan } from "./plan-service-accounts";
import { planPodSecurity, POD_SECURITY_REASON_ANNOTATION } from "./plan-pod-security";
import { planServingTopology, type ServingTopologyPlan } from "./plan-topology";

/**
 * Kubernetes objects of the serving layer as plain data (plan + cluster target -> objects): the
 * namespace, identities, configuration, Service and disruption budget around the server pods
 * (lib/serving/server-pod.ts). Pure: no cdktf. The constructs in lib/serving only hand these to a
 * ManifestBundle.
 */

type Obj = KubernetesObject;

/**
 * The serving namespace. Pod Security admission enforces the highest level one of its workloads
 * needs (lib/serving/plan-pod-security.ts, each with its reason, also on the namespace as an
 * annotation) and audits and warns at `restricted`.
 */
export function servingNamespace(plan: DeploymentPlan): Obj {
  const names = servingNames(plan);
  const ns = planPodSecurity(plan).namespace;
  return {
    apiVersion: "v1", kind: "Namespace",
    metadata: {
      name: names.namespace,
      labels: {
        "app.kubernetes.io/part-of": "cdktf-deepseek",
        "pod-security.kubernetes.io/enforce": ns.level,
        "pod-security.kubernetes.io/audit": "restricted",
        "pod-security.kubernetes.io/warn": "restricted",
      },
      ...(ns.reasons.length ? { annotations: { [POD_SECURITY_REASON_ANNOTATION]: ns.reasons.join("\n") } } : {}),
    },
  };
}

/**
 * Service accounts: the server (reads the bucket), the model stager (writes it, reads the token)
 * and the secrets reader (the identity of the External Secrets SecretStore on GKE: secret manager
 * reads only). On GKE each is annotated with its Google service account (Workload Identity); on EKS
 * the infra stack binds them with Pod Identity associations, so they carry no annotation (the
 * SecretStore uses the ESO controller's Pod Identity there). Which annotation each carries is
 * decided in lib/serving/plan-service-accounts.ts.
 */
export function servingServiceAccounts(plan: DeploymentPlan, accounts: ServiceAccountsPlan): Obj[] {
  const names = servingNames(plan);
  const meta = (annotations: Readonly<Record<string, string>>) => (Object.keys(annotations).length ? { annotations: { ...annotations } } : {});
  return [
    // No pod gets this account's token by default: the LWS leader's pod template asks for it (the
    // kubectl-based wait and MPI agent); workers and single-node servers do not (lib/serving/server-pod.ts).
    { apiVersion: "v1", kind: "ServiceAccount", metadata: servingMeta(names, names.serviceAccounts.server, meta(accounts.server)), automountServiceAccountToken: false },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: servingMeta(names, names.serviceAccounts.modelStager, meta(accounts.modelStager)), automountServiceAccountToken: false },
    // ESO requests this account's token itself (TokenRequest); no pod runs as it.
    { apiVersion: "v1", kind: "ServiceAccount", metadata: servingMeta(names, names.serviceAccounts.secretsReader, meta(accounts.secretsReader)), automountServiceAccountToken: false },
  ];
}

/** ConfigMap with the extra LLM API options YAML (and, multi-node, the MPI agent and the fabric preamble with its rank wrapper). */
export function servingConfigMap(plan: DeploymentPlan, topology: ServingTopologyPlan = planServingTopology(plan)): Obj {
  const names = servingNames(plan);
  const data: Record<string, string> = { "config.yaml": stringify(renderLlmApiOptions(plan), { lineWidth: 0 }), "drain.py": DRAIN_PY };
  if (topology.leaderLaunch) {
    data["kubexec.sh"] = KUBEXEC_SCRIPT;
    data[FABRIC_ENV_KEY] = fabricEnvScript(planPodFabric(plan));
    data[FABRIC_RANK_KEY] = FABRIC_RANK_SCRIPT;
  }
  return { apiVersion: "v1", kind: "ConfigMap", metadata: servingMeta(names, CONFIG_MAP_NAME), data };
}

/** Extra LeaderWorkerSet groups a rollout may add beyond replicas.max (the rollout's maxSurge). */
export const LWS_ROLLOUT_SURGE_GROUPS = 1;

/**
 * Names of every worker pod the LeaderWorkerSet can create: `<lws>-<group>-<worker>` for groups
 * 0 … replicas.max + surge - 1 and workers 1 … size - 1 (LeaderWorkerSet pod naming: the leader is
 * `<lws>-<group>`, its workers `<lws>-<group>-<index>`; the same names mpirun's host list uses).
 */
export function lwsWorkerPodNames(plan: DeploymentPlan): string[] {
  const names = servingNames(plan);
  const out: string[] = [];
  for (let g = 0; g < plan.replicas.max + LWS_ROLLOUT_SURGE_GROUPS; g++) {
    for (let w = 1; w < plan.nodesPerReplica; w++) out.push(`${names.workload}-${g}-${w}`);
  }
  return out;
}

/**
 * RBAC the leader needs for the wait and the kubectl-exec MPI agent (namespace-scoped), limited
 * by name to the LeaderWorkerSet's worker pods: `get` (the wait, and kubectl exec's own lookup)
 * and `pods/exec`. No list, no watch, no other pod: the staging Job (Hugging Face token, bucket
 * writer) and the check pods (API key) are out of reach. Kubernetes RBAC cannot tell one group's
 * leader from another's (one service account for every leader), so a leader can reach the
 * workers of other groups of the same workload: same image, identity and secrets as its own.
 */
export function leaderRbac(plan: DeploymentPlan): Obj[] {
  const names = servingNames(plan);
  const name = "trtllm-leader";
  const workers = lwsWorkerPodNames(plan);
  return [
    {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: servingMeta(names, name),
      rules: [
        { apiGroups: [""], resources: ["pods"], resourceNames: workers, verbs: ["get"] },
        { apiGroups: [""], resources: ["pods/exec"], resourceNames: workers, verbs: ["create"] },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: servingMeta(names, name),
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
    metadata: servingMeta(names, names.service),
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
    metadata: servingMeta(names, names.workload),
    // Never the last replica (lib/serving/plan-disruption.ts has the maintenance path).
    spec: { minAvailable: planDisruption(plan).minAvailable, selector: { matchLabels: { ...names.podLabels } } },
  };
}

/** Every serving object (apart from staging and secrets) in install order. */
export function servingObjects(plan: DeploymentPlan, target: ClusterTarget, drain: DrainPlan = planDrain(plan), topology: ServingTopologyPlan = planServingTopology(plan)): Obj[] {
  const WORKLOADS: { readonly [W in ServingTopologyPlan["workload"]]: () => Obj } = {
    LeaderWorkerSet: () => leaderWorkerSet(plan, target, drain),
    Deployment: () => singleNodeDeployment(plan, target, drain),
  };
  return [
    servingConfigMap(plan, topology),
    ...(topology.leaderLaunch ? leaderRbac(plan) : []),
    WORKLOADS[topology.workload](),
    servingService(plan),
    servingPdb(plan),
  ];
}

/** Objects the serving workload needs before it starts: namespace, identities, network policy. */
export function servingBaseObjects(plan: DeploymentPlan, target: ClusterTarget, accounts: ServiceAccountsPlan = planServiceAccounts(target)): Obj[] {
  return [servingNamespace(plan), ...servingServiceAccounts(plan, accounts), ...servingNetworkPolicies(plan)];
}
