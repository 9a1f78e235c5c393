import { parseAllDocuments } from "yaml";
import type { Cloud, Jurisdiction } from "../catalog";
import { foreignRegionTokens, locationInside } from "./plan-region-lock";
import { HOLE, type ReferenceReader, UNKNOWN_HOLE, foldedTexts } from "./region-lock-functions";
import { duplicateKeyPaths } from "./region-lock-json";

/**
 * Kubernetes objects that ask an in-cluster controller for cloud resources, as the region lock
 * reads them (pure). A Kubernetes object lives in the checked cluster, but a controller in it can
 * create cloud resources anywhere its identity reaches: AWS Controllers for Kubernetes, Config
 * Connector, Crossplane, the AWS Load Balancer Controller's Global Accelerator, GKE's global load
 * balancers. The objects are read from `kubernetes_manifest`, typed `kubernetes_*` resources and
 * Helm releases (values, `set` blocks, and manifests carried in values, as this library's
 * ManifestBundle does). Under a lock: known cloud-controller API groups must name a literal
 * location inside the jurisdiction; any object with a location-like field (or annotation) naming a
 * region outside is refused.
 */

export interface InClusterRefusal {
  /** Where, below the element's path. */
  readonly at: string;
  readonly problem: string;
  readonly received: unknown;
  readonly fix: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const first = (v: unknown): Json | undefined => (Array.isArray(v) ? (isObject(v[0]) ? v[0] : undefined) : isObject(v) ? v : undefined);

/** A value written in the Terraform JSON, as Helm or the API server receives it (`$${` is a literal `${`). */
const unescape = (s: string): string => s.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
const isLiteral = (v: unknown): v is string => typeof v === "string" && !/\$\{|%\{/.test(v.replace(/\$\$\{|%%\{/g, ""));

/**
 * Field names that place something (any object, any depth): `region`, `location`, `zone`, their
 * plurals, and names ending in them or starting with them (`awsRegion`, `destinationRegion`,
 * `availabilityZone`, `regionName`, `target_region`, KEDA's aws-sqs-queue `awsRegion`, Velero's `config.region`).
 */
const LOCATION_FIELD = /(?:^|[a-z0-9_-])(?:region|location|zone)s?(?:name|code|id)?$|^(?:region|location|zone)s?(?:name|code|id)?$/i;
/** An AWS ARN with a region (`arn:aws:sqs:us-east-1:…`): names a resource in that region, whatever the field. */
const ARN_REGION = /\barn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d+):/g;
/** Annotation keys that place something (`services.k8s.aws/region`, `services.k8s.aws/default-region`, …). */
const LOCATION_ANNOTATION = /\/(?:default-)?(?:region|location|zone)$/;

/**
 * ACK: every service controller's API group ends in `.services.k8s.aws`; a resource's region is
 * its `services.k8s.aws/region` annotation, else its namespace's (`services.k8s.aws/default-region`),
 * else the controller's `--aws-region` (Helm `aws.region`)
 * (https://aws-controllers-k8s.github.io/community/docs/user-docs/multi-region-resource-management).
 */
const ACK_GROUP = /\.services\.k8s\.aws$/;
const ACK_REGION = "services.k8s.aws/region";
/**
 * Config Connector: API groups end in `.cnrm.cloud.google.com`; the location is a spec field
 * (`spec.location`: StorageBucket; `spec.region`: SQLInstance, ComputeSubnetwork; `spec.zone`)
 * (GoogleCloudPlatform/k8s-config-connector config/samples/resources/storagebucket/storage_v1beta1_storagebucket.yaml,
 * sqlinstance/mysql-sql-instance-high-availability/sql_v1beta1_sqlinstance.yaml). Without one,
 * the API's default applies: a bucket without a location is in the US multi-region
 * (https://cloud.google.com/storage/docs/locations).
 */
const KCC_GROUP = /\.cnrm\.cloud\.google\.com$/;
/** Config Connector kinds with no location (identities, permissions, projects, global network configuration, the operator's own objects). */
const KCC_LOCATION_FREE = /^(IAM\w*|ComputeNetwork|ComputeFirewall|ComputeFirewallPolicy\w*|Service|Project|Folder|ConfigConnector|ConfigConnectorContext|ServiceIdentity|ResourceManager\w*)$/;
/**
 * Crossplane managed resources: provider families `*.aws.upbound.io`, `*.gcp.upbound.io`,
 * `*.azure.upbound.io` (v2 namespaced: `*.aws.m.upbound.io`, …) and the classic
 * `*.aws.crossplane.io`, `*.gcp.crossplane.io`, `*.azure.crossplane.io`; the location is
 * `spec.forProvider.region` (AWS; crossplane-contrib/provider-upjet-aws examples-generated/s3/bucket.yaml)
 * or `spec.forProvider.location` / `zone` / `region` (GCP).
 */
const CROSSPLANE_GROUP = /^(?:[\w-]+\.)+(aws|gcp|gcp-beta|azure|azuread)(?:\.m)?\.(?:upbound\.io|crossplane\.io)$/;
/** Crossplane API groups of identities and account-wide settings, which have no region. */
const CROSSPLANE_LOCATION_FREE = /^(?:iam|cloudplatform|organizations|identitystore)\./;
/** Azure Service Operator (`*.azure.com`), and Crossplane's Azure families: a cloud the lock does not place. */
const AZURE_GROUP = /(?:^|\.)azure\.com$/;

/**
 * Refusals for one in-cluster element under a lock. `read` reads a reference inside an expression
 * (values or manifests built by Terraform expressions are evaluated as region-lock-functions.ts does).
 */
export function inClusterRefusals(jurisdiction: Jurisdiction, type: string, body: Json, read: ReferenceReader): InClusterRefusal[] {
  const out: InClusterRefusal[] = [];
  for (const { at, object, patch } of objectsOf(type, body, out, read)) judgeObject(jurisdiction, object, at, out, read, patch === true);
  return out;
}

/** An unescaped `${` or `%{`: Terraform evaluates the string before Helm or the API server sees it. */
const hasExpression = (s: string): boolean => /\$\{|%\{/.test(s.replace(/\$\$\{|%%\{/g, ""));

/**
 * The texts a string written in the Terraform JSON can take once Terraform has evaluated it (holes
 * become a placeholder word), or why the lock cannot tell (a file read, a function over a variable).
 */
function evaluated(text: string, read: ReferenceReader): { texts: string[] } | { refused: string } {
  if (!hasExpression(text)) return { texts: [unescape(text)] };
  const r = foldedTexts(text, read);
  if ("refused" in r) return r;
  return { texts: r.texts.map((t) => t.split(HOLE).join("terraform-value").split(UNKNOWN_HOLE).join("terraform-value")) };
}

/** The Kubernetes objects an element creates, with where each was read. */
interface Found { readonly at: string; readonly object: Json; readonly patch?: boolean }

function objectsOf(type: string, body: Json, out: InClusterRefusal[], read: ReferenceReader): Found[] {
  if (type === "kubernetes_manifest") {
    if (!isObject(body.manifest)) {
      out.push({ at: "manifest", problem: "is a manifest computed by a Terraform expression (a file, a decoded template), which the region lock cannot read", received: body.manifest, fix: "write the manifest as an object in the stack" });
      return [];
    }
    // The object, and any object inside it (a Crossplane Composition's base resources, a chart-like wrapper's items).
    const found: Found[] = [];
    collectObjects(body.manifest, "manifest", found, 0);
    return found;
  }
  if (type === "helm_release") return helmObjects(body, out, read);
  // Annotations or labels written onto an object that exists (a namespace's ACK default region).
  if (type === "kubernetes_annotations" || type === "kubernetes_labels") {
    const metadata = first(body.metadata) ?? {};
    return [{ at: "", patch: true, object: { apiVersion: body.api_version, kind: body.kind, metadata: { ...metadata, annotations: { ...(isObject(body.annotations) ? body.annotations : {}), ...(isObject(body.template_annotations) ? body.template_annotations : {}) } } } }];
  }
  // Typed resources: kubernetes_service_v1 -> Service, with metadata and spec blocks.
  const kind = TYPED_KINDS[type.replace(/_v\d+(beta\d+)?$/, "")];
  const { metadata, spec, ...rest } = body;
  // Any other typed resource (a Deployment's env, a Secret's data) is scanned as written, under its own name.
  const known = kind ?? { apiVersion: `terraform.io/${type}`, kind: type };
  return [{ at: "", object: { ...rest, apiVersion: known.apiVersion, kind: known.kind, metadata: first(metadata) ?? {}, spec: first(spec) ?? {} } }];
}

const TYPED_KINDS: Readonly<Record<string, { apiVersion: string; kind: string }>> = {
  kubernetes_service: { apiVersion: "v1", kind: "Service" },
  kubernetes_namespace: { apiVersion: "v1", kind: "Namespace" },
  kubernetes_ingress: { apiVersion: "networking.k8s.io/v1", kind: "Ingress" },
  kubernetes_config_map: { apiVersion: "v1", kind: "ConfigMap" },
};

/** A Helm release's values (YAML documents, `set` blocks) and the objects carried in them. */
function helmObjects(body: Json, out: InClusterRefusal[], read: ReferenceReader): Found[] {
  const found: Found[] = [];
  const values: { at: string; tree: unknown }[] = [];
  const cannotEvaluate = (at: string, why: string, received: unknown) => out.push({ at, problem: `is built by a Terraform expression the region lock cannot evaluate (${why}), so what it asks the cluster for cannot be judged`, received, fix: "write the values as literal YAML in the stack" });
  (Array.isArray(body.values) ? body.values : []).forEach((text, i) => {
    if (typeof text !== "string") {
      if (text !== undefined) cannotEvaluate(`values.${i}`, "not a string", text);
      return;
    }
    const r = evaluated(text, read);
    if ("refused" in r) { cannotEvaluate(`values.${i}`, r.refused, text); return; }
    for (const candidate of r.texts) {
      const docs = parseYaml(candidate, false);
      if (!docs) { out.push({ at: `values.${i}`, problem: "holds Helm values the region lock cannot read as YAML", received: text, fix: "write the values as YAML (or JSON) a chart can read" }); return; }
      docs.forEach((tree) => values.push({ at: `values.${i}`, tree }));
    }
  });
  for (const key of ["set", "set_list", "set_sensitive"]) {
    (Array.isArray(body[key]) ? body[key] : []).forEach((entry: unknown, i: number) => {
      if (!isObject(entry) || typeof entry.name !== "string") return;
      const raw = entry.value;
      const r = typeof raw === "string" ? evaluated(raw, read) : { texts: [raw] as unknown[] };
      if ("refused" in r) { cannotEvaluate(`${key}.${i}.value`, r.refused, raw); return; }
      for (const v of r.texts) values.push({ at: `${key}.${i}`, tree: setTree(entry.name as string, v) });
    });
  }
  for (const { at, tree } of values) {
    // Every object carried in the values, then the values themselves (a controller's `aws.region`).
    collectObjects(tree, at, found, 0);
    found.push({ at, object: { apiVersion: HELM_VALUES, kind: "Values", spec: tree } });
  }
  return found;
}

/** The values of a Helm release, judged as an object whose spec they are. */
const HELM_VALUES = "helm.sh/values";

/** `aws.region=us-east-1` as Helm's --set reads it (`\.` keeps a dot in a key). */
function setTree(name: string, value: unknown): Json {
  const keys = name.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, "."));
  const root: Json = Object.create(null) as Json;
  let node = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) node[k] = value;
    else { node[k] = Object.create(null) as Json; node = node[k] as Json; }
  });
  return root;
}

function parseYaml(text: string, escaped = true): unknown[] | undefined {
  // Fast path: documents that are JSON with no key given twice (as ManifestBundle writes them) read
  // the same as YAML; anything else goes through the YAML reader.
  const source = escaped ? unescape(text) : text;
  const parts = source.split(/^---[ \t]*$/m).map((p) => p.trim()).filter(Boolean);
  if (parts.length && parts.every((p) => /^[{[]/.test(p))) {
    try {
      if (parts.every((p) => duplicateKeyPaths(p).length === 0)) return parts.map((p) => JSON.parse(p) as unknown);
    } catch {
      // not JSON after all: read as YAML below
    }
  }
  try {
    // YAML 1.1, as go-yaml reads values (!!binary, merge keys); a key given twice is refused (readers disagree on which wins).
    const docs = parseAllDocuments(source, { uniqueKeys: true, version: "1.1" });
    const list = Array.isArray(docs) ? docs : [docs];
    if (list.some((d) => d.errors.length)) return undefined;
    return list.map((d) => plain(d.toJS({ maxAliasCount: 100 }) as unknown, 0));
  } catch {
    return undefined;
  }
}

/**
 * YAML as Helm's reader (go-yaml, via sigs.k8s.io/yaml) hands it on: `!!binary` is its decoded text,
 * `!!timestamp` a string, `!!set` and `!!omap` a list and a map, so a region hidden in a tag is read.
 */
function plain(v: unknown, depth: number): unknown {
  if (depth > 64) return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString("utf8");
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Set) return [...v].map((x) => plain(x, depth + 1));
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), plain(x, depth + 1)]));
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x, depth + 1)]));
  return v;
}

