import { bundledObjects } from "./../support/manifests";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildConsumerApp } from "../../examples/consumer-eks/main";

describe("examples/consumer-eks", () => {
  const outdir = mkdtempSync(join(tmpdir(), "consumer-"));
  beforeAll(() => buildConsumerApp(outdir).synth());

  test("synthesizes the consumer's GPU pool and serving stacks", () => {
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["consumer-gpu-pool", "consumer-serving"]);
  });

  test("the GPU pool joins the consumer's cluster and subnet, with 32 EFA interfaces for 2x8xH100", () => {
    const pool = JSON.parse(readFileSync(join(outdir, "stacks", "consumer-gpu-pool", "cdk.tf.json"), "utf8"));
    const groups = Object.values(pool.resource.aws_eks_node_group) as { cluster_name: string; subnet_ids: string[] }[];
    expect(groups.map((g) => [g.cluster_name, g.subnet_ids])).toEqual([["platform-prod", ["subnet-0aaaabbbbccccdddd"]]]);
    const templates = Object.values(pool.resource.aws_launch_template) as { network_interfaces: { interface_type: string }[] }[];
    expect(templates[0].network_interfaces).toHaveLength(32);
  });

  test("the serving stack installs a LeaderWorkerSet chart through the consumer's cluster", () => {
    const serving = JSON.parse(readFileSync(join(outdir, "stacks", "consumer-serving", "cdk.tf.json"), "utf8"));
    expect(serving.provider.helm[0].kubernetes.host).toBe("https://0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com");
    const lws = bundledObjects(serving).map((e) => e.object).find((o) => o.kind === "LeaderWorkerSet");
    expect(lws?.spec.leaderWorkerTemplate.size).toBe(2);
  });
});
