import { asWritten, type PathOf } from "./refusal-paths";
import {
  MAX_POOL_NODES, DENSE_RECIPE, DENSE_RECIPE_SOURCE, GPUS, ImageRef, KvCacheDtype, MODELS, ModelSpec, MoeBackend, MISSING_RECIPES, RUNTIME_RECIPES, RecipeKey, RecipeSettings,
  SERVING_MODES, ServingMode, TENSORRT_LLM_IMAGE, WeightPrecision, recipeSourceString,
} from "../catalog";
import { DeepSeekConfigError, oneOf } from "../errors";
import { parseOrThrow } from "../validation";
import { planColdStart } from "./cold-start";
import { parseHardwareProfile, resolveNodeType } from "./hardware";
import { DeploymentInput, ParsedDeploymentInput, deploymentInputSchema } from "./input";
import { kvBytesPerTokenPerGpu, kvCapacity, memoryBudget, runtimeReserveGiB, weightsPerGpuGB, weightsPerGpuGiB, MemoryInputs } from "./memory";
import { checkMoeBackend, checkParallelism, defaultTensorParallel } from "./parallelism";
import type { DeploymentPlan } from "./plan";
import { checkRegion, planCapacity, planZones } from "./placement";
import { imageMismatches } from "../serving/plan-options";
import { trtllmImageFor, TRTLLM_IMAGES } from "../catalog/trtllm-images";

/** Replicas when the user gives none: one serving, room for one more. */
export const DEFAULT_REPLICAS = { min: 1, max: 2 } as const;
/** DeepSeek V3/R1 context window (config: 128K). */
export const MAX_CONTEXT_TOKENS = 131072;

/**
 * Plans one placement: decides hardware, layout, precision, runtime settings, memory, capacity
 * and cold start, or throws DeepSeekConfigError. Pure: no cdktf, no I/O.
 */