/** Objects (apiVersion + kind) anywhere in a values tree, and in strings that hold YAML manifests. */
function collectObjects(v: unknown, at: string, found: Found[], depth: number): void {
  if (depth > 64) return;
  if (typeof v === "string") {
    if (!/apiVersion/.test(v) || !/kind/.test(v)) return;
    for (const doc of parseYaml(v) ?? []) collectObjects(doc, at, found, depth + 1);
    return;
  }
  if (Array.isArray(v)) { v.forEach((x, i) => collectObjects(x, `${at}.${i}`, found, depth + 1)); return; }
  if (!isObject(v)) return;
  if (typeof v.apiVersion === "string" && typeof v.kind === "string") found.push({ at, object: v });
  for (const [k, x] of Object.entries(v)) collectObjects(x, `${at}.${k}`, found, depth + 1);
}

/**
 * Judges one object. `patch`: the element changes an object that exists (kubernetes_annotations),
 * so only what it writes is judged, not what the object must carry.
 */
function judgeObject(jurisdiction: Jurisdiction, o: Json, at: string, out: InClusterRefusal[], read: ReferenceReader, patch = false): void {
  const apiVersion = String(o.apiVersion);
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const kind = String(o.kind);
  const meta = isObject(o.metadata) ? o.metadata : {};
  const annotations = isObject(meta.annotations) ? meta.annotations : {};
  const spec = isObject(o.spec) ? o.spec : {};
  const where = (path: string) => [at, path].filter(Boolean).join(".");
  const name = apiVersion === HELM_VALUES ? "the release's Helm values" : `${kind}${typeof meta.name === "string" ? ` ${meta.name}` : ""} (${apiVersion})`;
  const refuse = (path: string, problem: string, received: unknown, fix: string) => out.push({ at: where(path), problem: `is ${name}, ${problem}`, received, fix });

  // Any location-like field or annotation naming a region outside, whatever the group; a value
  // built by a Terraform expression is read as every text it can take.
  const scan = new Scanner(jurisdiction, read, refuse);
  if (apiVersion === HELM_VALUES) scan.tree(spec, "", 0);
  else scan.tree(Object.fromEntries(Object.entries(o).filter(([k]) => !["apiVersion", "kind", "metadata", "//", "provider", "depends_on", "lifecycle", "count", "for_each"].includes(k))), "", 0);
  for (const [k, v] of Object.entries(annotations)) scan.value(v, `metadata.annotations.${k}`, LOCATION_ANNOTATION.test(k) ? "annotation" : undefined);
  if (patch) return;

  if (ACK_GROUP.test(group)) {
    const region = annotations[ACK_REGION];
    if (region === undefined) {
      refuse(`metadata.annotations.${ACK_REGION}`, "an AWS Controllers for Kubernetes resource without a region annotation: the controller creates it in its namespace's or its own default region, which the region lock cannot see",
        undefined, `annotate it ${ACK_REGION}: <a region inside the jurisdiction>`);
    } else inside(jurisdiction, "aws", region, `metadata.annotations.${ACK_REGION}`, refuse);
    return;
  }
  if (KCC_GROUP.test(group) && group !== "core.cnrm.cloud.google.com") {
    const keys = ["location", "region", "zone"].filter((k) => spec[k] !== undefined);
    if (!keys.length && !KCC_LOCATION_FREE.test(kind)) {
      refuse("spec.location", "a Config Connector resource without a location: Google Cloud would place it at the API's default (a bucket: the US multi-region)", undefined, "set spec.location (or spec.region / spec.zone) to a location inside the jurisdiction");
    }
    for (const k of keys) inside(jurisdiction, "gcp", spec[k], `spec.${k}`, refuse);
    return;
  }
  const crossplane = CROSSPLANE_GROUP.exec(group);
  if (crossplane || AZURE_GROUP.test(group)) {
    const cloud = crossplane?.[1].replace("-beta", "");
    if (!cloud || cloud.startsWith("azure")) {
      refuse("", "a request to Azure, a cloud the region lock does not place", apiVersion, "keep Azure resources out of the region-locked stacks");
      return;
    }
    const forProvider = isObject(spec.forProvider) ? spec.forProvider : {};
    const keys = ["region", "location", "zone"].filter((k) => forProvider[k] !== undefined);
    if (!keys.length && !CROSSPLANE_LOCATION_FREE.test(group)) {
      refuse("spec.forProvider.region", "a Crossplane managed resource without a location in spec.forProvider", undefined, `set spec.forProvider.${cloud === "aws" ? "region" : "location"} to a location inside the jurisdiction`);
    }
    for (const k of keys) inside(jurisdiction, cloud === "aws" ? "aws" : "gcp", forProvider[k], `spec.forProvider.${k}`, refuse);
    return;
  }
  globalServices(o, group, kind, annotations, spec, refuse);
}

