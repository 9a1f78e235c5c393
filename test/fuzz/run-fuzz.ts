// `npm run fuzz`: fast-check over every public props/input schema; exits 1 on any error that is
// not a DeepSeekConfigError. Options: --cases N (default 10000), --seed S (default: time).
// Per target: cases, valid inputs (ok), refusals and escapes, then the 3 most refused paths.
import { runFuzz } from "./targets";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const cases = arg("cases", 10_000);
const seed = arg("seed", Date.now() % 1_000_000);
const started = Date.now();
const results = runFuzz(cases, seed);
const width = Math.max(...results.map((r) => r.name.length)) + 2;
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const share = (n: number, of: number) => `${n} (${Math.round((100 * n) / Math.max(of, 1))}%)`;
console.log(`fuzz seed ${seed}`);
console.log(`${pad("target", width)}${pad("cases", 8)}${pad("ok", 12)}${pad("refused", 12)}${pad("escapes", 9)}wrong`);
for (const r of results) {
  console.log(`${pad(r.name, width)}${pad(r.cases, 8)}${pad(share(r.ok, r.cases), 12)}${pad(share(r.refused, r.cases), 12)}${pad(r.escapes.length, 9)}${r.wrong.length}`);
  if (r.topRefusals.length > 0) console.log(`${pad("", 4)}top refusals: ${r.topRefusals.map(([p, n]) => `${p || "(input)"} ×${n}`).join(", ")}`);
}
const total = results.reduce((a, r) => ({
  cases: a.cases + r.cases, ok: a.ok + r.ok, refused: a.refused + r.refused, escapes: a.escapes + r.escapes.length, wrong: a.wrong + r.wrong.length,
}), { cases: 0, ok: 0, refused: 0, escapes: 0, wrong: 0 });
console.log(`${pad("total", width)}${pad(total.cases, 8)}${pad(share(total.ok, total.cases), 12)}${pad(share(total.refused, total.cases), 12)}${pad(total.escapes, 9)}${total.wrong}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
for (const r of results) {
  for (const e of r.escapes) console.error(`\nESCAPE in ${r.name}: ${e.error}\ninput: ${JSON.stringify(e.input, (_k, v) => (typeof v === "object" && v && "nodeType" in v ? `<plan ${v.id}>` : v))?.slice(0, 600)}`);
}
for (const r of results) {
  for (const w of r.wrong) console.error(`\nWRONG OUTPUT in ${r.name}: ${w.error}\ninput: ${JSON.stringify(w.input, (_k, v) => (typeof v === "object" && v && "nodeType" in v ? `<plan ${v.id}>` : v))?.slice(0, 600)}`);
}
process.exit(total.escapes > 0 || total.wrong > 0 ? 1 : 0);
