import { planDeployment } from "../../lib/plan/index";
import { EMPTY_DIR_HEADROOM, planModelCache } from "../../lib/serving/plan-model-cache";
import { modelCacheVolume, stageInitContainer } from "../../lib/serving/model-cache";
import { serverPodSpec } from "../../lib/serving/server-pod";
import { stagingJob } from "../../lib/serving/staging";
import { NODE_MODEL_CACHE_DIR } from "../../lib/clouds/aws/plan-aws-gpu-nodes";
import { targetFor } from "./helpers";

/**
 * Issue 15: where the checkpoint sits on a GPU node (hostPath on EKS, an emptyDir sized to the
 * checkpoint on GKE) and the bucket tool that moves it (s5cmd / gcloud storage, its commands and
 * image) are planModelCache's; the builders used to branch on the target's cloud and compute the
 * size themselves. The builders are handed edited plans: the edits must be what they write.
 */
type Json = Record<string, any>;
const aws = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1" });
const gcp = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "us-central1" });

describe("planModelCache decides the cache and the bucket tool per cloud", () => {
  test("EKS: the GPU nodes' NVMe RAID0 (the cluster's path when it names one), s5cmd", () => {
    const planned = planModelCache(aws, targetFor("aws"));
    expect(planned.volume).toEqual({ kind: "hostPath", path: NODE_MODEL_CACHE_DIR });
    expect(planModelCache(aws, { cloud: "aws", nodeModelCachePath: "/mnt/other" }).volume).toEqual({ kind: "hostPath", path: "/mnt/other" });
    expect(planned.tool.image).toMatch(/s5cmd/);
    expect(planned.tool.download).toMatch(/^s5cmd --numworkers \d+ cp "\$CHECKPOINT_URL\/\*" "\$CHECKPOINT_DIR\/"$/);
    expect(planned.tool.downloadEnv).toEqual([]);
  });

  test("GKE: an emptyDir of the checkpoint's size and a fifth more, gcloud storage", () => {
    const planned = planModelCache(gcp, targetFor("gcp"));
    expect(planned.volume).toEqual({ kind: "emptyDir", sizeLimit: `${Math.ceil(gcp.checkpointSizeGB * EMPTY_DIR_HEADROOM)}G` });
    expect(planned.tool.image).toMatch(/google-cloud-cli/);
    expect(planned.tool.upload).toMatch(/^gcloud storage rsync/);
  });

  test("the servers and the staging Job write what is planned", () => {
    const planned = planModelCache(gcp, targetFor("gcp"));
    const pod = serverPodSpec(gcp, targetFor("gcp"), "single") as Json;
    expect(pod.volumes).toContainEqual({ name: "model-cache", emptyDir: { sizeLimit: (planned.volume as { sizeLimit: string }).sizeLimit } });
    expect(pod.initContainers[0].image).toBe(planned.tool.image);
    const job = stagingJob(gcp, targetFor("gcp")) as Json;
    expect(job.spec.template.spec.containers[0].command[2]).toContain(planned.tool.upload);
    expect(job.spec.template.spec.initContainers[0].command[2]).toContain(planned.tool.markerExists);
  });
});

describe("the builders write an edited plan as edited", () => {
  test("the volume: a planted hostPath and a planted emptyDir size", () => {
    expect(modelCacheVolume({ kind: "hostPath", path: "/planted" })).toEqual({ name: "model-cache", hostPath: { path: "/planted", type: "DirectoryOrCreate" } });
    expect(modelCacheVolume({ kind: "emptyDir", sizeLimit: "7G" })).toEqual({ name: "model-cache", emptyDir: { sizeLimit: "7G" } });
  });

  test("the init container: a planted tool's image, commands and environment (on either cloud's target)", () => {
    const tool = { image: "planted/tool:1", markerExists: "planted-exists", download: "planted-download", upload: "u", mark: "m", downloadEnv: [{ name: "PLANTED", value: "1" }] };
    const c = stageInitContainer(aws, targetFor("aws"), tool) as Json;
    expect(c.image).toBe("planted/tool:1");
    expect(c.command[2]).toContain("until planted-exists >/dev/null 2>&1");
    expect(c.command[2]).toContain("  planted-download\n");
    expect(c.command[2]).not.toMatch(/s5cmd|gcloud/);
    expect(c.env).toContainEqual({ name: "PLANTED", value: "1" });
  });
});

describe("staging's budget and release are planStaging's", () => {
  const { planStaging, STAGING_HELM_MARGIN_SECONDS } = require("../../lib/serving/plan-staging") as typeof import("../../lib/serving/plan-staging");
  const { ModelStaging } = require("../../lib/serving/model-staging") as typeof import("../../lib/serving/model-staging");
  const { Testing } = require("cdktf") as typeof import("cdktf");

  test("planned: Helm waits the Job's budget plus the margin, in the serving namespace", () => {
    const s = planStaging(aws);
    expect(s.release).toEqual({ name: "deepseek-model-staging", namespace: "deepseek", timeoutSeconds: s.budgetSeconds + STAGING_HELM_MARGIN_SECONDS });
    expect((stagingJob(aws, targetFor("aws")) as Json).spec.activeDeadlineSeconds).toBe(s.budgetSeconds);
  });

  test("an edited plan is written as edited: the Job's deadline, the release's name, namespace and Helm wait", () => {
    const planned = { ...planStaging(aws), budgetSeconds: 1234, release: { name: "planted-staging", namespace: "planted-ns", timeoutSeconds: 4321 } };
    const out = JSON.parse(Testing.synthScope((s) => { new ModelStaging(s, "staging", { plan: aws, target: targetFor("aws"), planned }); })) as Json;
    const release = Object.values(out.resource.helm_release as Json)[0] as Json;
    expect(release).toMatchObject({ name: "planted-staging", namespace: "planted-ns", timeout: 4321 });
    expect(JSON.stringify(release.values)).toContain('\\\\\\"activeDeadlineSeconds\\\\\\":1234');
  });
});
