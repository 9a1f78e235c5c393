import { asWritten, type PathOf } from "../plan/refusal-paths";
import { isIpCidr, prefixLength } from "../plan/cidr";
import { requirePlan } from "../plan/plan-shape";
import { TRAFFIC_NAMESPACE_LABEL } from "../serving/constants";
import { z } from "zod";
import { apiKeySecretPrefix } from "../plan/names";
import { replicaConcurrency } from "../plan/concurrency";
import { DEFAULT_DECODE_TOKENS_PER_SECOND, MAX_REQUEST_TIMEOUT_SECONDS, MIN_REQUEST_TIMEOUT_SECONDS, planDrain, requestTimeoutFor } from "../serving/plan-drain";
import { DeepSeekConfigError, oneOf } from "../errors";
import { parseOrThrow } from "../validation";
import { servingNames } from "../plan/names";
import type { DeploymentPlan } from "../plan/plan";
import { defaultMetricNames, metricNameSet } from "../autoscaling/plan-autoscaling";
import { trtllmMetricLine } from "../catalog/trtllm-metrics";
import { RATE_LIMIT_FAILURE, planRateLimitRedis, type RateLimitFailurePlan, type RateLimitRedisPlan } from "./plan-rate-limit";
import { planGatewayServiceAnnotations } from "./plan-gateway-service";

/**
 * Traffic planning: the authenticated OpenAI-compatible endpoint in front of the servers.
 * Pure: plan + traffic input -> every number and name the traffic objects use.
 */

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const TIER_NAME = /^[a-z][a-z0-9-]{0,30}$/;

export const trafficTierSchema = z.object({
  /** Tier name, sent by clients in the tier header; lowercase DNS label. */
  name: z.string().regex(TIER_NAME, "is not a valid tier name; use a lowercase name such as interactive or batch"),
  /** Higher is served first; the lowest tier is shed first. */
  priority: z.number().int().min(0).max(1000),
  /** Per API key, requests per minute. */
  requestsPerMinutePerKey: z.number().int().min(1).max(1_000_000),
}).strict();
export type TrafficTierInput = z.input<typeof trafficTierSchema>;

export const trafficTlsSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("cert-manager"),
    /** ACME account e-mail (expiry notices). */
    issuerEmail: z.string().email("is not an e-mail address; use an address such as ops@example.com").optional(),
    /** ACME directory. @default Let's Encrypt production */
    acmeServer: z.string().url().optional(),
  }).strict(),
  z.object({
    kind: z.literal("managed"),
    /** AWS: ACM certificate ARN, attached to the NLB TLS listener. */
    certificateArn: z.string().regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/, "is not an ACM certificate ARN; use arn:aws:acm:<region>:<account>:certificate/<id>").optional(),
    /** GCP: Certificate Manager map name (GKE Gateway only). */
    certificateMap: z.string().min(1).optional(),
  }).strict(),
]);

