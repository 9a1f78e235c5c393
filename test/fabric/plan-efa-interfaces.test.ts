import { NODE_TYPES } from "../../lib/catalog";
import { planEfaInterfaces } from "../../lib/fabric/plan-efa-interfaces";

describe("planEfaInterfaces", () => {
  it.each([
    ["p5.48xlarge", 32],
    ["p5e.48xlarge", 32],
    ["p5en.48xlarge", 16],
    ["p6-b200.48xlarge", 8],
  ])("%s multi-node carries one EFA interface per network card (%i)", (type, count) => {
    const nics = planEfaInterfaces(NODE_TYPES[type], true);
    expect(nics).toHaveLength(count);
    expect(nics[0]).toEqual({ networkCardIndex: 0, deviceIndex: 0, interfaceType: "efa" });
    expect(nics.slice(1).every((n) => n.interfaceType === "efa-only" && n.deviceIndex === 0)).toBe(true);
    expect(nics.map((n) => n.networkCardIndex)).toEqual([...Array(count).keys()]);
  });

  it("never puts an efa-only interface on the primary position", () => {
    for (const type of ["p5.48xlarge", "p5en.48xlarge", "p6-b200.48xlarge"]) {
      const primary = planEfaInterfaces(NODE_TYPES[type], true).filter((n) => n.networkCardIndex === 0 && n.deviceIndex === 0);
      expect(primary).toEqual([{ networkCardIndex: 0, deviceIndex: 0, interfaceType: "efa" }]);
    }
  });

  it("gives single-node plans no EFA interfaces", () => {
    expect(planEfaInterfaces(NODE_TYPES["p5.48xlarge"], false)).toEqual([]);
  });

  it("refuses a node type without EFA for multi-node", () => {
    expect(() => planEfaInterfaces(NODE_TYPES["a3-megagpu-8g"], true)).toThrow(
      'nodeType: has no EFA network cards, so it cannot carry a multi-node replica on EKS (got "a3-megagpu-8g"); use p5.48xlarge, p5e.48xlarge, p5en.48xlarge or p6-b200.48xlarge',
    );
  });
});
