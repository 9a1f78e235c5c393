import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PREFLIGHT_RULES, intentOfReview, runPreflight, synthView } from "../../lib/preflight";
import type { HelmRelease, K8sObject, Rule, SynthView } from "../../lib/preflight/types";
import { defaultAppOutdir } from "../support/default-app";
import { poolLocalStorage } from "../../lib/preflight/view";
import { CLUSTER_AUTOSCALER_IMAGE_TAGS } from "../../lib/catalog/charts";
import { DEFAULT_EKS_VERSION } from "../../lib/clouds/aws/plan-aws-infra";

/**
 * Every preflight rule proven by a planted fault: the default app's synthesized output passes
 * clean, and the same output with one fault planted (most of them the deploy defects of issue 17)
 * makes exactly that rule report it, at the field where it was planted.
 */
const raw = (() => {
  const dir = join(defaultAppOutdir(), "stacks");
  return readdirSync(dir).sort().map((name) => ({ name, text: readFileSync(join(dir, name, "cdk.tf.json"), "utf8") }));
})();
const reviewJson = readFileSync(join(defaultAppOutdir(), "review.json"), "utf8");
/** The default app's stacks, with what it was configured to do (its review.json), as the CLI reads them. */
const fresh = (): SynthView => synthView(raw.map(({ name, text }) => ({ name, json: JSON.parse(text) as unknown })), intentOfReview(JSON.parse(reviewJson)));
function endpointIntent(v: SynthView, stack: string): { exposure: string; allowedSourceCidrs?: string[] } {
  return (v.intent!.endpoints as Mutable<NonNullable<SynthView["intent"]>["endpoints"]>).find((e) => e.stacks.includes(stack))!;
}
const rule = (id: string): Rule => PREFLIGHT_RULES.find((r) => r.id === id)!;

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
function release(view: SynthView, stack: string, chart: string): Mutable<HelmRelease> {
  const r = view.stacks.find((s) => s.name === stack)!.releases.find((x) => x.chart === chart || x.objects.some((o) => o.kind === chart));
  if (!r) throw new Error(`no ${chart} release in ${stack}`);
  return r as Mutable<HelmRelease>;
}
function object(view: SynthView, stack: string, kind: string, name?: string): Mutable<K8sObject> & { spec: any } {
  const o = view.stacks.find((s) => s.name === stack)!.releases.flatMap((r) => r.objects).find((x) => x.kind === kind && (!name || x.metadata.name === name));
  if (!o) throw new Error(`no ${kind} ${name ?? ""} in ${stack}`);
  return o as never;
}
function removeObject(view: SynthView, stack: string, kind: string, name: string): void {
  for (const r of view.stacks.find((s) => s.name === stack)!.releases as Mutable<HelmRelease>[]) {
    r.objects = r.objects.filter((o) => !(o.kind === kind && o.metadata.name === name));
  }
}

/** Adds objects to the bundle that carries `beside` (a kind) in a serving stack. */
function addObjects(view: SynthView, stack: string, beside: string, ...objects: K8sObject[]): void {
  const r = view.stacks.find((s) => s.name === stack)!.releases.find((x) => x.objects.some((o) => o.kind === beside)) as Mutable<HelmRelease>;
  r.objects = [...r.objects, ...objects] as never;
}
const pvc = (name: string, storageClassName?: string): K8sObject => ({ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name, namespace: "deepseek" },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "100Gi" } }, ...(storageClassName === undefined ? {} : { storageClassName }) } });
const storageClass = (name: string, provisioner: string): K8sObject => ({ apiVersion: "storage.k8s.io/v1", kind: "StorageClass", metadata: { name }, provisioner } as K8sObject);
const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

const AWS = "b200-us-aws-use2-serving";
const MULTI = "eu-multi-aws-eun1-serving";
const TWO_NODE = "h100x2-us-aws-use1-serving";
const GCP = "h200-eu-gcp-euw4-serving";
/** The infra stack of a serving stack, its resources writable. */
const infra = (v: SynthView, serving: string) => v.stacks.find((x) => x.name === serving.replace(/-serving$/, "-infra"))! as { resources: Record<string, Record<string, Record<string, unknown>>> };

test("the default app passes every rule clean", () => {
  expect(runPreflight(fresh())).toEqual([]);
});

