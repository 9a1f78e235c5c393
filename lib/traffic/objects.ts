import type { KubernetesObject } from "../internal/k8s-object";
import type { DeploymentPlan } from "../plan/plan";
import type { TrafficPlan } from "./plan-traffic";
import { GW, labels } from "./api-groups";

/** Pod Security admission labels of a namespace whose every pod is restricted. */
const RESTRICTED_NAMESPACE_LABELS = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
} as const;
import { certManager, clientTrafficPolicy, envoyProxy, gateway, healthRoute, redirectRoute } from "./gateway-objects";
import { inferencePool } from "./inference-pool";
import { backendTrafficPolicy, externalSecret, redis, securityPolicy, tierRoute } from "./tier-objects";

/**
 * Plain Kubernetes objects of the traffic layer (pure: TrafficPlan -> objects), assembled from
 * gateway-objects.ts (gateway, TLS, health route), tier-objects.ts (per-tier route, keys, limits)
 * and inference-pool.ts (InferencePool, endpoint picker).
 */


export interface TrafficObjects {
  /** Namespaces (labelled for the serving NetworkPolicy); applied before the charts. */
  readonly namespaces: readonly KubernetesObject[];
  /** Everything applied after the charts' CRDs exist. */
  readonly objects: readonly KubernetesObject[];
  /**
   * The InferencePool the inferencepool chart renders from `inferencePoolChartValues`.
   * Kept here for schema validation and review; not applied twice.
   */
  readonly inferencePool: KubernetesObject;
}

export function trafficObjects(plan: DeploymentPlan, t: TrafficPlan): TrafficObjects {
  const gwNs = t.gatewayNamespace;
  const namespaces: KubernetesObject[] = [{
    apiVersion: "v1",
    kind: "Namespace",
    // Every pod here passes Pod Security "restricted": Envoy Gateway's own (controller, proxies,
    // rate limit: envoyproxy/gateway v1.9.0 internal/infrastructure/kubernetes/resource/resource.go
    // DefaultSecurityContext, charts/gateway-helm values securityContext, certgen), cert-manager's
    // HTTP-01 solver pods (cert-manager v1.21.1 pkg/issuer/acme/http/pod.go: non-root, RuntimeDefault,
    // no escalation, drop ALL) and the rate limit's Redis.
    metadata: { name: gwNs, labels: { ...labels, [t.namespaceLabel.key]: t.namespaceLabel.value, ...RESTRICTED_NAMESPACE_LABELS } },
  }];

  const objects: KubernetesObject[] = [
    envoyProxy(plan, t),
    {
      apiVersion: `${GW}/v1`,
      kind: "GatewayClass",
      metadata: { name: t.gatewayClassName, labels },
      spec: { controllerName: t.controllerName },
    },
    gateway(t),
    clientTrafficPolicy(t),
    ...redis(t),
  ];
  if (t.tls.kind === "cert-manager") objects.push(...certManager(t), redirectRoute(t));
  for (const tier of t.tiers) {
    objects.push(tierRoute(t, tier), externalSecret(t, tier), securityPolicy(t, tier), backendTrafficPolicy(t, tier));
  }
  if (t.healthCheck) objects.push(healthRoute(t, t.healthCheck));
  return { namespaces, objects, inferencePool: inferencePool(t) };
}
