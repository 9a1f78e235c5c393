#!/usr/bin/env node
// Refreshes the ForceNew lists lib/review/force-new.ts judges replacements with: for each resource
// type the constructs emit, the attribute paths whose change makes Terraform destroy and recreate
// the resource, read from the provider's source at a tag of a git checkout:
//
//   node scripts/force-new-lists.mjs <provider> <checkout> <tag> [--write]
//   node scripts/force-new-lists.mjs aws --files <dir> [--write]    (single files, see below)
//   node scripts/force-new-lists.mjs aws --transcribed [--write]    (render the manifest's lists)
//
//   google      hashicorp/terraform-provider-google      (tag v<version of @cdktf/provider-google>)
//   aws         hashicorp/terraform-provider-aws         (tag v<version of @cdktf/provider-aws>)
//   helm        hashicorp/terraform-provider-helm
//   kubernetes  hashicorp/terraform-provider-kubernetes
//
// The version each @cdktf/provider-* package generates from is the first line of its README
// ("CDKTF prebuilt bindings for hashicorp/<name> provider version X"). Prints the lists as JSON;
// --write replaces lib/review/force-new-lists/<provider>.ts. Compare before committing.
//
// How a schema is read (a line scanner, not a Go parser; good for the schema literals of these
// providers): an entry `"name": {` (SDKv2), `"name": schema.StringAttribute{` (plugin framework)
// or `names.AttrName: …{` (the AWS provider's constants, resolved through internal/names) opens a
// path segment; `ForceNew: true` (SDKv2) or a `RequiresReplace…()` plan modifier (framework)
// marks the innermost open one. Replacement decided in CustomizeDiff / ModifyPlan (conditional)
// is not read: the `conditional` entries in lib/review/force-new.ts list it by hand, with its source.
//
// Single files (AWS): hashicorp/terraform-provider-aws is over the size a snapshot can have here,
// so its schema files were read one at a time (the search tool's read_file, one stored version of
// the default branch each). lib/review/force-new-lists/aws-files.json names, per resource type,
// the files and the commit each was read at, and the lists read from them ("transcribed").
//   --files <dir>   parses <dir>/<commit>/<path> for every file of the manifest (and the AWS
//                   names constants from <dir>/<commit>/names/attr_consts_gen.go or
//                   <dir>/names/attr_consts_gen.go), prints where the parse and the manifest
//                   differ, and with --write records the parsed lists in the manifest and aws.ts.
//   --transcribed   renders lib/review/force-new-lists/aws.ts from the manifest as it stands.
// A full checkout at the bound tag (`aws <checkout> v6.25.0 --write`) replaces all of it.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Per provider: the repository and, per resource type, the files holding its schema. A file entry
 * is a path, or [path, prefix] (its paths go under `prefix.`), or [path, prefix, keep] (only paths
 * keep() accepts).
 */
