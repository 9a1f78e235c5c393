import { Testing } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GkeControlPlane } from "../../../lib/clouds/gcp/control-plane";
import { GKE_CONTROL_PLANE_DEFAULTS, planGkeControlPlane } from "../../../lib/clouds/gcp/plan-gke-infra";

type Json = Record<string, any>;

const base = { project: "my-project-123", clusterName: "ds-euw4", location: "europe-west4", network: "n", subnetwork: "s", podsRangeName: "pods", servicesRangeName: "svc" };

function synth(props: Partial<ConstructorParameters<typeof GkeControlPlane>[2]> = {}): Json {
  const stack = Testing.synthScope((s) => {
    new GoogleProvider(s, "google", { project: base.project });
    new GkeControlPlane(s, "cp", { ...base, ...props });
  });
  return JSON.parse(stack) as Json;
}

describe("GKE control-plane defaults are the plan's", () => {
  test("planGkeControlPlane fills every default from GKE_CONTROL_PLANE_DEFAULTS and names from the cluster", () => {
    const p = planGkeControlPlane({ project: base.project, clusterName: base.clusterName, location: base.location });
    expect(p).toMatchObject({
      privateEndpoint: true, releaseChannel: "REGULAR", deletionProtection: true, authorizedNetworks: [], multiNetworking: false,
      keyRingName: "ds-euw4-gke", cryptoKeyName: "ds-euw4-gke-secrets", keyRotationPeriodSeconds: 7776000, keyDestroyScheduledDays: 30,
      nodeServiceAccountId: "ds-euw4-nodes", systemMachineType: "e2-standard-4", systemNodesPerZone: { min: 1, max: 3 }, workloadPool: "my-project-123.svc.id.goog",
    });
    expect(planGkeControlPlane({ ...base, releaseChannel: "STABLE", privateEndpoint: false }).releaseChannel).toBe("STABLE");
  });

  test("the emitter writes exactly the planned values, defaults and overrides alike", () => {
    for (const props of [{}, { releaseChannel: "RAPID" as const, privateEndpoint: false, systemMachineType: "e2-standard-8", systemNodesPerZone: { min: 2, max: 4 }, keyRotationPeriodSeconds: 86400 * 30 }]) {
      const planned = planGkeControlPlane({ ...base, ...props });
      const out = synth(props);
      const cluster = Object.values(out.resource.google_container_cluster as Record<string, Json>)[0];
      const pool = Object.values(out.resource.google_container_node_pool as Record<string, Json>)[0];
      const key = Object.values(out.resource.google_kms_crypto_key as Record<string, Json>)[0];
      expect(cluster.release_channel.channel).toBe(planned.releaseChannel);
      expect(cluster.private_cluster_config.enable_private_endpoint).toBe(planned.privateEndpoint);
      expect(cluster.deletion_protection).toBe(planned.deletionProtection);
      expect(pool.node_config.machine_type).toBe(planned.systemMachineType);
      expect(pool.autoscaling).toMatchObject({ min_node_count: planned.systemNodesPerZone.min, max_node_count: planned.systemNodesPerZone.max });
      expect(key.rotation_period).toBe(`${planned.keyRotationPeriodSeconds}s`);
      expect(key.name).toBe(planned.cryptoKeyName);
    }
    expect(GKE_CONTROL_PLANE_DEFAULTS.releaseChannel).toBe("REGULAR");
  });
});
