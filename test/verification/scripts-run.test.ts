import { ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runAsync, type Run } from "../support/run-async";
import { planDeployment } from "../../lib/plan/index";
import { planVerification } from "../../lib/verification/plan-verification";
import {
  ALL_REDUCE_PY, LOAD_PROBE_PY, SERVING_CHECK_PY, fabricCheckCommand, fabricCheckEnv, loadProbeEnv, servingCheckEnv, type EnvVar,
} from "../../lib/verification/scripts";
import { awsOfiNcclPreamble, NO_NCCL_PLUGIN_MESSAGE } from "../../lib/fabric/plan-nccl-plugin";

const envOf = (vars: readonly EnvVar[]) => Object.fromEntries(vars.map((v) => [v.name, v.value]));

// Runs the check scripts (files, with the environment the check pods get) for real against fakes: a fake OpenAI server, and a fake
// `torchrun` that prints the NCCL log lines of a healthy fabric or of a socket fallback.
const hasPython = spawnSync("python3", ["--version"]).status === 0;
const describeIf = hasPython ? describe : describe.skip;

const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
const checks = planVerification(plan, { timeouts: { servingSeconds: 60 } });

async function startFake(mode: string, env: Record<string, string> = {}): Promise<{ proc: ChildProcess; port: number }> {
  const proc = spawn("python3", [join(__dirname, "fixtures", "fake_openai.py"), mode], { env: { ...process.env, ...env } });
  const port = await new Promise<number>((resolve, reject) => {
    proc.stdout!.once("data", (d) => resolve(Number(String(d).trim())));
    proc.once("error", reject);
  });
  return { proc, port };
}

function runServing(port: number, apiKey = "test-key", extraEnv: Record<string, string> = {}, plan: Partial<typeof checks.serving> = {}): Promise<Run> {
  const checkEnv = envOf(servingCheckEnv({ ...checks.serving!, readyWaitSeconds: 5, gatewayWaitSeconds: 4, gatewayMaxBackoffSeconds: 1, ...plan }));
  return runAsync("python3", ["-c", SERVING_CHECK_PY], {
    ...process.env, ...checkEnv, SERVICE_URL: `http://127.0.0.1:${port}`, ENDPOINT_URL: `http://127.0.0.1:${port}/`, API_KEY: apiKey, MODEL: "deepseek-r1", ...extraEnv,
  });
}

describeIf("serving check script against a fake endpoint", () => {
  const procs: ChildProcess[] = [];
  afterAll(() => procs.forEach((p) => p.kill()));

  test.concurrent("passes and reports TTFT and tokens/s when the key is required", async () => {
    const { proc, port } = await startFake("strict");
    procs.push(proc);
    const r = await runServing(port);
    expect(r.stdout).toContain("unauthenticated request refused; serving check passed");
    expect(r.status).toBe(0);
    const result = JSON.parse(r.stdout.split("\n").find((l) => l.startsWith("CHECK RESULT: "))!.slice("CHECK RESULT: ".length));
    expect(result).toMatchObject({ check: "serving", outputTokens: 5, answer: "2 + 2 is 4." });
    expect(result.ttftSeconds).toBeGreaterThanOrEqual(0);
  });

  test.concurrent("accepts the gateway's stored form of a key (the whole header value)", async () => {
    const { proc, port } = await startFake("strict");
    procs.push(proc);
    const r = await runServing(port, "Bearer test-key");
    expect(r.stdout).toContain("serving check passed");
    expect(r.status).toBe(0);
  });

  test.concurrent("fails when a request without a key is served", async () => {
    const { proc, port } = await startFake("open");
    procs.push(proc);
    const r = await runServing(port);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("CHECK FAILED: serving: the endpoint served a request without an API key (HTTP 200); it must refuse it with 401 or 403");
  });

  test.concurrent("load probe reports TTFT percentiles, ITL and tokens/s beside the expectation", async () => {
    const { proc, port } = await startFake("strict");
    procs.push(proc);
    const probe = planVerification(plan, { loadProbe: { enabled: true, concurrency: 2, requests: 4, inputTokens: 8, outputTokens: 5,
      expectedOutputTokensPerSecond: 1000 } }).loadProbe!;
    const r = await runAsync("python3", ["-c", LOAD_PROBE_PY], {
      ...process.env, ...envOf(loadProbeEnv(probe)), ENDPOINT_URL: `http://127.0.0.1:${port}`, API_KEY: "test-key", MODEL: "deepseek-r1",
    });
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout.split("\n").find((l) => l.startsWith("CHECK RESULT: "))!.slice("CHECK RESULT: ".length));
    expect(report).toMatchObject({ check: "loadProbe", concurrency: 2, requests: 4, errors: 0, expected: { outputTokensPerSecond: 1000, figure: "user" } });
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["ttftP50Seconds", "ttftP90Seconds", "interTokenLatencySeconds", "outputTokensPerSecond", "outputTokensPerSecondPerUser"]));
  });

  test.concurrent("the all-reduce benchmark is valid Python", async () => {
    const r = spawnSync("python3", ["-c", "import ast, sys; ast.parse(sys.stdin.read())"], { input: ALL_REDUCE_PY, encoding: "utf8" });
    expect(r.status).toBe(0);
  });

  test.concurrent("fails when the answer is not a valid completion", async () => {
    const { proc, port } = await startFake("garbage");
    procs.push(proc);
    const r = await runServing(port);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("CHECK FAILED: serving: the endpoint did not return a valid streamed chat completion (content or [DONE] missing)");
  });
});