export const trafficInputSchema = z.object({
  /** DNS name clients call; TLS certificates are issued for it. */
  hostname: z.string({ error: "is required for TLS; set it to the DNS name clients call, e.g. api.example.com" })
    .regex(HOSTNAME, "is not a DNS name; use a lowercase fully qualified name such as api.example.com"),
  tls: trafficTlsSchema.optional(),
  /** Internet-facing load balancer (443 only). false: internal load balancer. @default true */
  public: z.boolean().optional(),
  /** Source ranges allowed to reach the load balancer. @default unrestricted when public */
  allowedSourceCidrs: z.array(z.string()
    .refine(isIpCidr, "is not an IPv4 or IPv6 CIDR; use a range such as 203.0.113.0/24")
    .refine((c) => !isIpCidr(c) || prefixLength(c) > 0, "admits every address; leave allowedSourceCidrs unset with public: true for an internet-facing gateway, or list your networks")).min(1).optional(),
  /** Priority tiers. @default interactive (100, 120/min/key) and batch (10, 30/min/key) */
  tiers: z.array(trafficTierSchema).optional(),
  /** Tier for requests without the tier header. @default the lowest-priority tier */
  defaultTier: z.string().optional(),
  /** Share of in-flight requests that may be retries, percent. @default 20 */
  retryBudgetPercent: z.number().optional(),
  /**
   * Whole-request timeout, seconds; the servers' drain grace period is derived from it, so at most
   * 3550 s (grace capped at an hour). @default maxSeqLen / decodeTokensPerSecond, 600 to 3550
   */
  requestTimeoutSeconds: z.number().int().min(60).max(86_400).optional(),
  /** Conservative per-stream decode rate used to size the timeout, tokens/s. @default 30 */
  decodeTokensPerSecond: z.number().min(1).max(10_000).optional(),
  /** Secret store External Secrets reads the API keys from. @default ClusterSecretStore "cloud-secret-store" */
  secretStore: z.object({ kind: z.enum(["ClusterSecretStore", "SecretStore"]), name: z.string().min(1) }).strict().optional(),
  /**
   * DNS name a global health checker (Route 53) calls for this placement. It gets its own HTTPS
   * listener and one unauthenticated route, exact `GET /health`, to the servers' health endpoint:
   * health checkers cannot send API keys. @default none: no unauthenticated route at all
   */
  healthCheckHostname: z.string().regex(HOSTNAME, "is not a DNS name; use a lowercase fully qualified name such as eu-1.api.example.com").optional(),
  /** Key prefix of the API-key entries in the cloud secret store; one entry per tier. @default cdktf-deepseek/<plan id>/api-keys */
  apiKeysSecretPrefix: z.string().regex(/^[A-Za-z0-9/_+=.@-]+$/, "is not a valid secret name prefix; use letters, digits and / _ + = . @ -").optional(),
}).strict();
export type TrafficInput = z.input<typeof trafficInputSchema>;

export interface TrafficTierPlan {
  readonly name: string;
  readonly priority: number;
  /** 0 for the highest priority, counting down. */
  readonly rank: number;
  readonly requestsPerMinutePerKey: number;
  /** Concurrency cap of this tier's route: capacity × 0.5^rank (lower tiers hit it first). */
  readonly maxParallelRequests: number;
  readonly maxPendingRequests: number;
  /** Retry budget as a cap on parallel retries: ceil(maxParallelRequests × budget%). */
  readonly maxParallelRetries: number;
  /** Retry-After sent with 429s from this tier, seconds: 10 × 2^rank. */
  readonly retryAfterSeconds: number;
  readonly routeName: string;
  /** Header match selecting this tier; `null` for the default tier (matches every request). */
  readonly headerMatch: { readonly name: string; readonly value: string } | null;
  /** Kubernetes Secret (synced by External Secrets) holding this tier's API keys. */
  readonly credentialsSecret: string;
  /** Entry in the cloud secret store: a JSON object { "<client-id>": "Bearer <key>" }. */
  readonly remoteKey: string;
}

