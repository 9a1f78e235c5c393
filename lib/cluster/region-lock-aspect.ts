import { Cloud, JURISDICTION_SPECS, Jurisdiction } from "../catalog";
import { DeepSeekConfigError } from "../errors";
import { LOCATION_ATTRIBUTES, locationInside } from "../planner/region-lock";
import { IAspect, IConstruct, TerraformElement, Token } from "../internal/tf";

const CLOUD_OF_PROVIDER: Record<string, Cloud> = { aws: "aws", google: "gcp", "google-beta": "gcp" };

/**
 * Refuses, at synth, anything in a scope that places AWS or Google resources outside a
 * jurisdiction: providers (including ones a consumer adds later), resources and data sources.
 * Unresolved references are skipped: they point at values this aspect checks where they are set.
 * Route 53 health-checker `regions` are not a location of data or compute and are not checked.
 */
export class RegionLockAspect implements IAspect {
  /** Elements already checked: aspects run before the write and again during it. */
  private readonly checked = new WeakSet<IConstruct>();

  constructor(private readonly jurisdiction: Jurisdiction) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformElement) || this.checked.has(node)) return;
    const synthesized = node.toTerraform() as Record<string, Record<string, unknown>>;
    for (const [block, byType] of Object.entries(synthesized)) {
      if (!["provider", "resource", "data"].includes(block) || !byType) continue;
      for (const [type, body] of Object.entries(byType)) {
        const cloud = CLOUD_OF_PROVIDER[block === "provider" ? type : type.split("_")[0]] ?? (type.startsWith("google_") ? "gcp" : undefined);
        if (!cloud) continue;
        const configs = block === "provider" ? (body as unknown[]) : Object.values(body as Record<string, unknown>);
        for (const config of configs) this.check(node, cloud, config, []);
      }
    }
    // Only a passing element is remembered, so a refused one is refused again on the next synth.
    this.checked.add(node);
  }

  private check(node: IConstruct, cloud: Cloud, value: unknown, path: string[]): void {
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.check(node, cloud, v, [...path, String(i)]));
      return;
    }
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (LOCATION_ATTRIBUTES.has(key)) {
        const locations = (Array.isArray(child) ? child : [child]).filter((v): v is string => typeof v === "string" && !Token.isUnresolved(v) && !v.includes("${"));
        for (const location of locations) {
          if (!locationInside(this.jurisdiction, cloud, location)) {
            const spec = JURISDICTION_SPECS[this.jurisdiction];
            throw new DeepSeekConfigError(
              `${node.node.path}.${[...path, key].join(".")}`,
              `places ${cloud === "aws" ? "an AWS" : "a Google Cloud"} resource outside the "${this.jurisdiction}" jurisdiction (${spec.description})`,
              location,
              `use a location inside it (${cloud} regions: ${spec.regions[cloud].join(", ")}${spec.multiRegionLocations.length ? `; multi-region: ${spec.multiRegionLocations.join(", ")}` : ""}), or move this construct out of the region-locked stack`,
            );
          }
        }
      } else if (typeof child === "object") {
        this.check(node, cloud, child, [...path, key]);
      }
    }
  }
}
