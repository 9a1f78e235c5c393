import { Cloud, JURISDICTION_SPECS, Jurisdiction } from "../catalog";
import { DeepSeekConfigError } from "../errors";
import { foreignRegionTokens, locationInside } from "./plan-region-lock";
import { foldedRegionOutside, regionOutsideInTree, stackTexts } from "./region-lock-functions";
import { filesReadDifferently } from "./region-lock-json";
import { inClusterRefusals } from "./region-lock-k8s";
import { clusterConnection, providerArguments } from "./region-lock-providers";
import { Destination, FREE_TEXT_MAPS, LITERAL_DESTINATIONS, LOCATION_FREE_PROVIDERS, PROVIDER_ARGUMENTS, LOCATION_KEYS, PROVIDER_SOURCES, defaultProviderOf, destinationRule, dynamicBlocks, ruleFor } from "./region-lock-types";
import { Doc, DocSource, Json, RegionLockInput, StackDocument, ValueReader, asList, isObject, merge } from "./region-lock-values";

export type { RegionLockInput, StackDocument } from "./region-lock-values";

/**
 * The region lock's judgement of synthesized Terraform JSON, as Terraform will read it. Pure: the
 * app reads the files it wrote and hands them here (see region-lock.ts for where that happens).
 */

const TOP_LEVEL = new Set(["//", "terraform", "provider", "resource", "data", "output", "variable", "locals", "moved", "import", "removed", "check"]);
const NOT_CHECKED = new Set(["//", "provider", "depends_on", "count", "for_each", "lifecycle", "connection"]);

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

class Checker implements DocSource {
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

  public get stateBucketLocations(): Readonly<Record<string, string>> { return this.input.stateBucketLocations ?? {}; }

  public refuse(path: string, problem: string, received: unknown, fix: string): void {
    this.refusals.push(new DeepSeekConfigError(path, problem, received, fix));
  }
}

class StackCheck extends ValueReader {
  private readonly spec;

  constructor(private readonly checker: Checker, doc: Doc, jurisdiction: Jurisdiction) {
    super(checker, doc, jurisdiction);
    this.spec = JURISDICTION_SPECS[jurisdiction];
  }

  public run(): void {
    const { stack } = this.doc;
    for (const p of this.doc.problems) this.refuse(p.path, p.problem, undefined, "write the stack through cdktf, each block once, in the object form cdktf writes");
    for (const p of filesReadDifferently(stack.name, Object.keys(stack.files))) this.refuse(p.path, p.problem, p.path.split("/").pop(), "remove it; change the constructs instead");
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
    // Locals, variable defaults and import ids, after the elements that use them.
    for (const [what, v] of Object.values(stack.files).flatMap((json) => (isObject(json) ? stackTexts(json) : []))) {
      const f = regionOutsideInTree(this.jurisdiction, v, (r) => this.referenceValue(r), `${stack.name}:${what}`);
      if (f) this.outside(f.path, f.cloud, f.token, `the value names ${f.token}`, f.raw);
    }
  }

