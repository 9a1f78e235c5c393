import type { Finding, Rule } from "../types";
import { chartDigest, citation } from "../upstream";

/**
 * Every upstream chart@version we install is published. "Published" is what the chart's own
 * repository released (upstream/charts/<id>.json `publishedVersions`: the tags whose tree holds the
 * chart). A tag that exists without the chart (inferencepool v1.6.0) is not a release of it.
 */
export const chartsPublished: Rule = {
  id: "charts-published",
  proves: "every Helm chart@version is published upstream",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      for (const r of stack.releases) {
        if (!r.repository || !r.version) continue; // manifest bundles: a local chart
        const d = chartDigest(r.chart);
        if (!d) {
          out.push({ rule: this.id, stack: stack.name, object: r.address, field: "chart", why: `no upstream data for chart "${r.chart}", so nothing proves ${r.version} is published or that its values exist`, fix: "add the chart to scripts/refresh-upstream.sh and run it" });
          continue;
        }
        if (!d.publishedVersions.includes(r.version)) {
          const near = d.publishedVersions.slice(-3).join(", ");
          out.push({ rule: this.id, stack: stack.name, object: r.address, field: "version", why: `${r.chart} ${r.version} is not a published release (published: …${near}; ${citation(d)})`, fix: `pin a published version in lib/catalog/charts.ts (newest: ${d.publishedVersions[d.publishedVersions.length - 1]})` });
        } else if (d.version !== r.version) {
          out.push({ rule: this.id, stack: stack.name, object: r.address, field: "version", why: `upstream data was read at ${r.chart} ${d.version}, the release pins ${r.version}: its values and defaults are unchecked`, fix: "change the row in scripts/refresh-upstream.sh to the pinned version and run it" });
        }
      }
    }
    return out;
  },
};
