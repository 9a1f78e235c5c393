/**
 * The global rate limit's store and failure mode (pure): the Redis behind Envoy Gateway's rate
 * limit service, its generated password, and what the gateway does when the limiter cannot answer.
 */

export interface RateLimitRedisPlan {
  readonly name: string;
  readonly port: number;
  /** Kubernetes Secret (gateway namespace) holding the generated password and Redis' config file. */
  readonly authSecret: string;
  readonly passwordKey: string;
  readonly configKey: string;
  /** External Secrets Password generator (generators.external-secrets.io/v1alpha1) that makes it. */
  readonly passwordGenerator: string;
  readonly passwordLength: number;
  /** Digits among its characters (a quarter), no symbols: the password sits in redis.conf unquoted. */
  readonly passwordDigits: number;
  /** Labels Envoy Gateway puts on its rate limit pods: the only clients the Redis policy admits. */
  readonly rateLimitPodLabels: Readonly<Record<string, string>>;
}

export interface RateLimitFailurePlan {
  /** Envoy Gateway `config.envoyGateway.rateLimit.failClosed`. */
  readonly failClosed: boolean;
  /** How long Envoy waits for the rate limit service before the failure mode applies. */
  readonly timeout: string;
  readonly reason: string;
  /** API-key authentication: decided by Envoy itself, independent of the rate limiter. */
  readonly authentication: "fail-closed";
}

/**
 * Labels of the rate limit pods Envoy Gateway creates (envoyproxy/gateway v1.9.0
 * internal/infrastructure/kubernetes/ratelimit/resource.go `LabelSelector`, tested in
 * resource_provider_test.go TestRateLimitLabelSelector).
 */
export const RATE_LIMIT_POD_LABELS: Readonly<Record<string, string>> = Object.freeze({
  "app.kubernetes.io/name": "envoy-ratelimit",
  "app.kubernetes.io/component": "ratelimit",
  "app.kubernetes.io/managed-by": "envoy-gateway",
});

/**
 * The rate limiter fails open. envoyproxy/gateway v1.9.0 api/v1alpha1/envoygateway_types.go
 * `RateLimit.FailClosed` (default false: "let the traffic pass"; true: "return 500"), translated to
 * the rate limit filter's `failure_mode_deny` (internal/xds/translator/ratelimit.go). Per-key limits
 * are fairness between clients, not a security boundary: every request is still authenticated
 * (apiKeyAuth runs in Envoy, no external call) and every tier's circuit breaker still caps the
 * requests in flight, so a Redis restart (one replica, no persistence) lifts only the per-minute
 * quotas for its duration instead of answering 500 to every client.
 */
export const RATE_LIMIT_FAILURE: RateLimitFailurePlan = Object.freeze({
  failClosed: false,
  timeout: "100ms",
  reason: "per-key limits are fairness, not a security boundary: authentication runs in Envoy without the rate limiter and fails closed, and each tier's circuit breaker still caps requests in flight, so a Redis restart lifts only the per-minute quotas instead of failing every request",
  authentication: "fail-closed",
});

/** The rate limit's Redis: names, port, generated-password Secret and the only clients admitted. */
export function planRateLimitRedis(): RateLimitRedisPlan {
  return {
    name: "ratelimit-redis",
    port: 6379,
    authSecret: "ratelimit-redis-auth",
    passwordKey: "password",
    configKey: "redis.conf",
    passwordGenerator: "ratelimit-redis-password",
    passwordLength: 48,
    passwordDigits: 12,
    rateLimitPodLabels: RATE_LIMIT_POD_LABELS,
  };
}
