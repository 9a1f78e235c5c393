import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp, DeepSeekCluster, DeepSeekConfigError, apiKeySecretPrefix } from "../../lib";
import { resourcePrefixFor, shortName } from "../../lib/plan/names";
import { DEFAULT_CLUSTERS } from "../../stacks/default-app";
import { collisions, literalCloudNames } from "../support/cloud-names";

/** prod and staging: every default cluster twice, same regions, one account and one project. */
function sideBySide(extra: Record<string, unknown> = {}): DeepSeekApp {
  const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "deepseek-side-")) });
  for (const env of ["prod", "staging"]) {
    for (const [id, props] of Object.entries(DEFAULT_CLUSTERS)) {
      new DeepSeekCluster(app, `${env}-${id}`, { ...props, endpoint: { ...props.endpoint, hostname: `${env}.${props.endpoint.hostname}` }, ...extra });
    }
  }
  app.synth();
  return app;
}

describe("clusters side by side", () => {
  const app = sideBySide({ tags: { CostCenter: "ml-42", team: "platform" }, labels: { "cost-center": "ml-42" } });
  const names = literalCloudNames(app.outdir);
  const read = (s: string) => JSON.parse(readFileSync(join(app.outdir, "stacks", s, "cdk.tf.json"), "utf8"));

  test("prod and staging in the same regions: zero collisions across all literal cloud names", () => {
    expect(names.length).toBeGreaterThan(120);
    expect([...collisions(names).entries()]).toEqual([]);
  });

  test("every literal cloud name carries its cluster id and placement", () => {
    const prefixOf = new Map(app.placements.flatMap((p) => (p.info.stacks ?? []).map((s) => [s, p.plan.resourcePrefix!] as const)));
    for (const n of names) {
      // The global stack's records are DNS names under the cluster's own hostname.
      if (n.type.startsWith("aws_route53")) continue;
      const prefix = prefixOf.get(n.stack)!;
      expect(prefix).toMatch(/^(prod|staging)-/);
      expect({ name: n.key, hasOwner: n.values.every((v) => v.includes(prefix)) }).toEqual({ name: n.key, hasOwner: true });
    }
  });

  test("the cluster id, placement and user tags reach every AWS resource (default_tags) and the launched GPU instances", () => {
    const infra = read("prod-b200-us-aws-use2-infra");
    expect(infra.provider.aws[0].default_tags).toEqual([{ tags: { CostCenter: "ml-42", team: "platform", "cdktf-deepseek/cluster": "prod-b200-us", "cdktf-deepseek/placement": "aws-use2" } }]);
    const gpuLt = Object.values<any>(infra.resource.aws_launch_template).find((lt) => /-gpu-$/.test(lt.name_prefix));
    for (const spec of gpuLt.tag_specifications) {
      expect(spec.tags).toMatchObject({ CostCenter: "ml-42", "cdktf-deepseek/cluster": "prod-b200-us", "cdktf-deepseek/placement": "aws-use2", "cdktf-deepseek/component": "gpu" });
    }
    expect(infra.resource.aws_s3_bucket[Object.keys(infra.resource.aws_s3_bucket)[0]].tags["cdktf-deepseek/component"]).toBe("models");
  });

  test("labels and the cluster id reach every Google resource (default_labels)", () => {
    const infra = read("staging-h200-eu-gcp-euw4-infra");
    expect(infra.provider.google[0].default_labels).toEqual({ "cost-center": "ml-42", "cdktf-deepseek-cluster": "staging-h200-eu", "cdktf-deepseek-placement": "gcp-euw4" });
  });

  test("each cluster reads its own API key secrets", () => {
    const plans = app.placements.map((p) => p.plan).filter((p) => p.id === "aws-us-east-2");
    expect(plans.map(apiKeySecretPrefix)).toEqual(["cdktf-deepseek/prod-b200-us-aws-use2/api-keys/", "cdktf-deepseek/staging-b200-us-aws-use2/api-keys/"]);
  });

  test("user tags and labels are checked", () => {
    const props = DEFAULT_CLUSTERS["b200-us"];
    expect(() => new DeepSeekCluster(new DeepSeekApp(), "c", { ...props, tags: { "aws:owner": "x" } })).toThrow(/c\.tags\.aws:owner: is not an AWS tag key/);
    expect(() => new DeepSeekCluster(new DeepSeekApp(), "c", { ...props, labels: { Team: "x" } })).toThrow(DeepSeekConfigError);
  });
});

describe("names past a provider's length limit", () => {
  test("are shortened deterministically with a hash and never collide", () => {
    const a = resourcePrefixFor("production-inference-platform", "aws-use1", "aws");
    const b = resourcePrefixFor("production-inference-platform", "aws-use2", "aws");
    expect(a.length).toBeLessThanOrEqual(24);
    expect(a).not.toBe(b);
    expect(a).toBe(resourcePrefixFor("production-inference-platform", "aws-use1", "aws"));
    expect(a).toMatch(/^production-inference-[0-9a-f]{6}$|^production-infer[a-z-]*-[0-9a-f]{6}$/);
    expect(resourcePrefixFor("prod", "gcp-euw4", "gcp")).toBe("prod-gcp-euw4");
    expect(resourcePrefixFor("9Lives_EU", "gcp-euw4", "gcp")).toBe("ds-9lives-eu-gcp-euw4".length <= 20 ? "ds-9lives-eu-gcp-euw4" : shortName("ds-9lives-eu-gcp-euw4", 20));
    // A few thousand generated names: no two shorten to the same one.
    const seen = new Map<string, string>();
    for (let i = 0; i < 3000; i++) {
      const full = `team-${i % 50}-cluster-with-a-long-name-${i}`;
      const s = shortName(full, 24);
      expect(s.length).toBeLessThanOrEqual(24);
      expect(seen.get(s) ?? full).toBe(full);
      seen.set(s, full);
    }
  });

  test("long cluster ids synthesize side by side, names within limits", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "deepseek-long-")) });
    for (const id of ["production-inference-platform-eu", "production-inference-platform-eu2"]) {
      new DeepSeekCluster(app, id, { ...DEFAULT_CLUSTERS["eu-multi"], endpoint: { hostname: `${id}.example.eu` } });
    }
    app.synth();
    const names = literalCloudNames(app.outdir);
    expect([...collisions(names).entries()]).toEqual([]);
    for (const n of names.filter((x) => x.type === "google_service_account")) expect(n.values[0].length).toBeLessThanOrEqual(30);
    for (const n of names.filter((x) => x.type === "aws_iam_role")) expect(n.values[0].length).toBeLessThanOrEqual(38);
  });
});
