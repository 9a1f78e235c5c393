import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { App, TerraformStack } from "cdktf";
import { DeepSeekApp, DeepSeekConfigError, RegionLock } from "../../lib";

/** An EU-locked stack with EU providers, in an app of its own. */
function euStack(): TerraformStack {
  const stack = new TerraformStack(new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "lock-")) }), "eu-stack");
  RegionLock.lock(stack, "eu");
  new AwsProvider(stack, "aws", { region: "eu-north-1" });
  new GoogleProvider(stack, "google", { project: "p", region: "europe-west4" });
  return stack;
}

function synthError(stack: TerraformStack): DeepSeekConfigError {
  try {
    (stack.node.root as App).synth();
  } catch (e) {
    expect(e).toBeInstanceOf(DeepSeekConfigError);
    return e as DeepSeekConfigError;
  }
  throw new Error("expected a DeepSeekConfigError");
}

describe("RegionLock", () => {
  test("an EU stack with EU locations synthesizes", () => {
    const stack = euStack();
    new StorageBucket(stack, "models", { name: "m", location: "europe-west4" });
    new ContainerNodePool(stack, "pool", { cluster: "c", location: "europe-west4", nodeLocations: ["europe-west4-b"] });
    expect(() => (stack.node.root as App).synth()).not.toThrow();
  });

  test("a provider a consumer adds in another region fails with its construct path", () => {
    const stack = euStack();
    new AwsProvider(stack, "x", { region: "us-east-1", alias: "us" });
    const e = synthError(stack);
    expect(e.path).toBe("eu-stack/x.region");
    expect(e.message).toMatch(/^eu-stack\/x\.region: places an AWS resource outside the "eu" jurisdiction \(European Union member states\) \(got "us-east-1"\); use a location inside it/);
  });

  test("a bucket in another region fails", () => {
    const stack = euStack();
    new S3Bucket(stack, "bucket", { bucket: "b", region: "us-west-2" });
    expect(synthError(stack).path).toBe("eu-stack/bucket.region");
  });

  test("a GCS multi-region location outside fails", () => {
    const stack = euStack();
    new StorageBucket(stack, "models", { name: "m", location: "US" });
    const e = synthError(stack);
    expect(e.path).toBe("eu-stack/models.location");
    expect(e.received).toBe("US");
  });

  test("a GKE node location in another region fails", () => {
    const stack = euStack();
    new ContainerNodePool(stack, "pool", { cluster: "c", location: "europe-west4", nodeLocations: ["europe-west4-b", "europe-west6-a"] });
    const e = synthError(stack);
    expect(e.path).toBe("eu-stack/pool.node_locations.1");
    expect(e.received).toBe("europe-west6-a");
  });

  test("stacks that are not locked are not checked", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "free-")) });
    new AwsProvider(new TerraformStack(app, "free"), "aws", { region: "us-east-1" });
    expect(() => app.synth()).not.toThrow();
  });

  test("a stack outside an App cannot be locked", () => {
    expect(() => RegionLock.lock(new TerraformStack(undefined as never, "x"), "eu")).toThrow();
  });

  test("an unknown jurisdiction is refused", () => {
    const stack = new TerraformStack(new App({ outdir: mkdtempSync(join(tmpdir(), "j-")) }), "s");
    expect(() => RegionLock.lock(stack, "mars" as never)).toThrow(/^jurisdiction: is not a known jurisdiction \(got "mars"\)/);
  });

  test("locks add up: a stack locked to both jurisdictions fits neither", () => {
    const stack = euStack();
    RegionLock.lock(stack, "us");
    expect(RegionLock.jurisdictionsOf(stack)).toEqual(["eu", "us"]);
    expect(synthError(stack).message).toMatch(/outside the "us" jurisdiction/);
  });
});
