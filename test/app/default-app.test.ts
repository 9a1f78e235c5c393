import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultAppOutdir } from "../support/default-app";

describe("the default app in stacks/", () => {
  const outdir = defaultAppOutdir();
  const stack = (name: string) => JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8"));

  test("synthesizes infra and serving stacks for the four shipped deployments, and the global DNS", () => {
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual([
      "b200-us-aws-use2-infra", "b200-us-aws-use2-serving",
      "eu-multi-aws-eun1-infra", "eu-multi-aws-eun1-serving", "eu-multi-gcp-euw1-infra", "eu-multi-gcp-euw1-serving", "eu-multi-global",
      "h100x2-us-aws-use1-infra", "h100x2-us-aws-use1-serving",
      "h200-eu-gcp-euw4-infra", "h200-eu-gcp-euw4-serving",
    ]);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    // Serving stacks depend on their infra stack, so `cdktf deploy <serving>` deploys infra first.
    expect(manifest.stacks["h100x2-us-aws-use1-serving"].dependencies).toEqual(["h100x2-us-aws-use1-infra"]);
    expect(manifest.stacks["eu-multi-global"].dependencies.sort()).toEqual(["eu-multi-aws-eun1-serving", "eu-multi-gcp-euw1-serving"]);
  });

  test("each placement has its cluster and GPU pool on the planned node type", () => {
    expect(Object.values(stack("b200-us-aws-use2-infra").resource.aws_eks_node_group).map((g: any) => g.instance_types).flat()).toContain("p6-b200.48xlarge");  
    expect(JSON.stringify(stack("h200-eu-gcp-euw4-infra").resource.google_container_node_pool)).toContain("a3-ultragpu-8g");
    expect(JSON.stringify(stack("h100x2-us-aws-use1-infra").resource.aws_placement_group)).toContain('"strategy":"cluster"');
  });

  test("no stack has a dependency cycle (terraform would refuse to plan it)", () => {
    for (const name of readdirSync(join(outdir, "stacks"))) {
      const resources = stack(name).resource ?? {};
      const edges = new Map<string, string[]>();
      for (const [type, byName] of Object.entries(resources)) {
        for (const [id, body] of Object.entries(byName as Record<string, { depends_on?: string[] }>)) {
          // depends_on takes plain references (type.name), never interpolations.
          for (const dep of body.depends_on ?? []) expect(dep).toMatch(/^(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+$/);
          edges.set(`${type}.${id}`, body.depends_on ?? []);
        }
      }
      const state = new Map<string, "visiting" | "done">();
      const visit = (node: string, path: string[]): void => {
        if (state.get(node) === "done") return;
        if (state.get(node) === "visiting") throw new Error(`cycle in ${name}: ${[...path, node].join(" -> ")}`);
        state.set(node, "visiting");
        for (const next of edges.get(node) ?? []) if (edges.has(next)) visit(next, [...path, node]);
        state.set(node, "done");
      };
      expect(() => [...edges.keys()].forEach((n) => visit(n, []))).not.toThrow();
    }
  });

  test("writes the review beside stacks/", () => {
    expect(existsSync(join(outdir, "review.md"))).toBe(true);
    const review = JSON.parse(readFileSync(join(outdir, "review.json"), "utf8"));
    expect(review.placements).toHaveLength(5);
  });
});
