import * as fs from "fs";
import * as path from "path";
import { App, Construct, TerraformOutput, TerraformStack, Testing } from "../../lib/internal/tf";
import { planDeployment } from "../../lib/plan/index";
import { DeepSeekApp, ReviewModel, ReviewRegistry, runReviewCli } from "../../lib/review";
import { B200_AWS, H200_GCP_EU, SECURE, collect, tmpDir } from "./fixtures";

/** A stand-in for a library construct: registers its plan from deep inside a stack. */
class Registers extends Construct {
  constructor(scope: Construct, id: string, stackName: string, input = B200_AWS) {
    super(scope, id);
    ReviewRegistry.register(this, planDeployment(input), { stacks: [stackName], posture: SECURE });
  }
}

describe("DeepSeekApp writes the review beside cdktf.out/stacks", () => {
  let outdir: string;
  let review: ReviewModel;
  beforeAll(() => {
    outdir = path.join(tmpDir("app"), "cdktf.out");
    fs.mkdirSync(outdir);
    const app = new DeepSeekApp({ outdir });
    const infra = new TerraformStack(app, "b200-infra");
    const serving = new TerraformStack(app, "b200-serving");
    const eu = new TerraformStack(app, "h200-eu");
    for (const s of [infra, serving, eu]) new TerraformOutput(s, "o", { value: "x" });
    new Registers(infra, "a", "b200-infra");
    ReviewRegistry.of(serving)!.registerPlacement(planDeployment(B200_AWS), { stacks: ["b200-serving"], endpoint: { exposure: "private" }, posture: { authentication: true } });
    new Registers(new Construct(eu, "nested"), "b", "h200-eu", H200_GCP_EU);
    app.synth();
    review = JSON.parse(fs.readFileSync(path.join(outdir, "review.json"), "utf8")) as ReviewModel;
  });

  test("review.json and review.md sit beside stacks/", () => {
    expect(fs.readdirSync(outdir).sort()).toEqual(expect.arrayContaining(["review.json", "review.md", "stacks"]));
    const md = fs.readFileSync(path.join(outdir, "review.md"), "utf8");
    expect(md).toContain("# DeepSeek deployment review\n\n2 placements · GPUs 16 at min, 32 at max");
    expect(md).toContain("```mermaid\nflowchart LR\n");
  });

  test("the same plan registered from infra and serving stacks is one placement with both stacks", () => {
    expect(review.placements.map((p) => p.id)).toEqual(["aws-us-east-2", "gcp-europe-west4"]);
    expect(review.placements[0].stacks).toEqual(["b200-infra", "b200-serving"]);
    expect(review.placements[0].endpoint).toEqual({ exposure: "private" });
    expect(review.placements[0].posture).toEqual({ ...SECURE, authentication: true });
  });

  test("the written review is what the CLI reads", () => {
    const { out, io } = collect();
    expect(runReviewCli(["review", "--base", outdir, "--head", outdir], io)).toBe(0);
    expect(out.join("")).toContain("Nothing changed in reviewer terms.");
  });
});

describe("ReviewRegistry under a plain App", () => {
  test("finds no registry and registering is a no-op", () => {
    const outdir = path.join(tmpDir("plain"), "out");
    fs.mkdirSync(outdir);
    const app = new App({ outdir });
    const stack = new TerraformStack(app, "s");
    new TerraformOutput(stack, "o", { value: "x" });
    expect(ReviewRegistry.of(stack)).toBeUndefined();
    expect(() => new Registers(stack, "r", "s")).not.toThrow();
    app.synth();
    expect(fs.existsSync(path.join(outdir, "review.json"))).toBe(false);
  });

  test("Testing.synthScope works with a registering construct", () => {
    expect(() => Testing.synthScope((scope) => void new Registers(scope, "r", "s"))).not.toThrow();
  });

  test("bad review facts at registration raise DeepSeekConfigError", () => {
    const app = new DeepSeekApp({ outdir: tmpDir("bad") });
    expect(() => app.registerPlacement(planDeployment(B200_AWS), { endpoint: { exposure: "internet" as never } }))
      .toThrow('reviewInfo.endpoint.exposure: is not a supported value (got "internet"); use "cluster", "private" or "public"');
  });
});

describe("registerPlacement checks what it is given", () => {
  test("a value that is not a plan is a DeepSeekConfigError, not a TypeError at review time", () => {
    const { DeepSeekApp } = jest.requireActual("../../lib/review") as typeof import("../../lib/review");
    const app = new DeepSeekApp({ outdir: require("node:fs").mkdtempSync(require("node:path").join(require("node:os").tmpdir(), "rp-")) });
    expect(() => app.registerPlacement({} as never)).toThrow("plan.id: is required (got undefined); set it to a string");
    expect(app.placements).toHaveLength(0);
  });
});
