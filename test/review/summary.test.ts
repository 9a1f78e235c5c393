import { planDeployment } from "../../lib/plan/index";
import { estimateCost, renderMermaid, renderReviewMarkdown, reviewModel, ReviewModel } from "../../lib/review";
import { B200_AWS, H200_GCP_EU, SECURE, model } from "./fixtures";

describe("reviewModel and renderReviewMarkdown of 8xB200 aws us-east-2 + 8xH200 gcp europe-west4", () => {
  let review: ReviewModel;
  let md: string;
  beforeAll(() => {
    review = model(
      [B200_AWS, { stacks: ["b200-aws-us-infra", "b200-aws-us-serving"], endpoint: { exposure: "private", port: 8000 }, posture: SECURE }],
      [H200_GCP_EU, { stacks: ["h200-gke-eu-infra"], posture: { apiEndpoint: "allow-listed", apiAllowedCidrs: ["203.0.113.0/24"], imdsV2: true, secretsEncryption: false } }],
    );
    md = renderReviewMarkdown(review);
  });

  test("the model carries the plan's decisions per placement", () => {
    const [aws, gcp] = review.placements;
    expect(aws).toMatchObject({
      id: "aws-us-east-2", cloud: "aws", region: "us-east-2", jurisdiction: null, hardware: "8xB200", nodeType: "p6-b200.48xlarge",
      nodesPerReplica: 1, replicas: { min: 1, max: 2 }, nodes: { min: 1, max: 2 }, gpus: { min: 8, max: 16 },
      tensorParallel: 8, expertParallel: 8, pipelineParallel: 1, attentionDataParallel: true,
      checkpoint: "nvidia/DeepSeek-R1-NVFP4-v2", precision: "nvfp4", kvCacheDtype: "fp8", mode: "throughput", capacityKind: "on-demand",
      endpoint: { exposure: "private", port: 8000 }, stacks: ["b200-aws-us-infra", "b200-aws-us-serving"],
    });
    expect(gcp).toMatchObject({ id: "gcp-europe-west4", jurisdiction: "eu", nodeType: "a3-ultragpu-8g", precision: "fp8", endpoint: null });
    expect(aws.kvCapacityTokens).toEqual(planDeployment(B200_AWS).kvCapacityTokens);
    expect(JSON.parse(JSON.stringify(review))).toEqual(review);
  });

  test("cost arithmetic matches a hand calculation", () => {
    // Hand calculation, on-demand prices from lib/catalog/prices.ts (estimates, 2026-11):
    //   p6-b200.48xlarge $113.93/h: 1 node = $113.93 at min, 2 nodes = $227.86 at max
    //   (us-east-2 shares us-east-1's price list)
    //   a3-ultragpu-8g   $84.81/h in us-central1 only: europe-west4 has no price (never a US rate for an EU region)
    const [aws, gcp] = review.placements;
    expect(aws.cost).toMatchObject({ usdPerNodeHour: 113.93, usdPerHourAtMin: 113.93, usdPerHourAtMax: 227.86, basis: "on-demand", asOf: "2026-11", confirmed: false });
    expect(gcp.cost).toBeNull();
    expect(review.totals).toEqual({ gpus: { min: 16, max: 32 }, costUsdPerHour: { min: 113.93, max: 227.86 }, unpriced: ["gcp-europe-west4"] });
    // The same GCP placement in us-central1 is priced.
    expect(estimateCost({ ...planDeployment(H200_GCP_EU), region: "us-central1" })).toMatchObject({ usdPerNodeHour: 84.81, usdPerHourAtMin: 84.81, usdPerHourAtMax: 169.62 });
  });

  test("a Capacity Block uses its own rate, an unknown node type has no price", () => {
    // Capacity Block p6-b200 ≈ $98.84/h (aws.amazon.com/ec2/capacityblocks/pricing); reservation of 4 nodes, default replicas 1–2:
    //   1 × 98.84 = $98.84 at min, 2 × 98.84 = $197.68 at max
    const cb = planDeployment({ ...B200_AWS, capacity: { kind: "capacity-block", id: "cr-0123abcd", zone: "us-east-2a", nodes: 4 } });
    expect(estimateCost(cb)).toMatchObject({ basis: "capacity-block", usdPerNodeHour: 98.84, usdPerHourAtMin: 98.84, usdPerHourAtMax: 197.68 });
    const unpriced = reviewModel([{ plan: { ...planDeployment(B200_AWS), nodeType: "p9.mystery" }, info: {} }]);
    expect(unpriced.placements[0].cost).toBeNull();
    expect(unpriced.totals).toMatchObject({ costUsdPerHour: null, unpriced: ["aws-us-east-2"] });
    expect(renderReviewMarkdown(unpriced)).toContain("no cost estimate (not counted, no price for aws-us-east-2)");
  });

  test("the Markdown renders the expected lines", () => {
    const expected = [
      "# DeepSeek deployment review",
      "2 placements · GPUs 16 at min, 32 at max · estimated $113.93–$227.86 per hour (not counted, no price for gcp-europe-west4)",
      "| | `aws-us-east-2` | `gcp-europe-west4` |",
      "| Jurisdiction | none | EU |",
      "| Hardware | 8xB200 on p6-b200.48xlarge | 8xH200 on a3-ultragpu-8g |",
      "| Nodes per replica | 1 | 1 |",
      "| Replicas | 1–2 | 1–2 |",
      "| GPUs | 8 at min, 16 at max | 8 at min, 16 at max |",
      "| Parallelism | TP8 · EP8 · PP1 · attention DP on | TP8 · EP8 · PP1 · attention DP on |",
      "| Checkpoint | nvidia/DeepSeek-R1-NVFP4-v2@main (not pinned) (NVFP4) | deepseek-ai/DeepSeek-R1@main (not pinned) (FP8) |",
      "| Output parsing | reasoning deepseek-r1, tool calls off, structured output xgrammar | reasoning deepseek-r1, tool calls off, structured output xgrammar |",
      // Token counts come from lib/plan/memory.ts (test/planner/memory.test.ts checks the arithmetic).
      `| KV cache | ${[B200_AWS, H200_GCP_EU].map((p) => planDeployment(p).kvCapacityTokens).map((k) => `FP8, ${k.perReplica.toLocaleString("en-US")} tokens per replica (${k.perSequence.toLocaleString("en-US")} per sequence)`).join(" | ")} |`,
      "| Serving mode | throughput | throughput |",
      "| Capacity | on-demand | on-demand |",
      "| Endpoint | private (port 8000) | not reported |",
      "| Cost per hour | $113.93 at min, $227.86 at max (estimate) | no price for a3-ultragpu-8g in europe-west4 |",
      "| Kubernetes API endpoint | private | allow-listed (203.0.113.0/24) |",
      "| Secrets encryption | on | **off** |",
      // AWS requires IMDSv2; on GKE the same field means the GKE metadata server (issue: GKE showed "IMDSv2 required")
      "| Node metadata | IMDSv2 required | GKE metadata server (Workload Identity) |",
      "| API authentication | on | not reported |",
      "| Buckets | private, encrypted | not reported |",
      "| Checks enabled | region-lock, instance-offering | not reported |",
      "None: every derived setting is the planner's default.",
      "| `gcp-europe-west4` | a3-ultragpu-8g | no price for europe-west4 | | | | |",
      "| `aws-us-east-2` | p6-b200.48xlarge | $113.93 | on-demand, us-east-1 prices | 1 × $113.93 = $113.93 | 2 × $113.93 = $227.86 | 2026-11, UNCONFIRMED |",
    ];
    const lines = md.split("\n");
    for (const line of expected) expect(lines).toContain(line);
  });

  test("the Markdown holds a Mermaid flowchart clouds → regions → clusters → pools → replicas → endpoint", () => {
    const mermaid = renderMermaid(review);
    expect(md).toContain("```mermaid\n" + mermaid + "\n```");
    expect(mermaid.split("\n")).toEqual(expect.arrayContaining([
      "flowchart LR",
      "  cloud_aws(\"AWS\")",
      "  region_gcp_europe_west4[\"europe-west4<br/>jurisdiction: EU\"]",
      "  cluster_0[\"EKS aws-us-east-2\"]",
      "  cluster_1[\"GKE gcp-europe-west4\"]",
      "  pool_0[\"GPU node pool<br/>p6-b200.48xlarge × 1–2 nodes<br/>on-demand\"]",
      "  endpoint_0([\"endpoint: private (port 8000)\"])",
      "  cloud_aws --> region_aws_us_east_2",
      "  region_aws_us_east_2 --> cluster_0",
      "  cluster_0 --> pool_0",
      "  pool_0 --> replicas_0",
      "  replicas_0 --> endpoint_0",
      "  cloud_gcp --> region_gcp_europe_west4",
    ]));
  });

  test("overridden defaults are listed, a shared cloud and region appear once, quotes are escaped", () => {
    const two = model(
      [{ ...B200_AWS, overrides: { precision: "fp8" } }, { endpoint: { exposure: "public", address: "api \"prod\"" } }],
      [{ ...B200_AWS, model: "deepseek-v3" }, {}],
    );
    const text = renderReviewMarkdown(two);
    expect(text).toContain("- `aws-us-east-2`: precision: nvfp4 → fp8");
    expect(two.placements.map((p) => p.id)).toEqual(["aws-us-east-2", "aws-us-east-2-2"]);
    const mermaid = renderMermaid(two);
    expect(mermaid.match(/^ {2}cloud_aws\(/gm)).toHaveLength(1);
    expect(mermaid.match(/^ {2}region_aws_us_east_2\[/gm)).toHaveLength(1);
    expect(mermaid).toContain("endpoint: public (api #quot;prod#quot;)");
  });

  test("bad review facts raise DeepSeekConfigError", () => {
    expect(() => reviewModel([{ plan: planDeployment(B200_AWS), info: { posture: { apiAllowedCidrs: ["everywhere"] } } }]))
      .toThrow('reviewInfo.posture.apiAllowedCidrs.0: is not a CIDR (got "everywhere"); use a block such as 203.0.113.0/24');
  });
});
