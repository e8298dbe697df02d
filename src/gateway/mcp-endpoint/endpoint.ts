import { createMcpHandler, type McpHttpHandler } from "@modelcontextprotocol/server";
import type { Context, Hono } from "hono";
import { createMcpServer } from "../../mcp/server.js";
import { VERSION } from "../../version.js";
import { bearerKey } from "../admin/auth.js";
import type { GatewayContext } from "../admin/context.js";
import { toolCallRecord } from "../observability/audit.js";
import type { McpServerResolution } from "../storage/types.js";
import { hostAllowed, originAllowed } from "./origin.js";
import type { RateLimiter } from "./rate-limit.js";
import { ToolSetCache } from "./tool-sets.js";

/** JSON-RPC error codes for refusals that happen before the MCP layer sees the request. */
const JSONRPC_UNAUTHORIZED = -32001;
const JSONRPC_FORBIDDEN = -32003;
const JSONRPC_TOO_LARGE = -32004;
const JSONRPC_RATE_LIMITED = -32029;

function rpcError(
  c: Context,
  status: 401 | 403 | 413 | 429,
  code: number,
  message: string,
  headers: Record<string, string> = {},
  data?: Record<string, unknown>,
): Response {
  return c.json(
    { jsonrpc: "2.0", id: null, error: { code, message, ...(data ? { data } : {}) } },
    status,
    headers,
  );
}

export interface McpEndpoint {
  /** Stops the SDK handler (aborts modern exchanges still open). */
  close(): Promise<void>;
}

/**
 * `/mcp/:token`: Streamable HTTP, stateless. Every request resolves its token, passes the gates
 * (origin, size, optional API key, rate limit) and is then served by a fresh MCP server built from
 * the MCP server's filters and its account; only the tool selection (a `ToolSetCache` entry) is
 * reused between requests. The SDK's `createMcpHandler` answers both protocol eras: 2026-07-28
 * natively and 2025-era clients through its stateless fallback; the resolved server travels to the
 * factory in `authInfo.extra`, the pass-through channel the SDK provides for this.
 */
