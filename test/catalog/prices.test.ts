import { NODE_PRICES, NODE_TYPES, hourlyRate } from "../../lib/catalog";

/** Node types with no published price we could read: the review says "no price" for them instead of a guess. */
const NO_PRICE = ["p6-b300.48xlarge"];

describe("node prices", () => {
  test("every catalog node type has a price entry, or is listed as having none", () => {
    for (const name of Object.keys(NODE_TYPES)) {
      expect({ name, priced: name in NODE_PRICES }).toEqual({ name, priced: !NO_PRICE.includes(name) });
    }
  });

  test("8xB300 has no rate at all (no number is made up for it)", () => {
    for (const kind of ["on-demand", "reservation", "capacity-block", "spot"]) expect(hourlyRate("p6-b300.48xlarge", kind)).toBeUndefined();
    expect(hourlyRate("p6-b200.48xlarge", "on-demand")?.usdPerNodeHour).toBeGreaterThan(0);
  });
});
