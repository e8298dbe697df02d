import type { AtlassianRequest, AtlassianResponse } from "../atlassian/index.js";
import { AtlassianError } from "../atlassian/index.js";
import type { ToolDefinition } from "../catalog/load.js";
import type { Deployment } from "../catalog/types.js";
import { capText, DEFAULT_MAX_RESULT_CHARS } from "../format/index.js";
import { shapeResult } from "../format/shape.js";
import { buildRequest, loadRichText, type PreparedRequest } from "../router/build-request.js";
import { type CursorState, decodeCursor, encodeCursor } from "../router/cursor.js";
import { ArgumentError } from "../router/errors.js";
import { runRequestHook, runResponseHook } from "../router/hooks.js";
import { pageQuery, pageResult } from "../router/pagination.js";
import { validateArgs } from "../router/validate.js";

/** The one thing the pipeline needs from the Atlassian client; the gateway wraps it per account. */
export interface Upstream {
  request(req: AtlassianRequest): Promise<AtlassianResponse>;
}

export interface ExecuteOptions {
  upstream: Upstream;
  deployment: Deployment;
  /** Server-wide default for `raw` (a gateway server setting). */
  raw?: boolean;
  maxResultChars?: number;
  /** stdio only: directories a local attachment path may come from. */
  attachmentDirs?: string[];
  signal?: AbortSignal;
}

export interface ToolOutcome {
  result: {
    content: Array<{ type: "text"; text: string }>;
    isError?: boolean;
    structuredContent?: Record<string, unknown>;
  };
  /** For audit records and logs: what happened upstream and where the time went. */
  upstreamStatus: number | null;
  timings: { mcpProcessingMs: number; atlassianApiMs: number; responseFormatMs: number };
  error?: { kind: "arguments" | "atlassian" | "internal"; message: string };
}

/**
 * Runs one tool call end to end: validate → route → (hook) → Atlassian → page/shape/cap. Every
 * failure becomes a tool result with `isError: true` a model can act on; nothing throws out of here.
 */
export async function executeTool(
  tool: ToolDefinition,
  rawArgs: unknown,
  options: ExecuteOptions,
): Promise<ToolOutcome> {
  const t0 = performance.now();
  let apiMs = 0;
  let formatMs = 0;
  let upstreamStatus: number | null = null;
  const timings = () => ({
    mcpProcessingMs: Math.max(0, performance.now() - t0 - apiMs - formatMs),
    atlassianApiMs: apiMs,
    responseFormatMs: formatMs,
  });
  const call = async (req: PreparedRequest, accept?: "json" | "binary"): Promise<AtlassianResponse> => {
    const started = performance.now();
    try {
      const res = await options.upstream.request({ ...req, accept, signal: options.signal });
      upstreamStatus = res.status;
      return res;
    } catch (e) {
      if (e instanceof AtlassianError) upstreamStatus = e.status;
      throw e;
    } finally {
      apiMs += performance.now() - started;
    }
  };
  try {
    const args = validateArgs(tool, rawArgs);
    const raw = typeof args.raw === "boolean" ? args.raw : (options.raw ?? false);
    if (tool.access === "write") await loadRichText();
    let request = buildRequest(tool, args, options.deployment);
    let paging: { limit: number; state: CursorState } | undefined;
    const pagination =
      options.deployment === "datacenter" && tool.spec.datacenterPagination
        ? tool.spec.datacenterPagination
        : tool.spec.pagination;
    if (tool.kind === "list" && pagination) {
      const asked = args.limit as number | undefined;
      if (asked !== undefined && asked < 1)
        throw new ArgumentError(`"limit" must be at least 1, got ${asked}`);
      const limit = Math.min(asked ?? pagination.defaultPageSize, pagination.maxPageSize);
      const state = typeof args.next_cursor === "string" ? decodeCursor(tool.name, args.next_cursor) : {};
      paging = { limit, state };
      request = { ...request, query: [...request.query, ...pageQuery(pagination, limit, state)] };
    }
    if (tool.spec.hooks?.request) {
      request = await runRequestHook(tool.spec.hooks.request, {
        tool,
        args,
        request,
        deployment: options.deployment,
        call,
        attachmentDirs: options.attachmentDirs,
      });
    }
    const binary =
      tool.spec.hooks?.response === "attachment_download" ||
      tool.spec.hooks?.response === "confluence_attachment_download";
    const response = await call(request, binary ? "binary" : "json");

    const f0 = performance.now();
    let payload: unknown;
    if (tool.spec.hooks?.response) {
      payload = await runResponseHook(tool.spec.hooks.response, {
        tool,
        args,
        response,
        deployment: options.deployment,
      });
    } else if (paging && pagination) {
      const { items, next } = pageResult(pagination, response.body, paging.limit, paging.state);
      payload = {
        result: raw ? items : shapeResult(tool, items, options.deployment, "list"),
        next_cursor: next ? encodeCursor(tool.name, next) : null,
      };
    } else if (response.body === undefined || response.body === "") {
      payload = { ok: true, status: response.status };
    } else {
      let body: unknown = response.body;
      if (tool.spec.itemsPath) body = pickPath(body, tool.spec.itemsPath);
      payload = raw ? body : shapeResult(tool, body, options.deployment, "one");
    }
    const text = capText(JSON.stringify(payload), options.maxResultChars ?? DEFAULT_MAX_RESULT_CHARS);
    formatMs = performance.now() - f0;
    return { result: { content: [{ type: "text", text }] }, upstreamStatus, timings: timings() };
  } catch (e) {
    return failure(tool, e, upstreamStatus, timings());
  }
}

function pickPath(body: unknown, path: string): unknown {
  let cur = body;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function failure(
  tool: ToolDefinition,
  e: unknown,
  upstreamStatus: number | null,
  timings: ToolOutcome["timings"],
): ToolOutcome {
  let text: string;
  let kind: "arguments" | "atlassian" | "internal";
  if (e instanceof ArgumentError) {
    kind = "arguments";
    text = e.message;
  } else if (e instanceof AtlassianError) {
    kind = "atlassian";
    const said = e.atlassianMessages.length > 0 ? ` Atlassian says: ${e.atlassianMessages.join(" ")}` : "";
    text = `${tool.name} failed${e.status ? ` (HTTP ${e.status})` : ""}.${said} ${e.hint}`.trim();
  } else {
    kind = "internal";
    text = `${tool.name} failed: ${e instanceof Error ? e.message : String(e)}`;
  }
  return {
    result: { content: [{ type: "text", text }], isError: true },
    upstreamStatus,
    timings,
    error: { kind, message: text },
  };
}
