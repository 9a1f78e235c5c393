import { IConstruct, TerraformResource } from "../internal/tf";

/** Tag (AWS) and label (GCP) key of the part of a placement a resource belongs to. */
export const COMPONENT_TAG = "cdktf-deepseek/component";
export const COMPONENT_LABEL = "cdktf-deepseek-component";

type Tags = Record<string, string>;
interface Taggable { tags?: Tags; tagsInput?: Tags }
interface Labelable { labels?: Tags; labelsInput?: Tags }
interface LaunchTemplateLike { tagSpecificationsInput?: unknown; putTagSpecifications(value: unknown): void }

/**
 * The component of a resource: the construct below the placement's infra construct it was built
 * in (`network`, `control-plane`, `gpu`, `models`, `identity`, ...).
 */
function componentOf(node: IConstruct, root: IConstruct): string {
  const below = node.node.scopes.slice(root.node.scopes.length).map((s) => s.node.id);
  return (below[0] === "infra" ? below[1] : below[0]) ?? "infra";
}

/**
 * Marks every taggable AWS resource under `root` with its component (the provider's default_tags
 * carry the cluster, placement and the user's tags), and copies the default tags into launch
 * template tag specifications: default_tags do not reach the instances and volumes a node group
 * launches (registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/resource-tagging,
 * "Propagating tags to ... launch templates"), and those carry the GPU cost.
 */
export function tagAwsComponents(root: IConstruct, defaultTags: Readonly<Tags>): void {
  for (const node of root.node.findAll()) {
    if (!(node instanceof TerraformResource) || !node.terraformResourceType.startsWith("aws_")) continue;
    const component = componentOf(node, root);
    if ("tagsInput" in node) {
      const t = node as unknown as Taggable;
      t.tags = { ...(t.tagsInput ?? {}), [COMPONENT_TAG]: component };
    }
    if (node.terraformResourceType === "aws_launch_template") {
      const lt = node as unknown as LaunchTemplateLike;
      const specs = lt.tagSpecificationsInput;
      if (Array.isArray(specs)) {
        lt.putTagSpecifications(specs.map((s: { resourceType?: string; tags?: Tags }) => ({ ...s, tags: { ...defaultTags, [COMPONENT_TAG]: component, ...(s.tags ?? {}) } })));
      }
    }
  }
}

/** Marks every labelable Google resource under `root` with its component (default_labels carry the rest). */
export function labelGcpComponents(root: IConstruct): void {
  for (const node of root.node.findAll()) {
    if (!(node instanceof TerraformResource) || !node.terraformResourceType.startsWith("google_")) continue;
    if ("labelsInput" in node) {
      const l = node as unknown as Labelable;
      l.labels = { ...(l.labelsInput ?? {}), [COMPONENT_LABEL]: componentOf(node, root) };
    }
  }
}
