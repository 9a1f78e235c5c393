import type { KubernetesObject } from "../internal/k8s-object";
import type { DeploymentPlan } from "../plan/plan";
import { GATEWAY_SERVICE_NAME, type TrafficPlan, type TrafficTierPlan } from "./plan-traffic";
import { RATE_LIMIT_REDIS_IMAGE } from "./charts";

/**
 * Plain Kubernetes objects of the traffic layer (pure: TrafficPlan -> objects).
 *
 * Field sources:
 * - Gateway / HTTPRoute: gateway.networking.k8s.io/v1 (CRDs v1.6.1, test/fixtures/schemas).
 * - InferencePool: inference.networking.k8s.io/v1 (CRD v1.6.0, facts §6.5).
 * - SecurityPolicy.apiKeyAuth {credentialRefs, extractFrom[{headers}], forwardClientIDHeader,
 *   sanitize}: envoyproxy/gateway api/v1alpha1/api_key_auth_types.go.
 * - BackendTrafficPolicy rateLimit.global.rules[{clientSelectors[{headers[{type: Distinct}]}],
 *   limit{requests, unit}}]: api/v1alpha1/ratelimit_types.go (Local does not support Distinct:
 *   internal/gatewayapi translator "local rateLimit does not support distinct HeaderMatch").
 * - retry {numRetries, retryOn{triggers, httpStatusCodes}, perRetry{backOff}}: retry_types.go.
 * - circuitBreaker {maxConnections, maxPendingRequests, maxParallelRequests, maxParallelRetries}:
 *   circuitbreaker_types.go. Envoy Gateway exposes no percentage retry budget, so the budget is
 *   enforced as maxParallelRetries = budget% of the tier's parallel requests.
 * - responseOverride [{match{statusCodes}, response{statusCode, header, body}}]:
 *   gateway.envoyproxy.io/v1.8/tasks/traffic/response-override (statusCode/header UNCONFIRMED
 *   against the v1.9 CRD; verify with `kubectl apply --dry-run=server`).
 */

const GW = "gateway.networking.k8s.io";
const EG = "gateway.envoyproxy.io/v1alpha1";
const INF = "inference.networking.k8s.io";
const labels = { "app.kubernetes.io/part-of": "cdktf-deepseek", "app.kubernetes.io/component": "traffic" };

// Defined with the traffic plan (which derives the in-cluster endpoint from it); re-exported here.
export { GATEWAY_SERVICE_NAME };

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
    metadata: { name: gwNs, labels: { ...labels, [t.namespaceLabel.key]: t.namespaceLabel.value } },
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

export function inferencePool(t: TrafficPlan): KubernetesObject {
  return {
    apiVersion: `${INF}/v1`,
    kind: "InferencePool",
    metadata: { name: t.pool.name, namespace: t.servingNamespace },
    spec: {
      selector: { matchLabels: { ...t.pool.selector } },
      targetPorts: [{ number: t.pool.targetPort }],
      endpointPickerRef: { group: "", kind: "Service", name: t.pool.eppServiceName, port: { number: t.pool.eppPort }, failureMode: "FailClose" },
    },
  };
}

/**
 * EPP scheduling: prefix-cache scorer weighted highest so requests sharing a prompt prefix land
 * on the replica that already holds its KV cache; queue and KV-utilisation scorers break ties,
 * each only when the EPP scrapes its metric (an empty metric flag turns the scrape off, and a
 * scorer without data would rank every pod alike). Plugin names from the inferencepool chart's
 * default-plugins.yaml (EndpointPickerConfig).
 */