/**
 * Controllers that serve from everywhere: the AWS Load Balancer Controller's GlobalAccelerator
 * (`aga.k8s.aws`, https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/globalaccelerator/aga-controller),
 * GKE's global and cross-region Gateway classes (https://cloud.google.com/kubernetes-engine/docs/how-to/gatewayclass-capabilities),
 * GKE Ingress (class `gce`: a global external Application Load Balancer) and multi-cluster ingress,
 * Cloud CDN on a BackendConfig, and an internal load balancer opened to clients in every region
 * (`networking.gke.io/internal-load-balancer-allow-global-access`,
 * https://cloud.google.com/kubernetes-engine/docs/how-to/internal-load-balancing). As their
 * Terraform counterparts (aws_globalaccelerator_accelerator, google_compute_global_forwarding_rule,
 * google_compute_backend_bucket), they are refused under every lock.
 */
type Refuse = (path: string, problem: string, received: unknown, fix: string) => void;

function globalServices(o: Json, group: string, kind: string, annotations: Json, spec: Json, refuse: Refuse): void {
  const fix = "keep it out of the region-locked stacks, or use a regional load balancer";
  if (group === "aga.k8s.aws") refuse("", "an AWS Global Accelerator, which serves from AWS edge locations worldwide", o.apiVersion, "keep Global Accelerator out of the region-locked stacks");
  if (group === "networking.gke.io" && /^MultiCluster(Ingress|Service)$/.test(kind)) refuse("", "a multi-cluster ingress: a global external load balancer across regions", kind, fix);
  if (group === "gateway.networking.k8s.io" && kind === "Gateway") {
    const cls = spec.gatewayClassName ?? spec.gateway_class_name;
    if (typeof cls === "string" && /^gke-l7-(global-external-managed|gxlb|cross-regional-internal-managed)(-mc)?$/.test(cls)) refuse("spec.gatewayClassName", "a GKE Gateway whose class is a global or cross-region load balancer", cls, fix);
  }
  if (group === "networking.k8s.io" && kind === "Ingress") {
    // Without a class, GKE's own controller takes the Ingress as `gce` (a global external load balancer):
    // https://cloud.google.com/kubernetes-engine/docs/concepts/ingress ("Ingress class" section).
    const cls = annotations["kubernetes.io/ingress.class"] ?? spec.ingressClassName ?? spec.ingress_class_name;
    const classFix = "set spec.ingressClassName to a regional class written as a literal (gce-internal on GKE, alb on EKS), or keep the Ingress out of the region-locked stacks";
    if (cls === undefined || cls === "") refuse("spec.ingressClassName", "an Ingress without a class: on GKE the default controller makes it a global external Application Load Balancer", cls, classFix);
    else if (!isLiteral(cls)) refuse("spec.ingressClassName", "an Ingress whose class is not a literal the region lock can read (chosen at plan time)", cls, classFix);
    else if (/^gce(-multi-cluster)?$/.test(unescape(cls))) refuse("", "a GKE Ingress: its class makes a global external Application Load Balancer", cls, fix);
  }
  if (group === "cloud.google.com" && kind === "BackendConfig" && isObject(spec.cdn) && spec.cdn.enabled === true) refuse("spec.cdn.enabled", "Cloud CDN, which serves cached copies from Google's edge worldwide", true, fix);
  if (kind === "Service" && group === "" && String(annotations["networking.gke.io/internal-load-balancer-allow-global-access"]).toLowerCase() === "true") {
    refuse("metadata.annotations.networking.gke.io/internal-load-balancer-allow-global-access", "an internal load balancer open to clients in every region", "true", "remove the global-access annotation");
  }
}

