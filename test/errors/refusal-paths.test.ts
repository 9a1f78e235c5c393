import { DeepSeekConfigError, refusalsAt, rerooted } from "../../lib/errors";

const refusal = (path: string) => new DeepSeekConfigError(path, "is wrong", 1, "fix it");
const pathAfter = (path: string, routes: Parameters<typeof rerooted>[1]) => (rerooted(refusal(path), routes) as DeepSeekConfigError).path;

describe("re-rooting refusal paths", () => {
  test("replaces a matching prefix whole segments only, keeping the rest of the path and the message parts", () => {
    expect(pathAfter("control-plane.masterIpv4CidrBlock", [["control-plane", "gke"]])).toBe("gke.masterIpv4CidrBlock");
    expect(pathAfter("control-plane", [["control-plane", "gke"]])).toBe("gke");
    // "gpu" must not match "gpu-pool.x".
    expect(pathAfter("gpu-pool.bootDiskSizeGb", [["gpu", "eks"], ["gpu-pool", "gke.gpuPool"]])).toBe("gke.gpuPool.bootDiskSizeGb");
    const moved = rerooted(refusal("a.b"), [["a", "x.y"]]) as DeepSeekConfigError;
    expect(moved.message).toBe("x.y.b: is wrong (got 1); fix it");
    expect([moved.problem, moved.received, moved.fix]).toEqual(["is wrong", 1, "fix it"]);
  });

  test("the first matching route wins; an empty `from` prefixes every path", () => {
    expect(pathAfter("gateway.traffic.hostname", [["gateway.traffic.hostname", "endpoint.hostname"], ["gateway.traffic", "traffic"]])).toBe("endpoint.hostname");
    expect(pathAfter("gateway.traffic.tiers.0", [["gateway.traffic.hostname", "endpoint.hostname"], ["gateway.traffic", "traffic"]])).toBe("traffic.tiers.0");
    expect(pathAfter("hardware", [["x", "y"], ["", "placements.1"]])).toBe("placements.1.hardware");
    expect(pathAfter("hardware", [["x", "y"]])).toBe("hardware");
  });

  test("anything that is not a refusal passes through untouched", () => {
    const bug = new TypeError("boom");
    expect(rerooted(bug, [["", "x"]])).toBe(bug);
    expect(() => refusalsAt([["", "x"]], () => { throw bug; })).toThrow(bug);
    expect(refusalsAt([["", "x"]], () => 42)).toBe(42);
    expect(() => refusalsAt([["", "ds"]], () => { throw refusal("placements.0.hardware"); })).toThrow("ds.placements.0.hardware: is wrong (got 1); fix it");
  });
});
