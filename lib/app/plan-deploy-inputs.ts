import { DeepSeekConfigError } from "../errors";
import type { PathOf } from "../plan/refusal-paths";
import { placementPosture, type PlacementPosture } from "../plan/posture";
import type { DeploymentPlan } from "../plan/plan";

/**
 * Deploy-time inputs: values that differ per deployment but change none of the plan's decisions
 * are Terraform variables, typed, validated and described, so the synth reviewed in a pull request
 * is byte for byte the synth that is deployed; the value is given at `terraform plan` (a
 * `TF_VAR_<name>` environment variable or a `.tfvars` file). Pure.
 *
 * Which inputs, and why:
 * - `admin_cidrs` (each infra stack, with `adminCidrs: "variable"`): the networks of the machines
 *   that run the deploy, allowed to reach the cluster's Kubernetes API from outside the VPC. They
 *   differ between a laptop, a CI runner and a VPN, and they decide no name, size or placement;
 *   empty (the default) keeps the endpoint private. Terraform refuses a value that is not a list of
 *   distinct IPv4 CIDRs written as network addresses, or that holds a `/0`, before anything is created.
 *
 * Kept as props, read at synth (each decides something the plan, the region lock or the review
 * reads):
 * - regions and zones: the region lock must read every location; one taken from a variable is
 *   refused (lib/app/region-lock-values.ts);
 * - the GCP project: it names the model bucket (`<project>-…-models`), the workload pool
 *   (`<project>.svc.id.goog`), Workload Identity members and the RoCE network profile path;
 * - hostnames: they name the TLS certificates, routes and health-check names;
 * - the Route 53 zone id: whether DNS is published (the `-global` stack exists) depends on it.
 */

/** A Terraform `variable` block, as the stack declares it. */
export interface TerraformVariablePlan {
  /** The variable's name (`var.<name>`, `TF_VAR_<name>`). */
  readonly name: string;
  /** Terraform type constraint. */
  readonly type: string;
  readonly description: string;
  readonly default: readonly string[];
  readonly nullable: false;
  /** `condition` is a Terraform expression over `var.<name>` (written as `${…}` in JSON). */
  readonly validation: readonly { readonly condition: string; readonly errorMessage: string }[];
}

/** The deploy-time inputs of one placement's stacks. */
export interface DeployInputsPlan {
  /**
   * The infra stack's `admin_cidrs`: who may reach the Kubernetes API from outside the VPC.
   * Undefined when that is decided at synth (private, or the placement's own literal CIDRs).
   */
  readonly adminCidrs?: TerraformVariablePlan;
}

/** DeepSeekCluster's props that make deploy-time inputs. */
export interface DeployInputsProps {
  /**
   * `"variable"`: who may reach the clusters' Kubernetes API from outside the VPC is the Terraform
   * variable `admin_cidrs` of each infra stack, given at deploy (`TF_VAR_admin_cidrs`, a tfvars
   * file; README "Deploy-time inputs"); empty keeps the endpoint private. The synth does not change with it.
   * @default decided at synth: private, unless a placement lists `aws.publicAccessCidrs` / `gcp.authorizedNetworks`
   */
  readonly adminCidrs?: "variable";
}

export const ADMIN_CIDRS_VARIABLE = "admin_cidrs";

/**
 * The `admin_cidrs` variable: a list of distinct IPv4 CIDRs, each written as its network address,
 * none of them the whole internet.
 *
 * The conditions judge each CIDR with Terraform's own CIDR functions, never its spelling
 * (developer.hashicorp.com/terraform/language/functions/cidrnetmask, …/cidrsubnet):
 * - `cidrnetmask` parses IPv4 CIDRs only, but it also takes an IPv4-mapped IPv6 block
 *   (`::ffff:0.0.0.0/96`, the whole IPv4 internet), so a `:` is refused beside it;
 * - `cidrsubnet(c, 0, 0)` is the canonical spelling of the network: it differs from the entry when
 *   host bits are set (`10.0.0.5/8`) or a number has leading zeros (`010.0.0.0/8`, `0.0.0.0/00`).
 *   The AWS provider refuses such an entry at apply anyway (`public_access_cidrs` elements are
 *   `verify.ValidCIDRNetworkAddress`, hashicorp/terraform-provider-aws
 *   internal/service/eks/cluster.go); refusing it here fails `terraform plan` before anything is created;
 * - a netmask of `0.0.0.0` is a /0 however it is spelt.
 * The later conditions are true for an entry that is not an IPv4 CIDR, so it gets that one message.
 * Functions used exist since Terraform 1.0 (`alltrue` 0.14, `can`/`try` 0.13).
 */
