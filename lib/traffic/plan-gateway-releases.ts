import { TRAFFIC_CHARTS, type TrafficChartId } from "./charts";
import { envoyGatewayChartValues } from "./gateway-objects";
import { inferencePoolChartValues } from "./inference-pool";
import type { TrafficPlan } from "./plan-traffic";
import type { ChartReleasePlan } from "../plan/chart-release";

/** Release name of the bundle that installs the InferencePool CRD (v1.6.0). */
export const TRAFFIC_CRDS_RELEASE = "deepseek-inference-crds";

/**
 * What a traffic release waits for: the traffic namespaces, the InferencePool CRD, the caller's
 * resources (`workload`: InferenceGateway's dependsOn, the serving workload), or another chart's release.
 */
export type GatewayWait = "namespaces" | "crds" | "workload" | TrafficChartId;

/** One upstream chart release of the traffic layer, pinned (lib/catalog/charts.ts), with its values and what it waits for. */
export interface GatewayChartReleasePlan extends ChartReleasePlan {
  readonly chartId: TrafficChartId;
  readonly values: Readonly<Record<string, unknown>>;
  readonly after: readonly GatewayWait[];
}

/** Every release InferenceGateway writes, in install order: decided here, only emitted there. */
export interface GatewayInstallPlan {
  /** The bundle of the traffic namespaces (its Helm record in "default"). */
  readonly namespaces: { readonly name: string; readonly namespace: string };
  /** The bundle installing the InferencePool CRD: neither ai-gateway-crds nor the inferencepool chart ships it. */
  readonly crds: { readonly name: string; readonly namespace: string };
  readonly charts: readonly GatewayChartReleasePlan[];
  /** The bundle of the gateway's own objects (Gateway, routes, policies), after the controllers and the pool. */
  readonly objects: { readonly name: string; readonly namespace: string; readonly after: readonly GatewayWait[] };
}

/**
 * Plans the traffic layer's releases from a traffic plan: Envoy Gateway after the namespaces and
 * the CRD, the AI Gateway CRDs and controller after it, cert-manager (with the Gateway API HTTP-01
 * solver) only for cert-manager TLS, and the inferencepool chart (its release named after the pool:
 * the chart names the InferencePool after the release and its EPP Service `<release>-epp`) in the
 * serving namespace after the AI Gateway, the CRD and the workload. Pure.
 */
export function planGatewayReleases(t: TrafficPlan): GatewayInstallPlan {
  const chart = (chartId: TrafficChartId, values: Record<string, unknown>, after: readonly GatewayWait[], createNamespace: boolean,
    place: { readonly namespace?: string; readonly name?: string } = {}): GatewayChartReleasePlan => {
    const c = TRAFFIC_CHARTS[chartId];
    return {
      chartId, name: place.name ?? chartId, repository: c.repository, chart: c.chart, version: c.version,
      namespace: place.namespace ?? c.namespace, createNamespace, values, after,
    };
  };
  const certManager = t.tls.kind === "cert-manager";
  return {
    namespaces: { name: "deepseek-traffic-namespaces", namespace: "default" },
    crds: { name: TRAFFIC_CRDS_RELEASE, namespace: "default" },
    charts: [
      chart("envoy-gateway", envoyGatewayChartValues(t), ["namespaces", "crds"], false),
      chart("ai-gateway-crds", {}, ["envoy-gateway"], true),
      chart("ai-gateway", {}, ["ai-gateway-crds"], true),
      // config.gatewayAPI.enabled turns on the Gateway API HTTP-01 solver (cert-manager.io/docs/usage/gateway;
      // it replaced the deprecated enableGatewayAPI in v1.21: cert-manager pkg/apis/config/controller/v1alpha1/types.go @ v1.21.1).
      ...(certManager ? [chart("cert-manager", {
        crds: { enabled: true }, config: { apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", gatewayAPI: { enabled: true } },
      }, ["envoy-gateway"], true)] : []),
      chart("inferencepool", inferencePoolChartValues(t), ["ai-gateway", "crds", "workload"], false, { namespace: t.servingNamespace, name: t.pool.name }),
    ],
    objects: { name: "deepseek-traffic", namespace: t.gatewayNamespace, after: ["envoy-gateway", "ai-gateway", "inferencepool", ...(certManager ? ["cert-manager" as const] : [])] },
  };
}
