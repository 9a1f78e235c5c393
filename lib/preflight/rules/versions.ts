import type { Finding, Rule } from "../types";
import { infraOf } from "../types";
import { chartDigest } from "../upstream";

const minorOf = (v: string): string | undefined => /^v?(\d+\.\d+)/.exec(v)?.[1];

/**
 * Components bound to the control plane's Kubernetes minor run that minor. The cluster autoscaler:
 * "We recommend using Cluster Autoscaler with the Kubernetes control plane version for which it
 * was meant" (kubernetes/autoscaler cluster-autoscaler/README.md, Releases: CA 1.x.y for
 * Kubernetes 1.x); its image is `image.tag`, else the chart's appVersion (upstream/charts).
 */
export const versions: Rule = {
  id: "versions",
  proves: "the cluster autoscaler's image is of the EKS control plane's Kubernetes minor (upstream supports only that pairing)",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      const infra = infraOf(view, stack);
      const clusters = Object.values(infra?.resources.aws_eks_cluster ?? {});
      const cluster = clusters.length === 1 ? minorOf(String(clusters[0].version ?? "")) : undefined;
      if (!infra || !cluster) continue;
      for (const r of stack.releases.filter((x) => x.chart === "cluster-autoscaler")) {
        const tag = (r.values.image as { tag?: unknown } | undefined)?.tag;
        const appVersion = chartDigest(r.chart)?.version === r.version ? chartDigest(r.chart)?.chartYaml?.appVersion : undefined;
        const image = typeof tag === "string" ? tag : appVersion;
        if (!image) continue;
        if (minorOf(image) !== cluster) {
          out.push({ rule: this.id, stack: stack.name, object: r.address, field: typeof tag === "string" ? "values.image.tag" : "version",
            why: `runs cluster autoscaler ${image}${typeof tag === "string" ? "" : ` (chart ${r.version}'s appVersion)`} against Kubernetes ${cluster} (${infra.name}): upstream supports only the autoscaler of the control plane's minor`,
            fix: `set image.tag to a ${cluster}.x release of registry.k8s.io/autoscaling/cluster-autoscaler (lib/catalog/charts.ts CLUSTER_AUTOSCALER_IMAGE_TAGS)` });
        }
      }
    }
    return out;
  },
};