function inside(jurisdiction: Jurisdiction, cloud: Cloud, value: unknown, path: string, refuse: Refuse): void {
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (!isLiteral(v)) {
      refuse(path, "whose location is not a literal the region lock can read (it is chosen at plan time or is not text)", v, "write the location as a literal inside the jurisdiction");
    } else if (!locationInside(jurisdiction, cloud, unescape(v))) {
      refuse(path, `which places it in ${v}, outside the "${jurisdiction}" jurisdiction`, v, "use a location inside the jurisdiction, or move it out of the region-locked stack");
    }
  }
}

class Scanner {
  constructor(private readonly jurisdiction: Jurisdiction, private readonly read: ReferenceReader, private readonly refuse: Refuse) {}

  /** Every location-like field and every string (for ARNs) of a tree; objects inside it are judged on their own. */
  public tree(v: unknown, path: string, depth: number): void {
    if (depth > 64) return;
    const at = (k: string | number) => (path ? `${path}.${k}` : String(k));
    if (Array.isArray(v)) { v.forEach((x, i) => (typeof x === "string" ? this.value(x, at(i)) : this.tree(x, at(i), depth + 1))); return; }
    if (!isObject(v)) return;
    if (depth > 0 && typeof v.apiVersion === "string" && typeof v.kind === "string") return;
    for (const [k, x] of Object.entries(v)) {
      // Map keys are free too (a ConfigMap's file names, values keyed by region).
      const [keyed] = foreignRegionTokens(this.jurisdiction, k);
      if (keyed) this.refuse(at(k), `whose key names ${keyed.token}, outside the "${this.jurisdiction}" jurisdiction`, k, "use a location inside the jurisdiction, or keep the object out of the region-locked stack");
      const field = LOCATION_FIELD.test(k) ? k : undefined;
      if (typeof x === "string") this.value(x, at(k), field);
      else if (Array.isArray(x) && field) x.forEach((item, i) => this.value(item, `${at(k)}.${i}`, field));
      if (typeof x !== "string") this.tree(x, at(k), depth + 1);
    }
  }

