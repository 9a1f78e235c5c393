import { planGlobalEndpoint } from "../../lib/endpoint/plan-global-endpoint";
import { placementPosture } from "../../lib/plan/posture";
import { planCluster, type ClusterInput } from "../../lib/app/plan-cluster";

/** planCluster over deployment inputs: GCP placements get a project, the cluster an endpoint. */
const planPlacements = (input: ClusterInput) => planCluster({
  ...input, endpoint: { hostname: "api.example.com" },
  placements: input.placements.map((p) => (p.cloud === "gcp" ? { ...p, gcp: { project: "my-project-123" } } : p)),
});

const two = planPlacements({
  model: "deepseek-r1-0528", jurisdiction: "eu",
  placements: [{ cloud: "gcp", region: "europe-west1", hardware: "8xH200" }, { cloud: "aws", region: "eu-north-1", hardware: "8xH200" }],
});

describe("planGlobalEndpoint", () => {
  test("with a zone and several placements: health-check names, latency regions, provider region inside the jurisdiction", () => {
    const e = planGlobalEndpoint(two, "api.example.eu", "Z0123456789EXAMPLE");
    expect(e).toMatchObject({ publishesDns: true, singleRecord: false, providerRegion: "eu-north-1", failoverSeconds: 90 });
    expect(e.placements.map((p) => [p.recordType, p.latencyRegion, p.healthCheckHostname])).toEqual([
      ["A", "eu-west-3", "gcp-europe-west1.api.example.eu"],
      ["CNAME", "eu-north-1", "aws-eu-north-1.api.example.eu"],
    ]);
  });

  test("without a zone no health-check names (so no unauthenticated route); one placement gets a single record", () => {
    expect(planGlobalEndpoint(two, "api.example.eu").placements.every((p) => p.healthCheckHostname === undefined)).toBe(true);
    const one = planPlacements({ model: "deepseek-r1", jurisdiction: "eu", placements: [{ cloud: "gcp", region: "europe-west4", hardware: "8xH200" }] });
    const e = planGlobalEndpoint(one, "api.example.eu", "Z0123456789EXAMPLE");
    expect(e).toMatchObject({ singleRecord: true, providerRegion: "eu-central-1" });
    expect(e.placements[0].healthCheckHostname).toBeUndefined();
  });
});

describe("placementPosture", () => {
  test("private unless an allow-list opens the API endpoint; region lock and offering checks listed", () => {
    const [gcp, aws] = two.placements;
    expect(placementPosture(aws, {})).toMatchObject({ apiEndpoint: "private", apiAllowedCidrs: [], checksEnabled: ["region-lock", "instance-offering"] });
    expect(placementPosture(aws, { publicAccessCidrs: ["203.0.113.0/24"] })).toMatchObject({ apiEndpoint: "allow-listed", apiAllowedCidrs: ["203.0.113.0/24"] });
    expect(placementPosture(gcp, { privateEndpoint: false, authorizedNetworks: [{ cidr: "198.51.100.0/24" }] })).toMatchObject({ apiEndpoint: "allow-listed", apiAllowedCidrs: ["198.51.100.0/24"], checksEnabled: ["region-lock"] });
  });
});
