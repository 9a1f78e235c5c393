import { deploymentPlanSchema } from "../plan/plan-shape";
import { z } from "zod";
import { stringify } from "yaml";
import { ManifestBundle } from "../internal/manifest-bundle";
import type { KubernetesObject } from "../internal/k8s-object";
import { Release } from "../internal/providers/helm";
import { Construct, type ITerraformDependable, type TerraformProvider } from "../internal/tf";
import type { DeploymentPlan } from "../plan/plan";
import { planTraffic, type TrafficInput, type TrafficPlan } from "./plan-traffic";
import { parseOrThrow } from "../validation";
import { under } from "../plan/refusal-paths";
import { TRAFFIC_CHARTS, type TrafficChartId } from "./charts";
import { INFERENCE_POOL_CRD } from "./crds/inferencepool-crd";
import { envoyGatewayChartValues } from "./gateway-objects";
import { inferencePoolChartValues } from "./inference-pool";
import { trafficObjects } from "./objects";

/** Release name of the bundle that installs the InferencePool CRD (v1.6.0). */
export const TRAFFIC_CRDS_RELEASE = "deepseek-inference-crds";

export interface InferenceGatewayProps {
  /** The deployment plan of this placement (from `planDeployment`). */
  readonly plan: DeploymentPlan;
  /** A decided traffic plan (`planTraffic(plan, input)`), or the endpoint settings to plan one: hostname, TLS, tiers, retry budget, timeouts. */
  readonly traffic: TrafficPlan | TrafficInput;
  /** Helm provider of the target cluster. @default the stack's default helm provider */
  readonly provider?: TerraformProvider;
  /** Resources to wait for (e.g. the serving workload and namespace). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

const propsSchema = z.object({
  plan: deploymentPlanSchema(),
  traffic: z.unknown(),
  provider: z.unknown().optional(),
  dependsOn: z.array(z.unknown()).optional(),
}).strict();

function isTrafficPlan(value: TrafficPlan | TrafficInput): value is TrafficPlan {
  return typeof value === "object" && value !== null && (value as TrafficPlan).implementation === "envoy-gateway" && Array.isArray((value as TrafficPlan).tiers) && Array.isArray((value as TrafficPlan).listeners);
}

/**
 * The authenticated OpenAI-compatible endpoint: Envoy Gateway (+ Envoy AI Gateway for
 * InferencePool backends), the inferencepool chart's endpoint picker with prefix-cache-aware
 * scoring, per-tier routes with API-key auth, per-key rate limits, bounded retries, overload
 * shedding (429 + Retry-After) and TLS. Decisions live in `planTraffic`; this only emits.
 */
export class InferenceGateway extends Construct {
  /** DNS name clients call (point it at the gateway's load balancer). */
  public readonly endpointHostname: string;
  public readonly trafficPlan: TrafficPlan;
  /** Every traffic object, the chart-rendered InferencePool included (for review and tests). */
  public readonly objects: readonly KubernetesObject[];
  public readonly releases: Readonly<Partial<Record<TrafficChartId, Release>>>;
  public readonly bundle: ManifestBundle;
  /** The InferencePool CRD, installed before Envoy Gateway and the inferencepool release. */
  public readonly crds: ManifestBundle;

  constructor(scope: Construct, id: string, props: InferenceGatewayProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    const plan = props.plan;
    // Refusals name this construct's props: `<id>.traffic.…`.
    const t = isTrafficPlan(props.traffic) ? props.traffic : planTraffic(plan, props.traffic, under(id));
    this.trafficPlan = t;
    this.endpointHostname = t.hostname;
    const built = trafficObjects(plan, t);
    this.objects = [...built.namespaces, ...built.objects, built.inferencePool];

    const provider = props.provider;
    const namespaces = new ManifestBundle(this, "namespaces", {
      releaseName: "deepseek-traffic-namespaces",
      namespace: "default",
      objects: built.namespaces,
      wait: false,
      provider,
    });

    // Neither ai-gateway-crds nor the inferencepool chart ships the InferencePool CRD.
    const crds = new ManifestBundle(this, "crds", {
      releaseName: TRAFFIC_CRDS_RELEASE,
      namespace: "default",
      objects: [INFERENCE_POOL_CRD],
      wait: false,
      provider,
    });
    this.crds = crds;

    const releases: Partial<Record<TrafficChartId, Release>> = {};
    const release = (chartId: TrafficChartId, values: Record<string, unknown>, deps: ITerraformDependable[], createNamespace: boolean, namespace?: string,
      releaseName?: string): Release => {
      const c = TRAFFIC_CHARTS[chartId];
      const r = new Release(this, chartId, {
        name: releaseName ?? chartId,
        repository: c.repository,
        chart: c.chart,
        version: c.version,
        namespace: namespace ?? c.namespace,
        createNamespace,
        values: [stringify(values)],
        wait: true,
        timeout: 600,
        dependsOn: deps,
        provider,
      });
      releases[chartId] = r;
      return r;
    };

    const eg = release("envoy-gateway", envoyGatewayChartValues(t), [namespaces.release, crds.release], false);
    const aiCrds = release("ai-gateway-crds", {}, [eg], true);
    const ai = release("ai-gateway", {}, [aiCrds], true);
    const certDeps: ITerraformDependable[] = [];
    if (t.tls.kind === "cert-manager") {
      // config.gatewayAPI.enabled turns on the Gateway API HTTP-01 solver (cert-manager.io/docs/usage/gateway;
      // it replaced the deprecated enableGatewayAPI in v1.21: cert-manager pkg/apis/config/controller/v1alpha1/types.go @ v1.21.1).
      certDeps.push(release("cert-manager", { crds: { enabled: true }, config: { apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", gatewayAPI: { enabled: true } } }, [eg], true));
    }
    // The chart names the InferencePool after the release and its EPP Service `<release>-epp`.
    const pool = release("inferencepool", inferencePoolChartValues(t), [ai, crds.release, ...(props.dependsOn ?? [])], false, t.servingNamespace, t.pool.name);

    this.bundle = new ManifestBundle(this, "objects", {
      releaseName: "deepseek-traffic",
      namespace: t.gatewayNamespace,
      objects: built.objects,
      dependsOn: [eg, ai, pool, ...certDeps],
      provider,
    });
    this.releases = releases;
  }
}
