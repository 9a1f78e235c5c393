/** One resource type's replacing attributes, as scripts/force-new-lists.mjs reads them. Pure data. */
export interface ForceNewList {
  /** The provider source files read (schema and the blocks it includes). */
  readonly paths: readonly string[];
  /** Dotted attribute paths (block indices dropped); a change at or under one replaces the resource. */
  readonly attributes: readonly string[];
  /** The commit these files were read at, when it is not the provider's one (single files, see aws-files.json). */
  readonly commit?: string;
  /** What the read copy is (its era against the bound version) and what it shows updating in place. */
  readonly note?: string;
}
