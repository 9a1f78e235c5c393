import { bundledObjects } from "../support/manifests";
import { readdirSync, readFileSync } from "fs";
import { join } from "path";
import { defaultAppOutdir } from "../support/default-app";

/*
 * Security posture of every stack of the default app, checked generically over
 * cdktf.out/stacks/<stack>/cdk.tf.json and the YAML of the local Helm charts (ManifestBundle) under
 * stacks/<stack>/assets. Each check counts what it inspected and, when the app has that kind of
 * resource, asserts it inspected at least one, so an empty or reshaped app cannot pass silently.
 */

type Body = Record<string, any>;
interface Stack { name: string; json: { resource?: Record<string, Record<string, Body>> }; docs: { file: string; doc: Body }[] }

const OPEN = ["0.0.0.0/0", "::/0"];
const isOpen = (cidrs: unknown) => (Array.isArray(cidrs) ? cidrs : [cidrs]).some((c) => OPEN.includes(String(c)));

/**
 * Pods allowed to run privileged, each with the reason the fabric needs it. Matched by container
 * name; a privileged container not listed here fails the test.
 */
const PRIVILEGED_ALLOW_LIST: Readonly<Record<string, string>> = {
  "tcpxo-daemon": "GKE GPUDirect-TCPXO receive-datapath manager (RxDM): needs the host NICs and dmabuf import; Google's documented pod spec runs it privileged",
  "tcpx-daemon": "GKE GPUDirect-TCPX RxDM: same reason as tcpxo-daemon",
  "nccl-plugin-installer": "GKE TCPX/TCPXO NCCL plugin installer writes the plugin to the host's /home/kubernetes/bin (Google's DaemonSet)",
  // GKE multi-node fabric DaemonSets (lib/fabric/plan-gke-fabric.ts), rebuilt from container-engine-accelerators.
  "tcpxo-host-setup": "GKE TCPXO installer's host step: nsenter into PID 1 to open the host firewall for the data path, load the import-helper module and bind-mount the NIC aperture devices",
  "nri-device-injector": "GKE NRI device injector: containerd NRI plugin that adds the annotated host devices (GPUs, dmabuf helper) to the RxDM sidecars; needs host /dev and the NRI socket",
  "nccl-gib-installer": "GKE A3 Ultra / A4 gIB NCCL plugin installer: writes NCCL and the plugin to the host's /home/kubernetes/bin and turns off martian logging on the host's RDMA NICs",
};

let outdir: string;
let stacks: Stack[];


