import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A script that runs in a pod (Python, shell), read from `<dir>/scripts/<name>` beside the module
 * that ships it. The files are packaged (package.json `files` covers dist/lib; `npm run build`
 * copies them next to the compiled JavaScript) and read once, at load.
 */
export function podScript(dir: string, name: string): string {
  return readFileSync(join(dir, "scripts", name), "utf8");
}
