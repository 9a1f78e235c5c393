import { z } from "zod";
import { HelmProvider } from "../internal/providers/helm";
import { KubernetesProvider } from "../internal/providers/kubernetes";
import { Construct, Fn } from "../internal/tf";
import { parseOrThrow } from "../validation";
import type { ClusterTarget } from "./cluster-target";
import { planClusterExecAuth, type ClusterExecAuthPlan } from "./plan-cloud-access";
import { clusterTargetSchema } from "./props";

export interface ClusterProvidersProps {
  /** The cluster to talk to. */
  readonly target: ClusterTarget;
  /**
   * Provider alias, when a stack holds providers for several clusters.
   * @default no alias (the default kubernetes and helm providers of the stack)
   */
  readonly alias?: string;
  /** The exec credential plugin, decided. @default planClusterExecAuth(target) */
  readonly exec?: ClusterExecAuthPlan;
}

/** Exec credential plugin command for a cluster: planClusterExecAuth (plan-cloud-access.ts). */
export const clusterExecAuth = planClusterExecAuth;

/**
 * The kubernetes and helm providers for one cluster, authenticated with the cloud CLI's exec
 * plugin (`aws eks get-token` / `gke-gcloud-auth-plugin`). This is the provider-owning piece:
 * library constructs take `provider` props instead of creating providers.
 */
export class ClusterProviders extends Construct {
  public readonly kubernetes: KubernetesProvider;
  public readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, props: ClusterProvidersProps) {
    super(scope, id);
    parseOrThrow(z.object({ target: clusterTargetSchema, alias: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, "is not a valid provider alias; use letters, digits, - and _").optional(),
      exec: z.object({ apiVersion: z.string().min(1), command: z.string().min(1), args: z.array(z.string()) }).strict().optional() }).strict(), props, id);
    const exec = props.exec ?? planClusterExecAuth(props.target);
    const host = props.target.endpoint;
    const clusterCaCertificate = Fn.base64decode(props.target.caCertificateBase64);
    this.kubernetes = new KubernetesProvider(this, "kubernetes", { alias: props.alias, host, clusterCaCertificate, exec: [exec] });
    this.helm = new HelmProvider(this, "helm", { alias: props.alias, kubernetes: { host, clusterCaCertificate, exec } });
  }
}
