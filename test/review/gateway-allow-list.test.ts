import * as path from "path";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps } from "../../lib";
import { diffReviews, renderReviewMarkdown, runReviewCli } from "../../lib/review";
import { B200_AWS, H200_GCP_EU, SECURE, collect, model, tmpDir, writeSynth } from "./fixtures";

const GATEWAY = { exposure: "public" as const, address: "api.example.com", port: 443 };

describe("gateway allow-list in the security gate", () => {
  const restricted = model([B200_AWS, { endpoint: { ...GATEWAY, allowedSourceCidrs: ["203.0.113.0/24"] }, posture: SECURE }]);
  const open = model([B200_AWS, { endpoint: { ...GATEWAY, allowedSourceCidrs: [] }, posture: SECURE }]);

  test("removing the allow-list of a public gateway is a weakening: exit 2 with a caution block", () => {
    expect(diffReviews(restricted, open)).toEqual([{
      placement: "aws-us-east-2", field: "endpoint.allowedSourceCidrs", severity: "weakening",
      text: "inference endpoint allow-list removed: open to the whole internet (was 203.0.113.0/24)",
    }]);
    const root = tmpDir("gw");
    const b = writeSynth(path.join(root, "b"), restricted, {});
    const h = writeSynth(path.join(root, "h"), open, {});
    const { out, err, io } = collect();
    expect(runReviewCli(["review", "--base", b, "--head", h], io)).toBe(2);
    expect(out.join("")).toContain("> - `aws-us-east-2`: inference endpoint allow-list removed: open to the whole internet (was 203.0.113.0/24)\n");
    expect(out.join("")).not.toContain("Nothing changed in reviewer terms.");
    expect(err.join("")).toBe("cdktf-deepseek review: the security posture weakens (1 change(s)); exit 2\n");
    // and back: a strengthening, exit 0
    expect(diffReviews(open, restricted).map((c) => [c.severity, c.text])).toEqual([["strengthening", "inference endpoint restricted to 203.0.113.0/24 (was the whole internet)"]]);
    expect(runReviewCli(["review", "--base", h, "--head", b], collect().io)).toBe(0);
  });

  test("a widened allow-list is a weakening, a range inside the old one is not, 0.0.0.0/0 is the whole internet", () => {
    const withCidrs = (cidrs: string[]) => model([B200_AWS, { endpoint: { ...GATEWAY, allowedSourceCidrs: cidrs } }]);
    expect(diffReviews(withCidrs(["203.0.113.0/24"]), withCidrs(["203.0.113.0/24", "198.51.100.0/24"])).map((c) => [c.severity, c.text]))
      .toEqual([["weakening", "inference endpoint allow-list widened: 198.51.100.0/24 added"]]);
    expect(diffReviews(withCidrs(["203.0.113.0/24"]), withCidrs(["203.0.113.128/25"])).map((c) => [c.severity, c.text]))
      .toEqual([["strengthening", "inference endpoint allow-list narrowed: 203.0.113.0/24 removed"]]);
    expect(diffReviews(withCidrs(["203.0.113.0/24"]), withCidrs(["0.0.0.0/0"])).map((c) => c.severity)).toEqual(["weakening"]);
    // an internal load balancer: its source ranges are not the internet's business
    const priv = (cidrs: string[]) => model([B200_AWS, { endpoint: { exposure: "private", allowedSourceCidrs: cidrs } }]);
    expect(diffReviews(priv(["10.0.0.0/8"]), priv([]))).toEqual([]);
    // becoming public says who can reach it
    expect(diffReviews(priv([]), withCidrs([])).map((c) => [c.severity, c.text])).toEqual([["weakening", "inference endpoint became public (open to the whole internet) (was private)"]]);
  });

  test("the summary renders who may reach the endpoint", () => {
    const md = renderReviewMarkdown(model(
      [B200_AWS, { endpoint: { ...GATEWAY, allowedSourceCidrs: ["203.0.113.0/24"] } }],
      [H200_GCP_EU, { endpoint: { ...GATEWAY, allowedSourceCidrs: [] } }],
    ));
    expect(md).toContain("| Endpoint | public (api.example.com, port 443; allowed from 203.0.113.0/24) | public (api.example.com, port 443; **open to the whole internet**) |");
  });

  test("DeepSeekCluster registers the gateway's allow-list and the placement name", () => {
    const props: DeepSeekClusterProps = {
      model: "deepseek-r1-0528",
      placements: [
        { cloud: "aws", region: "eu-north-1", hardware: "8xH200", name: "h200-eks" },
        { cloud: "gcp", region: "europe-west1", hardware: "8xH200", gcp: { project: "my-project-123" } },
      ],
      endpoint: { hostname: "api.example.com" },
      traffic: { allowedSourceCidrs: ["203.0.113.0/24"] },
    };
    const app = new DeepSeekApp({ outdir: tmpDir("cluster") });
    new DeepSeekCluster(app, "ds", props);
    const review = app.review();
    expect(review.placements.map((p) => [p.id, p.name, p.endpoint])).toEqual([
      ["ds/h200-eks", "ds/h200-eks", { ...GATEWAY, allowedSourceCidrs: ["203.0.113.0/24"] }],
      ["ds/gcp-europe-west1", "ds/gcp-europe-west1", { ...GATEWAY, allowedSourceCidrs: ["203.0.113.0/24"] }],
    ]);
    expect(review.placements[0].stacks).toEqual(["ds-h200-eks-infra", "ds-h200-eks-serving"]);
    const md = renderReviewMarkdown(review);
    expect(md).toContain("| | `ds/h200-eks` | `ds/gcp-europe-west1` |");
    expect(md).toContain("| Node metadata | IMDSv2 required | GKE metadata server (Workload Identity) |");
    expect(md).not.toMatch(/GKE metadata server.*IMDSv2|IMDSv2 required \| IMDSv2 required/);
  }, 60_000);
});