  /** One string: ARNs in it, and, in a location-like field (`field`), any region name outside. */
  public value(v: unknown, path: string, field?: string): void {
    if (typeof v !== "string") return;
    const r = evaluated(v, this.read);
    if ("refused" in r) {
      if (field || /^arn:/.test(v)) {
        this.refuse(path, `whose ${field ?? "ARN"} is built by a Terraform expression the region lock cannot evaluate (${r.refused})`, v, "write it as a literal inside the jurisdiction");
      }
      return;
    }
    for (const text of r.texts) {
      for (const m of text.matchAll(ARN_REGION)) {
        if (!locationInside(this.jurisdiction, "aws", m[1])) {
          this.refuse(path, `which names an AWS resource in ${m[1]} (${m[0]}…), outside the "${this.jurisdiction}" jurisdiction`, v, "name a resource inside the jurisdiction, or keep the object out of the region-locked stack");
          return;
        }
      }
      // Any string naming a region outside (a location field, a controller's or workload's endpoint,
      // a config file in a ConfigMap), as for the literals of cloud resources.
      const [foreign] = foreignRegionTokens(this.jurisdiction, text);
      if (foreign) {
        const what = field === "annotation" ? "annotation places it in" : field ? `${field} names` : "value names";
        this.refuse(path, `whose ${what} ${foreign.token}, outside the "${this.jurisdiction}" jurisdiction: whatever reads it (a controller, a workload, a chart) would use it`, v,
          "use a location inside the jurisdiction, or keep the object out of the region-locked stack");
        return;
      }
    }
  }
}
