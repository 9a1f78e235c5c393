import * as path from "path";
import { stringify } from "yaml";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps } from "../../lib";
import { renderManifests } from "../../lib/internal/manifest-bundle";
import { bundledObjectsOf, diffAgainstUnknown, diffPosture, diffReviews, diffStacks, renderDiffMarkdown, renderReviewMarkdown, runReviewCli } from "../../lib/review";
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
      ["aws-eu-north-1", "h200-eks", { ...GATEWAY, allowedSourceCidrs: ["203.0.113.0/24"] }],
      ["gcp-europe-west1", "gcp-europe-west1", { ...GATEWAY, allowedSourceCidrs: ["203.0.113.0/24"] }],
    ]);
    expect(review.placements[0].stacks).toEqual(["ds-h200-eks-infra", "ds-h200-eks-serving"]);
    const md = renderReviewMarkdown(review);
    expect(md).toContain("| | `h200-eks` | `gcp-europe-west1` |");
    expect(md).toContain("| Node metadata | IMDSv2 required | GKE metadata server (Workload Identity) |");
    expect(md).not.toMatch(/GKE metadata server.*IMDSv2|IMDSv2 required \| IMDSv2 required/);
  }, 60_000);
});

describe("display names", () => {
  const base = model([B200_AWS, { displayName: "b200-us", posture: SECURE }], [H200_GCP_EU, { displayName: "eu", posture: SECURE }]);
  const head = model([{ ...B200_AWS, replicas: { min: 1, max: 4 } }, { displayName: "b200-us", posture: SECURE }]);

  test("reviewer text shows the name; matching stays by plan id", () => {
    const changes = diffReviews(base, head);
    expect(changes.filter((c) => c.placement === "aws-us-east-2").every((c) => c.placementName === "b200-us")).toBe(true);
    const md = renderDiffMarkdown({ changes, stacks: [], notes: [], head: null });
    expect(md).toContain("- `b200-us`: replicas 1–2 → 1–4\n");
    expect(md).toContain("- EU placement removed: `eu` (GCP europe-west4, 8xH200 on a3-ultragpu-8g");
    expect(md).not.toContain("`aws-us-east-2`");
    // a rename is a change of name, not a removal and an addition
    const renamed = model([B200_AWS, { displayName: "primary", posture: SECURE }]);
    expect(diffReviews(model([B200_AWS, { displayName: "b200-us", posture: SECURE }]), renamed).map((c) => c.text)).toEqual(["placement name b200-us → primary"]);
  });

  test("two placements sharing a name show their ids; without a name the id is shown", () => {
    const both = model([B200_AWS, { displayName: "main" }], [H200_GCP_EU, { displayName: "main" }], [{ ...B200_AWS, region: "us-west-2" }, {}]);
    expect(both.placements.map((p) => p.name)).toEqual(["main (aws-us-east-2)", "main (gcp-europe-west4)", "aws-us-west-2"]);
  });
});

describe("node metadata per cloud", () => {
  test("a GKE placement turning the metadata server off says so in GKE terms; AWS keeps IMDSv2", () => {
    expect(diffPosture("p", { imdsV2: true }, { imdsV2: false }, "gcp").map((c) => c.text)).toEqual(["GKE metadata server (Workload Identity) turned off"]);
    expect(diffPosture("p", { imdsV2: true }, { imdsV2: false }, "aws").map((c) => c.text)).toEqual(["IMDSv2 no longer required"]);
    const md = renderReviewMarkdown(model([H200_GCP_EU, { posture: { imdsV2: false } }]));
    expect(md).toContain("| Node metadata | **node metadata server reachable from pods** |");
  });
});

