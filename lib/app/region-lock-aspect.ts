import { Cloud, JURISDICTION_SPECS, Jurisdiction } from "../catalog";
import { DeepSeekConfigError } from "../errors";
import { LOCATION_ATTRIBUTES, locationInside } from "./plan-region-lock";
import { DefaultTokenResolver, IAspect, IConstruct, StringConcat, TerraformElement, TerraformStack, Token, Tokenization } from "../internal/tf";

const CLOUD_OF_PROVIDER: Record<string, Cloud> = { aws: "aws", google: "gcp", "google-beta": "gcp" };

/** The cloud of a provider (`aws`) or resource/data source type (`aws_s3_bucket`), if any. */
function cloudOfElementType(type: unknown): Cloud | undefined {
  if (typeof type !== "string") return undefined;
  return CLOUD_OF_PROVIDER[type] ?? CLOUD_OF_PROVIDER[type.split("_")[0]];
}

/** A reference to another resource's attribute: that value is checked where it is set. */
const RESOURCE_REFERENCE = /^\$\{(data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+(\.|\[)/;

/**
 * Refuses, at synth, anything in a scope that places AWS or Google resources outside a
 * jurisdiction: providers (including ones a consumer adds later), resources and data sources.
 *
 * - A location must be a literal inside the jurisdiction, or a reference to another resource's
 *   attribute (checked where it is set). A variable, local or expression is refused: its value
 *   is unknown at synth, so the lock could not hold.
 * - A provider must name its region (AWS) or region/zone (Google): a missing one falls back to
 *   the environment of whoever runs Terraform.
 * - Secret Manager automatic replication (worldwide) is refused.
 * - Route 53 health-checker `regions` are not a location of data or compute and are not checked.
 */
export class RegionLockAspect implements IAspect {
  /** Elements already checked: aspects run before the write and again during it. */
  private readonly checked = new WeakSet<IConstruct>();

  /** @param jurisdiction where this aspect keeps the stack (state backends read it too) */
  constructor(public readonly jurisdiction: Jurisdiction) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformElement) || this.checked.has(node)) return;
    // Rendering is the costly part, and most elements (Helm releases, Kubernetes objects,
    // outputs) are not AWS or Google at all: their type says so before rendering.
    if (!cloudOfElementType((node as { terraformResourceType?: unknown }).terraformResourceType)) return;
    const synthesized = node.toTerraform() as Record<string, Record<string, unknown>>;
    for (const [block, byType] of Object.entries(synthesized)) {
      if (!["provider", "resource", "data"].includes(block) || !byType) continue;
      for (const [type, body] of Object.entries(byType)) {
        const cloud = cloudOfElementType(type);
        if (!cloud) continue;
        const configs = block === "provider" ? (body as Record<string, unknown>[]) : Object.values(body as Record<string, unknown>);
        for (const config of configs) {
          if (block === "provider") this.checkProviderHasRegion(node, cloud, config as Record<string, unknown>);
          this.check(node, cloud, config, []);
        }
      }
    }
    // Only a passing element is remembered, so a refused one is refused again on the next synth.
    this.checked.add(node);
  }

  private checkProviderHasRegion(node: IConstruct, cloud: Cloud, config: Record<string, unknown>): void {
    const named = cloud === "aws" ? config.region !== undefined : config.region !== undefined || config.zone !== undefined;
    if (named) return;
    throw new DeepSeekConfigError(
      `${node.node.path}.region`,
      `is missing on ${cloud === "aws" ? "an AWS" : "a Google"} provider in a stack locked to "${this.jurisdiction}": it would fall back to the environment of whoever runs Terraform`,
      undefined,
      `set region to one of ${JURISDICTION_SPECS[this.jurisdiction].regions[cloud].join(", ")}`,
    );
  }

  private check(node: IConstruct, cloud: Cloud, value: unknown, path: string[]): void {
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.check(node, cloud, v, [...path, String(i)]));
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const here = [...path, key];
      if (child === undefined || child === null) continue;
      if (key === "auto" && path[path.length - 1] === "replication") {
        this.refuse(node, cloud, here, "automatic (worldwide) replication", "use user_managed replication with replicas inside it");
      }
      if (LOCATION_ATTRIBUTES.has(key)) {
        for (const location of Array.isArray(child) ? child : [child]) {
          if (typeof location !== "string") continue;
          if (Token.isUnresolved(location) || location.includes("${")) {
            // Only tokens are resolved (not preparing: no cross-stack wiring is created), so a
            // reference reads as `${type.name.attr}` and a variable as `${var.name}`.
            const resolved = String(Tokenization.resolve(location, { scope: TerraformStack.of(node), resolver: new DefaultTokenResolver(new StringConcat()), preparing: false }));
            if (RESOURCE_REFERENCE.test(resolved)) continue;
            this.refuse(node, cloud, here, resolved, "use a literal location (a variable or expression is unknown at synth, so the lock could not hold)");
          }
          if (!locationInside(this.jurisdiction, cloud, location)) this.refuse(node, cloud, here, location);
        }
      } else if (typeof child === "object") {
        this.check(node, cloud, child, here);
      }
    }
  }

  private refuse(node: IConstruct, cloud: Cloud, path: string[], received: unknown, fix?: string): never {
    const spec = JURISDICTION_SPECS[this.jurisdiction];
    throw new DeepSeekConfigError(
      `${node.node.path}.${path.join(".")}`,
      `places ${cloud === "aws" ? "an AWS" : "a Google Cloud"} resource outside the "${this.jurisdiction}" jurisdiction (${spec.description})`,
      received,
      fix ?? `use a location inside it (${cloud} regions: ${spec.regions[cloud].join(", ")}${spec.multiRegionLocations.length ? `; multi-region: ${spec.multiRegionLocations.join(", ")}` : ""}), or move this construct out of the region-locked stack`,
    );
  }
}
