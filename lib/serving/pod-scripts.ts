import { podScript } from "../internal/pod-script";

/**
 * lib/serving/scripts/drain.py (numbers from plan-drain.ts).
 * Python run by the preStop hook (and by the multi-node leader's TERM trap). Usage:
 * `python3 drain.py <port> <endpointRemovalSeconds> <drainBudgetSeconds>`.
 * 1. creates {@link DRAIN_MARKER} (readiness fails: no new work) and, the first time, waits the
 *    endpoint-removal delay;
 * 2. polls `/prometheus/metrics` for `[trtllm_]num_active_requests` (+ `[trtllm_]server_queue_length`),
 *    falling back to the `/metrics` JSON (`numActiveRequests` + `numQueuedRequests` of the last
 *    iteration; no iteration means idle), every {@link DRAIN_POLL_SECONDS} s until 0;
 * 3. gives up at the budget. A server that no longer answers has nothing left to drain.
 * Always exits 0: a failed hook must not skip the grace period.
 */
export const DRAIN_PY = podScript(__dirname, "drain.py");
/**
 * lib/serving/scripts/stage_download.py (inputs checked in plan-checkpoint.ts).
 * The staging Job's download, in Python with huggingface_hub (the TensorRT-LLM image carries it):
 * resolve the revision to its commit from the Hub's metadata for that revision
 * (`HfApi.model_info(repo, revision, files_metadata=True)`: `sha`, and per file `rfilename`,
 * `size` and, for LFS files, `lfs.sha256`; huggingface/huggingface_hub `src/huggingface_hub/hf_api.py`
 * `RepoSibling`, `BlobLfsInfo`), download exactly that commit (`snapshot_download`), then verify
 * the directory against the metadata: the same file list, every size, and every LFS file's SHA-256.
 * A pinned revision that resolves to another commit is refused. On success it writes `.complete`
 * and the commit to `/state/commit`, which the upload step stores as the staged marker's content.
 * Inputs come from the environment only.
 */
export const STAGE_DOWNLOAD_PY = podScript(__dirname, "stage_download.py");
