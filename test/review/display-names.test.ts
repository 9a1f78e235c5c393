import { diffReviews, renderDiffMarkdown } from "../../lib/review";
import { B200_AWS, H200_GCP_EU, SECURE, model } from "./fixtures";

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
