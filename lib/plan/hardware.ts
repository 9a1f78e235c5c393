import { asWritten, type PathOf } from "./refusal-paths";
import { Cloud, DEFAULT_NODE_TYPE, GPU_NAMES, GpuName, MAX_NODES_PER_REPLICA, NODE_TYPES, NODE_TYPE_NAMES, NodeTypeSpec } from "../catalog";
import { DeepSeekConfigError, oneOf } from "../errors";

export interface HardwareProfile {
  readonly profile: string;
  readonly nodes: number;
  readonly gpusPerNode: number;
  readonly gpu: GpuName;
}

export const NAMED_PROFILES = ["8xB200", "8xB300", "8xH200", "2x8xH100"] as const;
const PROFILE_PATTERN = /^(?:(\d+)x)?(\d+)x([A-Z]\d+)$/;


/** Parses `8xB200` / `2x8xH100` into nodes × GPUs per node × GPU. */
export function parseHardwareProfile(profile: string, at: PathOf = asWritten): HardwareProfile {
  const match = PROFILE_PATTERN.exec(profile);
  const fix = `use ${oneOf(NAMED_PROFILES)}, or "<nodes>x8x<GPU>" with GPU ${oneOf(GPU_NAMES)}`;
  if (!match) throw new DeepSeekConfigError(at("hardware"), "is not a hardware profile", profile, fix);
  const nodes = match[1] === undefined ? 1 : Number(match[1]);
  const gpusPerNode = Number(match[2]);
  const gpu = match[3];
  if (!(GPU_NAMES as string[]).includes(gpu)) {
    throw new DeepSeekConfigError(at("hardware"), `names an unsupported GPU "${gpu}"`, profile, fix);
  }
  if (gpusPerNode !== 8) {
    throw new DeepSeekConfigError(at("hardware"), "must use whole 8-GPU nodes (every supported node type has 8 GPUs)", profile, `use "${nodes > 1 ? `${nodes}x` : ""}8x${gpu}"`);
  }
  if (nodes < 1 || nodes > MAX_NODES_PER_REPLICA) {
    throw new DeepSeekConfigError(at("hardware"), `must span 1 to ${MAX_NODES_PER_REPLICA} nodes per replica`, profile, `use between "8x${gpu}" and "${MAX_NODES_PER_REPLICA}x8x${gpu}"`);
  }
  return { profile, nodes, gpusPerNode, gpu: gpu as GpuName };
}

/** The node type for a profile on a cloud: the user's override, checked, or the catalog default. */
export function resolveNodeType(cloud: Cloud, hardware: HardwareProfile, override: string | undefined, at: PathOf = asWritten): NodeTypeSpec {
  if (override === undefined) {
    const name = DEFAULT_NODE_TYPE[cloud][hardware.gpu];
    if (!name) {
      const clouds = (Object.keys(DEFAULT_NODE_TYPE) as Cloud[]).filter((c) => DEFAULT_NODE_TYPE[c][hardware.gpu]);
      throw new DeepSeekConfigError(at("hardware"), `has no ${hardware.gpu} node type on ${cloud} in the catalog`, hardware.profile, `use cloud ${oneOf(clouds)} for ${hardware.gpu}, or another GPU on ${cloud}`);
    }
    return NODE_TYPES[name];
  }
  const spec = NODE_TYPES[override];
  const candidates = NODE_TYPE_NAMES.filter((n) => NODE_TYPES[n].cloud === cloud && NODE_TYPES[n].gpu === hardware.gpu);
  if (!spec) {
    throw new DeepSeekConfigError(at("overrides.nodeType"), "is not a known node type", override, `use ${oneOf(candidates)} for ${hardware.gpu} on ${cloud}`);
  }
  if (spec.cloud !== cloud || spec.gpu !== hardware.gpu) {
    throw new DeepSeekConfigError(at("overrides.nodeType"), `is a node type for ${spec.gpu} on ${spec.cloud}, not ${hardware.gpu} on ${cloud}`, override, `use ${oneOf(candidates)} for ${hardware.gpu} on ${cloud}`);
  }
  return spec;
}
