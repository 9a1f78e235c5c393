import hashlib, os, re, sys
from concurrent.futures import ThreadPoolExecutor
from huggingface_hub import HfApi, snapshot_download

repo, rev, dest = os.environ["CHECKPOINT_REPO"], os.environ["CHECKPOINT_REVISION"], os.environ["CHECKPOINT_DIR"]
state = os.environ.get("STATE_DIR", "/state")
if os.path.exists(os.path.join(state, "skip")):
    print("already staged"); sys.exit(0)
info = HfApi().model_info(repo, revision=rev, files_metadata=True)
commit = info.sha
if re.fullmatch(r"[0-9a-f]{40}", rev) and commit != rev:
    sys.exit(f"revision {rev} of {repo} resolved to commit {commit}: refusing to stage other weights")
print(f"staging {repo} at commit {commit}", flush=True)
snapshot_download(repo_id=repo, revision=commit, local_dir=dest, max_workers=int(os.environ.get("HF_MAX_WORKERS", "16")))
expected = {s.rfilename: s for s in info.siblings}
local = set()
for root, dirs, files in os.walk(dest):
    if os.path.samefile(root, dest):
        dirs[:] = [d for d in dirs if d != ".cache"]
    for f in files:
        local.add(os.path.relpath(os.path.join(root, f), dest))
local.discard(".complete")
problems = [f"missing: {n}" for n in sorted(set(expected) - local)] + [f"not in the revision: {n}" for n in sorted(local - set(expected))]
for name, s in expected.items():
    path = os.path.join(dest, name)
    if s.size is None:
        problems.append(f"no size in the Hub metadata: {name}")
    elif os.path.exists(path) and os.path.getsize(path) != s.size:
        problems.append(f"size of {name}: {os.path.getsize(path)} != {s.size}")
def sha256(name):
    h = hashlib.sha256()
    with open(os.path.join(dest, name), "rb") as f:
        for block in iter(lambda: f.read(1 << 24), b""):
            h.update(block)
    return h.hexdigest()
lfs = [(n, getattr(s.lfs, "sha256", None) or (s.lfs or {}).get("sha256")) for n, s in expected.items() if s.lfs and n in local]
with ThreadPoolExecutor(int(os.environ.get("HASH_WORKERS", "8"))) as pool:
    for (name, want), got in zip(lfs, pool.map(lambda item: sha256(item[0]), lfs)):
        if got != want:
            problems.append(f"sha256 of {name}: {got} != {want}")
if problems:
    print("\n".join(problems[:50]), file=sys.stderr)
    sys.exit(f"{len(problems)} differences between {dest} and {repo}@{commit}")
open(os.path.join(dest, ".complete"), "w").write(commit)
open(os.path.join(state, "commit"), "w").write(commit)
print(f"verified {len(expected)} files ({len(lfs)} by sha256) of {repo}@{commit}")
