import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp, DeepSeekCluster, DeepSeekClusterProps } from "../../lib";
import { runReviewCli } from "../../lib/review/cli";
import { diffStackResources } from "../../lib/review/stack-diff";
import { loadSynth } from "../../lib/review/load";
import { FORCE_NEW, forcesReplacement } from "../../lib/review/force-new";
import { DEFAULT_CLUSTERS } from "../../stacks/default-app";
import { defaultAppOutdir } from "../support/default-app";

/**
 * The review of real changes: base and head are synthesized apps (one cluster of the default app,
 * then the same with one change), reviewed with the CLI as a pull request would be.
 */

function synth(props: DeepSeekClusterProps, id = "b200-us"): string {
  const dir = mkdtempSync(join(tmpdir(), "deepseek-before-after-"));
  const app = new DeepSeekApp({ outdir: dir });
  new DeepSeekCluster(app, id, props);
  app.synth();
  return dir;
}

function review(base: string, head: string): { code: number; md: string } {
  let md = "";
  const code = runReviewCli(["review", "--base", base, "--head", head], { stdout: (t) => (md += t), stderr: (t) => (md += t) });
  return { code, md };
}

/** The PR comment without the collapsed head summary. */
const comment = (md: string) => md.split("<details>")[0];

const B200 = DEFAULT_CLUSTERS["b200-us"];
let base: string;
beforeAll(() => {
  base = synth(B200);
}, 60000);

