import type { Finding, Rule } from "../types";
import { objectsOf } from "../types";
import { admitted, namespaceLabelsOf, neededFlows, podsOf } from "./flows";

export { admitted, neededFlows, selects, type Flow } from "./flows";

/**
 * Traffic can flow: NetworkPolicies admit the flows the system needs, and when Route 53
 * health-checks a placement, its load balancer's source ranges do not keep the checkers out
 * (Route 53 treats all-unhealthy as all-healthy: failover would silently disappear).
 */
export const traffic: Rule = {
  id: "traffic",
  proves: "NetworkPolicies (ingress and egress) and load-balancer source ranges admit the flows the system needs (gateway → endpoint picker → servers, Prometheus → servers, checks → servers and gateway, multi-node ranks, rate limit → Redis, Route 53 health checkers → /health)",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      const policies = objectsOf(stack).map((x) => x.object).filter((o) => o.kind === "NetworkPolicy");
      const nsLabels = namespaceLabelsOf(stack);
      const pods = podsOf(stack);
      for (const flow of neededFlows(stack)) {
        const { ok, side } = admitted(flow, policies, nsLabels, pods);
        if (ok) continue;
        const [end, ns] = side === "ingress" ? ["destination", flow.to.namespace] : ["source", flow.from.namespace];
        const what = `${flow.from.namespace}${flow.from.labels ? ` ${JSON.stringify(flow.from.labels)}` : ""} → ${flow.to.namespace} ${JSON.stringify(flow.to.labels)}:${flow.port}`;
        out.push({ rule: this.id, stack: stack.name, object: `NetworkPolicy ${ns}/*`, field: `spec.${side}`,
          why: `no NetworkPolicy admits ${flow.name} (${what}) while a policy isolates the ${end}`, fix: `add an ${side} rule admitting that ${side === "ingress" ? "source" : "destination"} on that port` });
      }
    }
    // Route 53 health checks against source-restricted load balancers.
    for (const global of view.stacks) {
      for (const [id, hc] of Object.entries(global.resources.aws_route53_health_check ?? {})) {
        const fqdn = String(hc.fqdn ?? "");
        for (const stack of view.stacks) {
          const objects = objectsOf(stack).map((x) => x.object);
          const serves = objects.some((o) => o.kind === "Gateway" && ((o.spec as { listeners?: { hostname?: string }[] }).listeners ?? []).some((l) => l.hostname === fqdn));
          if (!serves) continue;
          for (const proxy of objects.filter((o) => o.kind === "EnvoyProxy")) {
            type ProxySpec = { provider?: { kubernetes?: { envoyService?: { loadBalancerSourceRanges?: string[] } } } };
            const ranges = (proxy.spec as ProxySpec).provider?.kubernetes?.envoyService?.loadBalancerSourceRanges ?? [];
            if (ranges.length && !ranges.some((r) => r === "0.0.0.0/0")) {
              out.push({ rule: this.id, stack: stack.name, object: `EnvoyProxy ${proxy.metadata.namespace}/${proxy.metadata.name}`, field: "spec.provider.kubernetes.envoyService.loadBalancerSourceRanges", why: `admits only ${ranges.join(", ")}, so Route 53's health checkers (${global.name} aws_route53_health_check.${id} → ${fqdn}) cannot reach /health: every check fails and failover is lost`, fix: "leave traffic.allowedSourceCidrs unset, or publish DNS without per-placement health checks" });
            }
          }
        }
      }
    }
    return out;
  },
};
