import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Jurisdiction } from "../catalog";
import { JURISDICTIONS } from "../catalog";
import { DeepSeekConfigError, oneOf } from "../errors";
import { App, IConstruct, TerraformProvider, TerraformStack } from "../internal/tf";
import { StackDocument, checkRegionLock } from "./region-lock-check";
import { JsonProblem, duplicateKeyPaths } from "./region-lock-json";

/**
 * Where the region lock is enforced: after every stack of the app has been written (aspects,
 * validations, escape hatches and lazy values all resolved), on the files Terraform will read,
 * before they are moved into the output directory. A refused app writes nothing.
 */

interface AppLocks {
  readonly stacks: Map<TerraformStack, Set<Jurisdiction>>;
  stateBucketLocations: Record<string, string>;
}

const LOCKS = new WeakMap<IConstruct, AppLocks>();
const ENFORCING = new WeakSet<IConstruct>();
/** Set on apps whose own synth runs `synthesizeGuarded` (DeepSeekApp). */
export const GUARDS_ITS_SYNTH = Symbol.for("cdktf-deepseek.guards-its-synth");

function locksOf(root: IConstruct): AppLocks {
  let locks = LOCKS.get(root);
  if (!locks) {
    locks = { stacks: new Map(), stateBucketLocations: {} };
    LOCKS.set(root, locks);
  }
  return locks;
}

/** Region-locks stacks. The check runs when the app writes; see the README's "Region lock". */
export class RegionLock {
  /**
   * Locks `stack` to `jurisdiction`: when its app synthesizes, every provider, resource, data
   * source, module and state backend of the stack, as written, must lie inside, or the app
   * writes nothing. Locks only add up (a stack locked twice must satisfy both).
   */
  public static lock(stack: TerraformStack, jurisdiction: Jurisdiction): void {
    if (!JURISDICTIONS.includes(jurisdiction)) throw new DeepSeekConfigError("jurisdiction", "is not a known jurisdiction", jurisdiction, `use ${oneOf(JURISDICTIONS)}`);
    const root = stack.node.root;
    if (!App.isApp(root)) {
      throw new DeepSeekConfigError(stack.node.path, "is not in an App, so nothing writes it where the region lock could check it", root.node.id, "create the stack in a DeepSeekApp (or a cdktf App)");
    }
    const locks = locksOf(root);
    const set = locks.stacks.get(stack) ?? new Set<Jurisdiction>();
    set.add(jurisdiction);
    locks.stacks.set(stack, set);
    guardApp(root);
    guardStack(stack, root);
  }

  /** The jurisdictions a stack is locked to (empty when it is not locked). */
  public static jurisdictionsOf(stack: TerraformStack): readonly Jurisdiction[] {
    return [...(LOCKS.get(stack.node.root)?.stacks.get(stack) ?? [])];
  }

  /**
   * Declares where a GCS state bucket is (a gcs backend block names only the bucket), so locked
   * stacks may keep their state in it. The declaration is trusted: the lock cannot look it up.
   */
  public static declareStateBucket(scope: IConstruct, bucket: string, location: string): void {
    locksOf(scope.node.root).stateBucketLocations[bucket] = location;
  }

  private constructor() {}
}

/** Whether the app's synth runs the region lock (DeepSeekApp, or an App a stack was locked in). */
export function appGuardsSynth(app: App): boolean {
  return Boolean((app as unknown as Record<symbol, unknown>)[GUARDS_ITS_SYNTH]) || Object.prototype.hasOwnProperty.call(app, "synth");
}

/** A plain App gets the same guarded synth as DeepSeekApp. */
function guardApp(app: App): void {
  if (appGuardsSynth(app)) return;
  const original = app.synth;
  Object.defineProperty(app, "synth", { value: () => synthesizeGuarded(app, () => original.call(app)), writable: false, configurable: false, enumerable: false });
}

/** A locked stack can only be written by a guarded synth (its synthesizer cannot be swapped). */
function guardStack(stack: TerraformStack, app: App): void {
  if (Object.getOwnPropertyDescriptor(stack, "synthesizer")?.writable === false) return;
  const inner = stack.synthesizer;
  const guarded = {
    synthesize(session: Parameters<typeof inner.synthesize>[0]) {
      if (!ENFORCING.has(app)) {
        throw new DeepSeekConfigError(stack.node.path, "is region-locked and is being written outside the app's synth, where the lock cannot check it", undefined, "synthesize through app.synth()");
      }
      inner.synthesize(session);
    },
  };
  Object.defineProperty(stack, "synthesizer", { value: guarded, writable: false, configurable: false, enumerable: true });
}

