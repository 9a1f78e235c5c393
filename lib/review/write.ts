import * as fs from "fs";
import * as path from "path";
import { renderReviewMarkdown } from "./markdown";
import type { ReviewModel } from "./types";

/** File names written beside `stacks/` in the synth output directory. */
export const REVIEW_JSON = "review.json";
export const REVIEW_MARKDOWN = "review.md";

/**
 * Writes `review.json` and `review.md` into `outdir` (the app's `cdktf.out`), beside `stacks/`.
 * Returns the two paths written.
 */
export function writeReview(outdir: string, model: ReviewModel): { readonly json: string; readonly markdown: string } {
  fs.mkdirSync(outdir, { recursive: true });
  const json = path.join(outdir, REVIEW_JSON);
  const markdown = path.join(outdir, REVIEW_MARKDOWN);
  fs.writeFileSync(json, `${JSON.stringify(model, null, 2)}\n`);
  fs.writeFileSync(markdown, renderReviewMarkdown(model));
  return { json, markdown };
}
