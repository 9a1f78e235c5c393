import { Jurisdiction } from "../catalog";
import { DeepSeekConfigError } from "../errors";
import { App, IAspect, IConstruct, TerraformStack } from "../internal/tf";
import { RegionLock, appGuardsSynth } from "./region-lock";

/**
 * Region-locks the stacks it visits (see `RegionLock.lock`). The lock is not judged here: an
 * aspect sees the tree before later aspects, validations, escape hatches and lazy values have
 * had their say. It is judged when the app writes, on the Terraform JSON as written.
 *
 * Prefer `RegionLock.lock(stack, jurisdiction)` at construction. The aspect works under
 * `DeepSeekApp` (or an App on which `RegionLock.lock` was already called); elsewhere it refuses,
 * since nothing would check what the app writes.
 */
export class RegionLockAspect implements IAspect {
  /** @param jurisdiction where this aspect keeps the stack (state backends read it too) */
  constructor(public readonly jurisdiction: Jurisdiction) {}

  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node)) return;
    const root = node.node.root;
    if (!App.isApp(root) || !appGuardsSynth(root)) {
      throw new DeepSeekConfigError(
        node.node.path,
        "is region-locked by a RegionLockAspect in an app whose synth does not run the region lock",
        root.node.id,
        "use DeepSeekApp, or call RegionLock.lock(stack, jurisdiction) before synth",
      );
    }
    RegionLock.lock(node, this.jurisdiction);
  }
}
