import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps, DeepSeekConfigError, planCluster } from "../../lib";
import { ADMIN_CIDRS_VARIABLE, adminCidrsVariable } from "../../lib/app/plan-deploy-inputs";
import { defaultAppOutdir } from "../support/default-app";

const ROOT = join(__dirname, "..", "..");
const stackJson = (outdir: string, stack: string) => JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
const stacksOf = (outdir: string) => readdirSync(join(outdir, "stacks")).sort();

/** Every file under a directory, relative path -> bytes. */
function tree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/** Paths whose bytes differ between two trees (or that only one has). */
function differing(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort().filter((k) => !a.get(k) || !b.get(k) || !a.get(k)!.equals(b.get(k)!));
}

const hasTerraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;

/** `terraform plan` of the variable block as synthesized, plus outputs of the cluster expressions as synthesized. */
function terraformPlan(variable: unknown, outputs: Record<string, string>, value: string): { code: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "deepseek-vars-tf-"));
  writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ variable: { [ADMIN_CIDRS_VARIABLE]: variable }, output: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, { value: v }])) }));
  const run = spawnSync("terraform", ["plan", "-input=false", "-no-color", "-var", `${ADMIN_CIDRS_VARIABLE}=${value}`], { cwd: dir, encoding: "utf8", timeout: 60000, env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" } });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("deploy-time inputs are Terraform variables", () => {
  const outdir = defaultAppOutdir();
  const infraStacks = stacksOf(outdir).filter((s) => s.endsWith("-infra"));

  test("every infra stack of the default app declares admin_cidrs, typed, described and validated; no other stack does", () => {
    expect(infraStacks.length).toBe(5);
    for (const stack of stacksOf(outdir)) {
      const variables = stackJson(outdir, stack).variable;
      if (!stack.endsWith("-infra")) {
        expect(variables).toBeUndefined();
        continue;
      }
      expect(Object.keys(variables)).toEqual([ADMIN_CIDRS_VARIABLE]);
      const v = variables[ADMIN_CIDRS_VARIABLE];
      expect(v).toMatchObject({ type: "list(string)", default: [], nullable: false });
      expect(v.description).toMatch(/Kubernetes API/);
      expect(v.validation.map((x: { condition: string }) => x.condition)).toEqual(adminCidrsVariable().validation.map((x) => `\${${x.condition}}`));
    }
  });

  test("the clusters' API endpoints read the variable: EKS public access and its CIDRs, GKE private endpoint and authorized networks", () => {
    for (const stack of infraStacks) {
      const json = stackJson(outdir, stack);
      const eks = Object.values<any>(json.resource.aws_eks_cluster ?? {});
      const gke = Object.values<any>(json.resource.google_container_cluster ?? {});
      expect(eks.length + gke.length).toBe(1);
      for (const c of eks) expect(c.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: "${length(var.admin_cidrs) > 0}", public_access_cidrs: "${length(var.admin_cidrs) > 0 ? var.admin_cidrs : null}" });
      for (const c of gke) {
        expect(c.private_cluster_config.enable_private_endpoint).toBe("${length(var.admin_cidrs) == 0}");
        expect(c.master_authorized_networks_config.cidr_blocks).toBeUndefined();
        expect(c.master_authorized_networks_config.dynamic.cidr_blocks).toEqual({ for_each: "${var.admin_cidrs}", content: { cidr_block: "${cidr_blocks.value}", display_name: "admin" } });
      }
    }
  });

  test("the review says the API allow-list is given at deploy", () => {
    const review = JSON.parse(readFileSync(join(outdir, "review.json"), "utf8"));
    for (const p of review.placements) expect(p.posture).toMatchObject({ apiEndpoint: "allow-listed", apiAllowedCidrs: [], apiAllowedCidrsVariable: ADMIN_CIDRS_VARIABLE });
    expect(readFileSync(join(outdir, "review.md"), "utf8")).toMatch(/var\.admin_cidrs/);
  });

  (hasTerraform ? test : test.skip)("terraform plan: the validation refuses a /0, IPv6 and non-CIDRs, and the endpoint expressions follow the list", () => {
    const json = stackJson(outdir, "b200-us-aws-use2-infra");
    const variable = json.variable[ADMIN_CIDRS_VARIABLE];
    const eks = Object.values<any>(json.resource.aws_eks_cluster)[0].vpc_config;
    const gke = Object.values<any>(stackJson(outdir, "h200-eu-gcp-euw4-infra").resource.google_container_cluster)[0].private_cluster_config;
    // An empty list leaves public_access_cidrs null (Computed: EKS's own value is kept, no diff).
    const eksCidrsNull = `\${(${eks.public_access_cidrs.slice(2, -1)}) == null}`;
    const outputs = { eks_public: eks.endpoint_public_access, eks_cidrs: eks.public_access_cidrs, eks_cidrs_null: eksCidrsNull, gke_private: gke.enable_private_endpoint };

    const open = terraformPlan(variable, outputs, '["203.0.113.0/24","0.0.0.0/0"]');
    expect(open.code).toBe(1);
    expect(open.output).toMatch(/must not hold a \/0/);
    for (const bad of ['["2001:db8::/32"]', '["office"]', '["203.0.113.7"]', '["::ffff:0.0.0.0/96"]']) {
      const r = terraformPlan(variable, outputs, bad);
      expect({ bad, code: r.code }).toEqual({ bad, code: 1 });
      expect(r.output).toMatch(/must be an IPv4 CIDR/);
    }
    const zeroZero = terraformPlan(variable, outputs, '["0.0.0.0/00"]');
    expect(zeroZero.code).toBe(1);
    expect(zeroZero.output).toMatch(/must not hold a \/0/);
    const hostBits = terraformPlan(variable, outputs, '["203.0.113.7/24"]');
    expect(hostBits.code).toBe(1);
    expect(hostBits.output).toMatch(/network address, without host bits/);
    const allowed = terraformPlan(variable, outputs, '["203.0.113.0/24"]');
    expect(allowed.code).toBe(0);
    expect(allowed.output).toMatch(/eks_public\s+= true/);
    expect(allowed.output).toMatch(/eks_cidrs_null\s+= false/);
    expect(allowed.output).toMatch(/gke_private\s+= false/);
    const none = terraformPlan(variable, outputs, "[]");
    expect(none.code).toBe(0);
    expect(none.output).toMatch(/eks_public\s+= false/);
    expect(none.output).toMatch(/eks_cidrs_null\s+= true/);
    expect(none.output).toMatch(/gke_private\s+= true/);
  }, 120000);

  (hasTerraform ? test : test.skip)("the README's three ways: TF_VAR_ and a tfvars file pass stacks without the variable, -var does not", () => {
    const dir = mkdtempSync(join(tmpdir(), "deepseek-vars-ways-"));
    writeFileSync(join(dir, "main.tf.json"), JSON.stringify({ output: { x: { value: 1 } } }));
    writeFileSync(join(dir, "deploy.tfvars"), 'admin_cidrs = ["203.0.113.0/24"]\n');
    const plan = (args: string[], env: Record<string, string> = {}) => spawnSync("terraform", ["plan", "-input=false", "-no-color", ...args], {
      cwd: dir, encoding: "utf8", timeout: 60000, env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", ...env },
    });
    expect(plan([], { TF_VAR_admin_cidrs: '["203.0.113.0/24"]' }).status).toBe(0);
    const file = plan([`-var-file=${join(dir, "deploy.tfvars")}`]);
    expect(file.status).toBe(0);
    expect(`${file.stdout}${file.stderr}`).toMatch(/Value for undeclared variable/);
    const cli = plan(["-var", 'admin_cidrs=["203.0.113.0/24"]']);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/Error: Value for undeclared variable/);
  }, 120000);

  // It synthesizes from the compiled build (.cache/synth), in a child with another environment. It
  // once failed under load: another jest worker, started on the same stale build, deleted and
  // rebuilt .cache/synth while this child loaded it. scripts/synth.js now builds under a lock and
  // checks the stamp again inside it (test/app/compiled-synth.test.ts races four processes).
  test("the synth does not depend on the environment: a synth with the old variables set is byte-identical", () => {
    execFileSync(process.execPath, [join(ROOT, "scripts", "synth.js"), "--build-only"], { cwd: ROOT });
    const other = mkdtempSync(join(tmpdir(), "deepseek-env-synth-"));
    const script = `require(${JSON.stringify(join(ROOT, ".cache", "synth", "stacks", "default-app.js"))}).buildDefaultApp(process.argv[1]).synth()`;
    execFileSync(process.execPath, ["-e", script, other], {
      cwd: ROOT,
      env: { ...process.env, DEEPSEEK_ADMIN_CIDRS: "203.0.113.0/24,198.51.100.0/24", DEEPSEEK_GCP_PROJECT: "acme-prod-123", TF_VAR_admin_cidrs: '["203.0.113.0/24"]' },
    });
    const base = tree(outdir);
    expect(base.size).toBeGreaterThan(20);
    expect(differing(base, tree(other))).toEqual([]);
  }, 120000);

  test("planted fault: allow-lists read at synth (the old way) make the comparison fail", () => {
    const props = (cidrs: readonly string[]): DeepSeekClusterProps => ({
      model: "deepseek-r1-0528", jurisdiction: "us",
      placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200", name: "aws-use2", ...(cidrs.length ? { aws: { publicAccessCidrs: [...cidrs] } } : {}) }],
      endpoint: { hostname: "api.acme.io" },
    });
    const synth = (cidrs: readonly string[]): Map<string, Buffer> => {
      const dir = mkdtempSync(join(tmpdir(), "deepseek-env-fault-"));
      const app = new DeepSeekApp({ outdir: dir });
      new DeepSeekCluster(app, "c", props(cidrs));
      app.synth();
      return tree(dir);
    };
    const changed = differing(synth([]), synth(["203.0.113.0/24"]));
    expect(changed).toEqual(expect.arrayContaining([join("stacks", "c-aws-use2-infra", "cdk.tf.json"), "review.json", "review.md"]));
  }, 60000);
});

