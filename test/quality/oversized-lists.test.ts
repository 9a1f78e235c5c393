import { planCluster } from "../../lib/app/plan-cluster";
import { MAX_LIST_ENTRIES } from "../../lib/validation";
import { refusal } from "../support/refusal";

// A list is refused by its length before anything walks it (a Proxy claiming 1e9 entries kept the
// planner busy for over 100 s before this guard).
const props = () => ({
  model: "deepseek-r1-0528",
  placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xH200", name: "eks" }] as unknown[],
  endpoint: { hostname: "api.acme.io" },
});

test("a Proxy claiming 1e9 placements is refused without one entry being read", () => {
  const p = props();
  let entryReads = 0;
  const counted = (k: PropertyKey) => { if (typeof k === "string" && /^\d+$/.test(k)) entryReads++; };
  p.placements = new Proxy(p.placements, {
    get: (t, k) => { counted(k); return k === "length" ? 1e9 : Reflect.get(t, k); },
    has: (t, k) => { counted(k); return Reflect.has(t, k); },
  });
  const e = refusal(() => planCluster(p as never));
  expect(e.path).toBe("placements");
  expect(e.message).toMatch(/1000000000 entries/);
  expect(entryReads).toBe(0);
});

test("a real list over the bound is refused at its own path; nested lists too", () => {
  const long = props();
  long.placements = Array.from({ length: MAX_LIST_ENTRIES + 1 }, () => long.placements[0]);
  expect(refusal(() => planCluster(long as never)).path).toBe("placements");
  const nested = { ...props(), traffic: { allowedSourceCidrs: Array.from({ length: MAX_LIST_ENTRIES + 1 }, () => "10.0.0.0/8") } };
  expect(refusal(() => planCluster(nested as never)).path).toBe("traffic.allowedSourceCidrs");
});

test("control: the same props with an ordinary list plan", () => {
  expect(planCluster(props() as never).placementPlans).toHaveLength(1);
});
