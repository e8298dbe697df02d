/**
 * ADF validation against Atlassian's published JSON schema (shipped in @atlaskit/adf-schema), so the sandbox
 * rejects exactly what Jira Cloud / Confluence would reject and our converters can be checked against the real
 * contract rather than our own idea of it.
 */
import { createRequire } from "node:module";
import type { ValidateFunction } from "ajv";
import AjvDraft04 from "ajv-draft-04";

let compiled: ValidateFunction | undefined;

/** Compiles a draft-04 ADF schema; exported so tests can validate against another copy of the schema. */
export function compileAdfSchema(schema: object): ValidateFunction {
  // ajv-draft-04 is CommonJS: under NodeNext its class is the default export's `default` property.
  const ajv = new AjvDraft04.default({ allErrors: false, strict: false, validateFormats: false });
  return ajv.compile(schema);
}

function validator(): ValidateFunction {
  if (!compiled) {
    const require = createRequire(import.meta.url);
    compiled = compileAdfSchema(require("@atlaskit/adf-schema/json-schema/v1/full.json") as object);
  }
  return compiled;
}

export type AdfValidation = { valid: true } | { valid: false; errors: string[] };

/** Validates with a given compiled schema; shared by `validateAdf` and tests using the spec copy. */
export function runAdfValidator(validate: ValidateFunction, doc: unknown): AdfValidation {
  let ok: boolean;
  try {
    ok = validate(doc) as boolean;
  } catch (err) {
    // Absurdly deep input overflows the recursive validator; such a document is not one we accept.
    return { valid: false, errors: [`document could not be validated: ${(err as Error).message}`] };
  }
  if (ok) return { valid: true };
  const messages = (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`,
  );
  const errors = [...new Set(messages)].slice(0, 20);
  return { valid: false, errors: errors.length > 0 ? errors : ["document is invalid"] };
}

export function validateAdf(doc: unknown): AdfValidation {
  return runAdfValidator(validator(), doc);
}