describe("a timeout change", () => {
  let md: string;
  beforeAll(() => {
    ({ md } = review(base, synth({ ...B200, traffic: { requestTimeoutSeconds: 900 } })));
    md = comment(md);
  }, 60000);

  test("reads in reviewer terms with old and new values: the gateway timeout, the drain and the grace derived from it", () => {
    expect(md).toMatch(/- `b200-us\/aws-use2`: gateway request timeout [\d,]+ s → 900 s\n/);
    expect(md).toMatch(/- `b200-us\/aws-use2`: server drain [\d,]+ s → [\d,]+ s\n/);
    expect(md).toMatch(/- `b200-us\/aws-use2`: termination grace [\d,]+ s → [\d,]+ s\n/);
  });

  test("the objects show each changed value old → new, and the servers are flagged as restarting; nothing is replaced", () => {
    expect(md).toMatch(/!       spec\.rules\[0\]\.timeouts\.request: "\d+s" → "900s"/);
    expect(md).toMatch(/!   Deployment deepseek\/trtllm changed \(pods restart\): .*spec\.template\.spec\.terminationGracePeriodSeconds/);
    expect(md).toMatch(/!       spec\.template\.spec\.terminationGracePeriodSeconds: \d+ → \d+/);
    expect(md).toMatch(/### Replacements and restarts\n\n- `b200-us-aws-use2-serving`: `Deployment deepseek\/trtllm` \(in helm_release\.[^)]+\): the pod template changed, so its pods restart\./);
    expect(md).not.toMatch(/is replaced/);
    expect(md).not.toMatch(/No changes/);
  });
});

describe("a hardware change", () => {
  let head: string;
  let md: string;
  beforeAll(() => {
    head = synth({ ...B200, placements: [{ ...B200.placements[0], hardware: "8xH200" }] });
    md = comment(review(base, head).md);
  }, 60000);

  test("the GPU node group is flagged as replaced, with the attribute that forces it and the restart it causes", () => {
    expect(md).toMatch(/- `b200-us\/aws-use2`: hardware 8xB200 → 8xH200\n/);
    expect(md).toMatch(/\*\*aws_eks_node_group\.\S+ is replaced\*\* \(destroyed, then created\) because `instance_types` changed: the GPU nodes are replaced, so every model server on them restarts/);
    expect(md).toMatch(/! aws_eks_node_group\.\S+ \(REPLACED\) \(instance_types\)\n!     instance_types: \["p6-b200\.48xlarge"\] → \["p5en\.48xlarge"\] \(forces replacement: instance_types\)/);
    // The launch template's description changes in place: not flagged.
    expect(md).toMatch(/! aws_launch_template\.\S+ \(description\)\n/);
  });

  test("planted fault: without the vendored ForceNew list the replacement is not seen", () => {
    const saved = FORCE_NEW.aws_eks_node_group;
    const mutable = FORCE_NEW as Record<string, typeof saved>;
    delete mutable.aws_eks_node_group;
    try {
      const diff = diffStackResources(loadSynth(base, "base").stacks, loadSynth(head, "head").stacks);
      expect(diff.flatMap((s) => Object.keys(s.replaced ?? {}))).toEqual([]);
    } finally {
      mutable.aws_eks_node_group = saved;
    }
    const diff = diffStackResources(loadSynth(base, "base").stacks, loadSynth(head, "head").stacks);
    expect(diff.flatMap((s) => Object.values(s.replaced ?? {}))).toEqual(["instance_types"]);
  });
});

describe("a throughput target", () => {
  test("the review shows the sizing arithmetic (target → replicas) and its published source", () => {
    const head = synth({ ...B200, sizing: { outputTokensPerSecond: 20000 } });
    const { md } = review(base, head);
    expect(md).toMatch(/- `b200-us\/aws-use2`: sizing: replicas as configured \(no throughput target\) → 20,000 tok\/s target needs \d+ replicas? \(\S+\)\n/);
    const summary = readFileSync(join(head, "review.md"), "utf8");
    expect(summary).toMatch(/## Sizing\n\n`b200-us\/aws-use2`: mode \w+ \(/);
    expect(summary).toMatch(/Source: NVIDIA\/TensorRT-LLM \S+ @ [0-9a-f]{12} /);
    const json = JSON.parse(readFileSync(join(head, "review.json"), "utf8"));
    expect(json.placements[0].sizing.formula.length).toBeGreaterThan(0);
    expect(json.placements[0].sizing.targetOutputTokensPerSecond).toBe(20000);
  }, 60000);
});

describe("a pull request that changes nothing", () => {
  test("two synths in two folders review as no changes (exit 0)", () => {
    const { code, md } = review(base, synth(B200));
    expect(code).toBe(0);
    expect(md).toMatch(/\*\*No changes\*\*: base and head synthesize the same 2 stacks/);
    expect(md).toContain("Nothing changed in reviewer terms.");
  }, 60000);

  test("planted fault: a changed variable description is a change", () => {
    const head = mkdtempSync(join(tmpdir(), "deepseek-before-after-var-"));
    cpSync(base, head, { recursive: true });
    const file = join(head, "stacks", "b200-us-aws-use2-infra", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    json.variable.admin_cidrs.description = "changed";
    writeFileSync(file, JSON.stringify(json));
    const { md } = review(base, head);
    expect(md).not.toMatch(/No changes/);
    expect(md).toMatch(/! var\.admin_cidrs \(description\)\n!     description: "IPv4 CIDRs .*" \(\d+ characters\) → "changed"/);
  });
});

describe("a cluster with two placements (the default app's eu-multi)", () => {
  const md = readFileSync(join(defaultAppOutdir(), "review.md"), "utf8");
  const mermaid = md.split("```mermaid")[1].split("```")[0];

  test("the picture draws one endpoint in front of both placements, without Markdown markup", () => {
    expect(mermaid).toContain('global_eu_multi(["api.deepseek.example.eu<br/>cluster eu-multi: latency routing across 2 placements"])');
    expect(mermaid.match(/global_eu_multi -- "[^"]+" --> endpoint_\d+/g)).toHaveLength(2);
    expect(mermaid).not.toContain("**");
  });

  test("the summary names the global endpoint, its routing policy and each placement's health check", () => {
    expect(md).toMatch(/## Global endpoints\n/);
    expect(md).toMatch(/- `api\.deepseek\.example\.eu` \(cluster `eu-multi`\), latency: each client goes to the healthy placement/);
    expect(md).toMatch(/records in Route 53 zone `Z0123456789EXAMPLE`, TTL 60 s; a placement failing its health check leaves the answer after 90 s/);
    expect(md.match(/\| GET https:\/\/\S+\.api\.deepseek\.example\.eu\/health every 30 s, unhealthy after 3 failures \|/g)).toHaveLength(2);
    const json = JSON.parse(readFileSync(join(defaultAppOutdir(), "review.json"), "utf8"));
    const eu = json.endpoints.find((e: { cluster: string }) => e.cluster === "eu-multi");
    expect(eu.placements.map((p: { name: string }) => p.name)).toEqual(["eu-multi/gcp-euw1", "eu-multi/aws-eun1"]);
    expect(json.endpoints.filter((e: { routing: string }) => e.routing === "single")).toHaveLength(3);
  });
});

describe("the vendored ForceNew lists", () => {
  test("the Google lists were read at the provider version the installed @cdktf/provider-google generates from", () => {
    const pkg = JSON.parse(readFileSync(require.resolve("@cdktf/provider-google/package.json"), "utf8"));
    const version = pkg.cdktf.provider.version as string;
    for (const type of ["google_container_node_pool", "google_container_cluster", "google_storage_bucket"]) expect(FORCE_NEW[type].source.ref).toBe(`v${version}`);
  });

  test("known fields: GPU type and reservation replace a GKE node pool, the machine type updates it in place", () => {
    expect(forcesReplacement("google_container_node_pool", "node_config.guest_accelerator[0].type")).toBe("node_config.guest_accelerator");
    expect(forcesReplacement("google_container_node_pool", "node_config.reservation_affinity.values")).toBe("node_config.reservation_affinity");
    expect(forcesReplacement("google_container_node_pool", "node_config.machine_type")).toBeUndefined();
    expect(forcesReplacement("google_container_cluster", "private_cluster_config.enable_private_endpoint")).toBeUndefined();
    expect(forcesReplacement("google_container_cluster", "private_cluster_config.enable_private_nodes")).toBe("private_cluster_config.enable_private_nodes");
    expect(forcesReplacement("aws_eks_node_group", "scaling_config.max_size")).toBeUndefined();
    expect(forcesReplacement("aws_not_listed", "anything")).toBeUndefined();
  });
});