export function eppPluginsConfig(flags: Readonly<Record<string, string>> = { "total-queued-requests-metric": "q", "kv-cache-usage-percentage-metric": "kv" }): string {
  const queue = (flags["total-queued-requests-metric"] ?? "") !== "";
  const kv = (flags["kv-cache-usage-percentage-metric"] ?? "") !== "";
  return [
    "apiVersion: inference.networking.x-k8s.io/v1alpha1",
    "kind: EndpointPickerConfig",
    "plugins:",
    "- type: prefix-cache-scorer",
    ...(queue ? ["- type: queue-scorer"] : []),
    ...(kv ? ["- type: kv-cache-utilization-scorer"] : []),
    "- type: max-score-picker",
    "schedulingProfiles:",
    "- name: default",
    "  plugins:",
    "  - pluginRef: prefix-cache-scorer",
    "    weight: 3",
    ...(queue ? ["  - pluginRef: queue-scorer", "    weight: 1"] : []),
    ...(kv ? ["  - pluginRef: kv-cache-utilization-scorer", "    weight: 1"] : []),
    "  - pluginRef: max-score-picker",
    "",
  ].join("\n");
}

/** Values for the inferencepool chart, derived from the same InferencePool object. */
export function inferencePoolChartValues(t: TrafficPlan): Record<string, unknown> {
  const pool = inferencePool(t) as unknown as { spec: { selector: { matchLabels: Record<string, string> }; targetPorts: { number: number }[] } };
  return {
    inferencePool: {
      apiVersion: `${INF}/v1`,
      targetPorts: pool.spec.targetPorts,
      modelServers: { matchLabels: pool.spec.selector.matchLabels },
    },
    inferenceExtension: {
      replicas: 1,
      extProcPort: t.pool.eppPort,
      failureMode: "FailClose",
      // The chart renders each entry as `--<key> "<value>"` on the EPP container (v1.5.0
      // config/charts/epplib/templates/_deployment.yaml); there is no modelServerMetricsPath value.
      flags: { ...t.pool.eppFlags },
      pluginsConfigFile: "prefix-cache-aware.yaml",
      pluginsCustomConfig: { "prefix-cache-aware.yaml": eppPluginsConfig(t.pool.eppFlags) },
      // The chart's ServiceMonitor needs the Prometheus Operator; this stack runs plain Prometheus.
      monitoring: { prometheus: { enabled: false } },
    },
    provider: { name: "none" },
  };
}

/** Values for the Envoy Gateway chart: InferencePool backends via the AI Gateway extension, Redis rate limit. */
export function envoyGatewayChartValues(t: TrafficPlan): Record<string, unknown> {
  return {
    config: {
      envoyGateway: {
        // envoyproxy/ai-gateway manifests/envoy-gateway-values.yaml: register InferencePool as a
        // backend resource served by the AI Gateway controller (extension server on 1063).
        extensionApis: { enableBackend: true },
        extensionManager: {
          backendResources: [{ group: INF, kind: "InferencePool", version: "v1" }],
          hooks: { xdsTranslator: { translation: { listener: { includeAll: true }, route: { includeAll: true }, cluster: { includeAll: true }, secret: { includeAll: true } }, post: ["Translation", "Cluster", "Route"] } },
          service: { fqdn: { hostname: "ai-gateway-controller.envoy-ai-gateway-system.svc.cluster.local", port: 1063 } },
        },
        // gateway.envoyproxy.io/docs/tasks/traffic/global-rate-limit: Global needs a Redis backend.
        rateLimit: { backend: { type: "Redis", redis: { url: `${t.rateLimitRedis.name}.${t.gatewayNamespace}.svc.cluster.local:${t.rateLimitRedis.port}` } } },
      },
    },
  };
}

/**
 * Annotations of the Envoy LoadBalancer Service. AWS: the EKS cloud controller's own NLB
 * (kubernetes/cloud-provider-aws, aws.go: `aws-load-balancer-type: nlb`; with `ssl-cert` set, the
 * ports in `ssl-ports` get a TLS listener with the `ssl-negotiation-policy`, and
 * `backend-protocol: ssl` would re-encrypt; `tcp` forwards plain TCP to Envoy). The AWS Load
 * Balancer Controller's `external`/`nlb-target-type`/`scheme` annotations are not used: that
 * controller is not installed. Internal: `aws-load-balancer-internal: "true"`.
 */
