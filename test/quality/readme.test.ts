// The README read as a newcomer reads it: what it quotes (the refusal example, the cold-start
// arithmetic, the hardware matrix's defaults), the files and scripts it names and the names it
// imports from the package must be what the code does today. Each of these was found stale once.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { App } from "cdktf";
import * as root from "../../lib";
import * as aws from "../../lib/aws";
import * as gcp from "../../lib/gcp";
import { DeepSeekApp, DeepSeekCluster, planCluster, planDeployment, type DeploymentPlan } from "../../lib";

const repo = join(__dirname, "..", "..");
const readme = readFileSync(join(repo, "README.md"), "utf8");
const squash = (s: string) => s.replace(/\s+/g, " ").trim();
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("was not refused");
};

describe("README quotes what the code does", () => {
  test("the refusal shown at the top is the planner's message for R1 FP8 on one 8xH100 node", () => {
    const block = /What cannot work is refused[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const message = refusal(() => planDeployment({ model: "deepseek-r1", hardware: "8xH100", cloud: "aws", region: "us-east-1" }));
    expect(squash(block!)).toBe(message);
  });

  test("the cold-start example is the plan's arithmetic for DeepSeek-R1 FP8", () => {
    const m = /\(DeepSeek-R1 FP8, ([\d.]+) GB: (\d+) s staging \+ (\d+) s loading \+ (\d+) s warm-up, ×1\.5 → ([\d,]+) s startup probe\)/.exec(readme);
    expect(m).not.toBeNull();
    const c = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1" }).coldStart;
    expect(m!.slice(1).map((x) => Number(x.replace(/,/g, "")))).toEqual([c.checkpointGB, c.stageSeconds, c.loadSeconds, c.warmupSeconds, c.startupBudgetSeconds]);
  });

  test("the hardware matrix's node types, weights and default layouts are the planner's", () => {
    const regions = { aws: "us-east-1", gcp: "us-central1" } as const;
    const layout = (p: DeploymentPlan) =>
      `TP${p.tensorParallel} EP${p.expertParallel}${p.attentionDataParallel ? " attention-DP" : ""}${p.mtpLayers ? `, MTP${p.mtpLayers}` : ""}`;
    const rows = ["8xB200", "8xH200", "2x8xH100"].map((hardware) => {
      const row = readme.split("\n").find((l) => l.startsWith(`| \`${hardware}\` |`));
      expect(row).toBeDefined();
      const [, awsType, gcpType, weights, layouts] = row!.split("|").slice(1).map((c) => c.trim());
      const plan = (cloud: "aws" | "gcp", mode?: "throughput" | "latency") =>
        planDeployment({ model: "deepseek-r1", hardware, cloud, region: cloud === "aws" && hardware === "8xB200" ? "us-east-2" : regions[cloud], mode });
      return {
        written: [/`([^`]+)`/.exec(awsType)?.[1], /`([^`]+)`/.exec(gcpType)?.[1], weights.split(" ")[0], layouts],
        planned: [plan("aws").nodeType, plan("gcp").nodeType, plan("aws").weightPrecision.toUpperCase(), `${layout(plan("aws", "throughput"))} / ${layout(plan("aws", "latency"))}`],
      };
    });
    for (const r of rows) expect(r.written).toEqual(r.planned);
  });

  test("the per-placement DNS name is the one the endpoint plan publishes", () => {
    expect(readme).toContain("publishes `<cloud>-<region>.<hostname>` for each\nplacement (`aws-eu-north-1.api.example.eu`, whatever the placement's `name`)");
    const plan = planCluster({
      model: "deepseek-r1-0528", endpoint: { hostname: "api.example.eu", route53ZoneId: "Z0123456789ABC" },
      placements: [{ cloud: "aws", region: "eu-north-1", hardware: "8xH200", name: "north" }, { cloud: "gcp", region: "europe-west1", hardware: "8xH200", name: "west", gcp: { project: "my-proj-123" } }],
    });
    expect(plan.endpoint.placements[0].hostname).toBe("aws-eu-north-1.api.example.eu");
  });

  test("under a plain App a cluster synthesizes without review or preflight, with cdktf's absolute state path; DeepSeekApp writes both", () => {
    expect(squash(readme)).toContain("under a plain `App` the cluster synthesizes (and a jurisdiction still locks its stacks), but nothing writes `review.md`/`review.json` or runs preflight, and cdktf's default local state path is absolute");
    const props = { model: "deepseek-r1-0528", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }], endpoint: { hostname: "api.acme.io" } } as const;
    const synth = (make: (outdir: string) => App) => {
      const outdir = join(mkdtempSync(join(tmpdir(), "readme-app-")), "cdktf.out");
      const app = make(outdir);
      new DeepSeekCluster(app, "prod", props);
      app.synth();
      const infra = JSON.parse(readFileSync(join(outdir, "stacks", "prod-aws-us-east-2-infra", "cdk.tf.json"), "utf8")) as { terraform: { backend: { local: { path: string } } } };
      return { review: existsSync(join(outdir, "review.md")), statePath: infra.terraform.backend.local.path };
    };
    const plain = synth((outdir) => new App({ outdir }));
    expect(plain.review).toBe(false);
    expect(isAbsolute(plain.statePath)).toBe(true);
    const ours = synth((outdir) => new DeepSeekApp({ outdir }));
    expect(ours.review).toBe(true);
    expect(isAbsolute(ours.statePath)).toBe(false);
  });

  test("the shortened-name example is what a long cluster id gets", () => {
    const m = /\(cluster `([a-z0-9-]+)`, placement `([a-z0-9-]+)`:\s+`([a-z0-9-]+)` on AWS\)/.exec(readme);
    expect(m).not.toBeNull();
    const [, id, placement, shortened] = m!;
    const plan = planCluster({ model: "deepseek-r1-0528", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }], endpoint: { hostname: "api.acme.io" } }, { id });
    expect([plan.placementPlans[0].name, plan.placementPlans[0].deployment.resourcePrefix]).toEqual([placement, shortened]);
    expect(shortened).toHaveLength(24);
  });

  test("every repository path it names exists", () => {
    const paths = [...readme.matchAll(/`?((?:lib|test|scripts|examples|upstream|stacks|bench|bin|\.ci)\/[A-Za-z0-9_./-]+)/g)]
      .map((m) => m[1].replace(/[.,;:)]+$/, ""))
      .filter((p) => !p.startsWith("lib/provider")); // @cdktf/provider-aws/lib/provider, a package path
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !existsSync(join(repo, p)))).toEqual([]);
  });

  test("every npm script it names is in package.json", () => {
    const scripts = (JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const named = [...readme.matchAll(/npm run ([a-z:]+)/g)].map((m) => m[1]);
    expect(named.filter((s) => !(s in scripts))).toEqual([]);
  });

  test("every name its examples import from the package is exported there", () => {
    const entries: Record<string, object> = { "cdktf-deepseek": root, "cdktf-deepseek/aws": aws, "cdktf-deepseek/gcp": gcp };
    const imports = [...readme.matchAll(/import \{([^}]+)\} from "(cdktf-deepseek[^"]*)"/g)];
    expect(imports.length).toBeGreaterThan(1);
    const missing = imports.flatMap(([, names, from]) => names.split(",").map((n) => n.trim()).filter((n) => n && !(n in entries[from])).map((n) => `${n} from ${from}`));
    // Type-only names (ClusterTarget) leave no runtime export: check them in the declarations.
    const declared = readFileSync(join(repo, "lib", "index.ts"), "utf8");
    expect(missing.filter((m) => !new RegExp(`\\b${m.split(" ")[0]}\\b`).test(declared))).toEqual([]);
  });
});
