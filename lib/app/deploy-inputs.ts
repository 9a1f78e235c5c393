import { TerraformResource, TerraformStack, TerraformVariable } from "../internal/tf";
import type { TerraformVariablePlan } from "./plan-deploy-inputs";

/**
 * Emits the deploy-time inputs planned in plan-deploy-inputs.ts: the `variable` blocks, and the
 * cluster attributes that read them. Decides nothing.
 */

/** Declares a planned variable at the top of a stack (so it is `var.<name>`, `TF_VAR_<name>`). */
export function declareVariable(stack: TerraformStack, plan: TerraformVariablePlan): TerraformVariable {
  const variable = new TerraformVariable(stack, plan.name, {
    type: plan.type,
    description: plan.description,
    default: [...plan.default],
    nullable: plan.nullable,
    validation: plan.validation.map((v) => ({ condition: `\${${v.condition}}`, errorMessage: v.errorMessage })),
  });
  variable.overrideLogicalId(plan.name);
  return variable;
}

/**
 * The EKS cluster's public endpoint follows `admin_cidrs`: on, allow-listed to them, when the list
 * is not empty; off (private only) when it is. The private endpoint stays on either way.
 * Attributes: registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_cluster#vpc_config.
 *
 * An empty list is written as null, never `[]`: `public_access_cidrs` is Optional and Computed
 * (hashicorp/terraform-provider-aws internal/service/eks/cluster.go, read at commit 00555dc5 of the
 * 6.x line; the provider docs: "Terraform will only perform drift detection of its value when
 * present in a configuration"), so null keeps what EKS reports, while `[]` is a value the
 * provider diffs against it. EKS keeps reporting the last
 * CIDRs (or 0.0.0.0/0) after the public endpoint is turned off (aws/containers-roadmap#2002), so
 * `[]` planned an update on every run, and the update failed: the provider sends no CIDRs for an
 * empty set, and EKS answers "Cluster is already at the desired configuration"
 * (terraform-aws-modules/terraform-aws-eks#2320, fixed there the same way).
 */
export function eksApiFromVariable(cluster: TerraformResource, variable: TerraformVariablePlan): void {
  cluster.addOverride("vpc_config.endpoint_public_access", `\${length(var.${variable.name}) > 0}`);
  cluster.addOverride("vpc_config.public_access_cidrs", `\${length(var.${variable.name}) > 0 ? var.${variable.name} : null}`);
}

/**
 * The GKE control plane's public endpoint follows `admin_cidrs`: private-only when the list is
 * empty, else the public endpoint with one authorized network per CIDR (a `dynamic` block over the
 * list: it generates no location, so the region lock reads it).
 * Attributes: registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster
 * (`private_cluster_config.enable_private_endpoint`, `master_authorized_networks_config.cidr_blocks`).
 */
export function gkeApiFromVariable(cluster: TerraformResource, variable: TerraformVariablePlan): void {
  cluster.addOverride("private_cluster_config.enable_private_endpoint", `\${length(var.${variable.name}) == 0}`);
  cluster.addOverride("master_authorized_networks_config.cidr_blocks", undefined);
  cluster.addOverride("master_authorized_networks_config.dynamic.cidr_blocks", {
    for_each: `\${var.${variable.name}}`,
    content: { cidr_block: "${cidr_blocks.value}", display_name: "admin" },
  });
}
