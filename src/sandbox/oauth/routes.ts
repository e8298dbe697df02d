import type { Context } from "hono";
import { Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../context.js";

const CODE_TTL_MS = 10 * 60 * 1000;
const KNOWN_SCOPES = /^[a-z0-9:._-]+$/i;

/**
 * Atlassian's OAuth 2.0 (3LO) authorization server as seen by an app: the consent page, the token
 * endpoint with rotating refresh tokens, accessible-resources and the user profile (`/me`).
 */
export function oauthRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();

  app.get("/authorize", (c) => {
    const q = c.req.query();
    const problem = checkAuthorizeParams(ctx, q);
    if (problem) return c.html(page("Authorization error", `<p>${escapeHtml(problem)}</p>`), 400);
    const users = [...ctx.store.users.values()].filter((u) => u.active && u.accountType === "atlassian");
    const options = users
      .map(
        (u) =>
          `<option value="${escapeHtml(u.accountId)}"${u.accountId === ctx.admin.accountId ? " selected" : ""}>${escapeHtml(u.displayName)} (${escapeHtml(u.emailAddress)})</option>`,
      )
      .join("");
    const scopes = (q.scope ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((s) => `<li><code>${escapeHtml(s)}</code></li>`)
      .join("");
    const hidden = ["client_id", "redirect_uri", "scope", "state"]
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q[k] ?? "")}">`)
      .join("");
    return c.html(
      page(
        "Allow access?",
        `<p>The app <strong>${escapeHtml(q.client_id ?? "")}</strong> wants to access the sandbox site on your behalf.</p>
<ul>${scopes}</ul>
<form method="post" action="/authorize">${hidden}
<label>Act as <select name="account_id">${options}</select></label>
<p><button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="deny">Deny</button></p></form>`,
      ),
    );
  });

  /** The consent form's target; tests post here directly to approve without a browser. */
  app.post("/authorize", async (c) => {
    const form = await formOrJson(c);
    const problem = checkAuthorizeParams(ctx, form);
    if (problem) return c.html(page("Authorization error", `<p>${escapeHtml(problem)}</p>`), 400);
    const redirect = new URL(form.redirect_uri);
    if (form.decision !== "accept") {
      redirect.searchParams.set("error", "access_denied");
      redirect.searchParams.set("error_description", "The user denied access.");
    } else {
      const accountId = form.account_id || ctx.admin.accountId;
      if (!ctx.store.users.has(accountId))
        return c.html(page("Authorization error", "<p>Unknown user.</p>"), 400);
      const code = ctx.credentials.issueCode({
        accountId,
        clientId: form.client_id,
        redirectUri: form.redirect_uri,
        scope: form.scope ?? "",
        expiresAt: ctx.now() + CODE_TTL_MS,
      });
      redirect.searchParams.set("code", code);
    }
    if (form.state !== undefined) redirect.searchParams.set("state", form.state);
    return c.redirect(redirect.toString(), 302);
  });

  app.post("/oauth/token", async (c) => {
    const body = await formOrJson(c);
    const client = body.client_id ? ctx.credentials.client(body.client_id) : undefined;
    if (!client || client.clientSecret !== body.client_secret) {
      return c.json({ error: "access_denied", error_description: "Unauthorized" }, 401);
    }
    const now = ctx.now();
    if (body.grant_type === "authorization_code") {
      if (!body.code) return c.json({ error: "invalid_request", error_description: "code is required" }, 400);
      const grant = ctx.credentials.redeemCode(body.code, client.clientId, body.redirect_uri, now);
      if (!grant)
        return c.json({ error: "invalid_grant", error_description: "Invalid authorization code" }, 403);
      return tokenResponse(c, ctx, grant, now);
    }
    if (body.grant_type === "refresh_token") {
      if (!body.refresh_token) {
        return c.json({ error: "invalid_request", error_description: "refresh_token is required" }, 400);
      }
      const grant = ctx.credentials.spendRefreshToken(body.refresh_token, client.clientId);
      if (!grant) {
        return c.json(
          { error: "invalid_grant", error_description: "Unknown or invalid refresh token." },
          403,
        );
      }
      return tokenResponse(c, ctx, grant, now);
    }
    return c.json({ error: "unsupported_grant_type", error_description: "Unsupported grant type" }, 400);
  });

  app.get("/oauth/token/accessible-resources", (c) => {
    const token = (c.req.header("authorization") ?? "").replace(/^Bearer\s+/i, "");
    const scopes = (ctx.credentials.accessTokenScope(token) ?? "").split(/\s+/).filter(Boolean);
    const product = (s: string) => (s.includes("confluence") ? "confluence" : "jira");
    const resource = (kind: string) => ({
      id: ctx.cloudId,
      name: "acme-robotics",
      url: ctx.baseUrl,
      scopes: scopes.filter((s) => product(s) === kind && s !== "offline_access"),
      avatarUrl: "https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png",
    });
    // Atlassian lists one entry per product the grant covers; both share the cloudId.
    const out = [];
    if (scopes.some((s) => product(s) === "jira" && s !== "offline_access")) out.push(resource("jira"));
    if (scopes.some((s) => product(s) === "confluence")) out.push(resource("confluence"));
    if (out.length === 0) out.push(resource("jira"));
    return c.json(out);
  });

  app.get("/me", (c) => {
    const user = ctx.store.users.get(c.get("identity").accountId);
    if (!user) return c.json({ code: 404, message: "Not Found" }, 404);
    return c.json({
      account_type: "atlassian",
      account_id: user.accountId,
      email: user.emailAddress,
      name: user.displayName,
      picture: `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/${user.accountId}/128`,
      account_status: user.active ? "active" : "inactive",
      nickname: user.displayName.split(" ")[0],
      zoneinfo: user.timeZone,
      locale: user.locale,
      extended_profile: {},
    });
  });

  return app;
}

