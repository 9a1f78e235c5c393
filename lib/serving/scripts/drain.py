import json, os, re, sys, time, urllib.error, urllib.request

port, settle, budget = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
base = "http://127.0.0.1:%d" % port
marker = os.environ.get("DRAIN_MARKER", "/tmp/trtllm-draining")
poll = float(os.environ.get("DRAIN_POLL_SECONDS", "5"))
first = not os.path.exists(marker)
open(marker, "a").close()
start = time.time()
if first:
    print("drain: readiness now fails; waiting %d s for routers to drop this pod" % settle, flush=True)
    time.sleep(settle)

def get(path):
    with urllib.request.urlopen(base + path, timeout=5) as r:
        return r.read().decode("utf-8", "replace")

def in_flight():
    try:
        text = get("/prometheus/metrics")
        total, seen = 0.0, False
        for line in text.splitlines():
            m = re.match(r"^(?:trtllm_)?(num_active_requests|server_queue_length)(?:\{[^}]*\})?\s+([0-9.eE+-]+)", line)
            if m:
                total += float(m.group(2)); seen = m.group(1) == "num_active_requests" or seen
        if seen:
            return int(total)
    except urllib.error.HTTPError:
        pass
    stats = json.loads(get("/metrics") or "[]")
    if isinstance(stats, dict):
        stats = [stats]
    if not stats:
        return 0
    last = stats[-1]
    return int(last.get("numActiveRequests", 0)) + int(last.get("numQueuedRequests", 0))

deadline = start + budget
while True:
    try:
        n = in_flight()
    except Exception as e:
        print("drain: server not answering (%s); nothing left to drain" % e, flush=True)
        sys.exit(0)
    if n <= 0:
        print("drain: no active requests after %d s; stopping" % (time.time() - start), flush=True)
        sys.exit(0)
    if time.time() >= deadline:
        print("drain: %d requests still active after %d s; stopping anyway" % (n, budget), flush=True)
        sys.exit(0)
    print("drain: %d requests active" % n, flush=True)
    time.sleep(poll)
