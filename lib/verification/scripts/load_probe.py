# The load probe (lib/verification/objects.ts runs it with `python3 -c`): streamed requests at a
# fixed concurrency; reports, fails only on errors. Its numbers come from the environment, as
# planVerification decided them: PROBE_INPUT_TOKENS, PROBE_OUTPUT_TOKENS, PROBE_REQUESTS,
# PROBE_CONCURRENCY, PROBE_EXPECTED (JSON, reported beside the measurement); and ENDPOINT_URL,
# API_KEY, MODEL. Lines start with "CHECK FAILED:" / "CHECK RESULT:" (scripts.ts prefixes).
import json, os, sys, threading, time, urllib.request

INPUT_TOKENS = int(os.environ["PROBE_INPUT_TOKENS"])
OUTPUT_TOKENS = int(os.environ["PROBE_OUTPUT_TOKENS"])
REQUESTS = int(os.environ["PROBE_REQUESTS"])
CONCURRENCY = int(os.environ["PROBE_CONCURRENCY"])

endpoint = os.environ["ENDPOINT_URL"].rstrip("/")
prompt = " ".join(["hello"] * INPUT_TOKENS)
body = json.dumps({"model": os.environ["MODEL"], "messages": [{"role": "user", "content": prompt}],
                   "max_tokens": OUTPUT_TOKENS, "min_tokens": OUTPUT_TOKENS, "ignore_eos": True, "stream": True}).encode()
results, errors, lock = [], [], threading.Lock()
counter = iter(range(REQUESTS))

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
threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
for t in threads: t.start()
for t in threads: t.join()
wall = time.time() - t0
if not results:
    print("CHECK FAILED: loadProbe: every request failed: %s" % errors[:3], flush=True)
    sys.exit(1)
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(round(p / 100.0 * (len(v) - 1))))]
ttfts = [r["ttft"] for r in results]
report = {"check": "loadProbe", "concurrency": CONCURRENCY, "requests": REQUESTS, "errors": len(errors),
          "ttftP50Seconds": round(pct(ttfts, 50), 3), "ttftP90Seconds": round(pct(ttfts, 90), 3),
          "interTokenLatencySeconds": round(sum(r["itl"] for r in results) / len(results), 4),
          "outputTokensPerSecond": round(sum(r["tokens"] for r in results) / wall, 1),
          "outputTokensPerSecondPerUser": round(sum(r["perUser"] for r in results) / len(results), 1),
          "expected": json.loads(os.environ["PROBE_EXPECTED"])}
print("CHECK RESULT: " + json.dumps(report), flush=True)
if errors:
    print("CHECK FAILED: loadProbe: %d of %d requests failed: %s" % (len(errors), REQUESTS, errors[:3]), flush=True)
    sys.exit(1)