export function gatewayServiceAnnotations(plan: Pick<DeploymentPlan, "cloud">, t: TrafficPlan): Record<string, string> {
  const annotations: Record<string, string> = {};
  if (plan.cloud === "aws") {
    annotations["service.beta.kubernetes.io/aws-load-balancer-type"] = "nlb";
    if (!t.public) annotations["service.beta.kubernetes.io/aws-load-balancer-internal"] = "true";
    if (t.tls.kind === "managed-aws") {
      Object.assign(annotations, {
        "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": t.tls.certificateArn,
        "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
        "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        // The NLB terminates TLS and forwards plain TCP to Envoy's 443 (HTTP) listener.
        "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "tcp",
      });
    }
  } else if (!t.public) {
    annotations["networking.gke.io/load-balancer-type"] = "Internal";
  }
  return annotations;
}

function envoyProxy(plan: DeploymentPlan, t: TrafficPlan): KubernetesObject {
  const annotations = gatewayServiceAnnotations(plan, t);
  return {
    apiVersion: EG,
    kind: "EnvoyProxy",
    metadata: { name: "deepseek-proxy", namespace: t.gatewayNamespace, labels },
    spec: {
      provider: {
        type: "Kubernetes",
        kubernetes: {
          envoyDeployment: {
            replicas: 2,
            pod: {
              // Plain Prometheus (kubernetes-pods job) scrapes request, latency and rate-limit stats here.
              annotations: { "prometheus.io/scrape": "true", "prometheus.io/port": String(t.metrics.port), "prometheus.io/path": t.metrics.path },
            },
          },
          envoyService: {
            // A fixed name, so the serving stack can read the load balancer's address for DNS.
            name: GATEWAY_SERVICE_NAME,
            type: "LoadBalancer",
            externalTrafficPolicy: "Local",
            annotations,
            ...(t.allowedSourceCidrs.length ? { loadBalancerSourceRanges: [...t.allowedSourceCidrs] } : {}),
          },
        },
      },
      telemetry: { metrics: { prometheus: {} } },
    },
  };
}

function gateway(t: TrafficPlan): KubernetesObject {
  const allowedRoutes = {
    namespaces: {
      from: "Selector",
      selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: [t.servingNamespace, t.gatewayNamespace] }] },
    },
  };
  return {
    apiVersion: `${GW}/v1`,
    kind: "Gateway",
    metadata: { name: t.gatewayName, namespace: t.gatewayNamespace, labels },
    spec: {
      gatewayClassName: t.gatewayClassName,
      infrastructure: { parametersRef: { group: "gateway.envoyproxy.io", kind: "EnvoyProxy", name: "deepseek-proxy" } },
      listeners: t.listeners.map((l) => ({
        name: l.name,
        port: l.port,
        protocol: l.protocol,
        hostname: l.hostname,
        ...(l.protocol === "HTTPS" && t.tls.kind === "cert-manager"
          ? { tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: t.tls.secretName }] } }
          : {}),
        allowedRoutes: l.purpose === "redirect"
          ? { namespaces: { from: "Same" } }
          : allowedRoutes,
      })),
    },
  };
}

function redirectRoute(t: TrafficPlan): KubernetesObject {
  return {
    apiVersion: `${GW}/v1`,
    kind: "HTTPRoute",
    metadata: { name: "https-redirect", namespace: t.gatewayNamespace, labels },
    spec: {
      parentRefs: [{ group: GW, kind: "Gateway", name: t.gatewayName, sectionName: "http" }],
      hostnames: [t.hostname],
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    },
  };
}

function tierRoute(t: TrafficPlan, tier: TrafficTierPlan): KubernetesObject {
  const match: Record<string, unknown> = { path: { type: "PathPrefix", value: "/" } };
  if (tier.headerMatch) match.headers = [{ type: "Exact", name: tier.headerMatch.name, value: tier.headerMatch.value }];
  return {
    apiVersion: `${GW}/v1`,
    kind: "HTTPRoute",
    metadata: { name: tier.routeName, namespace: t.servingNamespace, labels: { ...labels, "cdktf-deepseek.io/tier": tier.name } },
    spec: {
      parentRefs: [{ group: GW, kind: "Gateway", name: t.gatewayName, namespace: t.gatewayNamespace, sectionName: "https" }],
      hostnames: [t.hostname],
      rules: [{
        matches: [match],
        backendRefs: [{ group: INF, kind: "InferencePool", name: t.pool.name }],
        timeouts: { request: `${t.requestTimeoutSeconds}s` },
      }],
    },
  };
}

