import { deploymentPlanSchema } from "../plan/plan-shape";
import { z } from "zod";
import { DeepSeekConfigError } from "../errors";
import { under } from "../plan/refusal-paths";
import { ManifestBundle } from "../internal/manifest-bundle";
import { ConfigMapV1 } from "../internal/providers/kubernetes";
import { Construct, ITerraformDependable, TerraformOutput, TerraformProvider, Token } from "../internal/tf";
import type { DeploymentPlan } from "../plan/plan";
import type { CheckName, VerificationInput, VerificationPlan } from "./plan-verification";
import { CHECK_RELEASES, ENDPOINT_CONFIG_MAP, HELM_WAIT_MARGIN_SECONDS, planDeploymentChecks, type CheckWait, type DeploymentChecksPlan } from "./plan-deployment-checks";
import { parseOrThrow } from "../validation";
import { checkGpuNetworkNames } from "../fabric/plan-pod-fabric";
import { buildVerificationObjects, EndpointSource, GatewayAddress, VerificationObjects } from "./objects";

export interface ApiKeySecretRef {
  /** Kubernetes Secret in the serving namespace (synced from the cloud secret store). */
  readonly name: string;
  /** Key inside the Secret that holds one valid API key. */
  readonly key: string;
}

export interface DeploymentChecksProps {
  /** The plan the checks are generated from. */
  readonly plan: DeploymentPlan;
  /** A decided checks plan (`planVerification`), or which checks run and their thresholds. @default {} (fabric check on multi-node plans, serving check, no load probe) */
  readonly verification?: VerificationPlan | VerificationInput;
  /** Public `https://` URL of the authenticated endpoint (a literal or a Terraform token). */
  readonly endpointUrl: string;
  /**
   * The gateway's in-cluster Service (traffic plan `inClusterEndpoint`). When set, the serving check
   * calls it with TLS SNI and Host = `sni` (the public hostname) instead of `endpointUrl`, which
   * may not resolve on a first deploy (the global DNS comes later), and does not verify the
   * certificate (cert-manager may not have issued it yet; clients and Route 53 verify TLS).
   * Retries with backoff while the gateway comes up. The load probe keeps using `endpointUrl`.
   * @default none: the serving check calls endpointUrl
   */
  readonly gatewayAddress?: GatewayAddress;
  /** Kubernetes Secret and key holding an API key the gateway accepts (referenced, never copied). */
  readonly apiKeySecret: ApiKeySecretRef;
  /** What the serving check and load probe wait for: the serving workload and the gateway. @default [] */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * What the fabric check waits for: the GPU node pools and device plugins. Run it before the serving
   * workload (make the workload depend on `fabricRelease`): it needs `nodesPerReplica` free GPU nodes.
   * Given exactly when the checks plan says the fabric check waits for its prerequisites
   * (`planDeploymentChecks(plan, { fabricPrerequisites: true })`; planned so when this is given without `planned`).
   * @default none: the fabric check waits for dependsOn
   */
  readonly fabricDependsOn?: ITerraformDependable[];
  /** Helm provider for the check releases. @default the stack's default helm provider */
  readonly provider?: TerraformProvider;
  /** Kubernetes provider for the endpoint ConfigMap (only created when endpointUrl is a token). @default the stack's default kubernetes provider */
  readonly kubernetesProvider?: TerraformProvider;
  /** Image of the serving check and load probe (needs python 3); planned (`images.check`). @default the plan's serving image */
  readonly checkImage?: string;
  /** Image of the fabric check (needs torch, NCCL and the fabric's NCCL plugin); planned (`images.fabric`). @default the plan's serving image */
  readonly fabricImage?: string;
  /**
   * GKE network names of the GPU NICs, when the cluster names them otherwise than our GKE infra
   * (ClusterTarget.gpuNetworkNames of the serving workload): the fabric check pod must match the servers.
   * @default the GKE infra's names
   */
  readonly gpuNetworkNames?: readonly string[];
  /** Emit a TerraformOutput listing the checks that run and those that do not. @default true */
  readonly createOutput?: boolean;
  /**
   * What to write, already decided (`planDeploymentChecks(plan, { verification, createOutput, fabricPrerequisites })`);
   * give it instead of `verification` and `createOutput`.
   * @default planDeploymentChecks(plan, { verification, createOutput, fabricPrerequisites: fabricDependsOn given })
   */
  readonly planned?: DeploymentChecksPlan;
}

