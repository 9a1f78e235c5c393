import { spawnSync } from "child_process";
import { readFileSync } from "fs";
import { join } from "path";

/*
 * A consumer using one cloud does not need the other cloud's provider package: each per-cloud
 * entry point is imported in a child process whose module resolver refuses the other package.
 */
const ROOT = join(__dirname, "..", "..");

function runWithBlocked(blocked: string, body: string) {
  const script = `
    const Module = require("module");
    const original = Module._resolveFilename;
    Module._resolveFilename = function (request, ...rest) {
      if (request === ${JSON.stringify(blocked)} || request.startsWith(${JSON.stringify(`${blocked}/`)})) {
        const err = new Error("Cannot find module '" + request + "' (blocked by the footprint test)");
        err.code = "MODULE_NOT_FOUND";
        throw err;
      }
      return original.call(this, request, ...rest);
    };
    ${body}
  `;
  return spawnSync(process.execPath, ["-r", "tsx/cjs", "-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
}

const consumer = (entry: string, build: string) => `
  const lib = require(${JSON.stringify(join(ROOT, "lib", entry))});
  const { App, TerraformStack } = require("cdktf");
  const fs = require("fs"), os = require("os"), path = require("path");
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "deepseek-footprint-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "consumer");
  ${build}
  app.synth();
  const synth = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "consumer", "cdk.tf.json"), "utf8"));
  fs.rmSync(outdir, { recursive: true, force: true });
  console.log("RESOURCES " + Object.keys(synth.resource).join(","));
`;

describe("install footprint: one cloud, one provider package", () => {
  it("the blocking hook really blocks (control: importing the blocked package fails)", () => {
    const aws = runWithBlocked("@cdktf/provider-aws", `require("@cdktf/provider-aws/lib/eks-cluster");`);
    expect(aws.status).not.toBe(0);
    expect(aws.stderr).toContain("blocked by the footprint test");
    const google = runWithBlocked("@cdktf/provider-google", `require("@cdktf/provider-google/lib/container-cluster");`);
    expect(google.status).not.toBe(0);
    expect(google.stderr).toContain("blocked by the footprint test");
  }, 60_000);

  it("cdktf-deepseek/aws builds and synthesizes EksInfra without @cdktf/provider-google", () => {
    const r = runWithBlocked("@cdktf/provider-google", consumer("aws.ts", `
      const plan = lib.planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
      const { AwsProvider } = require(${JSON.stringify(join(ROOT, "lib", "internal", "providers", "aws"))});
      new AwsProvider(stack, "aws", { region: "us-east-2" });
      new lib.EksInfra(stack, "eks", { plan, infra: lib.planEksInfra(plan) });
    `));
    expect(r.stderr).not.toContain("blocked by the footprint test");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/RESOURCES .*aws_eks_cluster/);
  }, 60_000);

  it("cdktf-deepseek/gcp builds and synthesizes GkeInfra without @cdktf/provider-aws", () => {
    const r = runWithBlocked("@cdktf/provider-aws", consumer("gcp.ts", `
      const plan = lib.planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });
      const { GoogleProvider } = require(${JSON.stringify(join(ROOT, "lib", "internal", "providers", "google"))});
      new GoogleProvider(stack, "google", { project: "my-proj", region: "europe-west4" });
      new lib.GkeInfra(stack, "gke", { plan, infra: lib.planGkeInfra(plan, { project: "my-proj", projectNumber: "123456789012" }) });
    `));
    expect(r.stderr).not.toContain("blocked by the footprint test");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/RESOURCES .*google_container_cluster/);
  }, 60_000);

  it("package.json: provider packages are peer dependencies, the cloud ones optional", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    for (const p of ["@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-helm", "@cdktf/provider-kubernetes"]) {
      expect(pkg.peerDependencies[p]).toBeDefined();
      expect(pkg.dependencies?.[p]).toBeUndefined();
    }
    expect(pkg.peerDependenciesMeta).toMatchObject({ "@cdktf/provider-aws": { optional: true }, "@cdktf/provider-google": { optional: true } });
    expect(pkg.exports["./aws"]).toBeDefined();
    expect(pkg.exports["./gcp"]).toBeDefined();
  });
});
