// Scripts that run in pods live as files beside the code that ships them (lib/**/scripts/), are
// read at load, packaged (npm pack lists them under dist/lib) and found by compiled JavaScript.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DRAIN_MARKER, DRAIN_POLL_SECONDS } from "../../lib/serving/plan-drain";
import { DRAIN_PY, STAGE_DOWNLOAD_PY } from "../../lib/serving/pod-scripts";
import { CONFIG_DIR, FABRIC_ENV_KEY, FABRIC_RANK_SCRIPT, KUBEXEC_SCRIPT } from "../../lib/serving/launch-scripts";
import { SERVER_CONTAINER } from "../../lib/serving/constants";
import { ALL_REDUCE_PY, FABRIC_CHECK_SH, FAILURE_PREFIX, LOAD_PROBE_PY, RESULT_PREFIX, SERVING_CHECK_PY } from "../../lib/verification/scripts";

const ROOT = join(__dirname, "..", "..");
const SCRIPTS = [
  "lib/serving/scripts/drain.py", "lib/serving/scripts/stage_download.py", "lib/serving/scripts/kubexec.sh", "lib/serving/scripts/fabric-rank.sh",
  "lib/verification/scripts/all_reduce.py", "lib/verification/scripts/serving_check.py", "lib/verification/scripts/load_probe.py",
  "lib/verification/scripts/fabric_check.sh",
];
const CONSTANTS = [DRAIN_PY, STAGE_DOWNLOAD_PY, KUBEXEC_SCRIPT, FABRIC_RANK_SCRIPT, ALL_REDUCE_PY, SERVING_CHECK_PY, LOAD_PROBE_PY, FABRIC_CHECK_SH];

describe("pod scripts as files", () => {
  test("the constants are the files' contents", () => {
    expect(CONSTANTS).toEqual(SCRIPTS.map((f) => readFileSync(join(ROOT, f), "utf8")));
  });

  test("the names written in the files are the code's: server container, ConfigMap path, check line prefixes", () => {
    expect(KUBEXEC_SCRIPT).toContain(`exec /opt/kube/kubectl exec "$pod" -c ${SERVER_CONTAINER} -- `);
    expect(FABRIC_RANK_SCRIPT).toContain(`. ${CONFIG_DIR}/${FABRIC_ENV_KEY}\n`);
    for (const check of [SERVING_CHECK_PY, LOAD_PROBE_PY, FABRIC_CHECK_SH]) {
      expect(check).toContain(`${FAILURE_PREFIX} `);
      expect(check).toContain(`${RESULT_PREFIX} `);
      // No other spelling of the prefixes.
      expect(check.match(/CHECK [A-Z]+:/g)!.every((p) => p === FAILURE_PREFIX || p === RESULT_PREFIX)).toBe(true);
    }
  });

  test("drain.py's defaults are the plan's marker and poll interval", () => {
    expect(DRAIN_PY).toContain(`marker = os.environ.get("DRAIN_MARKER", ${JSON.stringify(DRAIN_MARKER)})`);
    expect(DRAIN_PY).toContain(`poll = float(os.environ.get("DRAIN_POLL_SECONDS", "${DRAIN_POLL_SECONDS}"))`);
  });

  test("npm pack ships every script file under dist/lib (npm run build copies them beside the JavaScript)", () => {
    const copied = execFileSync(process.execPath, [join(ROOT, "scripts", "copy-assets.js")], { cwd: ROOT, encoding: "utf8" });
    expect(copied).toContain(`copied ${SCRIPTS.length} pod script(s)`);
    const pack = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" }));
    const listed = (pack[0].files as { path: string }[]).map((f) => f.path);
    expect(listed).toEqual(expect.arrayContaining(SCRIPTS.map((f) => `dist/${f}`)));
    expect(listed.filter((p) => /\/scripts\/[^/]+\.(py|sh)$/.test(p)).sort()).toEqual(SCRIPTS.map((f) => `dist/${f}`).sort());
  });

  test("compiled JavaScript (the synth build) reads the scripts from beside itself", () => {
    execFileSync(process.execPath, [join(ROOT, "scripts", "synth.js"), "--build-only"], { cwd: ROOT });
    const out = join(ROOT, ".cache", "synth", "lib", "serving", "pod-scripts.js");
    const compiled = execFileSync(process.execPath, ["-e", `process.stdout.write(require(${JSON.stringify(out)}).DRAIN_PY)`], { encoding: "utf8" });
    expect(compiled).toBe(DRAIN_PY);
  });
});
