// Placement names repeat across clusters (prod and staging both have `aws-use2`): the review names
// and keys each placement `<cluster>/<placement>` everywhere (review.json, review.md, the Mermaid
// picture, the synth summary), and the diff pairs base and head placements by that key.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps } from "../../lib";
import { synthSummary } from "../../lib/app/synth-summary";
import { diffReviews, renderMermaid, renderReviewMarkdown, ReviewModel } from "../../lib/review";

const props = (hostname: string): DeepSeekClusterProps => ({
  model: "deepseek-r1-0528",
  placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200", name: "aws-use2" }],
  endpoint: { hostname },
});

function app(clusters: readonly string[]): DeepSeekApp {
  const a = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "deepseek-labels-")) });
  for (const c of clusters) new DeepSeekCluster(a, c, props(`${c}.api.acme.io`));
  return a;
}

describe("cluster/placement labels", () => {
  const twin = app(["prod", "staging"]);
  const review = twin.review();

  test("review.json: each placement is keyed and named <cluster>/<placement>, with its cluster", () => {
    expect(review.placements.map((p) => [p.id, p.name, p.cluster])).toEqual([
      ["prod/aws-use2", "prod/aws-use2", "prod"],
      ["staging/aws-use2", "staging/aws-use2", "staging"],
    ]);
    expect((review.endpoints ?? []).flatMap((e) => e.placements.map((p) => p.name))).toEqual(["prod/aws-use2", "staging/aws-use2"]);
  });

  test("review.md and the picture tell the two apart", () => {
    const md = renderReviewMarkdown(review);
    expect(md).toContain("| | `prod/aws-use2` | `staging/aws-use2` |");
    const mermaid = renderMermaid(review);
    expect(mermaid).toContain('cluster_0["EKS prod/aws-use2"]');
    expect(mermaid).toContain('cluster_1["EKS staging/aws-use2"]');
    // Without the cluster the two cluster nodes read the same.
    expect(mermaid).not.toMatch(/\["EKS aws-use2"\]/);
  });

  test("the synth summary's warnings name <cluster>/<placement>", () => {
    twin.synth();
    const summary = synthSummary(twin);
    expect(summary).toMatch(/^ {2}prod: aws-use2 \(AWS us-east-2/m);
    expect(summary).toMatch(/^ {2}staging: aws-use2 \(AWS us-east-2/m);
    const warnings = summary.split("\n").filter((l) => /^ {2}- /.test(l) && l.includes("aws-use2"));
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(w).toMatch(/^ {2}- prod\/aws-use2, staging\/aws-use2: /);
  }, 60_000);

  test("a cluster added in front reviews as one placement added, not as every placement shifted", () => {
    const head = app(["dev", "prod", "staging"]).review();
    const changes = diffReviews(review, head).filter((c) => c.placement !== null);
    expect(changes.map((c) => [c.placement, c.field])).toEqual([["dev/aws-use2", "placement"]]);
    expect(changes[0].text).toMatch(/placement added/);
  });

  test("a base written before the cluster key is paired by its stacks: the label changes, nothing is added or removed", () => {
    // The base as the previous version wrote it: keyed by plan id, numbered, named alone.
    const old: ReviewModel = {
      ...review,
      placements: review.placements.map((p, i) => {
        const { cluster: _cluster, ...rest } = p;
        void _cluster;
        return { ...rest, id: i === 0 ? "aws-us-east-2" : "aws-us-east-2-2", name: "aws-use2 (aws-us-east-2" + (i === 0 ? ")" : "-2)") };
      }),
    };
    const changes = diffReviews(old, review).filter((c) => c.placement !== null);
    expect(changes.map((c) => c.field)).toEqual(["name", "name"]);
    expect(changes.map((c) => c.text)).toEqual([
      "placement name aws-use2 (aws-us-east-2) → prod/aws-use2",
      "placement name aws-use2 (aws-us-east-2-2) → staging/aws-use2",
    ]);
  });

  test("planted fault: pairing by the old plan-id keys compares prod with dev", () => {
    const byPlanId = (m: ReviewModel): ReviewModel => ({ ...m, placements: m.placements.map((p, i) => ({ ...p, id: i === 0 ? "aws-us-east-2" : `aws-us-east-2-${i + 1}`, stacks: [] })) });
    const head = app(["dev", "prod", "staging"]).review();
    const changes = diffReviews(byPlanId(review), byPlanId(head)).filter((c) => c.placement !== null);
    expect(changes.some((c) => c.field === "name" && /prod\/aws-use2 → dev\/aws-use2/.test(c.text))).toBe(true);
  });
});
