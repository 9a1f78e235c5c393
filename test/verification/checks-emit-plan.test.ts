import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { planDeployment } from "../../lib/plan/index";
import { DeploymentChecks } from "../../lib/verification";
import { HELM_WAIT_MARGIN_SECONDS, planDeploymentChecks } from "../../lib/verification/plan-deployment-checks";
import { DeepSeekConfigError } from "../../lib/errors";
import { refusal } from "../support/refusal";
import { imageString } from "../../lib/catalog/images";

/**
 * Issue 15: whether DeploymentChecks writes its checks output (and its description) is decided by
 * planDeploymentChecks; the construct writes what it is handed. An edited plan must be what is written.
 */
type Json = Record<string, any>;
const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-1" });
const base = { plan, endpointUrl: "https://api.example.com", apiKeySecret: { name: "deepseek-api-keys", key: "check" } };
const synth = (props: Json): Json => {
  const stack = new TerraformStack(Testing.app(), "s");
  new DeploymentChecks(stack, "checks", { ...base, ...props } as never);
  return JSON.parse(Testing.synth(stack)) as Json;
};

describe("DeploymentChecks: the checks output is the plan's", () => {
  test("planned by default: an output with the plan's description; createOutput: false plans none", () => {
    const planned = planDeploymentChecks(plan);
    expect(planned.output?.description).toMatch(/^Post-deploy checks of /);
    expect(planDeploymentChecks(plan, { createOutput: false }).output).toBeNull();
    expect(Object.values(synth({}).output as Json).map((o) => (o as Json).description)).toEqual([planned.output?.description]);
    expect(synth({ createOutput: false }).output).toBeUndefined();
  });

  test("an edited plan is written as edited (description, no output, checks)", () => {
    const planned = planDeploymentChecks(plan);
    const out = synth({ planned: { ...planned, output: { description: "planted" } } });
    expect(Object.values(out.output as Json).map((o) => (o as Json).description)).toEqual(["planted"]);
    expect(synth({ planned: { ...planned, output: null } }).output).toBeUndefined();
    expect(Object.keys(synth({ planned }).resource.helm_release)).toHaveLength(1);
    const none = { ...planned.checks, enabled: [], serving: null, fabric: null, loadProbe: null };
    expect(synth({ planned: { ...planned, checks: none, releases: { fabric: null, serving: null, loadProbe: null } } }).resource?.helm_release).toBeUndefined();
    // A release without its check (or a check without its release) is refused, not written half.
    expect(() => synth({ planned: { ...planned, checks: none } })).toThrow(/^checks\.planned\.releases\.serving: does not match the checks plan \(the serving check does not run\)/);
  });

  test("planned together with verification or createOutput is refused, naming the prop", () => {
    const planned = planDeploymentChecks(plan);
    expect(() => synth({ planned, createOutput: false })).toThrow(DeepSeekConfigError);
    expect(() => synth({ planned, createOutput: false })).toThrow(/^checks\.createOutput: is decided in `planned`/);
  });
});

/**
 * The checks' Helm releases (names, namespace, Helm's wait = the Job's deadline + a margin), what
 * each waits for, the endpoint ConfigMap and whether the servers start after the fabric check are
 * planDeploymentChecks' decisions (the construct used to derive the namespace, add the margin and
 * fall back from fabricDependsOn to dependsOn itself).
 */
