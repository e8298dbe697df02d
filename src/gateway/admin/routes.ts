import type { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { knownMethodWords, knownTags, selectTools } from "../../mcp/filters.js";
import type { IntegratedAccount, McpServerConfig, NewAuditRecord } from "../storage/types.js";
import { apiKeyAuth } from "./auth.js";
import type { AdminEnv, AdminPrincipal, GatewayContext } from "./context.js";
import { ApiError, errorBody, notFound } from "./errors.js";
import { accountView, apiKeyView, auditView, readBody, readId, readQuery, serverView } from "./http.js";
import {
  auditQuerySchema,
  createAccountSchema,
  createApiKeySchema,
  createMcpSchema,
  emptyQuerySchema,
  listQuerySchema,
  patchMcpSchema,
} from "./schemas.js";
import { normalizeSiteUrl } from "./verify-credentials.js";

/** Admin bodies are small JSON documents; anything bigger is a mistake or an attack. */
export const ADMIN_MAX_BODY_BYTES = 64 * 1024;

/** An MCP server must outlive its creation by at least this much, or it is a typo, not a plan. */
export const MIN_LIFETIME_MS = 60_000;

/** Mounts the admin REST API on `app`. Every route below runs behind the API key check. */
export function mountAdminRoutes(app: Hono<AdminEnv>, ctx: GatewayContext): void {
  const auth = apiKeyAuth(ctx);
  const limit = bodyLimit({
    maxSize: ADMIN_MAX_BODY_BYTES,
    // The rest of the oversized body is never read, so the connection cannot carry another request:
    // say so, or a keep-alive client reuses a socket the server is about to reset.
    onError: (c) =>
      c.json(errorBody("payload_too_large", `the body exceeds ${ADMIN_MAX_BODY_BYTES} bytes`), 413, {
        Connection: "close",
      }),
  });
  for (const path of [
    "/integrated-account",
    "/integrated-account/*",
    "/audit-log",
    "/api-keys",
    "/api-keys/*",
  ]) {
    app.use(path, auth, limit);
  }

  const audit = (p: AdminPrincipal, rec: Omit<NewAuditRecord, "teamId" | "actor">) =>
    ctx.repos.audit.append({ ...rec, teamId: p.team.id, actor: p.key.id, at: ctx.now() });

  const accountOr404 = async (teamId: string, id: string): Promise<IntegratedAccount> => {
    const account = await ctx.repos.accounts.get(teamId, id);
    if (!account) throw notFound("integrated account");
    return account;
  };

  // ---------------------------------------------------------------- integrated accounts

  app.post("/integrated-account", async (c) => {
    const p = c.get("principal");
    const body = await readBody(c, createAccountSchema);
    const { auth } = body;
    if (auth.type === "oauth") {
      if (!ctx.oauth) {
        throw new ApiError(
          400,
          "oauth_not_configured",
          "OAuth is not configured on this gateway: set ATLASSIAN_OAUTH_CLIENT_ID and ATLASSIAN_OAUTH_CLIENT_SECRET",
        );
      }
      const { account, authorizeUrl } = await ctx.oauth.start(p.team.id, {
        name: body.name,
        integratedAccountId: auth.integrated_account_id,
      });
      ctx.upstreams.forget(account.id);
      await audit(p, {
        action: "integrated_account.oauth_start",
        outcome: "ok",
        integratedAccountId: account.id,
        detail: { auth_type: "oauth" },
      });
      return c.json(
        { id: account.id, name: account.name, status: "pending", authorize_url: authorizeUrl },
        201,
      );
    }
    const siteUrl = normalizeSiteUrl(auth.type === "api_token" ? auth.site_url : auth.base_url);
    let verified: Awaited<ReturnType<GatewayContext["verifyCredentials"]>>;
    try {
      verified = await ctx.verifyCredentials(
        auth.type === "api_token"
          ? { type: "api_token", siteUrl, email: auth.email, apiToken: auth.api_token }
          : { type: "pat", siteUrl, token: auth.token },
      );
    } catch (e) {
      if (e instanceof ApiError) {
        await audit(p, {
          action: "integrated_account.create",
          outcome: "error",
          detail: { auth_type: auth.type, site_url: siteUrl, reason: e.code },
        });
      }
      throw e;
    }
    const account = await ctx.repos.accounts.create(
      p.team.id,
      { name: body.name, authType: auth.type, siteUrl, deployment: verified.deployment },
      auth.type === "api_token"
        ? { type: "api_token", email: auth.email, apiToken: auth.api_token }
        : { type: "pat", token: auth.token },
    );
    await audit(p, {
      action: "integrated_account.create",
      outcome: "ok",
      integratedAccountId: account.id,
      detail: { auth_type: auth.type, site_url: siteUrl, atlassian_account_id: verified.accountId },
    });
    return c.json(accountView(account), 201);
  });

  app.get("/integrated-account", async (c) => {
    const p = c.get("principal");
    const q = readQuery(c, listQuerySchema);
    const page = await ctx.repos.accounts.list(p.team.id, { cursor: q.cursor, limit: q.limit });
    return c.json({ result: page.result.map(accountView), next_cursor: page.next_cursor });
  });

  app.get("/integrated-account/:id", async (c) => {
    const p = c.get("principal");
    readQuery(c, emptyQuerySchema);
    const account = await accountOr404(p.team.id, readId(c, "id"));
    return c.json(accountView(account));
  });

  app.delete("/integrated-account/:id", async (c) => {
    const p = c.get("principal");
    const id = readId(c, "id");
    if (!(await ctx.repos.accounts.delete(p.team.id, id))) throw notFound("integrated account");
    ctx.upstreams.forget(id);
    await audit(p, { action: "integrated_account.delete", outcome: "ok", integratedAccountId: id });
    return c.body(null, 204);
  });

  // ---------------------------------------------------------------- MCP servers

  /** Refuses filter words the catalog does not know and filters that leave nothing to call. */
  const checkConfig = (config: McpServerConfig, account: IntegratedAccount) => {
    const unknown: Array<{ path: string; message: string }> = [];
    const methodWords = knownMethodWords(ctx.catalog);
    const tagWords = knownTags(ctx.catalog);
    const toolNames = new Set(ctx.catalog.map((t) => t.name));
    config.methods?.forEach((m, i) => {
      if (!methodWords.has(m))
        unknown.push({ path: `config.methods.${i}`, message: `unknown method ${JSON.stringify(m)}` });
    });
    config.tags?.forEach((t, i) => {
      if (!tagWords.has(t))
        unknown.push({ path: `config.tags.${i}`, message: `unknown tag ${JSON.stringify(t)}` });
    });
    config.tools?.forEach((t, i) => {
      if (!toolNames.has(t))
        unknown.push({ path: `config.tools.${i}`, message: `unknown tool ${JSON.stringify(t)}` });
    });
    if (unknown.length > 0) {
      throw new ApiError(
        400,
        "invalid_request",
        `invalid body at ${unknown[0].path}: ${unknown[0].message}`,
        unknown.map((u) => ({ location: "body", ...u })),
      );
    }
    const tools = selectTools(ctx.catalog, config, account.deployment);
    if (tools.length === 0) {
      throw new ApiError(
        400,
        "no_tools",
        `the filters (methods, tags, tools) leave no tool for this ${account.deployment} account`,
      );
    }
  };

  const checkExpiry = (value: number | string | null | undefined): number | null | undefined => {
    if (value === undefined || value === null) return value;
    const at = typeof value === "number" ? value : Date.parse(value);
    if (at < ctx.now() + MIN_LIFETIME_MS) {
      throw new ApiError(
        400,
        "invalid_request",
        "invalid body at expires_at: must be at least 60 seconds in the future",
        [{ location: "body", path: "expires_at", message: "must be at least 60 seconds in the future" }],
      );
    }
    return at;
  };

  app.post("/integrated-account/:id/mcp", async (c) => {
    const p = c.get("principal");
    const accountId = readId(c, "id");
    const body = await readBody(c, createMcpSchema);
    const account = await accountOr404(p.team.id, accountId);
    const config = body.config ?? {};
    checkConfig(config, account);
    const expiresAt = checkExpiry(body.expires_at);
    const { token, record } = await ctx.repos.mcpServers.create(p.team.id, {
      integratedAccountId: account.id,
      name: body.name,
      config,
      expiresAt: expiresAt ?? null,
      requireApiTokenAuth: body.require_api_token_auth ?? false,
    });
    await audit(p, {
      action: "mcp_server.create",
      outcome: "ok",
      integratedAccountId: account.id,
      mcpServerId: record.id,
      detail: { config, expires_at: record.expiresAt, require_api_token_auth: record.requireApiTokenAuth },
    });
    const view = serverView(record);
    return c.json({ ...view, url: `${ctx.publicUrl}/mcp/${token}`, token }, 201);
  });

  app.get("/integrated-account/:id/mcp", async (c) => {
    const p = c.get("principal");
    const accountId = readId(c, "id");
    const q = readQuery(c, listQuerySchema);
    await accountOr404(p.team.id, accountId);
    const page = await ctx.repos.mcpServers.list(p.team.id, {
      integratedAccountId: accountId,
      cursor: q.cursor,
      limit: q.limit,
    });
    return c.json({ result: page.result.map(serverView), next_cursor: page.next_cursor });
  });

  const serverOr404 = async (teamId: string, accountId: string, serverId: string) => {
    const server = await ctx.repos.mcpServers.get(teamId, serverId);
    if (!server || server.integratedAccountId !== accountId) throw notFound("MCP server");
    return server;
  };

  app.get("/integrated-account/:id/mcp/:mcp_id", async (c) => {
    const p = c.get("principal");
    const server = await serverOr404(p.team.id, readId(c, "id"), readId(c, "mcp_id"));
    return c.json(serverView(server));
  });

  app.patch("/integrated-account/:id/mcp/:mcp_id", async (c) => {
    const p = c.get("principal");
    const accountId = readId(c, "id");
    const serverId = readId(c, "mcp_id");
    const body = await readBody(c, patchMcpSchema);
    await serverOr404(p.team.id, accountId, serverId);
    const account = await accountOr404(p.team.id, accountId);
    if (body.config !== undefined) checkConfig(body.config, account);
    const expiresAt = checkExpiry(body.expires_at);
    const updated = await ctx.repos.mcpServers.update(p.team.id, serverId, {
      name: body.name,
      config: body.config,
      expiresAt,
      requireApiTokenAuth: body.require_api_token_auth,
    });
    if (!updated) throw notFound("MCP server");
    await audit(p, {
      action: "mcp_server.update",
      outcome: "ok",
      integratedAccountId: accountId,
      mcpServerId: serverId,
      detail: { changed: Object.keys(body).sort() },
    });
    return c.json(serverView(updated));
  });

  app.delete("/integrated-account/:id/mcp/:mcp_id", async (c) => {
    const p = c.get("principal");
    const accountId = readId(c, "id");
    const serverId = readId(c, "mcp_id");
    await serverOr404(p.team.id, accountId, serverId);
    if (!(await ctx.repos.mcpServers.delete(p.team.id, serverId))) throw notFound("MCP server");
    await audit(p, {
      action: "mcp_server.delete",
      outcome: "ok",
      integratedAccountId: accountId,
      mcpServerId: serverId,
    });
    return c.body(null, 204);
  });

  // ---------------------------------------------------------------- audit log

  app.get("/audit-log", async (c) => {
    const p = c.get("principal");
    const q = readQuery(c, auditQuerySchema);
    const page = await ctx.repos.audit.list(p.team.id, {
      cursor: q.cursor,
      limit: q.limit,
      action: q.action,
      tool: q.tool,
      mcpServerId: q.mcp_server_id,
      integratedAccountId: q.integrated_account_id,
      outcome: q.outcome,
      from: q.since,
      to: q.until,
    });
    return c.json({ result: page.result.map(auditView), next_cursor: page.next_cursor });
  });

  // ---------------------------------------------------------------- API keys

  app.post("/api-keys", async (c) => {
    const p = c.get("principal");
    const body = await readBody(c, createApiKeySchema);
    const { key, record } = await ctx.repos.apiKeys.create(p.team.id, body.name);
    await audit(p, {
      action: "api_key.create",
      outcome: "ok",
      detail: { api_key_id: record.id, name: record.name },
    });
    return c.json({ ...apiKeyView(record), key }, 201);
  });

  app.get("/api-keys", async (c) => {
    const p = c.get("principal");
    readQuery(c, listQuerySchema);
    const keys = await ctx.repos.apiKeys.list(p.team.id);
    return c.json({ result: keys.map(apiKeyView), next_cursor: null });
  });

  app.delete("/api-keys/:id", async (c) => {
    const p = c.get("principal");
    const id = readId(c, "id");
    const revoked = await ctx.repos.apiKeys.revoke(p.team.id, id);
    if (!revoked) throw notFound("API key");
    await audit(p, { action: "api_key.revoke", outcome: "ok", detail: { api_key_id: id } });
    return c.body(null, 204);
  });
}
