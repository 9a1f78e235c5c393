#!/usr/bin/env node
// `npm run preflight` (and any `node scripts/cli.js <command> ...`): runs bin/cdktf-deepseek.ts from
// the compiled JavaScript scripts/synth.js keeps in .cache/synth (rebuilt only when a source
// changed), as the published package runs dist/bin. Through tsx the same command spent most of
// its second transpiling on every start; compiled, it starts in a few tens of milliseconds.
"use strict";
const path = require("node:path");
const { ensureBuilt, OUT } = require("./synth");

ensureBuilt();
require(path.join(OUT, "bin", "cdktf-deepseek.js"));
