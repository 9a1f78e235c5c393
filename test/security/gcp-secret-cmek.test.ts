import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DeepSeekConfigError } from "../../lib/errors";
import { GkeServingIdentities } from "../../lib/gcp";
import { Testing } from "../../lib/internal/tf";
import { planDeployment } from "../../lib/plan/index";
import { defaultAppOutdir } from "../support/default-app";

/*
 * The GKE Hugging Face token secret is encrypted with a customer-managed Cloud KMS key in the
 * placement's region (Secret Manager CMEK, cloud.google.com/secret-manager/docs/cmek: the key must
 * be in the replica's location), usable only by the Secret Manager service agent. Checked over every
 * GKE infra stack of the default app, and on the construct alone.
 */

type Json = Record<string, any>;
const ref = (s: string) => /^\$\{([a-z_]+)\.([^.}]+)\.[a-z_]+\}$/.exec(s);

let stacks: { name: string; json: Json }[];
beforeAll(() => {
  const dir = join(defaultAppOutdir(), "stacks");
  stacks = readdirSync(dir).map((name) => ({ name, json: JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")) }))
    .filter((s) => s.json.resource?.google_secret_manager_secret);
}, 60_000);

describe("GKE Hugging Face token secret: customer-managed key in the placement's region", () => {
  test("every GKE infra stack: replica in the region, key in the same region, rotated, only Secret Manager's agent may use it", () => {
    expect(stacks.length).toBeGreaterThanOrEqual(2);
    for (const s of stacks) {
      const r = s.json.resource;
      for (const secret of Object.values(r.google_secret_manager_secret) as Json[]) {
        const replicas = secret.replication.user_managed.replicas as Json[];
        expect(replicas).toHaveLength(1);
        const { location, customer_managed_encryption: cmek } = replicas[0];
        const m = ref(String(cmek?.kms_key_name));
        expect([s.name, m?.[1]]).toEqual([s.name, "google_kms_crypto_key"]);
        const key = r.google_kms_crypto_key[m![2]];
        const ringRef = ref(key.key_ring)!;
        const ring = r.google_kms_key_ring[ringRef[2]];
        expect([s.name, ring.location]).toEqual([s.name, location]);
        expect(parseInt(key.rotation_period, 10)).toBeLessThanOrEqual(90 * 86400);
        const members = (Object.values(r.google_kms_crypto_key_iam_member ?? {}) as Json[]).filter((g) => String(g.crypto_key_id).includes(`.${m![2]}.`));
        expect(members.map((g) => [g.role, String(g.member).replace(/service-.*@/, "service-N@")])).toEqual([
          ["roles/cloudkms.cryptoKeyEncrypterDecrypter", "serviceAccount:service-N@gcp-sa-secretmanager.iam.gserviceaccount.com"],
        ]);
        // The secret waits for the grant, or its creation fails on a key the agent cannot use.
        expect((secret.depends_on ?? []).some((d: string) => d.startsWith("google_kms_crypto_key_iam_member."))).toBe(true);
      }
    }
  });

  const plan = planDeployment({ model: "deepseek-r1", hardware: "8xB200", cloud: "gcp", region: "europe-west4" });
  const base = { plan, project: "p-123456", bucketName: "b", serverAccountId: "ds-x-server", stagerAccountId: "ds-x-stager", hfTokenSecretId: "hf" };

  test("a key of the consumer's own is used as given when it is in the region; a key elsewhere is refused with its path", () => {
    const key = "projects/p/locations/europe-west4/keyRings/r/cryptoKeys/k";
    const json = JSON.parse(Testing.synthScope((scope) => { new GkeServingIdentities(scope, "ids", { ...base, secretKmsKeyName: key }); }));
    const secret = Object.values(json.resource.google_secret_manager_secret)[0] as Json;
    expect(secret.replication.user_managed.replicas[0].customer_managed_encryption).toEqual({ kms_key_name: key });
    expect(json.resource.google_kms_crypto_key).toBeUndefined();
    let err: unknown;
    try {
      Testing.synthScope((scope) => { new GkeServingIdentities(scope, "ids", { ...base, secretKmsKeyName: "projects/p/locations/us-central1/keyRings/r/cryptoKeys/k" }); });
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(DeepSeekConfigError);
    expect((err as DeepSeekConfigError).path).toBe("ids.secretKmsKeyName");
    expect((err as Error).message).toMatch(/europe-west4/);
  });
});
