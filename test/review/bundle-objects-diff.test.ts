import * as path from "path";
import { stringify } from "yaml";
import { renderManifests } from "../../lib/internal/manifest-bundle";
import { bundledObjectsOf, diffStacks, runReviewCli } from "../../lib/review";
import { collect, tmpDir, writeSynth } from "./fixtures";

describe("Kubernetes objects inside ManifestBundle releases", () => {
  const deployment = (image: string, replicas = 1) => ({
    apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "trtllm", namespace: "deepseek", labels: { app: "trtllm" } },
    spec: { replicas, template: { spec: { containers: [{ name: "server", image }] } } },
  });
  const configMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings", namespace: "deepseek" }, data: { a: "1" } };
  const role = { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "reader" }, rules: [] };
  const np = { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "serving", namespace: "deepseek" }, spec: {} };
  // Exactly what ManifestBundle writes into cdk.tf.json.
  const release = (objects: object[]) => ({ name: "deepseek-serving", chart: "assets/chart", values: [stringify({ manifests: renderManifests(objects as never) }, { lineWidth: 0 })] });
  const stack = (objects: object[]) => ({ resource: { helm_release: { serving: release(objects) } } });

  test("a changed pod spec shows as the Deployment and the paths that differ, adds and removals by kind namespace/name", () => {
    const root = tmpDir("manifests");
    const b = writeSynth(path.join(root, "b"), null, { serving: stack([deployment("trtllm:1.0"), configMap, role]) });
    const h = writeSynth(path.join(root, "h"), null, { serving: stack([deployment("trtllm:1.1", 2), np, role]) });
    const [diff] = diffStacks(b, h);
    expect(diff.changed).toEqual(["helm_release.serving"]);
    expect(diff.changedAttributes["helm_release.serving"]).toEqual(["values"]);
    // The release's values are shown as its objects (old → new per object path), not as one YAML string.
    expect(diff.objects).toEqual({
      "helm_release.serving": {
        added: ["NetworkPolicy deepseek/serving"],
        changed: [{
          object: "Deployment deepseek/trtllm", paths: ["spec.replicas", "spec.template.spec.containers"], restarts: true,
          values: [{ path: "spec.replicas", from: 1, to: 2 }, { path: "spec.template.spec.containers[server].image", from: "trtllm:1.0", to: "trtllm:1.1" }],
        }],
        removed: ["ConfigMap deepseek/settings"],
      },
    });
    const { out, io } = collect();
    expect(runReviewCli(["review", "--base", b, "--head", h], io)).toBe(0);
    expect(out.join("")).toContain([
      "```diff",
      "! helm_release.serving (values)",
      "+   NetworkPolicy deepseek/serving added",
      "!   Deployment deepseek/trtllm changed (pods restart): spec.replicas, spec.template.spec.containers",
      "!       spec.replicas: 1 → 2",
      '!       spec.template.spec.containers[server].image: "trtllm:1.0" → "trtllm:1.1"',
      "-   ConfigMap deepseek/settings removed",
      "```",
    ].join("\n"));
  });

  test("a new release lists its objects; cluster-scoped objects have no namespace; other releases have none", () => {
    const root = tmpDir("manifests-new");
    const h = writeSynth(path.join(root, "h"), null, {
      serving: { resource: { helm_release: { serving: release([role]), upstream: { name: "keda", chart: "keda", values: ["replicas: 2\n"] } } } },
    });
    const [diff] = diffStacks(path.join(root, "none"), h);
    expect(diff.added).toEqual(["helm_release.serving", "helm_release.upstream"]);
    expect(diff.objects).toEqual({ "helm_release.serving": { added: ["ClusterRole reader"], changed: [], removed: [] } });
    expect(bundledObjectsOf(JSON.stringify({ values: ["{{ not: yaml"] })).size).toBe(0);
  });
});
