import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Release } from "@cdktf/provider-helm/lib/release";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Annotations } from "@cdktf/provider-kubernetes/lib/annotations";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { App, Fn, TerraformStack, TerraformVariable } from "cdktf";
import { lockAttackTables } from "../support/region-lock-attacks";
import { DeepSeekApp, RegionLock } from "../../lib";

/**
 * Kubernetes objects that ask an in-cluster controller for cloud resources elsewhere (a fifth round
 * of region-lock attacks): AWS Controllers for Kubernetes, Config Connector, Crossplane managed
 * resources, the AWS Load Balancer Controller's Global Accelerator, GKE's global load balancers,
 * written as kubernetes_manifest, typed kubernetes_* resources, Helm values, `set` blocks and
 * manifests carried in values (as the library's own ManifestBundle does). Field names from the
 * controllers' sources (cited in lib/app/region-lock-k8s.ts). Every attack marked "escaped"
 * synthesized on main at 21f9bd1 (Kubernetes objects were not inspected); the five built by
 * Terraform expressions also synthesized with the first version of the inspection (0961bc1), and
 * so did the destinationRegion and the two ARNs (measured on 0834ebc), and the five marked
 * "measured on eeaeab3" or "on 08a47ad".
 */

interface Ctx { readonly app: App; readonly locked: TerraformStack; readonly k8s: KubernetesProvider; readonly helm: HelmProvider }

function context(): Ctx {
  const app = new DeepSeekApp({ outdir: mkdtempSync(join(tmpdir(), "lock-k8s-")) });
  const locked = new TerraformStack(app, "locked");
  RegionLock.lock(locked, "eu");
  new AwsProvider(locked, "aws", { region: "eu-north-1" });
  const eks = new EksCluster(locked, "eks", { name: "e", roleArn: "arn:aws:iam::1:role/r", vpcConfig: { subnetIds: ["s"] } });
  const k8s = new KubernetesProvider(locked, "kubernetes", { host: eks.endpoint });
  const helm = new HelmProvider(locked, "helm", { kubernetes: { host: eks.endpoint } });
  return { app, locked, k8s, helm };
}

const manifest = (c: Ctx, m: Record<string, unknown>) => new Manifest(c.locked, "m", { manifest: m, provider: c.k8s });
const ack = (annotations?: Record<string, string>) => ({ apiVersion: "s3.services.k8s.aws/v1alpha1", kind: "Bucket", metadata: { name: "b", namespace: "default", ...(annotations ? { annotations } : {}) }, spec: { name: "b" } });
const release = (c: Ctx, props: { values?: string[]; set?: { name: string; value: string }[] }) => new Release(c.locked, "r", { name: "r", chart: "c", provider: c.helm, ...props });

