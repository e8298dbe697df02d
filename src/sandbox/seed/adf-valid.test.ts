import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ajvDraft04 from "ajv-draft-04";
import { describe, expect, it } from "vitest";
import { Store } from "../state/store.js";
import { seedStore } from "./index.js";
import { collectAdfDocs } from "./test-fixture.js";

// A CommonJS package: under NodeNext the default import is `module.exports`, whose `default` is the class.
const Ajv04 = ajvDraft04.default;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const specsDir = process.env.ATLASGATE_SPECS_DIR ?? join(repoRoot, "..", "shared", "specs");
const schemaPath = join(specsDir, "adf-schema.full.json");
const haveSchema = existsSync(schemaPath);

if (!haveSchema) {
  if (process.env.CI === "true") throw new Error(`ADF schema missing at ${schemaPath} (required in CI)`);
  console.warn(`skipping ADF schema validation: ${schemaPath} not found (set ATLASGATE_SPECS_DIR)`);
}

describe.skipIf(!haveSchema)("seeded ADF", () => {
  it("validates every stored document against the ADF JSON schema", () => {
    const ajv = new Ajv04({ allErrors: false, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
    const store = new Store();
    seedStore(store, { seed: "demo", now: Date.UTC(2026, 10, 21), issueCount: 1200 });
    const docs = collectAdfDocs(store);
    expect(docs.length).toBeGreaterThan(1000);
    const failures: string[] = [];
    for (const { where, doc } of docs) {
      if (!validate(doc) && failures.length < 5)
        failures.push(`${where}: ${ajv.errorsText(validate.errors)}`);
    }
    expect(failures).toEqual([]);
    // The validator is not vacuous: a malformed document fails.
    expect(
      validate({ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text" }] }] }),
    ).toBe(false);
  });
});
