import { podScript } from "../internal/pod-script";
import type { FabricCheckPlan, LoadProbePlan, ServingCheckPlan } from "./plan-verification";

/** Prefix of every failure line, so `kubectl logs` and the review can grep one string. */
export const FAILURE_PREFIX = "CHECK FAILED:";
/** Prefix of the JSON result line each check prints. */
export const RESULT_PREFIX = "CHECK RESULT:";

/** Single-quotes a string for POSIX sh. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/**
 * All-reduce benchmark run by torchrun on every node, in the serving image (same NCCL and network
 * plugin the servers load). Prints the nccl-tests style line `# Avg bus bandwidth : <GB/s>` on rank 0.
 * busbw = algbw × 2(n−1)/n, the nccl-tests definition for all-reduce.
 */
export const ALL_REDUCE_PY = podScript(__dirname, "all_reduce.py");

/** Bash run by each fabric check pod. Exits non-zero on a wrong transport or a low bus bandwidth. */
export function fabricCheckScript(f: FabricCheckPlan, masterAddr: string, preamble: readonly string[]): string {
  return [
    // The fabric preamble first (lib/fabric/plan-pod-fabric.ts: library path, NCCL plugin, Google's
    // NCCL profile), exactly as the servers' ranks source it; profiles may read unset variables.
    // If it stops the check (no NCCL plugin in the image), the log still says CHECK FAILED.
    ...(preamble.length ? [`trap 'echo "${FAILURE_PREFIX} fabric: the fabric setup stopped the check (see the line above)"' EXIT`, ...preamble, "trap - EXIT"] : []),
    "set -u",
    "export NCCL_DEBUG=INFO NCCL_DEBUG_SUBSYS=INIT,NET",
    `export MESSAGE_BYTES=${f.messageBytes}`,
    'WORK="${TMPDIR:-/tmp}"',
    "cat > \"$WORK/allreduce.py\" <<'PY'",
    ALL_REDUCE_PY.trimEnd(),
    "PY",
    `fail() { echo "${FAILURE_PREFIX} fabric: $*"; exit 1; }`,
    'LOG="$WORK/nccl.log"',
    `torchrun --nnodes=${f.nodes} --nproc-per-node=${f.gpusPerNode} --node-rank="$JOB_COMPLETION_INDEX" --master-addr=${masterAddr} --master-port=29500 "$WORK/allreduce.py" 2>&1 | tee "$LOG"`,
    'rc=${PIPESTATUS[0]}',
    '[ "$rc" -eq 0 ] || fail "all-reduce across the nodes exited with $rc (see the NCCL log above)"',
    `if grep -Eq ${shQuote(f.transport.fallbackLogPattern)} "$LOG"; then fail ${shQuote(`NCCL fell back to TCP sockets; expected ${f.transport.description}`)}; fi`,
    `grep -Eq ${shQuote(f.transport.expectedLogPattern)} "$LOG" || fail ${shQuote(`NCCL did not select ${f.transport.description} (no log line matching ${f.transport.expectedLogPattern})`)}`,
    'if [ "$JOB_COMPLETION_INDEX" = "0" ]; then',
    `  busbw=$(awk '/# Avg bus bandwidth/ {print $NF}' "$LOG" | tail -n 1)`,
    '  [ -n "$busbw" ] || fail "no bus bandwidth reported"',
    `  awk -v b="$busbw" -v m=${f.minBusBandwidthGBps} 'BEGIN { exit !(b + 0 >= m + 0) }' || fail "bus bandwidth $busbw GB/s is below ${f.minBusBandwidthGBps} GB/s (${f.thresholdFormula})"`,
    `  echo "${RESULT_PREFIX} {\\"check\\":\\"fabric\\",\\"busBandwidthGBps\\":$busbw,\\"minBusBandwidthGBps\\":${f.minBusBandwidthGBps},\\"worldSize\\":${f.worldSize}}"`,
    "fi",
    'echo "fabric check passed on node $JOB_COMPLETION_INDEX"',
  ].join("\n");
}

/**
 * Python run by the serving check. Reads SERVICE_URL, ENDPOINT_URL, API_KEY, MODEL from the
 * environment, and optionally GATEWAY_URL (`https://<in-cluster gateway Service>:<port>`, or
 * `http://` when a load balancer terminates TLS) with GATEWAY_SNI (the public hostname).
 *
 * With GATEWAY_URL the chat completion and the unauthenticated request go to the gateway's
 * in-cluster Service, with TLS SNI and Host = GATEWAY_SNI (Envoy picks the HTTPS listener by SNI and
 * the route by Host). The public name need not resolve yet (the global DNS stack comes later) and
 * the certificate is NOT verified: on a first deploy cert-manager may not have issued it yet (ACME
 * needs the public DNS). Clients and the Route 53 health checks verify TLS on the public name; this
 * check proves the route, the auth and the servers. The chat completion is retried with backoff
 * (2 s doubling to gatewayMaxBackoffSeconds) for gatewayWaitSeconds while the gateway comes up.
 */
