import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp, DeepSeekCluster } from "../../lib";
import { runSynth, synthSummary } from "../../lib/app/synth-summary";
import { DEFAULT_CLUSTERS, buildDefaultApp } from "../../stacks/default-app";

const collect = () => {
  const out = { stdout: "", stderr: "" };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
};
const refusing = () => {
  const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "deepseek-cli-")) });
  new DeepSeekCluster(app, "bad", { ...DEFAULT_CLUSTERS["b200-us"], placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xH100" }] });
  return app;
};

describe("npm run synth", () => {
  test("prints clusters, placements, stacks, warnings (grouped) and where the review is", () => {
    const { out, io } = collect();
    const outdir = join(mkdtempSync(join(tmpdir(), "deepseek-cli-")), "cdktf.out");
    expect(runSynth(() => buildDefaultApp(outdir), io)).toBe(0);
    const text = out.stdout;
    expect(text).toMatch(/^cdktf-deepseek: 4 clusters, 5 placements, 11 stacks in /);
    expect(text).toMatch(/eu-multi: gcp-euw1 \(GCP europe-west1, 8xH200, 1-2 replicas\); aws-eun1/);
    expect(text).toMatch(/state is local/);
    // One line for a warning every placement shares, naming them.
    expect(text.match(/checkpoint revision "main" is not a commit/g)).toHaveLength(1);
    expect(text).toMatch(/Review: .*review\.md/);
    expect(text.split("\n").length).toBeLessThan(25);
    expect(out.stderr).toBe("");
  });

  test("a refusal prints once, one line, no stack trace unless asked", () => {
    const quiet = collect();
    expect(runSynth(refusing, quiet.io)).toBe(1);
    expect(quiet.out.stdout).toBe("");
    const lines = quiet.out.stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^cdktf-deepseek: refused: bad\.placements\.0\.hardware: .*\(got "8xH100"\); /);
    expect(lines).toHaveLength(2);
    expect(quiet.out.stderr).not.toMatch(/\n\s+at /);
    const loud = collect();
    expect(runSynth(refusing, { ...loud.io, stackTraces: true })).toBe(1);
    expect(loud.out.stderr).toMatch(/\n\s+at /);
  });

  test("the command itself: exit code 1 and the one-line refusal on stderr", () => {
    const dir = mkdtempSync(join(tmpdir(), "deepseek-cli-run-"));
    const script = join(dir, "main.ts");
    writeFileSync(script, `
      import { DeepSeekApp, DeepSeekCluster } from ${JSON.stringify(join(__dirname, "../../lib"))};
      import { runSynth } from ${JSON.stringify(join(__dirname, "../../lib/app/synth-summary"))};
      process.exitCode = runSynth(() => { const app = new DeepSeekApp({ outdir: ${JSON.stringify(join(dir, "cdktf.out"))} });
        new DeepSeekCluster(app, "bad", { model: "deepseek-r1", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xH100" }], endpoint: { hostname: "a.acme.io" } }); return app; },
        { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t), stackTraces: process.env.DEEPSEEK_STACK_TRACE === "1" });
    `);
    const run = spawnSync(process.execPath, [require.resolve("tsx/cli"), script], { encoding: "utf8", timeout: 60000 });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(2);
    expect(run.stderr).toMatch(/bad\.placements\.0\.hardware/);
  });

  test("the summary names paths relative to the working directory", () => {
    const app = buildDefaultApp(join(mkdtempSync(join(tmpdir(), "deepseek-cli-")), "cdktf.out"));
    app.synth();
    expect(synthSummary(app, join(app.outdir, ".."))).toMatch(/ in cdktf\.out\//);
  });
});
