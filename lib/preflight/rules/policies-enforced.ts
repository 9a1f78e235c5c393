import type { Finding, Rule } from "../types";
import { infraOf, objectsOf } from "../types";

/**
 * The NetworkPolicies we emit are enforced: on EKS the VPC CNI add-on enforces them only with
 * `enableNetworkPolicy: "true"` in its configuration (EKS UG "cni-network-policy-configure"); on
 * GKE, Dataplane V2 (`datapath_provider = ADVANCED_DATAPATH`) enforces them, or the Calico
 * `network_policy { enabled = true }` (GKE docs "Control communication between Pods and Services
 * using network policies"). Without it every policy is ignored and traffic-scope proves nothing.
 */
export const policiesEnforced: Rule = {
  id: "policies-enforced",
  proves: "the cluster enforces the NetworkPolicies we emit (EKS VPC CNI enableNetworkPolicy, GKE Dataplane V2 or network policy enforcement)",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      if (!objectsOf(stack).some(({ object: o }) => o.kind === "NetworkPolicy")) continue;
      const infra = infraOf(view, stack);
      if (!infra) continue;
      for (const [id, c] of Object.entries(infra.resources.google_container_cluster ?? {})) {
        const np = c.network_policy as { enabled?: boolean } | { enabled?: boolean }[] | undefined;
        const calico = Array.isArray(np) ? np.some((x) => x.enabled) : np?.enabled === true;
        if (c.datapath_provider !== "ADVANCED_DATAPATH" && !calico) {
          out.push({ rule: this.id, stack: infra.name, object: `google_container_cluster.${id}`, field: "datapath_provider", why: `${stack.name} relies on NetworkPolicies, and this cluster enforces none (no Dataplane V2, no network_policy)`, fix: 'set datapath_provider = "ADVANCED_DATAPATH"' });
        }
      }
      if (infra.resources.aws_eks_cluster) {
        const cni = Object.entries(infra.resources.aws_eks_addon ?? {}).find(([, a]) => a.addon_name === "vpc-cni");
        let on = false;
        try { on = String((JSON.parse(String(cni?.[1].configuration_values ?? "{}")) as { enableNetworkPolicy?: unknown }).enableNetworkPolicy) === "true"; } catch { on = false; }
        if (!on) {
          out.push({ rule: this.id, stack: infra.name, object: cni ? `aws_eks_addon.${cni[0]}` : "aws_eks_addon (vpc-cni)", field: "configuration_values", why: `${stack.name} relies on NetworkPolicies, and the VPC CNI enforces them only with enableNetworkPolicy "true"`, fix: 'manage the vpc-cni add-on with configuration_values {"enableNetworkPolicy":"true"}' });
        }
      }
    }
    return out;
  },
};
