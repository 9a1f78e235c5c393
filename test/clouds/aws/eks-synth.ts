import { TerraformStack, Testing } from "cdktf";
import { EksInfra } from "../../../lib/aws";
import { AwsProvider } from "../../../lib/internal/providers/aws";
import { planDeployment } from "../../../lib/plan/index";
import type { DeploymentInput } from "../../../lib/plan/index";

/** EksInfra synthesized alone (AWS provider, us-east-1 by default), for tests of the infra layer. */
export type Block = Record<string, unknown>;
export type Synth = { resource: Record<string, Record<string, Block>>; data?: Record<string, Record<string, Block>> };

export function synthInfra(input: Partial<DeploymentInput>): { parsed: Synth; infra: EksInfra } {
  const stack = new TerraformStack(Testing.app(), "infra");
  new AwsProvider(stack, "aws", { region: (input.region as string) ?? "us-east-1" });
  const plan = planDeployment({ model: "deepseek-r1", hardware: "2x8xH100", cloud: "aws", region: "us-east-1", ...input });
  const infra = EksInfra.fromOptions(stack, "eks", { plan });
  return { parsed: JSON.parse(Testing.synth(stack, true)) as Synth, infra };
}
export const all = (s: Synth, type: string) => Object.values(s.resource[type] ?? {});
export const gpuNg = (s: Synth) => all(s, "aws_eks_node_group").find((ng) => ng.ami_type === "AL2023_x86_64_NVIDIA")!;
export const offerings = (s: Synth) => Object.values(s.data?.aws_ec2_instance_type_offerings ?? {})[0] as Block & { filter: { name: string; values: string[] }[];
  lifecycle: { postcondition: { condition: string; error_message: string }[] } };
