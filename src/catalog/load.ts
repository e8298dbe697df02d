import { isStandardMethod, SNAKE_CASE, toolName } from "./naming.js";
import type { Deployment, DocRecord, Endpoint, JsonSchema, MethodSpec, ResourceSpec } from "./types.js";

/** Arguments every list tool gets, and every tool's `raw` switch: reserved, never in a record. */
export const CONTROL_ARGS = new Set(["limit", "next_cursor", "raw"]);

/** Where a flat argument goes in the Atlassian request. */
export interface ArgBinding {
  in: "path" | "query" | "body" | "control";
  /** Path parameter name, Atlassian query name, or dotted body path. */
  target: string;
  wrap?: string;
  richText?: boolean;
  confluenceBody?: boolean;
  asArray?: boolean;
  /** Merge an object argument's keys into the target object instead of replacing it. */
  merge?: boolean;
  /** Query arrays are sent comma-separated (Atlassian's convention) unless `multi` says repeat the key. */
  multi?: boolean;
}

export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  integration: ResourceSpec["integration"];
  resource: string;
  method: string;
  kind: "list" | "get" | "create" | "update" | "delete" | "custom";
  access: "read" | "write";
  tags: string[];
  annotations: {
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    openWorldHint: boolean;
  };
  /** What clients see: strict-client-safe JSON Schema, no `x-` annotations. */
  inputSchema: JsonSchema;
  /** What arguments are validated against: `inputSchema` refusing unknown arguments. */
  strictSchema: JsonSchema;
  spec: MethodSpec;
  bindings: Map<string, ArgBinding>;
  deployments: Deployment[];
}

export class CatalogError extends Error {
  constructor(
    readonly record: string,
    message: string,
  ) {
    super(`catalog record ${record}: ${message}`);
    this.name = "CatalogError";
  }
}

/**
 * Joins resources and documentation records into tool definitions, checking every rule a broken
 * record could violate, so a bad catalog stops the start with a message naming the record instead
 * of surfacing as a confusing tool error later.
 */
export function buildCatalog(resources: ResourceSpec[], docs: DocRecord[]): ToolDefinition[] {
  const byKey = new Map<string, { resource: ResourceSpec; method: MethodSpec }>();
  for (const resource of resources) {
    const where = `${resource.integration}.${resource.name}`;
    if (!SNAKE_CASE.test(resource.name)) throw new CatalogError(where, "resource name must be snake_case");
    if (resource.singular !== undefined && !SNAKE_CASE.test(resource.singular)) {
      throw new CatalogError(where, "singular must be snake_case");
    }
    if (resource.tags.length === 0) throw new CatalogError(where, "a resource needs at least one tag");
    for (const [name, method] of Object.entries(resource.methods)) {
      const key = `${where}.${name}`;
      if (!SNAKE_CASE.test(name)) throw new CatalogError(key, "method name must be snake_case");
      if (byKey.has(key)) throw new CatalogError(key, "declared twice");
      if (!method.cloud && !method.datacenter) throw new CatalogError(key, "no endpoint on any deployment");
      if (!isStandardMethod(name) && !method.access)
        throw new CatalogError(key, "custom methods must say access: read or write");
      if (name === "list" && !method.pagination)
        throw new CatalogError(key, "list methods need a pagination style");
      checkEndpoints(key, method);
      byKey.set(key, { resource, method });
    }
  }

  const tools: ToolDefinition[] = [];
  const names = new Set<string>();
  const seenDocs = new Set<string>();
  for (const doc of docs) {
    const key = `${doc.integration}.${doc.resource}.${doc.method}`;
    if (seenDocs.has(key)) throw new CatalogError(key, "documented twice");
    seenDocs.add(key);
    const found = byKey.get(key);
    if (!found) throw new CatalogError(key, "documents a method no resource declares");
    const tool = buildTool(key, found.resource, doc.method, found.method, doc);
    if (names.has(tool.name)) throw new CatalogError(key, `tool name ${tool.name} is taken`);
    names.add(tool.name);
    tools.push(tool);
  }
  return tools;
}