const dns1123 = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "is not a valid Kubernetes name; use lowercase letters, digits and '-'").max(253);
const imageRef = z.string().regex(/^[\w.\-/:@]+:[\w.-]+(@sha256:[0-9a-f]{64})?$|^[\w.\-/:]+@sha256:[0-9a-f]{64}$/, "is not an image pinned by tag or digest; use repository:tag");

const plannedRelease = z.object({
  name: z.string().min(1), namespace: z.string().min(1), timeoutSeconds: z.number().int().positive(),
  after: z.array(z.enum(["prerequisites", "workload", "endpoint", "serving"])),
}).strict().nullable();

const propsSchema = z.object({
  plan: deploymentPlanSchema(),
  verification: z.unknown().optional(),
  endpointUrl: z.string().min(1),
  gatewayAddress: z.object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    sni: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "is not a DNS name; pass the public hostname the gateway's listener answers to, e.g. api.example.com"),
    protocol: z.enum(["HTTPS", "HTTP"]).optional(),
  }).strict().optional(),
  apiKeySecret: z.object({ name: dns1123, key: z.string().regex(/^[-._a-zA-Z0-9]+$/, "is not a valid Secret key; use letters, digits, '-', '_' or '.'") }).strict(),
  dependsOn: z.array(z.unknown()).optional(),
  fabricDependsOn: z.array(z.unknown()).optional(),
  provider: z.unknown().optional(),
  kubernetesProvider: z.unknown().optional(),
  checkImage: imageRef.optional(),
  fabricImage: imageRef.optional(),
  gpuNetworkNames: z.array(z.string().min(1)).min(1).optional(),
  createOutput: z.boolean().optional(),
  planned: z.object({
    checks: z.object({}).loose(),
    output: z.object({ description: z.string() }).strict().nullable(),
    releases: z.object({ fabric: plannedRelease, serving: plannedRelease, loadProbe: plannedRelease }).strict(),
    endpointConfigMap: z.object({ name: dns1123, key: z.string().min(1), namespace: dns1123, labels: z.record(z.string(), z.string()) }).strict().nullable(),
    serversAfterFabric: z.boolean(),
    images: z.object({ check: imageRef, fabric: imageRef }).strict(),
  }, { error: "must be a checks plan; plan it with planDeploymentChecks(plan, options)" }).strict().optional(),
}).strict();

export { CHECK_RELEASES, ENDPOINT_CONFIG_MAP, HELM_WAIT_MARGIN_SECONDS };

/**
 * Post-deploy checks generated from the plan. Each enabled check is a Helm release of plain
 * objects with `wait_for_jobs`, so `terraform apply` waits for the Job and fails when it fails
 * (Job `backoffLimit: 0`; the reason is the `CHECK FAILED:` line in the Job's log).
 */
export class DeploymentChecks extends Construct {
  /** What runs and what does not, with thresholds, for the review. */
  public readonly checksPlan: VerificationPlan;
  /** Names of the checks that run, in order (TerraformOutput-friendly). */
  public readonly checksRun: readonly CheckName[];
  public readonly objects: VerificationObjects;
  /** Present when the fabric check runs: make the serving workload depend on it. */
  public readonly fabricRelease?: ManifestBundle;
  public readonly servingRelease?: ManifestBundle;
  public readonly loadProbeRelease?: ManifestBundle;
  public readonly output?: TerraformOutput;
  /** Everything this construct wrote, as decided (releases, ordering, endpoint ConfigMap, output). */
  public readonly planned: DeploymentChecksPlan;

