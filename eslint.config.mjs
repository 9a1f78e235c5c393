// Lint: rules a machine checks in `npm test` (test/lint/ plants a fault for each and sees it fire).
// - provider imports from submodules only: a package-root import of a prebuilt provider loads every
//   resource class (seconds, ~1 GB);
// - plan files (lib/**/plan*.ts, lib/plan/**) are pure: nothing from cdktf, constructs, providers,
//   fs, or the project's cdktf seams (lib/internal/tf, providers, manifest-bundle);
// - no import cycles in lib/ (import-x/no-cycle);
// - lines at most 180 characters (strings, template literals, URLs and regular expressions aside),
//   files in lib/ at most 400 lines;
// - examples/ and stacks/ use only the package's public entry points (lib = `cdktf-deepseek`,
//   lib/aws = `cdktf-deepseek/aws`, lib/gcp = `cdktf-deepseek/gcp`).
import tseslint from "typescript-eslint";
import importX from "eslint-plugin-import-x";
import { createNodeResolver } from "eslint-plugin-import-x";

const providerRoot = {
  regex: "^@(cdktf|cdktn)/provider-[a-z0-9-]+/?$",
  message: "Import provider classes from their submodule (@cdktf/provider-aws/lib/<resource>), never the package root.",
};
const impure = {
  regex: "^(cdktf|constructs|fs|node:fs|fs/promises|node:fs/promises)$|^@(cdktf|cdktn)/|(^|/)internal/(tf|providers(/.*)?|manifest-bundle)$",
  message: "Plan files are pure: no cdktf, constructs, providers, fs or cdktf seams. Decide here; emit in a construct beside this file.",
};
const internals = {
  regex: "^\\.\\.?/(.*/)?lib/(?!(aws|gcp)$)|^cdktf-deepseek/(?!(aws|gcp)$)",
  message: "examples/ and stacks/ use the public entry points only: lib (cdktf-deepseek), lib/aws, lib/gcp.",
};

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "cdktf.out/**", "**/cdktf.out/**", ".cache/**", "**/*.js", "**/*.mjs", "test/lint/fixtures/**"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "no-restricted-imports": ["error", { patterns: [providerRoot] }],
      "max-len": ["error", { code: 180, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    files: ["lib/**/plan*.ts", "lib/plan/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [providerRoot, impure] }] },
  },
  {
    files: ["examples/**/*.ts", "stacks/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [providerRoot, internals] }] },
  },
  {
    files: ["lib/**/*.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/extensions": [".ts"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
      "import-x/resolver-next": [createNodeResolver({ extensions: [".ts", ".js", ".json"] })],
    },
    rules: {
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "max-lines": ["error", { max: 400, skipBlankLines: false, skipComments: false }],
    },
  },
);
