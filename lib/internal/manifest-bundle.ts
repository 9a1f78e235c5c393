import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Release } from "./providers/helm";
import { AssetType, Construct, ITerraformDependable, TerraformAsset, TerraformProvider, TerraformStack, dependable } from "./tf";
import type { KubernetesObject } from "./k8s-object";
import { escapeTerraformTemplate } from "./terraform-text";

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
  /** Resources the release waits for. @default none */
  readonly dependsOn?: ITerraformDependable[];
  /** Helm provider. @default the stack's default helm provider */
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

  constructor(scope: Construct, id: string, props: ManifestBundleProps) {
    super(scope, id);
    this.objects = props.objects;
    // Terraform evaluates `${…}` in every string of cdk.tf.json: the manifests (shell scripts with
    // `${POD_NAME}`, user text) are escaped so Helm receives them as written.
    const body = escapeTerraformTemplate(renderManifests(props.objects));
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

/**
 * The objects as one multi-document YAML stream, in order. Each document is compact JSON (JSON
 * is YAML, Helm reads it the same way): rendering JSON is ~50× faster than YAML and these strings
 * are escaped inside `cdk.tf.json` either way; `npm run review` shows them readably.
 */
export function renderManifests(objects: readonly KubernetesObject[]): string {
  return objects.map((o) => `---\n${JSON.stringify(o)}\n`).join("");
}

/**
 * Makes a bundle wait for more resources after it was created (e.g. a check created later that
 * must run before the servers). Goes through cdktf's dependable, which renders `type.name`.
 */
export function addDependencies(bundle: ManifestBundle, ...resources: ITerraformDependable[]): void {
  bundle.release.dependsOn = [...(bundle.release.dependsOn ?? []), ...resources.map((r) => dependable(r))];
}

const CHART_ASSET_ID = "deepseek-manifests-chart";
const CHART_NAME = "deepseek-manifests";
/** The chart's files. The cached directory is named by their hash, so a change never reuses a stale copy. */
const CHART_FILES: Readonly<Record<string, string>> = {
  "Chart.yaml": `apiVersion: v2\nname: ${CHART_NAME}\nversion: 1.0.0\ndescription: Plain Kubernetes objects from cdktf-deepseek, passed as the manifests value\n`,
  "templates/manifests.yaml": `{{ .Values.${MANIFESTS_VALUE_KEY} }}\n`,
};

/** The stack's one local chart (an asset copied into the stack's output once). */
function manifestsChart(scope: Construct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(CHART_ASSET_ID);
  if (existing) return existing as TerraformAsset;
  return new TerraformAsset(stack, CHART_ASSET_ID, { path: writeChart(), type: AssetType.DIRECTORY });
}

function writeChart(): string {
  const hash = createHash("sha256").update(JSON.stringify(CHART_FILES)).digest("hex").slice(0, 12);
  const parent = join(tmpdir(), "cdktf-deepseek-charts");
  const dir = join(parent, `${CHART_NAME}-${hash}`);
  if (existsSync(dir)) return dir;
  // Written aside and renamed into place, so parallel synths (test workers) never see half a chart.
  mkdirSync(parent, { recursive: true });
  const staging = mkdtempSync(`${dir}.tmp-`);
  for (const [file, text] of Object.entries(CHART_FILES)) {
    mkdirSync(dirname(join(staging, file)), { recursive: true });
    writeFileSync(join(staging, file), text);
  }
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process got there first
  }
  return dir;
}