export interface TrafficPlan {
  readonly implementation: "envoy-gateway";
  /** What else would work, for the reviewer. */
  readonly alternative: string;
  readonly gatewayClassName: string;
  readonly controllerName: string;
  readonly gatewayName: string;
  readonly gatewayNamespace: string;
  readonly servingNamespace: string;
  /** Label on the gateway namespace that the serving NetworkPolicy admits. */
  readonly namespaceLabel: { readonly key: string; readonly value: string };
  readonly hostname: string;
  readonly public: boolean;
  readonly allowedSourceCidrs: readonly string[];
  readonly tls:
    | { readonly kind: "cert-manager"; readonly issuerName: string; readonly secretName: string; readonly issuerEmail?: string; readonly acmeServer: string }
    | { readonly kind: "managed-aws"; readonly certificateArn: string };
  /** Annotations of the gateway's LoadBalancer Service (the cloud's load balancer: planGatewayServiceAnnotations). */
  readonly serviceAnnotations: Readonly<Record<string, string>>;
  /** Listeners: 443 always; 80 only as an HTTPS redirect + ACME HTTP-01 with cert-manager. */
  readonly listeners: readonly { readonly name: string; readonly port: number; readonly protocol: "HTTP" | "HTTPS"; readonly purpose: "api" | "redirect" | "health"; readonly hostname: string }[];
  /** The unauthenticated health route for a global health checker, when asked for. */
  readonly healthCheck?: { readonly hostname: string; readonly path: "/health" };
  readonly requestTimeoutSeconds: number;
  readonly retry: { readonly numRetries: number; readonly triggers: readonly string[]; readonly httpStatusCodes: readonly number[]; readonly budgetPercent: number };
  /**
   * Requests the replicas run at once at their maximum: replicas.max × one replica's concurrency
   * (`replicaConcurrency`, the figure the autoscaler's load trigger scales on). The top tier's cap.
   */
  readonly capacityConcurrency: number;
  readonly tierHeader: string;
  readonly apiKeyHeader: string;
  readonly clientIdHeader: string;
  readonly tiers: readonly TrafficTierPlan[];
  readonly secretStore: { readonly kind: "ClusterSecretStore" | "SecretStore"; readonly name: string };
  readonly pool: {
    readonly name: string;
    readonly selector: Readonly<Record<string, string>>;
    readonly targetPort: number;
    readonly eppServiceName: string;
    readonly eppPort: number;
    /** Labels on the endpoint picker's pods (the inferencepool chart's selector labels). */
    readonly eppPodLabels: Readonly<Record<string, string>>;
    readonly metricsPath: string;
    /**
     * Extra EPP command-line flags, passed through the chart's `inferenceExtension.flags` map
     * (rendered as `--<key> "<value>"`): where and what the picker scrapes on trtllm-serve.
     */
    readonly eppFlags: Readonly<Record<string, string>>;
  };
  /**
   * The gateway as seen from inside the cluster (e.g. the serving check): the Envoy Service
   * `GATEWAY_SERVICE_NAME` in the gateway namespace, port 443. Envoy's 443 listeners share one
   * port and are told apart by hostname: with TLS at Envoy (cert-manager) the HTTPS listener
   * selects its filter chain by the TLS SNI, so a client must send `sni` (and the same Host);
   * with managed TLS (the NLB terminates) the in-cluster 443 listener is plain HTTP and selects by
   * the Host header (`protocol` says which).
   */
  readonly inClusterEndpoint: { readonly host: string; readonly port: 443; readonly sni: string; readonly protocol: "HTTPS" | "HTTP" };
  /**
   * The Redis behind the global rate limit, with its password: generated in the cluster by External
   * Secrets' Password generator into `authSecret` (never in Terraform), read by Redis (`requirepass`
   * from the `configKey` file) and by Envoy Gateway's rate limit service (`REDIS_AUTH` from
   * `passwordKey`). A NetworkPolicy admits only the rate limit pods (`rateLimitPodLabels`) to it.
   */
  readonly rateLimitRedis: RateLimitRedisPlan;
  /** What the gateway does when the rate limit service (or its Redis) cannot answer. */
  readonly rateLimitFailure: RateLimitFailurePlan;
  /** Envoy proxy Prometheus endpoint (scrape annotations on the proxy pods). */
  readonly metrics: { readonly port: number; readonly path: string };
  readonly notes: readonly string[];
}

// The rate limit's Redis and failure mode are decided in plan-rate-limit.ts.
export { RATE_LIMIT_FAILURE, RATE_LIMIT_POD_LABELS, type RateLimitFailurePlan, type RateLimitRedisPlan } from "./plan-rate-limit";

export const DEFAULT_TIERS: readonly TrafficTierInput[] = [
  { name: "interactive", priority: 100, requestsPerMinutePerKey: 120 },
  { name: "batch", priority: 10, requestsPerMinutePerKey: 30 },
];
// The request timeout is decided with the servers' drain (one formula, lib/serving/plan-drain.ts).
export { DEFAULT_DECODE_TOKENS_PER_SECOND, MAX_REQUEST_TIMEOUT_SECONDS, MIN_REQUEST_TIMEOUT_SECONDS, requestTimeoutFor };
export const DEFAULT_RETRY_BUDGET_PERCENT = 20;
// One definition shared with the serving NetworkPolicy that admits the gateway.
export { TRAFFIC_NAMESPACE_LABEL };
import { GATEWAY_NAME, GATEWAY_NAMESPACE, GATEWAY_SERVICE_NAME } from "./gateway-names";
export { GATEWAY_LISTENER_PORTS, GATEWAY_NAME, GATEWAY_NAMESPACE, GATEWAY_PROXY_POD_LABELS, GATEWAY_SERVICE_NAME, gatewayProxyContainerPort } from "./gateway-names";