export function adminCidrsVariable(): TerraformVariablePlan {
  const v = `var.${ADMIN_CIDRS_VARIABLE}`;
  const isIpv4 = "can(cidrnetmask(c)) && length(regexall(\":\", c)) == 0";
  return {
    name: ADMIN_CIDRS_VARIABLE,
    type: "list(string)",
    description:
      "IPv4 CIDRs of the machines that run the deploy (office, VPN, CI runner), allowed to reach the cluster's Kubernetes API " +
      "from outside the VPC. Empty keeps the API endpoint private (deploy from inside the VPC). Never 0.0.0.0/0.",
    default: [],
    nullable: false,
    validation: [
      {
        condition: `alltrue([for c in ${v} : ${isIpv4}])`,
        errorMessage: `Each entry of ${ADMIN_CIDRS_VARIABLE} must be an IPv4 CIDR such as 203.0.113.0/24 (IPv6 and bare addresses are not accepted).`,
      },
      {
        condition: `alltrue([for c in ${v} : !(${isIpv4}) || try(cidrsubnet(c, 0, 0) == c, false)])`,
        errorMessage: `Each entry of ${ADMIN_CIDRS_VARIABLE} must be written as its network address, without host bits or leading zeros (203.0.113.0/24, not 203.0.113.7/24 or 203.000.113.0/24).`,
      },
      {
        condition: `alltrue([for c in ${v} : !(${isIpv4}) || try(cidrnetmask(c) != "0.0.0.0", false)])`,
        errorMessage: `The ${ADMIN_CIDRS_VARIABLE} list must not hold a /0: that opens the Kubernetes API to the whole internet.`,
      },
      {
        condition: `length(distinct(${v})) == length(${v})`,
        errorMessage: `The ${ADMIN_CIDRS_VARIABLE} list must not repeat a CIDR.`,
      },
    ],
  };
}

/** The placement options that set the API allow-list at synth, per cloud (refused beside the variable). */
const LITERAL_ACCESS: Readonly<Record<"aws" | "gcp", readonly string[]>> = {
  aws: ["publicAccessCidrs"],
  gcp: ["authorizedNetworks", "privateEndpoint"],
};

/**
 * The deploy-time inputs of one placement. Refuses a placement that also sets its allow-list
 * literally (one source of truth per endpoint).
 */
export function planDeployInputs(props: DeployInputsProps, cloud: "aws" | "gcp", options: Readonly<Record<string, unknown>>, at: PathOf): DeployInputsPlan {
  if (props.adminCidrs !== "variable") return {};
  for (const key of LITERAL_ACCESS[cloud]) {
    if (options[key] !== undefined) {
      throw new DeepSeekConfigError(at(`${cloud}.${key}`), `sets the Kubernetes API's access at synth, while adminCidrs is "variable" sets it at deploy`, options[key], `remove ${cloud}.${key} and give the CIDRs at deploy (TF_VAR_${ADMIN_CIDRS_VARIABLE}), or drop adminCidrs`);
    }
  }
  return { adminCidrs: adminCidrsVariable() };
}

/** The posture the review shows: with the variable, the endpoint may be opened at deploy, so it is reviewed as allow-listed to the variable. */
export function postureWithDeployInputs(posture: PlacementPosture, inputs: DeployInputsPlan): PlacementPosture {
  return inputs.adminCidrs ? { ...posture, apiEndpoint: "allow-listed", apiAllowedCidrs: [], apiAllowedCidrsVariable: inputs.adminCidrs.name } : posture;
}

/** A placement's deploy-time inputs and the API posture the review shows with them. */
export function planPlacementAccess(
  props: DeployInputsProps, plan: DeploymentPlan, options: Readonly<Record<string, unknown>>, at: PathOf,
): { deployInputs: DeployInputsPlan; posture: PlacementPosture } {
  const deployInputs = planDeployInputs(props, plan.cloud, options, at);
  return { deployInputs, posture: postureWithDeployInputs(placementPosture(plan, options), deployInputs) };
}
