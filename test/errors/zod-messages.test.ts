// How schema refusals read to someone who does not know the internals: the fix names the values
// or the field to use, never zod's own words ("Invalid discriminator value. Expected 'local' | ...").
import { z } from "zod";
import { DeepSeekApp, DeepSeekConfigError, planDeployment } from "../../lib";
import { parseOrThrow } from "../../lib/validation";
import { refusal } from "../support/refusal";

const r1 = { model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" } as const;

describe("a value no alternative of a union accepts", () => {
  test("a discriminator typo (capacity.kind) lists the kinds, as any other enum does", () => {
    const e = refusal(() => planDeployment({ ...r1, capacity: { kind: "ondemand" } as never }));
    expect(e.message).toBe('capacity.kind: is not a supported value (got "ondemand"); use "on-demand", "reservation", "capacity-block", "flex-start", "queued" or "spot"');
  });

  test("the state backend's kind, written as the service is spelt (S3)", () => {
    const e = refusal(() => new DeepSeekApp({ backend: { kind: "S3", bucket: "team-tfstate", region: "us-east-1" } as never }));
    expect(e.message).toBe('backend.kind: is not a supported value (got "S3"); use "local", "s3" or "gcs"');
  });

  test("a plain union names the types it takes", () => {
    const e = refusal(() => parseOrThrow(z.object({ port: z.union([z.number(), z.string()]) }), { port: true }));
    expect(e).toBeInstanceOf(DeepSeekConfigError);
    expect(e.message).toBe("port: does not match any accepted shape (got true); pass a number or a string");
  });
});