  constructor(scope: Construct, id: string, props: DeploymentChecksProps) {
    super(scope, id);
    parseOrThrow(propsSchema, props, id);
    checkGpuNetworkNames(props.plan, props.gpuNetworkNames, `${id}.gpuNetworkNames`);
    const unresolved = Token.isUnresolved(props.endpointUrl);
    if (!unresolved && !/^https:\/\/[^\s/]+/.test(props.endpointUrl)) {
      throw new DeepSeekConfigError(`${id}.endpointUrl`, "must be an https:// URL of the authenticated endpoint", props.endpointUrl, "pass the gateway's public https:// URL; the checks never call an unencrypted endpoint");
    }
    const plan = props.plan;
    const decided = (["verification", "createOutput", "checkImage", "fabricImage"] as const).find((k) => props[k] !== undefined);
    if (props.planned && decided) {
      throw new DeepSeekConfigError(`${id}.${decided}`, "is decided in `planned`", props[decided], `give either planned or ${decided} (planDeploymentChecks(plan, { ${decided} }))`);
    }
    // Refusals name this construct's props: `<id>.verification.…`.
    const planned = props.planned ?? planDeploymentChecks(plan, {
      verification: props.verification, createOutput: props.createOutput, fabricPrerequisites: props.fabricDependsOn !== undefined,
      checkImage: props.checkImage, fabricImage: props.fabricImage,
    }, under(id));
    this.checksPlan = planned.checks;
    this.checksRun = this.checksPlan.enabled;
    this.planned = planned;
    for (const check of ["fabric", "serving", "loadProbe"] as const) {
      if ((planned.releases[check] === null) !== (planned.checks[check] === null)) {
        throw new DeepSeekConfigError(`${id}.planned.releases.${check}`, `does not match the checks plan (the ${check} check ${planned.checks[check] ? "runs" : "does not run"})`,
          planned.releases[check], "plan both with planDeploymentChecks(plan, options)");
      }
    }
    const fabricWaitsAlone = planned.releases.fabric?.after.includes("prerequisites") === true;
    if (planned.releases.fabric && fabricWaitsAlone !== (props.fabricDependsOn !== undefined)) {
      throw fabricWaitsAlone
        ? new DeepSeekConfigError(`${id}.fabricDependsOn`, "is missing: the checks plan says the fabric check waits for its own prerequisites", undefined, "pass fabricDependsOn (the GPU node pools and device plugins), or plan the checks without fabricPrerequisites")
        : new DeepSeekConfigError(`${id}.fabricDependsOn`, "is not used: the checks plan says the fabric check waits for the workload (dependsOn)", "(resources)", "plan the checks with planDeploymentChecks(plan, { fabricPrerequisites: true }), or leave fabricDependsOn unset");
    }

    // The resources of each role a release may wait for (see CheckWait); filled as they are created.
    const waits: Record<CheckWait, ITerraformDependable[]> = {
      prerequisites: [...(props.fabricDependsOn ?? [])], workload: [...(props.dependsOn ?? [])], endpoint: [], serving: [],
    };
    let endpoint: EndpointSource = { value: props.endpointUrl };
    // Only the URL's form is read here: a Terraform reference is known at apply time, so the Jobs read it from the planned ConfigMap.
    const cmPlan = planned.endpointConfigMap;
    if (unresolved && cmPlan) {
      const cm = new ConfigMapV1(this, "endpoint", {
        metadata: { name: cmPlan.name, namespace: cmPlan.namespace, labels: { ...cmPlan.labels } },
        data: { [cmPlan.key]: props.endpointUrl },
        dependsOn: waits.workload,
        provider: props.kubernetesProvider,
      });
      waits.endpoint.push(cm);
      endpoint = { configMapKeyRef: { name: cmPlan.name, key: cmPlan.key } };
    }

    this.objects = buildVerificationObjects(plan, this.checksPlan, { endpoint, apiKeySecret: props.apiKeySecret, checkImage: planned.images.check,
      fabricImage: planned.images.fabric, gateway: props.gatewayAddress, node: { gpuNetworkNames: props.gpuNetworkNames } });

    const bundle = (check: CheckName): ManifestBundle | undefined => {
      const release = planned.releases[check];
      if (!release) return undefined;
      return new ManifestBundle(this, check, {
        releaseName: release.name,
        namespace: release.namespace,
        objects: this.objects[check],
        wait: true,
        waitForJobs: true,
        timeoutSeconds: release.timeoutSeconds,
        dependsOn: release.after.flatMap((w) => waits[w]),
        provider: props.provider,
      });
    };
    this.fabricRelease = bundle("fabric");
    this.servingRelease = bundle("serving");
    if (this.servingRelease) waits.serving.push(this.servingRelease.release);
    this.loadProbeRelease = bundle("loadProbe");

    if (planned.output) {
      this.output = new TerraformOutput(this, "checks", {
        description: planned.output.description,
        value: {
          run: [...this.checksRun],
          jobs: { ...this.objects.jobNames },
          disabled: this.checksPlan.disabled.map((d) => `${d.check}: ${d.reason}`),
          summary: [...this.checksPlan.summary],
        },
      });
    }
  }
}
