import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import type { Logger } from "pino";
import type { Dispatcher } from "undici";
import { loadCatalog } from "../catalog/index.js";
import type { ToolDefinition } from "../catalog/load.js";
import { VERSION } from "../version.js";
import type { AdminEnv, GatewayContext, OAuthConnector } from "./admin/context.js";
import { ApiError, errorBody } from "./admin/errors.js";
import { mountAdminRoutes } from "./admin/routes.js";
import {
  type StaticCredentials,
  type VerifiedAccount,
  verifyCredentials,
} from "./admin/verify-credentials.js";
import { type GatewayConfig, type GatewayFlags, readGatewayConfig } from "./config.js";
import { mountMcpEndpoint } from "./mcp-endpoint/endpoint.js";
import { createRateLimiter } from "./mcp-endpoint/rate-limit.js";
import { type AccessTokenSource, UpstreamCache } from "./mcp-endpoint/upstreams.js";
import { createLogger, loggablePath } from "./observability/logger.js";
import { GatewayMetrics } from "./observability/metrics.js";
import { mountObservabilityRoutes } from "./observability/routes.js";
import { hashToken, loadEncryptionKey } from "./storage/crypto.js";
import { openDatabase } from "./storage/db.js";
import { MIGRATIONS, migrate } from "./storage/migrations.js";
import { InvalidCursorError, ReferenceNotFoundError, Repositories } from "./storage/repositories.js";
import type { Database } from "./storage/types.js";

export type { GatewayContext } from "./admin/context.js";

/** OAuth pieces built from src/gateway/oauth; injectable so tests can run without an Atlassian app. */
export interface GatewayOAuth {
  connector: OAuthConnector;
  tokens: AccessTokenSource;
  /** Stops the refresh scheduler. */
  close?(): Promise<void>;
}

export interface GatewayOptions {
  /** Environment to read settings from (default `process.env`). */
  env?: Record<string, string | undefined>;
  flags?: GatewayFlags;
  /** Overrides applied on top of env + flags; `dataDir: ":memory:"` = in-memory PGlite (tests). */
  config?: Partial<GatewayConfig>;
  /** UTC ms clock for expiry, audit records, rate limits; tests move it forward instead of sleeping. */
  now?: () => number;
  logger?: Logger;
  catalog?: ToolDefinition[];
  /** Where the one-time admin key line goes (default stderr). */
  announce?: (line: string) => void;
  /** Built from `ATLASSIAN_OAUTH_*` when absent and configured; `null` disables OAuth. */
  oauth?: GatewayOAuth | null | ((deps: OAuthDeps) => Promise<GatewayOAuth | null>);
  /** Checks Atlassian credentials before an account is stored (tests fake it). */
  verifyCredentials?: (creds: StaticCredentials) => Promise<VerifiedAccount>;
  /** How often expired MCP servers and OAuth states are swept (default 60 s). */
  sweepIntervalMs?: number;
  /** How long `close()` waits for requests in flight before cutting connections (default 10 s). */
  drainTimeoutMs?: number;
  /** Upstream HTTP pool (tests). */
  dispatcher?: Dispatcher;
}

/** What an OAuth factory gets to build the token manager and connect flow. */
export interface OAuthDeps {
  config: GatewayConfig;
  repos: Repositories;
  db: Database;
  now: () => number;
  logger: Logger;
  metrics: GatewayMetrics;
  publicUrl: () => string;
}

export interface Gateway {
  app: Hono<AdminEnv>;
  ctx: GatewayContext;
  repos: Repositories;
  config: GatewayConfig;
  /** The team created or found at start (the admin key's team). */
  teamId: string;
  /** The admin key, when this start created it (first start) or it came from ATLASGATE_ADMIN_KEY. */
  adminKey: string | null;
  close(): Promise<void>;
}

export interface RunningGateway extends Gateway {
  url: string;
}

/**
 * Builds the gateway without listening: storage opened and migrated, the first team and admin key
 * ensured, routes mounted. `app.request()` tests use this directly; `startGateway` adds the socket.
 */
