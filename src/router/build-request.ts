import type { ArgBinding, ToolDefinition } from "../catalog/load.js";
import type { Deployment, HttpMethod } from "../catalog/types.js";

type RichTextModule = typeof import("../rich-text/index.js");

let richTextModule: RichTextModule | undefined;

/**
 * Loads the write-side converters (Markdown parser, ADF schema validator). Reads never need them,
 * so the pipeline calls this only before building a request that may carry rich text.
 */
export async function loadRichText(): Promise<void> {
  richTextModule ??= await import("../rich-text/index.js");
}

function converters(): RichTextModule {
  if (!richTextModule) throw new Error("rich-text converters not loaded: call loadRichText() first");
  return richTextModule;
}

import { ArgumentError } from "./errors.js";

/** An Atlassian request before auth and transport: what the router decides from the arguments alone. */
export interface PreparedRequest {
  product: "jira" | "confluence" | "platform";
  method: HttpMethod;
  path: string;
  query: Array<[string, string]>;
  body?: { json: unknown } | { multipart: FormData } | { raw: string; contentType: string };
  headers: Record<string, string>;
}

/**
 * Splits flat arguments into path, query and body by the tool's bindings. Path values are always
 * percent-encoded, and dot segments are refused, so no argument can change which endpoint is hit.
 */
export function buildRequest(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  deployment: Deployment,
): PreparedRequest {
  const endpoint = tool.spec[deployment];
  if (!endpoint) {
    throw new ArgumentError(
      `${tool.name} is not available on ${deployment === "cloud" ? "Jira/Confluence Cloud" : "Data Center"}.`,
    );
  }
  const query: Array<[string, string]> = [];
  let body: Record<string, unknown> | undefined;
  let path = endpoint.path;
  for (const [arg, binding] of tool.bindings) {
    const value = args[arg];
    if (value === undefined || binding.in === "control") continue;
    if (binding.in === "path") {
      path = path.replace(`{${binding.target}}`, encodePathValue(arg, value));
    } else if (binding.in === "query") {
      addQuery(query, binding, value);
    } else {
      body ??= {};
      const v = bodyValue(arg, binding, value, deployment);
      if (binding.merge) mergePath(body, binding.target, arg, v);
      else setPath(body, binding.target, v);
    }
  }
  const missing = /\{([^}]+)\}/.exec(path);
  if (missing) throw new ArgumentError(`missing required argument "${missing[1]}"`);
  for (const [k, v] of Object.entries(tool.spec.defaultQuery ?? {}))
    if (!query.some(([q]) => q === k)) query.push([k, v]);
  for (const [k, v] of Object.entries(tool.spec.fixedQuery ?? {})) query.push([k, v]);
  const headers = { ...(tool.spec.headers ?? {}) };
  const sendsBody =
    endpoint.method !== "GET" &&
    (body !== undefined || endpoint.method === "POST" || endpoint.method === "PUT");
  return {
    product: tool.spec.platform ? "platform" : tool.integration,
    method: endpoint.method,
    path,
    query,
    body: sendsBody && body !== undefined ? { json: body } : undefined,
    headers,
  };
}

export function encodePathValue(arg: string, value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number") {
    throw new ArgumentError(`"${arg}" must be a string or number`);
  }
  const text = String(value);
  if (text === "" || /^\.+$/.test(text))
    throw new ArgumentError(`"${arg}" must be an identifier, got ${JSON.stringify(text)}`);
  if (text.length > 255) throw new ArgumentError(`"${arg}" is too long (${text.length} characters)`);
  return encodeURIComponent(text);
}

function addQuery(query: Array<[string, string]>, binding: ArgBinding, value: unknown): void {
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    if (binding.multi) for (const v of value) query.push([binding.target, String(v)]);
    else query.push([binding.target, value.map(String).join(",")]);
    return;
  }
  query.push([binding.target, typeof value === "object" ? JSON.stringify(value) : String(value)]);
}

function bodyValue(arg: string, binding: ArgBinding, value: unknown, deployment: Deployment): unknown {
  let v = value;
  if (binding.richText) v = richText(arg, v, deployment);
  if (binding.confluenceBody) {
    const adf = richText(arg, v, "cloud");
    v = { representation: "atlas_doc_format", value: JSON.stringify(adf) };
  }
  if (binding.wrap) {
    // Data Center names users by username where Cloud uses accountId.
    const key = binding.wrap === "accountId" && deployment === "datacenter" ? "name" : binding.wrap;
    const wrapOne = (x: unknown) => {
      if (key === "idOrKey") return /^\d+$/.test(String(x)) ? { id: String(x) } : { key: x };
      return { [key]: x };
    };
    v = Array.isArray(v) ? v.map(wrapOne) : v === null ? null : wrapOne(v);
  }
  if (binding.asArray && !Array.isArray(v)) v = [v];
  return v;
}

/**
 * The longest Markdown argument that is converted. Parsing is synchronous and costs ~5 ms per KiB on a
 * small server (a 1 MiB text would hold the event loop, and every other tenant of a gateway, for
 * seconds); Jira text fields stop at 32,767 characters anyway, and a longer Confluence page can be sent
 * in parts or as an ADF document.
 */
export const MAX_MARKDOWN_CHARS = 100_000;

/**
 * Markdown (what models write) becomes ADF on Cloud and wiki markup on Data Center; an ADF object is
 * passed through on Cloud (after a schema check) and rendered to wiki markup on Data Center.
 */
export function richText(arg: string, value: unknown, deployment: Deployment): unknown {
  if (value === null) return null;
  const { adfToWiki, markdownToAdf, markdownToWiki, validateAdf } = converters();
  if (typeof value === "string") {
    if (value.length > MAX_MARKDOWN_CHARS)
      throw new ArgumentError(
        `"${arg}" is ${value.length.toLocaleString("en-US")} characters of Markdown; at most ${MAX_MARKDOWN_CHARS.toLocaleString("en-US")} are converted (split the text, or send an ADF document)`,
      );
    return deployment === "cloud" ? markdownToAdf(value) : markdownToWiki(value);
  }
  if (typeof value === "object" && (value as { type?: unknown }).type === "doc") {
    const check = validateAdf(value);
    if (!check.valid)
      throw new ArgumentError(`"${arg}" is not a valid ADF document: ${check.errors.slice(0, 3).join("; ")}`);
    return deployment === "cloud" ? value : adfToWiki(value);
  }
  throw new ArgumentError(`"${arg}" must be Markdown text or an ADF document`);
}

/** `fields: {...}` escape hatch: its keys join the fields the named arguments set (named ones win). */
function mergePath(target: Record<string, unknown>, path: string, arg: string, value: unknown): void {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ArgumentError(`"${arg}" must be an object`);
  }
  const parts = path.split(".");
  let cur = target;
  for (const part of parts) {
    const next = cur[part];
    if (next === undefined || next === null || typeof next !== "object") cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  for (const [k, v] of Object.entries(value)) if (!(k in cur)) cur[k] = v;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let cur = target;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === undefined || next === null || typeof next !== "object") cur[part] = {};
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}
