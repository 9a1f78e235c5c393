/** A Kubernetes object as plain data, ready to render to YAML. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string,
    string>; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}
