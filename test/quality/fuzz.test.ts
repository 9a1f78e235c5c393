import { FUZZ_TARGETS, runFuzz } from "../fuzz/targets";

// The same targets `npm run fuzz` runs with 10,000 cases, here with 1,000+ and a fixed seed.
describe("fuzz: every public props/input schema plans, constructs or refuses with DeepSeekConfigError", () => {
  const results = runFuzz(1000, 20250101);

  it("covers every target with at least 1,000 cases in all", () => {
    expect(results.map((r) => r.name)).toEqual(FUZZ_TARGETS.map((t) => t.name));
    expect(results.reduce((n, r) => n + r.cases, 0)).toBeGreaterThanOrEqual(1000);
    for (const r of results) expect(r.ok + r.refused + r.escapes.length).toBe(r.cases);
  });

  it("exercises both outcomes overall (valid inputs plan, bad ones are refused)", () => {
    expect(results.reduce((n, r) => n + r.ok, 0)).toBeGreaterThan(50);
    expect(results.reduce((n, r) => n + r.refused, 0)).toBeGreaterThan(50);
  });

  test.each(FUZZ_TARGETS.map((t) => [t.name]))("%s: no error other than DeepSeekConfigError escapes", (name) => {
    const r = results.find((x) => x.name === name)!;
    expect(r.escapes.map((e) => e.error.split("\n")[0])).toEqual([]);
  });
});
