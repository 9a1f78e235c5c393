import { Cloud, JURISDICTION_SPECS, Jurisdiction } from "../catalog";
import { DeepSeekConfigError } from "../errors";
import { locationInside } from "./plan-region-lock";
import { ElementRule, FREE_TEXT_MAPS, LOCATION_FREE_PROVIDERS, LOCATION_KEYS, PROVIDER_SOURCES, defaultProviderOf, ruleFor } from "./region-lock-types";

/**
 * The region lock's judgement of synthesized Terraform JSON, as Terraform will read it. Pure: the
 * app reads the files it wrote and hands them here (see region-lock.ts for where that happens).
 */

/** One stack directory as written. */
export interface StackDocument {
  /** The stack id (its directory under `stacks/`). */
  readonly name: string;
  /** Jurisdictions the stack is locked to; empty when it is not locked. */
  readonly jurisdictions: readonly Jurisdiction[];
  /** The parsed `*.tf.json` files Terraform reads in that directory, by file name. */
  readonly files: Readonly<Record<string, unknown>>;
  /** Other Terraform configuration files in the directory (`*.tf`, `*.tofu`): the lock cannot read them. */
  readonly unreadableFiles?: readonly string[];
  /** Construct paths of providers by `<type>` or `<type>.<alias>`, for messages. */
  readonly providerPaths?: Readonly<Record<string, string>>;
}

export interface RegionLockInput {
  readonly stacks: readonly StackDocument[];
  /** Stack directories written that belong to no stack of the app. */
  readonly strayDirectories?: readonly string[];
  /** Declared locations of GCS state buckets (their location is not in the backend block). */
  readonly stateBucketLocations?: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A value as the lock reads it: a literal, a checked element, or a reason it cannot be judged. */
type Value =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "element"; readonly doc: Doc; readonly block: "resource" | "data"; readonly type: string; readonly name: string; readonly attr: string }
  | { readonly kind: "unknown"; readonly why: string };

interface Doc {
  readonly stack: StackDocument;
  readonly provider: Record<string, unknown[]>;
  readonly resource: Record<string, Record<string, Json>>;
  readonly data: Record<string, Record<string, Json>>;
  readonly output: Record<string, Json>;
  readonly terraform: Json[];
}

const TOP_LEVEL = new Set(["//", "terraform", "provider", "resource", "data", "output", "variable", "locals", "moved", "import", "removed", "check"]);
const IDENTITY_ATTRS = new Set(["id", "arn", "name", "bucket", "self_link", "endpoint", "url"]);
const NOT_CHECKED = new Set(["//", "provider", "depends_on", "count", "for_each", "lifecycle", "connection"]);
const REFERENCE = /^(?:data\.)?[A-Za-z_][\w-]*\.[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\]|\["[^"\\]*"\])*$/;
const NAMED_ROOTS: Readonly<Record<string, string>> = {
  var: "a Terraform variable (its value is chosen at plan time)",
  local: "a local value (an expression the lock does not evaluate)",
  module: "a module output (the module's contents are not in the synthesized JSON)",
  each: "a for_each value (chosen per instance at plan time)",
  count: "a count index",
  self: "a self reference",
  path: "a filesystem path",
  terraform: "a Terraform workspace value",
};
const MAX_DEPTH = 16;

/** Every refusal of the region lock over an app's synthesized stacks, in a stable order. */
export function regionLockRefusals(input: RegionLockInput): DeepSeekConfigError[] {
  return new Checker(input).run();
}

/** Throws the first refusal (naming how many more there are). */
export function checkRegionLock(input: RegionLockInput): void {
  const refusals = regionLockRefusals(input);
  if (!refusals.length) return;
  const [first] = refusals;
  if (refusals.length === 1) throw first;
  throw new DeepSeekConfigError(first.path, first.problem, first.received, `${first.fix} (and ${refusals.length - 1} more region-lock refusal${refusals.length > 2 ? "s" : ""} in this app)`);
}

class Checker {
  private readonly refusals: DeepSeekConfigError[] = [];
  private readonly docs = new Map<string, Doc>();

  constructor(private readonly input: RegionLockInput) {
    for (const stack of input.stacks) this.docs.set(stack.name, merge(stack));
  }

