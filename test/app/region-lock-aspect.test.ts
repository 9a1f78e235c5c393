import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { App, Aspects, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { DeepSeekConfigError } from "../../lib";
import { RegionLockAspect } from "../../lib/app/region-lock-aspect";

function euStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "eu-stack");
  Aspects.of(stack).add(new RegionLockAspect("eu"));
  new AwsProvider(stack, "aws", { region: "eu-north-1" });
  new GoogleProvider(stack, "google", { project: "p", region: "europe-west4" });
  return stack;
}

function synthError(stack: TerraformStack): DeepSeekConfigError {
  try {
    Testing.synth(stack);
  } catch (e) {
    expect(e).toBeInstanceOf(DeepSeekConfigError);
    return e as DeepSeekConfigError;
  }
  throw new Error("expected a DeepSeekConfigError");
}

describe("RegionLockAspect", () => {
  test("an EU stack with EU locations synthesizes", () => {
    const stack = euStack();
    new StorageBucket(stack, "models", { name: "m", location: "europe-west4" });
    new ContainerNodePool(stack, "pool", { cluster: "c", location: "europe-west4", nodeLocations: ["europe-west4-b"] });
    expect(() => Testing.synth(stack)).not.toThrow();
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
    expect(e.path).toBe("eu-stack/pool.node_locations");
    expect(e.received).toBe("europe-west6-a");
  });

  test("stacks without the aspect are not checked", () => {
    const stack = new TerraformStack(new App({ outdir: "/tmp/unused" }), "free");
    new AwsProvider(stack, "aws", { region: "us-east-1" });
    expect(() => Testing.synth(stack)).not.toThrow();
  });
});

describe("RegionLockAspect closes the side doors", () => {
  test("a provider without a region (it would use the caller's environment)", () => {
    const stack = euStack();
    new AwsProvider(stack, "bare", { alias: "bare" });
    const e = synthError(stack);
    expect(e.path).toBe("eu-stack/bare.region");
    expect(e.message).toMatch(/^eu-stack\/bare\.region: is missing on an AWS provider in a stack locked to "eu"/);
  });

  test("a region from a variable (unknown at synth)", () => {
    const stack = euStack();
    const region = new TerraformVariable(stack, "region", { type: "string" });
    new S3Bucket(stack, "bucket", { bucket: "b", region: region.stringValue });
    const e = synthError(stack);
    expect(e.path).toBe("eu-stack/bucket.region");
    expect(e.received).toBe("${var.region}");
  });

  test("a reference to another resource's location is allowed (checked where it is set)", () => {
    const stack = euStack();
    const models = new StorageBucket(stack, "models", { name: "m", location: "europe-west4" });
    new StorageBucket(stack, "copy", { name: "c", location: models.location });
    expect(() => Testing.synth(stack)).not.toThrow();
  });

  test("Secret Manager automatic (worldwide) replication", () => {
    const stack = euStack();
    new SecretManagerSecret(stack, "token", { secretId: "t", replication: { auto: {} } });
    expect(synthError(stack).path).toBe("eu-stack/token.replication.auto");
  });
});
