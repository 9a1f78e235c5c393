// The package's entry points (package.json "exports": ".", "./aws", "./gcp") export constructs,
// plan functions, plan and props types, DeepSeekConfigError and the catalog; renderers, pod
// scripts and their constants stay internal (tests import them by path).
import * as root from "../../lib";
import * as aws from "../../lib/aws";
import * as gcp from "../../lib/gcp";

const MAX_RUNTIME_NAMES = 150;
const names = (entry: object) => Object.keys(entry).sort();

describe("public entry points", () => {
  test.each([["cdktf-deepseek", root], ["cdktf-deepseek/aws", aws], ["cdktf-deepseek/gcp", gcp]])("%s exports at most 150 runtime names", (_, entry) => {
    expect(names(entry).length).toBeGreaterThan(40);
    expect(names(entry).length).toBeLessThanOrEqual(MAX_RUNTIME_NAMES);
  });

  test("the root exports the constructs, plan functions, error and catalog a consumer needs", () => {
    for (const name of [
      "DeepSeekApp", "DeepSeekCluster", "GpuNodePool", "DeepSeekServing", "ServingNamespace", "GlobalEndpoint", "ClusterProviders", "MultiNodeInference", "InferenceGateway", "DeploymentChecks",
      "planCluster", "planDeployment", "planTraffic", "planAutoscaling", "planVerification", "planGlobalEndpoint", "planDrain",
      "DeepSeekConfigError", "MODELS", "GPUS", "NODE_TYPES", "JURISDICTIONS", "RUNTIME_RECIPES", "HELM_CHARTS",
    ]) expect(names(root)).toContain(name);
  });

  test("renderers, pod scripts and their constants are not API", () => {
    for (const name of ["DRAIN_PY", "ManifestBundle", "servingObjects", "servingBaseObjects", "renderLlmApiOptions", "fabricCheckScript", "trafficObjects", "diffStacks", "runReviewCli"]) {
      expect(names(root)).not.toContain(name);
      expect(names(aws)).not.toContain(name);
      expect(names(gcp)).not.toContain(name);
    }
  });

  test("each cloud entry adds its own constructs and plan functions and not the other cloud's", () => {
    expect(names(aws)).toEqual(expect.arrayContaining(["EksInfra", "EksGpuNodePool", "planEksInfra", "planGpuNodeGroup", "planEfaInterfaces", ...names(root)]));
    expect(names(gcp)).toEqual(expect.arrayContaining(["GkeInfra", "GkeGpuNodePool", "planGkeNodePool", "planGkeNetworks", ...names(root)]));
    expect(names(aws).filter((n) => n.startsWith("Gke"))).toEqual([]);
    expect(names(gcp).filter((n) => n.startsWith("Eks"))).toEqual([]);
  });
});
