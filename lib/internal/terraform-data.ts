import { Construct, TerraformResource, anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl } from "./tf";
import type { TerraformResourceLifecycle } from "./tf";

/**
 * A `terraform_data` resource, written exactly as cdktf's `DataResource` writes it (`input`,
 * lifecycle), without the validation `DataResource` adds: cdktf's ValidateTerraformVersion runs
 * `terraform version` in a child process for every such resource at synth (cdktf
 * lib/terraform-data-resource.ts, lib/validations/validate-binary-version.ts). That cost about
 * 60 ms per stack (0.6 s of the default app's synth), and made synth fail where no terraform binary is
 * installed, while synth must need none (README). terraform_data itself needs Terraform >= 1.4 at
 * plan time (developer.hashicorp.com/terraform/language/resources/terraform-data).
 */
export class TerraformData extends TerraformResource {
  private readonly dataInput?: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, config: { readonly input?: Readonly<Record<string, unknown>>; readonly lifecycle?: TerraformResourceLifecycle } = {}) {
    super(scope, id, { terraformResourceType: "terraform_data", terraformGeneratorMetadata: { providerName: "terraform" }, lifecycle: config.lifecycle });
    this.dataInput = config.input;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: hashMapper(anyToTerraform)(this.dataInput), triggers_replace: hashMapper(anyToTerraform)(undefined) };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return { input: hashMapperHcl(anyToHclTerraform)(this.dataInput), triggers_replace: hashMapperHcl(anyToHclTerraform)(undefined) };
  }
}
