import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps, DeepSeekConfigError, planCluster } from "../../lib";

// Found by a consumer audit: a cluster id starts every stack id and every cloud resource name,
// and resourcePrefixFor lowercases it and turns other characters into dashes. "Prod" beside
// "prod" synthesized two clusters with the same EKS cluster name, buckets and roles; "prod!"
// failed in cdktf's stack-name check, a 300-character id in mkdir, and null props in a destructure.
const props: DeepSeekClusterProps = {
  model: "deepseek-r1-0528",
  placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }],
  endpoint: { hostname: "api.acme.io" },
};

function refusal(build: (app: DeepSeekApp) => void): { error: unknown; stacks: string[] } {
  const outdir = join(mkdtempSync(join(tmpdir(), "cluster-id-")), "cdktf.out");
  let error: unknown;
  try {
    const app = new DeepSeekApp({ outdir });
    build(app);
    app.synth();
  } catch (e) {
    error = e;
  }
  return { error, stacks: existsSync(join(outdir, "stacks")) ? readdirSync(join(outdir, "stacks")) : [] };
}

describe("cluster ids", () => {
  test.each(["Prod", "prod_eu", "prod!", "prod--eu", "prod-", "9lives", "ünï", "a".repeat(64)])("%s is refused with the fix, and nothing is written", (id) => {
    const { error, stacks } = refusal((app) => new DeepSeekCluster(app, id, props));
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    const e = error as DeepSeekConfigError;
    expect(e.path).toBe(id);
    expect(e.received).toBe(id);
    expect(e.message).toMatch(/is not a valid cluster id.*lowercase letters, digits and single dashes/);
    expect(stacks).toEqual([]);
  });

  test("an empty id is refused by DeepSeekCluster, not by the constructs library", () => {
    const { error } = refusal((app) => new DeepSeekCluster(app, "", props));
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    expect((error as DeepSeekConfigError).path).toBe("(cluster id)");
  });

  test.each(["prod", "b200-us", "h100x2-us", "a", "a".repeat(63), "production-inference-platform-eu2"])("%s is taken", (id) => {
    expect(planCluster(props, { id, pathRoot: id }).placementPlans[0].deployment.resourcePrefix).toMatch(/^[a-z]/);
  });

  test("valid ids never share a resource prefix: the ones that did (case, underscores, double dashes) are refused", () => {
    const prefix = (id: string) => planCluster(props, { id, pathRoot: id }).placementPlans[0].deployment.resourcePrefix;
    expect(prefix("prod")).not.toBe(prefix("prod-a"));
    for (const id of ["Prod", "p_rod", "prod--a"]) expect(() => prefix(id)).toThrow(DeepSeekConfigError);
  });
});

describe("the cluster's scope", () => {
  // Found by a new-user pass: inside the user's own stack it synthesized, its stacks beside that
  // stack and the user's stack empty, with no word.
  test.each([
    ["a stack of the user's", (app: DeepSeekApp) => new TerraformStack(app, "mine"), "mine"],
    ["a construct inside a stack of the user's", (app: DeepSeekApp) => new Construct(new TerraformStack(app, "mine"), "group"), "mine"],
  ])("%s is refused with the fix, and nothing is written", (_, scopeIn, stackPath) => {
    const { error, stacks } = refusal((app) => new DeepSeekCluster(scopeIn(app), "prod", props));
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    const e = error as DeepSeekConfigError;
    expect([e.path, e.received]).toEqual(["prod", stackPath]);
    expect(e.message).toMatch(/makes its own stacks.*new DeepSeekCluster\(app, "prod", props\)/);
    expect(stacks).toEqual([]);
  });

  test.each([
    ["the app left out", () => new (DeepSeekCluster as unknown as new (...a: unknown[]) => unknown)("prod", props)],
    ["id and app swapped", () => new (DeepSeekCluster as unknown as new (...a: unknown[]) => unknown)("prod", new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "cluster-id-")) }), props)],
  ])("%s (JavaScript callers): refused at the scope with the call to write (was \"not a valid cluster id\" quoting the props)", (_, build) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    expect((error as DeepSeekConfigError).message).toBe('(scope): is a string, but the first argument is the app the cluster goes in (the arguments are scope, id, props) (got "prod"); pass the app first: new DeepSeekCluster(app, "prod", props)');
  });

  test("a construct of the user's outside any stack is still a valid scope", () => {
    const { error, stacks } = refusal((app) => new DeepSeekCluster(new Construct(app, "platform"), "prod", props));
    expect(error).toBeUndefined();
    expect(stacks.sort()).toEqual(["prod-aws-us-east-2-infra", "prod-aws-us-east-2-serving"]);
  });
});

describe("props that are not an object (JavaScript callers)", () => {
  test.each([null, undefined, 5, "x", []])("%p is refused at the construct id", (value) => {
    let error: unknown;
    try {
      planCluster(value as never, { id: "prod", pathRoot: "prod" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    expect((error as DeepSeekConfigError).path).toBe("prod");
    expect((error as DeepSeekConfigError).message).toMatch(/^prod: must be an object of cluster props/);
    const { error: fromConstruct, stacks } = refusal((app) => new DeepSeekCluster(app, "prod", value as never));
    expect(fromConstruct).toBeInstanceOf(DeepSeekConfigError);
    expect(stacks).toEqual([]);
  });
});