export function planDeployment(input: DeploymentInput, at: PathOf = asWritten): DeploymentPlan {
  const parsed = parseOrThrow(deploymentInputSchema, input, at(""));
  const overrides = parsed.overrides ?? {};
  const overridden: string[] = [];
  const pick = <T>(field: string, computed: T, value: T | undefined): T => {
    if (value === undefined) return computed;
    if (value !== computed) overridden.push(`${field}: ${String(computed)} → ${String(value)}`);
    return value;
  };

  const model = MODELS[parsed.model];
  const hardware = parseHardwareProfile(parsed.hardware, at);
  const gpu = GPUS[hardware.gpu];
  const nodeType = pick("nodeType", resolveNodeType(parsed.cloud, hardware, undefined, at).name, overrides.nodeType === undefined ? undefined : resolveNodeType(parsed.cloud, hardware, overrides.nodeType, at).name);
  const nodeSpec = resolveNodeType(parsed.cloud, hardware, nodeType, at);
  checkRegion(parsed, nodeSpec, at);
  const mode = parsed.mode ?? "throughput";

  const precision = pick("precision", defaultPrecision(model, gpu.supportsNvfp4), overrides.precision);
  const checkpoint = model.checkpoints.find((c) => c.precision === precision);
  if (precision === "nvfp4" && !gpu.supportsNvfp4) {
    throw new DeepSeekConfigError(at("overrides.precision"), `NVFP4 runs only on Blackwell GPUs; ${gpu.name} is ${gpu.architecture}`, precision, `use "fp8" on ${gpu.name}, or hardware "8xB200" for NVFP4`);
  }
  if (!checkpoint) {
    throw new DeepSeekConfigError(at("overrides.precision"), `${model.name} has no ${precision} checkpoint`, precision, `use ${oneOf(model.checkpoints.map((c) => c.precision))}`);
  }

  const { recipe, recipeId, recipeSource } = recipeFor(model, hardware.gpu, precision, mode, at);
  const gpusPerReplica = hardware.nodes * hardware.gpusPerNode;
  // A layout override on one axis derives the other, so "pipelineParallel: 2" alone means TP = GPUs / 2.
  const tpDefault = overrides.pipelineParallel !== undefined && Number.isInteger(gpusPerReplica / overrides.pipelineParallel)
    ? gpusPerReplica / overrides.pipelineParallel
    : defaultTensorParallel(model, gpusPerReplica);
  const tensorParallel = pick("tensorParallel", tpDefault, overrides.tensorParallel);
  const pipelineParallel = pick("pipelineParallel", Number.isInteger(gpusPerReplica / tensorParallel) ? gpusPerReplica / tensorParallel : 1, overrides.pipelineParallel);
  const expertParallel = pick("expertParallel", Math.min(recipe.expertParallel(gpusPerReplica), tensorParallel), overrides.expertParallel);
  const attentionDataParallel = pick("attentionDataParallel", recipe.attentionDataParallel, overrides.attentionDataParallel);
  checkParallelism(model, gpusPerReplica, { tensorParallel, pipelineParallel, expertParallel, attentionDataParallel }, at);

  const moeBackend = model.architecture.kind === "moe" ? pick<MoeBackend>("moeBackend", recipe.moeBackend as MoeBackend, overrides.moeBackend) : null;
  if (model.architecture.kind === "dense" && overrides.moeBackend !== undefined) {
    throw new DeepSeekConfigError(at("overrides.moeBackend"), `applies to the MoE models only, not dense ${model.name}`, overrides.moeBackend, "remove moeBackend");
  }
  if (moeBackend) checkMoeBackend(gpu, precision, moeBackend, at);

  const mtpLayers = pick("mtpLayers", recipe.mtpLayers, overrides.mtpLayers);
  if (model.architecture.kind === "dense" && mtpLayers > 0) {
    throw new DeepSeekConfigError(at("overrides.mtpLayers"), `multi-token prediction needs the MTP layer of the 671B models; ${model.name} has none`, mtpLayers, "set mtpLayers to 0 or remove it");
  }
  const kvCacheDtype = pick<KvCacheDtype>("kvCacheDtype", model.architecture.kind === "moe" ? "fp8" : "bf16", overrides.kvCacheDtype);
  const maxBatchSize = pick("maxBatchSize", recipe.maxBatchSize, overrides.maxBatchSize);
  const maxNumTokens = pick("maxNumTokens", recipe.maxNumTokens, overrides.maxNumTokens);
  const kvCacheFreeMemoryFraction = pick("kvCacheFreeMemoryFraction", recipe.kvCacheFreeMemoryFraction, overrides.kvCacheFreeMemoryFraction);

  const memoryInputs: MemoryInputs = {
    model, weightsGB: checkpoint.weightsGB, checkpoint, gpuMemoryGiB: gpu.memoryGiB, gpusPerReplica, pipelineParallel,
    attentionDataParallel, mtpLayers, maxNumTokens, kvCacheFreeMemoryFraction, kvCacheDtype, tensorParallel,
  };
  checkWeightsFit(parsed, model, precision, memoryInputs, gpu.name, at);
  const memory = memoryBudget(memoryInputs);
  const capacityTokens = kvCapacity(memoryInputs, memory);

  const maxSeqLen = pick("contextLength", Math.min(MAX_CONTEXT_TOKENS, model.architecture.maxContextTokens), parsed.contextLength);
  if (maxSeqLen > model.architecture.maxContextTokens) {
    throw new DeepSeekConfigError(at("contextLength"), `is over the model's ${model.architecture.maxContextTokens}-token (128K) context window`, maxSeqLen, `use at most ${model.architecture.maxContextTokens}`);
  }
  if (maxSeqLen > capacityTokens.perSequence) {
    throw new DeepSeekConfigError(at("contextLength"), `is over the ${capacityTokens.perSequence} tokens one sequence's KV cache can hold on ${parsed.hardware}`, maxSeqLen, `use at most ${capacityTokens.perSequence}, or free memory: kvCacheDtype "fp8", a smaller maxNumTokens, or more GPUs`);
  }

  const warnings: string[] = [recipe.caveat, model.architecture.kind === "moe" ? model.recipeNote : undefined].filter((w): w is string => Boolean(w));
  const { replicas, nodes } = planReplicas(parsed, hardware.nodes, at);
  const capacity = planCapacity(parsed, hardware.nodes, at);
  if (capacity.reservedNodes !== undefined) {
    const reservedReplicas = Math.floor(capacity.reservedNodes / hardware.nodes);
    if (parsed.replicas === undefined) {
      // Default bounds shrink to what the reservation holds.
      replicas.max = Math.min(replicas.max, reservedReplicas);
      replicas.min = Math.min(replicas.min, replicas.max);
      nodes.min = replicas.min * hardware.nodes;
      nodes.max = replicas.max * hardware.nodes;
    } else if (nodes.max > capacity.reservedNodes) {
      throw new DeepSeekConfigError(at("replicas.max"), `needs ${nodes.max} nodes (${hardware.nodes} per replica) but the ${capacity.kind} holds ${capacity.reservedNodes}`, parsed.replicas.max, `use replicas.max ≤ ${reservedReplicas}, or reserve more nodes`);
    }
  }
  if (capacity.kind === "queued" && replicas.min > 0) {
    throw new DeepSeekConfigError(at("replicas.min"), "queued provisioning (DWS) needs a node pool minimum of 0 nodes", replicas.min, "set replicas.min to 0, or use capacity kind \"on-demand\" or \"reservation\"");
  }
  if (capacity.kind === "spot") warnings.push("spot GPU nodes can be reclaimed at any time; a reclaimed node takes its whole replica down for a full cold start");

  const zones = planZones(parsed, nodeSpec, hardware.nodes, at);
  const coldStart = planColdStart(checkpoint.sizeGB, parsed.coldStart);
  if (replicas.min === 0) {
    warnings.push(`replicas.min is 0: the first request after scale-to-zero waits a full cold start (about ${Math.round(coldStart.expectedSeconds / 60)} min)`);
  }
  const image: ImageRef = { ...TENSORRT_LLM_IMAGE, ...(parsed.image ?? {}) };
  if (parsed.image?.tag !== undefined && parsed.image.tag !== TENSORRT_LLM_IMAGE.tag) overridden.push(`image.tag: ${TENSORRT_LLM_IMAGE.tag} → ${parsed.image.tag}`);
  if (parsed.mode !== undefined && parsed.mode !== "throughput") overridden.push(`mode: throughput → ${parsed.mode}`);
  if (parsed.replicas !== undefined && (parsed.replicas.min !== DEFAULT_REPLICAS.min || parsed.replicas.max !== DEFAULT_REPLICAS.max)) {
    overridden.push(`replicas: ${DEFAULT_REPLICAS.min}-${DEFAULT_REPLICAS.max} → ${parsed.replicas.min}-${parsed.replicas.max}`);
  }
  const multiNode = hardware.nodes > 1;
  const checkpointRevision = parsed.checkpointRevision ?? "main";
  if (!/^[0-9a-f]{40}$/.test(checkpointRevision)) {
    warnings.push(`checkpoint revision "${checkpointRevision}" is not a commit: placements staged on different days may serve different weights; pin checkpointRevision to a commit hash`);
  }

  const toolParser = planToolParser(model, image.tag, overrides.toolCalls, warnings, at);
  if (!trtllmImageFor(image.tag)) {
    warnings.push(`image tag ${image.tag} belongs to no TensorRT-LLM line this library has option data for (${Object.values(TRTLLM_IMAGES).map((l) => `${l.line}: ${l.defaultTag}`).join(", ")}): emitted options and flags are unchecked`);
  }

  const plan: DeploymentPlan = {
    id: `${parsed.cloud}-${parsed.region}`,
    model: model.name,
    modelDisplayName: model.displayName,
    modelKind: model.architecture.kind,
    cloud: parsed.cloud,
    region: parsed.region,
    zones,
    jurisdiction: parsed.jurisdiction,
    mode,
    hardware: parsed.hardware,
    gpu: gpu.name,
    gpuArchitecture: gpu.architecture,
    nodeType,
    nodesPerReplica: hardware.nodes,
    gpusPerNode: hardware.gpusPerNode,
    gpusPerReplica,
    tensorParallel,
    expertParallel,
    pipelineParallel,
    attentionDataParallel,
    checkpoint: checkpoint.repo,
    checkpointRevision,
    checkpointSizeGB: checkpoint.sizeGB,
    weightPrecision: precision,
    kvCacheDtype,
    moeBackend,
    mtpLayers,
    relaxedMtpAcceptance: mtpLayers > 0 && recipe.relaxedMtpAcceptance,
    maxBatchSize,
    maxNumTokens,
    maxSeqLen,
    chunkedPrefill: maxSeqLen > maxNumTokens,
    kvCacheFreeMemoryFraction,
    cudaGraphMaxBatchSize: Math.min(recipe.cudaGraphMaxBatchSize, maxBatchSize),
    cudaGraphBatchSizes: recipe.cudaGraphBatchSizes && maxBatchSize === recipe.maxBatchSize ? [...recipe.cudaGraphBatchSizes] : null,
    attentionDpBalance: attentionDataParallel && recipe.attentionDpBalance,
    moeMaxNumTokens: moeBackend ? recipe.moeMaxNumTokens ?? null : null,
    memory,
    kvBytesPerTokenPerGpu: kvBytesPerTokenPerGpu(memoryInputs),
    kvCapacityTokens: capacityTokens,
    replicas,
    nodes,
    gpus: { min: nodes.min * hardware.gpusPerNode, max: nodes.max * hardware.gpusPerNode },
    capacity,
    fabric: multiNode
      ? {
        kind: nodeSpec.fabric,
        interfacesPerNode: nodeSpec.efaInterfaces ?? (nodeSpec.additionalNics ? nodeSpec.additionalNics.gpuNics + nodeSpec.additionalNics.gvnic : 0),
        nominalGbps: nodeSpec.fabricGbps,
      }
      : { kind: "none", interfacesPerNode: 0, nominalGbps: 0 },
    coldStart,
    image,
    env: recipe.env,
    overridden,
    warnings,
    recipeSource,
    recipeId,
    reasoningParser: model.serving.reasoningParser,
    toolParser,
    guidedDecodingBackend: model.serving.guidedDecodingBackend,
  };
  checkImageSupports(plan, at);
  return plan;
}

