import { App, TerraformOutput, TerraformStack } from "../lib/internal/tf";
import { DeploymentInput, planDeployment } from "../lib";

/** The four deployments the project ships (DESIGN.md, issue 7). */
export const DEFAULT_DEPLOYMENTS: Readonly<Record<string, DeploymentInput>> = {
  "b200-aws-us": { model: "deepseek-r1-0528", hardware: "8xB200", cloud: "aws", region: "us-east-2", jurisdiction: "us" },
  "h200-gke-eu": { model: "deepseek-r1-0528", hardware: "8xH200", cloud: "gcp", region: "europe-west4", jurisdiction: "eu" },
  "h100x2-aws-us": { model: "deepseek-r1-0528", hardware: "2x8xH100", cloud: "aws", region: "us-east-1", jurisdiction: "us" },
};

/** Builds the default app. Until the cloud constructs land, each stack records its plan. */
export function buildDefaultApp(outdir?: string): App {
  const app = new App(outdir ? { outdir } : {});
  for (const [name, input] of Object.entries(DEFAULT_DEPLOYMENTS)) {
    const stack = new TerraformStack(app, name);
    const plan = planDeployment(input);
    new TerraformOutput(stack, "plan", { value: JSON.stringify(plan), staticId: true });
  }
  return app;
}
