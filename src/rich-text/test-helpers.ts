/** Shared helpers for the rich-text tests (fixtures, the spec copy of the ADF schema, comparison helpers). */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ValidateFunction } from "ajv";
import { compileAdfSchema } from "./validate.js";

const here = dirname(fileURLToPath(import.meta.url));

export function loadFixtures(): Array<{ name: string; markdown: string }> {
  const dir = join(here, "fixtures");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => ({ name: f.replace(/\.md$/, ""), markdown: readFileSync(join(dir, f), "utf8") }));
}

/** The spec copy of the schema, or the reason it is unavailable. */
export function specValidator(): { validate: ValidateFunction } | { reason: string } {
  const dir = process.env.ATLASGATE_SPECS_DIR ?? resolve(here, "../../../shared/specs");
  const file = join(dir, "adf-schema.full.json");
  if (!existsSync(file))
    return { reason: `ADF schema spec copy not found at ${file} (set ATLASGATE_SPECS_DIR)` };
  return { validate: compileAdfSchema(JSON.parse(readFileSync(file, "utf8")) as object) };
}

/** Deep copy without the random parts (localIds), optionally forgetting details a syntax cannot carry. */
export function comparable(doc: unknown, opts: { mentionText?: boolean; listOrder?: boolean } = {}): unknown {
  return JSON.parse(
    JSON.stringify(doc, function (this: Record<string, unknown>, key, value) {
      if (key === "localId") return undefined;
      if (opts.mentionText && key === "text" && this.id !== undefined && typeof value === "string")
        return undefined;
      if (opts.listOrder && key === "order") return undefined;
      return value;
    }),
  );
}
