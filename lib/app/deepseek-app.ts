import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { DeepSeekConfigError } from "../errors";
import { App, AppConfig, Aspects, IConstruct, TerraformStack, invokeAspects } from "../internal/tf";
import { withAppTokenStacks } from "../internal/token-stacks";
import type { DeploymentPlan } from "../plan/plan";
import { parseOrThrow } from "../validation";
import { reviewModel } from "../review/model";
import { PlacementReviewInfo, RegisteredPlacement, ReviewModel, placementReviewInfoSchema } from "../review/types";
import { writeReview } from "../review/write";
import { refuseOnPreflightFindings } from "../preflight/refuse";
import { checkStateBackend } from "./plan-state-backend";
import type { StateBackendInput } from "./plan-state-backend";
import type { Jurisdiction } from "../catalog/jurisdictions";
import { RegionLockAspect } from "./region-lock-aspect";
import { GUARDS_ITS_SYNTH, RegionLock, synthesizeGuarded } from "./region-lock";
import { useStateBackend } from "./state-backend";

/** `App` settings plus where Terraform keeps state. */
export interface DeepSeekAppConfig extends AppConfig {
  /**
   * State backend of every stack in the app that does not set its own: one key (S3) or prefix
   * (GCS) per stack, cross-stack references read from it. Under a jurisdiction, the state bucket
   * must lie inside it.
   * @default local state files beside cdktf.out, by relative paths (a warning in the summary)
   */
  readonly backend?: StateBackendInput | StateBackendChooser;
}

/**
 * Picks the backend of one stack, e.g. a state bucket per jurisdiction when an app holds US and
 * EU clusters (a region-locked stack refuses state outside its jurisdiction).
 */
export type StateBackendChooser = (stack: { readonly id: string; readonly jurisdiction?: Jurisdiction }) => StateBackendInput;

/** Where constructs register the plans they emitted, so the app can write the review. */
export interface IReviewRegistry {
  /**
   * Records one placement's plan and review facts. Registering the same plan again (e.g. from
   * its infra and its serving stack) merges the facts: stacks are united, later posture and
   * endpoint fields win.
   */
  registerPlacement(plan: DeploymentPlan, info?: PlacementReviewInfo): void;
  /** The placements registered so far, in order. */
  readonly placements: readonly RegisteredPlacement<DeploymentPlan>[];
}

const REGISTRY = Symbol.for("cdktf-deepseek.review-registry");

// The fields the review reads: a registered plan must come from planDeployment.
const range = z.object({ min: z.number(), max: z.number() }).loose();
const registeredPlanSchema = z.object({
  id: z.string(), cloud: z.enum(["aws", "gcp"]), region: z.string(), zones: z.array(z.string()), hardware: z.string(), nodeType: z.string(),
  replicas: range, nodes: range, gpus: range, checkpoint: z.string(), weightPrecision: z.string(), overridden: z.array(z.string()), warnings: z.array(z.string()),
}).loose();

/** Finds the review registry of the app a construct lives in. */
export class ReviewRegistry {
  /**
   * The registry of the app `scope` belongs to, or `undefined` when the root is not a
   * `DeepSeekApp` (a plain `App`, or `Testing.synthScope`): then no review is written.
   */
  public static of(scope: IConstruct): IReviewRegistry | undefined {
    const root = scope.node.root as unknown as Record<symbol, unknown>;
    return root[REGISTRY] === true ? (root as unknown as IReviewRegistry) : undefined;
  }

  /** Registers with the app's registry if there is one; does nothing under a plain App. */
  public static register(scope: IConstruct, plan: DeploymentPlan, info: PlacementReviewInfo = {}): void {
    ReviewRegistry.of(scope)?.registerPlacement(plan, info);
  }

  private constructor() {}
}

/**
 * A cdktf App that also writes `review.md` and `review.json` beside `cdktf.out/stacks` on
 * every synth, from the plans its constructs registered.
 */
export class DeepSeekApp extends App implements IReviewRegistry {
  private readonly registered: { plan: DeploymentPlan; info: PlacementReviewInfo }[] = [];
  /** The state backend given to stacks without their own. */
  public readonly backend: StateBackendInput | StateBackendChooser;
  private readonly notes: string[] = [];

  /**
   * Same as `App`, but stack traces are off unless asked for: construct metadata traces (~15% of
   * synth time) and, inside DeepSeek constructs, all but the innermost frames of token traces.
   */
  constructor(config: DeepSeekAppConfig = {}) {
    const { backend, ...appConfig } = checkAppConfig(config);
    super({ stackTraces: false, ...appConfig });
    this.backend = typeof backend === "function" ? backend : checkStateBackend(backend ?? { kind: "local" }, "backend");
    Object.defineProperty(this, REGISTRY, { value: true, enumerable: false });
    Object.defineProperty(this, GUARDS_ITS_SYNTH, { value: true, enumerable: false });
  }

  /** Warnings of the last synth for the summary (e.g. local state). */
  public get warnings(): readonly string[] {
    return [...this.notes];
  }

  public get placements(): readonly RegisteredPlacement<DeploymentPlan>[] {
    return this.registered.map((r) => ({ plan: r.plan, info: r.info }));
  }

  public registerPlacement(plan: DeploymentPlan, info: PlacementReviewInfo = {}): void {
    parseOrThrow(registeredPlanSchema, plan, "plan");
    const checked = parseOrThrow(placementReviewInfoSchema, info, "reviewInfo") as PlacementReviewInfo;
    const same = this.registered.find((r) => r.plan === plan || JSON.stringify(r.plan) === JSON.stringify(plan));
    if (!same) {
      this.registered.push({ plan, info: checked });
      return;
    }
    same.info = mergeInfo(same.info, checked);
  }

