import type { DeploymentPlan } from "../plan/plan";

/** What the gateway's LoadBalancer Service annotations are decided from (TrafficPlan's fields). */
export interface GatewayServiceInput {
  readonly public: boolean;
  readonly tls: { readonly kind: "cert-manager" } | { readonly kind: "managed-aws"; readonly certificateArn: string };
}

/**
 * Annotations of the Envoy LoadBalancer Service, per cloud. Pure. AWS: the EKS cloud controller's
 * own NLB (kubernetes/cloud-provider-aws, aws.go: `aws-load-balancer-type: nlb`; with `ssl-cert`
 * set, the ports in `ssl-ports` get a TLS listener with the `ssl-negotiation-policy`, and
 * `backend-protocol: ssl` would re-encrypt; `tcp` forwards plain TCP to Envoy). The AWS Load
 * Balancer Controller's `external`/`nlb-target-type`/`scheme` annotations are not used: that
 * controller is not installed. Internal: `aws-load-balancer-internal: "true"`. GKE: an internal
 * passthrough load balancer when not public (`networking.gke.io/load-balancer-type: Internal`).
 */
export function planGatewayServiceAnnotations(cloud: DeploymentPlan["cloud"], t: GatewayServiceInput): Readonly<Record<string, string>> {
  const PER_CLOUD: { readonly [C in DeploymentPlan["cloud"]]: () => Record<string, string> } = {
    aws: () => ({
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      ...(t.public ? {} : { "service.beta.kubernetes.io/aws-load-balancer-internal": "true" }),
      ...(t.tls.kind === "managed-aws" ? {
        "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": t.tls.certificateArn,
        "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
        "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
        // The NLB terminates TLS and forwards plain TCP to Envoy's 443 (HTTP) listener.
        "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "tcp",
      } : {}),
    }),
    gcp: () => ({ ...(t.public ? {} : { "networking.gke.io/load-balancer-type": "Internal" }) }),
  };
  return PER_CLOUD[cloud]();
}