/**
 * Labels the inferencepool chart (v1.5.0) puts on the endpoint picker's pods: its
 * `gateway-api-inference-extension.selectorLabels` helper renders `inferencepool: <release>-epp`,
 * and the release is named after the pool (`trtllm`). The chart offers no value for extra pod
 * labels, so the serving NetworkPolicy admits exactly these. planTraffic's `pool.eppPodLabels`
 * is the same value (tested).
 */
export const ENDPOINT_PICKER_POD_LABELS: Readonly<Record<string, string>> = Object.freeze({ inferencepool: "trtllm-epp" });

/** The chart's EPP pod labels for a pool (release) name. */
export function endpointPickerPodLabels(poolName: string): Record<string, string> {
  return { inferencepool: `${poolName.toLowerCase().trim().slice(0, 40)}-epp` };
}

/**
 * EPP flags for trtllm-serve (flag names from gateway-api-inference-extension v1.5.0
 * pkg/epp/server/options.go). Metric names come from the pinned image's exported set
 * (lib/catalog/trtllm-metrics.ts via `metricNameSet`); a metric the image does not export is
 * passed as "", which the EPP reads as "do not scrape" (pkg/epp/backend/metrics/metrics_spec.go
 * `stringToMetricSpec`; it logs "Not scraping metric: ..."), never as a name that silently reads 0.
 * LoRA and cache-info metrics: trtllm-serve exports neither.
 */
export function endpointPickerFlags(plan: Pick<DeploymentPlan, "image">, metricsPath: string): Record<string, string> {
  const m = metricNameSet(defaultMetricNames(plan.image.tag), trtllmMetricLine(plan.image.tag));
  const gauges = m.load.kind === "gauges" ? m.load : undefined;
  return {
    "model-server-metrics-path": metricsPath,
    "total-queued-requests-metric": gauges?.waiting ?? "",
    "total-running-requests-metric": gauges?.running ?? "",
    "kv-cache-usage-percentage-metric": m.kvCacheUtilization ?? "",
    "lora-info-metric": "",
    "cache-info-metric": "",
  };
}
const LETS_ENCRYPT = "https://acme-v02.api.letsencrypt.org/directory";

