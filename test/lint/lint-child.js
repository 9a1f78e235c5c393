// Lints files with the project's eslint.config.mjs through the ESLint API, in a child process:
// the flat config is ESM, which jest's CommonJS runtime cannot import. Reads
// {cwd, files: [{path, text?}]} as JSON on stdin; writes [{path, messages: [{ruleId, line}]}].
const { ESLint } = require("eslint");
const { join } = require("node:path");

async function main() {
  const input = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
  const eslint = new ESLint({ cwd: input.cwd, overrideConfigFile: join(__dirname, "..", "..", "eslint.config.mjs"), ignore: false });
  const out = [];
  for (const f of input.files) {
    const [result] = f.text === undefined ? await eslint.lintFiles([f.path]) : await eslint.lintText(f.text, { filePath: join(input.cwd, f.path) });
    out.push({ path: f.path, messages: result.messages.map((m) => ({ ruleId: m.ruleId, line: m.line, message: m.message })) });
  }
  process.stdout.write(JSON.stringify(out));
}
main().catch((e) => { console.error(e); process.exit(1); });
