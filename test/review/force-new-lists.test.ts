// The ForceNew lists the review judges replacements with: one for every resource type the
// constructs can emit (or a reason it is missing), each with its provider source and version; the
// refresh script's reader over schema shapes of the three styles; terraform_data replacement
// checked with terraform itself when one is on PATH.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FORCE_NEW, NOT_VENDORED, forcesReplacement, judgesReplacement } from "../../lib/review/force-new";
import { AWS_FORCE_NEW } from "../../lib/review/force-new-lists/aws";
import { renderDiffMarkdown } from "../../lib/review/report";
import { diffStackResources, stackResources } from "../../lib/review/stack-diff";
import { defaultAppOutdir } from "../support/default-app";
import { hasTerraform } from "../support/terraform-eval";

const ROOT = join(__dirname, "..", "..");

/** Every file under lib/. */
function libFiles(dir = join(ROOT, "lib")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? libFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** The Terraform resource types of every provider resource class lib/ imports (`tfResourceType`). */
function importedResourceTypes(): string[] {
  const modules = new Set<string>();
  for (const f of libFiles()) for (const m of readFileSync(f, "utf8").matchAll(/@cdktf\/provider-[a-z]+\/lib\/[a-z0-9-]+/g)) modules.add(m[0]);
  const types = new Set<string>();
  for (const m of modules) {
    if (/\/lib\/(provider|data-)/.test(m)) continue;
    for (const exported of Object.values(require(m) as Record<string, unknown>)) {
      const type = typeof exported === "function" ? (exported as { tfResourceType?: unknown }).tfResourceType : undefined;
      if (typeof type === "string") types.add(type);
    }
  }
  return [...types].sort();
}

/** The managed resource types in the default app's synth. */
function synthesizedTypes(): string[] {
  const dir = join(defaultAppOutdir(), "stacks");
  const types = new Set<string>();
  for (const s of readdirSync(dir)) for (const t of Object.keys(JSON.parse(readFileSync(join(dir, s, "cdk.tf.json"), "utf8")).resource ?? {})) types.add(t);
  return [...types].sort();
}

describe("a ForceNew list for every resource type we emit", () => {
  const imported = importedResourceTypes();
  const synthesized = synthesizedTypes();

  test("every type the constructs can emit (imported provider classes and the default app's synth) has a list or a stated reason", () => {
    expect(imported.length).toBeGreaterThan(55);
    const all = [...new Set([...imported, ...synthesized])].sort();
    const missing = all.filter((t) => !(t in FORCE_NEW) && !(t in NOT_VENDORED));
    expect(missing).toEqual([]);
    // No type is both, and no reason is kept for a type we no longer emit.
    expect(Object.keys(NOT_VENDORED).filter((t) => t in FORCE_NEW)).toEqual([]);
    expect(Object.keys(NOT_VENDORED).filter((t) => !all.includes(t))).toEqual([]);
  });

  test("figures: judged and not judged, by provider", () => {
    const all = [...new Set([...imported, ...synthesized])];
    const byProvider = (types: string[]) => Object.fromEntries(["aws", "google", "helm", "kubernetes", "terraform"].map((p) => [p, types.filter((t) => t.startsWith(`${p}_`)).length]));
    expect({ judged: byProvider(all.filter(judgesReplacement)), notJudged: byProvider(all.filter((t) => !judgesReplacement(t))) }).toEqual({
      judged: { aws: 39, google: 17, helm: 1, kubernetes: 1, terraform: 1 },
      notJudged: { aws: 0, google: 0, helm: 0, kubernetes: 0, terraform: 0 },
    });
  });

  test("provenance: each list names its repository, ref, commit and files; generated lists match the installed provider bindings' versions", () => {
    for (const [type, e] of Object.entries(FORCE_NEW)) {
      expect({ type, ok: /^[0-9a-f]{40}$/.test(e.source.commit) && e.source.paths.length > 0 && e.source.repository.startsWith("hashicorp/") }).toEqual({ type, ok: true });
      // An empty list is a reading too (nothing replaces it), and then the copy read says what updates in place.
      expect({ type, attributes: e.attributes.length > 0 || (AWS_FORCE_NEW[type]?.note ?? "").includes("in place") }).toEqual({ type, attributes: true });
    }
    // Each @cdktf/provider-* README opens with the provider version it was generated from.
    const version = (pkg: string) => /provider version ([0-9.]+)/.exec(readFileSync(require.resolve(`@cdktf/${pkg}/README.md`), "utf8").split("\n").slice(0, 3).join("\n"))![1];
    for (const [prefix, pkg] of [["google_", "provider-google"], ["helm_", "provider-helm"], ["kubernetes_", "provider-kubernetes"]]) {
      for (const [type, e] of Object.entries(FORCE_NEW).filter(([t]) => t.startsWith(prefix))) expect({ type, ref: e.source.ref }).toEqual({ type, ref: `v${version(pkg)}` });
    }
  });

  test("known fields: an EKS cluster's name and role replace it, its subnets and endpoint access do not; a helm release's name does, its values do not", () => {
    expect(forcesReplacement("aws_eks_cluster", "name")).toBe("name");
    expect(forcesReplacement("aws_eks_cluster", "role_arn")).toBe("role_arn");
    expect(forcesReplacement("aws_eks_cluster", "kubernetes_network_config[0].service_ipv4_cidr")).toBe("kubernetes_network_config.service_ipv4_cidr");
    expect(forcesReplacement("aws_eks_cluster", "vpc_config[0].subnet_ids")).toBeUndefined();
    expect(forcesReplacement("aws_eks_cluster", "vpc_config.public_access_cidrs")).toBeUndefined();
    expect(forcesReplacement("google_compute_subnetwork", "network")).toBe("network");
    expect(forcesReplacement("google_kms_crypto_key_iam_member", "member")).toBe("member");
    expect(forcesReplacement("aws_eks_pod_identity_association", "service_account")).toBe("service_account");
    expect(forcesReplacement("aws_eks_pod_identity_association", "role_arn")).toBeUndefined();
    expect(forcesReplacement("aws_eks_addon", "addon_version")).toBeUndefined();
    expect(forcesReplacement("aws_kms_key", "deletion_window_in_days")).toBeUndefined();
    expect(forcesReplacement("aws_secretsmanager_secret", "recovery_window_in_days")).toBeUndefined();
    expect(forcesReplacement("aws_secretsmanager_secret", "name")).toBe("name");
    expect(forcesReplacement("helm_release", "namespace")).toBe("namespace");
    expect(forcesReplacement("helm_release", "values")).toBeUndefined();
    expect(forcesReplacement("kubernetes_config_map_v1", "metadata.name")).toBe("metadata.name");
    expect(forcesReplacement("terraform_data", "triggers_replace")).toBe("triggers_replace");
    expect(forcesReplacement("terraform_data", "input")).toBeUndefined();
  });
});

describe("the review of a change to a type without a list", () => {
  // No type we emit is without a list now; a type outside FORCE_NEW stands in for one added later.
  const stack = (other: Record<string, unknown>, gcs: Record<string, unknown>) =>
    stackResources({ resource: { aws_made_up_type: { models: other }, google_storage_bucket: { models: gcs } } });

  test("says the replacement is not judged, instead of passing it as an in-place update; a listed type is judged", () => {
    const base = new Map([["s", stack({ name: "a" }, { name: "m", location: "US" })]]);
    const head = new Map([["s", stack({ name: "b" }, { name: "m", location: "EU" })]]);
    const md = renderDiffMarkdown({ head: null, changes: [], notes: [], stacks: diffStackResources(base, head) });
    expect(md).toMatch(/\*\*google_storage_bucket\.models is replaced\*\* \(destroyed, then created\) because `location` changed/);
    expect(md).toMatch(/`aws_made_up_type\.models` changed; whether Terraform replaces it is not judged \(no ForceNew list is vendored for aws_made_up_type\)/);
  });
});

describe("the AWS lists read from single files (lib/review/force-new-lists/aws.ts, aws-files.json)", () => {
  const review = (type: string, from: Record<string, unknown>, to: Record<string, unknown>) => renderDiffMarkdown({
    head: null, changes: [], notes: [],
    stacks: diffStackResources(new Map([["s", stackResources({ resource: { [type]: { r: from } } })]]), new Map([["s", stackResources({ resource: { [type]: { r: to } } })]])),
  });

  test("planted fault: a changed VPC CIDR or bucket name is reported as a replacement; DNS hostnames or force_destroy as neither replaced nor unjudged", () => {
    expect(review("aws_vpc", { cidr_block: "10.0.0.0/16", enable_dns_hostnames: true }, { cidr_block: "10.1.0.0/16", enable_dns_hostnames: true }))
      .toMatch(/\*\*aws_vpc\.r is replaced\*\* \(destroyed, then created\) because `cidr_block` changed/);
    expect(review("aws_s3_bucket", { bucket: "models-a", force_destroy: false }, { bucket: "models-b", force_destroy: false }))
      .toMatch(/\*\*aws_s3_bucket\.r is replaced\*\* \(destroyed, then created\) because `bucket` changed/);
    for (const md of [
      review("aws_vpc", { cidr_block: "10.0.0.0/16", enable_dns_hostnames: true }, { cidr_block: "10.0.0.0/16", enable_dns_hostnames: false }),
      review("aws_s3_bucket", { bucket: "models-a", force_destroy: false }, { bucket: "models-a", force_destroy: true }),
    ]) {
      expect(md).not.toMatch(/is replaced/);
      expect(md).not.toMatch(/not judged/);
    }
  });

  test("known fields at the copies read", () => {
    expect(forcesReplacement("aws_subnet", "availability_zone")).toBe("availability_zone");
    expect(forcesReplacement("aws_subnet", "map_public_ip_on_launch")).toBeUndefined();
    expect(forcesReplacement("aws_security_group", "description")).toBe("description");
    expect(forcesReplacement("aws_security_group", "ingress[0].cidr_blocks")).toBeUndefined();
    expect(forcesReplacement("aws_launch_template", "image_id")).toBeUndefined();
    expect(forcesReplacement("aws_launch_template", "name_prefix")).toBe("name_prefix");
    expect(forcesReplacement("aws_route", "nat_gateway_id")).toBeUndefined();
    expect(forcesReplacement("aws_route", "destination_cidr_block")).toBe("destination_cidr_block");
    expect(forcesReplacement("aws_eks_access_policy_association", "access_scope[0].namespaces")).toBe("access_scope");
    expect(forcesReplacement("aws_internet_gateway", "vpc_id")).toBeUndefined();
    expect(forcesReplacement("aws_s3_bucket_public_access_block", "block_public_policy")).toBeUndefined();
    expect(forcesReplacement("aws_vpc_security_group_ingress_rule", "security_group_id")).toBe("security_group_id");
    expect(FORCE_NEW.aws_vpc_endpoint!.conditional).toEqual([{ attribute: "private_dns_enabled", when: "the endpoint is not of type Interface" }]);
  });

  test("provenance per type: the commit and files read; every AWS type we emit is judged", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "lib", "review", "force-new-lists", "aws-files.json"), "utf8")) as { types: Record<string, { files: { path: string; commit: string }[]; transcribed: string[] }> };
    expect(Object.keys(AWS_FORCE_NEW).sort()).toEqual(Object.keys(manifest.types).sort());
    for (const [type, l] of Object.entries(AWS_FORCE_NEW)) {
      const m = manifest.types[type]!;
      expect({ type, commit: FORCE_NEW[type]!.source.commit, paths: FORCE_NEW[type]!.source.paths, attributes: [...l.attributes] })
        .toEqual({ type, commit: m.files[0]!.commit, paths: m.files.map((f) => f.path), attributes: [...m.transcribed].sort() });
      for (const f of m.files) expect(f.path).toMatch(/^internal\/service\/[a-z0-9]+\/[a-z0-9_]+\.go$/);
    }
    expect(NOT_VENDORED).toEqual({});
  });

  test("every listed attribute exists in the installed @cdktf/provider-aws bindings (hashicorp/aws 6.25.0), except those of copies newer than 6.25.0", () => {
    const missing: string[] = [];
    for (const [type, l] of Object.entries(AWS_FORCE_NEW)) {
      const js = readFileSync(require.resolve(`@cdktf/provider-aws/lib/${type.slice(4).replace(/_/g, "-")}/index.js`), "utf8");
      expect({ type, bound: js.includes(`tfResourceType = "${type}"`) }).toEqual({ type, bound: true });
      for (const a of l.attributes) if (a.split(".").some((seg) => !js.includes(`${seg}:`) && !js.includes(`'${seg}'`))) missing.push(`${type}.${a}`);
    }
    // The subnet and VPC endpoint copies (2026, after 6.25.0) carry attributes 6.25.0 does not have;
    // our configs cannot set them, so they never decide a replacement here.
    expect(missing).toEqual([
      "aws_subnet.ipv4_ipam_pool_id", "aws_subnet.ipv4_netmask_length", "aws_subnet.ipv6_ipam_pool_id", "aws_subnet.ipv6_netmask_length",
      "aws_vpc_endpoint.dns_options.private_dns_preference", "aws_vpc_endpoint.dns_options.private_dns_specified_domains",
    ]);
  });
});