/**
 * The one unauthenticated route: exact GET /health on the health-check listener, for a global
 * health checker that cannot send API keys. No SecurityPolicy targets it; it answers nothing else.
 */
function healthRoute(t: TrafficPlan, health: NonNullable<TrafficPlan["healthCheck"]>): KubernetesObject {
  return {
    apiVersion: `${GW}/v1`,
    kind: "HTTPRoute",
    metadata: { name: HEALTH_ROUTE_NAME, namespace: t.servingNamespace, labels },
    spec: {
      parentRefs: [{ group: GW, kind: "Gateway", name: t.gatewayName, namespace: t.gatewayNamespace, sectionName: "https-health" }],
      hostnames: [health.hostname],
      rules: [{
        matches: [{ path: { type: "Exact", value: health.path }, method: "GET" }],
        backendRefs: [{ group: INF, kind: "InferencePool", name: t.pool.name }],
        timeouts: { request: "10s" },
      }],
    },
  };
}

/** Name of the unauthenticated health route (tests assert nothing else is unauthenticated). */
export const HEALTH_ROUTE_NAME = "health-check";

function routeRef(tier: TrafficTierPlan) {
  return [{ group: GW, kind: "HTTPRoute", name: tier.routeName }];
}

function externalSecret(t: TrafficPlan, tier: TrafficTierPlan): KubernetesObject {
  // external-secrets.io/v1 ExternalSecret: dataFrom.extract turns the JSON entry into one Secret key per client id.
  return {
    apiVersion: "external-secrets.io/v1",
    kind: "ExternalSecret",
    metadata: { name: tier.credentialsSecret, namespace: t.servingNamespace, labels },
    spec: {
      refreshInterval: "5m",
      secretStoreRef: { kind: t.secretStore.kind, name: t.secretStore.name },
      target: { name: tier.credentialsSecret, creationPolicy: "Owner" },
      dataFrom: [{ extract: { key: tier.remoteKey } }],
    },
  };
}

function securityPolicy(t: TrafficPlan, tier: TrafficTierPlan): KubernetesObject {
  return {
    apiVersion: EG,
    kind: "SecurityPolicy",
    metadata: { name: `${tier.routeName}-auth`, namespace: t.servingNamespace, labels },
    spec: {
      targetRefs: routeRef(tier),
      apiKeyAuth: {
        credentialRefs: [{ group: "", kind: "Secret", name: tier.credentialsSecret }],
        extractFrom: [{ headers: [t.apiKeyHeader] }],
        forwardClientIDHeader: t.clientIdHeader,
        sanitize: true,
      },
    },
  };
}

function backendTrafficPolicy(t: TrafficPlan, tier: TrafficTierPlan): KubernetesObject {
  const retryAfter = String(tier.retryAfterSeconds);
  return {
    apiVersion: EG,
    kind: "BackendTrafficPolicy",
    metadata: { name: `${tier.routeName}-traffic`, namespace: t.servingNamespace, labels },
    spec: {
      targetRefs: routeRef(tier),
      rateLimit: {
        global: {
          rules: [{
            // Each distinct client id (set by apiKeyAuth after authentication) gets its own bucket.
            clientSelectors: [{ headers: [{ type: "Distinct", name: t.clientIdHeader }] }],
            limit: { requests: tier.requestsPerMinutePerKey, unit: "Minute" },
          }],
        },
      },
      retry: {
        numRetries: t.retry.numRetries,
        retryOn: { triggers: [...t.retry.triggers], httpStatusCodes: [...t.retry.httpStatusCodes] },
        perRetry: { backOff: { baseInterval: "250ms", maxInterval: "2s" } },
      },
      circuitBreaker: {
        maxConnections: tier.maxParallelRequests,
        maxParallelRequests: tier.maxParallelRequests,
        maxPendingRequests: tier.maxPendingRequests,
        maxParallelRetries: tier.maxParallelRetries,
      },
      timeout: { tcp: { connectTimeout: "10s" } },
      responseOverride: [
        {
          // Circuit-breaker overflow (tier saturated) and the server's own 503s become 429 + Retry-After.
          match: { statusCodes: [{ type: "Value", value: 503 }] },
          response: {
            statusCode: 429,
            contentType: "application/json",
            header: { add: [{ name: "Retry-After", value: retryAfter }] },
            body: { type: "Inline", inline: `{"error":{"type":"overloaded","message":"tier ${tier.name} is saturated; retry after ${retryAfter}s"}}` },
          },
        },
        {
          match: { statusCodes: [{ type: "Value", value: 429 }] },
          response: {
            statusCode: 429,
            contentType: "application/json",
            header: { add: [{ name: "Retry-After", value: "60" }] },
            body: { type: "Inline", inline: `{"error":{"type":"rate_limited","message":"per-key limit of ${tier.requestsPerMinutePerKey} requests per minute reached; retry after 60s"}}` },
          },
        },
      ],
    },
  };
}

