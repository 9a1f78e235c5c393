import { ClusterAutoscaler, ClusterAutoscalerIdentity, KedaOperator, ReplicaAutoscaler, planAutoscaling } from "../../lib/autoscaling";
import {
  EksControlPlane, EksGpuNodePool, EksInfra, EksNetwork, EksWorkloadIdentity, ModelBucket, planEksInfra,
} from "../../lib/clouds/aws/index";
import { DeepSeekCluster } from "../../lib/app/deepseek-cluster";
import { RegionLock } from "../../lib/app/region-lock";
import {
  GkeControlPlane, GkeGpuNodePool, GkeInfra, GkeModelBucket, GkeNetwork, GkeServingIdentities, planGkeInfraNames, planGkeNetworks, planGkeNodePool,
} from "../../lib/clouds/gcp/index";
import { mkdtempSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { AwsProvider } from "../../lib/internal/providers/aws";
import { GpuNodePool } from "../../lib/clouds/gpu-node-pool";
import { Construct, TerraformStack } from "../../lib/internal/tf";
import { planCluster, planDeployment } from "../../lib/plan/index";
import { reviewModel } from "../../lib/review";
import { DeepSeekApp } from "../../lib/app/deepseek-app";
import { ClusterOperators, ClusterProviders, DeepSeekServing, ModelStaging, MultiNodeInference, SingleNodeInference } from "../../lib/serving";
import { InferenceGateway, planTraffic } from "../../lib/traffic";
import { DeploymentChecks, planVerification } from "../../lib/verification";
import { awsMultiPlan, awsMultiTarget, awsPlan, awsTarget, gcpPlan, gcpTarget } from "../support/fixtures-quality";

/** One refused configuration: `build` runs inside a fresh stack of an App with a tmp outdir. */
export interface BadInput {
  readonly name: string;
  readonly build: (scope: Construct) => void;
  /** The exact DeepSeekConfigError.path expected. */
  readonly path: string;
}

const any = (v: unknown): any => v;
const tmpOutdir = () => mkdtempSync(join(tmpdir(), "deepseek-bad-app-"));
const base = { model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2" } as const;
const plan = (extra: Record<string, unknown>) => () => { planDeployment(any({ ...base, ...extra })); };
const infra = planEksInfra(awsPlan);
const gkeNetworkPlan = planGkeNetworks(gcpPlan, { project: "my-proj" });
const traffic = { hostname: "api.example.com" };
const checks = { plan: awsPlan, endpointUrl: "https://api.example.com", apiKeySecret: { name: "api-keys", key: "key" } };
const autoscaling = planAutoscaling(awsPlan, {});
const east = { cloud: "aws", region: "us-east-2", hardware: "8xB200" } as const;
const europe = { cloud: "gcp", region: "europe-west4", hardware: "8xH200", gcp: { project: "my-proj" } } as const;
/** A DeepSeekCluster with one valid AWS placement, overridden by `extra`. */
const cluster = (extra: Record<string, unknown>) => (s: Construct) => { new DeepSeekCluster(s.node.scope!, "ds", any({ model: "deepseek-r1-0528", endpoint: { hostname: "api.example.com" }, placements: [east], ...extra })); };
const eksPool = { clusterName: "c", vpcId: "vpc-1", subnetIds: ["subnet-a"] };
/** registerPlacement on a DeepSeekApp of its own (the harness's App is a plain App). */
const register = (info: unknown) => () => { new DeepSeekApp({ outdir: tmpOutdir() }).registerPlacement(awsPlan, any(info)); };

export const BAD_INPUTS: readonly BadInput[] = [
  // planDeployment
  { name: "planDeployment: unknown model", build: plan({ model: "deepseek-v9" }), path: "model" },
  { name: "planDeployment: DeepSeek-V4 (no pinned image serves it)", build: plan({ model: "deepseek-v4-pro", image: { tag: "1.3.0rc14" } }), path: "model" },
  { name: "DeepSeekCluster: DeepSeek-V4", build: cluster({ model: "deepseek-v4-flash" }), path: "ds.model" },
  { name: "planDeployment: missing region", build: plan({ region: undefined }), path: "region" },
  { name: "planDeployment: unknown hardware profile", build: plan({ hardware: "8xA100" }), path: "hardware" },
  { name: "planDeployment: hardware not a profile", build: plan({ hardware: "lots of GPUs" }), path: "hardware" },
  { name: "planDeployment: unknown cloud", build: plan({ cloud: "azure" }), path: "cloud" },
  { name: "planDeployment: region without the node type", build: plan({ region: "af-south-1" }), path: "region" },
  { name: "planDeployment: region outside the jurisdiction", build: plan({ jurisdiction: "eu" }), path: "region" },
  { name: "planDeployment: replicas.min above max", build: plan({ replicas: { min: 3, max: 2 } }), path: "replicas.min" },
  { name: "planDeployment: replicas.max zero", build: plan({ replicas: { min: 0, max: 0 } }), path: "replicas.max" },
  { name: "planDeployment: unknown top-level field", build: plan({ gpus: 8 }), path: "gpus" },
  { name: "planDeployment: context longer than the model", build: plan({ contextLength: 10_000_000 }), path: "contextLength" },
  { name: "planDeployment: capacity block id malformed", build: plan({ capacity: { kind: "capacity-block", id: "bad", zone: "us-east-2a", nodes: 1 } }), path: "capacity.id" },
  { name: "planDeployment: flex-start on AWS", build: plan({ capacity: { kind: "flex-start" } }), path: "capacity.kind" },
  { name: "planDeployment: capacity-block on GCP", build: plan({ cloud: "gcp", hardware: "8xH200", region: "europe-west4", capacity: { kind: "capacity-block", id: "cr-0abc", zone: "europe-west4-b", nodes: 1 } }), path: "capacity.kind" },
  { name: "planDeployment: reservation zone in another region", build: plan({ capacity: { kind: "reservation", id: "cr-0abc", zone: "us-west-2a", nodes: 1 } }), path: "capacity.zone" },
  { name: "planDeployment: tensorParallel 3", build: plan({ overrides: { tensorParallel: 3 } }), path: "overrides.tensorParallel" },
  { name: "planDeployment: expertParallel not dividing the GPUs", build: plan({ overrides: { expertParallel: 3 } }), path: "overrides.expertParallel" },
  { name: "planDeployment: mtpLayers above 5", build: plan({ overrides: { mtpLayers: 6 } }), path: "overrides.mtpLayers" },
  { name: "planDeployment: kv cache fraction 0", build: plan({ overrides: { kvCacheFreeMemoryFraction: 0 } }), path: "overrides.kvCacheFreeMemoryFraction" },
  { name: "planDeployment: node type of the other cloud", build: plan({ overrides: { nodeType: "a3-ultragpu-8g" } }), path: "overrides.nodeType" },
  { name: "planDeployment: bad image digest", build: plan({ image: { digest: "sha256:abc" } }), path: "image.digest" },
  { name: "planDeployment: cold start throughput too low", build: plan({ coldStart: { stageThroughputMBps: 1 } }), path: "coldStart.stageThroughputMBps" },
  { name: "planDeployment: zone outside the region", build: plan({ zones: ["us-west-2a"] }), path: "zones.0" },
  { name: "planDeployment: not an object", build: () => { planDeployment(any("8xB200")); }, path: "(input)" },
  // planCluster
  { name: "planCluster: no placements", build: () => { planCluster(any({ model: "deepseek-r1-0528", placements: [] })); }, path: "placements" },
  { name: "planCluster: repeated placement", build: () => { planCluster({ model: "deepseek-r1-0528", endpoint: { hostname: "api.example.com" }, placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }, { cloud: "aws", region: "us-east-2", hardware: "8xB200" }] }); }, path: "placements.1.region" },
  { name: "planCluster: B200 and H200 serve different precisions", build: () => { planCluster({ model: "deepseek-r1-0528", endpoint: { hostname: "api.example.com" }, placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }, { cloud: "gcp", region: "europe-west4", hardware: "8xH200" }] }); }, path: "placements.1.hardware" },
  { name: "planCluster: divergent KV cache dtype without allowDivergence", build: () => { planCluster({ model: "deepseek-r1-0528", endpoint: { hostname: "api.example.com" }, placements: [{ cloud: "gcp", region: "us-central1", hardware: "8xH200" }, { cloud: "gcp", region: "europe-west4", hardware: "8xH200", overrides: { kvCacheDtype: "bf16" } }] }); }, path: "placements.1.overrides.kvCacheDtype" },
  { name: "planCluster: a placement planning error names the placement", build: () => { planCluster(any({ model: "deepseek-r1-0528", endpoint: { hostname: "api.example.com" }, placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200" }, { cloud: "aws", region: "us-east-1", hardware: "8xA100" }] })); }, path: "placements.1.hardware" },
  // AWS
  { name: "EksInfra: GCP plan", build: (s) => { EksInfra.fromOptions(s, "eks", { plan: gcpPlan }); }, path: "eks.plan.cloud" },
  { name: "EksInfra: public endpoint open to the internet", build: (s) => { EksInfra.fromOptions(s, "eks", { plan: awsPlan, publicAccessCidrs: ["0.0.0.0/0"] }); }, path: "eks.publicAccessCidrs.0" },
  { name: "EksInfra: bad cluster name", build: (s) => { EksInfra.fromOptions(s, "eks", { plan: awsPlan, clusterName: "1-bad_name" }); }, path: "eks.clusterName" },
  { name: "EksInfra: vpcCidr not a CIDR", build: (s) => { EksInfra.fromOptions(s, "eks", { plan: awsPlan, vpcCidr: "10.64.0.0" }); }, path: "eks.vpcCidr" },
  { name: "EksInfra: admin principal not an ARN", build: (s) => { EksInfra.fromOptions(s, "eks", { plan: awsPlan, adminPrincipalArns: ["admin"] }); }, path: "eks.adminPrincipalArns.0" },
  { name: "EksInfra: network zones without the GPU zones", build: (s) => { EksInfra.fromOptions(s, "eks", { plan: awsPlan, networkZones: ["us-east-2c"] }); }, path: "eks.networkZones" },
  { name: "EksInfra: plan is not a plan", build: (s) => { EksInfra.fromOptions(s, "eks", any({ plan: { cloud: "aws" } })); }, path: "eks.plan" },
  { name: "EksInfra: system nodes 0", build: (s) => { EksInfra.fromOptions(s, "eks", { plan: awsPlan, systemNodes: 0 }); }, path: "eks.systemNodes" },
  { name: "EksGpuNodePool: subnets and subnetIds together", build: (s) => { EksGpuNodePool.fromOptions(s, "gpu", { plan: awsPlan, clusterName: "c", vpcId: "v", subnets: [{ subnetId: "a", zone: "us-east-2a" }], subnetIds: ["a"] }); }, path: "gpu.subnets" },
  { name: "EksGpuNodePool: root volume too small", build: (s) => { EksGpuNodePool.fromOptions(s, "gpu", { plan: awsPlan, clusterName: "c", vpcId: "v", subnetIds: ["a"], rootVolumeGiB: 20 }); }, path: "gpu.rootVolumeGiB" },
  { name: "EksGpuNodePool: no subnet in the GPU zones", build: (s) => { EksGpuNodePool.fromOptions(s, "gpu", { plan: awsPlan, clusterName: "c", vpcId: "v", subnets: [{ subnetId: "a", zone: "us-east-2z" }] }); }, path: "gpu.subnets" },
  { name: "EksControlPlane: one subnet", build: (s) => { new EksControlPlane(s, "cp", { infra, subnetIds: ["subnet-a"] }); }, path: "cp.subnetIds" },
  { name: "EksNetwork: one zone", build: (s) => { new EksNetwork(s, "net", any({ clusterName: "c", network: { ...infra.network, zones: [(infra.network as any).zones[0]] } })); }, path: "net.network.zones" },
  { name: "ModelBucket: uppercase prefix", build: (s) => { new ModelBucket(s, "models", { bucketPrefix: "Models" }); }, path: "models.bucketPrefix" },
  // A `__proto__` tag is skipped by zod's records and dropped by object literals: refused with its path, not lost.
  { name: "ModelBucket: __proto__ tag key", build: (s) => { new ModelBucket(s, "models", { bucketPrefix: "models-", tags: JSON.parse('{"__proto__": "x"}') }); }, path: "models.tags.__proto__" },
  { name: "ModelBucket: constructor tag key", build: (s) => { new ModelBucket(s, "models", { bucketPrefix: "models-", tags: { constructor: "x" } }); }, path: "models.tags.constructor" },
  { name: "EksWorkloadIdentity: bad namespace", build: (s) => { new EksWorkloadIdentity(s, "id", { clusterName: "c", namespace: "DeepSeek", serviceAccounts: { server: "a", modelStager: "b" }, bucketArn: "arn", bucketKmsKeyArn: "k", hfTokenSecretName: "hf" }); }, path: "id.namespace" },
  { name: "EksWorkloadIdentity: __proto__ tag key", build: (s) => { new EksWorkloadIdentity(s, "id", { clusterName: "c", namespace: "deepseek", serviceAccounts: { server: "a", modelStager: "b" }, bucketArn: "arn", bucketKmsKeyArn: "k", hfTokenSecretName: "hf", tags: JSON.parse('{"team": "ml", "__proto__": "x"}') }); }, path: "id.tags.__proto__" },
  // GCP
  { name: "GkeInfra: AWS plan", build: (s) => { GkeInfra.fromOptions(s, "gke", { plan: awsPlan, project: "my-proj" }); }, path: "gke.plan" },
  { name: "GkeInfra: authorized network 0.0.0.0/0", build: (s) => { GkeInfra.fromOptions(s, "gke", { plan: gcpPlan, project: "my-proj", authorizedNetworks: [{ cidr: "0.0.0.0/0", name: "all" }] }); }, path: "gke.authorizedNetworks.0.cidr" },
  { name: "GkeInfra: unknown release channel", build: (s) => { GkeInfra.fromOptions(s, "gke", any({ plan: gcpPlan, project: "my-proj", releaseChannel: "NIGHTLY" })); }, path: "gke.releaseChannel" },
  { name: "GkeInfra: master CIDR not a /28", build: (s) => { GkeInfra.fromOptions(s, "gke", { plan: gcpPlan, project: "my-proj", masterIpv4CidrBlock: "172.16.0.0/24" }); }, path: "gke.masterIpv4CidrBlock" },
  { name: "GkeInfra: project number not numeric", build: (s) => { GkeInfra.fromOptions(s, "gke", { plan: gcpPlan, project: "my-proj", projectNumber: "my-proj" }); }, path: "gke.projectNumber" },
  { name: "GkeControlPlane: bad cluster name", build: (s) => { new GkeControlPlane(s, "cp", { project: "p", clusterName: "Bad_Name", location: "europe-west4", network: "n", subnetwork: "s", podsRangeName: "pods", servicesRangeName: "svc" }); }, path: "cp.clusterName" },
  { name: "GkeGpuNodePool: missing extra NIC networks", build: (s) => { GkeGpuNodePool.fromOptions(s, "gpu", { plan: gcpPlan, cluster: "c", additionalNodeNetworks: [] }); }, path: "gpu.additionalNodeNetworks" },
  { name: "GkeGpuNodePool: spot on a reservation", build: (s) => { GkeGpuNodePool.fromOptions(s, "gpu", { plan: planDeployment({ model: "deepseek-r1-0528", hardware: "8xH200", cloud: "gcp", region: "europe-west4", capacity: { kind: "reservation", id: "res", zone: "europe-west4-b", nodes: 1 } }), cluster: "c", additionalNodeNetworks: gkeNetworkPlan.additionalNetworks.map((n) => ({ network: n.network, subnetwork: n.subnetwork })), spot: true }); }, path: "gpu.spot" },
  { name: "GkeModelBucket: name too short", build: (s) => { new GkeModelBucket(s, "b", { plan: gcpPlan, bucketName: "ab" }); }, path: "b.bucketName" },
  { name: "GkeServingIdentities: bad account id", build: (s) => { new GkeServingIdentities(s, "id", { plan: gcpPlan, project: "p", bucketName: "b", serverAccountId: "x", stagerAccountId: "stager-sa", hfTokenSecretId: "hf" }); }, path: "id.serverAccountId" },
  { name: "GkeNetwork: plan for existing networks", build: (s) => { new GkeNetwork(s, "net", any({ networkPlan: { ...gkeNetworkPlan, create: false } })); }, path: "net.networkPlan" },
  { name: "planGkeNetworks: bad name prefix", build: () => { planGkeNetworks(gcpPlan, { project: "my-proj", namePrefix: "Bad_Prefix" }); }, path: "namePrefix" },
  { name: "planGkeNodePool: maxRunDuration without flex-start", build: () => { planGkeNodePool(gcpPlan, { maxRunDurationSeconds: 3600 }); }, path: "maxRunDurationSeconds" },
  { name: "planGkeInfraNames: numeric project id", build: () => { planGkeInfraNames(gcpPlan, { project: "123456789012" }); }, path: "project" },
  // serving
  { name: "ClusterProviders: bad alias", build: (s) => { new ClusterProviders(s, "k8s", { target: awsTarget, alias: "1 bad" }); }, path: "k8s.alias" },
  { name: "ClusterProviders: GCP target without project", build: (s) => { new ClusterProviders(s, "k8s", { target: { ...gcpTarget, project: undefined } }); }, path: "k8s.target.project" },
  { name: "ClusterOperators: plan and target clouds differ", build: (s) => { new ClusterOperators(s, "ops", { plan: awsPlan, target: gcpTarget }); }, path: "ops.target.cloud" },
  { name: "ModelStaging: relative model cache path", build: (s) => { new ModelStaging(s, "stage", { plan: awsPlan, target: { ...awsTarget, nodeModelCachePath: "mnt/nvme" } }); }, path: "stage.target.nodeModelCachePath" },
  { name: "MultiNodeInference: single-node plan", build: (s) => { new MultiNodeInference(s, "serve", { plan: awsPlan, target: awsTarget }); }, path: "serve.plan.nodesPerReplica" },
  { name: "SingleNodeInference: plan is not a plan", build: (s) => { new SingleNodeInference(s, "serve", any({ plan: {}, target: awsTarget })); }, path: "serve.plan" },
  { name: "DeepSeekServing: GCP target without a service account", build: (s) => { new DeepSeekServing(s, "serving", { plan: gcpPlan, target: { ...gcpTarget, workloadIdentity: {} } }); }, path: "serving.target.workloadIdentity.gcpServiceAccountEmail" },
  { name: "DeepSeekServing: unknown prop", build: (s) => { new DeepSeekServing(s, "serving", any({ plan: awsMultiPlan, target: awsMultiTarget, replicas: 2 })); }, path: "serving.replicas" },
  // traffic
  { name: "InferenceGateway: hostname not a DNS name", build: (s) => { new InferenceGateway(s, "gw", { plan: awsPlan, traffic: { hostname: "Not A Host" } }); }, path: "gw.traffic.hostname" },
  { name: "InferenceGateway: tier name uppercase", build: (s) => { new InferenceGateway(s, "gw", { plan: awsPlan, traffic: { ...traffic, tiers: [{ name: "Gold", priority: 1, requestsPerMinutePerKey: 10 }] } }); }, path: "gw.traffic.tiers.0.name" },
  { name: "planTraffic: default tier not among the tiers", build: () => { planTraffic(awsPlan, { ...traffic, defaultTier: "platinum" }); }, path: "traffic.defaultTier" },
  { name: "planTraffic: a plan missing its fields (fuzz seed 42)", build: () => { planTraffic(any({ id: "x", cloud: "gcp" }), traffic); }, path: "plan" },
  { name: "InferenceGateway: a plan missing its fields (fuzz seed 42)", build: (s) => { new InferenceGateway(s, "gw", any({ plan: { id: "x", cloud: "gcp" }, traffic })); }, path: "gw.plan" },
  { name: "planEksInfra: a bare plan (fuzz seed 876449)", build: () => { planEksInfra(any({ cloud: "aws" }), { clusterName: "y", vpcCidr: "10.64.0.0/16", systemNodes: 10 }); }, path: "plan" },
  { name: "planTraffic: bad ACM ARN", build: () => { planTraffic(awsPlan, { ...traffic, tls: { kind: "managed", certificateArn: "arn:bad" } }); }, path: "traffic.tls.certificateArn" },
  // verification
  { name: "DeploymentChecks: secret name not DNS-1123", build: (s) => { new DeploymentChecks(s, "checks", { ...checks, apiKeySecret: { name: "API_KEYS", key: "key" } }); }, path: "checks.apiKeySecret.name" },
  { name: "DeploymentChecks: check image not pinned", build: (s) => { new DeploymentChecks(s, "checks", { ...checks, checkImage: "python" }); }, path: "checks.checkImage" },
  { name: "planVerification: bus bandwidth fraction above 1", build: () => { planVerification(awsMultiPlan, { busBandwidthFraction: 1.5 }); }, path: "verification.busBandwidthFraction" },
  { name: "planVerification: load probe concurrency 0", build: () => { planVerification(awsPlan, { loadProbe: { concurrency: 0 } }); }, path: "verification.loadProbe.concurrency" },
  // autoscaling
  { name: "ReplicaAutoscaler: Prometheus address not a URL", build: (s) => { new ReplicaAutoscaler(s, "scale", { plan: awsPlan, prometheusAddress: "prometheus:9090" }); }, path: "scale.prometheusAddress" },
  { name: "planAutoscaling: scaleToZero without activation query", build: () => { planAutoscaling(awsPlan, { scaleToZero: true }); }, path: "autoscaling.activationQuery" },
  { name: "planAutoscaling: replicas min above max", build: () => { planAutoscaling(awsPlan, { replicas: { min: 4, max: 2 } }); }, path: "autoscaling.replicas.min" },
  { name: "KedaOperator: unpinned chart version", build: (s) => { new KedaOperator(s, "keda", { chartVersion: "latest" }); }, path: "keda.chartVersion" },
  { name: "ClusterAutoscaler: GCP plan", build: (s) => { new ClusterAutoscaler(s, "ca", { plan: gcpPlan, autoscaling: planAutoscaling(gcpPlan, {}), clusterName: "c" }); }, path: "ca.autoscaling.nodeAutoscaling.kind" },
  { name: "ClusterAutoscaler: unpinned chart version", build: (s) => { new ClusterAutoscaler(s, "ca", { plan: awsPlan, autoscaling, clusterName: "c", chartVersion: "9" }); }, path: "ca.chartVersion" },
  { name: "ClusterAutoscalerIdentity: empty cluster name", build: (s) => { new ClusterAutoscalerIdentity(s, "ca-id", { clusterName: "", region: "us-east-2" }); }, path: "ca-id.clusterName" },
  { name: "ClusterAutoscalerIdentity: prototype tag key", build: (s) => { new ClusterAutoscalerIdentity(s, "ca-id", { clusterName: "c", region: "us-east-2", tags: { prototype: "x" } }); }, path: "ca-id.tags.prototype" },
  // DeepSeekCluster
  { name: "DeepSeekCluster: hostname not a DNS name", build: cluster({ endpoint: { hostname: "Not A Host" } }), path: "ds.endpoint.hostname" },
  { name: "DeepSeekCluster: GCP placement without gcp.project", build: cluster({ placements: [{ ...europe, gcp: undefined }] }), path: "ds.placements.0.gcp" },
  { name: "DeepSeekCluster: GCP placement with an empty gcp", build: cluster({ placements: [{ ...europe, gcp: {} }] }), path: "ds.placements.0.gcp.project" },
  { name: "DeepSeekCluster: B200 and H200 placements serve different precisions", build: cluster({ placements: [east, europe] }), path: "ds.placements.1.hardware" },
  { name: "DeepSeekCluster: queued capacity", build: cluster({ placements: [{ ...europe, capacity: { kind: "queued" }, replicas: { min: 0, max: 2 } }] }), path: "ds.placements.0.capacity.kind" },
  { name: "DeepSeekCluster: duplicate placement", build: cluster({ placements: [east, east] }), path: "ds.placements.1.region" },
  { name: "DeepSeekCluster: unknown field", build: cluster({ replicas: 3 }), path: "ds.replicas" },
  { name: "DeepSeekCluster: unknown endpoint field", build: cluster({ endpoint: { hostname: "api.example.com", zone: "example.com" } }), path: "ds.endpoint.zone" },
  { name: "DeepSeekCluster: route53ZoneId not a hosted zone id", build: cluster({ endpoint: { hostname: "api.example.com", route53ZoneId: "example.com" } }), path: "ds.endpoint.route53ZoneId" },
  { name: "DeepSeekCluster: placement planning error is re-rooted", build: cluster({ placements: [east, { cloud: "aws", region: "us-east-1", hardware: "8xA100" }] }), path: "ds.placements.1.hardware" },
  { name: "DeepSeekCluster: aws settings on a GCP placement", build: cluster({ placements: [{ ...europe, aws: {} }] }), path: "ds.placements.0.aws" },
  { name: "DeepSeekCluster: karpenter node autoscaler", build: cluster({ placements: [{ ...east, autoscaling: { nodeAutoscaler: "karpenter" } }] }), path: "ds.placements.0.autoscaling.nodeAutoscaler" },
  { name: "DeepSeekCluster: cluster-level autoscaling error names the cluster-level field", build: cluster({ autoscaling: { replicas: { min: 4, max: 2 } } }), path: "ds.autoscaling.replicas.min" },
  { name: "DeepSeekCluster: placement autoscaling error names the placement's field", build: cluster({ placements: [{ ...east, autoscaling: { replicas: { min: 4, max: 2 } } }] }), path: "ds.placements.0.autoscaling.replicas.min" },
  { name: "DeepSeekCluster: cluster-level verification error names the cluster-level field", build: cluster({ verification: { loadProbe: { concurrency: 0 } } }), path: "ds.verification.loadProbe.concurrency" },
  { name: "DeepSeekCluster: placement verification error names the placement's field", build: cluster({ placements: [{ ...east, verification: { loadProbe: { concurrency: 0 } } }] }), path: "ds.placements.0.verification.loadProbe.concurrency" },
  { name: "DeepSeekCluster: traffic error names the cluster-level traffic field", build: cluster({ traffic: { retryBudgetPercent: 500 } }), path: "ds.traffic.retryBudgetPercent" },
  { name: "DeepSeekCluster: GKE pool option keeps its gpuPool nesting", build: cluster({ placements: [{ ...europe, gcp: { project: "my-proj", gpuPool: { bootDiskSizeGb: 10 } } }] }), path: "ds.placements.0.gcp.gpuPool.bootDiskSizeGb" },
  { name: "DeepSeekCluster: GKE control-plane option is named as the placement's gcp field", build: cluster({ placements: [{ ...europe, gcp: { project: "my-proj", masterIpv4CidrBlock: "172.16.0.0/24" } }] }), path: "ds.placements.0.gcp.masterIpv4CidrBlock" },
  { name: "DeepSeekCluster: two placements with one name (fuzz seed 2)", build: cluster({ placements: [{ cloud: "aws", region: "us-east-2", hardware: "8xB200", name: "east" }, { cloud: "aws", region: "us-west-2", hardware: "8xB200", name: "east" }] }), path: "ds.placements.1.name" },
  { name: "DeepSeekCluster: infra error is re-rooted under the placement", build: cluster({ placements: [{ ...east, aws: { clusterName: "1-bad_name" } }] }), path: "ds.placements.0.aws.clusterName" },
  // GpuNodePool
  { name: "GpuNodePool: AWS plan without eks", build: (s) => { new GpuNodePool(s, "gpus", { plan: awsPlan }); }, path: "gpus.eks" },
  { name: "GpuNodePool: gke on an AWS plan", build: (s) => { new GpuNodePool(s, "gpus", any({ plan: awsPlan, eks: eksPool, gke: { cluster: "c" } })); }, path: "gpus.gke" },
  { name: "GpuNodePool: plan null", build: (s) => { new GpuNodePool(s, "gpus", any({ plan: null, eks: eksPool })); }, path: "gpus.plan" },
  { name: "GpuNodePool: GCP plan without gke", build: (s) => { new GpuNodePool(s, "gpus", { plan: gcpPlan }); }, path: "gpus.gke" },
  { name: "GpuNodePool: EKS pool error re-rooted under eks", build: (s) => { new GpuNodePool(s, "gpus", { plan: awsPlan, eks: { ...eksPool, rootVolumeGiB: 20 } }); }, path: "gpus.eks.rootVolumeGiB" },
  { name: "GpuNodePool: GKE planner error re-rooted under gke", build: (s) => { new GpuNodePool(s, "gpus", { plan: gcpPlan, gke: { cluster: "c", additionalNodeNetworks: [] } }); }, path: "gpus.gke.additionalNodeNetworks" },
  // DeepSeekApp.registerPlacement
  { name: "DeepSeekApp.registerPlacement: unknown endpoint exposure", build: register({ endpoint: { exposure: "world" } }), path: "reviewInfo.endpoint.exposure" },
  { name: "DeepSeekApp.registerPlacement: allowed CIDR not a CIDR", build: register({ posture: { apiAllowedCidrs: ["office"] } }), path: "reviewInfo.posture.apiAllowedCidrs.0" },
  { name: "DeepSeekApp.registerPlacement: unknown field", build: register({ owner: "me" }), path: "reviewInfo.owner" },
  // planGkeNodePool options from untyped callers
  { name: "planGkeNodePool: additionalNodeNetworks not an array (fuzz seed 520507)", build: () => { planGkeNodePool(gcpPlan, any({ additionalNodeNetworks: "net" })); }, path: "additionalNodeNetworks" },
  { name: "planGkeNodePool: compactPlacement a string", build: () => { planGkeNodePool(gcpPlan, any({ compactPlacement: "yes" })); }, path: "compactPlacement" },
  // region lock (raised at synth, on the written JSON)
  { name: "RegionLock: provider outside the jurisdiction", build: (s) => { new AwsProvider(s, "aws", { region: "us-east-1" }); RegionLock.lock(s as TerraformStack, "eu"); }, path: "stack/aws.region" },
  // validation without gaps (issue 18)
  { name: "planDeployment: a zone listed twice", build: plan({ zones: ["us-east-2a", "us-east-2a"] }), path: "zones.1" },
  { name: "planDeployment: replicas beyond one EKS node group (int32 overflow once)", build: plan({ replicas: { min: 1, max: 2 ** 31 } }), path: "replicas.max" },
  { name: "planAutoscaling: hand-made plan with an absurd nodesPerReplica (heap overflow once)", build: () => { planAutoscaling(any({ ...awsPlan, nodesPerReplica: 1e9 }), {}); }, path: "plan" },
  { name: "planAutoscaling: hand-made plan with NaN probe threshold", build: () => { planAutoscaling(any({ ...awsPlan, coldStart: { ...awsPlan.coldStart, probeFailureThreshold: Number.NaN } }), {}); }, path: "plan" },
  { name: "planGkeNetworks: called without options (the NIC refusal's advice)", build: () => { (planGkeNetworks as (p: unknown) => unknown)(gcpPlan); }, path: "project" },
  { name: "RegionLock: DeepSeekCluster's bucket moved to a US alias by an override", build: (s) => {
    const app = new DeepSeekApp({ outdir: tmpOutdir() });
    const c = new DeepSeekCluster(app, "eu", any({ model: "deepseek-r1-0528", jurisdiction: "eu", placements: [{ cloud: "aws", region: "eu-north-1", hardware: "8xH200", name: "eks" }], endpoint: { hostname: "api.example.eu" } }));
    const infra = c.placements[0].infra;
    new AwsProvider(infra, "us", { region: "us-east-1", alias: "us" });
    (infra.node.findAll().find((n) => (n as { terraformResourceType?: string }).terraformResourceType === "aws_s3_bucket") as unknown as { addOverride(k: string, v: unknown): void }).addOverride("provider", "aws.us");
    void s;
    app.synth();
  }, path: "eu-eks-infra/us.region" },
  // review
  { name: "reviewModel: unknown endpoint exposure", build: () => { reviewModel([{ plan: awsPlan, info: any({ endpoint: { exposure: "world" } }) }]); }, path: "reviewInfo.endpoint.exposure" },
];
