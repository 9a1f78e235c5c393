/** Names and labels of the gateway that the serving NetworkPolicies and the traffic plan share (pure). */

/** Namespace of the Gateway, which is also Envoy Gateway's controller namespace (the chart's release namespace). */
export const GATEWAY_NAMESPACE = "envoy-gateway-system";
/** Name of the Gateway object. */
export const GATEWAY_NAME = "deepseek";
/** Name of the gateway's LoadBalancer Service (EnvoyProxy envoyService.name). */
export const GATEWAY_SERVICE_NAME = "deepseek-gateway";

/**
 * Labels Envoy Gateway puts on the data-plane (Envoy proxy) pods of our Gateway, the only pods of
 * the gateway namespace that send requests to the servers and ext-proc calls to the endpoint
 * picker (the controller, certgen, the rate limit service, its Redis and cert-manager's solver
 * pods live there too). Read at envoyproxy/gateway v1.9.0 (39763b1c; the pinned chart is v1.9.1,
 * same release branch):
 * - internal/infrastructure/kubernetes/proxy/resource.go `EnvoyAppLabel`: name=envoy,
 *   component=proxy, managed-by=envoy-gateway;
 * - proxy/resource_provider.go `getPodLabels` = `envoyLabels(ProxyMetadata.Labels)`, and
 *   internal/gatewayapi/translator.go `buildIR`: without mergeGateways, ProxyMetadata.Labels holds
 *   `GatewayOwnerLabels(namespace, name)` = gateway.envoyproxy.io/owning-gateway-namespace and
 *   gateway.envoyproxy.io/owning-gateway-name (internal/gatewayapi/helpers.go).
 * The proxies run in the controller namespace (translator.go: `Proxy.Namespace = t.ControllerNamespace`
 * unless GatewayNamespaceMode, which we do not enable), which is GATEWAY_NAMESPACE.
 */
export const GATEWAY_PROXY_POD_LABELS: Readonly<Record<string, string>> = Object.freeze({
  "app.kubernetes.io/name": "envoy",
  "app.kubernetes.io/component": "proxy",
  "app.kubernetes.io/managed-by": "envoy-gateway",
  "gateway.envoyproxy.io/owning-gateway-name": GATEWAY_NAME,
  "gateway.envoyproxy.io/owning-gateway-namespace": GATEWAY_NAMESPACE,
});

/**
 * The port an Envoy proxy pod listens on for a listener port: Envoy Gateway adds 10000 to a
 * privileged port (1-1023) so the proxy binds without CAP_NET_BIND_SERVICE (envoyproxy/gateway
 * v1.9.0 internal/gatewayapi/listener.go `servicePortToContainerPort`, translator.go
 * `wellKnownPortShift`). NetworkPolicies see the pod's port, after the Service's translation.
 */
export function gatewayProxyContainerPort(listenerPort: number): number {
  return listenerPort < 1024 ? listenerPort + 10000 : listenerPort;
}
/** Listener ports the Gateway may carry (HTTPS api and health on 443, the ACME/redirect listener on 80). */
export const GATEWAY_LISTENER_PORTS: readonly number[] = Object.freeze([443, 80]);