  public run(): DeepSeekConfigError[] {
    const locked = this.input.stacks.filter((s) => s.jurisdictions.length);
    if (locked.length) {
      for (const dir of this.input.strayDirectories ?? []) {
        this.refuse(`stacks/${dir}`, "is a stack directory written by no stack of the app, beside region-locked stacks", dir, "remove whatever writes it (custom synthesis or a replaced stack synthesizer)");
      }
    }
    for (const stack of locked) {
      const doc = this.docs.get(stack.name)!;
      for (const j of [...new Set(stack.jurisdictions)]) new StackCheck(this, doc, j).run();
    }
    return this.refusals;
  }

  public doc(name: string): Doc | undefined {
    return this.docs.get(name);
  }

  public get stacks(): readonly StackDocument[] {
    return this.input.stacks;
  }

  public get stateBucketLocations(): Readonly<Record<string, string>> {
    return this.input.stateBucketLocations ?? {};
  }

  public refuse(path: string, problem: string, received: unknown, fix: string): void {
    this.refusals.push(new DeepSeekConfigError(path, problem, received, fix));
  }
}

/** Unites the blocks of a stack's files (Terraform reads them as one configuration). */
function merge(stack: StackDocument): Doc {
  const doc: Doc = { stack, provider: {}, resource: {}, data: {}, output: {}, terraform: [] };
  for (const file of Object.keys(stack.files).sort()) {
    const json = stack.files[file];
    if (!isObject(json)) continue;
    for (const [type, configs] of Object.entries(isObject(json.provider) ? json.provider : {})) (doc.provider[type] ??= []).push(...asList(configs));
    for (const block of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries(isObject(json[block]) ? (json[block] as Json) : {})) {
        if (isObject(byName)) Object.assign((doc[block][type] ??= {}), byName);
      }
    }
    if (isObject(json.output)) Object.assign(doc.output, json.output);
    doc.terraform.push(...asList(json.terraform).filter(isObject));
  }
  return doc;
}

class StackCheck {
  private readonly spec;

  constructor(private readonly checker: Checker, private readonly doc: Doc, private readonly jurisdiction: Jurisdiction) {
    this.spec = JURISDICTION_SPECS[jurisdiction];
  }

  public run(): void {
    const { stack } = this.doc;
    for (const file of stack.unreadableFiles ?? []) {
      this.refuse(`${stack.name}/${file}`, "is a Terraform file the region lock cannot read (only the synthesized JSON is judged)", file, "remove it; add what it holds as constructs so the lock judges it");
    }
    for (const [file, json] of Object.entries(stack.files)) {
      if (!isObject(json)) {
        this.refuse(`${stack.name}/${file}`, "is not a JSON object", typeof json, "let cdktf write the stack");
        continue;
      }
      for (const key of Object.keys(json)) {
        if (key === "module") {
          for (const name of Object.keys(isObject(json.module) ? json.module : {})) {
            this.refuse(`${stack.name}:module.${name}`, "is a module: its resources are not in the synthesized JSON, so the region lock cannot judge where they go", (json.module as Json)[name], "build what the module creates from provider resources in this stack, or keep the module out of the region-locked stacks");
          }
        } else if (!TOP_LEVEL.has(key)) {
          this.refuse(`${stack.name}:${key}`, "is a Terraform block the region lock does not know", key, "remove it from the region-locked stack");
        }
      }
      for (const [name, block] of Object.entries(isObject(json.check) ? json.check : {})) {
        // Scoped data sources inside check blocks read from providers too.
        for (const item of asList(block)) {
          if (!isObject(item) || !isObject(item.data)) continue;
          for (const [type, byName] of Object.entries(item.data)) {
            for (const [dataName, body] of Object.entries(isObject(byName) ? byName : {})) this.element("data", type, dataName, body, `check.${name}.`);
          }
        }
      }
      for (const [i, block] of asList(json.import).entries()) {
        if (isObject(block) && block.provider !== undefined) this.providerOf(String(block.to ?? ""), block.provider, `${stack.name}:import.${i}`);
      }
    }
    this.requiredProviders();
    this.backend();
    for (const [type, configs] of Object.entries(this.doc.provider)) configs.forEach((c, i) => this.provider(type, c, i));
    for (const block of ["resource", "data"] as const) {
      for (const [type, byName] of Object.entries(this.doc[block])) {
        for (const [name, body] of Object.entries(byName)) this.element(block, type, name, body, "");
      }
    }
  }

