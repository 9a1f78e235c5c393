import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { readYamlDocuments, readYamlValue } from "../../lib/internal/yaml-documents";
import { defaultAppOutdir } from "../support/default-app";

// readYamlDocuments reads JSON documents with JSON.parse: it must give what the YAML parser (what
// Helm uses) gives, for every values text the default app writes.
function valuesTexts(): string[] {
  const stacks = join(defaultAppOutdir(), "stacks");
  return readdirSync(stacks).flatMap((stack) => {
    const json = JSON.parse(readFileSync(join(stacks, stack, "cdk.tf.json"), "utf8")) as { resource?: { helm_release?: Record<string, { values?: string[] }> } };
    return Object.values(json.resource?.helm_release ?? {}).flatMap((r) => r.values ?? []);
  });
}

const yamlStream = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as unknown);

describe("readYamlDocuments", () => {
  test("gives the YAML parser's documents for every Helm values text and manifest bundle of the default app", () => {
    const texts = valuesTexts();
    const manifests = texts.map((t) => readYamlDocuments(t)[0]).flatMap((v) => (typeof (v as { manifests?: unknown })?.manifests === "string" ? [(v as { manifests: string }).manifests] : []));
    expect(texts.length).toBeGreaterThan(10);
    expect(manifests.length).toBeGreaterThan(5);
    for (const text of [...texts, ...manifests]) expect(readYamlDocuments(text)).toEqual(yamlStream(text));
  });

  test("falls back to the YAML parser when one document is not JSON", () => {
    const text = '---\n{"kind":"A"}\n---\nkind: B\nlist: [1, 2]\n';
    expect(readYamlDocuments(text)).toEqual([{ kind: "A" }, { kind: "B", list: [1, 2] }]);
  });

  test("keeps a JSON-looking document that is not JSON as YAML (flow mapping)", () => {
    expect(readYamlDocuments("{kind: A, n: 1}")).toEqual([{ kind: "A", n: 1 }]);
  });

  test("leaves invalid documents out only when asked", () => {
    const text = "a: 1\n---\nb: [unclosed\n";
    expect(readYamlDocuments(text, { skipInvalid: true })).toEqual([{ a: 1 }]);
    expect(readYamlDocuments(text)).toHaveLength(2);
  });
});

describe("readYamlValue", () => {
  test("parses YAML and JSON like the YAML parser", () => {
    for (const text of ["a: 1\nb:\n  - x\n", '{"a":{"b":[1,2]}}', "plain"]) expect(readYamlValue(text)).toEqual(parse(text));
  });

  test("hands out copies: changing one read does not change the next", () => {
    const text = "server:\n  replicas: 2\n";
    const first = readYamlValue(text) as { server: { replicas: number } };
    first.server.replicas = 99;
    expect(readYamlValue(text)).toEqual({ server: { replicas: 2 } });
  });
});
