import type { KubernetesObject } from "../internal/k8s-object";
import type { TrafficPlan, TrafficTierPlan } from "./plan-traffic";
import { RATE_LIMIT_REDIS_IMAGE } from "./charts";
import { imageString } from "../catalog/images";
import { EG, GW, INF, labels } from "./api-groups";

/**
 * Per-tier objects (route, API keys, authentication, rate limits, retries, circuit breaker) and the
 * Redis that backs the global rate limit.
 *
 * Field sources:
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

export function tierRoute(t: TrafficPlan, tier: TrafficTierPlan): KubernetesObject {
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

function routeRef(tier: TrafficTierPlan) {
  return [{ group: GW, kind: "HTTPRoute", name: tier.routeName }];
}

export function externalSecret(t: TrafficPlan, tier: TrafficTierPlan): KubernetesObject {
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

export function securityPolicy(t: TrafficPlan, tier: TrafficTierPlan): KubernetesObject {
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

export function backendTrafficPolicy(t: TrafficPlan, tier: TrafficTierPlan): KubernetesObject {
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

/**
 * The rate limit's Redis, authenticated and fenced:
 * - the password is generated in the cluster by External Secrets' Password generator
 *   (external-secrets v2.9.0 apis/generators/v1alpha1/types_password.go; docs/api/generator/password.md),
 *   letters and digits only (no quoting in redis.conf; REDIS_AUTH reaches Redis' AUTH unchanged:
 *   envoyproxy/ratelimit src/redis/driver_impl.go `radix.DialAuthPass(auth)`), and rendered into the Secret twice: `password` (REDIS_AUTH of Envoy Gateway's rate
 *   limit service, gateway-objects.ts) and `redis.conf` (`requirepass`, read by redis-server as its
 *   config file, so the password is in no command line, no Terraform value and no state).
 *   `refreshInterval: "0"` generates it once (external-secrets apis/externalsecrets/v1
 *   externalsecret_types.go: 0 disables refresh), so Redis and its client never disagree.
 * - a NetworkPolicy admits only the rate limit pods to Redis' port, and Redis itself may send
 *   nothing (egress denied: it answers on established connections only).
 */
export function redis(t: TrafficPlan): KubernetesObject[] {
  const r = t.rateLimitRedis;
  const name = r.name;
  const sel = { "app.kubernetes.io/name": name };
  const confDir = "/etc/redis";
  return [
    {
      apiVersion: "generators.external-secrets.io/v1alpha1",
      kind: "Password",
      metadata: { name: r.passwordGenerator, namespace: t.gatewayNamespace, labels },
      spec: { length: r.passwordLength, digits: r.passwordDigits, symbols: 0, noUpper: false, allowRepeat: true },
    },
    {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: { name: r.authSecret, namespace: t.gatewayNamespace, labels },
      spec: {
        refreshInterval: "0",
        target: {
          name: r.authSecret,
          creationPolicy: "Owner",
          template: {
            engineVersion: "v2",
            data: {
              [r.passwordKey]: "{{ .password }}",
              [r.configKey]: "requirepass {{ .password }}\n",
            },
          },
        },
        dataFrom: [{ sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "Password", name: r.passwordGenerator } } }],
      },
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, namespace: t.gatewayNamespace, labels: { ...labels, ...sel } },
      spec: {
        replicas: 1,
        selector: { matchLabels: sel },
        template: {
          metadata: { labels: sel, annotations: { "cdktf-deepseek.io/pod-security": "restricted" } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999, seccompProfile: { type: "RuntimeDefault" } },
            containers: [{
              name: "redis",
              image: imageString(RATE_LIMIT_REDIS_IMAGE),
              // redis-server <config file> [options]: requirepass comes from the generated file.
              command: ["redis-server"],
              args: [`${confDir}/${r.configKey}`, "--save", "", "--appendonly", "no", "--port", String(r.port)],
              ports: [{ name: "redis", containerPort: r.port }],
              resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
              volumeMounts: [{ name: "data", mountPath: "/data" }, { name: "auth", mountPath: confDir, readOnly: true }],
            }],
            volumes: [
              { name: "data", emptyDir: {} },
              { name: "auth", secret: { secretName: r.authSecret, items: [{ key: r.configKey, path: r.configKey }], defaultMode: 0o440 } },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name, namespace: t.gatewayNamespace, labels },
      spec: { selector: sel, ports: [{ name: "redis", port: r.port, targetPort: "redis" }] },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: `${name}-only-ratelimit`, namespace: t.gatewayNamespace, labels },
      spec: {
        podSelector: { matchLabels: sel },
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: { matchLabels: { ...r.rateLimitPodLabels } } }], ports: [{ protocol: "TCP", port: r.port }] }],
      },
    },
  ];
}
