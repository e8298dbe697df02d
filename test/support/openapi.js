/**
 * Contract checks against Atlassian's published OpenAPI specs: the sandbox must answer what Jira/Confluence
 * Cloud would answer, and the product must send what they accept. Schemas are translated from OpenAPI 3.0 to
 * JSON Schema once per spec and direction, and validators are compiled lazily per operation and status.
 */
import { Ajv } from "ajv";
import * as formatsModule from "ajv-formats";
import { ConformanceReport } from "./conformance-report.js";
import { candidateSpecs, compileRoute, matchRoute, splitUrl } from "./path-match.js";
import { childPointer, resolvePointer, translateComponents, translateSchema } from "./schema-translate.js";
import { HTTP_METHODS, loadSpecDoc, SPEC_NAMES, specFilePath } from "./spec-files.js";

export { requireSpecs, specsDir } from "./spec-files.js";
export { ConformanceReport };

const MAX_ERRORS = 20;
const addFormats = formatsModule.default ?? formatsModule;
/** Everything derived from one spec file; built on first use and kept for the whole test process. */
class SpecRuntime {
  spec;
  doc;
  routes = [];
  operations = new Map();
  plainAjv = null;
  coercingAjv = null;
  validators = new Map();
  formats = null;
  /** Shared by every translation of this spec, so errors can name the original schema location. */
  locations = new WeakMap();
  constructor(spec, doc) {
    this.spec = spec;
    this.doc = doc;
    for (const [template, pathItem] of Object.entries(doc.paths ?? {})) {
      for (const method of HTTP_METHODS) {
        const op = pathItem[method];
        if (!op) continue;
        const route = compileRoute(method, template);
        this.routes.push(route);
        this.operations.set(`${route.method} ${template}`, {
          spec,
          operationId: op.operationId ?? `${route.method} ${template}`,
          method: route.method,
          template,
          pathItem,
          op,
        });
      }
    }
  }
  baseUri(direction) {
    return `https://atlasgate.invalid/openapi/${this.spec}/${direction}.json`;
  }
  context(direction) {
    return {
      direction,
      baseUri: this.baseUri(direction),
      doc: this.doc,
      locations: this.locations,
    };
  }
  /**
   * One Ajv per spec keeps `$id`s from colliding across specs. The coercing instance exists only for path
   * and query parameters, which arrive as strings and must be read the way the server would read them.
   */
  ajv(coerce) {
    const existing = coerce ? this.coercingAjv : this.plainAjv;
    if (existing) return existing;
    const ajv = new Ajv({
      strict: false,
      allErrors: true,
      validateSchema: false,
      verbose: true,
      ...(coerce ? { coerceTypes: "array" } : {}),
    });
    addFormats(ajv);
    if (!this.formats) this.formats = collectFormats(this.doc);
    for (const format of this.formats) {
      // int32/int64/double/byte/binary are known to ajv-formats; `url`, `URL`, `string` etc. are not.
      if (!(format in ajv.formats)) ajv.addFormat(format, true);
    }
    const directions = coerce ? ["request"] : ["request", "response"];
    for (const direction of directions) {
      ajv.addSchema(translateComponents(this.doc, this.context(direction)));
    }
    if (coerce) this.coercingAjv = ajv;
    else this.plainAjv = ajv;
    return ajv;
  }
  /** Compiles (once) a validator for a raw spec schema in one direction; compile failures are cached too. */
  validator(at, rawSchema, direction, coerce = false) {
    const key = `${direction}:${coerce}:${at}`;
    let fn = this.validators.get(key);
    if (!fn) {
      try {
        const schema = translateSchema(rawSchema, this.context(direction), at);
        fn = this.ajv(coerce).compile(typeof schema === "boolean" ? schema : schema);
      } catch (error) {
        fn = error instanceof Error ? error : new Error(String(error));
      }
      this.validators.set(key, fn);
    }
    return fn;
  }
  /** Follows `$ref` chains of non-schema objects (responses, parameters, request bodies). */
  deref(value) {
    let node = value;
    for (let i = 0; i < 10 && isObject(node) && typeof node.$ref === "string"; i++) {
      node = resolvePointer(this.doc, node.$ref);
    }
    return isObject(node) ? node : undefined;
  }
}
function collectFormats(doc) {
  const found = new Set();
  const walk = (node) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === "format" && typeof value === "string") found.add(value);
        else walk(value);
      }
    }
  };
  walk(doc);
  return found;
}
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
const runtimes = new Map();
function runtimeFor(spec) {
  const where = specFilePath(spec);
  if ("missing" in where) return where;
  let runtime = runtimes.get(where.file);
  if (!runtime) {
    runtime = new SpecRuntime(spec, loadSpecDoc(where.file));
    runtimes.set(where.file, runtime);
  }
  return runtime;
}
function resolveOperation(method, urlOrPath) {
  let split;
  try {
    split = splitUrl(urlOrPath);
  } catch {
    return { error: `not a URL or path: ${urlOrPath}` };
  }
  const candidates = candidateSpecs(split.sitePath, split.gateway);
  const missing = [];
  for (const { spec, specPath } of candidates) {
    const runtime = runtimeFor(spec);
    if ("missing" in runtime) {
      missing.push(runtime.missing);
      continue;
    }
    const match = matchRoute(runtime.routes, method, specPath);
    if (!match) continue;
    const entry = runtime.operations.get(`${match.route.method} ${match.route.template}`);
    return {
      runtime,
      entry,
      query: split.query,
      operation: {
        spec,
        operationId: entry.operationId,
        method: entry.method,
        pathTemplate: entry.template,
        pathParams: match.params,
      },
    };
  }
  const where = candidates.length
    ? candidates.map((c) => c.spec).join(", ")
    : "no spec covers this path prefix";
  const why = missing.length ? `; ${missing.join("; ")}` : "";
  return { error: `no operation matches ${method.toUpperCase()} ${split.sitePath} (${where})${why}` };
}
/** Maps a concrete request (site form or `/ex/<product>/<cloudId>` gateway form) to its spec operation. */
export function matchOperation(method, urlOrPath) {
  const resolved = resolveOperation(method, urlOrPath);
  return "error" in resolved ? null : resolved.operation;
}
/** Every operation of the specs that are present, so reports can say how much of the surface was exercised. */
export function listOperations() {
  const out = [];
  for (const spec of SPEC_NAMES) {
    const runtime = runtimeFor(spec);
    if ("missing" in runtime) continue;
    for (const entry of runtime.operations.values()) {
      out.push({
        spec,
        operationId: entry.operationId,
        method: entry.method,
        pathTemplate: entry.template,
        pathParams: {},
      });
    }
  }
  return out;
}
function mediaBase(contentType) {
  return contentType.split(";")[0].trim().toLowerCase();
}
function isJsonType(contentType) {
  const base = mediaBase(contentType);
  return base === "application/json" || base.endsWith("+json");
}
/** Picks the JSON media type entry: `application/json` (any parameters), `+json`, then `*\/*`. */
function pickJsonMedia(content) {
  if (!isObject(content)) return null;
  const types = Object.keys(content);
  const pick =
    types.find((t) => mediaBase(t) === "application/json") ??
    types.find((t) => isJsonType(t)) ??
    types.find((t) => mediaBase(t) === "*/*");
  if (pick === undefined) return null;
  const media = content[pick];
  return { type: pick, media: isObject(media) ? media : {} };
}
function isEmptyBody(body) {
  return body === undefined || body === "";
}
function formatErrors(errors, prefix, locations) {
  const out = [];
  for (const e of errors ?? []) {
    let message = e.message ?? e.keyword;
    const params = e.params;
    if (e.keyword === "additionalProperties") message += ` ${JSON.stringify(params.additionalProperty)}`;
    else if (e.keyword === "enum" && Array.isArray(params.allowedValues)) {
      const allowed = params.allowedValues.map((v) => JSON.stringify(v));
      message += `: ${allowed.slice(0, 12).join(", ")}${allowed.length > 12 ? ", ..." : ""}`;
    } else if (e.keyword === "const") message += ` ${JSON.stringify(params.allowedValue)}`;
    const parent = e.parentSchema ? locations.get(e.parentSchema) : undefined;
    const where = parent ? `${parent}/${e.keyword}` : e.schemaPath;
    const line = `${prefix}${e.instancePath} ${message} (${where})`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}
function finish(operation, errors) {
  const capped =
    errors.length > MAX_ERRORS
      ? [...errors.slice(0, MAX_ERRORS - 1), `... and ${errors.length - MAX_ERRORS + 1} more errors`]
      : errors;
  return { operation, ok: errors.length === 0, errors: capped };
}
function runValidator(runtime, fn, data, prefix) {
  if (fn instanceof Error) return [`schema could not be compiled: ${fn.message}`];
  return fn(data) ? [] : formatErrors(fn.errors, prefix, runtime.locations);
}
/** JSON pointer of an operation inside the original spec, used to label inline schemas. */
function operationPointer(entry, ...parts) {
  return childPointer("#/paths", entry.template, entry.method.toLowerCase(), ...parts);
}
/**
 * Checks a response against the schema declared for its status (exact code, then `2XX`-style, then `default`).
 * `body` is the decoded JSON value; `undefined` or `""` means an empty body. A success status that declares
 * no content (204) must have an empty body; an error status that declares none is not checked.
 */
export function validateResponse(input) {
  const resolved = resolveOperation(input.method, input.url);
  if ("error" in resolved) return finish(null, [resolved.error]);
  const { runtime, entry, operation } = resolved;
  const responses = entry.op.responses ?? {};
  const status = String(input.status);
  const key = [status, `${status[0]}XX`, `${status[0]}xx`, "default"].find((k) => k in responses);
  if (key === undefined) {
    return finish(operation, [
      `status ${status} is not declared for ${operation.operationId} (declared: ${Object.keys(responses).join(", ")})`,
    ]);
  }
  const response = runtime.deref(responses[key]) ?? {};
  const content = isObject(response.content) ? response.content : {};
  const declared = Object.keys(content);
  const empty = isEmptyBody(input.body);
  if (declared.length === 0) {
    // Atlassian documents most 4xx/5xx responses without any content (1,372 of them in Jira's spec alone),
    // while the real services do return error JSON; the spec is silent there, so nothing can be checked.
    if (empty || input.status >= 400) return finish(operation, []);
    return finish(operation, [`status ${status} declares no response body, but one was returned`]);
  }
  const json = pickJsonMedia(content);
  if (!json) {
    // Binary/text responses (avatars, CSV exports) have nothing to validate structurally.
    if (input.contentType && isJsonType(input.contentType)) {
      return finish(operation, [`status ${status} declares ${declared.join(", ")}, but JSON was returned`]);
    }
    return finish(operation, []);
  }
  const errors = [];
  if (
    input.contentType &&
    !isJsonType(input.contentType) &&
    !declared.some((t) => sameMedia(t, input.contentType))
  ) {
    errors.push(
      `content type ${input.contentType} is not declared for status ${status} (${declared.join(", ")})`,
    );
  }
  if (json.media.schema === undefined) return finish(operation, errors);
  if (empty)
    return finish(operation, [...errors, `status ${status} declares a JSON body, but none was returned`]);
  const at = operationPointer(entry, "responses", key, "content", json.type, "schema");
  const fn = runtime.validator(at, json.media.schema, "response");
  return finish(operation, [...errors, ...runValidator(runtime, fn, input.body, "body")]);
}
function sameMedia(declared, actual) {
  const d = mediaBase(declared);
  return d === "*/*" || d === mediaBase(actual);
}
/** Path-level parameters apply unless the operation redefines the same name and location. */
function collectParameters(runtime, entry) {
  const byKey = new Map();
  for (const list of [entry.pathItem.parameters, entry.op.parameters]) {
    for (const raw of list ?? []) {
      const param = runtime.deref(raw);
      if (!param || typeof param.name !== "string" || typeof param.in !== "string") continue;
      byKey.set(`${param.in}:${param.name}`, param);
    }
  }
  return [...byKey.values()];
}
function isArraySchema(runtime, schema) {
  const resolved = runtime.deref(schema);
  return resolved?.type === "array";
}
/**
 * Checks what the product sends: path and query parameters (types, enums, required; unknown names are fine,
 * since Atlassian ignores them) and the JSON body.
 */
export function validateRequest(input) {
  const resolved = resolveOperation(input.method, input.url);
  if ("error" in resolved) return finish(null, [resolved.error]);
  const { runtime, entry, operation, query } = resolved;
  const errors = [];
  const groups = {
    path: { properties: {}, required: [] },
    query: { properties: {}, required: [] },
  };
  const values = { path: {}, query: {} };
  for (const param of collectParameters(runtime, entry)) {
    if (param.in !== "path" && param.in !== "query") continue;
    const group = groups[param.in];
    group.properties[param.name] = param.schema ?? {};
    if (param.required || param.in === "path") group.required.push(param.name);
    if (param.in === "path") {
      if (param.name in operation.pathParams) values.path[param.name] = operation.pathParams[param.name];
      continue;
    }
    const raw = query.getAll(param.name);
    if (raw.length === 0) continue;
    // Atlassian reads array parameters both as repeated keys and as comma-separated lists.
    values.query[param.name] = isArraySchema(runtime, param.schema)
      ? raw.flatMap((v) => v.split(","))
      : raw.length === 1
        ? raw[0]
        : raw;
  }
  const paramSchema = {
    type: "object",
    properties: {
      path: { type: "object", properties: groups.path.properties, required: groups.path.required },
      query: { type: "object", properties: groups.query.properties, required: groups.query.required },
    },
  };
  const paramFn = runtime.validator(operationPointer(entry, "parameters"), paramSchema, "request", true);
  errors.push(...runValidator(runtime, paramFn, values, "").map((e) => e.replace(/^\//, "")));
  const requestBody = runtime.deref(entry.op.requestBody);
  const empty = isEmptyBody(input.body);
  if (!requestBody) {
    if (!empty) errors.push(`${operation.operationId} declares no request body, but one was sent`);
    return finish(operation, errors);
  }
  if (empty) {
    if (requestBody.required === true) errors.push(`${operation.operationId} requires a request body`);
    return finish(operation, errors);
  }
  const content = isObject(requestBody.content) ? requestBody.content : {};
  const declared = Object.keys(content);
  if (input.contentType && !isJsonType(input.contentType)) {
    if (!declared.some((t) => sameMedia(t, input.contentType))) {
      errors.push(`content type ${input.contentType} is not accepted (declared: ${declared.join(", ")})`);
    }
    return finish(operation, errors);
  }
  const json = pickJsonMedia(content);
  if (!json) {
    errors.push(`${operation.operationId} does not accept a JSON body (declared: ${declared.join(", ")})`);
    return finish(operation, errors);
  }
  if (json.media.schema !== undefined) {
    const at = operationPointer(entry, "requestBody", "content", json.type, "schema");
    const fn = runtime.validator(at, json.media.schema, "request");
    errors.push(...runValidator(runtime, fn, input.body, "body"));
  }
  return finish(operation, errors);
}
//# sourceMappingURL=openapi.js.map
