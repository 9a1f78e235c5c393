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
