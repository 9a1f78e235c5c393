/**
 * Reads one Helm chart at one git ref of its upstream repository and writes the facts preflight
 * checks against, with provenance, to upstream/charts/<id>.json. Run by scripts/refresh-upstream.sh
 * (which clones the repositories); never at synth or test time.
 *
 *   tsx scripts/upstream-digest.ts <git-dir> <spec-json>
 *
 * spec: { id, chart, version, repository, ref, path, subcharts?: {alias: path}, crdDirs?: [dir], published: {
 *   kind: "tags", pattern: "<regex with one capture: the chart version>", prefix?: "v" } |
 *   { kind: "chart-history" }, extraPublished?: [{ version, source }] }
 *
 * What is kept is derived, not copied: the key tree of values.yaml (with the kind of each leaf),
 * the scheduling defaults (affinity, nodeSelector, tolerations, resources), the CRDs the chart
 * installs, the versions published, and the files read with their blob ids.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";

interface Spec {
  id: string; chart: string; version: string; repository: string; ref: string; path: string;
  subcharts?: Record<string, string>;
  /** Workloads whose scheduling values live below the top level, e.g. inferencepool's EPP at ["inferenceExtension"]. */
  workloads?: { at: string[] }[];
  /** Directories whose CRDs the release build copies into the chart (ESO, cert-manager). */
  crdDirs?: string[];
  published: { kind: "tags"; pattern: string; prefix?: string } | { kind: "chart-history" };
  extraPublished?: { version: string; source: string }[];
  note?: string;
}

const [gitDir, specJson, outDir = "upstream/charts"] = process.argv.slice(2);
if (!gitDir || !specJson) {
  process.stderr.write("usage: tsx scripts/upstream-digest.ts <git-dir> <spec-json> [out-dir]\n");
  process.exit(1);
}
const spec = JSON.parse(specJson) as Spec;
const git = (...args: string[]): string => execFileSync("git", ["-C", gitDir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
const tryGit = (...args: string[]): string | undefined => {
  try { return execFileSync("git", ["-C", gitDir, ...args], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "ignore"] }); } catch { return undefined; }
};

const commit = git("rev-parse", `${spec.ref}^{commit}`).trim();
const files: { path: string; blob: string }[] = [];
function read(path: string): string | undefined {
  const text = tryGit("show", `${commit}:${path}`);
  if (text !== undefined) files.push({ path, blob: git("rev-parse", `${commit}:${path}`).trim() });
  return text;
}
const first = (dir: string, names: string[]): string | undefined => {
  for (const n of names) { const t = read(`${dir}/${n}`); if (t !== undefined) return t; }
  return undefined;
};

/** The key tree: nested objects for non-empty maps; leaves "map" (free-form, empty), "list", "scalar". */
type Shape = { [k: string]: Shape | "map" | "list" | "scalar" };
function shapeOf(v: unknown): Shape | "map" | "list" | "scalar" {
  if (Array.isArray(v)) return "list";
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length ? Object.fromEntries(entries.map(([k, x]) => [k, shapeOf(x)])) : "map";
  }
  return "scalar";
}
// Helm templates inside values.tmpl.yaml ({{ }}) are not YAML; blank them before parsing.
const parseValues = (text: string | undefined): Record<string, unknown> => (text ? (parse(text.replace(/\{\{[^}]*\}\}/g, "x")) ?? {}) : {});

const chartYaml = parse(first(spec.path, ["Chart.yaml", "Chart.template.yaml"]) ?? "{}") as Record<string, unknown>;
const values = parseValues(first(spec.path, ["values.yaml", "values.tmpl.yaml"]));
for (const [alias, sub] of Object.entries(spec.subcharts ?? {})) {
  const subValues = parseValues(first(sub, ["values.yaml"]));
  values[alias] = { ...subValues, ...((values[alias] as Record<string, unknown>) ?? {}) };
}
const schemaText = read(`${spec.path}/values.schema.json`);
type JsonSchema = { $ref?: string; $defs?: Record<string, JsonSchema>; properties?: Record<string, unknown>; additionalProperties?: unknown };
const rawSchema = schemaText ? (JSON.parse(schemaText) as JsonSchema) : undefined;
// cert-manager's schema roots at {"$ref": "#/$defs/helm-values"}.
const schema = rawSchema?.$ref?.startsWith("#/$defs/") ? rawSchema.$defs?.[rawSchema.$ref.slice("#/$defs/".length)] : rawSchema;