const ATTACKS: readonly { readonly name: string; readonly build: (c: Ctx) => void; readonly expect: RegExp }[] = [
  // escaped: ACK
  { name: "an ACK S3 bucket annotated for us-east-1", build: (c) => { manifest(c, ack({ "services.k8s.aws/region": "us-east-1" })); }, expect: /m\.manifest\.metadata\.annotations\.services\.k8s\.aws\/region: is Bucket b \(s3\.services\.k8s\.aws\/v1alpha1\), (whose annotation places it in|which places it in) us-east-1/ },
  { name: "an ACK bucket with no region annotation (controller default)", build: (c) => { manifest(c, ack()); }, expect: /without a region annotation/ },
  { name: "an ACK bucket whose region is a Terraform variable", build: (c) => { manifest(c, ack({ "services.k8s.aws/region": "${var.r}" })); }, expect: /not a literal/ },
  { name: "a namespace whose ACK default region is in the US (typed resource)", build: (c) => { new NamespaceV1(c.locked, "ns", { metadata: { name: "prod", annotations: { "services.k8s.aws/default-region": "us-east-1" } }, provider: c.k8s }); }, expect: /ns\.metadata\.annotations\.services\.k8s\.aws\/default-region: .*us-east-1/ },
  { name: "an ACK DynamoDB table carried as a manifest string in a chart's values (extraDeploy)", build: (c) => { release(c, { values: [JSON.stringify({ extraDeploy: `---\n${JSON.stringify({ apiVersion: "dynamodb.services.k8s.aws/v1alpha1", kind: "Table", metadata: { name: "t", annotations: { "services.k8s.aws/region": "us-west-2" } }, spec: { tableName: "t" } })}\n` })] }); }, expect: /r\.values\.0\..*Table t .*us-west-2/ },
  { name: "a Crossplane bucket as an object in a chart's values (extraObjects)", build: (c) => { release(c, { values: [JSON.stringify({ extraObjects: [{ apiVersion: "s3.aws.upbound.io/v1beta1", kind: "Bucket", metadata: { name: "b" }, spec: { forProvider: { region: "us-east-2" } } }] })] }); }, expect: /r\.values\.0\.extraObjects\.0\.spec\.forProvider\.region: .*us-east-2/ },
  { name: "an ACK controller installed with aws.region in the US (set block)", build: (c) => { release(c, { set: [{ name: "aws.region", value: "us-east-1" }] }); }, expect: /r\.set\.0\.aws\.region: is the release's Helm values, whose region names us-east-1/ },
  { name: "an ACK controller installed with aws.region in the US (values YAML)", build: (c) => { release(c, { values: ["aws:\n  region: us-east-2\n"] }); }, expect: /r\.values\.0\.aws\.region: .*names us-east-2/ },
  // escaped: Config Connector
  { name: "a Config Connector bucket in the US", build: (c) => { manifest(c, { apiVersion: "storage.cnrm.cloud.google.com/v1beta1", kind: "StorageBucket", metadata: { name: "b", namespace: "default", annotations: { "cnrm.cloud.google.com/project-id": "p" } }, spec: { location: "us-central1" } }); }, expect: /m\.manifest\.spec\.location: .*us-central1/ },
  { name: "a Config Connector bucket in the US multi-region", build: (c) => { manifest(c, { apiVersion: "storage.cnrm.cloud.google.com/v1beta1", kind: "StorageBucket", metadata: { name: "b", namespace: "default" }, spec: { location: "US" } }); }, expect: /m\.manifest\.spec\.location: .*places it in US/ },
  { name: "a Config Connector bucket with no location (the API's default: US)", build: (c) => { manifest(c, { apiVersion: "storage.cnrm.cloud.google.com/v1beta1", kind: "StorageBucket", metadata: { name: "b", namespace: "default" }, spec: { uniformBucketLevelAccess: true } }); }, expect: /without a location/ },
  { name: "a Config Connector SQL instance whose region is a variable", build: (c) => { manifest(c, { apiVersion: "sql.cnrm.cloud.google.com/v1beta1", kind: "SQLInstance", metadata: { name: "s", namespace: "default" }, spec: { region: "${var.r}", databaseVersion: "POSTGRES_16" } }); }, expect: /spec\.region: .*not a literal/ },
  // escaped: Crossplane
  { name: "a Crossplane S3 bucket in us-west-1", build: (c) => { manifest(c, { apiVersion: "s3.aws.upbound.io/v1beta1", kind: "Bucket", metadata: { name: "b" }, spec: { forProvider: { region: "us-west-1" } } }); }, expect: /spec\.forProvider\.region: .*us-west-1/ },
  { name: "a Crossplane v2 namespaced bucket with no region", build: (c) => { manifest(c, { apiVersion: "s3.aws.m.upbound.io/v1beta1", kind: "Bucket", metadata: { name: "b", namespace: "default" }, spec: { forProvider: {} } }); }, expect: /without a location in spec\.forProvider/ },
  { name: "a Crossplane GCP bucket in the US", build: (c) => { manifest(c, { apiVersion: "storage.gcp.upbound.io/v1beta1", kind: "Bucket", metadata: { name: "b" }, spec: { forProvider: { location: "US" } } }); }, expect: /spec\.forProvider\.location: .*US/ },
  { name: "a Crossplane Azure storage account", build: (c) => { manifest(c, { apiVersion: "storage.azure.upbound.io/v1beta1", kind: "Account", metadata: { name: "a" }, spec: { forProvider: { location: "West Europe" } } }); }, expect: /Azure, a cloud the region lock does not place/ },
  { name: "an Azure Service Operator storage account", build: (c) => { manifest(c, { apiVersion: "storage.azure.com/v1api20230101", kind: "StorageAccount", metadata: { name: "a", namespace: "default" }, spec: { location: "westeurope" } }); }, expect: /Azure/ },
  // escaped: global edge services and open load balancers
  { name: "an AWS Global Accelerator through the load balancer controller", build: (c) => { manifest(c, { apiVersion: "aga.k8s.aws/v1beta1", kind: "GlobalAccelerator", metadata: { name: "g", namespace: "default" }, spec: { name: "g" } }); }, expect: /Global Accelerator/ },
  { name: "a GKE Gateway of a global external class", build: (c) => { manifest(c, { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "g", namespace: "default" }, spec: { gatewayClassName: "gke-l7-global-external-managed", listeners: [] } }); }, expect: /global or cross-region load balancer/ },
  { name: "a GKE Ingress (class gce)", build: (c) => { manifest(c, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "i", namespace: "default", annotations: { "kubernetes.io/ingress.class": "gce" } }, spec: {} }); }, expect: /global external Application Load Balancer/ },
  // escaped on 2ec74f0: an Ingress with no class (GKE's default controller is gce) or a class chosen at plan time
  { name: "an Ingress without a class", build: (c) => { manifest(c, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "i", namespace: "default" }, spec: { defaultBackend: { service: { name: "s", port: { number: 80 } } } } }); }, expect: /Ingress without a class/ },
  { name: "an Ingress whose class is a variable", build: (c) => { const cls = new TerraformVariable(c.locked, "ingress_class", { type: "string", default: "gce-internal" }); manifest(c, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "i", namespace: "default" }, spec: { ingressClassName: cls.stringValue } }); }, expect: /class is not a literal/ },
  { name: "Cloud CDN on a BackendConfig", build: (c) => { manifest(c, { apiVersion: "cloud.google.com/v1", kind: "BackendConfig", metadata: { name: "b", namespace: "default" }, spec: { cdn: { enabled: true } } }); }, expect: /Cloud CDN/ },
  { name: "an internal load balancer open to every region (typed Service)", build: (c) => { new ServiceV1(c.locked, "svc", { metadata: { name: "s", annotations: { "networking.gke.io/load-balancer-type": "Internal", "networking.gke.io/internal-load-balancer-allow-global-access": "true" } }, spec: { type: "LoadBalancer", port: [{ port: 80 }] }, provider: c.k8s }); }, expect: /svc\.metadata\.annotations\..*open to clients in every region/ },
  // escaped: unknown groups with a location-like field outside
  { name: "an unknown controller's object with a region in the US", build: (c) => { manifest(c, { apiVersion: "backup.example.com/v1", kind: "Copy", metadata: { name: "c", namespace: "default" }, spec: { target: { region: "us-east-1", bucket: "b" } } }); }, expect: /spec\.target\.region: .*names us-east-1/ },
  { name: "an unknown controller's object with a destinationRegion in the US", build: (c) => { manifest(c, { apiVersion: "replication.example.com/v1", kind: "Replication", metadata: { name: "r", namespace: "default" }, spec: { replication: { destinationRegion: "us-west-2" } } }); }, expect: /spec\.replication\.destinationRegion: .*names us-west-2/ },
  { name: "an unknown controller's object naming a US SNS topic by ARN", build: (c) => { manifest(c, { apiVersion: "alerts.example.com/v1", kind: "Notifier", metadata: { name: "n", namespace: "default" }, spec: { notify: { topic: "arn:aws:sns:us-east-1:123456789012:alerts" } } }); }, expect: /spec\.notify\.topic: .*names an AWS resource in us-east-1/ },
  { name: "a Service whose load balancer certificate is an ACM ARN in the US", build: (c) => { new ServiceV1(c.locked, "svc", { metadata: { name: "s", annotations: { "service.beta.kubernetes.io/aws-load-balancer-ssl-cert": "arn:aws:acm:us-east-1:123456789012:certificate/abc" } }, spec: { type: "LoadBalancer", port: [{ port: 443 }] }, provider: c.k8s }); }, expect: /svc\.metadata\.annotations\.service\.beta\.kubernetes\.io\/aws-load-balancer-ssl-cert: .*us-east-1/ },
  { name: "an unknown controller's object annotated with a US zone", build: (c) => { manifest(c, { apiVersion: "dr.example.com/v1", kind: "Replica", metadata: { name: "c", namespace: "default", annotations: { "dr.example.com/zone": "us-central1-a" } }, spec: {} }); }, expect: /dr\.example\.com\/zone: .*us-central1/ },
  // escaped: objects and values built by Terraform expressions
  { name: "a manifest decoded from a file on the deployer's disk", build: (c) => { new Manifest(c.locked, "m", { manifest: Fn.yamldecode(Fn.file("bucket.yaml")) as unknown as Record<string, unknown>, provider: c.k8s }); }, expect: /m\.manifest: .*computed by a Terraform expression/ },
  { name: "Helm values read from a file", build: (c) => { release(c, { values: [Fn.file("values.yaml")] }); }, expect: /r\.values\.0: is built by a Terraform expression the region lock cannot evaluate \(file\(…\)/ },
  { name: "Helm values yamlencode()d with a US region", build: (c) => { release(c, { values: [Fn.yamlencode({ aws: { region: Fn.join("-", ["us", "east", "1"]) } })] }); }, expect: /r\.values\.0\.aws\.region: .*names us-east-1/ },
  { name: "a Helm set value joined into a US region", build: (c) => { release(c, { set: [{ name: "aws.region", value: Fn.join("-", ["us", "west", "2"]) }] }); }, expect: /r\.set\.0\.aws\.region: .*names us-west-2/ },
  { name: "a Helm set value lower()ed from a variable", build: (c) => { release(c, { set: [{ name: "aws.region", value: Fn.lower(new TerraformVariable(c.locked, "region", { type: "string" }).stringValue) }] }); }, expect: /r\.set\.0\.value: .*lower\(…\) over a Terraform variable/ },
  // escaped (measured on eeaeab3): values hidden by YAML tags or Terraform expressions, and annotations written onto existing objects
  { name: "a Helm region hidden in a YAML !!binary tag", build: (c) => { release(c, { values: ["aws:\n  region: !!binary dXMtZWFzdC0x\n"] }); }, expect: /r\.values\.0\.aws\.region: .*names us-east-1/ },
  { name: "Helm values giving the region twice (eu, then us)", build: (c) => { release(c, { values: ["aws:\n  region: eu-north-1\n  region: us-east-1\n"] }); }, expect: /r\.values\.0: .*cannot read as YAML/ },
  { name: "an unknown controller's region joined by a Terraform function inside a manifest", build: (c) => { manifest(c, { apiVersion: "backup.example.com/v1", kind: "Copy", metadata: { name: "c", namespace: "default" }, spec: { region: Fn.join("-", ["us", "east", "1"]) } }); }, expect: /m\.manifest\.spec\.region: .*names us-east-1/ },
  { name: "an ARN joined by a Terraform function inside a manifest", build: (c) => { manifest(c, { apiVersion: "alerts.example.com/v1", kind: "Notifier", metadata: { name: "n", namespace: "default" }, spec: { topic: Fn.join(":", ["arn:aws:sns", "us-west-2", "123456789012", "alerts"]) } }); }, expect: /spec\.topic: .*us-west-2/ },
  { name: "a namespace's ACK default region set on an existing namespace (kubernetes_annotations)", build: (c) => { new Annotations(c.locked, "a", { apiVersion: "v1", kind: "Namespace", metadata: { name: "prod" }, annotations: { "services.k8s.aws/default-region": "us-east-1" }, provider: c.k8s }); }, expect: /a\.metadata\.annotations\.services\.k8s\.aws\/default-region: .*us-east-1/ },
  // escaped (measured on 08a47ad): regions spelled in in-cluster objects outside location-like fields
  { name: "a log shipper's config in a ConfigMap sending logs to CloudWatch in the US", build: (c) => { new ConfigMapV1(c.locked, "cm", { metadata: { name: "fluent-bit" }, data: { "fluent-bit.conf": "[OUTPUT]\n    Name cloudwatch_logs\n    region us-east-1\n" }, provider: c.k8s }); }, expect: /cm\.data\.fluent-bit\.conf: .*value names us-east-1/ },
  { name: "a workload whose env points its SDK at a US region", build: (c) => { manifest(c, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "default" }, spec: { template: { spec: { containers: [{ name: "c", image: "x", env: [{ name: "AWS_DEFAULT_REGION", value: "us-west-2" }] }] } } } }); }, expect: /m\.manifest\.spec\.template\.spec\.containers\.0\.env\.0\.value: .*value names us-west-2/ },
  { name: "Prometheus remote-writing metrics to a US workspace (Helm values)", build: (c) => { release(c, { values: ["server:\n  remoteWrite:\n    - url: https://aps-workspaces.us-east-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write\n"] }); }, expect: /r\.values\.0\.server\.remoteWrite\.0\.url: .*us-east-1/ },
  { name: "Helm values keyed by a US region", build: (c) => { release(c, { values: ["replicas:\n  us-east-1:\n    bucket: copies\n"] }); }, expect: /r\.values\.0\.replicas\.us-east-1: .*key names us-east-1/ },
  { name: "Helm values that are not YAML", build: (c) => { release(c, { values: ["a: [unclosed"] }); }, expect: /cannot read as YAML/ },
];