// The gateway path: the in-cluster Service address, TLS with SNI = the public hostname, the
// certificate not yet valid (self-signed here, generated at test time).
const hasOpenssl = hasPython && spawnSync("openssl", ["version"]).status === 0;
if (hasPython && !hasOpenssl) {
  test.skip("serving check through the gateway over TLS: SKIPPED, openssl is not installed (needed to generate the test certificate)", () => undefined);
}
const describeTls = hasOpenssl ? describe : describe.skip;

describeTls("serving check through the gateway's in-cluster Service (TLS, SNI)", () => {
  const procs: ChildProcess[] = [];
  const SNI = "api.example.com";
  // Set up once for the block, on first use: concurrent tests may start before a beforeAll hook has run.
  let setup: Promise<{ tls: Record<string, string>; servicePort: number }> | undefined;
  const ready = () => (setup ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "tls-"));
    const gen = spawnSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${SNI}`,
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { encoding: "utf8" });
    if (gen.status !== 0) throw new Error(`openssl failed: ${gen.stderr}`);
    const svc = await startFake("strict");
    procs.push(svc.proc);
    return { tls: { FAKE_TLS_CERT: join(dir, "cert.pem"), FAKE_TLS_KEY: join(dir, "key.pem"), FAKE_REQUIRE_HOST: SNI }, servicePort: svc.port };
  })());
  afterAll(() => procs.forEach((p) => p.kill()));

  async function gateway(mode: string, env?: Record<string, string>) {
    const g = await startFake(mode, env ?? (await ready()).tls);
    procs.push(g.proc);
    return g.port;
  }
  // ENDPOINT_URL is the public name, which does not resolve: the check must not use it.
  const gwEnv = (port: number, scheme = "https", sni = SNI) => ({ GATEWAY_URL: `${scheme}://127.0.0.1:${port}`, GATEWAY_SNI: sni, ENDPOINT_URL: "https://api.invalid" });

  test.concurrent("passes over TLS with SNI = the public hostname and a self-signed (unverified) certificate", async () => {
    const r = await runServing((await ready()).servicePort, "test-key", gwEnv(await gateway("strict")));
    expect(r.stdout).toContain("unauthenticated request refused; serving check passed");
    expect(r.status).toBe(0);
  });

  test.concurrent("fails, after bounded retries, when the listener does not accept the SNI", async () => {
    const r = await runServing((await ready()).servicePort, "test-key", gwEnv(await gateway("strict"), "https", "wrong.example.com"), { gatewayWaitSeconds: 2 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/CHECK FAILED: serving: chat completion through https:\/\/127\.0\.0\.1:\d+ \(SNI wrong\.example\.com\) did not succeed within 2 s \(\d+ attempts; last: SSLError/);
  });

  test.concurrent("retries with backoff while the gateway answers 503, then passes", async () => {
    const r = await runServing((await ready()).servicePort, "test-key", gwEnv(await gateway("warming")));
    expect(r.stdout).toContain("gateway not ready (HTTP 503); retrying in 1 s");
    expect(r.stdout).toContain("serving check passed");
    expect(r.status).toBe(0);
  });

  test.concurrent("still fails when the gateway serves a request without a key", async () => {
    const r = await runServing((await ready()).servicePort, "test-key", gwEnv(await gateway("open")));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("CHECK FAILED: serving: the endpoint served a request without an API key (HTTP 200); it must refuse it with 401 or 403");
  });

  test.concurrent("plain HTTP to the gateway (a load balancer terminates TLS) still sends Host = the public hostname", async () => {
    const r = await runServing((await ready()).servicePort, "test-key", gwEnv(await gateway("strict", { FAKE_REQUIRE_HOST: SNI }), "http"));
    expect(r.stdout).toContain("serving check passed");
    expect(r.status).toBe(0);
  });
});

describe("fabric check script with a fake torchrun", () => {
  function runFabric(log: string, index = "0", preamble: (dir: string) => string[] = () => []) {
    const dir = mkdtempSync(join(tmpdir(), "fabric-"));
    writeFileSync(join(dir, "torchrun"), `#!/bin/bash\ncat <<'LOG'\n${log}\nLOG\n`);
    chmodSync(join(dir, "torchrun"), 0o755);
    return spawnSync("bash", ["-c", fabricCheckCommand(preamble(dir))], {
      env: { ...envOf(fabricCheckEnv(checks.fabric!, "master")), PATH: `${dir}:${process.env.PATH}`, JOB_COMPLETION_INDEX: index, TMPDIR: dir }, encoding: "utf8", timeout: 10000,
    });
  }

  test("passes with EFA selected and busbw above 200 GB/s", () => {
    const r = runFabric("NCCL INFO NET/OFI Selected provider is efa, fabric is efa (found 32 nics)\n# Avg bus bandwidth    : 312.40");
    expect(r.stdout).toContain('CHECK RESULT: {"check":"fabric","busBandwidthGBps":312.40,"minBusBandwidthGBps":200,"worldSize":16}');
    expect(r.status).toBe(0);
  });

  test("fails on a silent fallback to TCP sockets", () => {
    const r = runFabric("NCCL INFO NET/Socket : Using [0]eth0:10.0.0.5<0>\nNCCL INFO Using network Socket\n# Avg bus bandwidth    : 9.80");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("CHECK FAILED: fabric: NCCL fell back to TCP sockets; expected aws-ofi-nccl over EFA (libfabric provider efa)");
  });

  test("fails when the bus bandwidth is below the threshold", () => {
    const r = runFabric("NCCL INFO NET/OFI Selected provider is efa\n# Avg bus bandwidth    : 150.00");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("CHECK FAILED: fabric: bus bandwidth 150.00 GB/s is below 200 GB/s (3200 Gbps / 8 × 0.5 = 200 GB/s)");
  });

  test("fails when no transport line names the fabric", () => {
    const r = runFabric("NCCL INFO something else\n# Avg bus bandwidth    : 300", "1");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("CHECK FAILED: fabric: NCCL did not select aws-ofi-nccl over EFA (libfabric provider efa)");
  });

  test("the EFA preamble stops the check when the image has no aws-ofi-nccl, and the log says CHECK FAILED", () => {
    const r = runFabric("NCCL INFO NET/OFI Selected provider is efa\n# Avg bus bandwidth    : 312.40", "0", (dir) => awsOfiNcclPreamble([join(dir, "none")]));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(NO_NCCL_PLUGIN_MESSAGE);
    expect(r.stdout).toContain("CHECK FAILED: fabric: the fabric setup stopped the check");
    expect(r.stdout).not.toContain("CHECK RESULT");
  });

  test("with the plugin in the image the preamble selects it and the check runs on", () => {
    const r = runFabric("NCCL INFO NET/OFI Selected provider is efa\n# Avg bus bandwidth    : 312.40", "0", (dir) => {
      writeFileSync(join(dir, "libnccl-net-ofi.so"), "");
      return [...awsOfiNcclPreamble([dir]), 'echo "plugin=$NCCL_NET_PLUGIN"'];
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/plugin=\/.*\/libnccl-net-ofi\.so/);
    expect(r.stdout).not.toContain("CHECK FAILED");
  });

  test("workers (index > 0) check the transport but not the bandwidth", () => {
    const r = runFabric("NCCL INFO Using network AWS Libfabric", "1");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("fabric check passed on node 1");
  });
});
