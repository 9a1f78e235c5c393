import type { KubernetesObject } from "../internal/k8s-object";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import { ENDPOINT_PICKER_POD_LABELS, GATEWAY_LISTENER_PORTS, GATEWAY_NAMESPACE, GATEWAY_PROXY_POD_LABELS, gatewayProxyContainerPort } from "../traffic/plan-traffic";
import { planIdentityEgress, type EgressRulePlan } from "./plan-cloud-access";
import { planServingTopology, type ServingTopologyPlan } from "./plan-topology";
import { CHECK_POD_LABEL, ENDPOINT_PICKER_PORT, PROMETHEUS_NAMESPACE, PROMETHEUS_RELEASE_NAME, TRAFFIC_NAMESPACE_LABEL, servingMeta } from "./constants";

type Obj = KubernetesObject;

/**
 * Pod labels of the prometheus chart's server (prometheus-community/helm-charts
 * `charts/prometheus/templates/_helpers.tpl`: `prometheus.server.matchLabels` =
 * `app.kubernetes.io/component: {{ .Values.server.name }}` (default "server") plus
 * `prometheus.common.matchLabels`: `app.kubernetes.io/name: prometheus` and
 * `app.kubernetes.io/instance: {{ .Release.Name }}`), so our release's server only, not another
 * Prometheus installed in the same namespace.
 */
export const PROMETHEUS_SERVER_POD_LABELS = { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/component": "server", "app.kubernetes.io/instance": PROMETHEUS_RELEASE_NAME } as const;

/**
 * The gateway's Envoy proxy pods, and nothing else of the gateway namespace (its controller, rate
 * limit service, Redis and ACME solver pods never call the servers or the endpoint picker). The
 * namespace is matched by the name Kubernetes sets (`kubernetes.io/metadata.name`, immutable) and
 * by the traffic layer's label; the pods by the labels Envoy Gateway gives the proxies of our
 * Gateway (lib/traffic/plan-traffic.ts GATEWAY_PROXY_POD_LABELS documents the source).
 */
export function gatewayProxyPeer(): { namespaceSelector: { matchLabels: Record<string, string> }; podSelector: { matchLabels: Record<string, string> } } {
  return {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": GATEWAY_NAMESPACE, [TRAFFIC_NAMESPACE_LABEL.key]: TRAFFIC_NAMESPACE_LABEL.value } },
    podSelector: { matchLabels: { ...GATEWAY_PROXY_POD_LABELS } },
  };
}

/** Cluster DNS pods (CoreDNS on EKS and kube-dns on GKE both carry `k8s-app: kube-dns` in kube-system). */
const DNS = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } };

/** The cloud identity endpoints' egress: planIdentityEgress (plan-cloud-access.ts). */
export const identityEgress = planIdentityEgress;

/**
 * Egress, default deny, then what each workload needs: every pod of the namespace DNS, HTTPS (443:
 * Hugging Face, the model bucket, the cloud's APIs, the Kubernetes API for the LWS leader and the
 * endpoint picker) and its cloud identity endpoint; the servers their group (multi-node ranks talk
 * on any port); the endpoint picker the servers' port; the checks the servers, each other (the
 * NCCL check) and the gateway's proxies on their listener ports (the serving check calls the
 * gateway's Service; the policy sees the proxy pod's port, the listener port shifted by Envoy Gateway).
 */
export function servingEgressPolicies(plan: DeploymentPlan, identity: readonly EgressRulePlan[] = planIdentityEgress(plan.cloud),
  topology: ServingTopologyPlan = planServingTopology(plan)): Obj[] {
  const names = servingNames(plan);
  const meta = (name: string) => servingMeta(names, name);
  const check = { podSelector: { matchLabels: { [CHECK_POD_LABEL.key]: CHECK_POD_LABEL.value } } };
  const servers = { podSelector: { matchLabels: { ...names.podLabels } } };
  const policy = (name: string, podSelector: Record<string, unknown>, egress: Record<string, unknown>[]): Obj => ({
    apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta(name), spec: { podSelector, policyTypes: ["Egress"], ...(egress.length ? { egress } : {}) },
  });
  return [
    policy("default-deny-egress", {}, []),
    policy("allow-dns-https-identity", {}, [
      { to: [DNS], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
      { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] },
      ...identity.map((r) => ({ to: [...r.to], ports: [...r.ports] })),
    ]),
    ...(topology.groupTraffic ? [policy("allow-group-egress", { matchLabels: { ...names.podLabels } }, [{ to: [servers] }])] : []),
    policy("allow-endpoint-picker-to-servers", { matchLabels: { ...ENDPOINT_PICKER_POD_LABELS } }, [{ to: [servers], ports: [{ protocol: "TCP", port: names.port }] }]),
    policy("allow-checks", check.podSelector, [
      { to: [servers], ports: [{ protocol: "TCP", port: names.port }] },
      { to: [check] },
      { to: [gatewayProxyPeer()], ports: GATEWAY_LISTENER_PORTS.map((p) => ({ protocol: "TCP", port: gatewayProxyContainerPort(p) })) },
    ]),
  ];
}

/**
 * Default-deny ingress for the namespace, then on the server port (which also serves the metrics
 * path) the gateway's Envoy proxy pods, the Prometheus server pods, and in this namespace only the
 * endpoint picker (reads server metrics) and the check pods (call the server); any other pod, of
 * this namespace, the gateway's or the monitoring namespace, is refused. Plus group-internal traffic.
 */
export function servingNetworkPolicies(plan: DeploymentPlan, topology: ServingTopologyPlan = planServingTopology(plan)): Obj[] {
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
            // The gateway's Envoy proxies only, not the whole gateway namespace.
            gatewayProxyPeer(),
            // The Prometheus server pods only, not the whole monitoring namespace.
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": PROMETHEUS_NAMESPACE } }, podSelector: { matchLabels: { ...PROMETHEUS_SERVER_POD_LABELS } } },
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
      // The gateway asks the endpoint picker (ext-proc, gRPC 9002) where to send each request;
      // only the endpoint picker's pods (preflight rule traffic-scope found `podSelector: {}`), only
      // from the gateway's Envoy proxies.
      apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy",
      metadata: meta("allow-gateway-to-endpoint-picker"),
      spec: {
        podSelector: { matchLabels: { ...ENDPOINT_PICKER_POD_LABELS } },
        policyTypes: ["Ingress"],
        ingress: [{ from: [gatewayProxyPeer()], ports: [{ protocol: "TCP", port: ENDPOINT_PICKER_PORT }] }],
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
  if (topology.groupTraffic) {
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
  return [...policies, ...servingEgressPolicies(plan, planIdentityEgress(plan.cloud), topology)];
}