export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const env = options.env ?? process.env;
  const config: GatewayConfig = { ...readGatewayConfig(env, options.flags), ...options.config };
  const now = options.now ?? Date.now;
  const logger = options.logger ?? createLogger(config.logLevel);
  const announce = options.announce ?? ((line: string) => process.stderr.write(`${line}\n`));
  const catalog = options.catalog ?? loadCatalog();

  const key = config.encryptionKey
    ? config.encryptionKey
    : loadEncryptionKey({ env: {}, dataDir: config.dataDir, warn: (m) => logger.warn(m) });
  const db = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  /** Run in reverse order of creation, so the database goes last. */
  const cleanups: Array<() => Promise<unknown>> = [() => db.close()];
  try {
    await migrate(db);
    const repos = new Repositories(db, key, { now });
    const { teamId, adminKey, created } = await ensureAdminKey(repos, config.adminKey, now);
    if (created && adminKey) {
      announce(`atlasgate: created team ${teamId} and its admin API key (shown once): ${adminKey}`);
    }

    const pending = new Set<Promise<unknown>>();
    // The public URL may change once, when startGateway learns the listen address.
    const site = { publicUrl: config.publicUrl ?? `http://${hostForUrl(config.host)}:${config.port}` };
    let upstreams: UpstreamCache | null = null;
    const metrics = new GatewayMetrics(() => upstreams?.totals() ?? { retries: 0, rateLimited: 0 });

    let oauth: GatewayOAuth | null = null;
    const oauthDeps: OAuthDeps = { config, repos, db, now, logger, metrics, publicUrl: () => site.publicUrl };
    if (typeof options.oauth === "function") oauth = await options.oauth(oauthDeps);
    else if (options.oauth !== undefined) oauth = options.oauth;
    else if (config.oauth.clientId) oauth = await defaultOAuth(oauthDeps);
    if (oauth?.close) cleanups.push(() => oauth.close!());

    const cache = new UpstreamCache({
      readSecret: (teamId, accountId) => repos.accounts.readSecret(teamId, accountId),
      tokens: oauth?.tokens ?? null,
      apiBaseUrl: config.oauth.apiBaseUrl,
      userAgent: `atlasgate/${VERSION} (gateway)`,
      dispatcher: options.dispatcher,
    });
    upstreams = cache;
    cleanups.push(() => cache.close());

    const ctx: GatewayContext = {
      repos,
      catalog,
      now,
      logger,
      metrics,
      get publicUrl() {
        return site.publicUrl;
      },
      set publicUrl(url: string) {
        site.publicUrl = url;
      },
      allowedOrigins: config.allowedOrigins,
      loopbackOnly: ["127.0.0.1", "localhost", "::1", "[::1]"].includes(config.host),
      maxBodyBytes: config.maxBodyBytes,
      upstreams: cache,
      oauth: oauth?.connector ?? null,
      verifyCredentials:
        options.verifyCredentials ??
        ((creds) =>
          verifyCredentials(creds, {
            userAgent: `atlasgate/${VERSION} (gateway)`,
            dispatcher: options.dispatcher,
          })),
      track(work) {
        pending.add(work);
        void work.finally(() => pending.delete(work));
      },
      async isReady() {
        const { rows } = await db.query<{ v: number | null }>(
          "SELECT max(version) AS v FROM schema_migrations",
        );
        return Number(rows[0]?.v ?? 0) >= Math.max(...MIGRATIONS.map((m) => m.version));
      },
    };

    const limiter = createRateLimiter(config.redisUrl, {
      perHour: config.rateLimit.perHour,
      burst: config.rateLimit.burst,
      now,
      onError: (e) => logger.warn({ err: e.message }, "rate limiter backend error; letting calls through"),
    });
    cleanups.push(() => limiter.close());

    const app = new Hono<AdminEnv>();
    app.use("*", async (c, next) => {
      const started = performance.now();
      await next();
      const path = loggablePath(c.req.path);
      const route = routeGroup(c.req.path);
      metrics.httpRequests.inc({ route, status: String(c.res.status) });
      logger.debug(
        { method: c.req.method, path, status: c.res.status, ms: Math.round(performance.now() - started) },
        "request",
      );
    });
    mountObservabilityRoutes(app, { metrics, isReady: ctx.isReady });
    const endpoint = mountMcpEndpoint(app, ctx, limiter);
    cleanups.push(() => endpoint.close());
    mountOAuthCallback(app, ctx);
    mountAdminRoutes(app, ctx);
    app.notFound((c) =>
      c.json(errorBody("not_found", `no route for ${c.req.method} ${loggablePath(c.req.path)}`), 404),
    );
    app.onError((err, c) => {
      if (err instanceof ApiError)
        return c.json(errorBody(err.code, err.message, err.details), err.status, err.headers);
      if (err instanceof InvalidCursorError) {
        return c.json(
          errorBody("invalid_request", "invalid cursor: pass next_cursor from the previous page"),
          400,
        );
      }
      if (err instanceof ReferenceNotFoundError) return c.json(errorBody("not_found", err.message), 404);
      if (err.name === "OAuthConnectError") {
        const e = err as Error & { code: string; status: number };
        const status = e.status === 404 ? 404 : e.status === 409 ? 409 : e.status >= 500 ? 502 : 400;
        const code = status === 404 ? "not_found" : status === 409 ? "conflict" : "oauth_failed";
        return c.json(errorBody(code, e.message, { reason: e.code }), status);
      }
      const id = randomUUID();
      logger.error(
        { err: err.message, stack: err.stack, error_id: id, path: loggablePath(c.req.path) },
        "unhandled error",
      );
      return c.json(errorBody("internal_error", "internal error", { error_id: id }), 500);
    });

    const sweep = async () => {
      try {
        const removed = await repos.mcpServers.deleteExpired(now());
        await repos.oauthStates.deleteExpired(now());
        if (removed > 0) logger.info({ removed }, "swept expired MCP servers");
      } catch (e) {
        logger.warn({ err: (e as Error).message }, "sweep failed");
      }
    };
    const timer = setInterval(() => ctx.track(sweep()), options.sweepIntervalMs ?? 60_000);
    timer.unref?.();

    let closed: Promise<void> | null = null;
    const close = () => {
      closed ??= (async () => {
        clearInterval(timer);
        await Promise.allSettled([...pending]);
        for (const fn of [...cleanups].reverse())
          await fn().catch((e: Error) => logger.warn({ err: e.message }, "close step failed"));
      })();
      return closed;
    };
    return { app, ctx, repos, config, teamId, adminKey, close };
  } catch (e) {
    for (const fn of [...cleanups].reverse()) await fn().catch(() => {});
    throw e;
  }
}

