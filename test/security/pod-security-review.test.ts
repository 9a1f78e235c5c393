import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultAppOutdir } from "../support/default-app";
import { diffPosture } from "../../lib/review/diff";
import { REASONS } from "../../lib/serving/plan-pod-security";

/*
 * The review shows each placement's Pod Security level with its reasons (the same text the pods and
 * namespaces carry), and a raised level is a weakening.
 */

describe("Pod Security in the review", () => {
  test("review.md: a row per placement with the level and, above restricted, the reasons", () => {
    const file = join(defaultAppOutdir(), "review.md");
    expect(existsSync(file)).toBe(true);
    const md = readFileSync(file, "utf8");
    const row = md.split("\n").find((l) => l.startsWith("| Pod Security (serving namespace)"));
    expect(row).toBeDefined();
    expect(row).toContain("**privileged**");
    expect(row).toContain(REASONS.hostPathCache);
    expect(row).toContain("baseline: ");
    expect(row).toContain(REASONS.root);
  });

  test("a raised level is a weakening, a lowered one a strengthening", () => {
    const base = { podSecurity: { level: "baseline" as const, reasons: [REASONS.root] } };
    const raised = { podSecurity: { level: "privileged" as const, reasons: [REASONS.root, REASONS.hostPathCache] } };
    expect(diffPosture("p", base, raised)).toEqual([expect.objectContaining({ field: "posture.podSecurity", severity: "weakening" })]);
    expect(diffPosture("p", raised, base)).toEqual([expect.objectContaining({ field: "posture.podSecurity", severity: "strengthening" })]);
    expect(diffPosture("p", base, base)).toEqual([]);
  });
});
