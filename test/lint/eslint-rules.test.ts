// Each rule of eslint.config.mjs fires on a planted fault and stays quiet on its control, linted
// with the project's own config through the ESLint API (in one child process, see lint-child.js).
import { spawnSync } from "node:child_process";
import { join } from "node:path";

interface Linted { path: string; messages: { ruleId: string | null; line: number; message: string }[] }
const FIXTURES = join(__dirname, "fixtures");
const lines = (n: number, width = 20) => Array.from({ length: n }, (_, i) => `export const v${i} = ${"1 + ".repeat(Math.max(0, (width - 20) / 4))}${i};`).join("\n") + "\n";

const files: { path: string; text?: string }[] = [
  // Plan files are pure: by name (plan*.ts anywhere in lib) and by folder (lib/plan/**).
  {
    path: "lib/serving/plan-fault.ts",
    text: [
      'import { TerraformStack } from "cdktf";',
      'import { Construct } from "constructs";',
      'import { readFileSync } from "node:fs";',
      'import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";',
      'import { App } from "../internal/tf";',
      'import { existsSync } from "fs";',
      'import { z } from "zod";',
      'import { servingNames } from "../plan/names";',
      "export { TerraformStack, Construct, readFileSync, EksCluster, App, existsSync, z, servingNames };",
    ].join("\n") + "\n",
  },
  { path: "lib/plan/names-fault.ts", text: 'import { HelmProvider } from "../internal/providers/helm";\nexport { HelmProvider };\n' },
  // Control: an emitter beside the plan may import cdktf and fs.
  { path: "lib/serving/emitter-ok.ts", text: 'import { TerraformStack } from "cdktf";\nimport { readFileSync } from "node:fs";\nexport { TerraformStack, readFileSync };\n' },
  // Import cycles.
  { path: "lib/cycle/a.ts" },
  { path: "lib/cycle/b.ts" },
  { path: "lib/cycle/c.ts" },
  // Line length: 181 characters of code fail, 180 pass; a long string is not counted.
  { path: "lib/long/lines.ts", text: `export const x = [${"1, ".repeat(53)}12];\nexport const y = [${"1, ".repeat(53)}1];\nexport const s = "${"a".repeat(300)}";\n` },
  // File length in lib/: 401 lines fail, 400 pass; outside lib/ no limit.
  { path: "lib/long/too-long.ts", text: lines(401) },
  { path: "lib/long/just-right.ts", text: lines(400) },
  { path: "test/long.test.ts", text: lines(401) },
  // examples/ and stacks/ use the public entry points only.
  {
    path: "examples/app/main.ts",
    text: [
      'import { DeepSeekCluster } from "../../lib";',
      'import { EksInfra } from "../../lib/aws";',
      'import { GkeInfra } from "../../lib/gcp";',
      'import { servingObjects } from "../../lib/serving/namespace-objects";',
      'import { ManifestBundle } from "../../lib/internal/manifest-bundle";',
      'import { AwsProvider } from "@cdktf/provider-aws/lib/provider";',
      'import { planTraffic } from "cdktf-deepseek/traffic";',
      "export { DeepSeekCluster, EksInfra, GkeInfra, servingObjects, ManifestBundle, AwsProvider, planTraffic };",
    ].join("\n") + "\n",
  },
  { path: "stacks/main.ts", text: 'import { DeepSeekApp } from "../lib";\nimport { planDrain } from "../lib/serving/plan-drain";\nexport { DeepSeekApp, planDrain };\n' },
];

const child = spawnSync(process.execPath, [join(__dirname, "lint-child.js")], { input: JSON.stringify({ cwd: FIXTURES, files }), encoding: "utf8" });
const results: Linted[] = child.status === 0 ? JSON.parse(child.stdout) : [];
const hits = (path: string, rule?: string) => results.find((r) => r.path === path)!.messages.filter((m) => rule === undefined || m.ruleId === rule).map((m) => m.line);

describe("eslint.config.mjs rules fire on planted faults", () => {
  test("the linter ran every fixture", () => {
    expect(child.stderr).toBe("");
    expect(results.map((r) => r.path)).toEqual(files.map((f) => f.path));
  });

  test("plan files import nothing from cdktf, constructs, providers, fs or the cdktf seams", () => {
    expect(hits("lib/serving/plan-fault.ts", "no-restricted-imports")).toEqual([1, 2, 3, 4, 5, 6]);
    expect(hits("lib/plan/names-fault.ts", "no-restricted-imports")).toEqual([1]);
    expect(hits("lib/serving/emitter-ok.ts")).toEqual([]);
  });

  test("an import cycle is refused at both ends; a file importing into it is not", () => {
    expect(hits("lib/cycle/a.ts", "import-x/no-cycle")).toEqual([2]);
    expect(hits("lib/cycle/b.ts", "import-x/no-cycle")).toEqual([1]);
    expect(hits("lib/cycle/c.ts")).toEqual([]);
  });

  test("lines over 180 characters of code are refused; long strings are not", () => {
    expect(hits("lib/long/lines.ts")).toEqual([1]);
    expect(results.find((r) => r.path === "lib/long/lines.ts")!.messages[0]).toMatchObject({ ruleId: "max-len" });
  });

  test("files in lib/ over 400 lines are refused", () => {
    expect(hits("lib/long/too-long.ts", "max-lines")).toEqual([401]);
    expect(hits("lib/long/just-right.ts")).toEqual([]);
    expect(hits("test/long.test.ts")).toEqual([]);
  });

  test("examples/ and stacks/ import only lib, lib/aws and lib/gcp (and providers by submodule)", () => {
    expect(hits("examples/app/main.ts", "no-restricted-imports")).toEqual([4, 5, 7]);
    expect(hits("stacks/main.ts", "no-restricted-imports")).toEqual([2]);
  });
});