const PROVIDERS = {
  google: {
    repository: "hashicorp/terraform-provider-google",
    types: {
      google_compute_firewall: ["google/services/compute/resource_compute_firewall.go"],
      google_compute_network: ["google/services/compute/resource_compute_network.go"],
      google_compute_router: ["google/services/compute/resource_compute_router.go"],
      google_compute_router_nat: ["google/services/compute/resource_compute_router_nat.go"],
      google_compute_subnetwork: ["google/services/compute/resource_compute_subnetwork.go"],
      google_container_cluster: [["google/services/container/resource_container_cluster.go", "", (p) => !p.startsWith("node_pool.") && !p.startsWith("node_config.")]],
      google_container_node_pool: [
        ["google/services/container/resource_container_node_pool.go", "", (p) => !p.startsWith("node_config")],
        ["google/services/container/node_config.go", "node_config"],
      ],
      google_kms_crypto_key: ["google/services/kms/resource_kms_crypto_key.go"],
      google_kms_crypto_key_iam_member: ["google/services/kms/iam_kms_crypto_key.go", "google/tpgiamresource/resource_iam_member.go"],
      google_kms_key_ring: ["google/services/kms/resource_kms_key_ring.go"],
      google_project_iam_member: ["google/services/resourcemanager/iam_project.go", "google/tpgiamresource/resource_iam_member.go"],
      google_secret_manager_secret: ["google/services/secretmanager/resource_secret_manager_secret.go"],
      google_secret_manager_secret_iam_member: ["google/services/secretmanager/iam_secret_manager_secret.go", "google/tpgiamresource/resource_iam_member.go"],
      google_service_account: ["google/services/resourcemanager/resource_google_service_account.go"],
      google_service_account_iam_member: ["google/services/resourcemanager/iam_service_account.go", "google/tpgiamresource/resource_iam_member.go"],
      google_storage_bucket: ["google/services/storage/resource_storage_bucket.go"],
      google_storage_bucket_iam_member: ["google/services/storage/iam_storage_bucket.go", "google/tpgiamresource/resource_iam_member.go"],
    },
  },
  helm: {
    repository: "hashicorp/terraform-provider-helm",
    types: { helm_release: ["helm/resource_helm_release.go"] },
  },
  kubernetes: {
    repository: "hashicorp/terraform-provider-kubernetes",
    // The metadata block comes from namespacedMetadataSchema (schema_metadata.go).
    types: { kubernetes_config_map_v1: ["kubernetes/resource_kubernetes_config_map_v1.go", ["kubernetes/schema_metadata.go", "metadata"]] },
  },
  aws: {
    repository: "hashicorp/terraform-provider-aws",
    types: Object.fromEntries([
      ["aws_cloudwatch_log_group", "logs/group.go"], ["aws_default_security_group", "ec2/vpc_default_security_group.go"],
      ["aws_eip", "ec2/ec2_eip.go"], ["aws_eks_access_entry", "eks/access_entry.go"],
      ["aws_eks_access_policy_association", "eks/access_policy_association.go"], ["aws_eks_addon", "eks/addon.go"],
      ["aws_eks_cluster", "eks/cluster.go"], ["aws_eks_node_group", "eks/node_group.go"],
      ["aws_eks_pod_identity_association", "eks/pod_identity_association.go"], ["aws_flow_log", "ec2/vpc_flow_log.go"],
      ["aws_iam_role", "iam/role.go"], ["aws_iam_role_policy", "iam/role_policy.go"],
      ["aws_iam_role_policy_attachment", "iam/role_policy_attachment.go"], ["aws_internet_gateway", "ec2/vpc_internet_gateway.go"],
      ["aws_kms_alias", "kms/alias.go"], ["aws_kms_key", "kms/key.go"], ["aws_launch_template", "ec2/ec2_launch_template.go"],
      ["aws_nat_gateway", "ec2/vpc_nat_gateway.go"], ["aws_placement_group", "ec2/ec2_placement_group.go"],
      ["aws_route", "ec2/vpc_route.go"], ["aws_route_table", "ec2/vpc_route_table.go"],
      ["aws_route_table_association", "ec2/vpc_route_table_association.go"], ["aws_route53_health_check", "route53/health_check.go"],
      ["aws_route53_record", "route53/record.go"], ["aws_s3_bucket", "s3/bucket.go"],
      ["aws_s3_bucket_lifecycle_configuration", "s3/bucket_lifecycle_configuration.go"], ["aws_s3_bucket_logging", "s3/bucket_logging.go"],
      ["aws_s3_bucket_ownership_controls", "s3/bucket_ownership_controls.go"], ["aws_s3_bucket_policy", "s3/bucket_policy.go"],
      ["aws_s3_bucket_public_access_block", "s3/bucket_public_access_block.go"],
      ["aws_s3_bucket_server_side_encryption_configuration", "s3/bucket_server_side_encryption_configuration.go"],
      ["aws_s3_bucket_versioning", "s3/bucket_versioning.go"], ["aws_secretsmanager_secret", "secretsmanager/secret.go"],
      ["aws_security_group", "ec2/vpc_security_group.go"], ["aws_subnet", "ec2/vpc_subnet.go"], ["aws_vpc", "ec2/vpc_.go"],
      ["aws_vpc_endpoint", "ec2/vpc_endpoint.go"], ["aws_vpc_security_group_egress_rule", "ec2/vpc_security_group_egress_rule.go"],
      ["aws_vpc_security_group_ingress_rule", "ec2/vpc_security_group_ingress_rule.go"],
    ].map(([type, file]) => [type, [`internal/service/${file}`]]).map(([type, files]) =>
      // The egress rule embeds the shared security group rule schema of the ingress rule's file.
      [type, type === "aws_vpc_security_group_egress_rule" ? [...files, "internal/service/ec2/vpc_security_group_ingress_rule.go"] : files])),
  },
};

