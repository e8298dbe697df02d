import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { isObject, readJson } from "../http/body.js";
import { faultConfigSchema } from "./faults.js";

/**
 * `/__sandbox/*`: introspection and fault control for tests and demos. Never part of Atlassian's API,
 * never authenticated, never subject to faults.
 */
export function controlRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get("/health", (c) => c.json({ ok: true, issues: ctx.store.issues.size, pages: ctx.store.pages.size }));

  app.get("/info", (c) => c.json(sandboxInfo(ctx)));

  app.get("/requests", (c) => {
    const since = Number(c.req.query("since") ?? 0);
    const prefix = c.req.query("path");
    const method = c.req.query("method")?.toUpperCase();
    const entries = ctx.requestLog
      .list()
      .filter(
        (e) =>
          (!Number.isFinite(since) || e.seq > since) &&
          (!prefix || e.path.startsWith(prefix)) &&
          (!method || e.method === method),
      );
    return c.json({ requests: entries });
  });

  app.delete("/requests", (c) => {
    ctx.requestLog.clear();
    return c.body(null, 204);
  });

  app.get("/faults", (c) => c.json({ faults: ctx.faults.get(), stats: ctx.faults.stats }));

  app.post("/faults", async (c) => {
    const body = await readJson(c);
    if (!body.ok) return body.response;
    if (!isObject(body.value)) return c.json({ error: "body must be a JSON object" }, 400);
    const { expireAccessTokens, ...rest } = body.value;
    const parsed = faultConfigSchema.safeParse(rest);
    if (!parsed.success) {
      return c.json(
        {
          error: "invalid fault config",
          details: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
        },
        400,
      );
    }
    ctx.faults.set(parsed.data);
    let expired = 0;
    if (expireAccessTokens === true) expired = ctx.credentials.expireAllAccessTokens(ctx.now());
    return c.json({ faults: ctx.faults.get(), expiredAccessTokens: expired });
  });

  app.delete("/faults", (c) => {
    ctx.faults.set({});
    return c.body(null, 204);
  });

  app.post("/expire-tokens", (c) =>
    c.json({ expiredAccessTokens: ctx.credentials.expireAllAccessTokens(ctx.now()) }),
  );

  app.post("/reset", (c) => {
    ctx.reset();
    return c.json({ ok: true, issues: ctx.store.issues.size });
  });

  return app;
}

/** The object `atlasgate sandbox` prints as its first line, and `GET /__sandbox/info` returns. */
export function sandboxInfo(ctx: SandboxContext) {
  return {
    url: ctx.baseUrl,
    cloudId: ctx.cloudId,
    deployment: ctx.options.deployment,
    email: ctx.admin.email,
    apiToken: ctx.admin.apiToken,
    pat: ctx.admin.pat,
    username: ctx.admin.username,
    password: ctx.admin.password,
    accountId: ctx.admin.accountId,
    oauth: {
      clientId: ctx.oauthClient.clientId,
      clientSecret: ctx.oauthClient.clientSecret,
      authorizeUrl: `${ctx.baseUrl}/authorize`,
      tokenUrl: `${ctx.baseUrl}/oauth/token`,
      apiUrl: ctx.baseUrl,
    },
    viewer: {
      email: ctx.viewer.email,
      apiToken: ctx.viewer.apiToken,
      pat: ctx.viewer.pat,
      username: ctx.viewer.username,
      accountId: ctx.viewer.accountId,
    },
  };
}
