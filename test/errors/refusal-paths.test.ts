import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps, planCluster, planDeployment } from "../../lib";
import { EksInfra } from "../../lib/aws";
import { GkeInfra } from "../../lib/gcp";
import { refusal } from "../support/refusal";

// Refusals name the field as the user wrote it by construction: the planners build every path
// from the caller's PathOf, and nothing in lib/ catches a refusal to rewrite its path.

const base: DeepSeekClusterProps = {
  model: "deepseek-r1-0528",
  placements: [
    { cloud: "gcp", region: "europe-west4", hardware: "8xH200", gcp: { project: "my-project-123" }, allowDivergence: ["precision", "kvCacheDtype"] },
    { cloud: "aws", region: "us-east-2", hardware: "8xB200", allowDivergence: ["precision", "kvCacheDtype"] },
  ],
  endpoint: { hostname: "api.example.com" },
};

/** The base cluster with one placement's cloud settings replaced (a planted fault). */
function withCloud(i: 0 | 1, settings: object): DeepSeekClusterProps {
  const placements = base.placements.map((p, j) => (j !== i ? p : { ...p, ...(p.cloud === "aws" ? { aws: settings } : { gcp: { project: "my-project-123", ...settings } }) }));
  return { ...base, placements };
}

const FAULTS: readonly { readonly name: string; readonly props: DeepSeekClusterProps; readonly path: string; readonly problem: RegExp }[] = [
  { name: "VPC CIDR not a /16", props: withCloud(1, { vpcCidr: "10.64.0.0/24" }), path: "placements.1.aws.vpcCidr", problem: /must be a \/16/ },
  { name: "public API open to the internet", props: withCloud(1, { publicAccessCidrs: ["203.0.113.0/24", "0.0.0.0/0"] }), path: "placements.1.aws.publicAccessCidrs.1", problem: /whole internet/ },
  { name: "network zones outside the region", props: withCloud(1, { networkZones: ["us-east-2a", "eu-west-1a"] }), path: "placements.1.aws.networkZones.1", problem: /is not a zone of us-east-2/ },
  // Planned by the GPU node group planner inside planEksInfra (it was once left unrooted).
  { name: "placement group on a single-node replica", props: withCloud(1, { placementGroupName: "pg" }), path: "placements.1.aws.placementGroupName", problem: /multi-node replicas only/ },
  { name: "GKE project number not numeric", props: withCloud(0, { projectNumber: "my-project" }), path: "placements.0.gcp.projectNumber", problem: /is not a project number/ },
  { name: "GKE control plane open to the internet", props: withCloud(0, { authorizedNetworks: [{ cidr: "0.0.0.0/0", name: "all" }] }), path: "placements.0.gcp.authorizedNetworks.0.cidr", problem: /whole internet/ },
  { name: "GKE GPU pool option", props: withCloud(0, { gpuPool: { bootDiskSizeGb: 20 } }), path: "placements.0.gcp.gpuPool.bootDiskSizeGb", problem: /outside 100-65536 GB/ },
  {
    name: "GKE existing networks with too few NIC networks",
    props: withCloud(0, { existingNetwork: { network: "n", subnetwork: "s", podsRangeName: "p", servicesRangeName: "v", additionalNetworks: [] } }),
    path: "placements.0.gcp.existingNetwork.additionalNetworks", problem: /extra NICs/,
  },
  { name: "GKE bucket name", props: withCloud(0, { bucketName: "Not_A_Bucket" }), path: "placements.0.gcp.bucketName", problem: /is not a valid Cloud Storage bucket name/ },
];

describe("infra refusals carry the user's own path", () => {
  test("the unfaulted cluster plans (so each refusal below is the planted fault's)", () => {
    expect(planCluster(base).placementPlans.map((p) => p.infra.cloud)).toEqual(["gcp", "aws"]);
  });

  test.each(FAULTS)("planCluster: $name -> $path", ({ props, path, problem }) => {
    const e = refusal(() => planCluster(props));
    expect(e.path).toBe(path);
    expect(e.problem).toMatch(problem);
  });

  test.each(FAULTS)("DeepSeekCluster: $name -> prod.$path", ({ props, path, problem }) => {
    const e = refusal(() => new DeepSeekCluster(new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "refusal-paths-")) }), "prod", props));
    expect(e.path).toBe(`prod.${path}`);
    expect(e.problem).toMatch(problem);
  });

  test("EksInfra / GkeInfra alone: refusals at <their id>.<option>", () => {
    const aws = planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
    const gcp = planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });
    expect(refusal(() => Testing.synthScope((s) => { EksInfra.fromOptions(s, "eks", { plan: aws, vpcCidr: "10.64.0.0/24" }); })).path).toBe("eks.vpcCidr");
    expect(refusal(() => Testing.synthScope((s) => { GkeInfra.fromOptions(s, "gke", { plan: gcp, project: "my-project-123", gpuPool: { bootDiskSizeGb: 20 } }); })).path).toBe("gke.gpuPool.bootDiskSizeGb");
  });
});

/** Catch blocks of a source file that rethrow a caught DeepSeekConfigError (re-rooting it, or passing it on). */
function reRootingCatches(src: string): string[] {
  const found: string[] = [];
  for (const m of src.matchAll(/catch\s*(?:\(\s*\w+[^)]*\))?\s*\{/g)) {
    // The catch body: up to its matching brace.
    let depth = 1;
    let i = m.index + m[0].length;
    for (; i < src.length && depth > 0; i++) depth += src[i] === "{" ? 1 : src[i] === "}" ? -1 : 0;
    const body = src.slice(m.index + m[0].length, i - 1);
    if (/instanceof DeepSeekConfigError/.test(body) && /\bthrow\b/.test(body)) found.push(body.trim().slice(0, 80));
  }
  return found;
}

describe("no refusal is re-rooted after the fact", () => {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });

  test("no catch block in lib/ rethrows a DeepSeekConfigError", () => {
    const offenders = files(join(__dirname, "../../lib")).flatMap((file) => reRootingCatches(readFileSync(file, "utf8")).map((body) => `${file}: ${body}`));
    expect(offenders).toEqual([]);
  });

  test("the scan finds a planted re-rooting catch, and passes a catch that only reports", () => {
    expect(reRootingCatches("try { f(); } catch (e) {\n  if (x) { y(); }\n  throw e instanceof DeepSeekConfigError ? e.withPath(\"a\") : e;\n}")).toHaveLength(1);
    expect(reRootingCatches("try { f(); } catch (e) {\n  if (e instanceof DeepSeekConfigError) { report(e); return 1; }\n  return 2;\n}")).toEqual([]);
  });
});