/** `AttrName` → `name`, from the AWS provider's generated constants. */
function awsAttrNames(show) {
  let text;
  try { text = show("names/attr_consts_gen.go"); } catch { return new Map(); }
  return attrNamesOf(text);
}

/** The `Attr… = "…"` constants of names/attr_consts_gen.go. */
export function attrNamesOf(text) {
  const out = new Map();
  for (const m of text.matchAll(/^\s*(Attr\w+)\s*=\s*"([a-z0-9_]+)"/gm)) out.set(m[1], m[2]);
  return out;
}

const AWS_MANIFEST = join(ROOT, "lib", "review", "force-new-lists", "aws-files.json");

/**
 * The AWS lists from single files: `dir` holds <commit>/<path> for each file of the manifest.
 * Returns the lists (per type: paths, attributes, commit, note) and the differences from the
 * manifest's transcribed lists.
 */
export function awsListsFromFiles(dir, manifest = JSON.parse(readFileSync(AWS_MANIFEST, "utf8"))) {
  const lists = {};
  const differences = [];
  for (const [type, spec] of Object.entries(manifest.types)) {
    const paths = new Set();
    for (const f of spec.files) {
      const namesFile = [join(dir, f.commit, "names", "attr_consts_gen.go"), join(dir, "names", "attr_consts_gen.go")].find((p) => existsSync(p));
      const attrNames = namesFile ? attrNamesOf(readFileSync(namesFile, "utf8")) : new Map();
      for (const p of forceNewPaths(readFileSync(join(dir, f.commit, f.path), "utf8"), attrNames)) paths.add(p);
    }
    const attributes = [...paths].sort();
    const unresolved = attributes.filter((a) => a.includes("<"));
    if (unresolved.length) throw new Error(`${type}: names constants not resolved (${unresolved.join(", ")}); put names/attr_consts_gen.go under ${dir}`);
    if (JSON.stringify(attributes) !== JSON.stringify([...spec.transcribed].sort())) differences.push({ type, parsed: attributes, transcribed: spec.transcribed });
    lists[type] = { paths: spec.files.map((f) => f.path), attributes, commit: spec.files[0].commit, note: spec.note };
  }
  return { lists, differences };
}

/** The AWS lists as the manifest records them (no parse). */
export function awsListsTranscribed(manifest = JSON.parse(readFileSync(AWS_MANIFEST, "utf8"))) {
  return Object.fromEntries(Object.entries(manifest.types).map(([type, spec]) =>
    [type, { paths: spec.files.map((f) => f.path), attributes: [...spec.transcribed].sort(), commit: spec.files[0].commit, note: spec.note }]));
}

/** The replacing attribute paths of one Go file, as dotted paths. */
export function forceNewPaths(text, attrNames = new Map()) {
  const stack = [];
  const out = [];
  let depth = 0;
  let inRaw = false;
  for (const raw of text.split("\n")) {
    // Braces inside string literals (descriptions quote `{{project}}`) and comments do not count.
    let line = "";
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if (inRaw) { if (c === "`") inRaw = false; continue; }
      if (c === "`") { inRaw = true; continue; }
      if (c === "/" && raw[i + 1] === "/") break;
      if (c === '"') {
        let j = i + 1;
        while (j < raw.length && raw[j] !== '"') j += raw[j] === "\\" ? 2 : 1;
        line += raw.slice(i, j + 1).replace(/[{}]/g, "");
        i = j;
        continue;
      }
      line += c;
    }
    const entry = /^\s*(?:"([a-z0-9_]+)"|names\.(Attr\w+)|fields\["([a-z0-9_]+)"\]\s*=\s*&schema\.Schema)\s*:?\s*(?:&?[\w.]+(?:\[[^\]]*\])?)?\{/.exec(line);
    if (entry) {
      // An AWS names constant the table does not resolve stays visible as <AttrX> (main() refuses it).
      const name = entry[1] ?? entry[3] ?? attrNames.get(entry[2]) ?? `<${entry[2]}>`;
      stack.push([name, depth]);
    }
    if ((/ForceNew:\s*true/.test(line) || /\.RequiresReplace(IfConfigured)?\(\)/.test(line)) && stack.length) out.push(stack.map(([k]) => k).join("."));
    depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
    while (stack.length && stack[stack.length - 1][1] >= depth) stack.pop();
  }
  return [...new Set(out)].sort();
}

