// Jest transform: TypeScript to CommonJS with esbuild (no type-check; `npm run typecheck` does that).
// A local transformer instead of @swc/jest: swc's per-platform binaries are not all on the registry
// mirror CI uses, which makes `npm ci` refuse the lockfile.
// The source map is handed to jest beside the code (jest keeps it in its own file and reads it only
// to format a stack trace), not inlined: inlined, every cached module is about three times larger
// and jest reads it again in every test file. The cache key covers this file and esbuild's version,
// so a change to either transforms again.
const { createHash } = require("node:crypto");
const { readFileSync } = require("node:fs");
const { transformSync, version } = require("esbuild");

const transformerSource = readFileSync(__filename, "utf8");

module.exports = {
  getCacheKey(source, filename) {
    return createHash("sha1").update(transformerSource).update(version).update(filename).update("\0").update(source).digest("hex");
  },
  process(source, filename) {
    const result = transformSync(source, { loader: "ts", format: "cjs", target: "es2022", sourcemap: "external", sourcefile: filename });
    return { code: result.code, map: result.map };
  },
};
