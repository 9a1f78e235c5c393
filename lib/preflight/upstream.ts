import { CHART_DIGESTS } from "./upstream-data";

/** The key tree of a chart's values.yaml: nested maps; leaves say what the default holds. */
export type ValuesShape = { readonly [k: string]: ValuesShape | "map" | "list" | "scalar" };

/**
 * What preflight knows of one upstream chart at its pinned version (upstream/charts/<id>.json,
 * written by scripts/refresh-upstream.sh from the chart's repository at the pinned tag).
 */
export interface ChartDigest {
  readonly id: string;
  readonly chart: string;
  readonly version: string;
  readonly source: { readonly repository: string; readonly ref: string; readonly commit: string; readonly path: string };
  readonly publishedVersions: readonly string[];
  /** Chart.yaml at the pinned ref (name, version, appVersion, dependencies). */
  readonly chartYaml?: { readonly name?: string; readonly version?: string; readonly appVersion?: string };
  readonly valuesShape: ValuesShape;
  /** Every `.Values.<path>` the templates read. */
  readonly templateKeys: readonly string[];
  /** Paths the templates use whole (range, toYaml, assignment): any key below is accepted. */
  readonly freeForm: readonly string[];
  /** values.schema.json's top-level keys, and whether it refuses others. */
  readonly schema: { readonly topLevel: readonly string[]; readonly closed: boolean } | null;
  readonly defaults: { readonly affinity?: unknown; readonly nodeSelector?: unknown; readonly tolerations?: unknown; readonly resources?: unknown };
  /** Scheduling defaults of workloads whose values live below the top level (spec `workloads`). */
  readonly workloads?: readonly { readonly at: readonly string[]; readonly defaults: ChartDigest["defaults"] }[];
  /** CRDs (`<plural>.<group>`) the chart installs. */
  readonly crds: readonly string[];
}

/** The digest of a chart by its name (`chart` of the helm_release). */
export function chartDigest(chart: string): ChartDigest | undefined {
  return CHART_DIGESTS.find((d) => d.chart === chart);
}

export function citation(d: ChartDigest): string {
  return `${d.source.repository.replace("https://github.com/", "")} @ ${d.source.ref} (${d.source.commit.slice(0, 8)}) ${d.source.path}`;
}