/**
 * The `--tool_parser` a plan emits: the model's parser where the pinned image's line is known to accept
 * its name (lib/catalog/trtllm-images.ts `toolParsers`); none, with a warning, where it is not established
 * (an unknown click choice stops trtllm-serve at start); refused when tool calls are asked for explicitly.
 * Tags of no known line keep the model's parser (their options are unchecked, said by another warning).
 */
function planToolParser(model: ModelSpec, tag: string, wanted: boolean | undefined, warnings: string[], at: PathOf): string | null {
  const parser = model.serving.toolParser;
  if (wanted === false) return null;
  if (!parser) {
    if (wanted) throw new DeepSeekConfigError(at("overrides.toolCalls"), `${model.name} has no tool-call format TensorRT-LLM parses`, wanted, "remove toolCalls, or serve a DeepSeek-V3/R1-0528/V3.1/V3.2 model");
    return null;
  }
  const line = trtllmImageFor(tag);
  if (!line || line.toolParsers.includes(parser)) return parser;
  const accepting = Object.values(TRTLLM_IMAGES).filter((l) => l.toolParsers.includes(parser)).map((l) => `"${l.defaultTag}"`);
  const fix = accepting.length ? `pin image.tag ${accepting.join(" or ")}, whose trtllm-serve accepts --tool_parser ${parser}` : "no TensorRT-LLM image in the catalog has it";
  if (wanted) {
    throw new DeepSeekConfigError(at("overrides.toolCalls"), `tool calls need trtllm-serve --tool_parser ${parser}, which TensorRT-LLM ${tag} is not known to accept`, wanted, `${fix}, or remove toolCalls`);
  }
  warnings.push(`tool calls are off: TensorRT-LLM ${tag} is not known to accept --tool_parser ${parser} (the parser was renamed during 1.2 development), so tool calls arrive as text in content; for OpenAI tool calls ${fix}`);
  return null;
}

