import type { Finding, K8sObject, Rule } from "../types";
import { describe, objectsOf } from "../types";
import { hostnamesIntersect } from "./references";

type Listener = { name: string; port: number; protocol: string; hostname?: string };
type Solver = { http01?: { gatewayHTTPRoute?: { parentRefs?: { name: string; namespace?: string; sectionName?: string }[] } }; dns01?: unknown;
  selector?: { dnsNames?: string[]; dnsZones?: string[] } };

/**
 * Every Certificate dnsName is solvable by its issuer. HTTP-01 through a Gateway: cert-manager
 * creates an HTTPRoute for each challenged name with the solver's parentRefs
 * (cert-manager pkg/issuer/acme/http/httproute.go @ v1.21.1), and a route attaches only to a
 * listener whose hostname intersects its own (Gateway API HTTPRouteSpec.hostnames); the ACME
 * challenge is plain HTTP on port 80. DNS-01 needs no listener. One unsolvable name fails the
 * whole order: no Secret, no HTTPS.
 */
export const certificates: Rule = {
  id: "certificates",
  proves: "every Certificate dnsName is solvable by its issuer (an HTTP-01 route attaching to a port-80 listener admitting it, or DNS-01)",
  check(view) {
    const out: Finding[] = [];
    for (const stack of view.stacks) {
      const objects = objectsOf(stack).map((x) => x.object);
      for (const cert of objects.filter((o) => o.kind === "Certificate")) {
        const spec = cert.spec as { dnsNames?: string[]; issuerRef?: { name: string; kind?: string } };
        const issuerKind = spec.issuerRef?.kind ?? "Issuer";
        const issuer = objects.find((o) => o.kind === issuerKind && o.metadata.name === spec.issuerRef?.name && (issuerKind === "ClusterIssuer" || o.metadata.namespace === cert.metadata.namespace));
        if (!issuer) {
          out.push({ rule: this.id, stack: stack.name, object: describe(cert), field: "spec.issuerRef", why: `${issuerKind} ${spec.issuerRef?.name} is not created in this stack`, fix: "create the issuer beside the Certificate" });
          continue;
        }
        const solvers = ((issuer.spec as { acme?: { solvers?: Solver[] } }).acme?.solvers ?? []);
        (spec.dnsNames ?? []).forEach((name, i) => {
          const solver = solvers.find((s) => !s.selector || (s.selector.dnsNames ?? []).includes(name) || (s.selector.dnsZones ?? []).some((z) => name === z || name.endsWith(`.${z}`)));
          if (!solver) {
            out.push({ rule: this.id, stack: stack.name, object: describe(cert), field: `spec.dnsNames.${i}`, why: `no solver of ${describe(issuer)} selects ${name}`, fix: "add a solver for the name" });
            return;
          }
          if (solver.dns01) return;
          const refs = solver.http01?.gatewayHTTPRoute?.parentRefs ?? [];
          const admitted = refs.some((ref) => {
            const gw = objects.find((o) => o.kind === "Gateway" && o.metadata.name === ref.name && o.metadata.namespace === (ref.namespace ?? cert.metadata.namespace));
            const listeners = ((gw?.spec as { listeners?: Listener[] } | undefined)?.listeners ?? []).filter((l) => (!ref.sectionName || l.name === ref.sectionName) && l.protocol === "HTTP" && l.port === 80);
            return listeners.some((l) => hostnamesIntersect(l.hostname, [name]));
          });
          if (!admitted) {
            out.push({
              rule: this.id, stack: stack.name, object: describe(cert), field: `spec.dnsNames.${i}`,
              why: `the HTTP-01 challenge route for ${name} (parentRefs ${refs.map((r) => `${r.name}/${r.sectionName ?? "*"}`).join(", ") || "none"} of ${describe(issuer)}) attaches to no port-80 HTTP listener whose hostname admits it, so the ACME order never completes and the TLS secret is never written`,
              fix: `add a port-80 listener with hostname ${name} and list it in the solver's parentRefs, or solve with DNS-01`,
            });
          }
        });
      }
    }
    return out;
  },
};

export type { K8sObject };
