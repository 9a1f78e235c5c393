import { App, TerraformStack } from "../../lib/internal/tf";
import { DeepSeekCluster } from "../../lib/app/deepseek-cluster";
import { planCluster, type ClusterProps } from "../../lib/app/plan-cluster";
import { PLACEMENT_NAME_RE } from "../../lib/plan/names";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { refusal } from "../support/refusal";

const east = { cloud: "aws", region: "us-east-2", hardware: "8xB200" } as const;
const west = { cloud: "aws", region: "us-west-2", hardware: "8xB200" } as const;
const europe = { cloud: "gcp", region: "europe-west4", hardware: "8xB200", gcp: { project: "my-proj-123" } } as const;
const props = (placements: ClusterProps["placements"]): ClusterProps => ({ model: "deepseek-r1-0528", endpoint: { hostname: "api.example.com" }, placements });
const app = () => new App({ outdir: mkdtempSync(join(tmpdir(), "derived-names-")) });

describe("placement names", () => {
  test.each(["x-", "a--b", "-a", "", "A", "a_b", "a".repeat(32)])("%j is refused (a trailing, leading or double dash would be folded away in cloud names)", (name) => {
    const e = refusal(() => planCluster(props([{ ...east, name }])));
    expect(e.path).toBe("placements.0.name");
  });
  test.each(["a", "east", "b200-us", "us-aws-use2", "1st", "a".repeat(31)])("%j is taken", (name) => {
    expect(PLACEMENT_NAME_RE.test(name)).toBe(true);
    expect(planCluster(props([{ ...east, name }])).placementPlans[0].name).toBe(name);
  });
});

describe("derived names never collide", () => {
  test("two clusters whose ids and placement names join to one stack id: refused, naming both placements (was a raw constructs Error)", () => {
    const a = app();
    new DeepSeekCluster(a, "b200", props([{ ...east, name: "us-aws-use2" }]));
    const e = refusal(() => new DeepSeekCluster(a, "b200-us", props([{ ...east, name: "aws-use2" }])));
    expect(e.path).toBe("b200-us.placements.0.name");
    expect(e.message).toContain('stack id "b200-us-aws-use2-infra"');
    expect(e.message).toContain('cluster "b200-us" placements.0 (name "aws-use2")');
    expect(e.message).toContain('cluster "b200" placements.0 (name "us-aws-use2")');
    // Nothing of the refused cluster was added to the app.
    expect(a.node.children.map((c) => c.node.id).sort()).toEqual(["b200", "b200-us-aws-use2-infra", "b200-us-aws-use2-serving"]);
  });

  test("a cluster whose stack id is one the app already holds (a consumer's own stack) is refused", () => {
    const a = app();
    new TerraformStack(a, "prod-east-infra");
    const e = refusal(() => new DeepSeekCluster(a, "prod", props([{ ...east, name: "east" }])));
    expect(e.path).toBe("prod.placements.0.name");
    expect(e.message).toContain('which the construct "prod-east-infra" already in the app already derives');
    // A cluster id that is already a construct of the app, and a cluster named like another's stack.
    new DeepSeekCluster(a, "prod", props([{ ...east, name: "west" }]));
    expect(refusal(() => new DeepSeekCluster(a, "prod", props([west]))).message).toMatch(/^prod: is already the id of a construct in the app/);
    expect(refusal(() => new DeepSeekCluster(a, "prod-west-serving", props([west]))).path).toBe("prod-west-serving");
  });

  test("two placements of one cluster with the same cloud names (aws.clusterName) are refused at the option written", () => {
    const e = refusal(() => planCluster(props([{ ...east, aws: { clusterName: "shared" } }, { ...west, aws: { clusterName: "shared" } }])));
    expect(e.path).toBe("placements.1.aws.clusterName");
    expect(e.message).toContain('EKS cluster name "shared"');
    expect(e.message).toContain("placements.0");
  });

  test("IAM names are case-insensitive: Shared and shared collide", () => {
    expect(refusal(() => planCluster(props([{ ...east, aws: { clusterName: "Shared" } }, { ...west, aws: { clusterName: "shared" } }]))).path).toBe("placements.1.aws.clusterName");
  });

  test("a placement's default names colliding with another's option names the default it took, and how to set it", () => {
    // placements.0 is named aws-us-east-2 by default; its EKS cluster is deepseek-aws-us-east-2.
    const e = refusal(() => planCluster(props([east, { ...west, aws: { clusterName: "deepseek-aws-us-east-2" } }])));
    expect(e.path).toBe("placements.1.aws.clusterName");
    const reversed = refusal(() => planCluster(props([{ ...west, aws: { clusterName: "deepseek-aws-us-east-2" } }, east])));
    expect(reversed.path).toBe("placements.1.name");
    expect(reversed.message).toContain('name is not set and defaults to "aws-us-east-2"');
  });

  test("GCS bucket names are global: two GKE placements with one bucketName are refused", () => {
    const other = { ...europe, region: "us-central1", name: "us" } as const;
    const e = refusal(() => planCluster(props([{ ...europe, gcp: { project: "my-proj-123", bucketName: "shared-models" } }, { ...other, gcp: { project: "other-proj-9", bucketName: "shared-models" } }])));
    expect(e.path).toBe("placements.1.gcp.bucketName");
  });

  test("distinct names plan, and the plan lists every derived name", () => {
    const plan = planCluster(props([{ ...east, name: "east" }, { ...west, name: "west" }]), { id: "prod" });
    expect(plan.derivedNames.map((n) => n.key)).toEqual([
      "stack:prod-east-infra", "stack:prod-east-serving", "aws-names:prod-east",
      "stack:prod-west-infra", "stack:prod-west-serving", "aws-names:prod-west",
    ]);
  });
});