/** Refuses a plan whose options, flags, MoE backend or model the pinned image does not accept, naming the image that would. */
function checkImageSupports(plan: DeploymentPlan, at: PathOf = asWritten): void {
  const [first, ...rest] = imageMismatches(plan);
  if (!first) return;
  const others = rest.length ? ` (and ${rest.length} more: ${rest.map((m) => m.what).join(", ")})` : "";
  const fix = first.supportedBy.length
    ? `pin image.tag ${first.supportedBy.map((t) => `"${t}"`).join(" or ")}, which accepts it`
    : "no TensorRT-LLM image in the catalog accepts it: change the setting";
  throw new DeepSeekConfigError(at("image.tag"), `TensorRT-LLM ${plan.image.tag} does not accept ${first.what}${others}`, plan.image.tag, fix);
}

function defaultPrecision(model: ModelSpec, nvfp4Capable: boolean): WeightPrecision {
  if (model.architecture.kind === "dense") return "bf16";
  return nvfp4Capable && model.checkpoints.some((c) => c.precision === "nvfp4") ? "nvfp4" : "fp8";
}

interface RecipeChoice { readonly recipe: RecipeSettings; readonly recipeId: string; readonly recipeSource: string }

function recipeFor(model: ModelSpec, gpu: keyof typeof GPUS, precision: WeightPrecision, mode: ServingMode, at: PathOf = asWritten): RecipeChoice {
  if (model.architecture.kind === "dense") {
    return { recipe: DENSE_RECIPE, recipeId: "dense", recipeSource: DENSE_RECIPE_SOURCE };
  }
  // NVIDIA publishes no DeepSeek configuration for B300 (examples/configs/database has none): Blackwell
  // Ultra runs the B200 recipes (same NVFP4/FP8 kernels), said so in a warning.
  const recipeGpu = gpu === "B300" ? "B200" : gpu;
  const key: RecipeKey = `${recipeGpu}/${precision}/${mode}`;
  const found = RUNTIME_RECIPES[key];
  const recipe = found && gpu === "B300"
    ? { ...found, caveat: [found.caveat, "NVIDIA publishes no DeepSeek configuration for B300: this runs the B200 recipe, sized to the B300's memory"].filter(Boolean).join("; ") }
    : found;
  if (!recipe) {
    const modes = SERVING_MODES.filter((m) => RUNTIME_RECIPES[`${recipeGpu}/${precision}/${m}`]);
    if (modes.length > 0) {
      const why = MISSING_RECIPES[key];
      throw new DeepSeekConfigError(at("mode"), `has no published NVIDIA TensorRT-LLM configuration for ${gpu} ${precision.toUpperCase()}${why ? `: ${why}` : ""}`, mode, `use ${oneOf(modes)}`);
    }
    throw new DeepSeekConfigError(at("overrides.precision"), `has no published TensorRT-LLM recipe on ${gpu}`, precision, "use \"fp8\"");
  }
  return { recipe, recipeId: key, recipeSource: recipeSourceString(recipe.source) };
}