  // ---- terraform block ------------------------------------------------------------------------

  private requiredProviders(): void {
    for (const t of this.doc.terraform) {
      if (t.cloud !== undefined) this.refuse(`${this.doc.stack.name}:terraform.cloud`, "runs and stores this stack in HCP Terraform, outside the lock's reach", t.cloud, "use a backend the lock checks (local, or s3 / gcs inside the jurisdiction)");
      for (const [local, req] of Object.entries(isObject(t.required_providers) ? t.required_providers : {})) {
        const source = typeof req === "string" ? undefined : isObject(req) ? req.source : undefined;
        const expected = PROVIDER_SOURCES[local];
        const path = `${this.doc.stack.name}:terraform.required_providers.${local}`;
        if (!expected) {
          this.refuse(path, "is a provider the region lock does not know", source ?? local, `use only ${Object.keys(PROVIDER_SOURCES).join(", ")} in a region-locked stack`);
          continue;
        }
        const name = expected.split("/")[1];
        const ok = source === undefined || [name, expected, `registry.terraform.io/${expected}`, `registry.opentofu.org/${expected}`].includes(String(source).toLowerCase());
        if (!ok) this.refuse(`${path}.source`, `maps "${local}" to another provider than ${expected}`, source, `use ${expected}`);
      }
    }
  }

  private backend(): void {
    const backends = this.doc.terraform.flatMap((t) => (isObject(t.backend) ? Object.entries(t.backend) : []));
    for (const [type, config] of backends) this.backendConfig(type, config, `${this.doc.stack.name}:terraform.backend.${type}`);
  }

  /** A state location (a stack's backend or a remote state it reads). */
  private backendConfig(type: string, config: unknown, path: string): void {
    const c = isObject(config) ? config : {};
    if (type === "local") return;
    if (type === "s3") {
      for (const key of Object.keys(c)) {
        if (/endpoint/.test(key)) this.refuse(`${path}.${key}`, "sends state to a custom endpoint, which may be anywhere", c[key], "remove it: the lock judges the state bucket by its region");
      }
      this.location(c.region, `${path}.region`, "aws", "the S3 state bucket's region");
      return;
    }
    if (type === "gcs") {
      const bucket = typeof c.bucket === "string" ? c.bucket : "";
      const declared = this.checker.stateBucketLocations[bucket];
      if (declared === undefined) {
        this.refuse(`${path}.bucket`, "is a GCS state bucket whose location is not in the backend block, so the region lock cannot judge it", c.bucket, "declare its location (DeepSeekApp option regionLock.stateBucketLocations), or use an s3 or local backend");
        return;
      }
      if (!locationInside(this.jurisdiction, "gcp", declared)) this.outside(`${path}.bucket`, "gcp", declared);
      return;
    }
    this.refuse(path, "is a state backend the region lock does not know", type, "use local, s3 (with its region) or gcs (with a declared location)");
  }

  // ---- providers ----------------------------------------------------------------------------

  private providerPath(type: string, config: Json): string {
    const key = typeof config.alias === "string" ? `${type}.${config.alias}` : type;
    const construct = this.doc.stack.providerPaths?.[key];
    return construct ?? `${this.doc.stack.name}:provider.${key}`;
  }

