import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { REVIEW_COMMENT_MARKER } from "../../lib/review";

describe("examples/ci/review.yml", () => {
  const text = fs.readFileSync(path.join(__dirname, "../../examples/ci/review.yml"), "utf8");
  const workflow = parse(text) as { on: unknown; permissions: Record<string, string>; jobs: { review: { steps: { name?: string; run?: string; if?: string; with?: Record<string, string> }[] } } };
  const steps = workflow.jobs.review.steps;

  test("runs the review command on base and head synths and fails on exit 2", () => {
    expect(workflow.on).toHaveProperty("pull_request");
    expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    const review = steps.find((s) => s.name === "Review")!;
    expect(review.run).toContain("npx cdktf-deepseek review --base ../base/cdktf.out --head cdktf.out > ../review.md");
    expect(steps.find((s) => s.name === "Fail when the security posture weakens")!.if).toBe("steps.review.outputs.exit_code == '2'");
    expect(steps.filter((s) => s.run?.includes("npx cdktf synth"))).toHaveLength(2);
  });

  test("finds its previous comment by the marker the CLI prints", () => {
    const comment = steps.find((s) => s.name === "Post or update the PR comment")!;
    expect(comment.with!.script).toContain(`const marker = "${REVIEW_COMMENT_MARKER}";`);
  });
});
