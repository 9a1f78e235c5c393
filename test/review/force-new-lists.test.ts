// The ForceNew lists the review judges replacements with: one for every resource type the
// constructs can emit (or a reason it is missing), each with its provider source and version; the
// refresh script's reader over schema shapes of the three styles; terraform_data replacement
// checked with terraform itself when one is on PATH.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FORCE_NEW, NOT_VENDORED, forcesReplacement, judgesReplacement } from "../../lib/review/force-new";
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
      judged: { aws: 8, google: 17, helm: 1, kubernetes: 1, terraform: 1 },
      notJudged: { aws: 31, google: 0, helm: 0, kubernetes: 0, terraform: 0 },
    });
  });

  test("provenance: each list names its repository, ref, commit and files; generated lists match the installed provider bindings' versions", () => {
    for (const [type, e] of Object.entries(FORCE_NEW)) {
      expect({ type, ok: /^[0-9a-f]{40}$/.test(e.source.commit) && e.source.paths.length > 0 && e.source.repository.startsWith("hashicorp/") }).toEqual({ type, ok: true });
      expect({ type, attributes: e.attributes.length > 0 }).toEqual({ type, attributes: true });
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
  const stack = (bucket: Record<string, unknown>, gcs: Record<string, unknown>) =>
    stackResources({ resource: { aws_s3_bucket: { models: bucket }, google_storage_bucket: { models: gcs } } });

  test("says the replacement is not judged, instead of passing it as an in-place update; a listed type is judged", () => {
    const base = new Map([["s", stack({ bucket: "a", force_destroy: false }, { name: "m", location: "US" })]]);
    const head = new Map([["s", stack({ bucket: "b", force_destroy: false }, { name: "m", location: "EU" })]]);
    const md = renderDiffMarkdown({ head: null, changes: [], notes: [], stacks: diffStackResources(base, head) });
    expect(md).toMatch(/\*\*google_storage_bucket\.models is replaced\*\* \(destroyed, then created\) because `location` changed/);
    expect(md).toMatch(/`aws_s3_bucket\.models` changed; whether Terraform replaces it is not judged \(no ForceNew list is vendored for aws_s3_bucket\)/);
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
