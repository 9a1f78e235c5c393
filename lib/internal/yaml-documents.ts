/**
 * Reading the YAML that cdktf-deepseek writes, fast.
 *
 * ManifestBundle writes each Kubernetes object as one line of JSON between `---` separators (JSON
 * is YAML, and Helm reads it as such). A JSON document read with JSON.parse gives the same value as
 * the YAML parser at a fraction of the cost, so each document is tried as JSON first and the whole
 * stream goes through the YAML parser only when one of them is not JSON.
 */
import { parse, parseAllDocuments } from "yaml";

/** The documents of a YAML stream, in order. With `skipInvalid`, documents the YAML parser rejects are left out. */
export function readYamlDocuments(text: string, options: { skipInvalid?: boolean } = {}): unknown[] {
  const documents = text.split(/^---[ \t]*$/m);
  if (documents.length > 1 && documents[0].trim() === "") documents.shift();
  const parsed: unknown[] = [];
  for (const document of documents) {
    const body = document.trim();
    const json = body.startsWith("{") || body.startsWith("[") ? tryJson(body) : NOT_JSON;
    if (json === NOT_JSON) return readYamlStream(text, options.skipInvalid ?? false);
    parsed.push(json);
  }
  return parsed;
}

const NOT_JSON = Symbol("not JSON");

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function readYamlStream(text: string, skipInvalid: boolean): unknown[] {
  return parseAllDocuments(text)
    .filter((d) => !skipInvalid || !("errors" in d && d.errors.length > 0))
    .map((d) => d.toJS() as unknown);
}

// Chart values are YAML the library wrote; one synthesized app repeats the same few values texts
// across stacks, and readers (preflight, review) parse each stack again. A parsed value is kept
// per text and handed out as a copy, so a reader may change what it gets.
const parsedValues = new Map<string, unknown>();
const MAX_CACHED_VALUES = 512;

/** One YAML document, parsed (a copy of a cached parse when the same text was read before). */
export function readYamlValue(text: string): unknown {
  if (!parsedValues.has(text)) {
    const json = tryJson(text);
    if (parsedValues.size >= MAX_CACHED_VALUES) parsedValues.clear();
    parsedValues.set(text, json === NOT_JSON ? parse(text) : json);
  }
  return structuredClone(parsedValues.get(text));
}
