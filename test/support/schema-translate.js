/**
 * OpenAPI 3.0 schema objects are "almost" JSON Schema. This module rewrites them into JSON Schema draft-07 that
 * Ajv understands, on a copy, so the spec object stays pristine and can be translated again for the other
 * direction (requests and responses need different `required` lists).
 */
/** Keywords that carry documentation or code-generation hints only; Ajv must not see them. */
const DROPPED = new Set([
  "nullable",
  "discriminator",
  "example",
  "examples",
  "xml",
  "externalDocs",
  "deprecated",
  "readOnly",
  "writeOnly",
]);
const SCHEMA_VALUED = new Set([
  "additionalProperties",
  "items",
  "not",
  "additionalItems",
  "contains",
  "propertyNames",
  "if",
  "then",
  "else",
]);
const SCHEMA_ARRAYS = new Set(["allOf", "anyOf", "oneOf"]);
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "definitions"]);
function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
/** Follows a local `#/a/b` pointer inside the raw document; `undefined` when it does not resolve. */
export function resolvePointer(doc, ref) {
  if (!ref.startsWith("#/")) return undefined;
  let node = doc;
  for (const raw of ref.slice(2).split("/")) {
    const part = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = node[part];
    if (node === undefined) return undefined;
  }
  return node;
}
/**
 * Whether a property is flagged for one direction only. The flag may sit on the property itself, or on the
 * schema it points to (Jira wraps refs as `allOf: [{$ref}]` to attach a description).
 */
function hasFlag(schema, flag, doc, depth = 0) {
  if (!isObject(schema) || depth > 5) return false;
  if (schema[flag] === true) return true;
  if (typeof schema.$ref === "string") return hasFlag(resolvePointer(doc, schema.$ref), flag, doc, depth + 1);
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1)
    return hasFlag(schema.allOf[0], flag, doc, depth + 1);
  return false;
}
/**
 * Patterns come from Java validation annotations, and Atlassian's generator copies Java-only classes such as
 * `\p{Digit}` verbatim. JavaScript's unicode mode rejects those outright, which would make the whole
 * operation's validator fail to compile; standard unicode classes like `\p{L}` are left alone.
 */
export function javaRegexToJs(pattern) {
  return pattern.replace(/\\p\{Digit\}/g, "\\d").replace(/\\p\{Space\}/g, "\\s");
}
function rewriteRef(ref, ctx) {
  return ref.startsWith("#") ? `${ctx.baseUri}${ref}` : ref;
}
function escapePointer(part) {
  return part.replace(/~/g, "~0").replace(/\//g, "~1");
}
/** JSON pointer of `part` below `at`, e.g. `#/components/schemas/IssueBean` + `properties`. */
export function childPointer(at, ...parts) {
  return [at, ...parts.map(escapePointer)].join("/");
}
/**
 * Translates one schema object (recursively). Non-object input (booleans) passes through. `at` is the
 * schema's JSON pointer in the original spec, recorded for error messages.
 */
export function translateSchema(schema, ctx, at) {
  if (!isObject(schema)) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED.has(key) || key.startsWith("x-")) continue;
    if (key === "$ref" && typeof value === "string") out.$ref = rewriteRef(value, ctx);
    else if (SCHEMA_VALUED.has(key) && !Array.isArray(value)) {
      out[key] = isObject(value) ? translateSchema(value, ctx, childPointer(at, key)) : value;
    } else if ((SCHEMA_ARRAYS.has(key) || key === "items") && Array.isArray(value)) {
      // `items` as an array (tuple form) is not OpenAPI 3.0, but be tolerant.
      out[key] = value.map((s, i) => translateSchema(s, ctx, childPointer(at, key, String(i))));
    } else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      const mapped = {};
      for (const [name, sub] of Object.entries(value))
        mapped[name] = translateSchema(sub, ctx, childPointer(at, key, name));
      out[key] = mapped;
    } else if (key === "pattern" && typeof value === "string") out.pattern = javaRegexToJs(value);
    else out[key] = value;
  }
  if (Array.isArray(schema.required) && isObject(schema.properties)) {
    const props = schema.properties;
    const flag = ctx.direction === "request" ? "readOnly" : "writeOnly";
    out.required = schema.required.filter((name) => !hasFlag(props[String(name)], flag, ctx.doc));
    if (out.required.length === 0) delete out.required;
  }
  // OpenAPI 3.0 boolean exclusive bounds (draft-04 style) -> draft-07 numeric form.
  for (const [exclusive, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ]) {
    if (typeof out[exclusive] === "boolean") {
      if (out[exclusive] === true && typeof out[bound] === "number") {
        out[exclusive] = out[bound];
        delete out[bound];
      } else delete out[exclusive];
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else if (out.type === undefined) {
      // `nullable` beside a `$ref`/composition: allow null alongside whatever the rest accepts.
      ctx.locations.set(out, at);
      const wrapped = { anyOf: [{ type: "null" }, out] };
      ctx.locations.set(wrapped, at);
      return wrapped;
    }
  }
  ctx.locations.set(out, at);
  return out;
}
/** Translates every entry of a components map whose values are schemas. */
function translateSchemaMap(map, ctx, at) {
  const out = {};
  if (!isObject(map)) return out;
  for (const [name, schema] of Object.entries(map))
    out[name] = translateSchema(schema, ctx, childPointer(at, name));
  return out;
}
/** Translates the non-schema components (parameters, requestBodies, responses) at their schema positions. */
function translateWrapped(map, ctx, at) {
  const out = {};
  if (!isObject(map)) return out;
  for (const [name, entry] of Object.entries(map))
    out[name] = translateNonSchema(entry, ctx, childPointer(at, name));
  return out;
}
function translateNonSchema(entry, ctx, at) {
  if (!isObject(entry)) return entry;
  const out = { ...entry };
  if (typeof entry.$ref === "string") out.$ref = rewriteRef(entry.$ref, ctx);
  if ("schema" in entry) out.schema = translateSchema(entry.schema, ctx, childPointer(at, "schema"));
  if (isObject(entry.content)) {
    const content = {};
    for (const [type, media] of Object.entries(entry.content)) {
      content[type] = isObject(media)
        ? { schema: translateSchema(media.schema, ctx, childPointer(at, "content", type, "schema")) }
        : media;
    }
    out.content = content;
  }
  return out;
}
/**
 * Builds the single document Ajv receives per spec and direction: `{ $id, components }`. Operations then
 * reference `<$id>#/components/schemas/X`, which keeps recursive schemas (IssueBean -> ... -> IssueBean)
 * as references instead of unbounded inlining.
 */
export function translateComponents(doc, ctx) {
  const components = isObject(doc.components) ? doc.components : {};
  return {
    $id: ctx.baseUri,
    components: {
      schemas: translateSchemaMap(components.schemas, ctx, "#/components/schemas"),
      parameters: translateWrapped(components.parameters, ctx, "#/components/parameters"),
      requestBodies: translateWrapped(components.requestBodies, ctx, "#/components/requestBodies"),
      responses: translateWrapped(components.responses, ctx, "#/components/responses"),
    },
  };
}
//# sourceMappingURL=schema-translate.js.map