function tokenResponse(
  c: Context,
  ctx: SandboxContext,
  grant: { accountId: string; clientId: string; scope: string },
  now: number,
) {
  const tokens = ctx.credentials.issueTokens(grant, ctx.options.tokenTtlSeconds, now);
  const body: Record<string, unknown> = {
    access_token: tokens.accessToken,
    expires_in: tokens.expiresIn,
    token_type: "Bearer",
    scope: grant.scope,
  };
  if (tokens.refreshToken) body.refresh_token = tokens.refreshToken;
  c.header("Cache-Control", "no-store");
  return c.json(body);
}

function checkAuthorizeParams(ctx: SandboxContext, q: Record<string, string | undefined>): string | null {
  if (!q.client_id || !ctx.credentials.client(q.client_id)) return "Unknown client_id.";
  if (q.response_type !== undefined && q.response_type !== "code") return "response_type must be code.";
  if (!q.redirect_uri) return "redirect_uri is required.";
  try {
    const u = new URL(q.redirect_uri);
    if (u.protocol !== "http:" && u.protocol !== "https:") return "redirect_uri must be an http(s) URL.";
  } catch {
    return "redirect_uri must be an absolute URL.";
  }
  const scopes = (q.scope ?? "").split(/\s+/).filter(Boolean);
  if (scopes.length === 0) return "scope is required.";
  if (scopes.some((s) => !KNOWN_SCOPES.test(s))) return "scope contains an invalid value.";
  return null;
}

async function formOrJson(c: Context): Promise<Record<string, string>> {
  const type = c.req.header("content-type") ?? "";
  const out: Record<string, string> = {};
  try {
    if (type.includes("json")) {
      const value = JSON.parse(await c.req.text());
      if (value && typeof value === "object" && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
      }
    } else {
      for (const [k, v] of new URLSearchParams(await c.req.text())) out[k] = v;
    }
  } catch {
    // A malformed body is treated as empty: the checks that follow answer with the right OAuth error.
  }
  return out;
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)} · Atlassian sandbox</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}button{padding:.5rem 1rem;margin-right:.5rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
