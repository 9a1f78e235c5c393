/**
 * Preflight: checks the synthesized Terraform JSON against what the target systems actually do
 * (upstream chart sources at the pinned versions, Gateway API and cert-manager rules, the
 * Kubernetes scheduler's rules, the pinned image's metrics) before anyone deploys.
 * Pure: no cdktf, provider or fs import here (lib/preflight/load.ts reads files).
 */

/** One thing that would fail on deploy: where, what, why, and how to fix it. */
export interface Finding {
  /** Rule id (lib/preflight/rules/<id>.ts). */
  readonly rule: string;
  /** Terraform stack name (cdktf.out/stacks/<stack>). */
  readonly stack: string;
  /** The object: a Terraform address (`helm_release.x`) or a Kubernetes `Kind namespace/name`. */
  readonly object: string;
  /** The field inside it (dotted path). */
  readonly field: string;
  readonly why: string;
  readonly fix: string;
}

/** A Kubernetes object as emitted (inside a manifest bundle's values). */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec?: Record<string, unknown>;
  readonly [k: string]: unknown;
}

/** A helm_release resource, with its values parsed and the objects it carries (manifest bundles). */
export interface HelmRelease {
  readonly address: string;
  readonly name: string;
  readonly namespace: string;
  /** Upstream chart name, or a local path for manifest bundles. */
  readonly chart: string;
  readonly repository?: string;
  readonly version?: string;
  /** Values documents, parsed (YAML/JSON), merged in order. */
  readonly values: Record<string, unknown>;
  /** Objects when the release is a manifest bundle. */
  readonly objects: readonly K8sObject[];
  /** Terraform addresses this release depends on. */
  readonly dependsOn: readonly string[];
}

/** A node pool as planned in an infra stack, with what the scheduler sees. */
export interface NodePool {
  readonly address: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly { readonly key: string; readonly value?: string; readonly effect: string }[];
  /** Allocatable resources per node (Kubernetes quantities as numbers: cpu in cores, memory in bytes). */
  readonly allocatable: Readonly<Record<string, number>>;
  /** Instance / machine type. */
  readonly nodeType: string;
}

export interface StackView {
  readonly name: string;
  /** `resource` of cdk.tf.json: type → id → body. */
  readonly resources: Readonly<Record<string, Readonly<Record<string, Record<string, unknown>>>>>;
  readonly releases: readonly HelmRelease[];
  readonly nodePools: readonly NodePool[];
}

/** Everything preflight reads: every stack, with placement siblings found by name. */
export interface SynthView {
  readonly stacks: readonly StackView[];
  /** What the app was configured to do, where known (the review it registered): rules compare output with it. */
  readonly intent?: Intent;
}

/** Configuration preflight compares the output with (from review.json, or the app's review model at synth). */
export interface Intent {
  readonly endpoints: readonly { readonly stacks: readonly string[]; readonly exposure: string; readonly allowedSourceCidrs?: readonly string[] }[];
}

export interface Rule {
  readonly id: string;
  /** What the rule proves, one line (README and CLI help). */
  readonly proves: string;
  check(view: SynthView): Finding[];
}

/** The infra stack of a serving stack (`<prefix>-serving` → `<prefix>-infra`). */
export function infraOf(view: SynthView, serving: StackView): StackView | undefined {
  if (!serving.name.endsWith("-serving")) return undefined;
  return view.stacks.find((s) => s.name === `${serving.name.slice(0, -"-serving".length)}-infra`);
}

/** Every object of a stack's manifest bundles. */
export function objectsOf(stack: StackView): { release: HelmRelease; object: K8sObject }[] {
  return stack.releases.flatMap((release) => release.objects.map((object) => ({ release, object })));
}

export function describe(o: K8sObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
}