  private requiredProviders(): void {
    for (const t of this.doc.terraform) {
      if (t.cloud !== undefined) this.refuse(`${this.doc.stack.name}:terraform.cloud`, "runs and stores this stack in HCP Terraform, outside the lock's reach", t.cloud, "use a backend the lock checks (local, or s3 / gcs inside the jurisdiction)");
      for (const [local, req] of Object.entries(isObject(t.required_providers) ? t.required_providers : {})) {
        const source = typeof req === "string" ? undefined : isObject(req) ? req.source : undefined;
        const expected = Object.prototype.hasOwnProperty.call(PROVIDER_SOURCES, local) ? PROVIDER_SOURCES[local] : undefined;
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
      const declared = Object.prototype.hasOwnProperty.call(this.checker.stateBucketLocations, bucket) ? this.checker.stateBucketLocations[bucket] : undefined;
      if (declared === undefined) {
        this.refuse(`${path}.bucket`, "is a GCS state bucket whose location is not in the backend block, so the region lock cannot judge it", c.bucket, "declare its location (DeepSeekApp option regionLock.stateBucketLocations), or use an s3 or local backend");
        return;
      }
      if (!locationInside(this.jurisdiction, "gcp", declared)) this.outside(`${path}.bucket`, "gcp", declared);
      return;
    }
    this.refuse(path, "is a state backend the region lock does not know", type, "use local, s3 (with its region) or gcs (with a declared location)");
  }

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
    const allowed = type === "kubernetes" ? undefined : PROVIDER_ARGUMENTS[type === "google-beta" ? "google" : type];
    // Custom endpoints, proxies, CA bundles and other universes are refused here.
    if (allowed) providerArguments(this, config, allowed, path);
    if (type === "aws") {
      if (config.sts_region !== undefined) this.location(config.sts_region, `${path}.sts_region`, "aws");
      if (config.region === undefined) {
        this.refuse(`${path}.region`, `is missing on an AWS provider in a stack locked to "${this.jurisdiction}": it would fall back to the environment of whoever runs Terraform`, undefined, `set region to one of ${this.spec.regions.aws.join(", ")}`);
      } else this.location(config.region, `${path}.region`, "aws");
      return;
    }
    if (type === "google" || type === "google-beta") {
      if (config.region === undefined && config.zone === undefined) {
        this.refuse(`${path}.region`, `is missing on a Google provider in a stack locked to "${this.jurisdiction}": it would fall back to the environment of whoever runs Terraform`, undefined, `set region to one of ${this.spec.regions.gcp.join(", ")}`);
      }
      if (config.region !== undefined) this.location(config.region, `${path}.region`, "gcp");
      if (config.zone !== undefined) this.location(config.zone, `${path}.zone`, "gcp");
      return;
    }
    if (type === "kubernetes") {
      clusterConnection(this, config, path);
      return;
    }
    if (type === "helm") {
      const k = asList(config.kubernetes);
      if (k.length !== 1 || !isObject(k[0])) {
        this.refuse(`${path}.kubernetes`, "does not say which cluster Helm installs into; it would follow the kubeconfig of whoever runs Terraform", config.kubernetes, "point it at the stack's cluster (host from the cluster's endpoint)");
        return;
      }
      clusterConnection(this, k[0], `${path}.kubernetes`);
      return;
    }
    this.refuse(path, "is a provider the region lock does not know", type, `use only ${Object.keys(PROVIDER_SOURCES).join(", ")} in a region-locked stack`);
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
      if (body.postrender !== undefined) this.refuse(`${path}.postrender`, "runs a program on the machine of whoever runs Terraform, which can send data anywhere", body.postrender, "remove the post-renderer from the region-locked stacks");
      for (const r of inClusterRefusals(this.jurisdiction, type, body, (reference) => this.referenceValue(reference))) this.refuse(r.at ? `${path}.${r.at}` : path, r.problem, r.received, r.fix);
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
    if (typeof value === "string") {
      // Any literal naming a region outside (an endpoint service name, an ARN, a host), whatever the attribute.
      const [first] = foreignRegionTokens(this.jurisdiction, value);
      if (first) this.outside(path, first.cloud, first.token, `the value names ${first.token}`, value);
      else this.folded(value, path);
      return;
    }
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
      // A dynamic block's content is judged as the block it generates (see dynamicBlocks).
      if (key === "dynamic" && isObject(child)) { for (const d of dynamicBlocks(child)) this.walk(type, cloud, d.value, `${here}.${d.path}`, [...keys, ...d.keys]); continue; }
      if (keys.length === 0 && LITERAL_DESTINATIONS.has(`${type}.${key}`) && this.evaluate(child, 0).kind === "unknown") {
        this.refuse(here, "names where data goes, but is not a literal the region lock can read", child, "write it as a literal");
        continue;
      }
      const destination = destinationRule(type, parent, key);
      if (destination) {
        this.destination(child, here, destination);
        continue;
      }
      if (LOCATION_KEYS.has(key) && (typeof child === "string" || Array.isArray(child))) {
        for (const [i, item] of asList(child).entries()) this.location(item, Array.isArray(child) ? `${here}.${i}` : here, cloud);
        continue;
      }
      this.walk(type, cloud, child, here, [...keys, key]);
    }
  }

  /** A string read as Terraform would evaluate it: every text it can take scanned (region-lock-functions.ts). */
  private folded(raw: string, path: string): void {
    const found = foldedRegionOutside(this.jurisdiction, raw, (reference) => this.referenceValue(reference));
    if (found && "refused" in found) {
      this.refuse(path, `is built by an expression the region lock cannot evaluate (${found.refused}), so it could name a region outside`, raw,
        "write the value as a literal, or build it only from literals and references to elements of the stack with functions the lock evaluates (README \"Region lock\")");
    } else if (found) this.outside(path, found.cloud, found.token, `the value, evaluated as Terraform would, names ${found.token} (${found.text.length > 120 ? `${found.text.slice(0, 117)}...` : found.text})`, raw);
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

  /** A location attribute: must read as a literal inside the jurisdiction. */
  public location(raw: unknown, path: string, cloud: Cloud, what?: string): void {
    const value = this.evaluate(raw, 0);
    if (value.kind === "text") {
      if (!locationInside(this.jurisdiction, cloud, value.text)) this.outside(path, cloud, value.text, what ? `${what} is ${value.text}` : undefined, raw);
      return;
    }
    const why = value.kind === "unknown" ? value.why : `${value.type}.${value.name}.${value.attr} (not a location)`;
    this.refuse(path, `is a location taken from ${why}, so the region lock cannot hold`, raw, "use a literal location inside the jurisdiction, or a reference to a location the lock has checked");
  }

  private outside(path: string, cloud: Cloud, location: string, detail?: string, raw?: unknown): void {
    const spec = this.spec;
    this.refuse(
      path,
      `places ${cloud === "aws" ? "an AWS" : "a Google Cloud"} resource outside the "${this.jurisdiction}" jurisdiction (${spec.description})${detail ? `: ${detail}` : ""}`,
      raw ?? location,
      `use a location inside it (${cloud} regions: ${spec.regions[cloud].join(", ")}${spec.multiRegionLocations.length ? `; multi-region: ${spec.multiRegionLocations.join(", ")}` : ""}), or move this out of the region-locked stack`,
    );
  }

  public refuse(path: string, problem: string, received: unknown, fix: string): void { this.checker.refuse(path, problem, received, fix); }
}
