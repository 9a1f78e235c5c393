import { Construct, TerraformLocal } from "../internal/tf";
import { TerraformData } from "../internal/terraform-data";
import type { Placeholder } from "../plan/placeholders";
import { placeholderMessage } from "../plan/placeholders";

/**
 * A `terraform_data` resource whose lifecycle preconditions fail `terraform plan` while a
 * placeholder is still in the configuration, so nothing of the stack is created. Synth (and the
 * review) still work offline. A precondition failure is an error; a `check` block only warns
 * (developer.hashicorp.com/terraform/language/expressions/custom-conditions).
 */
export class PlaceholderGuard extends Construct {
  constructor(scope: Construct, id: string, props: { readonly clusterId: string; readonly placeholders: readonly Placeholder[] }) {
    super(scope, id);
    // Terraform refuses a condition that refers to nothing ("must refer to at least one object"):
    // the values live in a local the conditions read.
    const values = new TerraformLocal(this, "values", props.placeholders.map((p) => p.value));
    new TerraformData(this, "check", {
      input: { placeholders: values.expression },
      lifecycle: {
        precondition: props.placeholders.map((p, i) => ({
          // False while the placeholder is there; the message names it.
          condition: `\${local.${values.friendlyUniqueId}[${i}] != ${JSON.stringify(p.value)}}`,
          errorMessage: placeholderMessage(props.clusterId, p),
        })),
      },
    });
  }
}