describe("Route 53 records never collide across the clusters of an app", () => {
  // Found by a new-user pass: a staging cluster copied from prod, endpoint and zone included,
  // synthesized; both -global stacks published api.example.com (the second apply fails on the
  // existing record, or latency records with other set identifiers send prod's traffic to staging).
  const zone = "Z0123456789ABC";
  const withZone = (hostname: string, placements: ClusterProps["placements"] = [east]): ClusterProps => ({ ...props(placements), endpoint: { hostname, route53ZoneId: zone } });

  test("a second cluster publishing the same hostname in the same zone is refused at its endpoint.hostname, with the fix", () => {
    const a = app();
    new DeepSeekCluster(a, "prod", withZone("api.example.com"));
    const e = refusal(() => new DeepSeekCluster(a, "staging", withZone("api.example.com")));
    expect([e.path, e.received]).toEqual(["staging.endpoint.hostname", "api.example.com"]);
    expect(e.message).toContain(`Route 53 record "api.example.com" in zone ${zone} for cluster "staging" (its endpoint), which cluster "prod" (its endpoint) already derives`);
    expect(e.message).toContain("give each cluster its own endpoint.hostname");
  });

  test("a placement's record name taken by another cluster's endpoint is refused too", () => {
    const a = app();
    // prod's us-east-2 placement publishes aws-us-east-2.example.com beside its latency-routed example.com.
    new DeepSeekCluster(a, "prod", withZone("example.com", [{ ...east, name: "east" }, { ...west, name: "west" }]));
    expect(refusal(() => new DeepSeekCluster(a, "other", withZone("aws-us-east-2.example.com"))).path).toBe("other.endpoint.hostname");
  });

  test("the same hostname in another zone, or without a zone (the user publishes DNS), is not a collision the app can see", () => {
    const a = app();
    new DeepSeekCluster(a, "prod", withZone("api.example.com"));
    expect(() => new DeepSeekCluster(a, "staging", { ...props([east]), endpoint: { hostname: "api.example.com", route53ZoneId: "Z9876543210XYZ" } })).not.toThrow();
    expect(() => new DeepSeekCluster(a, "dev", props([east]))).not.toThrow();
  });
});
