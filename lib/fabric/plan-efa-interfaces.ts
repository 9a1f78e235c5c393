import type { NodeTypeSpec } from "../catalog";
import { DeepSeekConfigError } from "../errors";

/** One network interface of a GPU node's launch template. */
export interface EfaInterfacePlan {
  readonly networkCardIndex: number;
  readonly deviceIndex: number;
  /** `efa`: EFA with ENA (carries IP traffic too); `efa-only`: RDMA only; `interface`: plain ENA. */
  readonly interfaceType: "efa" | "efa-only" | "interface";
}

/**
 * The launch-template network interfaces that expose every EFA device of an instance type.
 *
 * Layout (EKS UG `device-management-efa`, `node-efa`; EC2 UG "Network cards"; terraform-aws-modules/terraform-aws-eks modules/eks-managed-node-group/main.tf):
 * - each network card carries exactly one EFA or EFA-only interface, so the count is the number
 *   of network cards (p5/p5e 32, p5en 16, p6-b200 8);
 * - the primary interface (card 0, device 0) cannot be EFA-only, so it is `efa` (EFA with ENA);
 * - every other card gets one `efa-only` interface at device index 0 (the guide's P6-B200 layout).
 *
 * Single-node plans need no inter-node fabric: they get no EFA interfaces (empty list), and the
 * launch template keeps the default primary ENA interface.
 */
export function planEfaInterfaces(nodeType: NodeTypeSpec, multiNode: boolean): EfaInterfacePlan[] {
  if (!multiNode) return [];
  if (nodeType.cloud !== "aws" || nodeType.fabric !== "efa" || !nodeType.efaInterfaces) {
    throw new DeepSeekConfigError("nodeType", "has no EFA network cards, so it cannot carry a multi-node replica on EKS", nodeType.name, "use p5.48xlarge, p5e.48xlarge, p5en.48xlarge or p6-b200.48xlarge");
  }
  const interfaces: EfaInterfacePlan[] = [{ networkCardIndex: 0, deviceIndex: 0, interfaceType: "efa" }];
  for (let card = 1; card < nodeType.efaInterfaces; card++) {
    interfaces.push({ networkCardIndex: card, deviceIndex: 0, interfaceType: "efa-only" });
  }
  return interfaces;
}
