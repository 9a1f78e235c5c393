import * as fs from "fs";
import * as path from "path";
import { cidrContains, diffPosture, diffReviews, diffStacks, runReviewCli, ReviewModel } from "../../lib/review";
import { planDeployment } from "../../lib/plan/index";
import { B200_AWS, H200_GCP_EU, SECURE, collect, model, tmpDir, writeSynth } from "./fixtures";

const META = (p: string) => ({ "//": { metadata: { path: p, uniqueId: p } } });
const BASE_STACKS = {
  "app-infra": {
    "//": { metadata: { version: "0.21.0" } },
    resource: {
      aws_eks_cluster: { cluster: { ...META("app-infra/cluster"), name: "ds", version: "1.33" } },
      aws_eks_node_group: { gpu: { ...META("app-infra/gpu"), scaling_config: { max_size: 2, min_size: 1 } } },
      aws_s3_bucket: { legacy: { bucket: "old" } },
    },
  },
  "gone-stack": { resource: { aws_iam_role: { r: { name: "r" } } } },
};
const HEAD_STACKS = {
  "app-infra": {
    "//": { metadata: { version: "0.21.1" } },
    resource: {
      aws_eks_cluster: { cluster: { name: "ds", version: "1.34" } },
      // same configuration, other construct path and key order: unchanged
      aws_eks_node_group: { gpu: { ...META("app-infra/moved/gpu"), scaling_config: { min_size: 1, max_size: 2 } } },
      aws_kms_key: { secrets: { enable_key_rotation: true } },
    },
  },
  "new-stack": { data: { aws_caller_identity: { current: {} } } },
};