function clientTrafficPolicy(t: TrafficPlan): KubernetesObject {
  return {
    apiVersion: EG,
    kind: "ClientTrafficPolicy",
    metadata: { name: "deepseek-clients", namespace: t.gatewayNamespace, labels },
    spec: {
      targetRefs: [{ group: GW, kind: "Gateway", name: t.gatewayName }],
      ...(t.tls.kind === "cert-manager" ? { tls: { minVersion: "1.2" } } : {}),
      timeout: { http: { requestReceivedTimeout: "120s", idleTimeout: `${t.requestTimeoutSeconds}s` } },
    },
  };
}

function certManager(t: TrafficPlan): KubernetesObject[] {
  if (t.tls.kind !== "cert-manager") return [];
  return [
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Issuer",
      metadata: { name: t.tls.issuerName, namespace: t.gatewayNamespace, labels },
      spec: {
        acme: {
          server: t.tls.acmeServer,
          ...(t.tls.issuerEmail ? { email: t.tls.issuerEmail } : {}),
          privateKeySecretRef: { name: `${t.tls.issuerName}-account` },
          // HTTP-01 through the Gateway's port-80 listener (cert-manager.io/docs/configuration/acme/http01, gatewayHTTPRoute).
          // One parentRef per port-80 listener: the solver route for each name attaches to the listener admitting it.
          solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: t.listeners.filter((l) => l.port === 80).map((l) => ({ name: t.gatewayName, namespace: t.gatewayNamespace, kind: "Gateway", sectionName: l.name })) } } }],
        },
      },
    },
    {
      apiVersion: "cert-manager.io/v1",
      kind: "Certificate",
      metadata: { name: "deepseek-gateway", namespace: t.gatewayNamespace, labels },
      spec: {
        secretName: t.tls.secretName,
        dnsNames: [t.hostname, ...(t.healthCheck ? [t.healthCheck.hostname] : [])],
        issuerRef: { kind: "Issuer", name: t.tls.issuerName },
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      },
    },
  ];
}

function redis(t: TrafficPlan): KubernetesObject[] {
  const name = t.rateLimitRedis.name;
  const sel = { "app.kubernetes.io/name": name };
  return [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace: t.gatewayNamespace, labels: { ...labels, ...sel } },
      spec: {
        replicas: 1,
        selector: { matchLabels: sel },
        template: {
          metadata: { labels: sel },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 999, seccompProfile: { type: "RuntimeDefault" } },
            containers: [{
              name: "redis",
              image: `${RATE_LIMIT_REDIS_IMAGE.repository}:${RATE_LIMIT_REDIS_IMAGE.tag}`,
              args: ["--save", "", "--appendonly", "no"],
              ports: [{ name: "redis", containerPort: t.rateLimitRedis.port }],
              resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
              volumeMounts: [{ name: "data", mountPath: "/data" }],
            }],
            volumes: [{ name: "data", emptyDir: {} }],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: t.gatewayNamespace, labels },
      spec: { selector: sel, ports: [{ name: "redis", port: t.rateLimitRedis.port, targetPort: "redis" }] },
    },
  ];
}
