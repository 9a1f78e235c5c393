import { DeepSeekApp, DeepSeekAppConfig, DeepSeekCluster, DeepSeekClusterProps } from "../lib";

/**
 * Placeholder GCP project; replace it with yours here (it names the model bucket and the workload
 * pool, so it is part of the reviewed synth; `terraform plan` refuses the placeholder).
 */
const GCP_PROJECT = "my-gcp-project";

/**
 * Cluster API endpoints are private. The serving stacks' Kubernetes and Helm providers must reach
 * them, so deploy from inside the VPC (VPN, bastion, in-VPC runner) or give the CIDRs of the
 * machines that deploy at deploy time, in each infra stack's Terraform variable `admin_cidrs`
 * (`TF_VAR_admin_cidrs='["203.0.113.0/24"]'`; never 0.0.0.0/0): `adminCidrs: "variable"` below.
 * The synth, and so the reviewed plan, is the same either way.
 */
const aws = {};
const gcp = (project: string) => ({ project });

/** The four deployments the project ships. Edit these, then `npx cdktf deploy '*'`. */
export const DEFAULT_CLUSTERS: Readonly<Record<string, DeepSeekClusterProps>> = {
  // (a) 8xB200 on AWS in the US: NVFP4, max-throughput recipe.
  "b200-us": {
    model: "deepseek-r1-0528",
    adminCidrs: "variable",
    jurisdiction: "us",
    placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200", name: "aws-use2", aws }],
    endpoint: { hostname: "b200.deepseek.example.com" },
  },
  // (b) 8xH200 on GKE in the EU: FP8, min-latency recipe.
  "h200-eu": {
    model: "deepseek-r1-0528",
    adminCidrs: "variable",
    jurisdiction: "eu",
    mode: "latency",
    placements: [{ cloud: "gcp", region: "europe-west4", hardware: "8xH200", name: "gcp-euw4", gcp: gcp(GCP_PROJECT) }],
    endpoint: { hostname: "h200.deepseek.example.eu" },
  },
  // (c) 2x8xH100 multi-node on AWS: TP16 over EFA, LeaderWorkerSet.
  "h100x2-us": {
    model: "deepseek-r1-0528",
    adminCidrs: "variable",
    jurisdiction: "us",
    placements: [{ cloud: "aws", region: "us-east-1", hardware: "2x8xH100", name: "aws-use1", aws }],
    endpoint: { hostname: "h100.deepseek.example.com" },
  },
  // (d) Two clouds, EU-locked, one endpoint: GKE primary, EKS secondary, latency routing.
  "eu-multi": {
    model: "deepseek-r1-0528",
    adminCidrs: "variable",
    jurisdiction: "eu",
    placements: [
      { cloud: "gcp", region: "europe-west1", hardware: "8xH200", name: "gcp-euw1", gcp: gcp(GCP_PROJECT) },
      { cloud: "aws", region: "eu-north-1", hardware: "8xH200", name: "aws-eun1", aws },
    ],
    endpoint: { hostname: "api.deepseek.example.eu", route53ZoneId: "Z0123456789EXAMPLE" },
  },
};

/** Builds the default app: each cluster's infra, serving (and global DNS) stacks, plus review.md/json. */
export function buildDefaultApp(outdir?: string, config: DeepSeekAppConfig = {}): DeepSeekApp {
  const app = new DeepSeekApp({ ...config, ...(outdir ? { outdir } : {}) });
  for (const [id, props] of Object.entries(DEFAULT_CLUSTERS)) new DeepSeekCluster(app, id, props);
  return app;
}
