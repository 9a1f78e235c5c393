// How schema refusals read to someone who does not know the internals: the fix names the values
// or the field to use, never zod's own words ("Invalid discriminator value. Expected 'local' | ...").
import { z } from "zod";
import { DeepSeekApp, DeepSeekConfigError, planCluster, planDeployment } from "../../lib";
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

describe("an unknown field says which field was meant, when the schema knows one near it", () => {
  const cluster = { model: "deepseek-r1", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }], endpoint: { hostname: "api.mycorp.com" } } as const;
  const p0 = cluster.placements[0];
  const clusterRefusal = (props: object) => refusal(() => planCluster(props as never, { id: "prod", pathRoot: "prod" })).message;

  test.each([
    // A typo, among DeepSeekCluster's own fields too (they are checked apart from the planner's).
    [{ ...cluster, autoscalling: {} }, 'prod.autoscalling: is not a known field (got {}); did you mean "autoscaling"? (or remove it)'],
    [{ ...cluster, Model: "deepseek-r1" }, 'prod.Model: is not a known field (got "deepseek-r1"); did you mean "model"? (or remove it)'],
    [{ ...cluster, placements: [{ ...p0, nmae: "east" }] }, 'prod.placements.0.nmae: is not a known field (got "east"); did you mean "name"? (or remove it)'],
    [{ ...cluster, placements: [{ ...p0, zone: "us-east-2a" }] }, 'prod.placements.0.zone: is not a known field (got "us-east-2a"); did you mean "zones"? (or remove it)'],
    // A field written one level off: a planner override, a per-placement setting.
    [{ ...cluster, placements: [{ ...p0, precision: "fp8" }] }, 'prod.placements.0.precision: is not a known field (got "fp8"); it is a field of overrides: set prod.placements.0.overrides.precision'],
    [{ ...cluster, replicas: { min: 1, max: 2 } }, 'prod.replicas: is not a known field (got {"min":1,"max":2}); it is set on each entry of placements: set prod.placements.<i>.replicas'],
  ])("%j", (props, message) => {
    expect(clusterRefusal(props)).toBe(message);
  });

  test("nothing near: the plain fix", () => {
    expect(clusterRefusal({ ...cluster, tp: 8 })).toBe("prod.tp: is not a known field (got 8); remove it or check its spelling");
  });

  test("inside a discriminated union (capacity kinds) the fields are the named kind's, not every kind's", () => {
    const e = refusal(() => planDeployment({ ...r1, capacity: { kind: "on-demand", nodes: 2 } as never }));
    expect(e.message).toBe("capacity.nodes: is not a known field (got 2); remove it or check its spelling");
    const reservation = refusal(() => planDeployment({ ...r1, capacity: { kind: "reservation", id: "cr-0abc", zone: "us-east-2a", nodes: 1, node: 2 } as never }));
    expect(reservation.message).toBe('capacity.node: is not a known field (got 2); did you mean "nodes"? (or remove it)');
  });
});