/**
 * Starts the gateway on a socket. `close()` stops accepting, lets requests in flight (tool calls
 * included) finish within the drain timeout, then releases storage, Redis and upstream pools.
 */
export async function startGateway(options: GatewayOptions = {}): Promise<RunningGateway> {
  const gateway = await createGateway(options);
  const { config, ctx } = gateway;
  let inFlight = 0;
  let draining = false;
  let drained: (() => void) | null = null;
  const outer = new Hono();
  outer.use("*", async (c, next) => {
    if (draining) {
      c.header("Connection", "close");
      return c.json(errorBody("internal_error", "the gateway is shutting down"), 503);
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
      if (inFlight === 0) drained?.();
    }
  });
  outer.route("/", gateway.app);

  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: outer.fetch, hostname: config.host, port: config.port }, () => resolve(s));
      s.once("error", reject);
    });
  } catch (e) {
    await gateway.close();
    throw e;
  }
  // Keep idle keep-alive sockets open longer than clients do, so no client reuses a socket that is
  // being closed (ECONNRESET under load).
  const http = server as unknown as { keepAliveTimeout: number; headersTimeout: number };
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  const address = server.address() as AddressInfo;
  const url = `http://${hostForUrl(address.address)}:${address.port}`;
  if (!config.publicUrl) ctx.publicUrl = url;
  ctx.logger.info({ url, public_url: ctx.publicUrl }, "atlasgate gateway listening");

  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      draining = true;
      const http = server as unknown as {
        closeIdleConnections?: () => void;
        closeAllConnections?: () => void;
      };
      const socketsClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      http.closeIdleConnections?.();
      const requestsDone =
        inFlight === 0
          ? Promise.resolve()
          : new Promise<void>((resolve) => {
              drained = resolve;
            });
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, drainTimeoutMs);
      });
      await Promise.race([requestsDone, timeout]);
      // Responses are written; keep-alive sockets can go. Streams still open past the timeout are cut.
      const idle = setInterval(() => http.closeIdleConnections?.(), 50);
      await Promise.race([socketsClosed, timeout]);
      clearInterval(idle);
      clearTimeout(timer);
      http.closeAllConnections?.();
      await gateway.close();
      ctx.logger.info("atlasgate gateway stopped");
    })();
    return closing;
  };
  return { ...gateway, url, close };
}

/**
 * The first start of an empty database creates a team and an admin key and hands the key out once.
 * With ATLASGATE_ADMIN_KEY the operator chose the key: it is stored (hashed) if it is not yet, so a
 * redeploy with the same secret keeps working and nothing needs to be read from the logs.
 */
