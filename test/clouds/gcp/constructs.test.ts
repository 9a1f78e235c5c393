import "../../support/cdktf-matchers";
import { DeepSeekConfigError } from "../../../lib/errors";
import { GkeGpuNodePool, GkeInfra, GkeInfraOptions, GkeServingIdentities } from "../../../lib/gcp";
import {
  ComputeNetwork, ComputeRouterNat, ComputeSubnetwork, ContainerCluster, ContainerNodePool, GoogleProvider, KmsCryptoKey,
  KmsCryptoKeyIamMember, SecretManagerSecret, SecretManagerSecretIamMember, ServiceAccountIamMember, StorageBucket, StorageBucketIamMember,
} from "../../../lib/internal/providers/google";
import { TerraformOutput, TerraformStack, Testing } from "../../../lib/internal/tf";
import { DeploymentInput, DeploymentPlan, planDeployment } from "../../../lib/plan/index";

type Synth = Record<string, Record<string, Record<string, Record<string, unknown>>>>;
const plan = (input: Partial<DeploymentInput> & { hardware: string }): DeploymentPlan =>
  planDeployment({ model: "deepseek-r1", cloud: "gcp", region: "us-central1", ...input } as DeploymentInput);

function synthInfra(p: DeploymentPlan, extra: Partial<GkeInfraOptions> = {}): { json: string; parsed: Synth; infra: GkeInfra } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "infra");
  new GoogleProvider(stack, "google", { project: "my-proj", region: p.region });
  const infra = GkeInfra.fromOptions(stack, "gke", { plan: p, project: "my-proj", projectNumber: "123456789012", authorizedNetworks: [{ cidr: "203.0.113.0/24", name: "office" }], ...extra });
  const json = Testing.synth(stack);
  return { json, parsed: JSON.parse(json) as Synth, infra };
}
const resources = (s: Synth, type: string) => Object.values(s.resource[type] ?? {});
const gpuPool = (s: Synth) => resources(s, "google_container_node_pool").find((r) => r.name === "gpu") as Record<string, any>;

