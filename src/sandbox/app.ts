import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { authMiddleware, rawCredentialKey } from "./auth/middleware.js";
import type { SandboxContext, SandboxEnv } from "./context.js";
import type { FaultDecision } from "./control/faults.js";
import { controlRoutes } from "./control/routes.js";
import { errorFor, jiraError, surfaceOf } from "./http/errors.js";
import { oauthRoutes } from "./oauth/routes.js";
import { confluenceModules, jiraModules } from "./routes.js";

const LOGGED_BODY_TYPES = /json|x-www-form-urlencoded|text\//i;
const SECRET_FIELDS = new Set(["client_secret", "refresh_token", "code", "password", "access_token"]);

/**
 * The sandbox as one Hono app. Order matters: the request log wraps everything (so faults are
 * logged too), control routes sit outside faults and auth, faults strike before authentication
 * (Atlassian throttles before it looks at the request) and route modules run last.
 */
export function createSandboxApp(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.use("*", async (c, next) => {
    const started = performance.now();
    let fault: string | null = null;
    try {
      await next();
    } finally {
      // Any write may have changed state (even one that then failed by an injected fault).
      if (c.req.method !== "GET" && c.req.method !== "HEAD") ctx.store.generation++;
      fault = c.res.headers.get("x-sandbox-fault");
      if (!c.req.path.startsWith("/__sandbox")) {
        const identity = c.get("identity");
        ctx.requestLog.add({
          time: ctx.now(),
          method: c.req.method,
          path: c.req.path,
          query: c.req.query(),
          body: await loggedBody(c.req.raw.headers.get("content-type"), () => c.req.text()),
          identity: identity
            ? {
                accountId: identity.accountId,
                kind: identity.kind,
                clientId: identity.clientId,
                credentialKey: identity.credentialKey,
              }
            : null,
          status: c.res.status,
          durationMs: performance.now() - started,
          fault,
        });
      }
    }
  });

  app.use(
    "*",
    bodyLimit({
      maxSize: ctx.options.maxBodyBytes,
      onError: (c) => errorFor(c, 413, "The request body is larger than the server accepts."),
    }),
  );

  app.route("/__sandbox", controlRoutes(ctx));

  app.use("*", async (c, next) => {
    if (!ctx.faults.applies(c.req.path)) return next();
    const delay = ctx.faults.latency();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const decision = ctx.faults.decide(rawCredentialKey(c.req.header("authorization")), ctx.now());
    if (decision.kind === "none") return next();
    if (decision.kind === "rate-limit" || decision.phase === "before") {
      c.res = faultResponse(c, decision);
      return;
    }
    await next();
    c.res = faultResponse(c, decision);
  });

  app.use("*", authMiddleware(ctx));
  if (ctx.options.deployment === "cloud") app.route("/", oauthRoutes(ctx));

  for (const module of jiraModules) {
    const routes = module(ctx);
    app.route("/", routes);
    if (ctx.options.deployment === "cloud") app.route("/ex/jira/:cloudId", routes);
  }
  for (const module of confluenceModules) {
    const routes = module(ctx);
    app.route("/", routes);
    if (ctx.options.deployment === "cloud") app.route("/ex/confluence/:cloudId", routes);
  }

  app.notFound((c) => {
    if (surfaceOf(c.req.path) === "jira") return jiraError(c, 404, ["Not Found"]);
    return errorFor(c, 404, "Not Found");
  });
  app.onError((err, c) => {
    // Never crash on input: an unexpected error is a 500 in the product's shape, and is logged.
    console.error(`[sandbox] ${c.req.method} ${c.req.path}: ${err instanceof Error ? err.stack : err}`);
    return errorFor(c, 500, "Internal server error");
  });
  return app;
}

function faultResponse(
  c: import("hono").Context<SandboxEnv>,
  decision: Exclude<FaultDecision, { kind: "none" }>,
) {
  if (decision.kind === "reset") {
    c.env?.incoming?.socket.destroy();
    return new Response(null, { status: 599, headers: { "x-sandbox-fault": "reset" } });
  }
  if (decision.kind === "rate-limit") {
    const res = errorFor(c, 429, "Rate limit exceeded.");
    res.headers.set("Retry-After", String(decision.retryAfterSeconds));
    res.headers.set("X-RateLimit-Limit", String(decision.limit));
    res.headers.set("X-RateLimit-Remaining", String(decision.remaining));
    res.headers.set("X-RateLimit-Reset", new Date(decision.resetAt).toISOString());
    res.headers.set("X-RateLimit-NearLimit", "true");
    res.headers.set("RateLimit-Reason", decision.reason);
    res.headers.set("x-sandbox-fault", "rate-limit");
    return res;
  }
  const res = errorFor(c, decision.status, "The server encountered an unexpected condition.");
  if (decision.status === 503) res.headers.set("Retry-After", "1");
  res.headers.set("x-sandbox-fault", `error-${decision.phase}`);
  return res;
}

async function loggedBody(contentType: string | null, read: () => Promise<string>): Promise<unknown> {
  if (!contentType || !LOGGED_BODY_TYPES.test(contentType)) return contentType ? `<${contentType}>` : null;
  let text: string;
  try {
    text = await read();
  } catch {
    return null;
  }
  if (text === "") return null;
  if (/json/i.test(contentType)) {
    try {
      const parsed = JSON.parse(text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        for (const k of Object.keys(parsed)) {
          if (SECRET_FIELDS.has(k) && typeof parsed[k] === "string") parsed[k] = maskSecret(parsed[k]);
        }
      }
      return parsed;
    } catch {
      return text.slice(0, 2000);
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType)) {
    const out: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(text)) out[k] = SECRET_FIELDS.has(k) ? maskSecret(v) : v;
    return out;
  }
  return text.slice(0, 2000);
}

/** Keeps a recognisable but useless prefix, so tests can tell tokens apart without the log holding them. */
function maskSecret(value: string): string {
  return `${value.slice(0, 6)}…(${value.length})`;
}
