import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { ToolDefinition } from "../catalog/load.js";
import { ArgumentError } from "./errors.js";

const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes: false, useDefaults: false });
const cache = new WeakMap<ToolDefinition, ValidateFunction>();

/**
 * Validates a call's flat arguments against the tool's published schema and reports every problem
 * at once, each naming the argument, what was expected and what was given, so a model can fix its
 * call in one round trip.
 */
export function validateArgs(tool: ToolDefinition, args: unknown): Record<string, unknown> {
  if (args === undefined || args === null) args = {};
  if (typeof args !== "object" || Array.isArray(args)) {
    throw new ArgumentError(`Arguments must be a JSON object, got ${describe(args)}.`);
  }
  const { raw, ...rest } = args as Record<string, unknown>;
  if (raw !== undefined && typeof raw !== "boolean") {
    throw new ArgumentError(
      `Invalid arguments for ${tool.name}: "raw" must be boolean, got ${describe(raw)}`,
    );
  }
  let validate = cache.get(tool);
  if (!validate) {
    validate = ajv.compile(tool.strictSchema);
    cache.set(tool, validate);
  }
  if (validate(rest)) return raw === undefined ? rest : { ...rest, raw };
  const problems = (validate.errors ?? []).map((e) => explain(e, rest));
  const unique = [...new Set(problems)];
  throw new ArgumentError(`Invalid arguments for ${tool.name}: ${unique.join("; ")}`, unique);
}

function explain(e: ErrorObject, args: Record<string, unknown>): string {
  const path = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
  const given = (p: string) => describe(p === "" ? args : getPath(args, p));
  switch (e.keyword) {
    case "required":
      return `missing required argument "${join(path, (e.params as { missingProperty: string }).missingProperty)}"`;
    case "additionalProperties": {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      return `unknown argument "${join(path, extra)}"`;
    }
    case "type":
      return `"${path}" must be ${(e.params as { type: string }).type}, got ${given(path)}`;
    case "enum":
      return `"${path}" must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}, got ${given(path)}`;
    default:
      return `"${path || "arguments"}" ${e.message ?? "is invalid"}, got ${given(path)}`;
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A short, safe description of a value for error messages (never the whole value). */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string")
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
