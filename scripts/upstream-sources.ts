/**
 * Writes upstream/SOURCES.md from the digests in upstream/ (run by scripts/refresh-upstream.sh):
 * one row per file read, with repository, ref, commit and path.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

interface Digest { id: string; version: string; source: { repository: string; ref: string; commit: string; path: string; files: { path: string; blob: string }[] }; note?: string }
const rows: string[] = [];
for (const dir of ["upstream/charts", "upstream/images"]) {
  let names: string[] = [];
  try { names = readdirSync(dir).filter((n) => n.endsWith(".json")).sort(); } catch { continue; }
  for (const n of names) {
    const d = JSON.parse(readFileSync(join(dir, n), "utf8")) as Digest;
    for (const f of d.source.files) rows.push(`| ${join(dir, n)} | ${d.id} ${d.version} | ${d.source.repository} | ${d.source.ref} | ${d.source.commit} | ${f.path} | ${f.blob} |`);
  }
}
writeFileSync("upstream/SOURCES.md", [
  "# Upstream sources",
  "",
  "What preflight (lib/preflight) checks against: facts derived from the upstream repositories at the",
  "pinned versions (key trees of values.yaml, scheduling defaults, CRDs installed, published",
  "versions, metric names). Written by `bash scripts/refresh-upstream.sh`; do not edit by hand.",
  "Published versions are the tags whose tree holds the chart (or, for aws/eks-charts, every",
  "version its Chart.yaml carried), plus versions a release page names (`publishedElsewhere`).",
  "",
  "| digest | version | repository | ref | commit | path | git blob |",
  "|---|---|---|---|---|---|---|",
  ...rows,
  "",
].join("\n"));
process.stdout.write(`upstream/SOURCES.md: ${rows.length} files\n`);