describe("a replaced node pool: model servers restart only when it is the GPU pool", () => {
  test("the GPU pool's replacement restarts every model server; the system pool's moves its pods", () => {
    const pools = (machine: string) => stackResources({ resource: { google_container_node_pool: {
      "infra_gpu-pool_44339B5A": { node_config: { machine_type: "a3-ultragpu-8g", guest_accelerator: [{ type: machine }] } },
      "infra_control-plane_system-pool_BD173EC5": { node_config: { machine_type: "e2-standard-8", guest_accelerator: [{ type: machine }] } },
    } } });
    const md = renderDiffMarkdown({ head: null, changes: [], notes: [], stacks: diffStackResources(new Map([["s", pools("a")]]), new Map([["s", pools("b")]])) });
    expect(md).toMatch(/infra_gpu-pool_44339B5A is replaced\*\* \(destroyed, then created\) because `node_config.guest_accelerator` changed: the GPU nodes are replaced, so every model server/);
    expect(md).toMatch(/infra_control-plane_system-pool_BD173EC5 is replaced\*\* \(destroyed, then created\) because `node_config.guest_accelerator` changed: its nodes are replaced, so the pods on them \(operators, gateway\) are rescheduled/);
  });
});

describe("scripts/force-new-lists.mjs reads the three schema styles", () => {
  const parse = (go: string, attrNames: Record<string, string> = {}): string[] => JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", `
    const { forceNewPaths } = await import(${JSON.stringify(join(ROOT, "scripts", "force-new-lists.mjs"))});
    process.stdout.write(JSON.stringify(forceNewPaths(${JSON.stringify(go)}, new Map(Object.entries(${JSON.stringify(attrNames)})))));
  `], { encoding: "utf8" }));

  test("SDKv2 entries, nested blocks, braces inside descriptions, comments", () => {
    const go = [
      "Schema: map[string]*schema.Schema{",
      "  \"name\": {",
      "    Type: schema.TypeString,",
      "    ForceNew: true,",
      "    Description: `projects/{{project}}/global/networks/{{name}}`,",
      "  },",
      "  \"network\": {",
      "    Description: \"a } in a string {\", // ForceNew: true in a comment",
      "    Required: true,",
      "  },",
      "  \"block\": {",
      "    Elem: &schema.Resource{",
      "      Schema: map[string]*schema.Schema{",
      "        \"inner\": {",
      "          ForceNew: true,",
      "        },",
      "      },",
      "    },",
      "  },",
      "  \"after\": {",
      "    ForceNew: true,",
      "  },",
      "}",
    ].join("\n");
    expect(parse(go)).toEqual(["after", "block.inner", "name"]);
  });

  test("plugin framework plan modifiers, the AWS names constants, kubernetes' fields[...] entries", () => {
    const go = [
      "Attributes: map[string]schema.Attribute{",
      "  names.AttrName: schema.StringAttribute{",
      "    PlanModifiers: []planmodifier.String{",
      "      stringplanmodifier.RequiresReplace(),",
      "    },",
      "  },",
      "  \"values\": schema.ListAttribute{",
      "    Optional: true,",
      "  },",
      "  names.AttrNamespace: schema.StringAttribute{",
      "    PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplaceIfConfigured()},",
      "  },",
      "}",
      "fields[\"namespace_k8s\"] = &schema.Schema{",
      "  ForceNew: true,",
      "}",
    ].join("\n");
    expect(parse(go, { AttrName: "name", AttrNamespace: "namespace" })).toEqual(["name", "namespace", "namespace_k8s"]);
  });
});

describe("scripts/force-new-lists.mjs aws --files: single files at the commits a manifest names", () => {
  test("parses each file with the names constants, reports where the manifest differs, renders a per-type commit", () => {
    const dir = mkdtempSync(join(tmpdir(), "deepseek-forcenew-"));
    const commit = "0123456789abcdef0123456789abcdef01234567";
    const file = "internal/service/ec2/vpc_.go";
    execFileSync("mkdir", ["-p", join(dir, commit, "internal/service/ec2"), join(dir, "names")]);
    writeFileSync(join(dir, commit, file), ["Schema: map[string]*schema.Schema{", "  names.AttrCIDRBlock: {", "    ForceNew: true,", "  },", "  \"instance_tenancy\": {", "    Optional: true,", "  },", "}"].join("\n"));
    writeFileSync(join(dir, "names", "attr_consts_gen.go"), 'const (\n\tAttrCIDRBlock = "cidr_block"\n)\n');
    const manifest = { repository: "hashicorp/terraform-provider-aws", ref: "main", types: { aws_vpc: { files: [{ path: file, commit }], note: "test", transcribed: ["cidr_block", "instance_tenancy"] } } };
    const run = (code: string): unknown => JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", `
      const m = await import(${JSON.stringify(join(ROOT, "scripts", "force-new-lists.mjs"))});
      ${code}
    `], { encoding: "utf8", stdio: "pipe" }));
    const parsed = run(`process.stdout.write(JSON.stringify(m.awsListsFromFiles(${JSON.stringify(dir)}, ${JSON.stringify(manifest)})));`) as { lists: Record<string, { attributes: string[]; commit: string }>; differences: unknown[] };
    expect(parsed.lists.aws_vpc).toMatchObject({ attributes: ["cidr_block"], commit });
    // The planted difference (instance_tenancy is not ForceNew in the file) is reported.
    expect(parsed.differences).toEqual([{ type: "aws_vpc", parsed: ["cidr_block"], transcribed: ["cidr_block", "instance_tenancy"] }]);
    const rendered = run(`process.stdout.write(JSON.stringify(m.render("aws", { repository: "r", ref: "main", commit: "per type", lists: ${JSON.stringify({ aws_vpc: { paths: [file], commit, attributes: ["cidr_block"] } })} }, "aws --files <dir>")));`) as string;
    expect(rendered).toContain(`commit: "${commit}",`);
    // Without the names table the constant is not silently attached to its parent: the read is refused.
    execFileSync("rm", [join(dir, "names", "attr_consts_gen.go")]);
    expect(() => run(`m.awsListsFromFiles(${JSON.stringify(dir)}, ${JSON.stringify(manifest)}); process.stdout.write("null");`)).toThrow(/names constants not resolved \(<AttrCIDRBlock>\)/);
  });

  test("the committed aws.ts is what --transcribed renders from the committed manifest", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", `
      const m = await import(${JSON.stringify(join(ROOT, "scripts", "force-new-lists.mjs"))});
      process.stdout.write(m.render("aws", { repository: "hashicorp/terraform-provider-aws", ref: "main", commit: "per type", lists: m.awsListsTranscribed() }, "aws --transcribed"));
    `], { encoding: "utf8" });
    expect(out).toBe(readFileSync(join(ROOT, "lib", "review", "force-new-lists", "aws.ts"), "utf8"));
  });
});

describe("terraform_data replacement, planned by terraform itself", () => {
  (hasTerraform ? test : test.skip)("a changed triggers_replace replaces it, a changed input updates it in place (runs when a terraform binary is on PATH)", () => {
    const dir = mkdtempSync(join(tmpdir(), "deepseek-tfdata-"));
    const state = {
      version: 4, terraform_version: "1.5.0", serial: 1, lineage: "deepseek-test", outputs: {},
      resources: [{
        mode: "managed", type: "terraform_data", name: "d", provider: "provider[\"terraform.io/builtin/terraform\"]",
        instances: [{ schema_version: 0, attributes: { id: "x", input: { value: "a", type: "string" }, output: { value: "a", type: "string" }, triggers_replace: { value: "t1", type: "string" } } }],
      }],
    };
    writeFileSync(join(dir, "terraform.tfstate"), JSON.stringify(state));
    const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
    /** The plan's actions and replace_paths for terraform_data.d (terraform show -json of a saved plan). */
    const plan = (input: string, trigger: string): { actions: string[]; replacePaths: unknown } => {
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ resource: { terraform_data: { d: { input, triggers_replace: trigger } } } }));
      const r = spawnSync("terraform", ["plan", "-input=false", "-no-color", "-refresh=false", "-out=plan.bin"], { cwd: dir, encoding: "utf8", timeout: 60_000, env });
      expect(r.status).toBe(0);
      const shown = JSON.parse(execFileSync("terraform", ["show", "-json", "plan.bin"], { cwd: dir, encoding: "utf8", env }));
      const change = shown.resource_changes.find((c: { address: string }) => c.address === "terraform_data.d").change;
      return { actions: change.actions, replacePaths: change.replace_paths };
    };
    expect(plan("a", "t2")).toEqual({ actions: ["delete", "create"], replacePaths: [["triggers_replace"]] });
    expect(plan("b", "t1")).toEqual({ actions: ["update"], replacePaths: undefined });
    // The list agrees with what terraform planned.
    expect(forcesReplacement("terraform_data", "triggers_replace")).toBe("triggers_replace");
    expect(forcesReplacement("terraform_data", "input")).toBeUndefined();
  }, 120_000);
});

describe("replacements the provider decides case by case (conditional entries)", () => {
  const review = (type: string, from: Record<string, unknown>, to: Record<string, unknown>) => renderDiffMarkdown({
    head: null, changes: [], notes: [],
    stacks: diffStackResources(new Map([["s", stackResources({ resource: { [type]: { r: from } } })]]), new Map([["s", stackResources({ resource: { [type]: { r: to } } })]])),
  });

  test("a change to a conditional attribute is shown as a possible replacement, with the provider's case", () => {
    const md = review("aws_eks_cluster", { name: "c", encryption_config: [{ resources: ["secrets"] }] }, { name: "c" });
    expect(md).toMatch(/\*\*aws_eks_cluster\.r may be replaced\*\*: `encryption_config` changed, and the provider replaces it when envelope encryption is removed/);
    expect(md).not.toMatch(/aws_eks_cluster\.r is replaced/);
    const subnet = review("aws_subnet", { cidr_block: "10.0.0.0/24", ipv6_cidr_block: "2600::/64" }, { cidr_block: "10.0.0.0/24", ipv6_cidr_block: "2600:1::/64" });
    expect(subnet).toMatch(/\*\*aws_subnet\.r may be replaced\*\*: `ipv6_cidr_block` changed/);
  });

  test("a certain replacement is reported once, as certain; an unrelated change is not a possible replacement", () => {
    const md = review("aws_eks_cluster", { name: "a", encryption_config: [{ resources: ["secrets"] }] }, { name: "b" });
    expect(md).toMatch(/\*\*aws_eks_cluster\.r is replaced\*\*/);
    expect(md).not.toMatch(/may be replaced/);
    expect(review("aws_eks_cluster", { name: "c", version: "1.34" }, { name: "c", version: "1.35" })).not.toMatch(/replaced/);
  });
});