/**
 * Writes the app into a fresh directory beside its outdir, checks every region-locked stack as
 * written, then moves the result into place. On any error (a refusal, a failed validation, a
 * write error) the outdir is left as it was.
 */
export function synthesizeGuarded(app: App, write: () => void): void {
  const finalDir = resolve(app.outdir);
  mkdirSync(dirname(finalDir), { recursive: true });
  const staging = mkdtempSync(join(dirname(finalDir), `.${basename(finalDir)}.synth-`));
  const writable = app as unknown as { outdir: string; manifest: { outdir: string } };
  const saved = { outdir: app.outdir, manifest: app.manifest.outdir };
  writable.outdir = staging;
  writable.manifest.outdir = staging;
  ENFORCING.add(app);
  try {
    mkdirSync(join(staging, "stacks"), { recursive: true });
    write();
    checkWritten(app, staging);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  } finally {
    ENFORCING.delete(app);
    writable.outdir = saved.outdir;
    writable.manifest.outdir = saved.manifest;
  }
  moveIntoPlace(staging, finalDir);
}

function moveIntoPlace(staging: string, finalDir: string): void {
  if (existsSync(finalDir)) {
    const old = `${staging}.old`;
    renameSync(finalDir, old);
    renameSync(staging, finalDir);
    rmSync(old, { recursive: true, force: true });
  } else renameSync(staging, finalDir);
}

const TERRAFORM_JSON = /\.(tf|tofu)\.json$/;
const TERRAFORM_OTHER = /\.(tf|tofu)$/;

/** Reads what was written and runs the lock over it. */
function checkWritten(app: App, outdir: string): void {
  const locks = LOCKS.get(app);
  if (!locks || locks.stacks.size === 0) return;
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  const lockedIds = new Set([...locks.stacks.keys()].filter((s) => stacks.includes(s)).map((s) => s.node.id));
  if (app.hclOutput && lockedIds.size) {
    throw new DeepSeekConfigError("hclOutput", "writes HCL, which the region lock does not read", true, "synthesize JSON (drop --hcl / CDKTF_HCL_OUTPUT) for region-locked stacks");
  }
  const stacksDir = join(outdir, "stacks");
  const written = existsSync(stacksDir) ? readdirSync(stacksDir).filter((d) => statSync(join(stacksDir, d)).isDirectory()) : [];
  const known = new Set(stacks.map((s) => s.node.id));
  const documents: StackDocument[] = [];
  for (const stack of stacks) {
    const dir = join(stacksDir, stack.node.id);
    const files: Record<string, unknown> = {};
    const unreadable: string[] = [];
    const fileProblems: JsonProblem[] = [];
    for (const file of existsSync(dir) ? readdirSync(dir).sort() : []) {
      if (!TERRAFORM_JSON.test(file) && !TERRAFORM_OTHER.test(file)) continue;
      if (!lstatSync(join(dir, file)).isFile()) {
        // A link (or anything but a file) can be pointed elsewhere after the lock has read it.
        fileProblems.push({ path: `${stack.node.id}/${file}`, problem: "is a Terraform file that is not a regular file (a link can change after the region lock has read it)" });
        continue;
      }
      if (TERRAFORM_JSON.test(file)) {
        try {
          const text = readFileSync(join(dir, file), "utf8");
          files[file] = JSON.parse(text);
          for (const key of duplicateKeyPaths(text)) fileProblems.push({ path: `${stack.node.id}/${file}:${key}`, problem: "is a property given twice in one object: Terraform reads every copy (HCL's JSON syntax keeps duplicates), JSON readers keep one" });
        } catch {
          unreadable.push(file);
        }
      } else unreadable.push(file);
    }
    const providerPaths: Record<string, string> = {};
    for (const p of stack.node.findAll().filter((n): n is TerraformProvider => n instanceof TerraformProvider)) {
      providerPaths[p.alias ? `${p.terraformResourceType}.${p.alias}` : p.terraformResourceType] = p.node.path;
    }
    documents.push({ name: stack.node.id, jurisdictions: [...(locks.stacks.get(stack) ?? [])], files, unreadableFiles: unreadable, fileProblems, providerPaths });
  }
  const missing = [...lockedIds].filter((id) => !documents.find((d) => d.name === id && Object.keys(d.files).length));
  if (missing.length) {
    throw new DeepSeekConfigError(`stacks/${missing[0]}`, "is region-locked but wrote no Terraform JSON where the lock reads it", undefined, "let cdktf's own synthesizer write the stack");
  }
  checkRegionLock({ stacks: documents, strayDirectories: written.filter((d) => !known.has(d)), stateBucketLocations: locks.stateBucketLocations });
}
