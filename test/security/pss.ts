/*
 * The Kubernetes Pod Security Standards, as checks over a pod spec
 * (kubernetes.io/docs/concepts/security/pod-security-standards, "Baseline" and "Restricted"
 * policy tables). `podSecurityLevel` is the lowest level whose every check the pod passes.
 */
type Json = Record<string, any>;
export type Level = "restricted" | "baseline" | "privileged";

const containersOf = (spec: Json): Json[] => [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];

/** Baseline: "Capabilities: Adding additional capabilities beyond those listed below must be disallowed." */
const BASELINE_CAPS = ["AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
/** Baseline "Sysctls": the safe set. */
const SAFE_SYSCTLS = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];
/** Restricted "Volume Types": the only ones allowed. */
const RESTRICTED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

/** Baseline violations of a pod spec (empty = passes baseline). */
export function baselineViolations(spec: Json): string[] {
  const out: string[] = [];
  const cs = containersOf(spec);
  if (spec.securityContext?.windowsOptions?.hostProcess || cs.some((c) => c.securityContext?.windowsOptions?.hostProcess)) out.push("HostProcess");
  for (const k of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[k]) out.push(`host namespaces: ${k}`);
  for (const c of cs) {
    const sc = c.securityContext ?? {};
    if (sc.privileged) out.push(`privileged: ${c.name}`);
    for (const cap of sc.capabilities?.add ?? []) if (!BASELINE_CAPS.includes(cap)) out.push(`capability ${cap}: ${c.name}`);
    for (const p of c.ports ?? []) if (p.hostPort) out.push(`hostPort: ${c.name}`);
    if (sc.procMount && sc.procMount !== "Default") out.push(`procMount: ${c.name}`);
    if (sc.seccompProfile?.type === "Unconfined") out.push(`seccomp Unconfined: ${c.name}`);
    if (sc.appArmorProfile && !["RuntimeDefault", "Localhost"].includes(sc.appArmorProfile.type)) out.push(`AppArmor: ${c.name}`);
    if (sc.seLinuxOptions && (sc.seLinuxOptions.user || sc.seLinuxOptions.role || (sc.seLinuxOptions.type && !["container_t", "container_init_t", "container_kvm_t", "container_engine_t"].includes(sc.seLinuxOptions.type)))) out.push(`SELinux: ${c.name}`);
  }
  for (const v of spec.volumes ?? []) if (v.hostPath) out.push(`hostPath volume: ${v.name}`);
  if (spec.securityContext?.seccompProfile?.type === "Unconfined") out.push("seccomp Unconfined (pod)");
  for (const s of spec.securityContext?.sysctls ?? []) if (!SAFE_SYSCTLS.includes(s.name)) out.push(`sysctl ${s.name}`);
  return out;
}

/** Restricted violations beyond baseline (empty = passes restricted, given it passes baseline). */
export function restrictedViolations(spec: Json): string[] {
  const out: string[] = [];
  const pod = spec.securityContext ?? {};
  for (const v of spec.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== "name");
    if (!type || !RESTRICTED_VOLUMES.includes(type)) out.push(`volume type ${type}: ${v.name}`);
  }
  for (const c of containersOf(spec)) {
    const sc = c.securityContext ?? {};
    if (sc.allowPrivilegeEscalation !== false) out.push(`allowPrivilegeEscalation not false: ${c.name}`);
    // Running as Non-root: runAsNonRoot true on the pod, or on every container (a container may not set it false).
    if (!(sc.runAsNonRoot === true || (pod.runAsNonRoot === true && sc.runAsNonRoot !== false))) out.push(`runAsNonRoot: ${c.name}`);
    if (sc.runAsUser === 0) out.push(`runAsUser 0: ${c.name}`);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (!["RuntimeDefault", "Localhost"].includes(seccomp)) out.push(`seccomp not RuntimeDefault/Localhost: ${c.name}`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) out.push(`capabilities do not drop ALL: ${c.name}`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== "NET_BIND_SERVICE") out.push(`capability ${cap} added: ${c.name}`);
  }
  if (pod.runAsUser === 0) out.push("runAsUser 0 (pod)");
  return out;
}

export function podSecurityLevel(spec: Json): { level: Level; violations: string[] } {
  const base = baselineViolations(spec);
  const restricted = restrictedViolations(spec);
  if (base.length) return { level: "privileged", violations: [...base, ...restricted] };
  if (restricted.length) return { level: "baseline", violations: restricted };
  return { level: "restricted", violations: [] };
}

export const LEVELS: readonly Level[] = ["restricted", "baseline", "privileged"];
export const atLeast = (a: Level, b: Level) => LEVELS.indexOf(a) >= LEVELS.indexOf(b);
