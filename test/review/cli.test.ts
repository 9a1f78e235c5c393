import * as fs from "fs";
import * as path from "path";
import { runReviewCli, REVIEW_USAGE } from "../../lib/review";
import { B200_AWS, SECURE, collect, model, tmpDir, writeSynth } from "./fixtures";

const STACKS = { "b200-infra": { resource: { aws_eks_cluster: { cluster: { name: "ds" } } } } };

describe("runReviewCli input handling", () => {
  let headDir: string;
  let root: string;
  beforeAll(() => {
    root = tmpDir("cli");
    headDir = writeSynth(path.join(root, "head"), model([B200_AWS, { posture: SECURE }]), STACKS);
  });

  test("a base that does not exist is an error (exit 1), not a first synth that switches the gate off", () => {
    const { out, err, io } = collect();
    const missing = path.join(root, "no-such-base");
    expect(runReviewCli(["review", "--base", missing, "--head", headDir], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("")).toMatch(/base: .*no-such-base does not exist; .*empty directory for a first synth, or --base-failed/);
    // Said so explicitly, the same missing base is reviewed against an unknown base.
    const failed = collect();
    expect(runReviewCli(["review", "--base", missing, "--head", headDir, "--base-failed"], failed.io)).toBe(0);
    expect(failed.out.join("")).toContain("- placement added: `aws-us-east-2` (AWS us-east-2, 8xB200 on p6-b200.48xlarge, GPUs 8–16, DeepSeek-R1 NVFP4)");
  });

  test("empty base: everything added, clear note, exit 0", () => {
    const empty = path.join(root, "empty-base");
    fs.mkdirSync(empty, { recursive: true });
    const { out, io } = collect();
    expect(runReviewCli(["review", "--base", empty, "--head", headDir], io)).toBe(0);
    expect(out.join("")).toContain(`> Base \`${empty}\` is empty: treating this as a first synth, so everything is listed as added.`);
    expect(out.join("")).toContain("- placement added: `aws-us-east-2`");
  });

  test("base without review.json: resources compared, placements added, note", () => {
    const plain = writeSynth(path.join(root, "plain-base"), null, STACKS);
    const { out, io } = collect();
    expect(runReviewCli(["review", "--base", plain, "--head", headDir], io)).toBe(0);
    expect(out.join("")).toContain("has no review.json (synthesized before the review existed, or with a plain App)");
    expect(out.join("")).toContain("No resource changes in 1 stack.");
  });

  test("missing head: message on stderr, exit 1, nothing on stdout", () => {
    const { out, err, io } = collect();
    const missing = path.join(root, "no-such-head");
    expect(runReviewCli(["review", "--base", headDir, "--head", missing], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("")).toBe(`cdktf-deepseek review: head: ${missing} is not a directory; run cdktf synth for the head commit and pass its cdktf.out\n`);
  });

  test("empty head: exit 1", () => {
    const empty = path.join(root, "empty-head");
    fs.mkdirSync(empty, { recursive: true });
    const { err, io } = collect();
    expect(runReviewCli(["review", "--base", headDir, "--head", empty], io)).toBe(1);
    expect(err.join("")).toBe(`cdktf-deepseek review: head: ${empty} holds neither review.json nor stacks/*/cdk.tf.json; run cdktf synth for the head commit first\n`);
  });

  test("corrupt head review.json: exit 1 with the file named", () => {
    const corrupt = writeSynth(path.join(root, "corrupt-head"), null, STACKS);
    fs.writeFileSync(path.join(corrupt, "review.json"), "{ not json");
    const { out, err, io } = collect();
    expect(runReviewCli(["review", "--base", headDir, "--head", corrupt], io)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join("")).toMatch(new RegExp(`^cdktf-deepseek review: head: ${path.join(corrupt, "review.json")} is not valid JSON \\(.+\\); re-run cdktf synth to regenerate it\\n$`));
  });

  test("corrupt stack JSON in base: exit 1", () => {
    const corrupt = writeSynth(path.join(root, "corrupt-base"), null, STACKS);
    fs.writeFileSync(path.join(corrupt, "stacks", "b200-infra", "cdk.tf.json"), "[");
    const { err, io } = collect();
    expect(runReviewCli(["review", "--base", corrupt, "--head", headDir], io)).toBe(1);
    expect(err.join("")).toContain(`base: ${path.join(corrupt, "stacks", "b200-infra", "cdk.tf.json")} is not valid JSON`);
  });

  test("a review.json of another shape: exit 1", () => {
    const other = writeSynth(path.join(root, "other-head"), null, {});
    fs.writeFileSync(path.join(other, "review.json"), JSON.stringify({ placements: "x" }));
    const { err, io } = collect();
    expect(runReviewCli(["review", "--base", headDir, "--head", other], io)).toBe(1);
    expect(err.join("")).toContain("is not a cdktf-deepseek review (schemaVersion 1 with placements and totals)");
  });

  test.each([
    [[], "missing command; use `cdktf-deepseek review --base <dir> --head <dir>`"],
    [["diff"], "unknown command \"diff\"; use `cdktf-deepseek review --base <dir> --head <dir>`"],
    [["review", "--base", "x"], "--head is required; pass the new synth output, e.g. --head cdktf.out"],
    [["review", "--head", "x"], "--base is required; pass the base synth output (a missing directory is fine for a first synth)"],
    [["review", "--head"], "--head needs a directory; use --head <dir>"],
    [["review", "--verbose"], "unknown argument \"--verbose\"; use --base <dir>, --head <dir> and --base-failed"],
  ])("bad arguments %j: exit 1", (argv, message) => {
    const { err, io } = collect();
    expect(runReviewCli(argv, io)).toBe(1);
    expect(err.join("")).toBe(`cdktf-deepseek review: ${message}\n`);
  });

  test("--help prints usage, exit 0", () => {
    const { out, io } = collect();
    expect(runReviewCli(["review", "--help"], io)).toBe(0);
    expect(out.join("")).toBe(REVIEW_USAGE);
  });
});
