# The serving check (lib/verification/objects.ts runs it with `python3 -c`). Its numbers come from
# the environment, as planVerification decided them (lib/verification/plan-verification.ts):
# CHECK_READY_WAIT_SECONDS, CHECK_MAX_TOKENS, CHECK_GATEWAY_WAIT_SECONDS,
# CHECK_GATEWAY_MAX_BACKOFF_SECONDS, CHECK_REFUSAL_STATUSES (comma-separated HTTP statuses); and
# SERVICE_URL, ENDPOINT_URL, API_KEY, MODEL, optionally GATEWAY_URL with GATEWAY_SNI.
# Lines start with "CHECK FAILED:" / "CHECK RESULT:" (FAILURE_PREFIX / RESULT_PREFIX in scripts.ts).
import http.client, json, os, socket, ssl, sys, time, urllib.error, urllib.parse, urllib.request

READY_WAIT = int(os.environ["CHECK_READY_WAIT_SECONDS"])
MAX_TOKENS = int(os.environ["CHECK_MAX_TOKENS"])
GATEWAY_WAIT = int(os.environ["CHECK_GATEWAY_WAIT_SECONDS"])
MAX_BACKOFF = int(os.environ["CHECK_GATEWAY_MAX_BACKOFF_SECONDS"])
REFUSALS = tuple(int(v) for v in os.environ["CHECK_REFUSAL_STATUSES"].split(","))
REFUSALS_TEXT = ", ".join(str(v) for v in REFUSALS).replace(", ", " or ", 1)

def auth_header():
    # The gateway's key store holds whole header values ("Bearer <key>"); accept a bare key too.
    key = os.environ["API_KEY"].strip()
    return key if key.startswith("Bearer ") else "Bearer " + key

def fail(msg):
    print("CHECK FAILED: serving: " + msg, flush=True)
    sys.exit(1)

svc = os.environ["SERVICE_URL"]
gateway = os.environ.get("GATEWAY_URL", "").rstrip("/")
sni = os.environ.get("GATEWAY_SNI", "")
endpoint = gateway or os.environ["ENDPOINT_URL"].rstrip("/")
target = ("%s (SNI %s)" % (gateway, sni)) if gateway else endpoint
deadline = time.time() + READY_WAIT
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
        fail("%s/health not ready after %d s (%s)" % (svc, READY_WAIT, last))
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
    "max_tokens": MAX_TOKENS,
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
wait_deadline = time.time() + GATEWAY_WAIT
backoff = min(2, MAX_BACKOFF)
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
        fail("chat completion through %s did not succeed within %d s (%d attempts; last: %s)" % (target, GATEWAY_WAIT, attempt, last))
    print("gateway not ready (%s); retrying in %d s" % (last, backoff), flush=True)
    time.sleep(backoff)
    backoff = min(backoff * 2, MAX_BACKOFF)

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
print("CHECK RESULT: " + json.dumps(result), flush=True)

try:
    status, r = post({}, 60)
    r.close()
except Exception as e:
    fail("the request without an API key failed without an HTTP refusal: %s" % e)
if status == 200:
    fail("the endpoint served a request without an API key (HTTP %d); it must refuse it with %s" % (status, REFUSALS_TEXT))
if status not in REFUSALS:
    fail("a request without an API key got HTTP %d; expected %s" % (status, REFUSALS_TEXT))
print("unauthenticated request refused; serving check passed", flush=True)