const ACCEPTED: readonly { readonly name: string; readonly build: (c: Ctx) => void }[] = [
  { name: "an ACK bucket annotated for eu-north-1", build: (c) => { manifest(c, ack({ "services.k8s.aws/region": "eu-north-1" })); } },
  { name: "a Config Connector bucket in europe-west4", build: (c) => { manifest(c, { apiVersion: "storage.cnrm.cloud.google.com/v1beta1", kind: "StorageBucket", metadata: { name: "b", namespace: "default" }, spec: { location: "europe-west4" } }); } },
  { name: "a Config Connector IAM policy member (no location)", build: (c) => { manifest(c, { apiVersion: "iam.cnrm.cloud.google.com/v1beta1", kind: "IAMPolicyMember", metadata: { name: "m", namespace: "default" }, spec: { member: "user:a@example.com", role: "roles/viewer" } }); } },
  { name: "an unknown CRD whose region is a variable (its controller is unknown; only a region outside is refused)", build: (c) => { manifest(c, { apiVersion: "example.com/v1", kind: "Thing", metadata: { name: "t", namespace: "default" }, spec: { region: "${var.r}" } }); } },
  { name: "a Deployment pinned to a zone inside by node affinity", build: (c) => { manifest(c, { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "default" }, spec: { template: { spec: { nodeSelector: { "topology.kubernetes.io/zone": "eu-north-1a" } } } } }); } },
  { name: "an internal (regional) GKE Ingress, class gce-internal", build: (c) => { manifest(c, { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "i", namespace: "default" }, spec: { ingressClassName: "gce-internal" } }); } },
  { name: "a Helm release with regional values inside", build: (c) => { release(c, { values: ["aws:\n  region: eu-north-1\n"], set: [{ name: "gcp.location", value: "europe-west4" }] }); } },
];


describe("region lock attacks through Kubernetes objects for in-cluster cloud controllers", () => {
  lockAttackTables(context, ATTACKS, ACCEPTED);
});
