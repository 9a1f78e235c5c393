#!/usr/bin/env node
// Re-reads the NVIDIA/TensorRT-LLM files the serving recipes reproduce (test/fixtures/nvidia/sources.json)
// and reports any difference from the vendored copies.
//   node scripts/refresh-nvidia-recipes.mjs                 check every fixture at its recorded commit
//   node scripts/refresh-nvidia-recipes.mjs --commit <sha>  read every file at <sha>; rewrite 'file' fixtures and
//                                                          sources.json; list 'excerpt' fixtures to re-quote by hand
// Needs network access to raw.githubusercontent.com. Then run `npx jest test/catalog/nvidia-recipes.test.ts`
// and update the recipes (lib/catalog/recipes.ts) and their declared deviations.
import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "test", "fixtures", "nvidia");
const sourcesPath = join(root, "sources.json");
const sources = JSON.parse(readFileSync(sourcesPath, "utf8"));
const i = process.argv.indexOf("--commit");
const newCommit = i > 0 ? process.argv[i + 1] : undefined;
if (i > 0 && !/^[0-9a-f]{40}$/.test(newCommit ?? "")) {
  console.error("--commit takes a 40-hex commit");
  process.exit(2);
}

let differences = 0;
for (const row of sources.files) {
  const commit = newCommit ?? row.commit;
  const url = `https://raw.githubusercontent.com/${sources.repository}/${commit}/${row.path}`;
  const response = await fetch(url);
  if (!response.ok) {
    console.log(`MISSING ${row.path} @${commit.slice(0, 8)} (${response.status})`);
    differences++;
    continue;
  }
  const upstream = await response.text();
  const local = readFileSync(join(root, row.fixture), "utf8");
  if (row.kind === "file") {
    if (upstream === local) continue;
    differences++;
    console.log(`CHANGED ${row.path} @${commit.slice(0, 8)}`);
    if (newCommit) {
      writeFileSync(join(root, row.fixture), upstream);
      row.commit = newCommit;
    }
  } else if (row.kind === "extract") {
    // The manifest entries for the paths the fixture holds, compared entry by entry.
    const mine = JSON.parse(local);
    const wanted = new Set(mine.TorchLlmArgs.map((e) => e.path));
    const theirs = JSON.parse(upstream).TorchLlmArgs.filter((e) => wanted.has(e.path));
    if (JSON.stringify(theirs) === JSON.stringify(mine.TorchLlmArgs)) continue;
    differences++;
    console.log(`CHANGED ${row.path} @${commit.slice(0, 8)}: entries for the emitted paths differ (or some are gone)`);
    if (newCommit) {
      writeFileSync(join(root, row.fixture), `${JSON.stringify({ ...mine, _provenance: { ...mine._provenance, commit: newCommit }, TorchLlmArgs: theirs }, null, 2)}\n`);
      row.commit = newCommit;
    }
  } else if (!upstream.includes(row.anchor)) {
    differences++;
    console.log(`EXCERPT ${row.fixture}: anchor "${row.anchor}" no longer in ${row.path} @${commit.slice(0, 8)}; re-quote by hand`);
  } else if (newCommit) {
    console.log(`EXCERPT ${row.fixture}: anchor found at ${newCommit.slice(0, 8)}; check the quoted block and command, then set its commit`);
  }
}
if (newCommit) writeFileSync(sourcesPath, `${JSON.stringify(sources, null, 2)}\n`);
console.log(differences === 0 ? "all fixtures match upstream" : `${differences} difference(s)`);
process.exit(differences === 0 ? 0 : 1);
