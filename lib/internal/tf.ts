/**
 * The cdktf seam. Every other file imports cdktf through here, so a move to CDK Terrain
 * (`cdktn`) changes this file, token-stacks.ts and the provider seams only.
 */
export {
  App, AssetType, Annotations, DISABLE_STACK_TRACE_IN_METADATA, Aspects, DefaultTokenResolver, Fn, StringConcat, Tokenization, dependable, Lazy,
  LocalBackend, S3Backend, GcsBackend, TerraformAsset, TerraformBackend, TerraformElement,
  TerraformLocal, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack, TerraformVariable, Testing, Token,
  anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl,
} from "cdktf";
export { invokeAspects } from "cdktf/lib/synthesize/synthesizer";
export type { AppConfig, IAspect, ITerraformDependable, TerraformMetaArguments, TerraformResourceLifecycle } from "cdktf";
export { Construct } from "constructs";
export type { IConstruct } from "constructs";
