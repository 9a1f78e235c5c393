import type { KubernetesObject } from "../internal/k8s-object";
import type { DeploymentPlan } from "../plan/plan";
import { GATEWAY_SERVICE_NAME, type TrafficPlan } from "./plan-traffic";
import { EG, GW, INF, labels } from "./api-groups";

/**
 * The gateway: EnvoyProxy and its LoadBalancer Service, the Gateway and its listeners, TLS
 * (cert-manager), the HTTP->HTTPS redirect, the unauthenticated health route and client timeouts.
 * Gateway / HTTPRoute fields: gateway.networking.k8s.io/v1 (CRDs v1.6.1, test/fixtures/schemas).
 */

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
        // failClosed and timeout: envoyproxy/gateway v1.9.0 api/v1alpha1/envoygateway_types.go
        // `RateLimit` (decided in planTraffic: RATE_LIMIT_FAILURE). Written even where it equals
        // the default, so the review and the tests read the decision from the emitted values.
        rateLimit: {
          backend: { type: "Redis", redis: { url: `${t.rateLimitRedis.name}.${t.gatewayNamespace}.svc.cluster.local:${t.rateLimitRedis.port}` } },
          failClosed: t.rateLimitFailure.failClosed,
          timeout: t.rateLimitFailure.timeout,
        },
        // The rate limit service authenticates to Redis with REDIS_AUTH (envoyproxy/ratelimit
        // src/settings/settings.go `RedisAuth envconfig:"REDIS_AUTH"`), set through the rate limit Deployment's container env
        // (api/v1alpha1/envoygateway_types.go `EnvoyGatewayKubernetesInfrastructureConfiguration.RateLimitDeployment`,
        // merged by internal/infrastructure/kubernetes/ratelimit/resource.go `ExpectedContainerEnv`),
        // from the generated Secret: the password never appears in Terraform or in the values.
        provider: {
          type: "Kubernetes",
          kubernetes: {
            rateLimitDeployment: {
              container: { env: [{ name: "REDIS_AUTH", valueFrom: { secretKeyRef: { name: t.rateLimitRedis.authSecret, key: t.rateLimitRedis.passwordKey } } }] },
            },
          },
        },
      },
    },
  };
}

/** The gateway Service's annotations, as planned (TrafficPlan.serviceAnnotations: plan-gateway-service.ts). */
export function gatewayServiceAnnotations(_plan: Pick<DeploymentPlan, "cloud">, t: TrafficPlan): Record<string, string> {
  return { ...t.serviceAnnotations };
}

export function envoyProxy(plan: DeploymentPlan, t: TrafficPlan): KubernetesObject {
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

export function gateway(t: TrafficPlan): KubernetesObject {
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

export function redirectRoute(t: TrafficPlan): KubernetesObject {
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

/**
 * The one unauthenticated route: exact GET /health on the health-check listener, for a global
 * health checker that cannot send API keys. No SecurityPolicy targets it; it answers nothing else.
 */
export function healthRoute(t: TrafficPlan, health: NonNullable<TrafficPlan["healthCheck"]>): KubernetesObject {
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

export function clientTrafficPolicy(t: TrafficPlan): KubernetesObject {
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

export function certManager(t: TrafficPlan): KubernetesObject[] {
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
