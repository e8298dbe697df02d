import type { Context, MiddlewareHandler } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";
import { confluenceV2Error, errorFor, gatewayError, surfaceOf } from "../http/errors.js";
import type { Identity } from "./credentials.js";

const GATEWAY_FORM = /^\/ex\/(jira|confluence)\/([^/]+)(\/.*)?$/;

/** Paths reachable without any credential (the OAuth dance itself, and the sandbox's control API). */
function isPublic(path: string): boolean {
  return (
    path.startsWith("/__sandbox") ||
    path === "/authorize" ||
    path === "/oauth/token" ||
    path === "/" ||
    path === "/favicon.ico"
  );
}

/**
 * Authenticates every API request the way Atlassian does for the form it arrives in: the site form
 * takes Basic (Cloud: email + API token; Data Center: username + password) or, on Data Center, a PAT
 * as Bearer; the `api.atlassian.com` form (`/ex/{product}/{cloudId}/...`) takes only OAuth Bearer tokens.
 */
export function authMiddleware(ctx: SandboxContext): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const path = c.req.path;
    if (isPublic(path)) return next();
    const header = c.req.header("authorization") ?? "";
    const gateway = GATEWAY_FORM.exec(path);
    const cloud = ctx.options.deployment === "cloud";

    if (gateway || path === "/oauth/token/accessible-resources" || path === "/me") {
      if (!cloud) return gatewayError(c, 404, "Not Found");
      if (gateway) {
        const [, product, cloudId, rest = ""] = gateway;
        if (cloudId !== ctx.cloudId) return gatewayError(c, 404, "Not Found");
        const wantsConfluence = rest.startsWith("/wiki/");
        if ((product === "confluence") !== wantsConfluence) return gatewayError(c, 404, "Not Found");
        c.set("apiBase", `${ctx.baseUrl}/ex/${product}/${cloudId}`);
      }
      const token = bearer(header);
      const identity = token ? ctx.credentials.checkAccessToken(token, ctx.now()) : null;
      if (!identity) return gatewayError(c, 401, "Unauthorized");
      return proceed(c, identity, next);
    }

    c.set("apiBase", ctx.baseUrl);
    // Basic and PAT credentials never change while the sandbox runs: remember the answer per header.
    const known = identityCache.get(ctx.credentials)?.get(header);
    if (known) return proceed(c, known, next);
    let identity: Identity | null = null;
    const basic = parseBasic(header);
    if (basic) {
      identity = cloud
        ? ctx.credentials.checkApiToken(basic.user, basic.password)
        : ctx.credentials.checkPassword(basic.user, basic.password);
    } else {
      const token = bearer(header);
      if (token && !cloud) identity = ctx.credentials.checkPat(token);
    }
    if (!identity) return unauthenticated(c);
    let cache = identityCache.get(ctx.credentials);
    if (!cache) {
      cache = new Map();
      identityCache.set(ctx.credentials, cache);
    }
    if (cache.size < 1000) cache.set(header, identity);
    return proceed(c, identity, next);
  };
}

const identityCache = new WeakMap<object, Map<string, Identity>>();

async function proceed(c: Context<SandboxEnv>, identity: Identity, next: () => Promise<void>) {
  c.set("identity", identity);
  await next();
}

function unauthenticated(c: Context): Response {
  c.header("WWW-Authenticate", 'Basic realm="protected-area"');
  if (surfaceOf(c.req.path) === "confluence-v2") return confluenceV2Error(c, 401, "Unauthorized", null);
  return errorFor(c, 401, "Client must be authenticated to access this resource.");
}

function bearer(header: string): string | null {
  const m = /^Bearer\s+(\S{1,4096})\s*$/i.exec(header);
  return m ? m[1] : null;
}

function parseBasic(header: string): { user: string; password: string } | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]{1,8192})\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const sep = decoded.indexOf(":");
  if (sep <= 0) return null;
  return { user: decoded.slice(0, sep), password: decoded.slice(sep + 1) };
}

/** A credential key computed from the raw header, for per-credential rate limits applied before auth. */
export function rawCredentialKey(header: string | undefined): string {
  if (!header) return "anonymous";
  let h = 0;
  for (let i = 0; i < header.length; i++) h = (Math.imul(h, 31) + header.charCodeAt(i)) | 0;
  return `h${(h >>> 0).toString(16)}`;
}
