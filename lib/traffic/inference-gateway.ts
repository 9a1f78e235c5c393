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
import { TRAFFIC_CHART_IDS, type TrafficChartId } from "./charts";
import { INFERENCE_POOL_CRD } from "./crds/inferencepool-crd";
import { TRAFFIC_CRDS_RELEASE, planGatewayReleases, type GatewayInstallPlan, type GatewayWait } from "./plan-gateway-releases";
import { DeepSeekConfigError } from "../errors";
import { trafficObjects } from "./objects";
import { chartReleaseFields } from "../plan/chart-release";

export { TRAFFIC_CRDS_RELEASE };

export interface InferenceGatewayProps {
  /** The deployment plan of this placement (from `planDeployment`). */
  readonly plan: DeploymentPlan;
  /** A decided traffic plan (`planTraffic(plan, input)`), or the endpoint settings to plan one: hostname, TLS, tiers, retry budget, timeouts. */
  readonly traffic: TrafficPlan | TrafficInput;
  /** Helm provider of the target cluster. @default the stack's default helm provider */
  readonly provider?: TerraformProvider;
  /** Resources to wait for (e.g. the serving workload and namespace). @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** The releases to write, already decided (`planGatewayReleases(trafficPlan)`). @default planGatewayReleases of the traffic plan */
  readonly planned?: GatewayInstallPlan;
}

const propsSchema = z.object({
  plan: deploymentPlanSchema(),
  traffic: z.unknown(),
  provider: z.unknown().optional(),
  dependsOn: z.array(z.unknown()).optional(),
  planned: z.object({
    namespaces: z.object({ name: z.string().min(1), namespace: z.string().min(1) }).strict(),
    crds: z.object({ name: z.string().min(1), namespace: z.string().min(1) }).strict(),
    charts: z.array(z.object({ chartId: z.enum(TRAFFIC_CHART_IDS), name: z.string().min(1), namespace: z.string().min(1), after: z.array(z.string()) }).loose()),
    objects: z.object({ name: z.string().min(1), namespace: z.string().min(1), after: z.array(z.string()) }).strict(),
  }, { error: "must be a gateway install plan; plan it with planGatewayReleases(trafficPlan)" }).strict().optional(),
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
    const install = props.planned ?? planGatewayReleases(t);
    const namespaces = new ManifestBundle(this, "namespaces", {
      releaseName: install.namespaces.name,
      namespace: install.namespaces.namespace,
      objects: built.namespaces,
      wait: false,
      provider,
    });
    const crds = new ManifestBundle(this, "crds", {
      releaseName: install.crds.name,
      namespace: install.crds.namespace,
      objects: [INFERENCE_POOL_CRD],
      wait: false,
      provider,
    });
    this.crds = crds;

    // What each release may wait for (GatewayWait), filled as the releases are created in plan order.
    const waits: Partial<Record<GatewayWait, ITerraformDependable[]>> = { namespaces: [namespaces.release], crds: [crds.release], workload: [...(props.dependsOn ?? [])] };
    const after = (what: readonly GatewayWait[], where: string): ITerraformDependable[] => what.flatMap((w) => {
      const found = waits[w];
      if (!found) throw new DeepSeekConfigError(`${id}.planned.${where}`, `waits for ${w}, which the plan does not release before it`, what, "plan the releases with planGatewayReleases(trafficPlan)");
      return found;
    });
    const releases: Partial<Record<TrafficChartId, Release>> = {};
    install.charts.forEach((c, i) => {
      const r = new Release(this, c.chartId, {
        ...chartReleaseFields(c),
        values: [stringify(c.values)],
        wait: true,
        timeout: 600,
        dependsOn: after(c.after, `charts.${i}.after`),
        provider,
      });
      releases[c.chartId] = r;
      waits[c.chartId] = [r];
    });

    this.bundle = new ManifestBundle(this, "objects", {
      releaseName: install.objects.name,
      namespace: install.objects.namespace,
      objects: built.objects,
      dependsOn: after(install.objects.after, "objects.after"),
      provider,
    });
    this.releases = releases;
  }
}