function checkEndpoints(key: string, method: MethodSpec): void {
  const params = (e: Endpoint | undefined) =>
    e ? [...e.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort() : null;
  const cloud = params(method.cloud);
  const dc = params(method.datacenter);
  for (const list of [cloud, dc]) {
    for (const p of list ?? [])
      if (!SNAKE_CASE.test(p)) throw new CatalogError(key, `path parameter {${p}} must be snake_case`);
  }
  if (cloud && dc && cloud.join() !== dc.join()) {
    throw new CatalogError(key, "Cloud and Data Center paths must take the same path parameters");
  }
}

function buildTool(
  key: string,
  resource: ResourceSpec,
  methodName: string,
  spec: MethodSpec,
  doc: DocRecord,
): ToolDefinition {
  if (!doc.title?.trim()) throw new CatalogError(key, "title is empty");
  if (!doc.description?.trim()) throw new CatalogError(key, "description is empty");
  const kind = isStandardMethod(methodName) ? methodName : "custom";
  const access = kind === "list" || kind === "get" ? "read" : kind === "custom" ? spec.access! : "write";
  const takesId = (kind === "get" || kind === "update" || kind === "delete") && !spec.singleton;
  const name = toolName(resource.integration, resource, methodName, takesId);

  const bindings = new Map<string, ArgBinding>();
  const properties: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  const claim = (arg: string, binding: ArgBinding, schema: JsonSchema, where: string) => {
    if (!SNAKE_CASE.test(arg)) throw new CatalogError(key, `${where} argument "${arg}" must be snake_case`);
    if (CONTROL_ARGS.has(arg)) throw new CatalogError(key, `${where} argument "${arg}" is reserved`);
    const previous = bindings.get(arg);
    if (previous) {
      // The collision rule: one flat name, one place. Rename with x-name (query) or x-in (body).
      throw new CatalogError(key, `argument "${arg}" is both a ${previous.in} and a ${where} parameter`);
    }
    bindings.set(arg, binding);
    properties[arg] = publicSchema(key, arg, schema);
  };

  const endpoint = spec.cloud ?? spec.datacenter!;
  for (const m of endpoint.path.matchAll(/\{([^}]+)\}/g)) {
    const param = m[1];
    const description = doc.path?.[param];
    // An empty description is allowed where the name says it all (`page_id`); every token counts.
    if (typeof description !== "string")
      throw new CatalogError(key, `path parameter {${param}} is not documented`);
    claim(
      param,
      { in: "path", target: param },
      description ? { type: "string", description } : { type: "string" },
      "path",
    );
    required.add(param);
  }
  for (const extra of Object.keys(doc.path ?? {})) {
    if (!bindings.has(extra))
      throw new CatalogError(key, `path description for unknown parameter {${extra}}`);
  }
  for (const [section, schema] of [
    ["query", doc.query],
    ["body", doc.body],
  ] as const) {
    if (!schema) continue;
    if (schema.type !== "object" || !schema.properties)
      throw new CatalogError(key, `${section} schema must be an object with properties`);
    for (const [arg, prop] of Object.entries(schema.properties)) {
      const binding: ArgBinding =
        section === "query"
          ? { in: "query", target: (prop["x-name"] as string) ?? arg, multi: prop["x-multi"] === true }
          : {
              in: "body",
              target: (prop["x-in"] as string) ?? arg,
              wrap: prop["x-wrap"] as string | undefined,
              richText: prop["x-format"] === "rich-text",
              confluenceBody: prop["x-format"] === "confluence-body",
              asArray: prop["x-array"] === true,
              merge: prop["x-merge"] === true,
            };
      claim(arg, binding, prop, section);
    }
    for (const r of schema.required ?? []) required.add(r);
  }
  for (const r of doc.required ?? []) required.add(r);
  for (const r of required)
    if (!bindings.has(r)) throw new CatalogError(key, `required argument "${r}" is not defined`);

  if (kind === "list") {
    // Kept terse on purpose: every listed tool pays for these tokens. The pipeline clamps `limit`
    // to Atlassian's page cap, so the schema need not state it.
    properties.limit = { type: "integer" };
    properties.next_cursor = { type: "string", description: "Pass back unchanged." };
    bindings.set("limit", { in: "control", target: "limit" });
    bindings.set("next_cursor", { in: "control", target: "next_cursor" });
  }
  // `raw` is accepted by every tool but not advertised per tool (the server instructions mention it),
  // so it costs no tokens in tools/list; the validator strips it before checking the schema.
  bindings.set("raw", { in: "control", target: "raw" });

  // Published without `additionalProperties: false` (tokens); unknown arguments are still refused,
  // because the validator checks the strict variant (`strictSchema`).
  const inputSchema: JsonSchema = { type: "object", properties };
  if (required.size > 0) inputSchema.required = [...required];
  const strictSchema: JsonSchema = { ...inputSchema, additionalProperties: false };

  const destructive = kind === "delete" || spec.destructive === true;
  const idempotent = kind === "custom" ? (spec.idempotent ?? access === "read") : kind !== "create";
  const tags = [...new Set([resource.integration, ...resource.tags, ...(doc.core ? ["core"] : [])])];
  const deployments: Deployment[] = [];
  if (spec.cloud) deployments.push("cloud");
  if (spec.datacenter) deployments.push("datacenter");
  return {
    name,
    title: doc.title,
    description: doc.description,
    integration: resource.integration,
    resource: resource.name,
    method: methodName,
    kind,
    access,
    tags,
    annotations: {
      readOnlyHint: access === "read",
      destructiveHint: access === "write" && destructive,
      idempotentHint: idempotent,
      openWorldHint: true,
    },
    inputSchema,
    strictSchema,
    spec,
    bindings,
    deployments,
  };
}

const KEEP = new Set([
  "type",
  "description",
  "enum",
  "items",
  "properties",
  "required",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "additionalProperties",
  "default",
]);

/** Strips our annotations and checks the schema is one strict clients accept. */
function publicSchema(key: string, arg: string, schema: JsonSchema, depth = 0): JsonSchema {
  if (depth > 8) throw new CatalogError(key, `argument "${arg}" nests too deep`);
  if (!schema || typeof schema !== "object") throw new CatalogError(key, `argument "${arg}" has no schema`);
  for (const k of ["anyOf", "oneOf", "allOf", "$ref", "not"]) {
    if (k in schema) throw new CatalogError(key, `argument "${arg}" uses ${k}; strict clients refuse it`);
  }
  if (schema.type === undefined) throw new CatalogError(key, `argument "${arg}" has no type`);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith("x-")) continue;
    if (!KEEP.has(k)) throw new CatalogError(key, `argument "${arg}" uses unsupported keyword ${k}`);
    out[k] = v;
  }
  if (types.includes("array")) {
    if (!schema.items) throw new CatalogError(key, `array argument "${arg}" needs items`);
    out.items = publicSchema(key, `${arg}[]`, schema.items, depth + 1);
  }
  if (schema.properties) {
    out.properties = {};
    for (const [name, prop] of Object.entries(schema.properties)) {
      (out.properties as Record<string, JsonSchema>)[name] = publicSchema(
        key,
        `${arg}.${name}`,
        prop,
        depth + 1,
      );
    }
  }
  return out;
}
