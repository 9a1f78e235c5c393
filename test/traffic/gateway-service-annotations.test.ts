import { planDeployment } from "../../lib";
import { GATEWAY_SERVICE_NAME, planTraffic } from "../../lib/traffic/plan-traffic";
import { gatewayServiceAnnotations, trafficObjects } from "../../lib/traffic";

const ARN = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
const aws = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "aws", region: "us-east-1" });
const gke = planDeployment({ model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "us-central1" });
const base = { hostname: "api.example.com" };

describe("gateway Service annotations: the EKS cloud controller's NLB, not the AWS LB Controller", () => {
  const cases: [string, typeof aws, Record<string, unknown>, Record<string, string>][] = [
    ["AWS public, cert-manager", aws, base, { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" }],
    ["AWS internal, cert-manager", aws, { ...base, public: false }, {
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    }],
    ["AWS public, managed ACM TLS", aws, { ...base, tls: { kind: "managed", certificateArn: ARN } }, {
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": ARN,
      "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "tcp",
    }],
    ["AWS internal, managed ACM TLS", aws, { ...base, public: false, tls: { kind: "managed", certificateArn: ARN } }, {
      "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": ARN,
      "service.beta.kubernetes.io/aws-load-balancer-ssl-ports": "443",
      "service.beta.kubernetes.io/aws-load-balancer-ssl-negotiation-policy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "service.beta.kubernetes.io/aws-load-balancer-backend-protocol": "tcp",
    }],
    ["GKE public", gke, base, {}],
    ["GKE internal", gke, { ...base, public: false }, { "networking.gke.io/load-balancer-type": "Internal" }],
  ];
  test.each(cases)("%s", (_name, plan, input, expected) => {
    const t = planTraffic(plan, input);
    expect(gatewayServiceAnnotations(plan, t)).toEqual(expected);
    // and that is what the EnvoyProxy puts on the Service
    const proxy = trafficObjects(plan, t).objects.find((o) => o.kind === "EnvoyProxy") as unknown as { spec: { provider: { kubernetes: { envoyService: { annotations: unknown; name: string; type: string } } } } };
    expect(proxy.spec.provider.kubernetes.envoyService).toMatchObject({ name: GATEWAY_SERVICE_NAME, type: "LoadBalancer", annotations: expected });
  });

  test("no AWS Load Balancer Controller annotation in any case", () => {
    for (const input of [base, { ...base, public: false }, { ...base, tls: { kind: "managed", certificateArn: ARN } }]) {
      const keys = Object.keys(gatewayServiceAnnotations(aws, planTraffic(aws, input)));
      expect(keys).not.toContain("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type");
      expect(keys).not.toContain("service.beta.kubernetes.io/aws-load-balancer-scheme");
    }
  });
});

describe("the annotations are the traffic plan's (issue 15: decided in plan-gateway-service.ts, only written by the objects)", () => {
  test("planTraffic carries them; an edited plan's annotations are what the EnvoyProxy writes, on either cloud", () => {
    expect(planTraffic(gke, { ...base, public: false }).serviceAnnotations).toEqual({ "networking.gke.io/load-balancer-type": "Internal" });
    for (const plan of [aws, gke]) {
      const t = { ...planTraffic(plan, base), serviceAnnotations: { planted: "yes" } };
      const proxy = trafficObjects(plan, t).objects.find((o) => o.kind === "EnvoyProxy") as unknown as { spec: { provider: { kubernetes: { envoyService: { annotations: unknown } } } } };
      expect(proxy.spec.provider.kubernetes.envoyService.annotations).toEqual({ planted: "yes" });
    }
  });
});
