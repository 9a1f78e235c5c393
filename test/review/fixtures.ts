import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DeploymentInput, planDeployment } from "../../lib/plan/index";
import { PlacementReviewInfo, reviewModel, ReviewModel } from "../../lib/review";

export const B200_AWS: DeploymentInput = { model: "deepseek-r1", hardware: "8xB200", cloud: "aws", region: "us-east-2" };
export const H200_GCP_EU: DeploymentInput = { model: "deepseek-r1", hardware: "8xH200", cloud: "gcp", region: "europe-west4", jurisdiction: "eu" };

export const SECURE: PlacementReviewInfo["posture"] = {
  apiEndpoint: "private", secretsEncryption: true, imdsV2: true, authentication: true,
  bucketsPrivate: true, bucketsEncrypted: true, checksEnabled: ["region-lock", "instance-offering"],
};

export function model(...placements: [DeploymentInput, PlacementReviewInfo][]): ReviewModel {
  return reviewModel(placements.map(([input, info]) => ({ plan: planDeployment(input), info })));
}

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `review-${prefix}-`));
}

/** Writes a tiny synth output: review.json (when given) and stacks/<name>/cdk.tf.json. */
export function writeSynth(dir: string, review: ReviewModel | null, stacks: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  if (review) fs.writeFileSync(path.join(dir, "review.json"), JSON.stringify(review));
  for (const [name, doc] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(doc));
  }
  return dir;
}

/** Runs the CLI and collects its output. */
export function collect(): { out: string[]; err: string[]; io: { stdout: (t: string) => void; stderr: (t: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) } };
}
