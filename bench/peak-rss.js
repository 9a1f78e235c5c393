// Loaded with NODE_OPTIONS=--require by `npm run bench` into every Node process of a measured
// command (npm itself, the synth): at exit, appends this process's peak resident set size (KiB,
// from getrusage) and CPU time (user + system, microseconds) to the file named by BENCH_RSS_FILE.
"use strict";
const file = process.env.BENCH_RSS_FILE;
if (file) process.on("exit", () => {
  const u = process.resourceUsage();
  require("node:fs").appendFileSync(file, `${u.maxRSS} ${u.userCPUTime + u.systemCPUTime}\n`);
});
