// Moving a stack's state from the default local file to a shared backend, as README "State" says,
// done with terraform itself on a stack holding only a terraform_data (Terraform's built-in
// provider: no download, no cloud). A synth replaces cdktf.out whole, so the `.terraform` folder
// that remembered the old backend is gone: `terraform init -migrate-state` then finds nothing to
// migrate and the plan creates everything again (for the real stacks: a second set of GPU
// clusters). `terraform state push` of the old file is what carries the state over.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp } from "../../lib";
import { TerraformData } from "../../lib/internal/terraform-data";
import { TerraformStack } from "../../lib/internal/tf";
import { hasTerraform } from "../support/terraform-eval";

const env = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
const tf = (cwd: string, ...args: string[]) => {
  const r = spawnSync("terraform", [...args, "-no-color"], { cwd, encoding: "utf8", timeout: 120_000, env });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

/** The project folder with cdktf.out synthesized from one stack, `gpu`, with local state (the default). */
function synth(project: string): string {
  const app = new DeepSeekApp({ outdir: join(project, "cdktf.out") });
  new TerraformData(new TerraformStack(app, "gpu"), "cluster", { input: { name: "prod-aws-use2" } });
  app.synth();
  return join(project, "cdktf.out", "stacks", "gpu");
}

/** The stack as the synth that sets a shared backend writes it; a second local path stands in for S3/GCS (no network here). */
function switchBackend(stackDir: string, project: string): void {
  const file = join(stackDir, "cdk.tf.json");
  const json = JSON.parse(readFileSync(file, "utf8"));
  mkdirSync(join(project, "shared"), { recursive: true });
  json.terraform.backend = { local: { path: join(project, "shared", "gpu.tfstate") } };
  writeFileSync(file, JSON.stringify(json));
}

describe("moving local state to a shared backend (README \"State\")", () => {
  (hasTerraform ? test : test.skip)("init -migrate-state after a synth migrates nothing; state push of the local file carries it (runs when terraform is on PATH)", () => {
    const project = mkdtempSync(join(tmpdir(), "deepseek-migrate-"));
    let stack = synth(project);
    expect(JSON.parse(readFileSync(join(stack, "cdk.tf.json"), "utf8")).terraform.backend).toEqual({ local: { path: "../../../terraform.gpu.tfstate" } });
    expect(tf(stack, "init", "-input=false").code).toBe(0);
    expect(tf(stack, "apply", "-auto-approve", "-input=false").out).toMatch(/Apply complete! Resources: 1 added/);
    expect(existsSync(join(project, "terraform.gpu.tfstate"))).toBe(true);

    // The synth that sets the backend replaces cdktf.out, .terraform included.
    stack = synth(project);
    switchBackend(stack, project);
    expect(existsSync(join(stack, ".terraform"))).toBe(false);
    expect(tf(stack, "init", "-migrate-state", "-input=false").code).toBe(0);
    expect(tf(stack, "plan", "-input=false").out).toMatch(/Plan: 1 to add, 0 to change, 0 to destroy/);

    // What the README says to do instead.
    expect(tf(stack, "state", "push", join(project, "terraform.gpu.tfstate")).code).toBe(0);
    expect(tf(stack, "plan", "-input=false").out).toMatch(/No changes/);
  }, 240_000);
});
