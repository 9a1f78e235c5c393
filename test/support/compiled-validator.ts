import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import { _ } from "ajv/dist/compile/codegen";
import standaloneCode from "ajv/dist/standalone";

const FORMATS_FILE = join(__dirname, "openapi-formats.js");
const formats = require(FORMATS_FILE) as Record<string, unknown>;
const ajvVersion = (require("ajv/package.json") as { version: string }).version;
const CACHE_DIR = join(__dirname, "..", "..", ".cache", "ajv");

/**
 * An ajv validator for a large schema (a CRD with a whole PodTemplateSpec inside), compiled once
 * per machine rather than once per test file: compiling the LeaderWorkerSet schema costs over a
 * second and four test files need it. ajv writes the compiled validator as a standalone module,
 * kept in .cache/ajv under a hash of the schema, ajv's version and the formats file; any change to
 * either compiles again. Written to a temporary name and renamed, so parallel workers never read a
 * half-written file.
 */
export function compiledValidator(schema: object): ValidateFunction {
  const key = createHash("sha256").update(ajvVersion).update(JSON.stringify(formats, (_k, v: unknown) => (typeof v === "function" ? v.toString() : v))).update(JSON.stringify(schema)).digest("hex").slice(0, 24);
  const file = join(CACHE_DIR, `validator-${key}.js`);
  try {
    return require(file) as ValidateFunction;
  } catch {
    // not compiled yet on this machine
  }
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, formats: _`require(${FORMATS_FILE})` } });
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format as never);
  const validate = ajv.compile(schema);
  mkdirSync(CACHE_DIR, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, standaloneCode(ajv, validate));
  renameSync(temporary, file);
  return validate;
}
