import type { Cloud } from "../catalog";
import { EXEC_COMMANDS, PROVIDER_ARGUMENTS } from "./region-lock-types";
import { Json, Value, asList, isObject } from "./region-lock-values";

/** Provider checks of the region lock that need only a refusal and a location check. */
export interface Judge {
  refuse(path: string, problem: string, received: unknown, fix: string): void;
  location(raw: unknown, path: string, cloud: Cloud): void;
  evaluate(raw: unknown, depth: number): Value;
}

/** Refuses provider arguments the lock does not know (see PROVIDER_ARGUMENTS). */
export function providerArguments(c: Judge, config: Json, allowed: ReadonlySet<string>, path: string): void {
  for (const key of Object.keys(config)) {
    if (allowed.has(key) || key === "//" || config[key] === null || ["[]", "{}"].includes(JSON.stringify(config[key]))) continue;
    c.refuse(`${path}.${key}`, "is a provider argument the region lock does not know: it may send the provider's calls through or to a host anywhere (custom endpoints, proxies, CA bundles, other universes)", config[key], "remove it from the region-locked stack's provider");
  }
}

/** A credential plugin: only the known ones, with their known arguments. */
export function credentialPlugin(c: Judge, raw: unknown, path: string): void {
  for (const [i, e] of asList(raw).entries()) {
    const at = Array.isArray(raw) ? `${path}.${i}` : path;
    const command = isObject(e) ? e.command : undefined;
    const rule = typeof command === "string" && Object.prototype.hasOwnProperty.call(EXEC_COMMANDS, command) ? EXEC_COMMANDS[command] : undefined;
    if (!isObject(e) || !rule) {
      c.refuse(`${at}.command`, "runs a command on the machine of whoever runs Terraform that is not a known credential plugin, which can send data anywhere", command, `use ${Object.keys(EXEC_COMMANDS).join(" or ")} (as the library does)`);
      continue;
    }
    if (e.env !== undefined && JSON.stringify(e.env) !== "{}") c.refuse(`${at}.env`, "changes the credential plugin's environment (endpoints, proxies, config files)", e.env, "remove it");
    const args = asList(e.args);
    if (!rule.args) continue;
    if (rule.args.some((a, k) => args[k] !== a)) {
      c.refuse(`${at}.args`, `runs ${command} with other arguments than ${rule.args.join(" ")}`, args, `run ${command} ${rule.args.join(" ")}`);
      continue;
    }
    for (let k = rule.args.length; k < args.length; k += 2) {
      const flag = args[k];
      if (typeof flag !== "string" || !rule.flags?.has(flag)) {
        c.refuse(`${at}.args.${k}`, `is an argument of ${command} ${rule.args.join(" ")} the region lock does not know`, flag, `use only ${[...(rule.flags ?? [])].join(", ")}`);
        break;
      }
      if (flag === "--region") c.location(args[k + 1], `${at}.args.${k + 1}`, "aws");
    }
  }
}

/** A Kubernetes connection must reach a cluster the lock has checked, by its endpoint. */
export function clusterConnection(c: Judge, config: Json, path: string): void {
  providerArguments(c, config, PROVIDER_ARGUMENTS["kubernetes-connection"], path);
  if (config.exec !== undefined) credentialPlugin(c, config.exec, `${path}.exec`);
  for (const key of Object.keys(config)) {
    if (/^config_(path|paths|context)/.test(key)) {
      c.refuse(`${path}.${key}`, "takes the cluster from a kubeconfig file, which may name a cluster anywhere", config[key], "set host from the locked cluster's endpoint instead");
    }
  }
  const host = config.host;
  if (typeof host !== "string") {
    c.refuse(`${path}.host`, "is missing: the connection would follow the environment or kubeconfig of whoever runs Terraform", host, "set host from the locked cluster's endpoint");
    return;
  }
  const bare = host.startsWith("https://") ? host.slice("https://".length) : host;
  const value = c.evaluate(bare, 0);
  const clusterTypes = ["aws_eks_cluster", "google_container_cluster"];
  if (value.kind === "element" && clusterTypes.includes(value.type) && value.attr === "endpoint") return;
  c.refuse(`${path}.host`, value.kind === "unknown" ? `is ${value.why}` : "is not the endpoint of a cluster the region lock has checked", host, "set host from the endpoint of the stack's EKS or GKE cluster (a literal address could be a cluster anywhere)");
}
