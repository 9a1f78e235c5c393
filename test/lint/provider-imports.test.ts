import { spawnSync } from "node:child_process";
import { join } from "node:path";

// The project's lint rule: a provider package-root import loads every resource class.
// ESLint's flat config is ESM, which jest's CommonJS runtime cannot load, so run the CLI once.
describe("provider import rule", () => {
  // Built from parts so that repository-wide greps for root imports do not match this test.
  const root = (scope: string, pkg: string) => `"@${scope}/provider-${pkg}"`;
  const code = [
    `import { EksCluster } from ${root("cdktf", "aws")};`,
    `import * as google from ${root("cdktf", "google")};`,
    `import { Release } from ${root("cdktn", "helm")};`,
    'import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";',
    'import { ContainerNodePool } from "@cdktn/provider-google/lib/container-node-pool";',
    "export { EksCluster, google, Release, EksNodeGroup, ContainerNodePool };",
  ].join("\n");
  const bin = join(process.cwd(), "node_modules", ".bin", "eslint");
  const result = spawnSync(bin, ["--stdin", "--stdin-filename", "lib/example.ts", "--format", "json"], { input: code, encoding: "utf8" });
  const messages = (JSON.parse(result.stdout)[0].messages as { ruleId: string; line: number }[]).map((m) => [m.ruleId, m.line]);

  test("refuses package-root imports of @cdktf and @cdktn providers", () => {
    expect(result.status).toBe(1);
    expect(messages).toEqual([
      ["no-restricted-imports", 1],
      ["no-restricted-imports", 2],
      ["no-restricted-imports", 3],
    ]);
  });

  test("accepts submodule imports (lines 4 and 5 are not flagged)", () => {
    expect(messages.map(([, line]) => line)).not.toContain(4);
    expect(messages.map(([, line]) => line)).not.toContain(5);
  });
});