export function servingCheckScript(s: ServingCheckPlan): string {
  const refusals = s.refusalStatuses.join(", ");
  const refusalsText = refusals.replace(", ", " or ");
  return `import http.client, json, os, socket, ssl, sys, time, urllib.error, urllib.parse, urllib.request

def auth_header():
    # The gateway's key store holds whole header values ("Bearer <key>"); accept a bare key too.
    key = os.environ["API_KEY"].strip()
    return key if key.startswith("Bearer ") else "Bearer " + key

def fail(msg):
    print("${FAILURE_PREFIX} serving: " + msg, flush=True)
    sys.exit(1)

svc = os.environ["SERVICE_URL"]
gateway = os.environ.get("GATEWAY_URL", "").rstrip("/")
sni = os.environ.get("GATEWAY_SNI", "")
endpoint = gateway or os.environ["ENDPOINT_URL"].rstrip("/")
target = ("%s (SNI %s)" % (gateway, sni)) if gateway else endpoint
deadline = time.time() + ${s.readyWaitSeconds}
last = ""
while True:
    try:
        with urllib.request.urlopen(svc + "/health", timeout=10) as r:
            if r.status == 200:
                break
            last = "HTTP %d" % r.status
    except Exception as e:
        last = str(e)
    if time.time() > deadline:
        fail("%s/health not ready after ${s.readyWaitSeconds} s (%s)" % (svc, last))
    time.sleep(10)

try:
    with urllib.request.urlopen(svc + "/health_generate", timeout=600) as r:
        if r.status != 200:
            fail("/health_generate returned HTTP %d" % r.status)
except urllib.error.HTTPError as e:
    fail("/health_generate returned HTTP %d" % e.code)
except Exception as e:
    fail("/health_generate failed: %s" % e)

body = json.dumps({
    "model": os.environ["MODEL"],
    "messages": [{"role": "user", "content": "What is 2 + 2? Answer in one short sentence."}],
    "max_tokens": ${s.maxTokens},
    "stream": True,
    "stream_options": {"include_usage": True},
}).encode()

class SniHTTPSConnection(http.client.HTTPSConnection):
    """Connects to the Service address but names the public host in the TLS handshake."""
    def connect(self):
        sock = socket.create_connection((self.host, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=sni)

def post(headers, timeout):
    """POST the chat completion; returns (status, response). The response iterates over lines."""
    headers = dict({"Content-Type": "application/json"}, **headers)
    if gateway:
        u = urllib.parse.urlsplit(gateway)
        headers["Host"] = sni
        if u.scheme == "https":
            # Not verified on purpose: the certificate may not be issued yet (see the check's docs).
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            conn = SniHTTPSConnection(u.hostname, u.port or 443, timeout=timeout, context=ctx)
        else:
            conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=timeout)
        conn.request("POST", "/v1/chat/completions", body=body, headers=headers)
        r = conn.getresponse()
        return r.status, r
    req = urllib.request.Request(endpoint + "/v1/chat/completions", data=body, method="POST", headers=headers)
    try:
        r = urllib.request.urlopen(req, timeout=timeout)
        return r.status, r
    except urllib.error.HTTPError as e:
        return e.code, e

# The gateway may still be coming up (listener, route, API-key Secret): retry with backoff.
wait_deadline = time.time() + ${s.gatewayWaitSeconds}
backoff = min(2, ${s.gatewayMaxBackoffSeconds})
attempt = 0
while True:
    attempt += 1
    start = time.time()
    try:
        status, r = post({"Authorization": auth_header()}, 600)
        if status == 200:
            break
        last = "HTTP %d" % status
        r.close()
    except Exception as e:
        last = "%s: %s" % (type(e).__name__, e)
    if time.time() + backoff > wait_deadline:
        fail("chat completion through %s did not succeed within ${s.gatewayWaitSeconds} s (%d attempts; last: %s)" % (target, attempt, last))
    print("gateway not ready (%s); retrying in %d s" % (last, backoff), flush=True)
    time.sleep(backoff)
    backoff = min(backoff * 2, ${s.gatewayMaxBackoffSeconds})

first = None
pieces = 0
text = ""
usage = None
done = False
try:
    for raw in r:
        line = raw.decode("utf-8", "replace").strip()
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            done = True
            break
        event = json.loads(data)
        if event.get("usage"):
            usage = event["usage"]
        for choice in event.get("choices") or []:
            piece = (choice.get("delta") or {}).get("content") or ""
            if piece:
                if first is None:
                    first = time.time()
                pieces += 1
                text += piece
    r.close()
except Exception as e:
    fail("chat completion through %s failed: %s" % (target, e))
end = time.time()
if not done or first is None or not text.strip():
    fail("the endpoint did not return a valid streamed chat completion (content or [DONE] missing)")
tokens = (usage or {}).get("completion_tokens") or pieces
result = {"check": "serving", "ttftSeconds": round(first - start, 3), "outputTokens": tokens,
          "outputTokensPerSecond": round(tokens / max(end - first, 1e-6), 1), "answer": text[:200]}
print("${RESULT_PREFIX} " + json.dumps(result), flush=True)

try:
    status, r = post({}, 60)
    r.close()
except Exception as e:
    fail("the request without an API key failed without an HTTP refusal: %s" % e)
if status == 200:
    fail("the endpoint served a request without an API key (HTTP %d); it must refuse it with ${refusalsText}" % status)
if status not in (${refusals},):
    fail("a request without an API key got HTTP %d; expected ${refusalsText}" % status)
print("unauthenticated request refused; serving check passed", flush=True)
`;
}

