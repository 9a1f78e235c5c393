import type { Finding, HelmRelease, Rule, StackView, SynthView } from "../types";
import { describe, infraOf } from "../types";
import { chartDigest } from "../upstream";

/** API groups served by Kubernetes itself: no CRD needed. */
const BUILT_IN = new Set(["", "v1", "apps", "batch", "policy", "rbac.authorization.k8s.io", "networking.k8s.io", "autoscaling", "scheduling.k8s.io", "storage.k8s.io", "apiextensions.k8s.io", "coordination.k8s.io", "admissionregistration.k8s.io"]);

/**
 * CRDs the cluster itself provides. GKE installs networking.gke.io Network and GKENetworkParamSet
 * on clusters created with multi-networking (GKE docs "Set up multi-network support for Pods":
 * enable_multi_networking on google_container_cluster).
 */
function clusterProvided(view: SynthView, stack: StackView): string[] {
  const clusters = Object.values(infraOf(view, stack)?.resources.google_container_cluster ?? {});
  return clusters.some((c) => c.enable_multi_networking === true) ? ["networks.networking.gke.io", "gkenetworkparamsets.networking.gke.io"] : [];
}

/** Kubernetes' default plural of a kind (lowercase; -y → -ies, -s → -es, else -s). */
export function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(k)) return `${k}es`;
  return `${k}s`;
}

/**
 * Every custom resource we create has its CRD installed by a release it depends on (directly or
 * through other releases): otherwise Helm's apply races the CRD and fails with "no matches for
 * kind". CRDs come from the charts' own files (upstream/charts/<id>.json `crds`) or from a
 * manifest bundle that carries the CustomResourceDefinition.
 */
export const crdsInstalled: Rule = {
  id: "crds-installed",
  proves: "the CRDs our custom resources need are installed by a release they depend on",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      const installs = new Map<string, HelmRelease[]>();
      const provided = new Set(clusterProvided(view, stack));
      for (const r of stack.releases) {
        const crds = r.repository ? chartDigest(r.chart)?.crds ?? [] : r.objects.filter((o) => o.kind === "CustomResourceDefinition").map((o) => o.metadata.name);
        for (const c of crds) installs.set(c, [...(installs.get(c) ?? []), r]);
      }
      for (const r of stack.releases) {
        const before = dependencies(stack, r);
        for (const o of r.objects) {
          const group = o.apiVersion.includes("/") ? o.apiVersion.split("/")[0] : "";
          if (BUILT_IN.has(group) || o.kind === "CustomResourceDefinition") continue;
          const crd = `${pluralOf(o.kind)}.${group}`;
          if (provided.has(crd)) continue;
          const from = installs.get(crd) ?? [];
          if (from.length === 0) {
            out.push({ rule: this.id, stack: stack.name, object: `${r.address} ${describe(o)}`, field: "apiVersion", why: `no release in this stack installs the CRD ${crd}`, fix: "install the operator chart (or a CRD bundle) that ships it in the same stack" });
          } else if (!from.some((f) => f === r || before.has(f.address))) {
            out.push({ rule: this.id, stack: stack.name, object: `${r.address} ${describe(o)}`, field: "depends_on", why: `the CRD ${crd} comes from ${from.map((f) => f.address).join(", ")}, which this release does not depend on: Helm may apply the object before the CRD exists`, fix: `add ${from[0].address} to the release's dependsOn` });
          }
        }
      }
    }
    return out;
  },
};

/** Addresses a release depends on, transitively, within its stack. */
function dependencies(stack: StackView, r: HelmRelease): Set<string> {
  const seen = new Set<string>();
  const byAddress = new Map(stack.releases.map((x) => [x.address, x]));
  const walk = (x: HelmRelease) => {
    for (const d of x.dependsOn) {
      if (seen.has(d)) continue;
      seen.add(d);
      const next = byAddress.get(d);
      if (next) walk(next);
    }
  };
  walk(r);
  return seen;
}
