import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { planDeployment } from "../../lib";
import { HelmProvider } from "../../lib/internal/providers/helm";
import { TerraformStack, Testing } from "../../lib/internal/tf";
import { ENDPOINT_PICKER_POD_LABELS } from "../../lib/traffic/plan-traffic";
import { INFERENCE_POOL_CRD } from "../../lib/traffic/crds/inferencepool-crd";
import { InferenceGateway, TRAFFIC_CRDS_RELEASE } from "../../lib/traffic";
import { bundledObjects } from "../support/manifests";

const FIXTURE = join(__dirname, "../fixtures/schemas/inference.networking.k8s.io_inferencepools.yaml");
const aws = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1" });
const base = { hostname: "api.example.com" };

describe("InferencePool CRD v1.6.0 as library data", () => {
  test("the fixture is the upstream blob byte for byte and the library object equals it parsed", () => {
    const bytes = readFileSync(FIXTURE);
    const blob = createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
    expect(blob).toBe("99b47edc6726e4ad5a8ec6b91287a1c2acb54246");
    expect(INFERENCE_POOL_CRD).toEqual(parse(readFileSync(FIXTURE, "utf8")));
    expect(INFERENCE_POOL_CRD.metadata.name).toBe("inferencepools.inference.networking.k8s.io");
  });

  describe("installed before the inferencepool release", () => {
    let stackJson: Record<string, any>;
    let gw: InferenceGateway;
    beforeAll(() => {
      const stack = new TerraformStack(Testing.app(), "serving");
      new HelmProvider(stack, "helm", { kubernetes: { configPath: "~/.kube/config" } });
      gw = new InferenceGateway(stack, "traffic", { plan: aws, traffic: base });
      stackJson = JSON.parse(Testing.synth(stack));
    });
    const releaseKey = (name: string) => Object.entries(stackJson.resource.helm_release as Record<string, { name: string }>).find(([, r]) => r.name === name)?.[0];

    test("its own bundle in namespace default carries exactly the CRD, unchanged", () => {
      const objs = bundledObjects(stackJson, TRAFFIC_CRDS_RELEASE);
      expect(objs.map((o) => o.object)).toEqual([parse(readFileSync(FIXTURE, "utf8"))]);
      expect(stackJson.resource.helm_release[releaseKey(TRAFFIC_CRDS_RELEASE)!].namespace).toBe("default");
      expect(TRAFFIC_CRDS_RELEASE).toBe("deepseek-inference-crds");
      expect(gw.crds.objects).toEqual([INFERENCE_POOL_CRD]);
    });

    test("the inferencepool and envoy-gateway releases depend on it", () => {
      const crdRef = `helm_release.${releaseKey(TRAFFIC_CRDS_RELEASE)}`;
      const pool = stackJson.resource.helm_release[releaseKey("trtllm")!];
      expect(pool.chart).toBe("inferencepool");
      expect(pool.depends_on).toContain(crdRef);
      expect(stackJson.resource.helm_release[releaseKey("envoy-gateway")!].depends_on).toContain(crdRef);
    });

    test("the pool release name gives the EPP pods the exported labels", () => {
      expect(ENDPOINT_PICKER_POD_LABELS).toEqual({ inferencepool: `${stackJson.resource.helm_release[releaseKey("trtllm")!].name}-epp` });
    });
  });
});
