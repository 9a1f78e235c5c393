import { TRTLLM_METRIC_SETS, isExported, seriesIn, trtllmMetricLine, unprefixed } from "../../catalog/trtllm-metrics";
import type { Finding, Rule, StackView } from "../types";
import { describe, objectsOf } from "../types";
import { podSpecs } from "./scheduling";

/** Every name any TRT-LLM line exports, with and without the prefix: the names this rule owns. */
const KNOWN = new Set(Object.values(TRTLLM_METRIC_SETS).flatMap((s) => [...s.exported, ...unprefixed(s).exported]));
const looksTrtllm = (series: string) => series.startsWith("trtllm_") || KNOWN.has(series.replace(/_(bucket|sum|count)$/, ""));

/** The TensorRT-LLM image tag the serving pods run (the first `tensorrt-llm` container image). */
export function trtllmTag(stack: StackView): string | undefined {
  for (const { object } of objectsOf(stack)) {
    for (const p of podSpecs(object)) {
      for (const c of (p.spec as { containers?: { image?: string }[] }).containers ?? []) {
        const m = /tensorrt-llm[^:@]*:([^@\s]+)/.exec(c.image ?? "");
        if (m) return m[1];
      }
    }
  }
  return undefined;
}

/**
 * Every metric named in KEDA queries, endpoint-picker flags and Prometheus rules is exported by
 * the pinned TensorRT-LLM image (lib/catalog/trtllm-metrics.ts, with sources), and no query over
 * the servers' metrics hides a missing one as zero (`or vector(0)` with `ignoreNullValues: "true"`).
 */
export const metrics: Rule = {
  id: "metrics",
  proves: "every metric named in KEDA queries, endpoint-picker flags, rules and dashboards is exported by the pinned image, and none reads as zero when absent",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      const tag = trtllmTag(stack);
      if (!tag) continue;
      const line = trtllmMetricLine(tag);
      const set = TRTLLM_METRIC_SETS[line];
      const exported = (s: string) => isExported(set, s) || isExported(unprefixed(set), s);
      const missing = (s: string) => `${s} is not exported by TensorRT-LLM ${tag} (lib/catalog/trtllm-metrics.ts, line ${line}: ${set.source})`;
      for (const { object } of objectsOf(stack)) {
        if (object.kind !== "ScaledObject") continue;
        const triggers = ((object.spec as { triggers?: { type: string; name?: string; metadata?: Record<string, string> }[] }).triggers ?? []);
        triggers.forEach((t, i) => {
          if (t.type !== "prometheus" || !t.metadata?.query) return;
          const series = seriesIn(t.metadata.query).filter(looksTrtllm);
          for (const s of series.filter((x) => !exported(x))) {
            out.push({ rule: this.id, stack: stack.name, object: describe(object), field: `spec.triggers.${i}.metadata.query`, why: `${missing(s)}: the trigger reads nothing`, fix: "use a name the pinned image exports, or pin an image that exports it" });
          }
          if (series.length && /or\s+vector\(\s*0\s*\)/.test(t.metadata.query) && t.metadata.ignoreNullValues !== "false") {
            out.push({ rule: this.id, stack: stack.name, object: describe(object), field: `spec.triggers.${i}.metadata.query`, why: "a missing server metric reads as zero load (`or vector(0)` with ignoreNullValues true): no scale-out and no error", fix: "drop `or vector(0)` and set ignoreNullValues \"false\", so absence is a KEDA error and its fallback applies" });
          }
        });
      }
      for (const r of stack.releases.filter((x) => x.chart === "inferencepool")) {
        const flags = ((r.values.inferenceExtension as { flags?: Record<string, string> } | undefined)?.flags) ?? {};
        for (const [flag, value] of Object.entries(flags)) {
          if (!/-metric$/.test(flag) || !value) continue;
          const name = value.replace(/\{.*$/, "").trim();
          if (!exported(name)) out.push({ rule: this.id, stack: stack.name, object: r.address, field: `values.inferenceExtension.flags.${flag}`, why: `${missing(name)}: the endpoint picker scrapes nothing for it`, fix: "pass \"\" (the EPP then does not scrape it) or a name the image exports" });
        }
      }
    }
    return out;
  },
};
