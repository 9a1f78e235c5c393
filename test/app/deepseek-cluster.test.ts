import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { Testing } from "cdktf";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps, DeepSeekConfigError } from "../../lib";

const euTwoCloud: DeepSeekClusterProps = {
  model: "deepseek-r1-0528",
  jurisdiction: "eu",
  placements: [
    { cloud: "gcp", region: "europe-west1", hardware: "8xH200", name: "gke", gcp: { project: "my-project-123" } },
    { cloud: "aws", region: "eu-north-1", hardware: "8xH200", name: "eks" },
  ],
  endpoint: { hostname: "api.example.eu", route53ZoneId: "Z0123456789EXAMPLE" },
};

type Json = Record<string, any>;  
const synthJson = (stack: Parameters<typeof Testing.synth>[0]): Json => JSON.parse(Testing.synth(stack));

describe("DeepSeekCluster", () => {
  const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "cluster-")) });
  const cluster = new DeepSeekCluster(app, "eu", euTwoCloud);

  test("creates infra and serving stacks per placement, in placement order, plus the global DNS stack", () => {
    expect(cluster.placements.map((p) => [p.infra.node.id, p.serving.node.id])).toEqual([
      ["eu-gke-infra", "eu-gke-serving"],
      ["eu-eks-infra", "eu-eks-serving"],
    ]);
    expect(cluster.globalStack?.node.id).toBe("eu-global");
  });

  test("the serving stack talks to its cluster through the infra stack's outputs, with no token in state", () => {
    const [, eks] = cluster.placements;
    const serving = synthJson(eks.serving);
    const helm = serving.provider.helm[0].kubernetes;
    expect(helm.exec).toMatchObject({ command: "aws", args: expect.arrayContaining(["eks", "get-token", "--region", "eu-north-1"]) });
    expect(helm.host).toMatch(/^\$\{/);
    expect(JSON.stringify(serving)).not.toMatch(/"token"/);
  });

  test("the global stack routes by latency with a health check per placement", () => {
    const global = synthJson(cluster.globalStack!);
    const records = Object.values(global.resource.aws_route53_record) as Json[];
    const globalRecords = records.filter((r) => r.name === "api.example.eu");
    expect(globalRecords.map((r) => [r.set_identifier, r.latency_routing_policy.region]).sort()).toEqual([
      ["aws-eu-north-1", "eu-north-1"],
      ["gcp-europe-west1", "eu-west-3"],
    ]);
    expect(globalRecords.every((r) => typeof r.health_check_id === "string")).toBe(true);
    const checks = Object.values(global.resource.aws_route53_health_check) as Json[];
    expect(checks.map((c) => [c.fqdn, c.resource_path, c.type]).sort()).toEqual([
      ["aws-eu-north-1.api.example.eu", "/health", "HTTPS"],
      ["gcp-europe-west1.api.example.eu", "/health", "HTTPS"],
    ]);
    expect(global.provider.aws[0].region).toBe("eu-north-1");
  });

  test("registers both placements for the review with their stacks and posture", () => {
    expect(app.placements.map((p) => [p.plan.id, p.info.stacks])).toEqual([
      ["gcp-europe-west1", ["eu-gke-infra", "eu-gke-serving"]],
      ["aws-eu-north-1", ["eu-eks-infra", "eu-eks-serving"]],
    ]);
    expect(app.placements[1].info.posture).toMatchObject({ apiEndpoint: "private", secretsEncryption: true, imdsV2: true, authentication: true });
    expect(app.placements[1].info.posture?.checksEnabled).toEqual(expect.arrayContaining(["region-lock", "deploy-check:serving"]));
  });
});

describe("region lock across the whole tree", () => {
  function lockedApp(): { app: DeepSeekApp; cluster: DeepSeekCluster; outdir: string } {
    const outdir = mkdtempSync(join(tmpdir(), "lock-"));
    const app = new DeepSeekApp({ outdir });
    const cluster = new DeepSeekCluster(app, "eu", euTwoCloud);
    return { app, cluster, outdir };
  }

  test("a provider a consumer adds to an EU-locked stack fails synth, names the construct, writes nothing", () => {
    const { app, cluster, outdir } = lockedApp();
    new AwsProvider(cluster.placements[1].infra, "x", { region: "us-east-1", alias: "x" });
    expect(() => app.synth()).toThrow(DeepSeekConfigError);
    expect(() => app.synth()).toThrow(/^eu-eks-infra\/x\.region: places an AWS resource outside the "eu" jurisdiction/);
    // cdktf creates the empty stacks/ folder up front; no stack may have been written into it.
    expect(readdirSync(join(outdir, "stacks"))).toEqual([]);
    expect(existsSync(join(outdir, "review.md"))).toBe(false);
  });

  test("a bucket in another region fails", () => {
    const { app, cluster } = lockedApp();
    new S3Bucket(cluster.placements[1].infra, "stray", { bucket: "stray", region: "us-west-2" });
    expect(() => app.synth()).toThrow(/^eu-eks-infra\/stray\.region: /);
  });
});