  private provider(type: string, raw: unknown, index: number): void {
    const config = isObject(raw) ? raw : {};
    const path = this.providerPath(type, config);
    if (!isObject(raw)) {
      this.refuse(`${this.doc.stack.name}:provider.${type}.${index}`, "is not a provider configuration object", raw, "let cdktf write providers");
      return;
    }
    if (LOCATION_FREE_PROVIDERS.has(type)) return;
    if (type === "aws") {
      if (config.region === undefined) {
        this.refuse(`${path}.region`, `is missing on an AWS provider in a stack locked to "${this.jurisdiction}": it would fall back to the environment of whoever runs Terraform`, undefined, `set region to one of ${this.spec.regions.aws.join(", ")}`);
      } else this.location(config.region, `${path}.region`, "aws");
      for (const key of ["endpoints", "endpoint"]) {
        if (config[key] !== undefined && JSON.stringify(config[key]) !== "[]" && JSON.stringify(config[key]) !== "{}") {
          this.refuse(`${path}.${key}`, "sends AWS API calls to custom endpoints, which may be anywhere", config[key], "remove the endpoint overrides in a region-locked stack");
        }
      }
      return;
    }
    if (type === "google" || type === "google-beta") {
      if (config.region === undefined && config.zone === undefined) {
        this.refuse(`${path}.region`, `is missing on a Google provider in a stack locked to "${this.jurisdiction}": it would fall back to the environment of whoever runs Terraform`, undefined, `set region to one of ${this.spec.regions.gcp.join(", ")}`);
      }
      if (config.region !== undefined) this.location(config.region, `${path}.region`, "gcp");
      if (config.zone !== undefined) this.location(config.zone, `${path}.zone`, "gcp");
      for (const key of Object.keys(config)) {
        if (key.endsWith("_custom_endpoint") || key === "universe_domain") this.refuse(`${path}.${key}`, "sends Google API calls somewhere the lock cannot place", config[key], "remove it in a region-locked stack");
      }
      return;
    }
    if (type === "kubernetes") {
      this.clusterConnection(config, path);
      return;
    }
    if (type === "helm") {
      const k = asList(config.kubernetes);
      if (k.length !== 1 || !isObject(k[0])) {
        this.refuse(`${path}.kubernetes`, "does not say which cluster Helm installs into; it would follow the kubeconfig of whoever runs Terraform", config.kubernetes, "point it at the stack's cluster (host from the cluster's endpoint)");
        return;
      }
      this.clusterConnection(k[0], `${path}.kubernetes`);
      return;
    }
    this.refuse(path, "is a provider the region lock does not know", type, `use only ${Object.keys(PROVIDER_SOURCES).join(", ")} in a region-locked stack`);
  }

  /** A Kubernetes connection must reach a cluster the lock has checked, by its endpoint. */
  private clusterConnection(config: Json, path: string): void {
    for (const key of Object.keys(config)) {
      if (/^config_(path|paths|context)/.test(key)) {
        this.refuse(`${path}.${key}`, "takes the cluster from a kubeconfig file, which may name a cluster anywhere", config[key], "set host from the locked cluster's endpoint instead");
      }
    }
    const host = config.host;
    if (typeof host !== "string") {
      this.refuse(`${path}.host`, "is missing: the connection would follow the environment or kubeconfig of whoever runs Terraform", host, "set host from the locked cluster's endpoint");
      return;
    }
    const bare = host.startsWith("https://") ? host.slice("https://".length) : host;
    const value = this.evaluate(bare, 0);
    const clusterTypes = ["aws_eks_cluster", "google_container_cluster"];
    if (value.kind === "element" && clusterTypes.includes(value.type) && value.attr === "endpoint") return;
    this.refuse(`${path}.host`, value.kind === "unknown" ? `is ${value.why}` : "is not the endpoint of a cluster the region lock has checked", host, "set host from the endpoint of the stack's EKS or GKE cluster (a literal address could be a cluster anywhere)");
  }

  /** Resolves an element's provider reference; refuses a missing or unresolvable one. */
  private providerOf(type: string, ref: unknown, path: string): { type: string; config: Json } | undefined {
    let name = ref === undefined ? defaultProviderOf(type) : ref;
    if (typeof name === "string") name = name.replace(/^\$\{(.*)\}$/, "$1");
    if (typeof name !== "string" || !/^[A-Za-z][\w-]*(\.[A-Za-z_][\w-]*)?$/.test(name)) {
      this.refuse(`${path}.provider`, "is not a provider reference the region lock can resolve", ref, "reference a provider of this stack as <type> or <type>.<alias>");
      return undefined;
    }
    const [ptype, alias] = name.split(".");
    const config = (this.doc.provider[ptype] ?? []).find((c) => isObject(c) && (alias === undefined ? c.alias === undefined : c.alias === alias));
    if (!isObject(config)) {
      this.refuse(`${path}.provider`, `names provider "${name}", which this stack does not configure: Terraform would use an empty one that follows the environment of whoever runs it`, ref, "configure that provider in the stack (with its region) or reference one that is");
      return undefined;
    }
    return { type: ptype, config };
  }

