import type { Context } from "hono";
import { z } from "zod";
import type { ApiKeyRecord, AuditRecord, IntegratedAccount, McpServerRecord } from "../storage/types.js";
import { ApiError, fromZod } from "./errors.js";

/** Reads and validates a JSON body; a missing, non-JSON or mistyped body is a 400 before any write. */
export async function readBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header("content-type");
  if (type !== undefined && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) {
    throw new ApiError(
      415,
      "unsupported_media_type",
      "the body must be JSON (Content-Type: application/json)",
    );
  }
  const text = await c.req.text();
  if (text.trim() === "") throw new ApiError(400, "invalid_json", "a JSON body is required");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, "invalid_json", `the body is not valid JSON: ${(e as Error).message}`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw fromZod(result.error, "body");
  return result.data;
}

export function readQuery<T extends z.ZodType>(c: Context, schema: T): z.infer<T> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) throw fromZod(result.error, "query");
  return result.data;
}

const idSchema = z.uuid({ error: "must be a UUID" });

/** Path ids are UUIDs; anything else is answered 400 without touching the database. */
export function readId(c: Context, name: string): string {
  const result = idSchema.safeParse(c.req.param(name));
  if (!result.success) {
    throw new ApiError(400, "invalid_request", `invalid path at ${name}: must be a UUID`, [
      { location: "path", path: name, message: "must be a UUID" },
    ]);
  }
  return result.data;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The public view of an account: everything but the credential. */
export function accountView(a: IntegratedAccount) {
  return {
    id: a.id,
    name: a.name,
    auth_type: a.authType,
    site_url: a.siteUrl,
    cloud_id: a.cloudId,
    deployment: a.deployment,
    status: a.status,
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
  };
}

/** An MCP server without its token (which exists only in the creation response). */
export function serverView(s: McpServerRecord) {
  return {
    id: s.id,
    name: s.name,
    config: s.config,
    integrated_account_id: s.integratedAccountId,
    expires_at: iso(s.expiresAt),
    require_api_token_auth: s.requireApiTokenAuth,
    created_at: iso(s.createdAt),
    updated_at: iso(s.updatedAt),
  };
}

export function apiKeyView(k: ApiKeyRecord) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    created_at: iso(k.createdAt),
    last_used_at: iso(k.lastUsedAt),
    revoked_at: iso(k.revokedAt),
  };
}

export function auditView(r: AuditRecord) {
  return {
    id: r.id,
    at: iso(r.at),
    at_ms: r.at,
    action: r.action,
    actor: r.actor,
    integrated_account_id: r.integratedAccountId,
    mcp_server_id: r.mcpServerId,
    tool: r.tool,
    args_digest: r.argsDigest,
    upstream_status: r.upstreamStatus,
    outcome: r.outcome,
    durations: r.durations,
    detail: r.detail,
  };
}
