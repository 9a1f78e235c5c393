import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DeepSeekApp, DeepSeekCluster, DeepSeekConfigError } from "../../lib";
import { planProtection } from "../../lib/plan/protection";
import { DEFAULT_CLUSTERS } from "../../stacks/default-app";

/** The eu-multi cluster (GKE + EKS) with a protection setting; returns its two infra stacks. */
function synthEuMulti(protection?: object): { gcp: any; aws: any } {
  const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "deepseek-protect-")) });
  new DeepSeekCluster(app, "c", { ...DEFAULT_CLUSTERS["eu-multi"], ...(protection ? { protection } : {}) });
  app.synth();
  const read = (s: string) => JSON.parse(readFileSync(join(app.outdir, "stacks", s, "cdk.tf.json"), "utf8")).resource;
  return { gcp: read("c-gcp-euw1-infra"), aws: read("c-aws-eun1-infra") };
}
const values = (byName: Record<string, any>) => Object.values(byName ?? {});

describe("teardown protection", () => {
  test("protected by default: GKE deletion protection, buckets kept, 7-day secret recovery, 30-day key windows", () => {
    const { gcp, aws } = synthEuMulti();
    expect(values(gcp.google_container_cluster).map((c) => c.deletion_protection)).toEqual([true]);
    // Every bucket (models and their access logs) alike.
    expect([...new Set(values(gcp.google_storage_bucket).map((b) => b.force_destroy))]).toEqual([false]);
    // The GKE secrets key and the Hugging Face token secret's key.
    expect(values(gcp.google_kms_crypto_key).map((k) => k.destroy_scheduled_duration)).toEqual(["2592000s", "2592000s"]);
    expect(values(gcp.google_kms_key_ring).map((k) => k.name).sort()).toEqual(["c-gcp-euw1-gke", "c-gcp-euw1-secrets"]);
    expect([...new Set(values(aws.aws_s3_bucket).map((b) => b.force_destroy))]).toEqual([false]);
    // Every key (secrets, model bucket, HF token, control-plane and flow logs) alike.
    expect([...new Set(values(aws.aws_kms_key).map((k) => k.deletion_window_in_days))]).toEqual([30]);
    expect(values(aws.aws_kms_key).length).toBeGreaterThanOrEqual(5);
    expect(values(aws.aws_secretsmanager_secret).map((s) => [s.name, s.recovery_window_in_days])).toEqual([["c-aws-eun1/hf-token", 7]]);
  });

  test("disposable: everything destroyable at once, secrets deleted without recovery, shortest key windows", () => {
    const { gcp, aws } = synthEuMulti({ mode: "disposable" });
    expect(values(gcp.google_container_cluster).map((c) => c.deletion_protection)).toEqual([false]);
    expect([...new Set(values(gcp.google_storage_bucket).map((b) => b.force_destroy))]).toEqual([true]);
    expect(values(gcp.google_kms_crypto_key).map((k) => k.destroy_scheduled_duration)).toEqual([`${7 * 86400}s`, `${7 * 86400}s`]);
    expect([...new Set(values(aws.aws_s3_bucket).map((b) => b.force_destroy))]).toEqual([true]);
    expect([...new Set(values(aws.aws_kms_key).map((k) => k.deletion_window_in_days))]).toEqual([7]);
    expect(values(aws.aws_secretsmanager_secret).map((s) => s.recovery_window_in_days)).toEqual([0]);
  });

  test("a later generation renames what the clouds keep reserved after a destroy, and nothing else", () => {
    const first = synthEuMulti();
    const second = synthEuMulti({ generation: 2 });
    expect(values(second.gcp.google_kms_key_ring).map((k) => k.name).sort()).toEqual(["c-gcp-euw1-gke-g2", "c-gcp-euw1-secrets-g2"]);
    expect(values(second.gcp.google_kms_crypto_key).map((k) => k.name).sort()).toEqual(["c-gcp-euw1-gke-secrets-g2", "c-gcp-euw1-hf-token-g2"]);
    expect(values(second.aws.aws_secretsmanager_secret).map((s) => s.name)).toEqual(["c-aws-eun1/hf-token-g2"]);
    expect(values(second.gcp.google_container_cluster).map((c) => c.name)).toEqual(values(first.gcp.google_container_cluster).map((c) => c.name));
    expect(values(second.gcp.google_storage_bucket).map((c) => c.name)).toEqual(values(first.gcp.google_storage_bucket).map((c) => c.name));
  });

  test("single settings override the mode; bad ones are refused at the cluster's path", () => {
    expect(planProtection({ mode: "disposable", clusterDeletionProtection: true })).toMatchObject({ clusterDeletionProtection: true, destroyModelBuckets: true });
    expect(planProtection().leftBehind.join("\n")).toMatch(/key ring/);
    expect(planProtection({ mode: "disposable" }).leftBehind.join("\n")).not.toMatch(/model buckets/);
    const refusal = (protection: object) => {
      try {
        new DeepSeekCluster(new DeepSeekApp(), "c", { ...DEFAULT_CLUSTERS["b200-us"], protection });
      } catch (e) {
        return e as DeepSeekConfigError;
      }
      throw new Error("not refused");
    };
    expect(refusal({ secretRecoveryWindowDays: 3 }).path).toBe("c.protection.secretRecoveryWindowDays");
    expect(refusal({ keyDeletionWindowDays: 90 }).path).toBe("c.protection.keyDeletionWindowDays");
    expect(refusal({ mode: "yolo" }).path).toBe("c.protection.mode");
    expect(refusal({ forceDestroy: true }).path).toBe("c.protection.forceDestroy");
  });
});
