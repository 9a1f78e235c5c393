#!/usr/bin/env node
// Prints the ForceNew attribute paths of the Google resources lib/review/force-new.ts vendors, read
// from a git checkout of hashicorp/terraform-provider-google at a tag:
//   node scripts/force-new-lists.mjs <checkout> v6.50.0
// A schema entry `"name": {` opens a path segment; `ForceNew: true` marks the innermost open one.
// node_config.go is the node pool's `node_config` block (schemaNodeConfig()), so its paths are
// prefixed with `node_config.`. Compare the output with FORCE_NEW before editing it.
import { execFileSync } from "node:child_process";

const [checkout, tag] = process.argv.slice(2);
if (!checkout || !tag) {
  console.error("usage: node scripts/force-new-lists.mjs <terraform-provider-google checkout> <tag>");
  process.exit(1);
}
const show = (path) => execFileSync("git", ["-C", checkout, "show", `${tag}:${path}`], { encoding: "utf8", maxBuffer: 64 << 20 });

function forceNewPaths(text) {
  const stack = [];
  const out = [];
  let depth = 0;
  for (const line of text.split("\n")) {
    const entry = /^\s*"([a-z0-9_]+)":\s*\{/.exec(line);
    if (entry) stack.push([entry[1], depth]);
    if (/ForceNew:\s*true/.test(line) && stack.length) out.push(stack.map(([k]) => k).join("."));
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    while (stack.length && stack[stack.length - 1][1] >= depth) stack.pop();
  }
  return [...new Set(out)].sort();
}

const nodeConfig = forceNewPaths(show("google/services/container/node_config.go")).map((p) => `node_config.${p}`);
const lists = {
  google_container_node_pool: [...forceNewPaths(show("google/services/container/resource_container_node_pool.go")).filter((p) => !p.startsWith("node_config")), ...nodeConfig].sort(),
  google_container_cluster: forceNewPaths(show("google/services/container/resource_container_cluster.go")).filter((p) => !p.startsWith("node_pool.") && !p.startsWith("node_config.")),
  google_storage_bucket: forceNewPaths(show("google/services/storage/resource_storage_bucket.go")),
};
console.log(JSON.stringify({ tag, commit: execFileSync("git", ["-C", checkout, "rev-list", "-n1", tag], { encoding: "utf8" }).trim(), lists }, null, 2));
