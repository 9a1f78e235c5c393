import type { PodFabric } from "./plan-pod-fabric";

/*
 * Applies a PodFabric (lib/fabric/plan-pod-fabric.ts) to a pod spec. The serving pods and the fabric
 * check both build their pods through this one function, so their fabric settings cannot drift.
 * Pure object building: no decisions.
 */

type Obj = Record<string, unknown>;
type EnvEntry = { readonly name: string } & Obj;

function arrayOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? [...(value as T[])] : [];
}

/** The container with the fabric applied: env (fabric values win), mounts, extended resources, capabilities. */
function withFabricContainer(container: Obj, fabric: PodFabric): Obj {
  const fabricNames = new Set(fabric.env.map((e) => e.name));
  const env = [...arrayOf<EnvEntry>(container.env).filter((e) => !fabricNames.has(e.name)), ...fabric.env.map((e) => ({ ...e }))];
  const resources = (container.resources ?? {}) as { requests?: Obj; limits?: Obj };
  const securityContext = (container.securityContext ?? {}) as Obj & { capabilities?: { add?: string[]; drop?: string[] } };
  const add = [...new Set([...(securityContext.capabilities?.add ?? []), ...fabric.capabilities])];
  const hasResources = Object.keys(fabric.resources).length > 0;
  return {
    ...container,
    ...(env.length ? { env } : {}),
    ...(hasResources ? {
      resources: {
        ...resources,
        requests: { ...(resources.requests ?? {}), ...fabric.resources },
        limits: { ...(resources.limits ?? {}), ...fabric.resources },
      },
    } : {}),
    volumeMounts: [...arrayOf<Obj>(container.volumeMounts), ...fabric.volumeMounts.map((m) => ({ ...m }))],
    ...(add.length ? { securityContext: { ...securityContext, capabilities: { ...(securityContext.capabilities ?? {}), add } } } : {}),
  };
}

/**
 * `spec` with the fabric applied to its container named `container`: env, mounts, resources and
 * capabilities on that container, the fabric's sidecars first among the init containers (native
 * sidecars start before the rest), its volumes after the pod's own. Pod annotations are the
 * caller's: put `fabric.annotations` on the pod template's metadata.
 */
export function withPodFabric(spec: Readonly<Obj>, container: string, fabric: PodFabric): Obj {
  const containers = arrayOf<Obj>(spec.containers);
  const index = containers.findIndex((c) => c.name === container);
  if (index < 0) throw new Error(`withPodFabric: the pod has no container named ${container}`);
  containers[index] = withFabricContainer(containers[index], fabric);
  const initContainers = [...fabric.sidecars.map((s) => ({ ...s })), ...arrayOf<Obj>(spec.initContainers)];
  const volumes = [...arrayOf<Obj>(spec.volumes), ...fabric.volumes.map((v) => ({ ...v }))];
  return {
    ...spec,
    ...(initContainers.length ? { initContainers } : {}),
    containers,
    ...(volumes.length ? { volumes } : {}),
  };
}