describe("GkeInfra 8xH200 (a3-ultragpu-8g, RDMA networks)", () => {
  let synth: { json: string; parsed: Synth; infra: GkeInfra };
  beforeAll(() => { synth = synthInfra(plan({ hardware: "8xH200" })); });

  it("private cluster: private nodes and endpoint, authorized networks without 0.0.0.0/0", () => {
    expect(synth.json).toHaveResourceWithProperties(ContainerCluster, {
      private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true },
      master_authorized_networks_config: { gcp_public_cidrs_access_enabled: false, cidr_blocks: [{ cidr_block: "203.0.113.0/24", display_name: "office" }] },
    });
    expect(synth.json).not.toContain("0.0.0.0/0");
  });

  it("Workload Identity, Dataplane V2 + multi-networking, shielded nodes, release channel, default pool removed", () => {
    expect(synth.json).toHaveResourceWithProperties(ContainerCluster, {
      workload_identity_config: { workload_pool: "my-proj.svc.id.goog" },
      datapath_provider: "ADVANCED_DATAPATH",
      enable_multi_networking: true,
      enable_shielded_nodes: true,
      release_channel: { channel: "REGULAR" },
      remove_default_node_pool: true,
      initial_node_count: 1,
      deletion_protection: true,
      networking_mode: "VPC_NATIVE",
      ip_allocation_policy: { cluster_secondary_range_name: "pods", services_secondary_range_name: "services" },
    });
  });

  it("encrypts Kubernetes secrets with a rotated Cloud KMS key the GKE service agent may use", () => {
    const cluster = resources(synth.parsed, "google_container_cluster")[0];
    expect(cluster.database_encryption).toEqual({ state: "ENCRYPTED", key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\..+\.id\}$/) });
    expect(synth.json).toHaveResourceWithProperties(KmsCryptoKey, { rotation_period: "7776000s", purpose: "ENCRYPT_DECRYPT" });
    expect(synth.json).toHaveResourceWithProperties(KmsCryptoKeyIamMember, {
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: "serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com",
    });
    expect(cluster.depends_on).toEqual([expect.stringMatching(/^google_kms_crypto_key_iam_member\./)]);
  });

  it("a small system pool beside the GPU pool", () => {
    const sys = resources(synth.parsed, "google_container_node_pool").find((r) => r.name === "system") as Record<string, any>;
    expect(sys.autoscaling).toEqual({ min_node_count: 1, max_node_count: 3 });
    expect(sys.node_config).toMatchObject({ machine_type: "e2-standard-4", workload_metadata_config: { mode: "GKE_METADATA" }, shielded_instance_config: { enable_secure_boot: true } });
  });

  it("GPU pool: nvidia-h200-141gb x 8 with the GKE-managed driver, gVNIC, 9 extra NICs, local SSD cache, taint", () => {
    const pool = gpuPool(synth.parsed);
    expect(pool.node_config.machine_type).toBe("a3-ultragpu-8g");
    expect(pool.node_config.guest_accelerator).toEqual([{ type: "nvidia-h200-141gb", count: 8, gpu_driver_installation_config: { gpu_driver_version: "LATEST" } }]);
    expect(pool.node_config.gvnic).toEqual({ enabled: true });
    expect(pool.network_config.additional_node_network_configs).toHaveLength(9);
    expect(pool.node_config.ephemeral_storage_local_ssd_config).toEqual({ local_ssd_count: 32 });
    expect(pool.node_config.taint).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }]);
    expect(pool.node_config.workload_metadata_config).toEqual({ mode: "GKE_METADATA" });
    expect(pool.node_locations).toEqual(["us-central1-b"]);
    expect(pool.placement_policy).toBeUndefined();
  });

  it("RDMA VPC with the RoCE profile and 8 subnets, 2nd gVNIC VPC, node VPC with router and NAT", () => {
    expect(synth.json).toHaveResourceWithProperties(ComputeNetwork, { name: "ds-us-central1-rdma", network_profile: "projects/my-proj/global/networkProfiles/us-central1-b-vpc-roce", mtu: 8896, auto_create_subnetworks: false });
    expect(resources(synth.parsed, "google_compute_subnetwork").filter((s) => String(s.name).startsWith("ds-us-central1-rdma-sub-"))).toHaveLength(8);
    expect(synth.json).toHaveResourceWithProperties(ComputeNetwork, { name: "ds-us-central1-gvnic-1" });
    expect(synth.json).toHaveResourceWithProperties(ComputeSubnetwork, {
      name: "ds-us-central1-nodes", ip_cidr_range: "10.0.0.0/20", private_ip_google_access: true,
      secondary_ip_range: [{ range_name: "pods", ip_cidr_range: "10.4.0.0/14" }, { range_name: "services", ip_cidr_range: "10.8.0.0/20" }],
    });
    expect(synth.json).toHaveResourceWithProperties(ComputeRouterNat, { source_subnetwork_ip_ranges_to_nat: "ALL_SUBNETWORKS_ALL_IP_RANGES" });
    expect(resources(synth.parsed, "google_compute_network")).toHaveLength(3);
  });

  it("model bucket: regional, uniform access, public access prevention enforced", () => {
    expect(synth.json).toHaveResourceWithProperties(StorageBucket, {
      name: "my-proj-ds-us-central1-models", location: "us-central1", uniform_bucket_level_access: true, public_access_prevention: "enforced", force_destroy: false,
    });
  });

  it("identities: server reads the bucket, stager writes it, only the secrets reader reads the token; Workload Identity for servingNames", () => {
    expect(synth.json).toHaveResourceWithProperties(StorageBucketIamMember, { role: "roles/storage.objectViewer" });
    expect(synth.json).toHaveResourceWithProperties(StorageBucketIamMember, { role: "roles/storage.objectAdmin" });
    // Plus the usage-log writer on the access-log bucket (Cloud Storage usage logs).
    expect(resources(synth.parsed, "google_storage_bucket_iam_member").map((m: any) => m.member).filter((m: string) => !m.startsWith("group:cloud-storage-analytics@"))).toHaveLength(2);
    const accounts = Object.entries(synth.parsed.resource.google_service_account ?? {});
    const ref = (accountId: string) => `\${google_service_account.${accounts.find(([, a]) => a.account_id === accountId)![0]}.member}`;
    // The HF token: one accessor, the secrets reader; neither the server nor the stager.
    const tokenMembers = resources(synth.parsed, "google_secret_manager_secret_iam_member");
    expect(tokenMembers).toEqual([expect.objectContaining({ role: "roles/secretmanager.secretAccessor", member: ref("ds-us-central1-secrets") })]);
    expect(synth.json).toHaveResourceWithProperties(SecretManagerSecretIamMember, { role: "roles/secretmanager.secretAccessor", member: ref("ds-us-central1-secrets") });
    // The API keys: the secrets reader only, conditioned on the placement's prefix.
    const projectMembers = resources(synth.parsed, "google_project_iam_member").filter((m) => m.role === "roles/secretmanager.secretAccessor");
    expect(projectMembers).toEqual([expect.objectContaining({ member: ref("ds-us-central1-secrets"), condition: expect.objectContaining({ title: "deepseek-api-keys" }) })]);
    for (const id of ["ds-us-central1-server", "ds-us-central1-stager"]) {
      expect(JSON.stringify([...tokenMembers, ...projectMembers])).not.toContain(ref(id));
    }
    expect(synth.json).toHaveResourceWithProperties(ServiceAccountIamMember, { role: "roles/iam.workloadIdentityUser", member: "serviceAccount:my-proj.svc.id.goog[deepseek/trtllm-server]" });
    expect(synth.json).toHaveResourceWithProperties(ServiceAccountIamMember, { role: "roles/iam.workloadIdentityUser", member: "serviceAccount:my-proj.svc.id.goog[deepseek/model-stager]" });
    const readerBinding = resources(synth.parsed, "google_service_account_iam_member").find((m) => m.member === "serviceAccount:my-proj.svc.id.goog[deepseek/secrets-reader]");
    expect(readerBinding).toMatchObject({ role: "roles/iam.workloadIdentityUser", service_account_id: expect.stringContaining(accounts.find(([, a]) => a.account_id === "ds-us-central1-secrets")![0]) });
    expect(synth.json).toHaveResourceWithProperties(SecretManagerSecret, { secret_id: "ds-us-central1-hf-token", replication: { user_managed: { replicas: [{ location: "us-central1", customer_managed_encryption: { kms_key_name: expect.stringMatching(/^\$\{google_kms_crypto_key\.\S+hf-token-key\S*\.id\}$/) } }] } } });
    expect(synth.json).not.toContain("google_secret_manager_secret_version");
    expect(synth.json).not.toMatch(/roles\/(owner|editor)"/);
  });

  it("puts the secrets reader's email in the target", () => {
    expect(synth.infra.secretsReaderServiceAccountEmail).toMatch(/^\$\{TfToken/);
    expect(synth.infra.target.secretsReaderIdentity).toEqual({ gcpServiceAccountEmail: synth.infra.secretsReaderServiceAccountEmail });
    expect(synth.infra.target.secretsReaderIdentity?.gcpServiceAccountEmail).not.toBe(synth.infra.stagerServiceAccountEmail);
  });

  it("exposes the ClusterTarget and the multi-network objects", () => {
    const t = synth.infra.target;
    expect(t.cloud).toBe("gcp");
    expect(t.project).toBe("my-proj");
    expect(t.endpoint).toMatch(/^https:\/\/\$\{TfToken/);
    expect(t.workloadIdentity.gcpServiceAccountEmail).toBeDefined();
    expect(synth.infra.networkObjects).toHaveLength(18);
  });
});

describe("GkeInfra 8xB200 (a4-highgpu-8g)", () => {
  it("nvidia-b200 x 8 on a4-highgpu-8g with 9 extra NICs", () => {
    const { parsed } = synthInfra(plan({ hardware: "8xB200" }));
    const pool = gpuPool(parsed);
    expect(pool.node_config.machine_type).toBe("a4-highgpu-8g");
    expect(pool.node_config.guest_accelerator[0]).toMatchObject({ type: "nvidia-b200", count: 8 });
    expect(pool.network_config.additional_node_network_configs).toHaveLength(9);
  });
});

describe("GkeInfra 2x8xH100 (a3-megagpu-8g, two nodes per replica)", () => {
  let parsed: Synth;
  beforeAll(() => { parsed = synthInfra(plan({ hardware: "2x8xH100" })).parsed; });
  it("COMPACT placement in one zone, autoscaling in pairs, 8 TCPXO NICs", () => {
    const pool = gpuPool(parsed);
    expect(pool.placement_policy).toEqual({ type: "COMPACT" });
    expect(pool.node_locations).toEqual(["us-central1-a"]);
    expect(pool.autoscaling).toEqual({ total_min_node_count: 2, total_max_node_count: 4, location_policy: "ANY" });
    expect(pool.node_config.guest_accelerator[0]).toMatchObject({ type: "nvidia-h100-mega-80gb", count: 8 });
    expect(pool.network_config.additional_node_network_configs).toHaveLength(8);
    expect(resources(parsed, "google_compute_network").filter((n) => n.mtu === 8244)).toHaveLength(9);
    expect(resources(parsed, "google_compute_firewall").every((f) => !(f.source_ranges as string[]).includes("0.0.0.0/0"))).toBe(true);
  });
  it("upgrades a whole replica at a time, without surge nodes", () => {
    expect(gpuPool(parsed).upgrade_settings).toEqual({ strategy: "SURGE", max_surge: 0, max_unavailable: 2 });
  });
});

describe("capacity shapes", () => {
  it("reservation: SPECIFIC_RESERVATION with the block", () => {
    const { parsed } = synthInfra(plan({ hardware: "8xB200", capacity: { kind: "reservation", id: "my-res", zone: "us-central1-b", nodes: 2, block: "blk-1" } }));
    expect(gpuPool(parsed).node_config.reservation_affinity).toEqual({
      consume_reservation_type: "SPECIFIC_RESERVATION", key: "compute.googleapis.com/reservation-name", values: ["my-res/reservationBlocks/blk-1"],
    });
  });
  it("flex-start: flex_start, no auto-repair, NO_RESERVATION, max_run_duration, COMPACT on a3-ultragpu", () => {
    const { parsed } = synthInfra(plan({ hardware: "2x8xH200", capacity: { kind: "flex-start" } }));
    const pool = gpuPool(parsed);
    expect(pool.node_config).toMatchObject({ flex_start: true, max_run_duration: "604800s", reservation_affinity: { consume_reservation_type: "NO_RESERVATION" } });
    expect(pool.node_config.spot).toBeUndefined();
    expect(pool.management).toEqual({ auto_repair: false, auto_upgrade: true });
    expect(pool.placement_policy).toEqual({ type: "COMPACT" });
    expect(pool.initial_node_count).toBeUndefined();
  });
  it("queued provisioning: enabled, NO_RESERVATION, min 0, no COMPACT, no auto-upgrade", () => {
    const { parsed } = synthInfra(plan({ hardware: "2x8xH100", capacity: { kind: "queued" }, replicas: { min: 0, max: 2 } }));
    const pool = gpuPool(parsed);
    expect(pool.queued_provisioning).toEqual({ enabled: true });
    expect(pool.node_config.reservation_affinity).toEqual({ consume_reservation_type: "NO_RESERVATION" });
    expect(pool.autoscaling).toMatchObject({ total_min_node_count: 0 });
    expect(pool.placement_policy).toBeUndefined();
    expect(pool.management).toEqual({ auto_repair: true, auto_upgrade: false });
  });
  it("spot", () => {
    const { parsed } = synthInfra(plan({ hardware: "8xB200", capacity: { kind: "spot" } }));
    expect(gpuPool(parsed).node_config).toMatchObject({ spot: true, reservation_affinity: { consume_reservation_type: "NO_RESERVATION" } });
  });
});

describe("refusals at synth", () => {
  it("refuses 0.0.0.0/0 as an authorized network", () => {
    expect(() => synthInfra(plan({ hardware: "8xB200" }), { authorizedNetworks: [{ cidr: "0.0.0.0/0", name: "all" }] })).toThrow(
      'gke.authorizedNetworks.0.cidr: opens the control plane to the whole internet (got "0.0.0.0/0"); list the CIDRs of your admin networks or CI runners instead',
    );
  });
  it("refuses an AWS plan", () => {
    const aws = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
    expect(() => synthInfra(aws)).toThrow(DeepSeekConfigError);
    expect(() => synthInfra(aws)).toThrow('gke.plan: must be a DeploymentPlan for cloud "gcp"');
  });
  it("refuses flex-start with auto-repair through the construct", () => {
    expect(() => synthInfra(plan({ hardware: "2x8xH200", capacity: { kind: "flex-start" } }), { gpuPool: { autoRepair: true } })).toThrow(
      "autoRepair: DWS flex-start node pools need auto-repair off (got true); set autoRepair to false (or leave it unset)",
    );
  });
});

describe("GkeGpuNodePool alone in a consumer stack", () => {
  it("uses the consumer's cluster and network names", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "consumer");
    new GoogleProvider(stack, "google", { project: "their-proj" });
    const p = plan({ hardware: "2x8xH100" });
    GkeGpuNodePool.fromOptions(stack, "gpus", {
      plan: p, cluster: "projects/their-proj/locations/us-central1/clusters/theirs", serviceAccountEmail: "nodes@their-proj.iam.gserviceaccount.com",
      additionalNodeNetworks: Array.from({ length: 8 }, (_, i) => ({ network: `their-gpu-${i}`, subnetwork: `their-gpu-${i}-sub` })),
    });
    const json = Testing.synth(stack);
    expect(json).toHaveResourceWithProperties(ContainerNodePool, {
      cluster: "projects/their-proj/locations/us-central1/clusters/theirs", location: "us-central1",
      network_config: { additional_node_network_configs: Array.from({ length: 8 }, (_, i) => ({ network: `their-gpu-${i}`, subnetwork: `their-gpu-${i}-sub` })) },
      placement_policy: { type: "COMPACT" },
    });
    const parsed = JSON.parse(json) as Synth;
    expect(Object.keys(parsed.resource)).toEqual(["google_container_node_pool"]);
  });
});