describe("Kubernetes objects inside ManifestBundle releases", () => {
  const deployment = (image: string, replicas = 1) => ({
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "trtllm", namespace: "deepseek", labels: { app: "trtllm" } },
    spec: { replicas, template: { spec: { containers: [{ name: "server", image }] } } },
  });
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "deepseek" }, data: { a: "1" } };
  const role = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "reader" }, rules: [] };
  const np = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "serving", namespace: "deepseek" }, spec: {} };
  // Exactly what ManifestBundle writes into cdk.tf.json.
  const release = (objects: object[]) => ({ name: "deepseek-serving", chart: "assets/chart", values: [stringify({ manifests: renderManifests(objects as never) }, { lineWidth: 0 })] });
  const stack = (objects: object[]) => ({ resource: { helm_release: { serving: release(objects) } } });

  test("a changed pod spec shows as the Deployment and the paths that differ, adds and removals by kind namespace/name", () => {
    const root = tmpDir("manifests");
    const b = writeSynth(path.join(root, "b"), null, { serving: stack([deployment("trtllm:1.0"), configMap, role]) });
    const h = writeSynth(path.join(root, "h"), null, { serving: stack([deployment("trtllm:1.1", 2), np, role]) });
    const [diff] = diffStacks(b, h);
    expect(diff.changed).toEqual(["helm_release.serving"]);
    expect(diff.changedAttributes["helm_release.serving"]).toEqual(["values"]);
    expect(diff.objects).toEqual({
      "helm_release.serving": {
        added: ["NetworkPolicy deepseek/serving"],
        changed: [{ object: "Deployment deepseek/trtllm", paths: ["spec.replicas", "spec.template.spec.containers"] }],
        removed: ["ConfigMap deepseek/settings"],
      },
    });
    const { out, io } = collect();
    expect(runReviewCli(["review", "--base", b, "--head", h], io)).toBe(0);
    expect(out.join("")).toContain([
      "```diff",
      "! helm_release.serving (values)",
      "+   NetworkPolicy deepseek/serving added",
      "!   Deployment deepseek/trtllm changed: spec.replicas, spec.template.spec.containers",
      "-   ConfigMap deepseek/settings removed",
      "```",
    ].join("\n"));
  });

  test("a new release lists its objects; cluster-scoped objects have no namespace; other releases have none", () => {
    const root = tmpDir("manifests-new");
    const h = writeSynth(path.join(root, "h"), null, {
      serving: { resource: { helm_release: { serving: release([role]), upstream: { name: "keda", chart: "keda", values: ["replicas: 2\n"] } } } },
    });
    const [diff] = diffStacks(path.join(root, "none"), h);
    expect(diff.added).toEqual(["helm_release.serving", "helm_release.upstream"]);
    expect(diff.objects).toEqual({ "helm_release.serving": { added: ["ClusterRole reader"], changed: [], removed: [] } });
    expect(bundledObjectsOf(JSON.stringify({ values: ["{{ not: yaml"] })).size).toBe(0);
  });
});

describe("--base-failed", () => {
  let root: string;
  let headDir: string;
  beforeAll(() => {
    root = tmpDir("base-failed");
    const head = model([B200_AWS, { displayName: "b200-us", endpoint: { ...GATEWAY, allowedSourceCidrs: [] }, posture: { ...SECURE, apiEndpoint: "allow-listed", apiAllowedCidrs: ["198.51.100.0/24"] } }]);
    headDir = writeSynth(path.join(root, "head"), head, { "b200-infra": { resource: { aws_eks_cluster: { c: { name: "ds" } } } } });
  });

  test("reports the failed base loudly and judges a public head against an unknown base: exit 2", () => {
    const { out, err, io } = collect();
    // the (partial) base output is ignored, even when it exists
    expect(runReviewCli(["review", "--base", headDir, "--head", headDir, "--base-failed"], io)).toBe(2);
    const md = out.join("");
    expect(md).toContain("<!-- cdktf-deepseek-review -->\n## cdktf-deepseek review\n\n> [!WARNING]\n> **The base commit did not synthesize.**");
    expect(md).toContain("> - `b200-us`: inference endpoint is public (open to the whole internet) and the base is unknown\n");
    expect(md).toContain("> - `b200-us`: Kubernetes API endpoint is allow-listed (198.51.100.0/24) and the base is unknown\n");
    expect(md).toContain("| `b200-infra` | added | 1 | 0 | 0 |");
    expect(md).not.toContain("Nothing changed in reviewer terms.");
    expect(err.join("")).toBe("cdktf-deepseek review: the base synth failed; judging the head's posture against an unknown base\ncdktf-deepseek review: the security posture weakens (2 change(s)); exit 2\n");
  });

  test("a private head against a failed base: warning, exit 0; --base may be left out", () => {
    const priv = writeSynth(path.join(root, "private"), model([B200_AWS, { endpoint: { exposure: "private" }, posture: SECURE }]), {});
    const { out, io } = collect();
    expect(runReviewCli(["review", "--head", priv, "--base-failed"], io)).toBe(0);
    expect(out.join("")).toContain("> [!WARNING]\n> **The base commit did not synthesize.**");
    expect(diffAgainstUnknown(model([H200_GCP_EU, { posture: { ...SECURE, secretsEncryption: false } }])).map((c) => c.text))
      .toEqual(["secrets encryption turned off and the base is unknown"]);
  });
});
