import * as path from "path";
import { diffAgainstUnknown, runReviewCli } from "../../lib/review";
import { B200_AWS, H200_GCP_EU, SECURE, collect, model, tmpDir, writeSynth } from "./fixtures";

const GATEWAY = { exposure: "public" as const, address: "api.example.com", port: 443 };

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
