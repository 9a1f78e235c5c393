import { readYamlDocuments } from "../../lib/internal/yaml-documents";
import { unescapeTerraformTemplate } from "../../lib/internal/terraform-text";

type Json = Record<string, any>;  

/**
 * The Kubernetes objects a synthesized stack installs through ManifestBundle releases, read from
 * the releases' `manifests` value in cdk.tf.json, with the release each came from.
 */
export function bundledObjects(stackJson: Json, releaseName?: string): { release: string; object: Json }[] {
  const releases = Object.values((stackJson.resource?.helm_release ?? {}) as Record<string, Json>);
  return releases
    .filter((r) => releaseName === undefined || r.name === releaseName)
    .flatMap((r) => ((r.values ?? []) as string[]).flatMap((v) => {
      const manifests = (readYamlDocuments(v)[0] as Json | null)?.manifests;
      if (typeof manifests !== "string") return [];
      // What Helm receives: Terraform turns `$${` back into `${` (ManifestBundle escapes them).
      return readYamlDocuments(unescapeTerraformTemplate(manifests)).filter((o): o is Json => !!o && typeof o === "object").map((object) => ({ release: r.name as string, object }));
    }));
}