function checkWeightsFit(input: ParsedDeploymentInput, model: ModelSpec, precision: WeightPrecision, m: MemoryInputs, gpuName: string, at: PathOf = asWritten): void {
  const weights = weightsPerGpuGiB(m);
  const reserve = runtimeReserveGiB(m.maxNumTokens);
  if (weights + reserve < m.gpuMemoryGiB * 0.95) return;
  const totalGiB = Math.round(m.gpuMemoryGiB * m.gpusPerReplica);
  // When an override pushed the runtime reserve over the top, name the override, not the hardware.
  const reserveOverride = input.overrides?.maxNumTokens !== undefined && weights + runtimeReserveGiB(0) < m.gpuMemoryGiB * 0.95;
  if (reserveOverride) {
    throw new DeepSeekConfigError(
      at("overrides.maxNumTokens"),
      `leaves no room for the KV cache: its activations take ${reserve.toFixed(1)} GiB beside ${weights.toFixed(1)} GiB of weights per ${m.gpuMemoryGiB} GiB GPU`,
      input.overrides?.maxNumTokens,
      "use a smaller maxNumTokens",
    );
  }
  // Per GPU is more than total ÷ GPUs under attention DP (memory.ts): say so, or the figures look wrong.
  const replicatedGiB = (weightsPerGpuGB(m).replicated * 1e9) / 2 ** 30;
  const perGpu = replicatedGiB > 0
    ? `${weights.toFixed(1)} GiB weights per GPU, ${replicatedGiB.toFixed(1)} GiB of which attention data parallelism keeps whole on every GPU, and`
    : `${weights.toFixed(1)} GiB weights +`;
  const fixes = model.architecture.kind === "moe" && gpuName === "H100" ? `use "2x8xH100" (TP16 over two nodes), "8xH200" or "8xB200"` : `use more nodes per replica (e.g. "2x${input.hardware.replace(/^\d+x(?=\d+x)/, "")}") or a larger GPU`;
  throw new DeepSeekConfigError(
    at("hardware"),
    `${model.name} in ${precision.toUpperCase()} does not fit: ${m.weightsGB} GB of weights over ${m.gpusPerReplica} GPUs (${totalGiB} GiB) leaves no room for the runtime reserve and KV cache (${perGpu} ${reserve.toFixed(1)} GiB reserve per ${m.gpuMemoryGiB} GiB GPU)`,
    input.hardware,
    fixes,
  );
}

function planReplicas(input: ParsedDeploymentInput, nodesPerReplica: number, at: PathOf = asWritten) {
  const replicas = { ...(input.replicas ?? DEFAULT_REPLICAS) };
  if (replicas.min > replicas.max) {
    throw new DeepSeekConfigError(at("replicas.min"), `is greater than replicas.max (${replicas.max})`, replicas.min, `set replicas.min ≤ replicas.max`);
  }
  // One GPU node pool holds every replica's nodes: bounded by what the cloud creates in one pool.
  const maxNodes = MAX_POOL_NODES[input.cloud];
  if (replicas.max * nodesPerReplica > maxNodes) {
    throw new DeepSeekConfigError(at("replicas.max"), `needs ${replicas.max * nodesPerReplica} nodes (${nodesPerReplica} per replica), more than one ${input.cloud === "aws" ? "EKS managed node group" : "GKE node pool zone"} holds (${maxNodes})`, replicas.max, `use replicas.max ≤ ${Math.floor(maxNodes / nodesPerReplica)}, or split the capacity into several placements`);
  }
  return { replicas, nodes: { min: replicas.min * nodesPerReplica, max: replicas.max * nodesPerReplica } };
}
