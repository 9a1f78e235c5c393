import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { Release } from "./providers/helm";
import { AssetType, Construct, ITerraformDependable, TerraformAsset, TerraformProvider, TerraformStack, dependable } from "./tf";
import type { KubernetesObject } from "./k8s-object";

export interface ManifestBundleProps {
  /** Helm release name (≤ 53 characters). */
  readonly releaseName: string;
  /** Namespace of the release record. Objects carry their own namespaces. */
  readonly namespace: string;
  readonly objects: readonly KubernetesObject[];
  /** Helm waits for Deployments/StatefulSets to be ready. @default true */
  readonly wait?: boolean;
  /** Helm waits for Jobs to complete, so a failed Job fails the apply. @default false */
  readonly waitForJobs?: boolean;
  /** How long Helm waits, seconds. @default 600 */
  readonly timeoutSeconds?: number;
  readonly dependsOn?: ITerraformDependable[];
  readonly provider?: TerraformProvider;
}

/** Values key that carries the rendered manifests. */
export const MANIFESTS_VALUE_KEY = "manifests";

/**
 * Installs plain Kubernetes objects (custom resources included) as a Helm release.
 *
 * Why not `kubernetes_manifest`: it needs the CRDs to exist when Terraform *plans*, so a
 * LeaderWorkerSet or ScaledObject cannot be planned in the same apply that installs its
 * operator. A Helm release is rendered at apply time, after the operator releases it depends on.
 *
 * Every bundle of a stack uses one tiny local chart whose only template prints
 * `.Values.manifests`; the objects travel as that value. So the manifests are in `cdk.tf.json`
 * (a reviewer's diff shows a changed pod spec), Helm never interprets `{{ }}` inside them, and a
 * change to any object changes the release's values and upgrades it.
 */
export class ManifestBundle extends Construct {
  /** The objects, for tests and the review renderer. */
  public readonly objects: readonly KubernetesObject[];
  public readonly release: Release;
  /** Content hash of the rendered manifests (stable across synths of the same objects). */
  public readonly contentHash: string;

  constructor(scope: Construct, id: string, props: ManifestBundleProps) {
    super(scope, id);
    this.objects = props.objects;
    const body = renderManifests(props.objects);
    this.contentHash = createHash("sha256").update(body).digest("hex").slice(0, 16);
    this.release = new Release(this, "release", {
      name: props.releaseName,
      chart: manifestsChart(this).path,
      namespace: props.namespace,
      createNamespace: false,
      // JSON is YAML; it is what Helm reads here, and much faster to write than YAML.
      values: [JSON.stringify({ [MANIFESTS_VALUE_KEY]: body })],
      wait: props.wait ?? true,
      waitForJobs: props.waitForJobs ?? false,
      timeout: props.timeoutSeconds ?? 600,
      atomic: false,
      dependsOn: props.dependsOn,
      provider: props.provider,
    });
  }
}

/** The objects as one multi-document YAML string, in order. */
export function renderManifests(objects: readonly KubernetesObject[]): string {
  return objects.map((o) => `---\n${renderObject(o)}`).join("");
}

// Shared constant objects (e.g. a CRD installed in every serving stack) are rendered once.
const rendered = new WeakMap<KubernetesObject, string>();
function renderObject(object: KubernetesObject): string {
  let yaml = rendered.get(object);
  if (yaml === undefined) {
    yaml = stringify(object, { lineWidth: 0, sortMapEntries: false });
    if (Object.isFrozen(object)) rendered.set(object, yaml);
  }
  return yaml;
}

/**
 * Makes a bundle wait for more resources after it was created (e.g. a check created later that
 * must run before the servers). Goes through cdktf's dependable, which renders `type.name`.
 */
export function addDependencies(bundle: ManifestBundle, ...resources: ITerraformDependable[]): void {
  bundle.release.dependsOn = [...(bundle.release.dependsOn ?? []), ...resources.map((r) => dependable(r))];
}

const CHART_ASSET_ID = "deepseek-manifests-chart";
const CHART = { name: "deepseek-manifests", version: "1.0.0" } as const;

/** The stack's one local chart (an asset copied into the stack's output once). */
function manifestsChart(scope: Construct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(CHART_ASSET_ID);
  if (existing) return existing as TerraformAsset;
  return new TerraformAsset(stack, CHART_ASSET_ID, { path: writeChart(), type: AssetType.DIRECTORY });
}

function writeChart(): string {
  const dir = join(tmpdir(), "cdktf-deepseek-charts", `${CHART.name}-${CHART.version}`);
  if (existsSync(join(dir, "templates", "manifests.yaml"))) return dir;
  // Written aside and renamed into place, so parallel synths (test workers) never see half a chart.
  mkdirSync(join(tmpdir(), "cdktf-deepseek-charts"), { recursive: true });
  const staging = mkdtempSync(`${dir}.tmp-`);
  mkdirSync(join(staging, "templates"), { recursive: true });
  writeFileSync(join(staging, "Chart.yaml"), stringify({ apiVersion: "v2", name: CHART.name, version: CHART.version, description: "Plain Kubernetes objects from cdktf-deepseek, passed as the manifests value" }));
  writeFileSync(join(staging, "templates", "manifests.yaml"), `{{ .Values.${MANIFESTS_VALUE_KEY} }}\n`);
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process got there first
  }
  return dir;
}
