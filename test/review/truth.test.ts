import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultAppOutdir } from "../support/default-app";

describe("the default app's review tells the truth", () => {
  const outdir = defaultAppOutdir();
  const md = readFileSync(join(outdir, "review.md"), "utf8");
  const json = JSON.parse(readFileSync(join(outdir, "review.json"), "utf8"));

  test("no internal references in user text", () => {
    expect(md).not.toMatch(/facts §/);
    expect(JSON.stringify(json)).not.toMatch(/facts §/);
  });

  test("EU placements are not priced at US rates", () => {
    const eu = json.placements.filter((p: { jurisdiction: string | null }) => p.jurisdiction === "eu");
    expect(eu.length).toBe(3);
    for (const p of eu) expect(p.cost).toBeNull();
    expect(json.totals.unpriced.sort()).toEqual(eu.map((p: { id: string }) => p.id).sort());
    expect(md).toMatch(/\| no price for europe-west4 \|/);
    expect(md).toMatch(/not counted, no price for /);
  });
});

describe("a head synthesized with --hcl", () => {
  test("is refused clearly (exit 1), not reviewed as every resource removed", () => {
    const { mkdtempSync, mkdirSync, writeFileSync, cpSync } = require("node:fs") as typeof import("node:fs");
    const { tmpdir } = require("node:os") as typeof import("node:os");
    const { runReviewCli } = require("../../lib/review/cli") as typeof import("../../lib/review/cli");
    const head = mkdtempSync(join(tmpdir(), "deepseek-hcl-"));
    cpSync(join(defaultAppOutdir(), "review.json"), join(head, "review.json"));
    mkdirSync(join(head, "stacks", "b200-us-aws-use2-infra"), { recursive: true });
    writeFileSync(join(head, "stacks", "b200-us-aws-use2-infra", "cdk.tf"), 'resource "aws_vpc" "x" {}\n');
    let out = "";
    let err = "";
    const code = runReviewCli(["review", "--base", defaultAppOutdir(), "--head", head], { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toMatch(/head: .*holds cdk\.tf \(synthesized with --hcl\).*without --hcl/);
  });
});