const faults: [string, string, (v: SynthView) => void, RegExp][] = [
  ["charts-published", "inferencepool v1.6.0 (tagged, but the chart was removed before the tag)", (v) => { release(v, AWS, "inferencepool").version = "v1.6.0"; }, /^version: inferencepool v1\.6\.0 is not a published release/],
  ["chart-values", "a misspelt device plugin value", (v) => { release(v, AWS, "nvidia-device-plugin").values.mofedEnable = false; }, /^values\.mofedEnable: nvidia-device-plugin 0\.20\.0 neither defines nor reads "mofedEnable"/],
  ["chart-values", "a key under a non-free-form map (EPP image)", (v) => { (release(v, AWS, "inferencepool").values.inferenceExtension as Record<string, unknown>).image = { registy: "x" }; }, /^values\.inferenceExtension\.image\.registy: /],
  ["chart-values", "a cert-manager key v1.21 removed (prometheus.servicemonitor.targetPort, read by v1.18.2)", (v) => { release(v, MULTI, "cert-manager").values.prometheus = { servicemonitor: { targetPort: "http-metrics" } }; }, /^values\.prometheus\.servicemonitor\.targetPort: cert-manager v1\.21\.2 neither defines nor reads/],
  ["chart-values", "a top-level key cert-manager's closed values.schema.json refuses", (v) => { release(v, MULTI, "cert-manager").values.enableGatewayAPI = true; }, /^values\.enableGatewayAPI: cert-manager v1\.21\.2 neither defines nor reads "enableGatewayAPI" \(values\.yaml and templates and values\.schema\.json/],
  ["crds-installed", "the ScaledObject no longer waits for KEDA, which installs its CRD", (v) => { release(v, AWS, "ScaledObject").dependsOn = []; }, /^depends_on: the CRD scaledobjects\.keda\.sh comes from helm_release\.keda/],
  ["scheduling", "the device plugin with the chart's default affinity (NFD/GFD labels our nodes lack)", (v) => { delete release(v, AWS, "nvidia-device-plugin").values.affinity; }, /^values: fits no planned node pool; closest aws_eks_node_group\.infra_gpu.*required node affinity on feature\.node\.kubernetes\.io\/pci-10de\.present/],
  ["scheduling", "the EPP with the chart's default requests (cpu 4 on a 4-vCPU system node)", (v) => { delete (release(v, AWS, "inferencepool").values.inferenceExtension as Record<string, unknown>).resources; }, /^values\.inferenceExtension: fits no planned node pool; .*requests cpu 4 > allocatable/],
  ["scheduling", "a controller chart pinned to a label no pool has (our values merged over the chart's defaults)", (v) => { release(v, AWS, "cert-manager").values.nodeSelector = { "cdktf-deepseek.io/pool": "controllers" }; }, /^values: fits no planned node pool; .*nodeSelector cdktf-deepseek\.io\/pool=controllers/],
  ["scheduling", "servers asking for more GPUs than a node has", (v) => { object(v, AWS, "Deployment", "trtllm").spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"] = 16; object(v, AWS, "Deployment", "trtllm").spec.template.spec.containers[0].resources.requests["nvidia.com/gpu"] = 16; }, /^spec\.template\.spec: fits no planned node pool; .*requests nvidia\.com\/gpu 16 > allocatable 8/],
  ["references", "a Service selecting no pod", (v) => { object(v, AWS, "Service", "trtllm").spec.selector = { "app.kubernetes.io/name": "trtlm" }; }, /^spec\.selector: selects .*no pod template/],
  ["references", "an HTTPRoute naming a listener that does not exist", (v) => { object(v, AWS, "HTTPRoute", "trtllm-interactive").spec.parentRefs[0].sectionName = "api"; }, /^spec\.parentRefs\.0\.sectionName: Gateway envoy-gateway-system\/deepseek has no listener "api"/],
  ["references", "an HTTPRoute whose hostname no listener admits", (v) => { object(v, AWS, "HTTPRoute", "trtllm-interactive").spec.hostnames = ["other.example.org"]; }, /^spec\.parentRefs\.0: no listener .* admits this route/],
  ["references", "a pod reading a Secret nothing produces", (v) => { removeObject(v, AWS, "ExternalSecret", "hf-token"); }, /reads Secret deepseek\/hf-token, which neither exists nor is produced by an ExternalSecret/],
  ["certificates", "a multi-placement cluster without the per-placement port-80 listener", (v) => { const gw = object(v, MULTI, "Gateway", "deepseek"); gw.spec.listeners = gw.spec.listeners.filter((l: { name: string }) => l.name !== "http-health"); }, /^spec\.dnsNames\.1: the HTTP-01 challenge route for .* attaches to no port-80 HTTP listener/],
  ["metrics", "KEDA reading a gauge the pinned 1.2.1 image does not export", (v) => { object(v, AWS, "ScaledObject").spec.triggers[0].metadata.query = 'sum(trtllm_num_active_requests{namespace="deepseek"})'; }, /^spec\.triggers\.0\.metadata\.query: trtllm_num_active_requests is not exported by TensorRT-LLM 1\.2\.1/],
  ["metrics", "a missing metric masked as zero", (v) => { const t = object(v, AWS, "ScaledObject").spec.triggers[0]; t.metadata.query = `(${t.metadata.query}) or vector(0)`; t.metadata.ignoreNullValues = "true"; }, /^spec\.triggers\.0\.metadata\.query: a missing server metric reads as zero load/],
  ["metrics", "the EPP told to scrape a gauge 1.2.1 does not export", (v) => { ((release(v, AWS, "inferencepool").values.inferenceExtension as Record<string, Record<string, string>>).flags)["total-queued-requests-metric"] = "trtllm_num_requests_waiting"; }, /^values\.inferenceExtension\.flags\.total-queued-requests-metric: trtllm_num_requests_waiting is not exported/],
  ["traffic", "no policy admitting the gateway to the endpoint picker", (v) => { removeObject(v, AWS, "NetworkPolicy", "allow-gateway-to-endpoint-picker"); }, /^spec\.ingress: no NetworkPolicy admits gateway → endpoint picker/],
  ["traffic", "Prometheus shut out of the servers", (v) => { const p = object(v, AWS, "NetworkPolicy", "allow-traffic-and-prometheus"); p.spec.ingress[0].from = p.spec.ingress[0].from.filter((f: { namespaceSelector?: { matchLabels?: Record<string, string> } }) => f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] !== "monitoring"); }, /no NetworkPolicy admits Prometheus → servers/],
  ["traffic", "the endpoint picker may not send to the servers (its egress policy removed; default-deny egress stays)", (v) => { removeObject(v, AWS, "NetworkPolicy", "allow-endpoint-picker-to-servers"); }, /^spec\.egress: no NetworkPolicy admits endpoint picker → servers \(metrics\) .* isolates the source/],
  ["traffic", "a two-node group's ranks cut off from each other", (v) => { removeObject(v, TWO_NODE, "NetworkPolicy", "allow-intra-group"); }, /^spec\.ingress: no NetworkPolicy admits trtllm ranks → each other .*:any\)/],
  ["traffic", "the serving check cut off from the gateway", (v) => { const p = object(v, AWS, "NetworkPolicy", "allow-checks"); p.spec.egress = p.spec.egress.slice(0, 2); }, /^spec\.egress: no NetworkPolicy admits checks → gateway :443 \(deepseek \{"cdktf-deepseek\.io\/role":"check"\} → envoy-gateway-system \{"app\.kubernetes\.io\/name":"envoy",.*\}:10443\)/],
  ["traffic", "Route 53 health checks behind load-balancer source ranges", (v) => { object(v, MULTI, "EnvoyProxy").spec.provider.kubernetes.envoyService.loadBalancerSourceRanges = ["203.0.113.0/24"]; }, /loadBalancerSourceRanges: admits only 203\.0\.113\.0\/24, so Route 53's health checkers .* cannot reach \/health/],
  ["traffic-scope", "servers admitting every pod of every namespace (namespaceSelector {})", (v) => { object(v, AWS, "NetworkPolicy", "allow-traffic-and-prometheus").spec.ingress[0].from[0] = { namespaceSelector: {} }; }, /^spec\.ingress\.0\.from\.0: admits \{"namespaceSelector":\{\}\}, which no needed flow covers: any pod in default → Deployment deepseek\/trtllm/],
  ["traffic-scope", "an ingress rule without from (every source)", (v) => { delete object(v, AWS, "NetworkPolicy", "allow-traffic-and-prometheus").spec.ingress[0].from; }, /^spec\.ingress\.0\.from: admits every source, which no needed flow covers/],
  ["traffic-scope", "servers open to 0.0.0.0/0", (v) => { object(v, AWS, "NetworkPolicy", "allow-traffic-and-prometheus").spec.ingress[0].from.push({ ipBlock: { cidr: "0.0.0.0/0" } }); }, /^spec\.ingress\.0\.from\.4\.ipBlock: admits every address \(0\.0\.0\.0\/0\) to Deployment deepseek\/trtllm/],
  ["traffic-scope", "the endpoint-picker policy selecting every pod of the namespace (the defect it found)", (v) => { object(v, AWS, "NetworkPolicy", "allow-gateway-to-endpoint-picker").spec.podSelector = {}; }, /^spec\.podSelector: selects pods that need none of what it admits .*gateway pods → .*:9002/],
  ["traffic-scope", "the check group admitting every pod of the namespace on every port", (v) => { object(v, AWS, "NetworkPolicy", "allow-check-group").spec.ingress[0].from = [{ podSelector: {} }]; }, /^spec\.ingress\.0\.from\.0: admits \{"podSelector":\{\}\}, which no needed flow covers: any pod in deepseek → Job deepseek\/check-serving-\w+ .*:any/],
  ["traffic-scope", "no default deny: a pod of the isolated namespace selected by no policy", (v) => { removeObject(v, AWS, "NetworkPolicy", "default-deny-ingress"); }, /^metadata\.labels: no Ingress NetworkPolicy selects these pods in deepseek, a namespace the stack isolates/],
  ["traffic-scope", "egress to every address on every port", (v) => { delete object(v, AWS, "NetworkPolicy", "allow-dns-https-identity").spec.egress[1].ports; }, /^spec\.egress\.1\.to\.0\.ipBlock: admits every address \(0\.0\.0\.0\/0\) on every port/],
  ["traffic-scope", "the gateway's load balancer open while traffic.allowedSourceCidrs is set", (v) => { endpointIntent(v, AWS).allowedSourceCidrs = ["203.0.113.0/24"]; }, /^spec\.provider\.kubernetes\.envoyService\.loadBalancerSourceRanges: is unset, so the load balancer admits every address, while traffic\.allowedSourceCidrs is 203\.0\.113\.0\/24/],
  ["traffic-scope", "load-balancer source ranges wider than configured", (v) => { endpointIntent(v, AWS).allowedSourceCidrs = ["203.0.113.0/24"]; object(v, AWS, "EnvoyProxy").spec.provider.kubernetes.envoyService.loadBalancerSourceRanges = ["203.0.0.0/16"]; }, /loadBalancerSourceRanges: admits 203\.0\.0\.0\/16, wider than \(or outside\) the configured 203\.0\.113\.0\/24/],
  ["traffic-scope", "an internet-facing load balancer for an endpoint configured private", (v) => { endpointIntent(v, AWS).exposure = "private"; }, /^spec\.provider\.kubernetes\.envoyService\.annotations: asks for an internet-facing load balancer, but the endpoint is configured private/],
  ["traffic-scope", "a second internet-facing load balancer (a bundled Service)", (v) => { object(v, AWS, "Service", "trtllm").spec.type = "LoadBalancer"; }, /^spec\.type: asks for an internet-facing load balancer open to every address/],
  ["traffic-scope", "a chart asked for an internet-facing load balancer (Prometheus server)", (v) => { (release(v, AWS, "prometheus").values.server as Record<string, unknown>).service = { type: "LoadBalancer" }; }, /^values\.server\.service\.type: asks prometheus for an internet-facing load balancer/],
  ["versions", "the autoscaler 9.38.0 ran (1.31) against EKS 1.35", (v) => { (release(v, AWS, "cluster-autoscaler").values.image as Record<string, unknown>).tag = "v1.31.0"; }, /^values\.image\.tag: runs cluster autoscaler v1\.31\.0 against Kubernetes 1\.35 \(b200-us-aws-use2-infra\)/],
  ["versions", "the control plane moved to another minor", (v) => { for (const c of Object.values(v.stacks.find((x) => x.name === AWS.replace("-serving", "-infra"))!.resources.aws_eks_cluster)) c.version = "1.33"; }, /^values\.image\.tag: runs cluster autoscaler v1\.35\.\d+ against Kubernetes 1\.33/],
  ["versions", "no image tag: the chart's appVersion decides", (v) => { delete release(v, AWS, "cluster-autoscaler").values.image; for (const c of Object.values(v.stacks.find((x) => x.name === AWS.replace("-serving", "-infra"))!.resources.aws_eks_cluster)) c.version = "1.34"; }, /^version: runs cluster autoscaler 1\.35\.0 \(chart 9\.59\.0's appVersion\) against Kubernetes 1\.34/],
  ["policies-enforced", "EKS VPC CNI without enableNetworkPolicy (every policy ignored)", (v) => { for (const a of Object.values(infra(v, AWS).resources.aws_eks_addon)) if (a.addon_name === "vpc-cni") delete a.configuration_values; }, /^configuration_values: b200-us-aws-use2-serving relies on NetworkPolicies, and the VPC CNI enforces them only with enableNetworkPolicy "true"/],
  ["policies-enforced", "GKE without Dataplane V2", (v) => { for (const c of Object.values(infra(v, GCP).resources.google_container_cluster)) delete c.datapath_provider; }, /^datapath_provider: h200-eu-gcp-euw4-serving relies on NetworkPolicies, and this cluster enforces none/],
  ["identity", "a KSA annotated with another Google service account than its binding", (v) => { const sa = object(v, GCP, "ServiceAccount", "trtllm-server"); const stager = object(v, GCP, "ServiceAccount", "model-stager"); sa.metadata.annotations = { ...stager.metadata.annotations }; }, /^metadata\.annotations\.iam\.gke\.io\/gcp-service-account: names .*stager.*, while h200-eu-gcp-euw4-infra binds this ServiceAccount to google_service_account\.infra_identities_server_\w+/],
  ["identity", "a Workload Identity binding for a KSA nobody creates", (v) => { for (const b of Object.values(infra(v, GCP).resources.google_service_account_iam_member)) b.member = String(b.member).replace("[deepseek/trtllm-server]", "[deepseek/trtllm]"); }, /^member: binds deepseek\/trtllm, which h200-eu-gcp-euw4-serving does not create/],
  ["identity", "the SecretStore's KSA without its binding", (v) => { const wi = infra(v, GCP).resources.google_service_account_iam_member; for (const [id, b] of Object.entries(wi)) if (String(b.member).includes("[deepseek/secrets-reader]")) delete wi[id]; }, /^spec\.provider\.gcpsm\.auth\.workloadIdentity\.serviceAccountRef: authenticates as deepseek\/secrets-reader, which has no Workload Identity binding/],
  ["identity", "Pod Identity associations without the agent add-on", (v) => { const addons = infra(v, AWS).resources.aws_eks_addon; for (const [id, a] of Object.entries(addons)) if (a.addon_name === "eks-pod-identity-agent") delete addons[id]; }, /^addon_name: \d+ Pod Identity associations, but no eks-pod-identity-agent add-on/],
  ["identity", "the External Secrets controller without an identity", (v) => { const as = infra(v, AWS).resources.aws_eks_pod_identity_association; for (const [id, a] of Object.entries(as)) if (a.namespace === "external-secrets") delete as[id]; }, /^spec\.provider\.aws: has no auth, so the External Secrets controller's own identity reads the secrets, and b200-us-aws-use2-infra associates no role with external-secrets\/external-secrets/],
  ["identity", "an IRSA annotation on a Pod Identity cluster", (v) => { object(v, AWS, "ServiceAccount", "trtllm-server").metadata.annotations = { "eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/x" }; }, /^metadata\.annotations\.eks\.amazonaws\.com\/role-arn: asks for IRSA, but b200-us-aws-use2-infra creates no IAM OIDC provider/],
  ["keys-and-ports", "the HF token read under a key its ExternalSecret does not produce", (v) => { object(v, AWS, "ExternalSecret", "hf-token").spec.data[0].secretKey = "TOKEN"; }, /^spec\.template\.spec\.initContainers\.\d+\.env\.\d+\.valueFrom\.secretKeyRef\.key: reads key "HF_TOKEN" of Secret deepseek\/hf-token, which holds only TOKEN/],
  ["keys-and-ports", "Redis' config projected from a key the templated Secret lacks", (v) => { const t = object(v, AWS, "ExternalSecret", "ratelimit-redis-auth").spec.target.template; t.data = { password: t.data.password }; }, /^spec\.template\.spec\.volumes\.\d+\.secret\.items: projects key "redis\.conf" of Secret envoy-gateway-system\/ratelimit-redis-auth, which holds only password/],
  ["keys-and-ports", "a Service targeting a port name no pod declares", (v) => { object(v, AWS, "Deployment", "ratelimit-redis").spec.template.spec.containers[0].ports[0].name = "tcp-redis"; }, /^spec\.ports\.0\.targetPort: targets the named port "redis", which no pod it selects declares/],
  ["keys-and-ports", "a probe on a port name the container does not declare", (v) => { object(v, AWS, "Deployment", "trtllm").spec.template.spec.containers.find((c: { name: string }) => c.name === "trtllm").livenessProbe.httpGet.port = "metrics"; }, /^spec\.template\.spec\.containers\.\d+\.livenessProbe: probes the named port "metrics", which container trtllm does not declare/],
  ["keys-and-ports", "an HTTPRoute sending to a port its Service does not expose", (v) => { object(v, AWS, "HTTPRoute", "trtllm-batch").spec.rules[0].backendRefs = [{ kind: "Service", name: "trtllm", port: 9000 }]; }, /^spec\.rules\.0\.backendRefs\.0\.port: sends to port 9000 of Service deepseek\/trtllm, which exposes 8000/],
  ["storage", "a claim naming a StorageClass nobody creates", (v) => { addObjects(v, AWS, "Deployment", pvc("cache", "gp3")); }, /^spec\.storageClassName: this claim names StorageClass "gp3", which neither this deployment nor EKS creates \(known: gp2\)/],
  ["storage", "a claim on EKS's gp2 (the in-tree kubernetes.io/aws-ebs)", (v) => { addObjects(v, AWS, "Deployment", pvc("cache", "gp2")); }, /^spec\.storageClassName: this claim uses StorageClass gp2 \(created by EKS\), provisioner kubernetes\.io\/aws-ebs; on EKS volumes come from ebs\.csi\.aws\.com/],
  ["storage", "an EBS CSI class on EKS without the aws-ebs-csi-driver add-on", (v) => { addObjects(v, AWS, "Deployment", storageClass("gp3", "ebs.csi.aws.com"), pvc("cache", "gp3")); }, /^spec\.storageClassName: this claim uses StorageClass gp3 \(provisioner ebs\.csi\.aws\.com\), but b200-us-aws-use2-infra installs no aws-ebs-csi-driver add-on/],
  ["storage", "a claim asking for no StorageClass (\"\")", (v) => { addObjects(v, GCP, "Deployment", pvc("cache", "")); }, /^spec\.storageClassName: this claim asks for no StorageClass \(storageClassName ""\), so it binds only a pre-provisioned PersistentVolume/],
  ["storage", "Prometheus with its chart's default persistent volume on EKS (no default StorageClass proven)", (v) => { delete (release(v, AWS, "prometheus").values.server as Record<string, unknown>).persistentVolume; }, /^values\.server\.persistentVolume\.storageClass: prometheus 29\.27\.0 the server's PersistentVolumeClaim \(server\.persistentVolume\.enabled defaults to true\) names no StorageClass, so it takes the cluster's default, and none is proven here/],
  ["storage", "a GKE ephemeral volume on a class with the AWS provisioner", (v) => { addObjects(v, GCP, "Deployment", storageClass("fast", "ebs.csi.aws.com")); object(v, GCP, "Deployment", "trtllm").spec.template.spec.volumes.push({ name: "scratch", ephemeral: { volumeClaimTemplate: { spec: { storageClassName: "fast", accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Ti" } } } } } }); }, /^spec\.template\.spec\.volumes\.\d+\.ephemeral\.volumeClaimTemplate\.spec\.storageClassName: ephemeral volume scratch uses StorageClass fast .*provisioner ebs\.csi\.aws\.com; on GKE volumes come from pd\.csi\.storage\.gke\.io/],
  ["storage", "GKE with the PD CSI driver turned off: standard-rwo does not exist", (v) => { for (const c of Object.values(infra(v, GCP).resources.google_container_cluster)) c.addons_config = { ...(c.addons_config as object), gce_persistent_disk_csi_driver_config: { enabled: false } }; addObjects(v, GCP, "Deployment", pvc("cache", "standard-rwo")); }, /^spec\.storageClassName: this claim names StorageClass "standard-rwo", which neither this deployment nor GKE creates/],
  ["storage", "the model cache moved off the NVMe RAID0 (onto the boot disk)", (v) => { const vol = object(v, AWS, "Deployment", "trtllm").spec.template.spec.volumes.find((x: { hostPath?: { path: string } }) => x.hostPath?.path.endsWith("deepseek-models")); vol.hostPath.path = "/var/lib/deepseek-models"; }, /^spec\.template\.spec\.volumes\.\d+\.hostPath\.path: caches in \/var\/lib\/deepseek-models on aws_eks_node_group\.infra_gpu_[\w-]+ \(p6-b200\.48xlarge\), whose local NVMe is mounted at \/mnt\/k8s-disks\/0 \(launch template \w+ user data: nodeadm localStorage strategy RAID0/],
  ["storage", "the GPU launch template without nodeadm localStorage (the NVMe never mounted)", (v) => { for (const lt of Object.values(infra(v, AWS).resources.aws_launch_template)) if (lt.user_data) lt.user_data = base64(Buffer.from(String(lt.user_data), "base64").toString("utf8").replace(/ {4}localStorage:\n.*\n.*\n/, "")); }, /^spec\.template\.spec\.volumes\.\d+\.hostPath\.path: caches in \/mnt\/k8s-disks\/0\/deepseek-\S+ on aws_eks_node_group\.infra_gpu_[\w-]+ \(p6-b200\.48xlarge\), which mounts no local NVMe \/ Local SSD there/],
  ["storage", "the GKE model cache (emptyDir 827G) on a pool whose Local SSD is not ephemeral storage (the 200 GiB boot disk)", (v) => { for (const np of Object.values(infra(v, GCP).resources.google_container_node_pool)) delete (np.node_config as Record<string, unknown>).ephemeral_storage_local_ssd_config; }, /^spec\.template\.spec\.volumes: emptyDir .*model-cache 827G.* exceed the ephemeral storage of google_container_node_pool\.infra_gpu-pool_\w+ \(a3-ultragpu-8g\): \d+ GB on the 200 GiB boot disk/],
  ["storage", "a GKE emptyDir cache larger than the node's Local SSD (32 x 375 GB)", (v) => { const vol = object(v, GCP, "Deployment", "trtllm").spec.template.spec.volumes.find((x: { emptyDir?: { sizeLimit?: string } }) => x.emptyDir?.sizeLimit === "827G"); vol.emptyDir.sizeLimit = "20T"; }, /^spec\.template\.spec\.volumes: emptyDir .* 20T.* exceed the ephemeral storage of google_container_node_pool\.infra_gpu-pool_\w+ \(a3-ultragpu-8g\): 12000 GB on local disks/],
  ["storage", "a GKE hostPath cache on a pool without Local SSD ephemeral storage", (v) => { object(v, GCP, "Deployment", "trtllm").spec.template.spec.volumes.push({ name: "cc", hostPath: { path: "/mnt/stateful_partition/kube-ephemeral-ssd/deepseek-compile-cache", type: "DirectoryOrCreate" } }); for (const np of Object.values(infra(v, GCP).resources.google_container_node_pool)) delete (np.node_config as Record<string, unknown>).ephemeral_storage_local_ssd_config; }, /^spec\.template\.spec\.volumes\.\d+\.hostPath\.path: caches in \/mnt\/stateful_partition\/kube-ephemeral-ssd\/deepseek-compile-cache on google_container_node_pool\.infra_gpu-pool_\w+ \(a3-ultragpu-8g\), which mounts no local NVMe/],
];

test("the cluster autoscaler image table covers the default EKS version, each tag of its own minor", () => {
  expect(CLUSTER_AUTOSCALER_IMAGE_TAGS[DEFAULT_EKS_VERSION]).toMatch(new RegExp(`^v${DEFAULT_EKS_VERSION.replace(".", "\\.")}\\.\\d+$`));
  for (const [minor, tag] of Object.entries(CLUSTER_AUTOSCALER_IMAGE_TAGS)) expect(tag.startsWith(`v${minor}.`)).toBe(true);
});

describe.each(faults)("rule %s catches: %s", (id, _what, plant, expected) => {
  test("planted: reported at the planted field; clean: nothing", () => {
    expect(rule(id).check(fresh())).toEqual([]);
    const v = fresh();
    plant(v);
    const found = rule(id).check(v);
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((f) => `${f.field}: ${f.why}`).join("\n")).toMatch(new RegExp(expected.source, "m"));
    for (const f of found) for (const k of ["stack", "object", "field", "why", "fix"] as const) expect(f[k].length).toBeGreaterThan(0);
  });
});

test("every rule has at least one planted fault", () => {
  expect(new Set(faults.map(([id]) => id))).toEqual(new Set(PREFLIGHT_RULES.map((r) => r.id)));
});

describe("storage: what the cloud provides passes", () => {
  test("GKE: a claim on standard-rwo (created by GKE, pd.csi.storage.gke.io), one naming no class (standard-rwo is GKE's default), an EBS CSI class with its add-on on EKS", () => {
    const v = fresh();
    addObjects(v, GCP, "Deployment", pvc("a", "standard-rwo"), pvc("b"), pvc("c", "premium-rwo"));
    addObjects(v, AWS, "Deployment", storageClass("gp3", "ebs.csi.aws.com"), pvc("d", "gp3"));
    infra(v, AWS).resources.aws_eks_addon["ebs-csi"] = { addon_name: "aws-ebs-csi-driver" };
    expect(rule("storage").check(v)).toEqual([]);
  });
  test("the host's own directories are not caches (GKE's driver and NCCL installers write under /home/kubernetes/bin)", () => {
    const v = fresh();
    object(v, GCP, "Deployment", "trtllm").spec.template.spec.volumes.push({ name: "lib", hostPath: { path: "/home/kubernetes/bin/nvidia/lib64", type: "DirectoryOrCreate" } });
    expect(rule("storage").check(v)).toEqual([]);
  });
  test("a GKE hostPath cache under the Local SSD mount of a pool that configures it", () => {
    const v = fresh();
    object(v, GCP, "Deployment", "trtllm").spec.template.spec.volumes.push({ name: "cc", hostPath: { path: "/mnt/stateful_partition/kube-ephemeral-ssd/deepseek-compile-cache", type: "DirectoryOrCreate" } });
    expect(rule("storage").check(v)).toEqual([]);
  });
  test("the default app's EKS GPU pools mount their NVMe RAID0 where the caches live", () => {
    const stacks = fresh().stacks.filter((s) => s.nodePools.some((p) => p.address.includes("gpu")));
    expect(stacks.length).toBeGreaterThan(0);
    for (const s of stacks) {
      for (const p of s.nodePools) {
        const root = poolLocalStorage(s.resources, p)?.root;
        expect(root).toBe(!p.address.includes("gpu") ? undefined : p.address.startsWith("aws_") ? "/mnt/k8s-disks/0" : "/mnt/stateful_partition/kube-ephemeral-ssd");
      }
    }
  });
});

test("cert-manager v1.21: the Gateway API solver is on through ControllerConfiguration gatewayAPI.enabled, not the deprecated enableGatewayAPI", () => {
  // cert-manager pkg/apis/config/controller/v1alpha1/types.go @ v1.21.1: EnableGatewayAPI "Deprecated: use GatewayAPIConfig.Enabled instead".
  const config = release(fresh(), MULTI, "cert-manager").values.config as Record<string, unknown>;
  expect(config).toMatchObject({ apiVersion: "controller.config.cert-manager.io/v1alpha1", kind: "ControllerConfiguration", gatewayAPI: { enabled: true } });
  expect(config).not.toHaveProperty("enableGatewayAPI");
});
