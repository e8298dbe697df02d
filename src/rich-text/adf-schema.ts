import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";


let validator: ValidateFunction | undefined;

/**
 * Validates ADF against Atlassian's own JSON schema (shipped in @atlaskit/adf-schema, draft-04).
 * Compiled on first use only: most processes never need it, and it costs ~100 ms.
 */
export function validateAdf(doc: unknown): { valid: true } | { valid: false; errors: string[] } {
  if (!validator) {
    const require = createRequire(import.meta.url);
    const schema = require("@atlaskit/adf-schema/json-schema/v1/full.json");
    const Ajv04 = require("ajv-draft-04") as new (opts: object) => {
      compile(schema: unknown): ValidateFunction;
    };
    validator = new Ajv04({ allErrors: false, strict: false, validateFormats: false }).compile(schema);
  }
  const validate = validator as ValidateFunction;
  if (validate(doc)) return { valid: true };
  const errors = (validate.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`);
  return { valid: false, errors: errors.length > 0 ? errors : ["not a valid ADF document"] };
}
