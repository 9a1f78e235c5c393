import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { runAsync } from "../support/run-async";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DRAIN_MARKER, DRAIN_SCRIPT_PATH, MAX_TERMINATION_GRACE_SECONDS, leaderScript, leaderWorkerSet, planDrain,
  servingConfigMap, singleNodeDeployment, workerScript,
} from "../../lib/serving";
import { requestTimeoutFor } from "../../lib/traffic/plan-traffic";
import { DRAIN_PY } from "../../lib/serving/pod-scripts";
import { planFor, targetFor } from "./helpers";

type Any = Record<string, any>;

describe("drain numbers", () => {
  test("grace covers the gateway's request timeout (the same default formula) plus endpoint removal and shutdown", () => {
    // 8192 tokens at 30 tok/s = 273 s -> the 600 s floor; the drain waits 20 + 600 s; grace 20 + 600 + 30 = 650 s.
    expect(planDrain({ maxSeqLen: 8192 })).toEqual({
      requestTimeoutSeconds: requestTimeoutFor(8192, 30), endpointRemovalSeconds: 20, drainBudgetSeconds: 620, shutdownSeconds: 30, terminationGracePeriodSeconds: 650,
    });
    // 65536 / 30 = 2185 s -> 2220 s; 20 + 2220 + 30 = 2270 s.
    expect(planDrain({ maxSeqLen: 65536 }).terminationGracePeriodSeconds).toBe(2270);
  });

  test("a user's timeout sets the grace: 3000 s with an 8192-token context gives 3050 s, not 650 s", () => {
    expect(planDrain({ maxSeqLen: 8192 }, 3000)).toMatchObject({ requestTimeoutSeconds: 3000, drainBudgetSeconds: 3020, terminationGracePeriodSeconds: 3050 });
  });

  test("the default timeout for 128K tokens (4380 s at 30 tok/s) is shortened to what fits the one-hour grace", () => {
    const d = planDrain({ maxSeqLen: 131072 });
    expect(MAX_TERMINATION_GRACE_SECONDS).toBe(3600);
    expect(d).toMatchObject({ requestTimeoutSeconds: 3550, terminationGracePeriodSeconds: 3600, drainBudgetSeconds: 3570 });
  });

  test("a timeout too long to drain is refused at the caller's path", () => {
    expect(() => planDrain({ maxSeqLen: 8192 }, 3551, "placements.1.traffic.requestTimeoutSeconds")).toThrow(
      /^placements\.1\.traffic\.requestTimeoutSeconds: is longer than a draining server can wait: .* \(got 3551\); use at most 3550 s$/,
    );
    expect(() => planDrain({ maxSeqLen: 8192 }, 3550)).not.toThrow();
  });

  test("pods use the plan's grace period; servers drain in preStop; readiness fails once draining", () => {
    const plan = planFor("aws", "8xH200", "latency");
    const pod = (singleNodeDeployment(plan, targetFor("aws")) as Any).spec.template.spec;
    const c = pod.containers[0];
    expect(pod.terminationGracePeriodSeconds).toBe(planDrain(plan).terminationGracePeriodSeconds);
    expect(c.lifecycle.preStop.exec.command).toEqual(["python3", DRAIN_SCRIPT_PATH, "8000", "20", String(planDrain(plan).drainBudgetSeconds)]);
    expect(c.readinessProbe.exec.command[2]).toContain(`test ! -e ${DRAIN_MARKER} && python3`);
    expect(c.readinessProbe.exec.command[2]).toContain("http://127.0.0.1:8000/health");
    expect((servingConfigMap(plan) as Any).data["drain.py"]).toBe(DRAIN_PY);
  });

  test("LWS: leader drains in preStop and on TERM before stopping mpirun; workers wait for the leader", () => {
    const plan = planFor("aws", "2x8xH100", "latency");
    const t = (leaderWorkerSet(plan, targetFor("aws")) as Any).spec.leaderWorkerTemplate;
    const leader = t.leaderTemplate.spec.containers[0];
    const worker = t.workerTemplate.spec.containers[0];
    expect(leader.lifecycle.preStop.exec.command[1]).toBe(DRAIN_SCRIPT_PATH);
    expect(worker.lifecycle).toBeUndefined();
    expect(t.workerTemplate.spec.terminationGracePeriodSeconds).toBe(t.leaderTemplate.spec.terminationGracePeriodSeconds);
    const script = leaderScript(plan);
    expect(script).toContain("trap drain_then_stop TERM INT");
    expect(script).toMatch(/drain_then_stop\(\) \{ python3 \/etc\/trtllm\/drain\.py 8000 20 \d+; kill -TERM "\$MPI_PID"/);
    expect(script).not.toContain("exec mpirun");
    expect(workerScript(plan)).toContain("LWS_LEADER_ADDRESS");
  });
});

const hasPython = spawnSync("python3", ["--version"]).status === 0;
const describeIf = hasPython ? describe : describe.skip;

describeIf("the drain script and the leader's TERM trap, run against a fake server", () => {
  const procs: ChildProcess[] = [];
  afterAll(() => procs.forEach((p) => p.kill()));

  async function fake(mode: string, active: number): Promise<number> {
    const proc = spawn("python3", [join(__dirname, "fixtures", "fake_trtllm_metrics.py"), mode, String(active)]);
    procs.push(proc);
    return new Promise<number>((resolve, reject) => {
      proc.stdout!.once("data", (d) => resolve(Number(String(d).trim())));
      proc.once("error", reject);
    });
  }

  async function drain(port: number, budget: number) {
    const dir = mkdtempSync(join(tmpdir(), "drain-"));
    const script = join(dir, "drain.py");
    writeFileSync(script, DRAIN_PY);
    const marker = join(dir, "draining");
    const r = await runAsync("python3", [script, String(port), "0", String(budget)], { ...process.env, DRAIN_MARKER: marker, DRAIN_POLL_SECONDS: "0.05" }, 20000);
    return { ...r, marker, dir };
  }

  test.concurrent("waits until trtllm_num_active_requests reaches 0 (Prometheus exposition)", async () => {
    const r = await drain(await fake("prom", 3), 30);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("drain: 3 requests active");
    expect(r.stdout).toContain("drain: 1 requests active");
    expect(r.stdout).toContain("drain: no active requests");
    expect(spawnSync("test", ["-e", r.marker]).status).toBe(0);
  });

  test.concurrent("falls back to the /metrics JSON when the Prometheus endpoint is missing", async () => {
    const r = await drain(await fake("json", 2), 30);
    expect(r.stdout).toContain("drain: 2 requests active");
    expect(r.stdout).toContain("drain: no active requests");
  });

  test.concurrent("gives up at the budget when requests never finish", async () => {
    const r = await drain(await fake("stuck", 3), 1);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("drain: 3 requests still active after 1 s; stopping anyway");
  });

  test.concurrent("the leader's TERM trap drains before it stops mpirun", async () => {
    const port = await fake("prom", 2);
    const plan = planFor("aws", "2x8xH100", "latency");
    const dir = mkdtempSync(join(tmpdir(), "leader-"));
    writeFileSync(join(dir, "drain.py"), DRAIN_PY);
    // A fake mpirun that reports when it is stopped.
    writeFileSync(join(dir, "mpirun"), "#!/bin/bash\ntrap 'echo mpirun stopped; exit 0' TERM\necho mpirun started\nwhile :; do sleep 0.05; done\n");
    chmodSync(join(dir, "mpirun"), 0o755);
    // The launch part of the leader script (after the wait for the group), pointed at the fake server.
    const tail = leaderScript(plan).split("set +e")[1]
      .replace(DRAIN_SCRIPT_PATH, join(dir, "drain.py"))
      .replace(/drain\.py 8000 20 \d+/, `drain.py ${port} 0 30`);
    const proc = spawn("bash", ["-c", `set +e${tail}`], { env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, POD_NAME: "p", DRAIN_MARKER: join(dir, "draining"), DRAIN_POLL_SECONDS: "0.05" } });
    let out = "";
    proc.stdout!.on("data", (d) => { out += String(d); });
    await new Promise((r) => setTimeout(r, 500));
    expect(out).toContain("mpirun started");
    proc.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => proc.once("exit", resolve));
    expect(out.indexOf("drain: no active requests")).toBeGreaterThan(0);
    expect(out.indexOf("mpirun stopped")).toBeGreaterThan(out.indexOf("drain: no active requests"));
    expect(code).toBe(0);
  });
});