describe("the synth summary", () => {
  test("names each deploy-time input and how to give it", () => {
    const { synthSummary } = require("../../lib/app/synth-summary") as typeof import("../../lib/app/synth-summary");
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "deepseek-vars-summary-")) });
    new DeepSeekCluster(app, "c", { model: "deepseek-r1-0528", adminCidrs: "variable", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }], endpoint: { hostname: "api.acme.io" } });
    app.synth();
    expect(synthSummary(app)).toContain('Deploy-time input: admin_cidrs in 1 stack, given at deploy (TF_VAR_admin_cidrs or a tfvars file; README "Deploy-time inputs")\n');
    const plain = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "deepseek-vars-summary-")) });
    new DeepSeekCluster(plain, "c", { model: "deepseek-r1-0528", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }], endpoint: { hostname: "api.acme.io" } });
    plain.synth();
    expect(synthSummary(plain)).not.toContain("Deploy-time input");
  }, 60000);
});

describe("planDeployInputs", () => {
  const base: DeepSeekClusterProps = {
    model: "deepseek-r1-0528", adminCidrs: "variable",
    placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xH200" }, { cloud: "gcp", region: "us-central1", hardware: "8xH200", gcp: { project: "acme-prod-123" } }],
    endpoint: { hostname: "api.acme.io" },
  };

  test("plans admin_cidrs for every placement, and the review posture names it", () => {
    const plan = planCluster(base);
    for (const p of plan.placementPlans) {
      expect(p.deployInputs.adminCidrs?.name).toBe(ADMIN_CIDRS_VARIABLE);
      expect(p.posture).toMatchObject({ apiEndpoint: "allow-listed", apiAllowedCidrs: [], apiAllowedCidrsVariable: ADMIN_CIDRS_VARIABLE });
    }
    const without = planCluster({ ...base, adminCidrs: undefined });
    for (const p of without.placementPlans) {
      expect(p.deployInputs).toEqual({});
      expect(p.posture.apiEndpoint).toBe("private");
    }
  });

  test.each([
    ["placements.0.aws.publicAccessCidrs", { aws: { publicAccessCidrs: ["203.0.113.0/24"] } }, 0],
    ["placements.1.gcp.authorizedNetworks", { gcp: { project: "acme-prod-123", authorizedNetworks: [{ cidr: "203.0.113.0/24", name: "x" }] } }, 1],
    ["placements.1.gcp.privateEndpoint", { gcp: { project: "acme-prod-123", privateEndpoint: false } }, 1],
  ])("refuses %s beside the variable (one source per endpoint)", (path, extra, i) => {
    const placements = base.placements.map((p, j) => (j === i ? { ...p, ...extra } : p));
    let error: unknown;
    try {
      planCluster({ ...base, placements } as DeepSeekClusterProps);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    expect((error as DeepSeekConfigError).path).toBe(path);
    expect((error as Error).message).toMatch(/TF_VAR_admin_cidrs/);
  });

  test("refuses any other value of adminCidrs", () => {
    expect(() => planCluster({ ...base, adminCidrs: "203.0.113.0/24" as never })).toThrow(DeepSeekConfigError);
  });
});


describe("the review of the variable", () => {
  const { diffPosture } = require("../../lib/review/diff") as typeof import("../../lib/review/diff");
  const { apiEndpointLabel } = require("../../lib/review/markdown") as typeof import("../../lib/review/markdown");
  const variable = { apiEndpoint: "allow-listed" as const, apiAllowedCidrs: [], apiAllowedCidrsVariable: ADMIN_CIDRS_VARIABLE };
  const literal = { apiEndpoint: "allow-listed" as const, apiAllowedCidrs: ["203.0.113.0/24"] };

  test("is labelled as given at deploy, and moving to it from private or a literal list is a weakening", () => {
    expect(apiEndpointLabel(variable)).toMatch(/^private unless `var\.admin_cidrs` lists CIDRs at deploy/);
    expect(diffPosture("p", { apiEndpoint: "private" }, variable)).toEqual([expect.objectContaining({ field: "posture.apiEndpoint", severity: "weakening" })]);
    expect(diffPosture("p", literal, variable)).toEqual([expect.objectContaining({ field: "posture.apiAllowedCidrsVariable", severity: "weakening", text: expect.stringMatching(/was allow-listed \(203\.0\.113\.0\/24\)/) })]);
    expect(diffPosture("p", variable, literal)).toEqual([expect.objectContaining({ field: "posture.apiAllowedCidrsVariable", severity: "info" })]);
    expect(diffPosture("p", variable, variable)).toEqual([]);
  });
});
