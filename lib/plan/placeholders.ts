/**
 * Example values that synthesize but must never be deployed: the default app's placeholders and
 * the documentation names reserved for examples. Pure.
 */
export interface Placeholder {
  /** Prop path as the user wrote it (`placements.0.gcp.project`). */
  readonly path: string;
  readonly value: string;
  /** What to put there instead. */
  readonly replaceWith: string;
}

/** GCP project ids used as examples in this project's docs and default app. */
export const PLACEHOLDER_GCP_PROJECTS: readonly string[] = ["my-gcp-project", "my-project", "your-project", "example-project"];

// RFC 2606 reserves example.com, example.net, example.org and the .example, .test, .invalid and
// .localhost top-level domains for documentation; example.eu is the default app's EU stand-in.
const EXAMPLE_DOMAIN = /(^|\.)(example\.(com|net|org|eu)|[a-z0-9-]+\.(example|test|invalid|localhost))$/;

/** Whether a hostname lies under a domain reserved for examples. */
export function isExampleHostname(hostname: string): boolean {
  return EXAMPLE_DOMAIN.test(hostname.toLowerCase());
}

/** The placeholders in a cluster's props (only the fields read here). */
export function findPlaceholders(props: {
  readonly placements: readonly { readonly gcp?: { readonly project?: unknown } }[];
  readonly endpoint: { readonly hostname: string; readonly route53ZoneId?: string };
}): Placeholder[] {
  const found: Placeholder[] = [];
  props.placements.forEach((p, i) => {
    const project = p.gcp?.project;
    if (typeof project === "string" && PLACEHOLDER_GCP_PROJECTS.includes(project)) {
      found.push({ path: `placements.${i}.gcp.project`, value: project, replaceWith: "your GCP project id" });
    }
  });
  if (isExampleHostname(props.endpoint.hostname)) {
    found.push({ path: "endpoint.hostname", value: props.endpoint.hostname, replaceWith: "a DNS name in a domain you control" });
  }
  // Route 53 zone ids are upper-case letters and digits; no real one spells EXAMPLE.
  if (props.endpoint.route53ZoneId?.includes("EXAMPLE")) {
    found.push({ path: "endpoint.route53ZoneId", value: props.endpoint.route53ZoneId, replaceWith: "the id of your Route 53 hosted zone (aws route53 list-hosted-zones)" });
  }
  return found;
}

/** The review warning and the Terraform error message of one placeholder under construct `id`. */
export function placeholderMessage(id: string, p: Placeholder): string {
  return `${id}.${p.path} is the placeholder ${JSON.stringify(p.value)}: replace it with ${p.replaceWith} before deploying (terraform plan refuses it)`;
}
