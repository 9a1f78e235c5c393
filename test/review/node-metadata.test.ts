import { diffPosture, renderReviewMarkdown } from "../../lib/review";
import { H200_GCP_EU, model } from "./fixtures";

describe("node metadata per cloud", () => {
  test("a GKE placement turning the metadata server off says so in GKE terms; AWS keeps IMDSv2", () => {
    expect(diffPosture("p", { imdsV2: true }, { imdsV2: false }, "gcp").map((c) => c.text)).toEqual(["GKE metadata server (Workload Identity) turned off"]);
    expect(diffPosture("p", { imdsV2: true }, { imdsV2: false }, "aws").map((c) => c.text)).toEqual(["IMDSv2 no longer required"]);
    const md = renderReviewMarkdown(model([H200_GCP_EU, { posture: { imdsV2: false } }]));
    expect(md).toContain("| Node metadata | **node metadata server reachable from pods** |");
  });
});
