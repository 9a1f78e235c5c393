import * as fs from "fs";
import * as path from "path";
import { StackDiff, StackResources, diffStackResources, stackResources } from "./stack-diff";
import type { ReviewModel } from "./types";
import { REVIEW_JSON } from "./write";

/** Input the review command cannot read. The CLI prints the message and exits 1. */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewInputError";
  }
}

/** One synth output directory, as read. */
export interface LoadedSynth {
  /** The directory actually read (`<dir>/cdktf.out` when given a project directory). */
  readonly dir: string;
  /** `null` when the directory has no `review.json`. */
  readonly review: ReviewModel | null;
  readonly stacks: StackResources;
  /** True when the directory holds neither a review nor any stack. */
  readonly empty: boolean;
}

/** A project directory holding `cdktf.out/` is read as its `cdktf.out/`. */
export function resolveSynthDir(dir: string): string {
  const nested = path.join(dir, "cdktf.out");
  const looksLikeOut = fs.existsSync(path.join(dir, "stacks")) || fs.existsSync(path.join(dir, REVIEW_JSON)) || fs.existsSync(path.join(dir, "manifest.json"));
  return !looksLikeOut && isDir(nested) ? nested : dir;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readJson(file: string, role: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ReviewInputError(`${role}: cannot read ${file} (${(e as Error).message}); check the path and permissions`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ReviewInputError(`${role}: ${file} is not valid JSON (${(e as Error).message}); re-run cdktf synth to regenerate it`);
  }
}

function checkReview(value: unknown, file: string, role: string): ReviewModel {
  const v = value as Partial<ReviewModel> | null;
  if (v === null || typeof v !== "object" || v.schemaVersion !== 1 || !Array.isArray(v.placements) || typeof v.totals !== "object" ||
    v.placements.some((p) => p === null || typeof p !== "object" || typeof p.id !== "string" || typeof p.posture !== "object")) {
    throw new ReviewInputError(`${role}: ${file} is not a cdktf-deepseek review (schemaVersion 1 with placements and totals); synthesize with DeepSeekApp from the same cdktf-deepseek version`);
  }
  return v as ReviewModel;
}

/**
 * Reads a synth output directory. A missing directory is an error for `head`; for `base` the
 * caller checks existence first (a missing base means a first synth).
 */
export function loadSynth(dirArg: string, role: "base" | "head"): LoadedSynth {
  const dir = resolveSynthDir(dirArg);
  if (!isDir(dir)) throw new ReviewInputError(`${role}: ${dirArg} is not a directory; run cdktf synth for the ${role} commit and pass its cdktf.out`);
  const reviewFile = path.join(dir, REVIEW_JSON);
  const review = fs.existsSync(reviewFile) ? checkReview(readJson(reviewFile, role), reviewFile, role) : null;
  const stacksDir = path.join(dir, "stacks");
  const stacks = new Map<string, ReadonlyMap<string, string>>();
  if (isDir(stacksDir)) {
    for (const name of fs.readdirSync(stacksDir).sort()) {
      const file = path.join(stacksDir, name, "cdk.tf.json");
      if (!isDir(path.join(stacksDir, name))) continue;
      // `cdktf synth --hcl` writes cdk.tf: read as no stack at all, every resource would look removed.
      if (!fs.existsSync(file) && fs.existsSync(path.join(stacksDir, name, "cdk.tf"))) {
        throw new ReviewInputError(`${role}: ${path.join(stacksDir, name)} holds cdk.tf (synthesized with --hcl), which the review does not read; synthesize the ${role} commit without --hcl (JSON, the default)`);
      }
      if (!fs.existsSync(file)) continue;
      stacks.set(name, stackResources(readJson(file, role)));
    }
  }
  return { dir, review, stacks, empty: review === null && stacks.size === 0 };
}

/**
 * Resource-level adds, changes and removals per stack between two synth output directories.
 * A missing base directory counts as empty (every resource added).
 */
export function diffStacks(baseDir: string | null, headDir: string): StackDiff[] {
  const base = baseDir !== null && fs.existsSync(baseDir) ? loadSynth(baseDir, "base").stacks : new Map();
  return diffStackResources(base, loadSynth(headDir, "head").stacks);
}
