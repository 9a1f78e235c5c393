import type { Jurisdiction } from "../catalog/jurisdictions";
import { GcsBackend, LocalBackend, S3Backend, TerraformBackend, TerraformStack } from "../internal/tf";
import { StateBackendInput, StateBackendPlan, checkStateBackend, planStateBackend } from "./plan-state-backend";
import { RegionLock } from "./region-lock";

export type { StateBackendInput, StateBackendPlan } from "./plan-state-backend";

/** Options of `useStateBackend`. */
export interface UseStateBackendOptions {
  /** Refuse a state bucket outside this jurisdiction. @default no check */
  readonly jurisdiction?: Jurisdiction;
  /** Path named in refusals. @default "backend" */
  readonly path?: string;
}

/**
 * Gives a stack the state backend `backend` (one key or prefix per stack, named after the stack
 * id), for a consumer's own stacks; `DeepSeekApp` does the same for every stack it holds. Cross-
 * stack references into this stack then read its state from the same backend. Does nothing and
 * returns `undefined` when the stack already has a backend.
 */
export function useStateBackend(stack: TerraformStack, backend: StateBackendInput, options: UseStateBackendOptions = {}): StateBackendPlan | undefined {
  if (stack.node.findAll().some((c) => TerraformBackend.isBackend(c))) return undefined;
  const checked = checkStateBackend(backend, options.path ?? "backend", options.jurisdiction);
  const plan = planStateBackend(checked, stack.node.id);
  switch (plan.kind) {
    case "local": new LocalBackend(stack, plan.config); break;
    // use_lockfile is not in cdktf 0.21's S3BackendConfig; its keys are written snake_cased as given.
    case "s3": new S3Backend(stack, plan.config as unknown as ConstructorParameters<typeof S3Backend>[1]); break;
    case "gcs":
      new GcsBackend(stack, plan.config as unknown as ConstructorParameters<typeof GcsBackend>[1]);
      // The gcs backend block names only the bucket: the region lock reads its location from here.
      if (checked.kind === "gcs") RegionLock.declareStateBucket(stack, checked.bucket, checked.location);
      break;
  }
  return plan;
}