  // ---- resources and data sources ------------------------------------------------------------

  private elementPath(block: "resource" | "data", type: string, name: string, body: unknown): string {
    const meta = isObject(body) && isObject(body["//"]) && isObject((body["//"] as Json).metadata) ? ((body["//"] as Json).metadata as Json).path : undefined;
    return typeof meta === "string" ? meta : `${this.doc.stack.name}:${block === "data" ? "data." : ""}${type}.${name}`;
  }

  private element(block: "resource" | "data", type: string, name: string, raw: unknown, prefix: string): void {
    const path = prefix ? `${this.doc.stack.name}:${prefix}data.${type}.${name}` : this.elementPath(block, type, name, raw);
    if (!isObject(raw)) {
      this.refuse(path, "is not an object", raw, "let cdktf write the element");
      return;
    }
    const body = raw;
    if (block === "data" && type === "terraform_remote_state") {
      this.backendConfig(String(body.backend), body.config, `${path}.config`);
      return;
    }
    const rule = ruleFor(block, type);
    if (!rule) {
      this.refuse(path, `is a ${block === "data" ? "data source" : "resource"} type the region lock does not know (${type}), so it cannot tell where it places or sends data`, type, `keep ${type} out of the region-locked stacks, or add it to the lock's known types with its reason (lib/app/region-lock-types.ts)`);
      return;
    }
    if (rule.kind === "refused") {
      this.refuse(path, `${type} ${rule.reason}`, type, "keep it out of the region-locked stacks");
      return;
    }
    if (body.provisioner !== undefined) {
      this.refuse(`${path}.provisioner`, "runs commands on the machine of whoever runs Terraform, which can send data anywhere", body.provisioner, "remove provisioners from the region-locked stacks");
    }
    if (rule.kind === "location-free" && !rule.cloud) return;
    const provider = this.providerOf(type, body.provider, path);
    if (rule.kind === "in-cluster") {
      if (provider && !["kubernetes", "helm"].includes(provider.type)) this.refuse(`${path}.provider`, "binds a Kubernetes element to a provider that is not a Kubernetes connection", body.provider, "use the stack's kubernetes or helm provider");
      return;
    }
    const cloud = rule.cloud!;
    if (provider && provider.type !== (cloud === "aws" ? "aws" : provider.type === "google-beta" ? "google-beta" : "google")) {
      this.refuse(`${path}.provider`, `binds ${type} to a provider of another kind`, body.provider, `use an ${cloud === "aws" ? "aws" : "google"} provider of this stack`);
    }
    if (body.dynamic !== undefined) {
      this.refuse(`${path}.dynamic`, "generates blocks from expressions at plan time, which the region lock cannot read", body.dynamic, "write the blocks out literally in a region-locked stack");
    }
    this.walk(type, cloud, body, path, []);
  }

  /** Checks every location attribute and every known destination inside an element's body. */
  private walk(type: string, cloud: Cloud, value: unknown, path: string, keys: readonly string[]): void {
    if (Array.isArray(value)) {
      value.forEach((v, i) => this.walk(type, cloud, v, `${path}.${i}`, keys));
      return;
    }
    if (!isObject(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined || child === null) continue;
      if (keys.length === 0 && NOT_CHECKED.has(key)) continue;
      if (FREE_TEXT_MAPS.has(key)) continue;
      const here = `${path}.${key}`;
      const parent = keys[keys.length - 1];
      if (key === "auto" && parent === "replication") {
        this.refuse(here, "replicates the secret automatically, to Google's locations worldwide", child, "use user_managed replication with replicas inside the jurisdiction");
        continue;
      }
      const destination = this.destinationRule(type, parent, key);
      if (destination) {
        this.destination(child, here, destination);
        continue;
      }
      if (LOCATION_KEYS.has(key) && (typeof child === "string" || Array.isArray(child))) {
        for (const [i, item] of asList(child).entries()) this.location(item, Array.isArray(child) ? `${here}.${i}` : here, cloud);
        continue;
      }
      if (typeof child === "object") this.walk(type, cloud, child, here, [...keys, key]);
    }
  }

