#!/usr/bin/env node
// `npm run build` step after tsc: copies the files that compiled modules read at load (scripts
// that run in pods, under lib/**/scripts/) into dist/ beside the JavaScript, so the package
// (package.json `files`: dist/lib) ships them.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const DEST = path.join(ROOT, process.argv[2] ?? "dist");

function assets(dir, inScripts = false) {
  const out = [];
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...assets(rel, inScripts || e.name === "scripts"));
    else if (inScripts && !e.name.endsWith(".ts")) out.push(rel);
  }
  return out;
}

const files = assets("lib");
for (const f of files) {
  fs.mkdirSync(path.dirname(path.join(DEST, f)), { recursive: true });
  fs.copyFileSync(path.join(ROOT, f), path.join(DEST, f));
}
module.exports = { files };
if (require.main === module) console.log(`copied ${files.length} pod script(s) into ${path.relative(ROOT, DEST) || "."}`);
