import { spawnSync } from "node:child_process";
import { join } from "node:path";

// The project's lint rule: a provider package-root import loads every resource class.
// ESLint's flat config is ESM, which jest's CommonJS runtime cannot load, so run the CLI.
function lint(code: string): { status: number | null; output: string } {
  const bin = join(process.cwd(), "node_modules", ".bin", "eslint");
  const result = spawnSync(bin, ["--stdin", "--stdin-filename", "lib/example.ts", "--format", "json"], { input: code, encoding: "utf8" });
  return { status: result.status, output: result.stdout };
}

describe("provider import rule", () => {
  test("refuses package-root imports of @cdktf and @cdktn providers", () => {
    const code = [
      'import { EksCluster } from "@cdktf/provider-aws";',
      'import * as google from "@cdktf/provider-google";',
      'import { Release } from "@cdktn/provider-helm";',
    ].join("\n");
    const { status, output } = lint(code);
    expect(status).toBe(1);
    const messages = JSON.parse(output)[0].messages as { ruleId: string; line: number }[];
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ["no-restricted-imports", 1],
      ["no-restricted-imports", 2],
      ["no-restricted-imports", 3],
    ]);
  });

  test("accepts submodule imports", () => {
    const { status, output } = lint('import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";\nexport { EksCluster };\n');
    expect(JSON.parse(output)[0].messages).toEqual([]);
    expect(status).toBe(0);
  });
});