  private destinationRule(type: string, parent: string | undefined, key: string): Destination | undefined {
    if ((type === "aws_s3_bucket" || type === "aws_s3_bucket_replication_configuration") && parent === "destination" && key === "bucket") {
      return { what: "the replication destination bucket", types: ["aws_s3_bucket"], cloud: "aws", arn: "no-region" };
    }
    if (type === "aws_backup_plan" && key === "destination_vault_arn") return { what: "the backup copy's destination vault", types: ["aws_backup_vault"], cloud: "aws", arn: "region" };
    if (type === "aws_flow_log" && key === "log_destination") return { what: "the flow log destination", types: ["aws_cloudwatch_log_group", "aws_s3_bucket"], cloud: "aws", arn: "region" };
    if (type === "google_kms_crypto_key" && key === "key_ring" && parent === undefined) return { what: "the key ring", types: ["google_kms_key_ring"], cloud: "gcp", arn: "gcp-id" };
    if (type === "google_secret_manager_secret_version" && key === "secret" && parent === undefined) return { what: "the secret", types: ["google_secret_manager_secret"], cloud: "gcp", arn: "none" };
    if (type === "google_container_node_pool" && key === "cluster" && parent === undefined) return { what: "the cluster", types: ["google_container_cluster"], cloud: "gcp", arn: "gcp-id-or-name" };
    return undefined;
  }

  /** A value that names where data goes: a checked element of the right type, or an id whose location can be read. */
  private destination(raw: unknown, path: string, d: Destination): void {
    const value = this.evaluate(raw, 0);
    if (value.kind === "element") {
      if (!d.types.includes(value.type)) {
        this.refuse(path, `is ${d.what}, but references a ${value.type}`, raw, `reference a ${d.types.join(" or ")} of a region-locked stack`);
        return;
      }
      const where = this.placeOf(value, 0);
      if (where.kind !== "text") this.refuse(path, `is ${d.what}, placed by ${where.kind === "unknown" ? where.why : "another element"}`, raw, "give the referenced element a literal location");
      else if (!locationInside(this.jurisdiction, d.cloud, where.text)) this.outside(path, d.cloud, where.text, `${d.what} is in ${where.text}`);
      return;
    }
    if (value.kind === "unknown") {
      this.refuse(path, `is ${d.what}, taken from ${value.why}`, raw, `reference a ${d.types.join(" or ")} of a region-locked stack`);
      return;
    }
    const text = value.text;
    if (d.arn === "region") {
      const region = /^arn:[\w-]+:[\w-]+:([a-z0-9-]*):/.exec(text)?.[1];
      if (!region) this.refuse(path, `is ${d.what}, an ARN without a region (its location cannot be read from it)`, text, `reference a ${d.types.join(" or ")} of a region-locked stack`);
      else if (!locationInside(this.jurisdiction, d.cloud, region)) this.outside(path, d.cloud, region, `${d.what} is in ${region}`);
      return;
    }
    if (d.arn === "gcp-id" || d.arn === "gcp-id-or-name") {
      const location = /(?:^|\/)locations\/([^/]+)\//.exec(text)?.[1];
      if (location) {
        if (!locationInside(this.jurisdiction, d.cloud, location)) this.outside(path, d.cloud, location, `${d.what} is in ${location}`);
        return;
      }
      // A bare GKE cluster name is looked up in the node pool's own location (checked).
      if (d.arn === "gcp-id-or-name" && !text.includes("/")) return;
    }
    this.refuse(path, `is ${d.what} given as a literal that does not say where it is`, text, `reference a ${d.types.join(" or ")} of a region-locked stack`);
  }

  // ---- values -------------------------------------------------------------------------------

  /** A location attribute: must read as a literal inside the jurisdiction. */
  private location(raw: unknown, path: string, cloud: Cloud, what?: string): void {
    const value = this.evaluate(raw, 0);
    if (value.kind === "text") {
      if (!locationInside(this.jurisdiction, cloud, value.text)) this.outside(path, cloud, value.text, what ? `${what} is ${value.text}` : undefined, raw);
      return;
    }
    const why = value.kind === "unknown" ? value.why : `${value.type}.${value.name}.${value.attr} (not a location)`;
    this.refuse(path, `is a location taken from ${why}, so the region lock cannot hold`, raw, "use a literal location inside the jurisdiction, or a reference to a location the lock has checked");
  }