describe("DeploymentChecks: releases, ordering and the endpoint ConfigMap are the plan's", () => {
  const multi = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1" });
  const withProbe = { loadProbe: { enabled: true } };
  const releases = (out: Json): Json[] => Object.values(out.resource.helm_release as Json);
  /** Synthesizes with three marker resources standing for the prerequisites, the workload and nothing else. */
  const synthWired = (props: Json, wiring: { fabric?: boolean } = {}): Json => {
    const stack = new TerraformStack(Testing.app(), "s");
    const pre = new TerraformVariable(stack, "prerequisite", {});
    const work = new TerraformVariable(stack, "workload", {});
    new DeploymentChecks(stack, "checks", {
      ...base, plan: multi, dependsOn: [work], ...(wiring.fabric ? { fabricDependsOn: [pre] } : {}), ...props,
    } as never);
    return JSON.parse(Testing.synth(stack)) as Json;
  };
  const byName = (out: Json, name: string): Json => releases(out).find((r) => r.name === name)!;

  test("planned: one release per check in the serving namespace, Helm waiting the Job's deadline plus the margin; fabric before the servers only on its own prerequisites", () => {
    const alone = planDeploymentChecks(multi, { verification: withProbe, fabricPrerequisites: true });
    expect(alone.releases.fabric).toEqual({ name: "deepseek-check-fabric", namespace: "deepseek", timeoutSeconds: alone.checks.fabric!.timeoutSeconds + HELM_WAIT_MARGIN_SECONDS, after: ["prerequisites"] });
    expect(alone.releases.serving?.after).toEqual(["workload", "endpoint"]);
    expect(alone.releases.loadProbe?.after).toEqual(["workload", "endpoint", "serving"]);
    expect(alone.serversAfterFabric).toBe(true);
    expect(alone.endpointConfigMap).toEqual({ name: "check-endpoint", key: "url", namespace: "deepseek", labels: { "cdktf-deepseek.io/role": "check" } });
    const together = planDeploymentChecks(multi);
    expect([together.releases.fabric?.after, together.serversAfterFabric]).toEqual([["workload"], false]);
    const httpless = planDeploymentChecks(multi, { verification: { servingCheck: false }, fabricPrerequisites: true });
    expect([httpless.endpointConfigMap, httpless.releases.serving, httpless.releases.loadProbe]).toEqual([null, null, null]);
    expect(planDeploymentChecks(plan, { fabricPrerequisites: true }).serversAfterFabric).toBe(false);
  });

  test("wired as planned: fabric on its prerequisites, serving on the workload, the load probe after the serving check", () => {
    const out = synthWired({ verification: withProbe }, { fabric: true });
    expect(byName(out, "deepseek-check-fabric").depends_on).toEqual(["var.prerequisite"]);
    expect(byName(out, "deepseek-check-serving").depends_on).toEqual(["var.workload"]);
    expect(byName(out, "deepseek-check-load-probe").depends_on).toEqual(["var.workload", expect.stringMatching(/^helm_release\.checks_serving_release/)]);
    // Without fabricDependsOn the fabric check waits for the workload, as planned.
    expect(byName(synthWired({}), "deepseek-check-fabric").depends_on).toEqual(["var.workload"]);
  });

  test("an edited plan is written as edited: names, namespace, Helm wait, ordering, the ConfigMap", () => {
    const planned = planDeploymentChecks(multi, { verification: withProbe, fabricPrerequisites: true });
    const edited = {
      ...planned,
      releases: {
        fabric: { ...planned.releases.fabric!, name: "planted-fabric", namespace: "planted-ns", timeoutSeconds: 4321 },
        serving: planned.releases.serving,
        // The load probe no longer waits for the serving check.
        loadProbe: { ...planned.releases.loadProbe!, after: ["workload"] as const },
      },
      endpointConfigMap: { name: "planted-cm", key: "planted-key", namespace: "planted-ns", labels: { planted: "yes" } },
    };
    const stack = new TerraformStack(Testing.app(), "s");
    const url = new TerraformVariable(stack, "url", {});
    const pre = new TerraformVariable(stack, "prerequisite", {});
    new DeploymentChecks(stack, "checks", { ...base, plan: multi, endpointUrl: url.stringValue, planned: edited, fabricDependsOn: [pre] });
    const out = JSON.parse(Testing.synth(stack)) as Json;
    expect(byName(out, "planted-fabric")).toMatchObject({ namespace: "planted-ns", timeout: 4321, depends_on: ["var.prerequisite"] });
    expect(byName(out, "deepseek-check-load-probe").depends_on).toEqual([]);
    const cm = Object.values(out.resource.kubernetes_config_map_v1 as Json)[0] as Json;
    expect(cm.metadata).toEqual({ name: "planted-cm", namespace: "planted-ns", labels: { planted: "yes" } });
    expect(Object.keys(cm.data)).toEqual(["planted-key"]);
    expect(byName(out, "deepseek-check-serving").depends_on).toEqual([expect.stringMatching(/^kubernetes_config_map_v1\./)]);
  });

  test("the check images are the plan's: the serving image unless given; an edited plan's images are written; an image beside planned is refused", () => {
    const planned = planDeploymentChecks(multi, { fabricPrerequisites: true });
    expect(planned.images).toEqual({ check: imageString(multi.image), fabric: imageString(multi.image) });
    expect(planDeploymentChecks(multi, { checkImage: "python:3.12", fabricImage: "nvcr.io/nvidia/pytorch:26.05-py3" }).images).toEqual({ check: "python:3.12", fabric: "nvcr.io/nvidia/pytorch:26.05-py3" });
    const out = synthWired({ planned: { ...planned, images: { check: "planted/check:1", fabric: "nvcr.io/nvidia/pytorch:26.05-py3" } } }, { fabric: true });
    // Every container image of the check releases' objects.
    const images = releases(out).flatMap((r) => (JSON.parse(r.values[0]).manifests as string).split("\n---\n").filter((d) => d.trim() && d.trim() !== "---")
      .map((d) => JSON.parse(d.replace(/^---\n/, "")) as Json)
      .flatMap((o) => (o.spec?.template?.spec?.containers ?? []).map((c: Json) => `${o.metadata.name.replace(/-[0-9a-f]{8}$/, "")}=${c.image}`)));
    expect(images.sort()).toEqual(["check-fabric=nvcr.io/nvidia/pytorch:26.05-py3", "check-serving=planted/check:1"]);
    expect(refusal(() => synthWired({ planned, checkImage: "python:3.12" }, { fabric: true })).message).toMatch(/^checks\.checkImage: is decided in `planned`/);
  });

  test("fabricDependsOn must agree with the plan's fabric ordering", () => {
    const together = planDeploymentChecks(multi);
    expect(refusal(() => synthWired({ planned: together }, { fabric: true })).message).toMatch(/^checks\.fabricDependsOn: is not used: the checks plan says the fabric check waits for the workload/);
    const alone = planDeploymentChecks(multi, { fabricPrerequisites: true });
    expect(refusal(() => synthWired({ planned: alone })).message).toMatch(/^checks\.fabricDependsOn: is missing/);
    // A single-node plan has no fabric check: fabricDependsOn is harmless there.
    expect(() => synth({ fabricDependsOn: [] })).not.toThrow();
  });
});