/** Python run by the load probe: streamed requests at a fixed concurrency; reports, fails only on errors. */
export function loadProbeScript(l: LoadProbePlan): string {
  return `import json, os, sys, threading, time, urllib.request

endpoint = os.environ["ENDPOINT_URL"].rstrip("/")
prompt = " ".join(["hello"] * ${l.inputTokens})
body = json.dumps({"model": os.environ["MODEL"], "messages": [{"role": "user", "content": prompt}],
                   "max_tokens": ${l.outputTokens}, "min_tokens": ${l.outputTokens}, "ignore_eos": True, "stream": True}).encode()
results, errors, lock = [], [], threading.Lock()
counter = iter(range(${l.requests}))

def auth_header():
    # The gateway's key store holds whole header values ("Bearer <key>"); accept a bare key too.
    key = os.environ["API_KEY"].strip()
    return key if key.startswith("Bearer ") else "Bearer " + key

def one():
    start = time.time(); stamps = []
    req = urllib.request.Request(endpoint + "/v1/chat/completions", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": auth_header()})
    with urllib.request.urlopen(req, timeout=900) as r:
        for raw in r:
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("data:") and line[5:].strip() not in ("", "[DONE]"):
                ev = json.loads(line[5:])
                if any((c.get("delta") or {}).get("content") for c in ev.get("choices") or []):
                    stamps.append(time.time())
    if not stamps:
        raise RuntimeError("no tokens")
    itl = [b - a for a, b in zip(stamps, stamps[1:])]
    decode = max(stamps[-1] - stamps[0], 1e-6)
    return {"ttft": stamps[0] - start, "itl": sum(itl) / len(itl) if itl else 0.0, "tokens": len(stamps),
            "perUser": (len(stamps) - 1) / decode if len(stamps) > 1 else 0.0}

def worker():
    while True:
        with lock:
            i = next(counter, None)
        if i is None:
            return
        try:
            r = one()
            with lock: results.append(r)
        except Exception as e:
            with lock: errors.append(str(e))

t0 = time.time()
threads = [threading.Thread(target=worker) for _ in range(${l.concurrency})]
for t in threads: t.start()
for t in threads: t.join()
wall = time.time() - t0
if not results:
    print("${FAILURE_PREFIX} loadProbe: every request failed: %s" % errors[:3], flush=True)
    sys.exit(1)
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]
ttfts = [r["ttft"] for r in results]
report = {"check": "loadProbe", "concurrency": ${l.concurrency}, "requests": ${l.requests}, "errors": len(errors),
          "ttftP50Seconds": round(pct(ttfts, 50), 3), "ttftP90Seconds": round(pct(ttfts, 90), 3),
          "interTokenLatencySeconds": round(sum(r["itl"] for r in results) / len(results), 4),
          "outputTokensPerSecond": round(sum(r["tokens"] for r in results) / wall, 1),
          "outputTokensPerSecondPerUser": round(sum(r["perUser"] for r in results) / len(results), 1),
          "expected": json.loads(${JSON.stringify(JSON.stringify(l.expectation))})}
print("${RESULT_PREFIX} " + json.dumps(report), flush=True)
if errors:
    print("${FAILURE_PREFIX} loadProbe: %d of ${l.requests} requests failed: %s" % (len(errors), errors[:3]), flush=True)
    sys.exit(1)
`;
}
