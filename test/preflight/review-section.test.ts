import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PREFLIGHT_RULES } from "../../lib/preflight";
import { renderReviewMarkdown, reviewModel } from "../../lib/review";
import { defaultAppOutdir } from "../support/default-app";

/** The review (review.md / review.json) says whether preflight passed: rules run, stacks, findings. */
describe("review says whether preflight passed", () => {
  test("the default app's review: passed, every rule, every stack, 0 findings", () => {
    const out = defaultAppOutdir();
    const model = JSON.parse(readFileSync(join(out, "review.json"), "utf8"));
    const stacks = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks;
    expect(model.preflight).toEqual({ rules: PREFLIGHT_RULES.map((r) => r.id), stacks: Object.keys(stacks).length, findings: 0 });
    const md = readFileSync(join(out, "review.md"), "utf8");
    expect(md).toMatch(new RegExp(`## Preflight\\n\\n\\*\\*Passed\\*\\*: ${PREFLIGHT_RULES.length} rules over ${Object.keys(stacks).length} stacks, 0 findings \\(\`charts-published\`, `));
  });

  test("not run (no synthesized stacks, or HCL only) and failed are said as such", () => {
    const base = reviewModel([]);
    expect(renderReviewMarkdown(base)).toMatch(/# Preflight\n\n\*\*Not run\*\*: this review was rendered without synthesized stacks/);
    expect(renderReviewMarkdown({ ...base, preflight: { rules: ["traffic"], stacks: 0, findings: 0 } })).toMatch(/\*\*Not run\*\*: no stack was written as Terraform JSON/);
    expect(renderReviewMarkdown({ ...base, preflight: { rules: ["traffic"], stacks: 2, findings: 3 } })).toMatch(/\*\*Failed\*\*: 1 rule over 2 stacks, 3 findings \(`traffic`\)/);
  });
});
