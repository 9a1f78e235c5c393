import type { KubernetesObject } from "../internal/k8s-object";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import { ENDPOINT_PICKER_POD_LABELS } from "../traffic/plan-traffic";
import { CHECK_POD_LABEL, ENDPOINT_PICKER_PORT, PROMETHEUS_NAMESPACE, TRAFFIC_NAMESPACE_LABEL, servingMeta } from "./constants";

type Obj = KubernetesObject;

/**
 * Default-deny ingress for the namespace, then on 8000: the traffic layer's namespace, Prometheus,
 * and in this namespace only the endpoint picker (reads server metrics) and the check pods (call
 * the server); any other pod of the namespace is refused. Plus group-internal traffic.
 */
export function servingNetworkPolicies(plan: DeploymentPlan): Obj[] {
  const names = servingNames(plan);
  const meta = (name: string) => servingMeta(names, name);
  const policies: Obj[] = [
    {
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta("default-deny-ingress"),
      spec: { podSelector: {}, policyTypes: ["Ingress"] },
    },
    {
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta("allow-traffic-and-prometheus"),
      spec: {
        podSelector: { matchLabels: { ...names.endpointSelector } },
        policyTypes: ["Ingress"],
        ingress: [{
          from: [
            { namespaceSelector: { matchLabels: { [TRAFFIC_NAMESPACE_LABEL.key]: TRAFFIC_NAMESPACE_LABEL.value } } },
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": PROMETHEUS_NAMESPACE } } },
            // Pods of this namespace: only the endpoint picker (the traffic layer's, chart-labelled),
            // which reads server metrics, and the post-deploy checks, which call the server.
            // The inferencepool chart's EPP pod labels (lib/traffic/plan-traffic.ts documents the source).
            { podSelector: { matchLabels: { ...ENDPOINT_PICKER_POD_LABELS } } },
            { podSelector: { matchLabels: { [CHECK_POD_LABEL.key]: CHECK_POD_LABEL.value } } },
          ],
          ports: [{ protocol: "TCP", port: names.port }],
        }],
      },
    },
    {
      // The gateway asks the endpoint picker (ext-proc, gRPC 9002) where to send each request.
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta("allow-gateway-to-endpoint-picker"),
      spec: {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { [TRAFFIC_NAMESPACE_LABEL.key]: TRAFFIC_NAMESPACE_LABEL.value } } }], ports: [{ protocol: "TCP", port: ENDPOINT_PICKER_PORT }] }],
      },
    },
    {
      // The fabric check's pods run NCCL between themselves on ephemeral ports.
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta("allow-check-group"),
      spec: {
        podSelector: { matchLabels: { [CHECK_POD_LABEL.key]: CHECK_POD_LABEL.value } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { [CHECK_POD_LABEL.key]: CHECK_POD_LABEL.value } } }] }],
      },
    },
  ];
  if (plan.nodesPerReplica > 1) {
    policies.push({
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta("allow-intra-group"),
      spec: {
        podSelector: { matchLabels: { ...names.podLabels } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { ...names.podLabels } } }] }],
      },
    });
  }
  return policies;
}
