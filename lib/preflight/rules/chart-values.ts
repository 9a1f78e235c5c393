import type { Finding, Rule } from "../types";
import { chartDigest, citation, type ValuesShape } from "../upstream";
import { isMap } from "../view";

/**
 * Every values key we set exists in that chart version's values.yaml (or its values.schema.json):
 * a misspelt or removed key is silently ignored by Helm, so the setting never takes effect.
 * Keys under a map whose default is empty (`nodeSelector: {}`, `flags: {}`) are free-form.
 */
export const chartValues: Rule = {
  id: "chart-values",
  proves: "every values key we set exists in that chart version's values (or schema)",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      for (const r of stack.releases) {
        if (!r.repository) continue;
        const d = chartDigest(r.chart);
        if (!d || d.version !== r.version) continue; // charts-published reports it
        const known = (path: string) => d.freeForm.some((f) => path === f || path.startsWith(`${f}.`))
          || d.templateKeys.some((t) => t === path || t.startsWith(`${path}.`) || path.startsWith(`${t}.`) && d.freeForm.includes(t));
        for (const path of unknownKeys(r.values, d.valuesShape, d.schema?.topLevel ?? [], []).filter((p) => !known(p))) {
          out.push({ rule: this.id, stack: stack.name, object: r.address, field: `values.${path}`, why: `${r.chart} ${r.version} neither defines nor reads "${path}" (values.yaml and templates${d.schema ? " and values.schema.json" : ""} at ${citation(d)}): Helm ignores it`, fix: "use the key the chart defines at this version, or drop it" });
        }
      }
    }
    return out;
  },
};

function unknownKeys(ours: Record<string, unknown>, shape: ValuesShape | "map" | "list" | "scalar", schemaTop: readonly string[], at: string[]): string[] {
  if (shape === "map") return []; // free-form map
  if (shape === "list" || shape === "scalar") return []; // we replace a list or scalar with our own
  const out: string[] = [];
  for (const [k, v] of Object.entries(ours)) {
    const sub = shape[k];
    if (sub === undefined) {
      // Top-level keys the schema declares but values.yaml leaves out (e.g. cert-manager's `enabled`).
      if (at.length === 0 && schemaTop.includes(k)) continue;
      out.push([...at, k].join("."));
      continue;
    }
    if (isMap(v)) out.push(...unknownKeys(v, sub, [], [...at, k]));
  }
  return out;
}
