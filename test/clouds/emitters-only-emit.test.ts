import { Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { EksGpuNodePool } from "../../lib/clouds/aws/gpu-node-pool";
import { planEksGpuPool, type EksGpuPoolPlan } from "../../lib/clouds/aws/plan-aws-gpu-nodes";
import { GkeControlPlane } from "../../lib/clouds/gcp/control-plane";
import { planGkeControlPlane } from "../../lib/clouds/gcp/plan-gke-control-plane";
import { DeepSeekConfigError } from "../../lib/errors";
import { GkeServingIdentities } from "../../lib/clouds/gcp/identities";
import { planGkeModelBucket, planGkeServingIdentities, secretManagerAgentMember } from "../../lib/clouds/gcp/plan-gke-identities";
import { ModelBucket } from "../../lib/clouds/aws/model-bucket";
import { EksWorkloadIdentity } from "../../lib/clouds/aws/workload-identity";
import { planModelBucket, planWorkloadIdentity } from "../../lib/clouds/aws/plan-aws-storage";
import { EksControlPlane } from "../../lib/clouds/aws/control-plane";
import { planEksInfra } from "../../lib/clouds/aws/plan-aws-infra";
import { chooseGpuNodePool } from "../../lib/clouds/plan-gpu-node-pool";
import { planDeployment } from "../../lib/plan/index";

/**
 * Issue 15: the GPU pool's offerings check and the GKE control plane's choices (key and node
 * account given or created, the system pool) are decided in the plan; the constructs write what
 * the plan says. Each test hands an emitter a plan edited by hand: an emitter that still decided
 * for itself would write its own choice instead of the edited one.
 */
type Json = Record<string, any>;
const first = (o: Json | undefined): Json => Object.values(o ?? {})[0] as Json;

const aws = planDeployment({ model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" });
const subnets = [{ subnetId: "subnet-a", zone: "us-east-2a" }, { subnetId: "subnet-b", zone: "us-east-2b" }];
const poolJson = (pool: EksGpuPoolPlan): Json => JSON.parse(Testing.synthScope((s) => {
  new AwsProvider(s, "aws", { region: "us-east-2" });
  new EksGpuNodePool(s, "gpu", { plan: aws, pool, clusterName: "c", vpcId: "vpc-1" });
})) as Json;

describe("EksGpuNodePool: the instance-offering check is the plan's", () => {
  test("planned off (checkInstanceTypeOffering: false): no offerings data source, every subnet used", () => {
    const pool = planEksGpuPool(aws, { clusterName: "c", subnets, checkInstanceTypeOffering: false });
    expect(pool.offerings).toEqual({ check: false });
    const out = poolJson(pool);
    expect(out.data?.aws_ec2_instance_type_offerings).toBeUndefined();
    expect(first(out.resource.aws_eks_node_group).subnet_ids).toEqual(["subnet-a", "subnet-b"]);
  });

  test("planned on by default, filtering several zones: the data source asks about the planned zones, and any one may offer", () => {
    const pool = planEksGpuPool(aws, { clusterName: "c", subnets });
    expect(pool.offerings).toMatchObject({ check: true, zones: ["us-east-2a", "us-east-2b"], filterSubnets: true, offeredIn: "any" });
    const data = first(poolJson(pool).data.aws_ec2_instance_type_offerings);
    expect(data.filter[1].values).toEqual(["us-east-2a", "us-east-2b"]);
    expect(data.lifecycle.postcondition[0].condition).toBe("${length(self.locations) > 0}");
  });

  test("a plan edited by hand is written as edited (zones, all-zones condition, message, no filtering)", () => {
    const pool = planEksGpuPool(aws, { clusterName: "c", subnets });
    const edited: EksGpuPoolPlan = { ...pool, offerings: { check: true, zones: ["us-east-2c"], filterSubnets: false, offeredIn: "all", errorMessage: "planted" } };
    const out = poolJson(edited);
    const data = first(out.data.aws_ec2_instance_type_offerings);
    expect(data.filter[1].values).toEqual(["us-east-2c"]);
    expect(data.lifecycle.postcondition[0]).toEqual({ condition: '${alltrue([for z in ["us-east-2c"] : contains(self.locations, z)])}', error_message: "planted" });
    expect(first(out.resource.aws_eks_node_group).subnet_ids).toEqual(["subnet-a", "subnet-b"]);
    // Names and replacement order are the plan's too.
    const renamed = poolJson({ ...pool, resourceNames: { ...pool.resourceNames, launchTemplateSuffix: "-planted-", nodeGroupPrefix: "planted-" }, createBeforeDestroy: false });
    expect(first(renamed.resource.aws_launch_template).name_prefix).toBe("c-planted-");
    expect(first(renamed.resource.aws_eks_node_group).node_group_name_prefix).toBe("planted-");
    expect(first(renamed.resource.aws_eks_node_group).lifecycle.create_before_destroy).toBe(false);
  });

  test("the constructor refuses checkInstanceTypeOffering (decided in the plan), saying where it goes; fromOptions takes it", () => {
    const pool = planEksGpuPool(aws, { clusterName: "c", subnets });
    expect(() => Testing.synthScope((s) => { new EksGpuNodePool(s, "gpu", { plan: aws, pool, clusterName: "c", vpcId: "vpc-1", checkInstanceTypeOffering: false } as never); }))
      .toThrow(/^gpu\.checkInstanceTypeOffering: is decided in the pool's plan .*planEksGpuPool\(plan, \{ checkInstanceTypeOffering \}\)/);
    const out = JSON.parse(Testing.synthScope((s) => {
      new AwsProvider(s, "aws", { region: "us-east-2" });
      EksGpuNodePool.fromOptions(s, "gpu", { plan: aws, clusterName: "c", vpcId: "vpc-1", subnets, checkInstanceTypeOffering: false });
    })) as Json;
    expect(out.data?.aws_ec2_instance_type_offerings).toBeUndefined();
    expect(() => planEksGpuPool(aws, { clusterName: "c", subnets, checkInstanceTypeOffering: "no" as never })).toThrow(DeepSeekConfigError);
  });
});

describe("GkeControlPlane: what it creates is the plan's", () => {
  const base = { project: "my-project-123", clusterName: "ds-euw4", location: "europe-west4-b", network: "n", subnetwork: "s", podsRangeName: "pods", servicesRangeName: "svc" };
  const synth = (props: Json = {}): Json => JSON.parse(Testing.synthScope((s) => {
    new GoogleProvider(s, "google", { project: base.project });
    new GkeControlPlane(s, "cp", { ...base, ...props } as never);
  })) as Json;

  test("defaults: a key ring in the zone's region, the planned rotation and destruction periods, a looked-up project number, a created node account", () => {
    const plan = planGkeControlPlane(base);
    expect(plan.secretsKey).toEqual({
      kind: "create", keyRingName: "ds-euw4-gke", cryptoKeyName: "ds-euw4-gke-secrets", location: "europe-west4",
      rotationPeriod: "7776000s", destroyScheduledDuration: "2592000s", projectNumber: { kind: "lookup" },
    });
    expect(plan.nodeServiceAccount).toEqual({ kind: "create", accountId: "ds-euw4-nodes", displayName: "GKE nodes of ds-euw4", role: "roles/container.defaultNodeServiceAccount" });
    const out = synth();
    expect(first(out.resource.google_kms_key_ring).location).toBe("europe-west4");
    expect(first(out.resource.google_kms_crypto_key)).toMatchObject({ rotation_period: "7776000s", destroy_scheduled_duration: "2592000s" });
    expect(first(out.data.google_project).project_id).toBe("my-project-123");
    expect(first(out.resource.google_project_iam_member).role).toBe("roles/container.defaultNodeServiceAccount");
    expect(first(out.resource.google_container_node_pool).node_config).toMatchObject({ image_type: "COS_CONTAINERD", disk_type: "pd-balanced", disk_size_gb: 100 });
  });

  test("given key, project number and node account: nothing of them is created, the given ones are used", () => {
    const given = { databaseEncryptionKeyName: "projects/p/locations/l/keyRings/r/cryptoKeys/k", nodeServiceAccountEmail: "nodes@p.iam.gserviceaccount.com", keyDestroyScheduledDays: 7 };
    expect(planGkeControlPlane({ ...base, ...given }).secretsKey).toEqual({ kind: "existing", name: given.databaseEncryptionKeyName });
    const out = synth(given);
    expect(out.resource.google_kms_key_ring).toBeUndefined();
    expect(out.resource.google_service_account).toBeUndefined();
    expect(first(out.resource.google_container_cluster).database_encryption.key_name).toBe(given.databaseEncryptionKeyName);
    expect(first(out.resource.google_container_node_pool).node_config.service_account).toBe(given.nodeServiceAccountEmail);
    const numbered = synth({ projectNumber: "123456789012" });
    expect(numbered.data?.google_project).toBeUndefined();
    expect(first(numbered.resource.google_kms_crypto_key_iam_member).member).toBe("serviceAccount:service-123456789012@container-engine-robot.iam.gserviceaccount.com");
  });
});

describe("GKE identities and bucket, AWS bucket and identities: names, windows and choices are the plans'", () => {
  const gcp = planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "gcp", region: "europe-west4" });
  const ids = { project: "my-project-123", serverAccountId: "ds-euw4-server", stagerAccountId: "ds-euw4-stager", hfTokenSecretId: "ds-euw4-hf-token" };

  test("GkeServingIdentities writes planGkeServingIdentities: accounts, key, its agent grant, bindings", () => {
    const plan = planGkeServingIdentities(gcp, { ...ids, keyDestroyScheduledDays: 7, projectNumber: "42" });
    expect(plan.secretsReader.accountId).toBe("ds-euw4-secrets");
    expect(plan.secretKey).toMatchObject({ kind: "create", keyRingName: "ds-euw4-hf-token", cryptoKeyName: "ds-euw4-hf-token-key", destroyScheduledDuration: "604800s" });
    const out = JSON.parse(Testing.synthScope((s) => {
      new GoogleProvider(s, "google", { project: ids.project });
      new GkeServingIdentities(s, "ids", { plan: gcp, bucketName: "b", ...ids, keyDestroyScheduledDays: 7, projectNumber: "42" });
    })) as Json;
    expect(Object.values(out.resource.google_service_account as Record<string, Json>).map((a) => a.account_id).sort()).toEqual(["ds-euw4-secrets", "ds-euw4-server", "ds-euw4-stager"]);
    expect(first(out.resource.google_kms_crypto_key).destroy_scheduled_duration).toBe("604800s");
    expect(first(out.resource.google_kms_crypto_key_iam_member).member).toBe(secretManagerAgentMember("42"));
    expect(Object.values(out.resource.google_service_account_iam_member as Record<string, Json>).map((m) => m.member).sort())
      .toEqual(plan.workloadIdentity.map((w) => w.member).sort());
    // A given key outside the secret's region is refused by the planner, at the construct's path.
    expect(() => planGkeServingIdentities(gcp, { ...ids, secretKmsKeyName: "projects/p/locations/us-east1/keyRings/r/cryptoKeys/k" }, (f) => `ids.${f}`))
      .toThrow(/^ids\.secretKmsKeyName: is in us-east1, not in the secret's region europe-west4/);
  });

  test("GkeModelBucket and ModelBucket: location, log bucket name and force_destroy are the plans'", () => {
    expect(planGkeModelBucket(gcp, { bucketName: "x".repeat(63) })).toMatchObject({ location: "europe-west4", forceDestroy: false, logBucketName: `${"x".repeat(58)}-logs` });
    expect(planModelBucket({ bucketPrefix: "a".repeat(37) })).toMatchObject({ logBucketPrefix: `${"a".repeat(32)}-log-`, forceDestroy: false, keyDeletionWindowDays: 30 });
    const out = JSON.parse(Testing.synthScope((s) => {
      new AwsProvider(s, "aws", { region: "us-east-2" });
      new ModelBucket(s, "m", { bucketPrefix: "models-", keyDeletionWindowDays: 7, forceDestroy: true });
      new EksWorkloadIdentity(s, "id", {
        clusterName: "c".repeat(30), namespace: "deepseek", serviceAccounts: { server: "s", modelStager: "m" }, bucketArn: "arn:aws:s3:::b", bucketKmsKeyArn: "k", hfTokenSecretName: "hf",
      });
    })) as Json;
    const roles = Object.values(out.resource.aws_iam_role as Record<string, Json>).map((r) => r.name_prefix).sort();
    expect(roles).toEqual(Object.values(planWorkloadIdentity({ clusterName: "c".repeat(30) }).rolePrefixes).filter((r) => !r.includes("secrets")).sort());
    expect(Object.values(out.resource.aws_s3_bucket as Record<string, Json>).map((b) => b.bucket_prefix).sort()).toEqual(["models-", "models--log-"]);
    expect(Object.values(out.resource.aws_kms_key as Record<string, Json>).map((k) => k.deletion_window_in_days).sort()).toEqual([30, 7]);
  });
});

describe("EksControlPlane: names and key windows are the plan's", () => {
  test("a hand-edited infra plan's names and deletion window are written as edited; an infra without them is refused", () => {
    const infra = planEksInfra(aws, {});
    const edited = { ...infra, keyDeletionWindowDays: 7, controlPlaneNames: { ...infra.controlPlaneNames, secretsKeyAlias: "alias/planted", clusterRolePrefix: "planted-cluster-" } };
    const out = JSON.parse(Testing.synthScope((s) => {
      new AwsProvider(s, "aws", { region: "us-east-2" });
      new EksControlPlane(s, "cp", { infra: edited, subnetIds: ["subnet-a", "subnet-b"] });
    })) as Json;
    expect(first(out.resource.aws_kms_alias).name).toBe("alias/planted");
    expect(Object.values(out.resource.aws_iam_role as Record<string, Json>).map((r) => r.name_prefix)).toContain("planted-cluster-");
    expect(Object.values(out.resource.aws_kms_key as Record<string, Json>).every((k) => k.deletion_window_in_days === 7)).toBe(true);
    const { controlPlaneNames: _n, ...without } = infra;
    void _n;
    expect(() => Testing.synthScope((s) => { new EksControlPlane(s, "cp", { infra: without as never, subnetIds: ["subnet-a", "subnet-b"] }); })).toThrow(DeepSeekConfigError);
  });
});

describe("GpuNodePool: the plan's cloud picks the pool in a pure function", () => {
  test("chooseGpuNodePool picks the plan's cloud, refuses the other cloud's options, and roots option paths", () => {
    const eks = { clusterName: "c" };
    const gke = { cluster: "c" };
    const picked = chooseGpuNodePool({ cloud: "aws" }, { eks }, "gpus");
    expect(picked.cloud).toBe("aws");
    expect(picked.options).toBe(eks);
    expect([picked.at("subnets"), picked.at("plan.nodeType")]).toEqual(["gpus.eks.subnets", "gpus.plan.nodeType"]);
    expect(chooseGpuNodePool({ cloud: "gcp" }, { gke }, "gpus").at("name")).toBe("gpus.gke.name");
    expect(() => chooseGpuNodePool({ cloud: "aws" }, { gke }, "gpus")).toThrow(/^gpus\.eks: is required for an AWS plan/);
    expect(() => chooseGpuNodePool({ cloud: "aws" }, { eks, gke }, "gpus")).toThrow(/^gpus\.gke: applies to GCP plans only/);
    expect(() => chooseGpuNodePool({ cloud: "gcp" }, { eks, gke }, "gpus")).toThrow(/^gpus\.eks: applies to AWS plans only/);
  });
});
