import { DeepSeekConfigError } from "../../lib/errors";
import { planCluster, type ClusterInput } from "../../lib/app/plan-cluster";
import { refusal as refused } from "../support/refusal";

/** planCluster over deployment inputs: GCP placements get a project, the cluster an endpoint. */
const planPlacements = (input: ClusterInput) => planCluster({
  ...input, endpoint: { hostname: "api.example.com" },
  placements: input.placements.map((p) => (p.cloud === "gcp" ? { ...p, gcp: { project: "my-project-123" } } : p)),
});

const twoCloudEu: ClusterInput = {
  model: "deepseek-r1-0528",
  jurisdiction: "eu",
  placements: [
    { cloud: "gcp", region: "europe-west4", hardware: "8xH200" },
    { cloud: "aws", region: "eu-north-1", hardware: "2x8xH100" },
  ],
};

function refusal(input: ClusterInput): DeepSeekConfigError {
  return refused(() => planPlacements(input));
}

describe("planCluster", () => {
  test("plans placements in order and fingerprints them alike when they agree", () => {
    const plan = planPlacements(twoCloudEu);
    expect(plan.placements.map((p) => p.id)).toEqual(["gcp-europe-west4", "aws-eu-north-1"]);
    expect(plan.placements.every((p) => p.jurisdiction === "eu")).toBe(true);
    expect(plan.fingerprints[0]).toMatch(/^[0-9a-f]{12}$/);
    expect(plan.fingerprints[1]).toBe(plan.fingerprints[0]);
    expect(plan.routing).toBe("latency");
  });

  test("errors carry the placement path", () => {
    const e = refusal({ ...twoCloudEu, placements: [twoCloudEu.placements[0], { cloud: "aws", region: "us-east-1", hardware: "2x8xH100" }] });
    expect(e.path).toBe("placements.1.region");
    expect(e.message).toMatch(/^placements\.1\.region: is outside the "eu" jurisdiction/);
  });

  test("a divergent image fails", () => {
    const e = refusal({ ...twoCloudEu, placements: [twoCloudEu.placements[0], { ...twoCloudEu.placements[1], image: { tag: "1.3.0rc13" } }] });
    expect(e.message).toBe('placements.1.image: serves a different image than placements.0 ("nvcr.io/nvidia/tensorrt-llm/release:1.2.1") behind the same endpoint (got {"tag":"1.3.0rc13"}); make the placements agree, or state the difference with allowDivergence: ["image"]');
  });

  test("NVFP4 on B200 beside FP8 on H200 fails unless stated", () => {
    const mixed: ClusterInput = {
      model: "deepseek-r1-0528",
      placements: [
        { cloud: "aws", region: "us-east-2", hardware: "8xB200" },
        { cloud: "gcp", region: "us-central1", hardware: "8xH200" },
      ],
    };
    // Neither placement wrote overrides.precision: the refusal names what decided it, the hardware the user wrote.
    expect(refusal(mixed).message).toBe('placements.1.hardware: serves a different precision than placements.0 ("nvfp4") behind the same endpoint: overrides.precision is not set, so hardware 8xH200 decides "fp8" (got "8xH200"); make the placements agree, or state the difference with allowDivergence: ["precision"]');
    // Written, it is named where written.
    const written: ClusterInput = { ...mixed, placements: [{ ...mixed.placements[0], overrides: { precision: "nvfp4" } }, { ...mixed.placements[1], overrides: { precision: "fp8" } }] };
    expect(refusal(written).path).toBe("placements.1.overrides.precision");
    const stated = planPlacements({ ...mixed, placements: [mixed.placements[0], { ...mixed.placements[1], allowDivergence: ["precision"] }] });
    expect(stated.statedDivergences).toEqual(["placements.1.precision: fp8 (placements.0: nvfp4)"]);
    expect(stated.fingerprints[0]).not.toBe(stated.fingerprints[1]);
  });

  test("a repeated cloud and region fails", () => {
    const e = refusal({ model: "deepseek-r1", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }, { cloud: "aws", region: "us-east-2", hardware: "8xB200", mode: "latency" }] });
    expect(e.message).toBe('placements.1.region: repeats placements.0 (aws us-east-2) (got "us-east-2"); give each placement its own cloud and region, or raise replicas on the existing one');
  });

  test("no placements", () => {
    expect(refusal({ model: "deepseek-r1", placements: [] }).message).toBe("placements: needs at least 1 entry (got []); add at least 1");
  });
});

describe("checkpoint revision", () => {
  const base: ClusterInput = { model: "deepseek-r1", placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xH200", overrides: { nodeType: "p5en.48xlarge" } }] };
  const commit = "a".repeat(40);

  test("an unpinned revision plans with a warning; a commit does not warn", () => {
    expect(planPlacements(base).placements[0].warnings.join("\n")).toMatch(/checkpoint revision "main" is not a commit/);
    const pinned = planPlacements({ ...base, checkpointRevision: commit });
    expect(pinned.placements[0].checkpointRevision).toBe(commit);
    expect(pinned.placements[0].warnings.join("\n")).not.toMatch(/is not a commit/);
    expect(pinned.fingerprints[0]).not.toBe(planPlacements(base).fingerprints[0]);
  });

  test("placements on different revisions fail unless stated", () => {
    const two: ClusterInput = { ...base, checkpointRevision: commit, placements: [base.placements[0], { cloud: "gcp", region: "us-central1", hardware: "8xH200", checkpointRevision: "b".repeat(40) }] };
    expect(refusal(two).path).toBe("placements.1.checkpointRevision");
  });
});

describe("planCluster: the cluster autoscaler's image", () => {
  test("is the release of the EKS control plane's minor, decided in the plan; GKE scales its own node pools", () => {
    const plan = planPlacements(twoCloudEu);
    const [gcp, aws] = plan.placementPlans.map((p) => p.infra);
    expect(aws.cloud).toBe("aws");
    if (aws.cloud !== "aws") return;
    expect(aws.clusterAutoscalerImageTag).toBe(`v${aws.eks.kubernetesVersion}.${aws.clusterAutoscalerImageTag!.split(".")[2]}`);
    expect(aws.clusterAutoscalerImageTag).toMatch(/^v1\.\d{2}\.\d+$/);
    expect(gcp.clusterAutoscalerImageTag).toBeUndefined();
  });

  test("a minor the catalog has no release for leaves the chart's appVersion (no tag)", () => {
    const plan = planPlacements({ ...twoCloudEu, placements: [{ cloud: "aws", region: "eu-north-1", hardware: "2x8xH100", aws: { kubernetesVersion: "1.31" } } as never] });
    expect(plan.placementPlans[0].infra.clusterAutoscalerImageTag).toBeUndefined();
  });
});
