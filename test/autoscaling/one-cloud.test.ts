// A GCP-only consumer must not need @cdktf/provider-aws: the autoscaling module loads it lazily.
jest.mock("../../lib/internal/providers/aws", () => {
  throw new Error("AWS provider seam loaded");
});

test("lib/autoscaling loads without the AWS provider; only ClusterAutoscalerIdentity needs it", () => {
  const autoscaling = require("../../lib/autoscaling") as typeof import("../../lib/autoscaling");
  expect(typeof autoscaling.ReplicaAutoscaler).toBe("function");
  const { App, TerraformStack } = require("../../lib/internal/tf") as typeof import("../../lib/internal/tf");
  const stack = new TerraformStack(new App(), "s");
  expect(() => new autoscaling.ClusterAutoscalerIdentity(stack, "id", { clusterName: "c", region: "us-east-1" })).toThrow("AWS provider seam loaded");
});
