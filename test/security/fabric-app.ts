import { DeepSeekApp, DeepSeekCluster, Jurisdiction } from "../../lib";

/**
 * An app whose stacks carry every GKE GPU fabric, beside the default app (which has none): TCPXO
 * (a3-megagpu-8g), TCPX (a3-highgpu-8g) and GPUDirect RDMA (a3-ultragpu-8g), each a 2-node
 * replica, so the node installers (NCCL plugin installers, NRI device injector) are synthesized.
 * With a jurisdiction ("us"), every stack is region-locked (region-lock-attacks-functions.test.ts).
 */
export function buildFabricApp(outdir: string, jurisdiction?: Jurisdiction): DeepSeekApp {
  const app = new DeepSeekApp({ outdir });
  const gcp = { project: "my-gcp-project" };
  const cluster = (id: string, region: string, hardware: string, nodeType?: string) => new DeepSeekCluster(app, id, {
    model: "deepseek-r1-0528", adminCidrs: "variable", ...(jurisdiction ? { jurisdiction } : {}),
    placements: [{ cloud: "gcp", region, hardware, name: "gcp", gcp, ...(nodeType ? { overrides: { nodeType } } : {}) }],
    endpoint: { hostname: `${id}.deepseek.example.com` },
  });
  cluster("tcpxo", "us-central1", "2x8xH100", "a3-megagpu-8g");
  cluster("tcpx", "us-central1", "2x8xH100", "a3-highgpu-8g");
  cluster("rdma", "us-central1", "2x8xH200");
  return app;
}