export function mountMcpEndpoint(app: Hono<any>, ctx: GatewayContext, limiter: RateLimiter): McpEndpoint {
  const toolSets = new ToolSetCache(ctx.catalog);
  const handler: McpHttpHandler = createMcpHandler(
    (req) => {
      const resolution = req.authInfo?.extra?.resolution as McpServerResolution | undefined;
      if (!resolution) throw new Error("MCP request reached the server factory without a resolved server");
      return buildServer(ctx, resolution, toolSets) as any;
    },
    {
      maxRequestBodySize: ctx.maxBodyBytes,
      onerror: (e) => ctx.logger.debug({ err: e.message }, "mcp transport error"),
    },
  );

  let lastSweep = Number.NEGATIVE_INFINITY;

  app.all("/mcp/:token", async (c) => {
    const host = c.req.header("host");
    if (!hostAllowed(host, ctx.publicUrl, ctx.loopbackOnly)) {
      ctx.metrics.inboundRejections.inc({ reason: "origin" });
      return rpcError(c, 403, JSONRPC_FORBIDDEN, "Host is not allowed to call this MCP server");
    }
    const origin = c.req.header("origin");
    if (!originAllowed(origin, ctx.publicUrl, ctx.allowedOrigins)) {
      ctx.metrics.inboundRejections.inc({ reason: "origin" });
      return rpcError(c, 403, JSONRPC_FORBIDDEN, `Origin ${origin} is not allowed to call this MCP server`);
    }

    let request = c.req.raw;
    if (c.req.method === "POST") {
      const declared = Number(c.req.header("content-length") ?? Number.NaN);
      // The rest of an oversized body is not read, so the connection is closed after the 413
      // (announced, so a keep-alive client does not reuse a socket that is about to be reset).
      const tooLarge = () =>
        rpcError(c, 413, JSONRPC_TOO_LARGE, `request body exceeds ${ctx.maxBodyBytes} bytes`, {
          Connection: "close",
        });
      if (Number.isFinite(declared) && declared > ctx.maxBodyBytes) {
        ctx.metrics.inboundRejections.inc({ reason: "body_size" });
        return tooLarge();
      }
      const body = await readLimited(c.req.raw, ctx.maxBodyBytes);
      if (body === null) {
        ctx.metrics.inboundRejections.inc({ reason: "body_size" });
        return tooLarge();
      }
      request = new Request(c.req.raw.url, {
        method: "POST",
        headers: c.req.raw.headers,
        body,
        signal: c.req.raw.signal,
      });
    }

    const token = c.req.param("token");
    const resolution = /^[A-Za-z0-9_-]{16,200}$/.test(token)
      ? await ctx.repos.mcpServers.findByToken(token)
      : null;
    if (!resolution) {
      // The token may belong to a server that just expired: remove such rows now rather than at the next sweep.
      const now = ctx.now();
      if (now - lastSweep > 5_000) {
        lastSweep = now;
        ctx.track(ctx.repos.mcpServers.deleteExpired(now).catch(() => 0));
      }
      ctx.metrics.inboundRejections.inc({ reason: "auth" });
      return rpcError(c, 401, JSONRPC_UNAUTHORIZED, "unknown or expired MCP server URL");
    }
    const { server, team } = resolution;

    if (server.requireApiTokenAuth) {
      const key = bearerKey(c.req.header("authorization"));
      const found = key ? await ctx.repos.apiKeys.findByKey(key) : null;
      if (!found || found.team.id !== team.id) {
        ctx.metrics.inboundRejections.inc({ reason: "auth" });
        return rpcError(
          c,
          401,
          JSONRPC_UNAUTHORIZED,
          "this MCP server requires Authorization: Bearer <API key> of its team",
          { "WWW-Authenticate": 'Bearer realm="atlasgate"' },
        );
      }
      ctx.track(ctx.repos.apiKeys.touch(team.id, found.key.id).catch(() => false));
    }

    if (c.req.method === "POST") {
      const decision = await limiter.take(server.id);
      if (!decision.allowed) {
        ctx.metrics.inboundRejections.inc({ reason: "rate_limit" });
        return rpcError(
          c,
          429,
          JSONRPC_RATE_LIMITED,
          `rate limit of this MCP server reached; retry in ${decision.retryAfterSeconds} s`,
          { "Retry-After": String(decision.retryAfterSeconds) },
          { retry_after_seconds: decision.retryAfterSeconds },
        );
      }
    }

    return handler.fetch(request, {
      authInfo: { token: "<mcp-url-token>", clientId: server.id, scopes: [], extra: { resolution } },
    });
  });

  return { close: () => handler.close() };
}

/** Reads at most `limit` bytes; null when the body is longer. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A fresh MCP server for one request, with the stored filters applied to the account's deployment. */
function buildServer(ctx: GatewayContext, resolution: McpServerResolution, toolSets: ToolSetCache) {
  const { server, account, team } = resolution;
  return createMcpServer({
    toolSet: toolSets.get(server.config, account.deployment),
    deployment: account.deployment,
    version: VERSION,
    execute: { upstream: ctx.upstreams.upstreamFor(account) },
    onToolCall: (event) => {
      const record = toolCallRecord(
        { teamId: team.id, integratedAccountId: account.id, mcpServerId: server.id },
        event,
        ctx.now(),
      );
      ctx.metrics.toolCalls.inc({ tool: event.tool, outcome: record.outcome });
      ctx.metrics.upstreamLatency.observe({ tool: event.tool }, event.outcome.timings.atlassianApiMs / 1000);
      ctx.logger.info(
        {
          event: "tool_call",
          team_id: team.id,
          integrated_account_id: account.id,
          mcp_server_id: server.id,
          tool: event.tool,
          outcome: record.outcome,
          upstream_status: record.upstreamStatus,
          error_kind: event.outcome.error?.kind,
          durations_ms: record.durations,
        },
        "tool call",
      );
      // Awaited (through createMcpServer) before the answer goes out: an acknowledged call has its record.
      const write = ctx.repos.audit.append(record).then(
        () => {},
        (e: Error) => {
          ctx.logger.error({ err: e.message, mcp_server_id: server.id }, "audit write failed");
        },
      );
      ctx.track(write);
      return write;
    },
  });
}