describe("cross-stack outputs", () => {
  it("the serving stack reads the target through remote state of the infra stack", () => {
    const app = Testing.app();
    const infraStack = new TerraformStack(app, "gcp-us-central1-infra");
    new GoogleProvider(infraStack, "google", { project: "my-proj" });
    const infra = GkeInfra.fromOptions(infraStack, "gke", { plan: plan({ hardware: "8xB200" }), project: "my-proj", projectNumber: "123456789012" });
    const serving = new TerraformStack(app, "gcp-us-central1-serving");
    new TerraformOutput(serving, "endpoint", { value: infra.target.endpoint });
    new TerraformOutput(serving, "bucket", { value: infra.target.modelBucket });
    app.synth();
    const servingJson = JSON.parse(Testing.synth(serving)) as Synth;
    expect(Object.keys(servingJson.data?.terraform_remote_state ?? {})).toHaveLength(1);
    const infraJson = JSON.parse(Testing.synth(infraStack)) as Synth;
    expect(Object.keys(infraJson.output ?? {}).length).toBeGreaterThanOrEqual(2);
  });
});

describe("GkeServingIdentities alone", () => {
  it("derives the secrets reader's account id from the server's, and binds it to the secrets-reader KSA", () => {
    const json = Testing.synthScope((scope) => {
      new GkeServingIdentities(scope, "ids", { plan: plan({ hardware: "8xB200" }), project: "p-123456", bucketName: "b", serverAccountId: "ds-x-server", stagerAccountId: "ds-x-stager", hfTokenSecretId: "hf" });
    });
    const parsed = JSON.parse(json) as Synth;
    expect(resources(parsed, "google_service_account").map((a) => a.account_id).sort()).toEqual(["ds-x-secrets", "ds-x-server", "ds-x-stager"]);
    expect(json).toHaveResourceWithProperties(ServiceAccountIamMember, { role: "roles/iam.workloadIdentityUser", member: "serviceAccount:p-123456.svc.id.goog[deepseek/secrets-reader]" });
    expect(resources(parsed, "google_secret_manager_secret_iam_member")).toHaveLength(1);
  });
});
