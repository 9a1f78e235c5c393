import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import type { PodFabric } from "../fabric/plan-pod-fabric";
import { podScript } from "../internal/pod-script";
import { drainCommand, planDrain, type DrainPlan } from "./plan-drain";
import { mpirunArgs } from "./plan-options";

/**
 * scripts/kubexec.sh: mpirun's remote-shell agent, run as `kubexec.sh <pod> <command...>`: runs a
 * rank on a worker pod through `kubectl exec` into the server container (LWS TensorRT-LLM example).
 * The container name is written in the file (test/serving/pod-scripts.test.ts pins it to SERVER_CONTAINER).
 */
export const KUBEXEC_SCRIPT = podScript(__dirname, "kubexec.sh");

/** ConfigMap keys (mounted at /etc/trtllm) of the fabric preamble and of the rank wrapper that sources it. */
export const FABRIC_ENV_KEY = "fabric-env.sh";
export const FABRIC_RANK_KEY = "fabric-rank.sh";
export const CONFIG_DIR = "/etc/trtllm";

/**
 * The fabric preamble (lib/fabric/plan-pod-fabric.ts) as a file every MPI rank sources: ranks on
 * worker pods start through `kubectl exec`, not from the worker's own script, so pod env is all
 * they inherit; library paths and Google's NCCL profiles must be sourced in the rank itself.
 */
export function fabricEnvScript(fabric: PodFabric): string {
  return ["# Fabric preamble (lib/fabric/plan-pod-fabric.ts), sourced by every NCCL process.", ...fabric.preamble, ""].join("\n");
}

/**
 * scripts/fabric-rank.sh: runs one MPI rank: sources the fabric preamble (FABRIC_ENV_KEY in the
 * ConfigMap mounted at /etc/trtllm; the test pins the path), then becomes the rank's command.
 */
export const FABRIC_RANK_SCRIPT = podScript(__dirname, "fabric-rank.sh");

/** mpirun's argv with each rank started through the fabric rank wrapper. */
export function leaderMpirunArgs(plan: DeploymentPlan): string[] {
  const args = mpirunArgs(plan, `${CONFIG_DIR}/kubexec.sh`);
  const rank = args.indexOf("trtllm-llmapi-launch");
  if (rank < 0) throw new Error("leaderMpirunArgs: mpirun argv has no trtllm-llmapi-launch");
  return [...args.slice(0, rank), `${CONFIG_DIR}/${FABRIC_RANK_KEY}`, ...args.slice(rank)];
}

/**
 * The leader waits until every pod of its group runs, then launches the MPI job across the group.
 * On SIGTERM it drains first (the same drain as the preStop hook: no new work, wait for active
 * requests to reach 0 or the budget), then stops mpirun, which stops the ranks on every pod.
 */
export function leaderScript(plan: DeploymentPlan, drainPlan: DrainPlan = planDrain(plan)): string {
  const mpirun = leaderMpirunArgs(plan).map((a) => (a.includes("$") ? `"${a}"` : a)).join(" ");
  const drain = drainCommand(plan, drainPlan).join(" ");
  return [
    "set -euo pipefail",
    'echo "waiting for the ${LWS_GROUP_SIZE} pods of group ${GROUP_KEY}"',
    // Each worker by name: the leader's Role may only get its workers (lib/serving/namespace-objects.ts leaderRbac).
    'for i in $(seq 1 $((LWS_GROUP_SIZE - 1))); do until [ "$(/opt/kube/kubectl get pod "${POD_NAME}-$i" -o jsonpath=\'{.status.phase}\' 2>/dev/null)" = Running ]; do sleep 5; done; done',
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