export function planTraffic(plan: DeploymentPlan, input: unknown, at: PathOf = asWritten): TrafficPlan {
  requirePlan(plan);
  const cfg = parseOrThrow(trafficInputSchema, input, at("traffic"));
  const names = servingNames(plan);

  const tiersIn = cfg.tiers ?? DEFAULT_TIERS;
  if (tiersIn.length < 2) {
    throw new DeepSeekConfigError(at("traffic.tiers"), "needs at least two tiers so the lower one is shed first", tiersIn.map((t) => t.name), "add a lower-priority tier such as batch");
  }
  if (tiersIn.length > 8) {
    throw new DeepSeekConfigError(at("traffic.tiers"), "has more than 8 tiers", tiersIn.length, "merge tiers; each tier is its own route and policy set");
  }
  tiersIn.forEach((t, i) => {
    const dup = tiersIn.findIndex((o) => o.name === t.name);
    if (dup !== i) throw new DeepSeekConfigError(at(`traffic.tiers.${i}.name`), "repeats another tier's name", t.name, "give every tier a distinct name");
    const dupP = tiersIn.findIndex((o) => o.priority === t.priority);
    if (dupP !== i) throw new DeepSeekConfigError(at(`traffic.tiers.${i}.priority`), `equals the priority of tier "${tiersIn[dupP].name}"`, t.priority, "give every tier a distinct priority so the shedding order is defined");
  });
  const sorted = [...tiersIn].sort((a, b) => b.priority - a.priority);
  const defaultTier = cfg.defaultTier ?? sorted[sorted.length - 1].name;
  if (!sorted.some((t) => t.name === defaultTier)) {
    throw new DeepSeekConfigError(at("traffic.defaultTier"), "is not a defined tier", cfg.defaultTier, `use ${oneOf(sorted.map((t) => t.name))}`);
  }

  const budget = cfg.retryBudgetPercent ?? DEFAULT_RETRY_BUDGET_PERCENT;
  if (!(budget >= 1 && budget <= 50)) {
    throw new DeepSeekConfigError(at("traffic.retryBudgetPercent"), "is outside 1-50 percent", cfg.retryBudgetPercent, "use a retry budget between 1 and 50 percent (20 is typical)");
  }

  const isCertManager = !cfg.tls || cfg.tls.kind === "cert-manager";
  let tls: TrafficPlan["tls"];
  if (!cfg.tls || cfg.tls.kind === "cert-manager") {
    tls = { kind: "cert-manager", issuerName: "deepseek-acme", secretName: "deepseek-gateway-tls", acmeServer: cfg.tls?.acmeServer ?? LETS_ENCRYPT, ...(cfg.tls?.issuerEmail ? { issuerEmail: cfg.tls.issuerEmail } : {}) };
  } else if (plan.cloud === "aws") {
    if (cfg.tls.certificateMap) throw new DeepSeekConfigError(at("traffic.tls.certificateMap"), "is a GCP Certificate Manager setting on an AWS placement", cfg.tls.certificateMap, "use certificateArn with an ACM certificate on AWS");
    if (!cfg.tls.certificateArn) throw new DeepSeekConfigError(at("traffic.tls.certificateArn"), "is required for managed TLS on AWS", undefined, "set the ACM certificate ARN for the hostname, or use tls.kind \"cert-manager\"");
    tls = { kind: "managed-aws", certificateArn: cfg.tls.certificateArn };
  } else {
    throw new DeepSeekConfigError(at("traffic.tls.kind"), "\"managed\" on GCP needs GKE Gateway with a Certificate Manager map, and this library installs Envoy Gateway (GKE's L4 load balancer cannot terminate TLS)", "managed", "use tls.kind \"cert-manager\" on GCP");
  }

  // What the replicas can run at once at their maximum, by the autoscaler's own per-replica figure
  // (attention DP included): the top tier admits all of it on every Envoy replica.
  const capacity = plan.replicas.max * replicaConcurrency(plan);
  const tierHeader = "x-deepseek-tier";
  const tiers: TrafficTierPlan[] = sorted.map((t, rank) => {
    const maxParallelRequests = Math.max(1, Math.floor(capacity / 2 ** rank));
    const isDefault = t.name === defaultTier;
    return {
      name: t.name,
      priority: t.priority,
      rank,
      requestsPerMinutePerKey: t.requestsPerMinutePerKey,
      maxParallelRequests,
      maxPendingRequests: Math.max(1, Math.ceil(maxParallelRequests / 10)),
      maxParallelRetries: Math.max(1, Math.ceil((maxParallelRequests * budget) / 100)),
      retryAfterSeconds: 10 * 2 ** rank,
      routeName: `${names.service}-${t.name}`,
      headerMatch: isDefault ? null : { name: tierHeader, value: t.name },
      credentialsSecret: `api-keys-${t.name}`,
      remoteKey: cfg.apiKeysSecretPrefix ? `${cfg.apiKeysSecretPrefix}${plan.cloud === "aws" ? "/" : "-"}${t.name}` : `${apiKeySecretPrefix(plan)}${t.name}`,
    };
  });

  const decodeRate = cfg.decodeTokensPerSecond ?? DEFAULT_DECODE_TOKENS_PER_SECOND;
  const requestTimeoutSeconds = cfg.requestTimeoutSeconds ?? requestTimeoutFor(plan.maxSeqLen, decodeRate);
  // The servers' grace period is derived from this timeout; one too long to drain is refused here.
  planDrain(plan, requestTimeoutSeconds, at("traffic.requestTimeoutSeconds"));
  const apiProtocol: "HTTP" | "HTTPS" = tls.kind === "managed-aws" ? "HTTP" : "HTTPS";
  const listeners: TrafficPlan["listeners"] = [
    // managed-aws: the NLB terminates TLS on 443 with the ACM certificate and forwards to Envoy's 443 listener.
    { name: "https", port: 443, protocol: apiProtocol, purpose: "api", hostname: cfg.hostname },
    ...(cfg.healthCheckHostname ? [{ name: "https-health", port: 443, protocol: apiProtocol, purpose: "health" as const, hostname: cfg.healthCheckHostname }] : []),
    ...(tls.kind === "managed-aws" ? [] : [{ name: "http", port: 80, protocol: "HTTP" as const, purpose: "redirect" as const, hostname: cfg.hostname }]),
    // cert-manager's HTTP-01 solver route carries the challenged name, and a route attaches only to
    // a listener whose hostname intersects it (gateway-api HTTPRouteSpec.hostnames; cert-manager
    // pkg/issuer/acme/http/httproute.go): the placement's own name needs its own port-80 listener,
    // or the ACME order (every dnsName together) never completes.
    ...(tls.kind === "cert-manager" && cfg.healthCheckHostname ? [{ name: "http-health", port: 80, protocol: "HTTP" as const, purpose: "redirect" as const, hostname: cfg.healthCheckHostname }] : []),
  ];
  if (cfg.healthCheckHostname && cfg.allowedSourceCidrs?.length) {
    // Route 53 health checkers call from their own published ranges (ip-ranges.amazonaws.com,
    // service ROUTE53_HEALTHCHECKS), which change; behind the load balancer's source ranges every
    // check fails, and Route 53 treats all-unhealthy as all-healthy: failover silently disappears.
    throw new DeepSeekConfigError(
      "traffic.allowedSourceCidrs",
      "keeps the Route 53 health checkers out of this placement's /health (the load balancer admits only these ranges), so every health check fails and failover is lost",
      cfg.allowedSourceCidrs,
      "leave allowedSourceCidrs unset (API keys still guard every route except GET /health), or publish DNS without per-placement health checks (one placement, or no endpoint.route53ZoneId)",
    );
  }

  const notes = [
    "GKE alternative: GKE Gateway (gke-l7-regional-external-managed) with its own InferencePool support; Envoy Gateway is used on both clouds for one implementation",
    "API keys: one secret-store entry per tier holding a JSON object {\"<client-id>\": \"Bearer <key>\"}; the value must match the whole Authorization header",
    `clients pick a tier with the ${tierHeader} header; requests without it use tier "${defaultTier}"`,
  ];
  if (isCertManager) notes.push("port 80 only redirects to HTTPS and answers ACME HTTP-01 challenges; it routes nothing to the servers");

  return {
    implementation: "envoy-gateway",
    alternative: notes[0],
    gatewayClassName: "envoy-gateway",
    controllerName: "gateway.envoyproxy.io/gatewayclass-controller",
    gatewayName: GATEWAY_NAME,
    gatewayNamespace: GATEWAY_NAMESPACE,
    servingNamespace: names.namespace,
    namespaceLabel: TRAFFIC_NAMESPACE_LABEL,
    hostname: cfg.hostname,
    public: cfg.public ?? true,
    allowedSourceCidrs: cfg.allowedSourceCidrs ?? [],
    tls,
    serviceAnnotations: planGatewayServiceAnnotations(plan.cloud, { public: cfg.public ?? true, tls }),
    listeners,
    healthCheck: cfg.healthCheckHostname ? { hostname: cfg.healthCheckHostname, path: "/health" } : undefined,
    requestTimeoutSeconds,
    retry: {
      numRetries: 2,
      // Only failures before any response byte: a retried generation never duplicates output.
      triggers: ["connect-failure", "refused-stream", "reset", "retriable-status-codes"],
      httpStatusCodes: [503],
      budgetPercent: budget,
    },
    capacityConcurrency: capacity,
    tierHeader,
    apiKeyHeader: "authorization",
    clientIdHeader: "x-client-id",
    tiers,
    secretStore: cfg.secretStore ?? { kind: "ClusterSecretStore", name: "cloud-secret-store" },
    pool: {
      name: names.service,
      selector: names.endpointSelector,
      targetPort: names.port,
      eppServiceName: `${names.service}-epp`,
      eppPort: 9002,
      eppPodLabels: endpointPickerPodLabels(names.service),
      metricsPath: names.metricsPath,
      eppFlags: endpointPickerFlags(plan, names.metricsPath),
    },
    inClusterEndpoint: {
      host: `${GATEWAY_SERVICE_NAME}.${GATEWAY_NAMESPACE}.svc.cluster.local`,
      port: 443,
      sni: cfg.hostname,
      protocol: apiProtocol,
    },
    rateLimitRedis: planRateLimitRedis(),
    rateLimitFailure: RATE_LIMIT_FAILURE,
    metrics: { port: 19001, path: "/stats/prometheus" },
    notes,
  };
}
