import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

// Comments and data cite sources a reader of this repository can open (an upstream repository and
// path, or a documentation page), never the steering notes outside it (facts.md and its sections).
const ROOT = join(__dirname, "..", "..");
const SCANNED = ["lib", "stacks", "bin", "scripts", "test", "examples", "upstream", "README.md"];
const OUTSIDE_CITATION = /facts\.md|facts §\d|facts \\u00a7\d|reference\/peers\.md|shared\/reference\//;

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((name) => (name === "node_modules" ? [] : files(join(path, name))));
}

const THIS_FILE = relative(ROOT, __filename);

test("no file cites the steering notes outside the repository", () => {
  const scanned = SCANNED.flatMap(files).filter((f) => f !== THIS_FILE && /\.(ts|js|json|md|py|sh|ya?ml)$/.test(f));
  expect(scanned.length).toBeGreaterThan(300);
  const offenders = scanned.filter((f) => OUTSIDE_CITATION.test(readFileSync(join(ROOT, f), "utf8")));
  expect(offenders).toEqual([]);
});

test("the pattern catches the spellings it is for (planted)", () => {
  for (const planted of ["see facts §4.2", "(shared/reference/facts.md \\u00a74.2)", "facts.md"]) expect(OUTSIDE_CITATION.test(planted)).toBe(true);
  expect(OUTSIDE_CITATION.test("NVIDIA/TensorRT-LLM tensorrt_llm/commands/serve.py @4c05a748")).toBe(false);
});
