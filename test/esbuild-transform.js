// Jest transform: TypeScript to CommonJS with esbuild (no type-check; `npm run typecheck` does that).
// A local transformer instead of @swc/jest: swc's per-platform binaries are not all on the registry
// mirror CI uses, which makes `npm ci` refuse the lockfile.
const { transformSync } = require("esbuild");

module.exports = {
  process(source, filename) {
    const result = transformSync(source, { loader: "ts", format: "cjs", target: "es2022", sourcemap: "inline", sourcefile: filename });
    return { code: result.code };
  },
};