beforeAll(() => {
  outdir = defaultAppOutdir();
  const dir = join(outdir, "stacks");
  stacks = readdirSync(dir).map((name) => ({
    name,
    json: JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")),
    // Objects installed by ManifestBundle releases travel in the releases' values (file = release name).
    docs: bundledObjects(JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8"))).map(({ release, object }) => ({ file: release, doc: object as Body })),
  }));
}, 60_000);

const resources = (type: string) => stacks.flatMap((s) => Object.entries(s.json.resource?.[type] ?? {}).map(([id, body]) => ({ stack: s.name, id, body })));
const has = (type: string) => resources(type).length > 0;

describe("posture of every stack of the default app", () => {
  it("synthesizes at least one stack", () => {
    expect(stacks.length).toBeGreaterThan(0);
    // Once the app emits clusters, both clouds' infra is present (the default app ships both).
    if (has("aws_eks_cluster") || has("google_container_cluster")) {
      expect(resources("aws_eks_cluster").length + resources("google_container_cluster").length).toBeGreaterThanOrEqual(2);
    }
  });

  it("no security group or firewall ingress open to 0.0.0.0/0 or ::/0 (except a public gateway listener on 443)", () => {
    const gatewayListener = (b: Body) => /gateway/i.test(String(b.description ?? b.name ?? "")) && (b.from_port === 443 || b.to_port === 443);
    const offenders: string[] = [];
    let checked = 0;
    for (const { id, body } of resources("aws_security_group")) {
      checked++;
      for (const rule of body.ingress ?? []) if ((isOpen(rule.cidr_blocks) || isOpen(rule.ipv6_cidr_blocks)) && !gatewayListener(rule)) offenders.push(`aws_security_group.${id}`);
    }
    for (const { id, body } of resources("aws_security_group_rule")) {
      checked++;
      if (body.type === "ingress" && (isOpen(body.cidr_blocks) || isOpen(body.ipv6_cidr_blocks)) && !gatewayListener(body)) offenders.push(`aws_security_group_rule.${id}`);
    }
    for (const { id, body } of resources("aws_vpc_security_group_ingress_rule")) {
      checked++;
      if ((isOpen(body.cidr_ipv4) || isOpen(body.cidr_ipv6)) && !gatewayListener(body)) offenders.push(`aws_vpc_security_group_ingress_rule.${id}`);
    }
    for (const { id, body } of resources("google_compute_firewall")) {
      checked++;
      if ((body.direction ?? "INGRESS") === "INGRESS" && isOpen(body.source_ranges ?? []) && !gatewayListener({ ...body, from_port: (body.allow ?? []).flatMap((a: Body) => a.ports ?? []).every((p: string) => p === "443") ? 443 : 0 })) {
        offenders.push(`google_compute_firewall.${id}`);
      }
      // A firewall with neither source ranges nor source tags/accounts means 0.0.0.0/0.
      if ((body.direction ?? "INGRESS") === "INGRESS" && !body.source_ranges && !body.source_tags && !body.source_service_accounts) offenders.push(`google_compute_firewall.${id} (no source = any)`);
    }
    expect(offenders).toEqual([]);
    const kinds = ["aws_security_group", "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "google_compute_firewall"];
    if (kinds.some(has)) expect(checked).toBeGreaterThan(0);
  });

  it("EKS API endpoints are private, or public only for an allow-list without 0.0.0.0/0", () => {
    const clusters = resources("aws_eks_cluster");
    for (const { body } of clusters) {
      expect(body.vpc_config.endpoint_private_access).toBe(true);
      if (body.vpc_config.endpoint_public_access !== false) {
        expect(body.vpc_config.public_access_cidrs?.length).toBeGreaterThan(0);
        expect(isOpen(body.vpc_config.public_access_cidrs)).toBe(false);
      }
    }
    if (has("aws_eks_cluster")) expect(clusters.length).toBeGreaterThan(0);
  });

  it("GKE clusters have private nodes and master authorized networks without 0.0.0.0/0", () => {
    const clusters = resources("google_container_cluster");
    for (const { body } of clusters) {
      expect(body.private_cluster_config?.enable_private_nodes).toBe(true);
      expect(body.master_authorized_networks_config).toBeDefined();
      expect(isOpen((body.master_authorized_networks_config.cidr_blocks ?? []).map((c: Body) => c.cidr_block))).toBe(false);
      expect(body.master_authorized_networks_config.gcp_public_cidrs_access_enabled).not.toBe(true);
    }
  });

  it("every launch template requires IMDSv2", () => {
    const templates = resources("aws_launch_template");
    for (const { id, body } of templates) expect([id, body.metadata_options?.http_tokens]).toEqual([id, "required"]);
    if (has("aws_eks_node_group")) expect(templates.length).toBeGreaterThan(0);
  });

  it("S3 buckets are private, encrypted and TLS-only", () => {
    const buckets = resources("aws_s3_bucket");
    for (const { stack, id } of buckets) {
      const ref = `aws_s3_bucket.${id}.`;
      const forBucket = (type: string) => resources(type).filter((r) => r.stack === stack && String(r.body.bucket).includes(ref));
      const blocks = forBucket("aws_s3_bucket_public_access_block");
      expect(blocks).toHaveLength(1);
      expect(blocks[0].body).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
      const sse = forBucket("aws_s3_bucket_server_side_encryption_configuration");
      expect(sse).toHaveLength(1);
      // The access-log bucket is SSE-S3: S3 server access logging cannot deliver to SSE-KMS (README, Security).
      const isLogTarget = resources("aws_s3_bucket_logging").some((l) => l.stack === stack && String(l.body.target_bucket).includes(ref));
      expect(JSON.stringify(sse[0].body.rule)).toMatch(isLogTarget ? /AES256/ : /aws:kms/);
      const policies = forBucket("aws_s3_bucket_policy").map((p) => JSON.parse(p.body.policy));
      const denyInsecure = policies.flatMap((p) => p.Statement).some((s: Body) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false");
      expect([id, denyInsecure]).toEqual([id, true]);
    }
  });

  it("GCS buckets enforce public access prevention and uniform access", () => {
    for (const { body } of resources("google_storage_bucket")) {
      expect(body.public_access_prevention).toBe("enforced");
      expect(body.uniform_bucket_level_access).toBe(true);
    }
  });

  it("Kubernetes secrets are encrypted with a managed key", () => {
    for (const { body } of resources("aws_eks_cluster")) {
      expect(body.encryption_config).toMatchObject({ resources: ["secrets"], provider: { key_arn: expect.stringMatching(/aws_kms_key\..+\.arn|^arn:aws[a-z-]*:kms:/) } });
    }
    for (const { body } of resources("google_container_cluster")) {
      expect(body.database_encryption).toMatchObject({ state: "ENCRYPTED", key_name: expect.stringMatching(/google_kms_crypto_key\..+|^projects\/.+\/cryptoKeys\//) });
    }
  });

  it("no privileged pods except the documented fabric cases", () => {
    const privileged: { stack: string; container: string }[] = [];
    let podSpecs = 0;
    const visit = (stack: string, node: unknown): void => {
      if (Array.isArray(node)) { node.forEach((n) => visit(stack, n)); return; }
      if (!node || typeof node !== "object") return;
      const obj = node as Body;
      if (Array.isArray(obj.containers)) {
        podSpecs++;
        for (const c of [...obj.containers, ...(obj.initContainers ?? [])]) {
          if (c.securityContext?.privileged === true) privileged.push({ stack, container: c.name });
        }
      }
      Object.values(obj).forEach((v) => visit(stack, v));
    };
    for (const s of stacks) s.docs.forEach((d) => visit(s.name, d.doc));
    // Values handed to upstream charts (helm_release.values) are checked for explicit privileged pods too.
    for (const { stack, body } of resources("helm_release")) {
      for (const v of body.values ?? []) if (/privileged["']?\s*:\s*true/.test(String(v))) privileged.push({ stack, container: `helm_release ${body.name} values` });
    }
    const unexplained = privileged.filter((p) => !(p.container in PRIVILEGED_ALLOW_LIST));
    expect(unexplained).toEqual([]);
    for (const reason of Object.values(PRIVILEGED_ALLOW_LIST)) expect(reason.length).toBeGreaterThan(20);
    if (has("helm_release") && stacks.some((s) => s.docs.length > 0)) expect(podSpecs).toBeGreaterThan(0);
  });

  it("the serving namespace is default-deny for ingress in every stack that serves", () => {
    let servingStacks = 0;
    for (const s of stacks) {
      const inDeepseek = s.docs.filter((d) => d.doc.metadata?.namespace === "deepseek" || (d.doc.kind === "Namespace" && d.doc.metadata?.name === "deepseek"));
      if (!inDeepseek.some((d) => ["Deployment", "LeaderWorkerSet", "Namespace"].includes(d.doc.kind))) continue;
      servingStacks++;
      const denyAll = s.docs.some((d) => d.doc.kind === "NetworkPolicy" && d.doc.metadata?.namespace === "deepseek"
        && Object.keys(d.doc.spec?.podSelector ?? { x: 1 }).length === 0 && (d.doc.spec?.policyTypes ?? []).includes("Ingress") && !d.doc.spec?.ingress?.length);
      expect([s.name, denyAll]).toEqual([s.name, true]);
    }
    if (has("helm_release") && stacks.some((s) => s.docs.length > 0)) expect(servingStacks).toBeGreaterThan(0);
  });
});