describe("refusals", () => {
  const newApp = () => new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "bad-")) });

  test("a divergent image across placements", () => {
    const props: DeepSeekClusterProps = { ...euTwoCloud, placements: [euTwoCloud.placements[0], { ...euTwoCloud.placements[1], image: { tag: "1.3.0rc13" } }] };
    expect(() => new DeepSeekCluster(newApp(), "eu", props)).toThrow(/^eu\.placements\.1\.image: serves a different image than placements\.0/);
  });

  test("a divergent precision across placements", () => {
    const props: DeepSeekClusterProps = {
      model: "deepseek-r1-0528",
      placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }, { cloud: "gcp", region: "us-central1", hardware: "8xH200", gcp: { project: "my-project-123" } }],
      endpoint: { hostname: "api.example.com" },
    };
    expect(() => new DeepSeekCluster(newApp(), "mixed", props)).toThrow(/^mixed\.placements\.1\.hardware: serves a different precision/);
    expect(() => new DeepSeekCluster(newApp(), "mixed", { ...props, allowDivergence: ["precision"] })).not.toThrow();
  });

  test("a GCP placement without its project", () => {
    const props = { ...euTwoCloud, placements: [{ cloud: "gcp", region: "europe-west1", hardware: "8xH200" }] } as DeepSeekClusterProps;
    expect(() => new DeepSeekCluster(newApp(), "eu", props)).toThrow('eu.placements.0.gcp: is required for a GCP placement (the project to deploy into) (got undefined); set gcp: { project: "<project id>" }');
  });

  test("a bad hostname", () => {
    expect(() => new DeepSeekCluster(newApp(), "eu", { ...euTwoCloud, endpoint: { hostname: "not a host" } })).toThrow('endpoint.hostname: is not a DNS name (got "not a host"); use a name such as api.example.com');
  });

  test("an error inside a placement's infra names the placement", () => {
    const props: DeepSeekClusterProps = { ...euTwoCloud, placements: [euTwoCloud.placements[0], { ...euTwoCloud.placements[1], aws: { publicAccessCidrs: ["0.0.0.0/0"] } }] };
    let error: unknown;
    try {
      new DeepSeekCluster(newApp(), "eu", props);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeepSeekConfigError);
    expect((error as DeepSeekConfigError).path).toBe("eu.placements.1.aws.publicAccessCidrs.0");
  });
});

describe("review output", () => {
  test("synth writes review.md and review.json beside stacks/", () => {
    const outdir = mkdtempSync(join(tmpdir(), "review-"));
    const app = new DeepSeekApp({ outdir });
    new DeepSeekCluster(app, "eu", euTwoCloud);
    app.synth();
    expect(readFileSync(join(outdir, "review.md"), "utf8")).toContain("```mermaid");
    expect(JSON.parse(readFileSync(join(outdir, "review.json"), "utf8")).placements).toHaveLength(2);
  });
});

describe("capacity DeepSeekCluster cannot serve", () => {
  test("queued provisioning needs ProvisioningRequests the cluster does not emit", () => {
    const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "queued-")) });
    const props: DeepSeekClusterProps = {
      model: "deepseek-r1",
      placements: [{ cloud: "gcp", region: "us-central1", hardware: "8xH200", replicas: { min: 0, max: 1 }, capacity: { kind: "queued" }, gcp: { project: "my-project-123" } }],
      endpoint: { hostname: "api.example.com" },
    };
    expect(() => new DeepSeekCluster(app, "q", props)).toThrow('q.placements.0.capacity.kind: hands out nodes only through ProvisioningRequest objects, which DeepSeekCluster does not emit (got "queued"); use "flex-start", "reservation" or "on-demand"; or build the pool with GkeGpuNodePool and create the ProvisioningRequest yourself');
  });
});