async function ensureAdminKey(
  repos: Repositories,
  configured: string | null,
  now: () => number,
): Promise<{ teamId: string; adminKey: string | null; created: boolean }> {
  return repos.transaction(async (tx, r) => {
    // Two nodes starting on an empty database must not both create a team.
    await tx.query("SELECT pg_advisory_xact_lock($1)", [0x61746b79]);
    if (configured) {
      const found = await r.apiKeys.findByKey(configured);
      if (found) return { teamId: found.team.id, adminKey: configured, created: false };
      const team = (await r.teams.list())[0] ?? (await r.teams.create("default"));
      // Missing from Repositories: a "create with this exact key" method, so the row is written here.
      await tx.query(
        `INSERT INTO api_keys (id, team_id, name, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          randomUUID(),
          team.id,
          "admin (ATLASGATE_ADMIN_KEY)",
          configured.slice(0, 12),
          hashToken(configured),
          now(),
        ],
      );
      return { teamId: team.id, adminKey: configured, created: false };
    }
    const teams = await r.teams.list();
    if (teams.length > 0) return { teamId: teams[0].id, adminKey: null, created: false };
    const team = await r.teams.create("default");
    const { key } = await r.apiKeys.create(team.id, "admin");
    return { teamId: team.id, adminKey: key, created: true };
  });
}

function mountOAuthCallback(app: Hono<AdminEnv>, ctx: GatewayContext): void {
  app.get("/oauth/atlassian/callback", async (c) => {
    if (!ctx.oauth)
      throw new ApiError(404, "oauth_not_configured", "OAuth is not configured on this gateway");
    const q = (name: string) => c.req.query(name)?.slice(0, 4000) ?? null;
    const account = await ctx.oauth.finish({
      code: q("code"),
      state: q("state"),
      error: q("error"),
      errorDescription: q("error_description"),
    });
    ctx.upstreams.forget(account.id);
    await ctx.repos.audit.append({
      teamId: account.teamId,
      at: ctx.now(),
      action: "integrated_account.oauth_connect",
      actor: null,
      outcome: "ok",
      integratedAccountId: account.id,
      detail: { site_url: account.siteUrl, cloud_id: account.cloudId },
    });
    return c.json({
      id: account.id,
      name: account.name,
      status: account.status,
      site_url: account.siteUrl,
      message: "The Atlassian account is connected; you can close this page.",
    });
  });
}

/**
 * Wires src/gateway/oauth when the Atlassian app is configured: the token manager (used by OAuth
 * accounts' clients), the refresh scheduler and the connect flow. The OAuth config is rebuilt per
 * connect because the public URL (the callback's base) is only known once the socket listens.
 */
async function defaultOAuth(deps: OAuthDeps): Promise<GatewayOAuth | null> {
  const oauth = await import("./oauth/index.js");
  const configNow = () => {
    const c = oauth.oauthConfigFrom(deps.config.oauth, deps.publicUrl());
    if (!c) throw new ApiError(400, "oauth_not_configured", "OAuth is not configured on this gateway");
    return c;
  };
  if (!oauth.oauthConfigFrom(deps.config.oauth, deps.publicUrl())) return null;
  const tokenLogger = deps.logger.child({ component: "oauth" });
  const tokens = new oauth.TokenManager({
    repos: deps.repos,
    oauth: configNow(),
    now: deps.now,
    logger: tokenLogger,
  });
  const scheduler = new oauth.RefreshScheduler({
    accounts: deps.repos.accounts,
    tokens: {
      refresh: (ref, options) =>
        tokens.refresh(ref, options).then(
          (info) => {
            deps.metrics.oauthRefreshes.inc({ outcome: "ok" });
            return info;
          },
          (e: unknown) => {
            deps.metrics.oauthRefreshes.inc({ outcome: "error" });
            throw e;
          },
        ),
    },
    now: deps.now,
    logger: tokenLogger,
  });
  scheduler.start();
  return {
    tokens,
    connector: {
      async start(teamId, input) {
        const r = await oauth.startOAuthConnect({
          repos: deps.repos,
          teamId,
          name: input.name,
          config: configNow(),
          accountId: input.integratedAccountId ?? undefined,
        });
        return { account: r.account, authorizeUrl: r.authorize_url };
      },
      async finish(callback) {
        const r = await oauth.finishOAuthConnect({
          repos: deps.repos,
          config: configNow(),
          now: deps.now,
          ...callback,
        });
        tokens.forget(r.account.id);
        return r.account;
      },
    },
    close: () => scheduler.stop(),
  };
}

function routeGroup(path: string): string {
  if (path.startsWith("/mcp/")) return "mcp";
  if (path.startsWith("/oauth/")) return "oauth";
  if (path === "/health" || path === "/ready" || path === "/metrics") return "ops";
  if (path.startsWith("/integrated-account") || path.startsWith("/api-keys") || path === "/audit-log")
    return "admin";
  return "other";
}

function hostForUrl(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