  /** Reads a Terraform JSON string: literal text, `${reference}`s and literal parts. */
  private evaluate(raw: unknown, depth: number): Value {
    if (typeof raw !== "string") return { kind: "unknown", why: `a ${raw === null ? "null" : Array.isArray(raw) ? "list" : typeof raw} value` };
    if (depth > MAX_DEPTH) return { kind: "unknown", why: "a chain of references too long or circular" };
    if (/(^|[^%])%\{/.test(raw)) return { kind: "unknown", why: "a template directive (%{…})" };
    const parts: Value[] = [];
    let rest = raw;
    let text = "";
    while (rest.length) {
      const at = rest.indexOf("${");
      if (at < 0) {
        text += rest;
        break;
      }
      if (at > 0 && rest[at - 1] === "$") {
        // `$${` is a literal `${`.
        text += rest.slice(0, at - 1) + "${";
        rest = rest.slice(at + 2);
        continue;
      }
      text += rest.slice(0, at);
      const end = closingBrace(rest, at + 2);
      if (end < 0) return { kind: "unknown", why: "an unterminated interpolation" };
      if (text) parts.push({ kind: "text", text });
      text = "";
      parts.push(this.expression(rest.slice(at + 2, end).trim(), depth));
      rest = rest.slice(end + 1);
    }
    if (text) parts.push({ kind: "text", text });
    if (parts.length === 0) return { kind: "text", text: "" };
    if (parts.length === 1) return parts[0];
    const unknown = parts.find((p) => p.kind !== "text");
    if (unknown) return unknown.kind === "unknown" ? unknown : { kind: "unknown", why: "an element reference inside a larger string" };
    return { kind: "text", text: parts.map((p) => (p as { text: string }).text).join("") };
  }

  private expression(expr: string, depth: number): Value {
    const root = /^([A-Za-z_][\w-]*)/.exec(expr)?.[1] ?? "";
    if (!REFERENCE.test(expr) && !(root in NAMED_ROOTS)) return { kind: "unknown", why: `an expression (${truncate(expr)}): functions and operators are not evaluated` };
    if (root in NAMED_ROOTS) return { kind: "unknown", why: NAMED_ROOTS[root] };
    const segments = splitReference(expr);
    const isData = segments[0] === "data";
    const [type, name, attr, ...rest] = isData ? segments.slice(1) : segments;
    if (isData && type === "terraform_remote_state") return this.remoteState(name, attr, rest, depth);
    const block = isData ? "data" : "resource";
    const body = this.doc[block][type]?.[name];
    if (!isObject(body)) return { kind: "unknown", why: `${isData ? "data." : ""}${type}.${name}, which is not in this stack` };
    if (!attr) return { kind: "unknown", why: "a whole-element reference" };
    if (rest.length) return { kind: "unknown", why: `${isData ? "data." : ""}${type}.${name}.${[attr, ...rest].join(".")}, a computed attribute` };
    const element: Value = { kind: "element", doc: this.doc, block, type, name, attr };
    if (LOCATION_KEYS.has(attr)) return this.placeOf(element as Extract<Value, { kind: "element" }>, depth + 1, attr);
    if (IDENTITY_ATTRS.has(attr)) return element;
    return { kind: "unknown", why: `${type}.${name}.${attr}, an attribute the lock does not read as a location` };
  }

  /** Where a checked element is: its own location argument, else its provider's. */
  private placeOf(e: Extract<Value, { kind: "element" }>, depth: number, attr?: string): Value {
    const rule = ruleFor(e.block, e.type) as ElementRule | undefined;
    if (!rule || rule.kind !== "regional") return { kind: "unknown", why: `${e.type}, which has no location the lock reads` };
    const body = e.doc[e.block][e.type][e.name];
    const own = attr ? [attr] : rule.cloud === "aws" ? ["region"] : ["location", "region", "zone"];
    const sub = new StackCheck(this.checker, e.doc, this.jurisdiction);
    for (const key of own) if (typeof body[key] === "string") return sub.evaluate(body[key], depth + 1);
    const ref = body.provider;
    let pname = ref === undefined ? defaultProviderOf(e.type) : ref;
    if (typeof pname === "string") pname = pname.replace(/^\$\{(.*)\}$/, "$1");
    if (typeof pname !== "string") return { kind: "unknown", why: "an unresolvable provider" };
    const [ptype, alias] = pname.split(".");
    const config = (e.doc.provider[ptype] ?? []).find((c) => isObject(c) && (alias === undefined ? c.alias === undefined : c.alias === alias)) as Json | undefined;
    if (!config) return { kind: "unknown", why: `provider ${pname}, which the stack does not configure` };
    const fromProvider = attr === "zone" ? config.zone : config.region ?? config.zone;
    return sub.evaluate(fromProvider, depth + 1);
  }

  /** An output of another stack, read through terraform_remote_state: trusted only from a locked stack of this app. */
  private remoteState(name: string, attr: string | undefined, rest: string[], depth: number): Value {
    const rs = this.doc.data.terraform_remote_state?.[name];
    if (!isObject(rs)) return { kind: "unknown", why: `remote state ${name}, which is not in this stack` };
    if (attr !== "outputs" || rest.length !== 1) return { kind: "unknown", why: `remote state ${name} read other than as one output` };
    const key = JSON.stringify({ type: rs.backend, config: stable(rs.config) });
    const producers = this.checker.stacks.filter((s) => {
      const backend = this.checker.doc(s.name)!.terraform.flatMap((t) => (isObject(t.backend) ? Object.entries(t.backend) : []))[0];
      return backend !== undefined && JSON.stringify({ type: backend[0], config: stable(backend[1]) }) === key;
    });
    if (producers.length !== 1) return { kind: "unknown", why: producers.length ? `remote state shared by ${producers.length} stacks` : `remote state ${name}, which is the state of no stack in this app` };
    const [producer] = producers;
    if (!producer.jurisdictions.length) return { kind: "unknown", why: `an output of stack ${producer.name}, which is not region-locked` };
    const doc = this.checker.doc(producer.name)!;
    const output = doc.output[rest[0]];
    if (!isObject(output)) return { kind: "unknown", why: `output ${rest[0]}, which stack ${producer.name} does not have (its default would be used)` };
    return new StackCheck(this.checker, doc, this.jurisdiction).evaluate(output.value, depth + 1);
  }

  // ---- refusals -----------------------------------------------------------------------------

  private outside(path: string, cloud: Cloud, location: string, detail?: string, raw?: unknown): void {
    const spec = this.spec;
    this.refuse(
      path,
      `places ${cloud === "aws" ? "an AWS" : "a Google Cloud"} resource outside the "${this.jurisdiction}" jurisdiction (${spec.description})${detail ? `: ${detail}` : ""}`,
      raw ?? location,
      `use a location inside it (${cloud} regions: ${spec.regions[cloud].join(", ")}${spec.multiRegionLocations.length ? `; multi-region: ${spec.multiRegionLocations.join(", ")}` : ""}), or move this out of the region-locked stack`,
    );
  }

  private refuse(path: string, problem: string, received: unknown, fix: string): void {
    this.checker.refuse(path, problem, received, fix);
  }
}

interface Destination {
  readonly what: string;
  readonly types: readonly string[];
  readonly cloud: Cloud;
  /** How a literal is read: an ARN with a region, an S3 ARN (no region), a GCP resource id, or not at all. */
  readonly arn: "region" | "no-region" | "gcp-id" | "gcp-id-or-name" | "none";
}

function closingBrace(s: string, from: number): number {
  let depth = 1;
  let quoted = false;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return -1;
}

/** `data.x.y.outputs["a"][0].b` -> ["data","x","y","outputs","a","0","b"]. */
function splitReference(expr: string): string[] {
  const out: string[] = [];
  const re = /([A-Za-z_][\w-]*)|\[(\d+)\]|\["([^"\\]*)"\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr))) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable);
  if (isObject(v)) return Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable(v[k])]));
  return v;
}

function truncate(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
