import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxHarness } from "../../../test/support/sandbox-harness.js";

describe("sandbox OAuth 2.0 (3LO)", () => {
  let h: SandboxHarness;
  beforeAll(async () => {
    h = await SandboxHarness.start({ tokenTtlSeconds: 2 });
  });
  afterAll(() => h.close());

  const token = (body: Record<string, string>) =>
    fetch(`${h.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: h.info.oauth.clientId,
        client_secret: h.info.oauth.clientSecret,
        ...body,
      }),
    });

  it("shows a consent page naming the app and the scopes", async () => {
    const q = new URLSearchParams({
      audience: "api.atlassian.com",
      client_id: h.info.oauth.clientId,
      scope: "read:jira-work offline_access",
      redirect_uri: "http://127.0.0.1:9/cb",
      state: "xyz",
      response_type: "code",
      prompt: "consent",
    });
    const res = await fetch(`${h.url}/authorize?${q}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("read:jira-work");
    expect(html).toContain('name="decision" value="accept"');
  });

  it("refuses an unknown client on the consent page", async () => {
    const res = await fetch(
      `${h.url}/authorize?client_id=nope&scope=read:jira-work&redirect_uri=http://x/cb`,
    );
    expect(res.status).toBe(400);
  });

  it("denial redirects with error=access_denied and the state", async () => {
    const res = await fetch(`${h.url}/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: h.info.oauth.clientId,
        redirect_uri: "http://127.0.0.1:9/cb",
        scope: "read:jira-work",
        state: "st",
        decision: "deny",
      }),
    });
    expect(res.status).toBe(302);
    const loc = new URL(res.headers.get("location")!);
    expect(loc.searchParams.get("error")).toBe("access_denied");
    expect(loc.searchParams.get("state")).toBe("st");
  });

  it("exchanges a code once, rotates refresh tokens, and refuses a spent one with invalid_grant", async () => {
    const first = await h.oauthTokens();
    expect(first.access_token).toMatch(/^at-/);
    expect(first.refresh_token).toMatch(/^rt-/);
    expect(first.expires_in).toBe(2);

    const me = await h.get("/me", { as: { bearer: first.access_token } });
    expect(me.status).toBe(200);
    expect(me.body.account_id).toBe(h.info.accountId);

    const res = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(res.status).toBe(200);
    const second = (await res.json()) as any;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);

    const reuse = await token({ grant_type: "refresh_token", refresh_token: first.refresh_token });
    expect(reuse.status).toBe(403);
    expect((await reuse.json()) as any).toMatchObject({ error: "invalid_grant" });

    const third = await token({ grant_type: "refresh_token", refresh_token: second.refresh_token });
    expect(third.status).toBe(200);
  });

  it("refuses a code used twice, a wrong secret and an unknown grant type", async () => {
    const redirectUri = "http://127.0.0.1:9/cb";
    const consent = await fetch(`${h.url}/authorize`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: h.info.oauth.clientId,
        redirect_uri: redirectUri,
        scope: "read:jira-work",
        decision: "accept",
      }),
    });
    const code = new URL(consent.headers.get("location")!).searchParams.get("code")!;
    const ok = await token({ grant_type: "authorization_code", code, redirect_uri: redirectUri });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).refresh_token).toBeUndefined(); // no offline_access, no refresh token
    const again = await token({ grant_type: "authorization_code", code, redirect_uri: redirectUri });
    expect(again.status).toBe(403);
    expect((await again.json()) as any).toMatchObject({ error: "invalid_grant" });

    const wrongSecret = await fetch(`${h.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "refresh_token",
        client_id: h.info.oauth.clientId,
        client_secret: "x",
        refresh_token: "y",
      }),
    });
    expect(wrongSecret.status).toBe(401);
    const unknown = await token({ grant_type: "password" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()) as any).toMatchObject({ error: "unsupported_grant_type" });
  });

  it("lists accessible resources with the cloudId, and serves the /ex/jira form", async () => {
    const t = await h.oauthTokens();
    const res = await h.get("/oauth/token/accessible-resources", { as: { bearer: t.access_token } });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body[0]).toMatchObject({ id: h.info.cloudId, url: h.url });
    expect(res.body[0].scopes).toContain("read:jira-work");

    const myself = await h.get(`/ex/jira/${h.info.cloudId}/rest/api/3/myself`, {
      as: { bearer: t.access_token },
    });
    expect(myself.status).toBe(200);
    expect(myself.body.accountId).toBe(h.info.accountId);
    const wrongCloud = await h.get("/ex/jira/00000000-0000-0000-0000-000000000000/rest/api/3/myself", {
      as: { bearer: t.access_token },
    });
    expect(wrongCloud.status).toBe(404);
    const wrongProduct = await h.get(`/ex/confluence/${h.info.cloudId}/rest/api/3/myself`, {
      as: { bearer: t.access_token },
    });
    expect(wrongProduct.status).toBe(404);
  });

  it("answers 401 for an expired access token, and for expire-all", async () => {
    const t = await h.oauthTokens();
    const path = `/ex/jira/${h.info.cloudId}/rest/api/3/myself`;
    expect((await h.get(path, { as: { bearer: t.access_token } })).status).toBe(200);
    const expired = await fetch(`${h.url}/__sandbox/expire-tokens`, { method: "POST" });
    expect(((await expired.json()) as any).expiredAccessTokens).toBeGreaterThan(0);
    const res = await h.get(path, { as: { bearer: t.access_token } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 401, message: "Unauthorized" });
  });

  it("expires access tokens after the configured TTL", async () => {
    const { context } = h.sandbox;
    const t = await h.oauthTokens();
    const realNow = context.now;
    try {
      context.now = () => realNow() + 2_500;
      const res = await h.get(`/ex/jira/${h.info.cloudId}/rest/api/3/myself`, {
        as: { bearer: t.access_token },
      });
      expect(res.status).toBe(401);
    } finally {
      context.now = realNow;
    }
  });

  it("does not accept an OAuth token on the site form, nor Basic on the gateway form", async () => {
    const t = await h.oauthTokens();
    expect((await h.get("/rest/api/3/myself", { as: { bearer: t.access_token } })).status).toBe(401);
    expect((await h.get(`/ex/jira/${h.info.cloudId}/rest/api/3/myself`, { as: "admin" })).status).toBe(401);
  });

  it("masks OAuth secrets in the request log", async () => {
    await h.oauthTokens();
    const log = (await (await fetch(`${h.url}/__sandbox/requests?path=/oauth/token`)).json()) as any;
    const last = log.requests.at(-1);
    expect(last.body.client_secret).not.toBe(h.info.oauth.clientSecret);
    expect(JSON.stringify(log)).not.toContain(h.info.oauth.clientSecret);
  });
});
