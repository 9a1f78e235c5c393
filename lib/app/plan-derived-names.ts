import { DeepSeekConfigError } from "../errors";
import type { PlacementInfraPlan } from "./plan-placement-infra";

/**
 * Names a cluster's placements derive that must be unique: within one app (stack ids: cdktf refuses
 * two stacks with one id, with a raw constructs Error), and within one cloud account or project
 * (the names of the EKS cluster, IAM roles, GKE cluster, service accounts, key rings, buckets). Two
 * different inputs can derive one name (cluster `b200` with placement `us-aws-use2`, and cluster
 * `b200-us` with placement `aws-use2`, both give stack `b200-us-aws-use2-infra`), so uniqueness is
 * checked on the derived names themselves, not on the inputs. Pure.
 */

/** One derived name and who derived it. */
export interface DerivedName {
  /** What must be unique, with its scope: `stack:<id>`, `aws-names:<EKS cluster name>`, `gcs:<bucket>`, … */
  readonly key: string;
  /** For a reader: `stack id "b200-us-aws-use2-infra"`. */
  readonly what: string;
  /** Who derived it: `cluster "b200" placements.0 (name "us-aws-use2")`. */
  readonly owner: string;
  /** The path to name in a refusal (the field that decides the name, as the user wrote it or would add it). */
  readonly path: string;
  /** How that path decides the name, when the user did not write it (a field to add). */
  readonly note?: string;
  /** The fix, when renaming the placement or the cluster is not it. */
  readonly fix?: string;
}

/** The DNS records a cluster publishes into a Route 53 zone: the endpoint's name, and each placement's when there are several. */
export interface PublishedRecords {
  readonly zoneId: string;
  readonly hostname: string;
  readonly placementHostnames: readonly string[];
}

/** What one placement derives its names from. */
export interface PlacementNaming {
  readonly index: number;
  /** The placement's name (given, or defaulted from `<cloud>-<region>`). */
  readonly name: string;
  /** The user wrote `placements.<i>.name`. */
  readonly nameWritten: boolean;
  readonly infra: PlacementInfraPlan;
  /** The user wrote the cloud's own name option (aws.clusterName, gcp.namePrefix, gcp.bucketName). */
  readonly written: { readonly clusterName?: boolean; readonly namePrefix?: boolean; readonly bucketName?: boolean };
}

/** What placement `index` derives its names from: its planned name and infra, and which name options the user wrote. */
export function namingOf(
  index: number, name: string, infra: PlacementInfraPlan, written: { readonly name?: string; readonly aws?: object; readonly gcp?: object },
): PlacementNaming {
  const options = ((infra.cloud === "aws" ? written.aws : written.gcp) ?? {}) as Readonly<Record<string, unknown>>;
  return {
    index, name, nameWritten: written.name !== undefined, infra,
    written: { clusterName: options.clusterName !== undefined, namePrefix: options.namePrefix !== undefined, bucketName: options.bucketName !== undefined },
  };
}

/** Every name one cluster's placements (and its global stack) derive. `at` roots the paths (DeepSeekCluster: its id). */
export function clusterDerivedNames(clusterId: string, placements: readonly PlacementNaming[], records: PublishedRecords | undefined, at: (path: string) => string): DerivedName[] {
  const globalStack = records !== undefined;
  const out: DerivedName[] = [];
  for (const p of placements) {
    const owner = `cluster "${clusterId}" placements.${p.index} (name "${p.name}")`;
    const namePath = at(`placements.${p.index}.name`);
    const nameNote = p.nameWritten ? undefined : `name is not set and defaults to "${p.name}"; set it to rename the placement's stacks and resources`;
    const byName = (key: string, what: string): DerivedName => ({ key, what, owner, path: namePath, ...(nameNote ? { note: nameNote } : {}) });
    out.push(byName(`stack:${clusterId}-${p.name}-infra`, `stack id "${clusterId}-${p.name}-infra"`));
    out.push(byName(`stack:${clusterId}-${p.name}-serving`, `stack id "${clusterId}-${p.name}-serving"`));
    const cloudOption = (option: string, written: boolean | undefined, key: string, what: string): DerivedName =>
      (written ? { key, what, owner, path: at(`placements.${p.index}.${p.infra.cloud}.${option}`) } : byName(key, what));
    if (p.infra.cloud === "aws") {
      // IAM role, KMS alias, bucket and secret names all start with the EKS cluster name; IAM names are case-insensitive.
      const name = p.infra.eks.clusterName;
      out.push(cloudOption("clusterName", p.written.clusterName, `aws-names:${name.toLowerCase()}`, `EKS cluster name "${name}" (and the IAM roles, keys and secrets named after it)`));
    } else {
      const { project, names } = p.infra.gke;
      out.push(cloudOption("namePrefix", p.written.namePrefix, `gcp-names:${project}:${names.namePrefix}`, `GKE name prefix "${names.namePrefix}" in project ${project} (cluster, service accounts, key rings)`));
      // Bucket names are global across Google Cloud.
      out.push(cloudOption("bucketName", p.written.bucketName ?? p.written.namePrefix, `gcs:${names.bucketName}`, `Cloud Storage bucket "${names.bucketName}"`));
    }
  }
  if (globalStack) out.push({ key: `stack:${clusterId}-global`, what: `stack id "${clusterId}-global"`, owner: `cluster "${clusterId}" (its Route 53 stack)`, path: at("endpoint.route53ZoneId") });
  // One record name in one zone, published by two clusters: the second apply fails on a record that
  // exists, or (latency records with other set identifiers) one name routes to both clusters' placements.
  if (records) {
    for (const name of [records.hostname, ...records.placementHostnames]) {
      out.push({
        key: `dns:${records.zoneId}:${name.toLowerCase()}`, what: `Route 53 record "${name}" in zone ${records.zoneId}`, owner: `cluster "${clusterId}" (its endpoint)`, path: at("endpoint.hostname"),
        fix: "give each cluster its own endpoint.hostname (or its own Route 53 zone): two clusters publishing one name would fail the second apply or send one cluster's traffic to the other's placements",
      });
    }
  }
  return out;
}

/**
 * Refuses the first name derived twice: within `names` (one cluster), or already taken by another
 * cluster of the app (`taken`, by key). The refusal names the later deriver's path and both owners.
 */
export function refuseCollidingNames(names: readonly DerivedName[], taken: ReadonlyMap<string, DerivedName> = new Map()): void {
  const seen = new Map<string, DerivedName>(taken);
  for (const n of names) {
    const first = seen.get(n.key);
    if (first) {
      throw new DeepSeekConfigError(
        n.path,
        `derives ${n.what} for ${n.owner}, which ${first.owner} already derives${n.note ? ` (${n.note})` : ""}`,
        n.key.startsWith("dns:") ? n.key.slice(n.key.lastIndexOf(":") + 1) : n.key.slice(n.key.indexOf(":") + 1),
        n.fix ?? "rename one of the two (the placement's name, its cloud name option, or the cluster's construct id) so the derived names differ",
      );
    }
    seen.set(n.key, n);
  }
}
