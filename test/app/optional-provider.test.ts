import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLOUD_PROVIDER_PACKAGES, CLOUD_PROVIDER_RANGES } from "../../lib/internal/optional-provider";

const pkg = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8"));

/** Node's error for a package that is not installed. */
const notInstalled = (request: string) => Object.assign(new Error(`Cannot find module '${request}'\nRequire stack:\n- x.js`), { code: "MODULE_NOT_FOUND" });

describe("a missing optional provider package", () => {
  afterEach(() => jest.resetModules());

  test("DeepSeekCluster names the package to install (not a raw MODULE_NOT_FOUND)", () => {
    jest.doMock("@cdktf/provider-aws/lib/provider", () => {
      throw notInstalled("@cdktf/provider-aws/lib/provider");
    });
    jest.isolateModules(() => {
      const { DeepSeekApp, DeepSeekCluster, DeepSeekConfigError } = require("../../lib") as typeof import("../../lib");
      const { DEFAULT_CLUSTERS } = require("../../stacks/default-app") as typeof import("../../stacks/default-app");
      let error: unknown;
      try {
        new DeepSeekCluster(new DeepSeekApp(), "us", DEFAULT_CLUSTERS["b200-us"]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DeepSeekConfigError);
      expect((error as Error).message).toBe('us.placements.0.cloud: needs @cdktf/provider-aws, an optional peer dependency of cdktf-deepseek that is not installed (got "aws"); npm install @cdktf/provider-aws@"^21.22.0"');
      // A GCP-only cluster does not need it.
      expect(() => new DeepSeekCluster(new DeepSeekApp(), "eu", DEFAULT_CLUSTERS["h200-eu"])).not.toThrow();
    });
  });

  test("GpuNodePool says the same for Google", () => {
    jest.doMock("@cdktf/provider-google/lib/container-node-pool", () => {
      throw notInstalled("@cdktf/provider-google/lib/container-node-pool");
    });
    jest.isolateModules(() => {
      const { GpuNodePool, planDeployment } = require("../../lib") as typeof import("../../lib");
      const { TerraformStack, Testing } = require("cdktf") as typeof import("cdktf");
      const plan = planDeployment({ model: "deepseek-r1-0528", cloud: "gcp", region: "europe-west4", hardware: "8xH200" });
      const stack = new TerraformStack(Testing.app(), "s");
      expect(() => new GpuNodePool(stack, "gpus", { plan, gke: { cluster: "c", location: "europe-west4", project: "acme-ml", serviceAccountEmail: "a@acme-ml.iam.gserviceaccount.com" } } as never))
        .toThrow(/^gpus\.plan\.cloud: needs @cdktf\/provider-google, an optional peer dependency .*npm install @cdktf\/provider-google@"\^16\.12\.0"/);
    });
  });

  test("the ranges named are package.json's peer ranges, and those packages are the optional ones", () => {
    for (const name of Object.values(CLOUD_PROVIDER_PACKAGES)) {
      expect(CLOUD_PROVIDER_RANGES[name]).toBe(pkg.peerDependencies[name]);
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
  });
});
