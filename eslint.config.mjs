// Lint: the one rule this project cannot live without is the provider import rule.
// A package-root import of a prebuilt provider loads every resource class (seconds, ~1 GB).
import tseslint from "typescript-eslint";

const providerRoot = {
  regex: "^@(cdktf|cdktn)/provider-[a-z0-9-]+/?$",
  message: "Import provider classes from their submodule (@cdktf/provider-aws/lib/<resource>), never the package root.",
};

export default tseslint.config(
  { ignores: ["node_modules/**", "dist/**", "cdktf.out/**", "**/*.js", "**/*.mjs"] },
  {
    files: ["**/*.ts"],
    languageOptions: { parser: tseslint.parser },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "no-restricted-imports": ["error", { patterns: [providerRoot] }],
    },
  },
);
