import { readFileSync } from "node:fs";
import { join } from "node:path";
import { TRTLLM_METRIC_SETS } from "../../lib/catalog/trtllm-metrics";

/**
 * The metric names each TensorRT-LLM line is said to export, against the vendored names of stored
 * versions of NVIDIA/TensorRT-LLM tensorrt_llm/metrics/collector.py
 * (test/fixtures/nvidia/tensorrt_llm/metrics/collector.versions.json).
 */
const collector = JSON.parse(readFileSync(join(__dirname, "..", "fixtures", "nvidia", "tensorrt_llm", "metrics", "collector.versions.json"), "utf8")) as {
  versions: { commit: string | null; indexId: string; names: string[] }[];
};
const byId = (id: string) => collector.versions.find((v) => v.indexId === id)!.names;
const missing = (wanted: readonly string[], names: readonly string[]) => wanted.filter((n) => !names.includes(n));

describe("TensorRT-LLM metric sets against the vendored collector versions", () => {
  test("1.2 line: every name it claims is in every stored collector version, the earliest (Feb 2026) to main", () => {
    // Not read at v1.2.1; a name present from the earliest stored version to main is present at the tag
    // whichever of them release/1.2 carries (the core set also predates 1.2: PR #5785).
    for (const v of collector.versions) expect([v.indexId, missing(TRTLLM_METRIC_SETS["1.2"].exported, v.names)]).toEqual([v.indexId, []]);
    // And it claims no load or KV gauge: those came with PRs #11243 / #12545 on main.
    expect(TRTLLM_METRIC_SETS["1.2"].load.kind).toBe("littles-law");
    expect(TRTLLM_METRIC_SETS["1.2"]).not.toHaveProperty("kvCacheUtilization");
  });

  test("1.3 line: the exported set is main's collector @050f80de, name for name", () => {
    const main = collector.versions.find((v) => v.commit === "050f80def8df236e326949c8bd9dee10fd896a83")!.names;
    expect([...TRTLLM_METRIC_SETS["1.3"].exported].sort()).toEqual([...main].sort());
  });

  test("1.3 line: the names autoscaling and the endpoint picker read are in the version that introduced the load gauges and in main", () => {
    const set = TRTLLM_METRIC_SETS["1.3"];
    const read = [set.load.kind === "gauges" ? set.load.running : "", set.load.kind === "gauges" ? set.load.waiting : "", set.kvCacheUtilization, set.timeToFirstToken];
    expect(read).toEqual(["trtllm_num_requests_running", "trtllm_num_requests_waiting", "trtllm_kv_cache_utilization", "trtllm_time_to_first_token_seconds"]);
    for (const id of ["51768800280", "68393172189"]) expect(missing(read as string[], byId(id))).toEqual([]);
    // The names of some 2026 builds, dropped upstream (PR #12636), are in no stored version.
    for (const v of collector.versions) expect(v.names.filter((n) => ["trtllm_num_active_requests", "trtllm_server_queue_length"].includes(n))).toEqual([]);
  });
});