  /** The review of what is registered now. */
  public review(): ReviewModel {
    return reviewModel(this.placements);
  }

  /**
   * Writes every stack and the review into a fresh directory beside the outdir, runs the region
   * lock over the region-locked stacks as written (after every aspect, validation, escape hatch
   * and lazy value), then moves the result into place. A refusal or any other error leaves the
   * outdir as it was.
   */
  public override synth(): void {
    try {
      this.synthGuarded();
    } catch (e) {
      // The outdir (or its parent) cannot be written: a setting to change, not a bug.
      if (isFsError(e)) throw new DeepSeekConfigError("outdir", `cannot be written (${fsReason(e)})`, this.outdir, "use a directory you can write to, with room to spare");
      throw e;
    }
  }

  private synthGuarded(): void {
    synthesizeGuarded(this, () => {
      withAppTokenStacks(this, () => {
        const stacks = this.node.findAll().filter(TerraformStack.isStack);
        this.notes.length = 0;
        for (const stack of stacks) {
          // A region-locked stack keeps its state inside the jurisdiction too.
          const aspect = Aspects.of(stack).all.find((a): a is RegionLockAspect => a instanceof RegionLockAspect);
          const jurisdiction = RegionLock.jurisdictionsOf(stack)[0] ?? aspect?.jurisdiction;
          const chosen = typeof this.backend === "function" ? this.backend({ id: stack.node.id, jurisdiction }) : this.backend;
          const used = useStateBackend(stack, chosen, { jurisdiction, path: typeof this.backend === "function" ? `backend(${stack.node.id})` : "backend" });
          if (used?.kind === "local" && !this.notes.includes(used.warning)) this.notes.push(used.warning);
        }
        for (const stack of stacks) invokeAspects(stack);
        super.synth();
      });
      // What would fail on deploy (lib/preflight) refuses like any other configuration error.
      const review = this.review();
      const preflight = refuseOnPreflightFindings(this.outdir, review);
      writeReview(this.outdir, { ...review, preflight });
    });
  }

}

// App settings a consumer passes (cdktf AppConfig), checked so none reaches cdktf or fs as a raw error.
const appConfigSchema = z.object({
  outdir: z.string().min(1).max(4096).optional(),
  stackTraces: z.boolean().optional(),
  hclOutput: z.boolean().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  skipValidation: z.boolean().optional(),
  skipBackendValidation: z.boolean().optional(),
  backend: z.unknown().optional(),
}).strict();

/**
 * Checks the app config and creates the outdir with its missing parents (cdktf's App creates only
 * the last directory, and fails with a raw ENOENT when a parent is missing). An outdir that cannot
 * be created (a file in its path, no permission) is refused at `outdir` with the reason.
 */
function checkAppConfig(config: DeepSeekAppConfig | undefined): DeepSeekAppConfig {
  if (config === undefined) return {};
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    throw new DeepSeekConfigError("(config)", "must be an object of app settings", config, "pass { outdir, backend, ... } or nothing");
  }
  const checked = parseOrThrow(appConfigSchema, config) as DeepSeekAppConfig;
  // An empty CDKTF_OUTDIR (an `export CDKTF_OUTDIR=` left in a shell) would name no directory: a raw ENOENT below.
  if (checked.outdir === undefined && process.env.CDKTF_OUTDIR === "") {
    throw new DeepSeekConfigError("CDKTF_OUTDIR", "is set but empty (the environment variable that names the output directory when outdir is not given)", "", "unset it (unset CDKTF_OUTDIR), set it to a directory, or pass outdir");
  }
  // cdktf's own default when none is given.
  const outdir = checked.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out";
  try {
    makeDirectories(resolve(outdir));
  } catch (e) {
    throw new DeepSeekConfigError("outdir", `cannot be created (${fsReason(e)})`, outdir, "use a directory path you can write to (missing parents are created)");
  }
  if (!statSync(outdir).isDirectory()) throw new DeepSeekConfigError("outdir", "is not a directory", outdir, "use a directory path");
  return checked;
}

/** `ENOENT: no such file or directory, mkdir '/a/b'` for a file-system error. */
function fsReason(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^Error: /, "");
}

/** A file-system error (errno code and syscall), as opposed to a bug. */
function isFsError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string" && typeof (e as NodeJS.ErrnoException).syscall === "string";
}

/**
 * mkdir -p, one level at a time: Node's own `{ recursive: true }` loops forever on some paths it
 * cannot create (under /proc on Linux, measured on Node 20), so the missing levels are made here.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) mkdirSync(d);
}

/** Unites stacks; later display name, endpoint and posture fields win. */
export function mergeInfo(a: PlacementReviewInfo, b: PlacementReviewInfo): PlacementReviewInfo {
  const stacks = [...(a.stacks ?? []), ...(b.stacks ?? []).filter((s) => !(a.stacks ?? []).includes(s))];
  return {
    ...(b.displayName ?? a.displayName ? { displayName: b.displayName ?? a.displayName } : {}),
    ...(stacks.length ? { stacks } : {}),
    ...(b.endpoint ?? a.endpoint ? { endpoint: b.endpoint ?? a.endpoint } : {}),
    ...(a.posture || b.posture ? { posture: { ...(a.posture ?? {}), ...stripUndefined(b.posture ?? {}) } } : {}),
    ...(b.globalEndpoint ?? a.globalEndpoint ? { globalEndpoint: b.globalEndpoint ?? a.globalEndpoint } : {}),
    ...(b.timeouts ?? a.timeouts ? { timeouts: b.timeouts ?? a.timeouts } : {}),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