describe("diff of two known synths", () => {
  let base: ReviewModel;
  let head: ReviewModel;
  let baseDir: string;
  let headDir: string;
  beforeAll(() => {
    base = model([{ ...B200_AWS, overrides: { precision: "fp8" } }, { stacks: ["app-infra"], endpoint: { exposure: "private" }, posture: SECURE }]);
    head = model(
      [{ ...B200_AWS, replicas: { min: 1, max: 4 } }, { stacks: ["app-infra"], endpoint: { exposure: "private" }, posture: SECURE }],
      [H200_GCP_EU, { stacks: ["new-stack"], posture: SECURE }],
    );
    const root = tmpDir("diff");
    baseDir = writeSynth(path.join(root, "base"), base, BASE_STACKS);
    headDir = writeSynth(path.join(root, "head"), head, HEAD_STACKS);
  });

  test("lists the expected reviewer changes", () => {
    const texts = diffReviews(base, head).map((c) => `${c.placement ?? "*"} | ${c.severity} | ${c.text}`);
    expect(texts).toEqual([
      "aws-us-east-2 | info | replicas 1–2 → 1–4",
      "aws-us-east-2 | info | nodes 1–2 → 1–4",
      "aws-us-east-2 | info | GPUs at max 16 → 32",
      "aws-us-east-2 | info | checkpoint deepseek-ai/DeepSeek-R1 → nvidia/DeepSeek-R1-NVFP4-v2",
      "aws-us-east-2 | info | precision FP8 → NVFP4",
      expect.stringMatching(new RegExp(`^aws-us-east-2 \\| info \\| KV capacity per replica [\\d,]+ tokens → ${planDeployment(B200_AWS).kvCapacityTokens.perReplica.toLocaleString("en-US")} tokens$`)),
      "aws-us-east-2 | info | default overridden: replicas: 1-2 → 1-4",
      "aws-us-east-2 | info | override removed: precision: nvfp4 → fp8",
      // 4 × $113.93 = $455.72 at max, was 2 × $113.93 = $227.86
      "aws-us-east-2 | info | estimated cost at max $227.86 → $455.72 per hour (estimate, +$227.86)",
      "gcp-europe-west4 | info | EU placement added: `gcp-europe-west4` (GCP europe-west4, 8xH200 on a3-ultragpu-8g, GPUs 8–16, DeepSeek-R1 FP8)",
      "* | info | total GPUs at max 16 → 48",
      "* | info | total GPUs at min 8 → 16",
      // europe-west4 has no price in the table (it is not priced at us-central1 rates): the total
      // counts aws-us-east-2 alone, max 4 × $113.93 = $455.72; min unchanged.
      "* | info | total estimated cost at max $227.86 → $455.72 per hour (estimate, +$227.86)",
    ]);
  });

  test("lists resource adds, changes and removals per stack", () => {
    expect(diffStacks(baseDir, headDir)).toEqual([
      {
        stack: "app-infra", status: "changed", added: ["aws_kms_key.secrets"], changed: ["aws_eks_cluster.cluster"], removed: ["aws_s3_bucket.legacy"], changedAttributes: { "aws_eks_cluster.cluster": ["version"] },
        changes: { "aws_eks_cluster.cluster": [{ path: "version", from: "1.33", to: "1.34" }] }, replaced: {}, mayBeReplaced: {}, rolled: {}, objects: {},
      },
      { stack: "gone-stack", status: "removed", added: [], changed: [], removed: ["aws_iam_role.r"], changedAttributes: {}, changes: {}, replaced: {}, mayBeReplaced: {}, rolled: {}, objects: {} },
      { stack: "new-stack", status: "added", added: ["data.aws_caller_identity.current"], changed: [], removed: [], changedAttributes: {}, changes: {}, replaced: {}, mayBeReplaced: {}, rolled: {}, objects: {} },
    ]);
  });

  test("the CLI prints both as Markdown for a PR comment and exits 0", () => {
    const { out, err, io } = collect();
    expect(runReviewCli(["review", "--base", baseDir, "--head", headDir], io)).toBe(0);
    const md = out.join("");
    expect(err).toEqual([]);
    expect(md.startsWith("<!-- cdktf-deepseek-review -->\n## cdktf-deepseek review\n")).toBe(true);
    expect(md).toContain("- `aws-us-east-2`: GPUs at max 16 → 32\n");
    expect(md).toContain("- EU placement added: `gcp-europe-west4`");
    expect(md).toContain("| `app-infra` | changed | 1 | 1 | 1 |");
    expect(md).toContain("#### `app-infra` (changed)\n\n```diff\n+ aws_kms_key.secrets\n! aws_eks_cluster.cluster (version)\n!     version: \"1.33\" → \"1.34\"\n- aws_s3_bucket.legacy\n```");
    expect(md).toContain("<details><summary>Head deployment summary</summary>");
    expect(md).not.toContain("[!CAUTION]");
  });

  test("a public API endpoint weakens the posture: exit 2 with a caution block", () => {
    const open = model([B200_AWS, { endpoint: { exposure: "private" }, posture: { ...SECURE, apiEndpoint: "allow-listed", apiAllowedCidrs: ["0.0.0.0/0"] } }]);
    const closed = model([B200_AWS, { endpoint: { exposure: "private" }, posture: SECURE }]);
    const root = tmpDir("public");
    const b = writeSynth(path.join(root, "b"), closed, {});
    const h = writeSynth(path.join(root, "h"), open, {});
    const { out, err, io } = collect();
    expect(runReviewCli(["review", `--base=${b}`, `--head=${h}`], io)).toBe(2);
    expect(out.join("")).toContain("> [!CAUTION]\n> The security posture weakens:\n> - `aws-us-east-2`: Kubernetes API endpoint became public (was private)\n");
    expect(err.join("")).toBe("cdktf-deepseek review: the security posture weakens (1 change(s)); exit 2\n");
    // and back again is a strengthening, exit 0
    expect(runReviewCli(["review", "--base", h, "--head", b], collect().io)).toBe(0);
  });

  test("a public inference endpoint weakens the posture", () => {
    const changes = diffReviews(model([B200_AWS, { endpoint: { exposure: "private" } }]), model([B200_AWS, { endpoint: { exposure: "public" } }]));
    expect(changes).toEqual([{ placement: "aws-us-east-2", field: "endpoint", severity: "weakening", text: "inference endpoint became public (was private)" }]);
  });

  test("every posture loosening is a weakening; tightening is not", () => {
    const weak = diffPosture("p", SECURE!, {
      apiEndpoint: "private", secretsEncryption: false, imdsV2: false, authentication: false,
      bucketsPrivate: false, bucketsEncrypted: false, checksEnabled: ["region-lock"],
    });
    expect(weak.map((c) => [c.severity, c.text])).toEqual([
      ["weakening", "secrets encryption turned off"],
      ["weakening", "IMDSv2 no longer required"],
      ["weakening", "API authentication turned off"],
      ["weakening", "buckets allow public access"],
      ["weakening", "bucket encryption turned off"],
      ["weakening", "check `instance-offering` turned off"],
    ]);
    const widened = diffPosture("p", { apiEndpoint: "allow-listed", apiAllowedCidrs: ["10.0.0.0/16"] }, { apiEndpoint: "allow-listed", apiAllowedCidrs: ["10.0.1.0/24", "198.51.100.0/24"] });
    expect(widened.map((c) => [c.severity, c.text])).toEqual([
      ["weakening", "Kubernetes API allow-list widened: 198.51.100.0/24 added"],
      ["strengthening", "Kubernetes API allow-list narrowed: 10.0.0.0/16 removed"],
    ]);
    expect(diffPosture("p", { apiEndpoint: "allow-listed", apiAllowedCidrs: ["10.0.0.0/8"] }, { apiEndpoint: "private" }).map((c) => c.severity)).toEqual(["strengthening"]);
    expect(diffPosture("p", { apiEndpoint: "private" }, { apiEndpoint: "allow-listed", apiAllowedCidrs: ["10.0.0.0/8"] }).map((c) => c.severity)).toEqual(["weakening"]);
    // removing the jurisdiction lock is a weakening too
    expect(diffReviews(model([H200_GCP_EU, {}]), model([{ ...H200_GCP_EU, jurisdiction: undefined }, {}])).map((c) => [c.severity, c.text]))
      .toEqual([["weakening", "jurisdiction EU → none (region lock removed)"]]);
  });

  test("CIDR containment", () => {
    expect(cidrContains("10.0.0.0/16", "10.0.1.0/24")).toBe(true);
    expect(cidrContains("10.0.1.0/24", "10.0.0.0/16")).toBe(false);
    expect(cidrContains("10.0.0.0/16", "10.1.0.0/24")).toBe(false);
    expect(cidrContains("2001:db8::/32", "2001:db8:1::/48")).toBe(true);
    expect(cidrContains("2001:db8::/32", "2001:db9::/48")).toBe(false);
    expect(cidrContains("10.0.0.0/8", "2001:db8::/32")).toBe(false);
  });

  test("identical synths: nothing changed, exit 0", () => {
    const { out, io } = collect();
    expect(runReviewCli(["review", "--base", headDir, "--head", headDir], io)).toBe(0);
    expect(out.join("")).toContain("Nothing changed in reviewer terms.\n\n### Resources\n\nNo resource changes in 2 stacks.");
  });

  test("a project directory is read as its cdktf.out", () => {
    const root = tmpDir("project");
    writeSynth(path.join(root, "cdktf.out"), head, HEAD_STACKS);
    fs.mkdirSync(path.join(root, "lib"));
    const { out, io } = collect();
    expect(runReviewCli(["review", "--base", headDir, "--head", root], io)).toBe(0);
    expect(out.join("")).toContain("Nothing changed in reviewer terms.");
  });
});

describe("checkpoint revision in reviewer terms", () => {
  test("pinning the weights to a commit shows as a change", () => {
    const commit = "0123456789abcdef0123456789abcdef01234567";
    const base = model([B200_AWS, { posture: SECURE }]);
    const head = model([{ ...B200_AWS, checkpointRevision: commit }, { posture: SECURE }]);
    const texts = diffReviews(base, head).map((c) => `${c.placement ?? "*"} | ${c.severity} | ${c.text}`);
    expect(texts).toContain(`aws-us-east-2 | info | checkpoint revision main → ${commit}`);
  });
});
