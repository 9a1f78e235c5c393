import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Attributes that name a cloud resource. */
// set_identifier tells apart the records of one name under a routing policy (Route 53).
const NAME_ATTRIBUTES = ["name", "name_prefix", "bucket", "bucket_prefix", "account_id", "secret_id", "set_identifier"];
/**
 * Attributes that put a name inside a parent (an IAM role's inline policy, a node pool in its
 * cluster, a crypto key in its key ring, a NAT in its router): a name there is unique when the
 * parent is, which the parent's own name shows.
 */
const PARENT_ATTRIBUTES = ["role", "cluster", "cluster_name", "key_ring", "router"];

export interface CloudName {
  readonly stack: string;
  readonly type: string;
  readonly resource: string;
  /** `type: value` of every literal name attribute. */
  readonly key: string;
  readonly values: readonly string[];
}

/** Every literal AWS or Google resource name (not a reference) in a synth output directory. */
export function literalCloudNames(outdir: string): CloudName[] {
  const names: CloudName[] = [];
  for (const stack of readdirSync(join(outdir, "stacks"))) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
    for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(json.resource ?? {})) {
      if (!/^(aws|google)_/.test(type)) continue;
      for (const [resource, body] of Object.entries(byName)) {
        if (PARENT_ATTRIBUTES.some((a) => a in body)) continue;
        const values = NAME_ATTRIBUTES.map((a) => body[a]).filter((v): v is string => typeof v === "string" && !v.includes("${"));
        if (values.length) names.push({ stack, type, resource, key: `${type}: ${values.join(" | ")}`, values });
      }
    }
  }
  return names;
}

/** Names that occur more than once, with where. */
export function collisions(names: readonly CloudName[]): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const n of names) seen.set(n.key, [...(seen.get(n.key) ?? []), `${n.stack}/${n.resource}`]);
  return new Map([...seen].filter(([, where]) => where.length > 1));
}