/** `aws --files <dir>` / `aws --transcribed`: the single-file lists (see the header). */
function mainSingleFiles(args) {
  const manifest = JSON.parse(readFileSync(AWS_MANIFEST, "utf8"));
  let lists;
  if (args[1] === "--files") {
    if (!args[2]) { console.error("usage: node scripts/force-new-lists.mjs aws --files <dir> [--write]"); process.exit(1); }
    const parsed = awsListsFromFiles(args[2], manifest);
    for (const d of parsed.differences) console.error(`${d.type}: parsed ${JSON.stringify(d.parsed)}, manifest ${JSON.stringify(d.transcribed)}`);
    lists = parsed.lists;
    if (process.argv.includes("--write")) {
      for (const [type, l] of Object.entries(lists)) manifest.types[type].transcribed = l.attributes;
      writeFileSync(AWS_MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
    }
  } else {
    lists = awsListsTranscribed(manifest);
  }
  const result = { repository: manifest.repository, ref: manifest.ref, commit: "per type", lists };
  if (process.argv.includes("--write")) {
    const file = join(ROOT, "lib", "review", "force-new-lists", "aws.ts");
    writeFileSync(file, render("aws", result, args[1] === "--files" ? "aws --files <dir>" : "aws --transcribed"));
    console.error(`wrote ${file}`);
  }
  console.log(JSON.stringify(result, null, 2));
}

function main() {
  const args = process.argv.slice(2).filter((a) => a !== "--write");
  if (args[0] === "aws" && (args[1] === "--files" || args[1] === "--transcribed")) return mainSingleFiles(args);
  const [provider, checkout, tag] = args;
  const spec = PROVIDERS[provider];
  if (!spec || !checkout || !tag) {
    console.error(`usage: node scripts/force-new-lists.mjs <${Object.keys(PROVIDERS).join("|")}> <checkout> <tag> [--write]`);
    process.exit(1);
  }
  const git = (...a) => execFileSync("git", ["-C", checkout, ...a], { encoding: "utf8", maxBuffer: 64 << 20 });
  const show = (path) => git("show", `${tag}:${path}`);
  const attrNames = provider === "aws" ? awsAttrNames(show) : new Map();
  const lists = {};
  for (const [type, files] of Object.entries(spec.types)) {
    const paths = new Set();
    for (const f of files) {
      const [path, prefix = "", keep = () => true] = Array.isArray(f) ? f : [f];
      for (const p of forceNewPaths(show(path), attrNames).filter(keep)) paths.add(prefix ? `${prefix}.${p}` : p);
    }
    const attributes = [...paths].sort();
    const unresolved = attributes.filter((a) => a.includes("<"));
    if (unresolved.length) throw new Error(`${type}: names constants not resolved (${unresolved.join(", ")})`);
    lists[type] = { paths: files.map((f) => (Array.isArray(f) ? f[0] : f)), attributes };
  }
  const result = { repository: spec.repository, ref: tag, commit: git("rev-list", "-n1", tag).trim(), lists };
  if (process.argv.includes("--write")) {
    const file = join(ROOT, "lib", "review", "force-new-lists", `${provider}.ts`);
    writeFileSync(file, render(provider, result));
    console.error(`wrote ${file}`);
  }
  console.log(JSON.stringify(result, null, 2));
}

/** The generated module: pure data, one export per provider (a per-type commit when read from single files). */
export function render(provider, result, how = `${provider} <checkout> ${result.ref}`) {
  const lines = [
    `// Generated by \`node scripts/force-new-lists.mjs ${how} --write\` from`,
    `// ${result.repository} @ ${result.ref} (${result.commit}). Do not edit by hand; refresh with the script.`,
    'import type { ForceNewList } from "./types";',
    "",
    `export const ${provider.toUpperCase()}_SOURCE = ${JSON.stringify({ repository: result.repository, ref: result.ref, commit: result.commit })} as const;`,
    "",
    `export const ${provider.toUpperCase()}_FORCE_NEW: Readonly<Record<string, ForceNewList>> = {`,
  ];
  for (const [type, list] of Object.entries(result.lists)) {
    lines.push(`  ${type}: {`, `    paths: ${JSON.stringify(list.paths)},`);
    if (list.commit) lines.push(`    commit: ${JSON.stringify(list.commit)},`);
    if (list.note) lines.push(`    note: ${JSON.stringify(list.note)},`);
    lines.push("    attributes: [");
    for (const a of list.attributes) lines.push(`      ${JSON.stringify(a)},`);
    lines.push("    ],", "  },");
  }
  lines.push("};", "");
  return lines.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
