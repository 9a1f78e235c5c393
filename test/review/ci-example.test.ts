import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { REVIEW_COMMENT_MARKER } from "../../lib/review";

describe("examples/ci/review.yml", () => {
  const text = fs.readFileSync(path.join(__dirname, "../../examples/ci/review.yml"), "utf8");
  const workflow = parse(text) as { on: unknown; permissions: Record<string,
    string>; jobs: { review: { steps: { name?: string; run?: string; if?: string; with?: Record<string, string> }[] } } };
  const steps = workflow.jobs.review.steps;

  test("runs the review command on base and head synths and fails on exit 2", () => {
    expect(workflow.on).toHaveProperty("pull_request");
    expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    const review = steps.find((s) => s.name === "Review")!;
    expect(review.run).toContain("npx cdktf-deepseek review --base ../base/cdktf.out --head cdktf.out $base_flag > ../review.md");
    expect(steps.find((s) => s.name === "Fail when the security posture weakens")!.if).toBe("steps.review.outputs.exit_code == '2'");
    expect(steps.filter((s) => s.run?.includes("npx cdktf synth"))).toHaveLength(2);
  });

  test("a failed base synth is passed to the CLI as --base-failed, not hidden as a first synth", () => {
    const base = steps.find((s) => s.name === "Synthesize base") as { id?: string; "continue-on-error"?: boolean };
    expect(base).toMatchObject({ id: "base", "continue-on-error": true });
    const review = steps.find((s) => s.name === "Review") as { run: string; env: Record<string, string> };
    expect(review.env.BASE_OUTCOME).toBe("${{ steps.base.outcome }}");
    expect(review.run).toContain('if [ "$BASE_OUTCOME" != "success" ]; then\n  base_flag="--base-failed"');
    expect(review.run).not.toMatch(/rm -rf/);
  });

  test("finds its previous comment by the marker the CLI prints", () => {
    const comment = steps.find((s) => s.name === "Post or update the PR comment")!;
    expect(comment.with!.script).toContain(`const marker = "${REVIEW_COMMENT_MARKER}";`);
  });
});

describe("examples/ci/review.yml runs preflight on the PR head", () => {
  const text = fs.readFileSync(path.join(__dirname, "../../examples/ci/review.yml"), "utf8");
  const steps = (parse(text) as { jobs: { review: { steps: { name?: string; id?: string; run?: string; if?: string; "working-directory"?: string; env?: Record<string, string> }[] } } }).jobs.review.steps;
  test("on the head's cdktf.out, before the review; the review says whether it passed; findings fail the job", () => {
    const names = steps.map((s) => s.name);
    const preflight = steps.find((s) => s.name === "Preflight")!;
    expect(preflight).toMatchObject({ id: "preflight", "working-directory": "head" });
    expect(preflight.run).toContain("npx cdktf-deepseek preflight cdktf.out > ../preflight.txt");
    expect(names.indexOf("Preflight")).toBeGreaterThan(names.indexOf("Synthesize head"));
    expect(names.indexOf("Preflight")).toBeLessThan(names.indexOf("Review"));
    const review = steps.find((s) => s.name === "Review")!;
    expect(review.env!.PREFLIGHT).toBe("${{ steps.preflight.outputs.exit_code }}");
    expect(review.run).toContain('echo "## Preflight"');
    expect(steps.find((s) => s.name === "Fail when preflight finds what a deploy would hit")!.if).toBe("steps.preflight.outputs.exit_code == '2'");
  });
});
