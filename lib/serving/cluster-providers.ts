import { z } from "zod";
import { HelmProvider } from "../internal/providers/helm";
import { KubernetesProvider } from "../internal/providers/kubernetes";
import { Construct, Fn } from "../internal/tf";
import { parseOrThrow } from "../validation";
import type { ClusterTarget } from "./cluster-target";
import { clusterTargetSchema } from "./props";

export interface ClusterProvidersProps {
  /** The cluster to talk to. */
  readonly target: ClusterTarget;
  /**
   * Provider alias, when a stack holds providers for several clusters.
   * @default no alias (the default kubernetes and helm providers of the stack)
   */
  readonly alias?: string;
}

/** Exec credential plugin command for a cluster: no token is ever stored in Terraform state. */
export function clusterExecAuth(target: Pick<ClusterTarget, "cloud" | "clusterName" | "region">): { apiVersion: string; command: string; args: string[] } {
  if (target.cloud === "aws") {
    return { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", target.clusterName, "--region", target.region, "--output", "json"] };
  }
  return { apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", args: [] };
}

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
    parseOrThrow(z.object({ target: clusterTargetSchema, alias: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/, "is not a valid provider alias; use letters, digits, - and _").optional() }).strict(), props, id);
    const exec = clusterExecAuth(props.target);
    const host = props.target.endpoint;
    const clusterCaCertificate = Fn.base64decode(props.target.caCertificateBase64);
    this.kubernetes = new KubernetesProvider(this, "kubernetes", { alias: props.alias, host, clusterCaCertificate, exec: [exec] });
    this.helm = new HelmProvider(this, "helm", { alias: props.alias, kubernetes: { host, clusterCaCertificate, exec } });
  }
}