// CRDs: any file under the chart (and its subcharts) whose documents declare a CustomResourceDefinition.
const crds = new Set<string>();
for (const dir of [spec.path, ...Object.values(spec.subcharts ?? {}), ...(spec.crdDirs ?? [])]) {
  const list = git("ls-tree", "-r", "--name-only", commit, "--", dir).split("\n").filter((p) => /\.(ya?ml)$/.test(p));
  for (const p of list) {
    const text = git("show", `${commit}:${p}`);
    if (!/kind:\s*CustomResourceDefinition/.test(text)) continue;
    files.push({ path: p, blob: git("rev-parse", `${commit}:${p}`).trim() });
    for (const doc of parseAllDocuments(text.replace(/\{\{[^}]*\}\}/g, "x"))) {
      const o = doc.toJS() as { kind?: string; spec?: { group?: string; names?: { plural?: string } } } | null;
      if (o?.kind === "CustomResourceDefinition" && o.spec?.group && o.spec.names?.plural) crds.add(`${o.spec.names.plural}.${o.spec.group}`);
    }
  }
}

// What the templates read: every `.Values.a.b` path (keys a chart reads though values.yaml leaves
// them out or commented), and the paths used whole (ranged over, assigned, passed to toYaml or
// `with`), under which any key is the chart's to accept.
const templateKeys = new Set<string>();
const freeForm = new Set<string>();
for (const dir of [spec.path, ...Object.values(spec.subcharts ?? {})]) {
  const list = git("ls-tree", "-r", "--name-only", commit, "--", `${dir}/templates`).split("\n").filter((p) => /\.(ya?ml|tpl|txt)$/.test(p));
  for (const p of list) {
    const text = git("show", `${commit}:${p}`);
    if (/\.Values\./.test(text)) files.push({ path: p, blob: git("rev-parse", `${commit}:${p}`).trim() });
    for (const m of text.matchAll(/\.Values((?:\.[A-Za-z0-9_-]+)+)/g)) {
      // Subcharts here are library charts (epplib): their templates run with the parent's values.
      const path = m[1].slice(1);
      templateKeys.add(path);
      const after = text.slice(m.index! + m[0].length, m.index! + m[0].length + 12);
      const before = text.slice(Math.max(0, m.index! - 30), m.index!);
      if (/(:=\s*|toYaml\s+|with\s+|range\s+)$/.test(before) || /^\s*\|\s*toYaml/.test(after) || /^\s*\}\}/.test(after) && /:=\s*$/.test(before)) freeForm.add(path);
    }
  }
}

function publishedVersions(): string[] {
  if (spec.published.kind === "chart-history") {
    const chartFile = `${spec.path}/Chart.yaml`;
    const commits = git("log", "--format=%H", commit, "--", chartFile).split("\n").filter(Boolean);
    const seen = new Set<string>();
    for (const c of commits) {
      const v = (parse(tryGit("show", `${c}:${chartFile}`) ?? "{}") as { version?: string })?.version;
      if (v) seen.add(String(v));
    }
    return [...seen];
  }
  const re = new RegExp(spec.published.pattern);
  const out: string[] = [];
  for (const tag of git("tag", "--list").split("\n").filter(Boolean)) {
    const m = re.exec(tag);
    if (!m) continue;
    // Published only if the tag's tree holds the chart (a tag without it released no chart).
    if (!tryGit("ls-tree", "--name-only", tag, "--", `${spec.path}/`)?.trim()) continue;
    out.push(`${spec.published.prefix ?? ""}${m[1]}`);
  }
  return out;
}
const cmp = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });

const pick = (k: string) => (values[k] === undefined ? undefined : values[k]);
const digest = {
  id: spec.id,
  chart: spec.chart,
  version: spec.version,
  source: { repository: spec.repository, ref: spec.ref, commit, path: spec.path, files },
  ...(spec.note ? { note: spec.note } : {}),
  publishedVersions: [...new Set([...publishedVersions(), ...(spec.extraPublished ?? []).map((e) => e.version)])].sort(cmp),
  ...(spec.extraPublished?.length ? { publishedElsewhere: spec.extraPublished } : {}),
  chartYaml: { name: chartYaml.name, version: chartYaml.version, appVersion: chartYaml.appVersion, dependencies: chartYaml.dependencies ?? [] },
  valuesShape: shapeOf(values),
  templateKeys: [...templateKeys].sort(),
  freeForm: [...freeForm].sort(),
  schema: schema ? { topLevel: Object.keys(schema.properties ?? {}).sort(), closed: schema.additionalProperties === false } : null,
  defaults: { affinity: pick("affinity"), nodeSelector: pick("nodeSelector"), tolerations: pick("tolerations"), resources: pick("resources") },
  workloads: (spec.workloads ?? []).map((w) => {
    const at = w.at.reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), values) as Record<string, unknown> | undefined;
    return { at: w.at, defaults: { affinity: at?.affinity, nodeSelector: at?.nodeSelector, tolerations: at?.tolerations, resources: at?.resources } };
  }),
  crds: [...crds].sort(),
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `${spec.id}.json`), `${JSON.stringify(digest, null, 1)}\n`);
process.stdout.write(`${spec.id}: ${spec.ref} ${commit.slice(0, 12)}, ${digest.publishedVersions.length} published, ${digest.crds.length} CRDs\n`);
