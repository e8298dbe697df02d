import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SandboxHarness } from "../../test/support/sandbox-harness.js";
import { type AtlassianAuth, AtlassianClient, AtlassianError, type ClientConfig } from "./index.js";
import { closeSharedDispatcher } from "./proxy.js";

/**
 * The client against the Atlassian sandbox over real HTTP: authentication in every mode, error
 * extraction, and the retry rules under injected faults. Fault decisions come from a seeded PRNG
 * and requests run one after another, so every run sees the same sequence of faults.
 */

interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  fault: string | null;
  identity: { accountId: string } | null;
}

let h: SandboxHarness;

beforeAll(async () => {
  h = await SandboxHarness.start();
});
afterAll(async () => {
  await h?.close();
  await closeSharedDispatcher();
});
beforeEach(async () => {
  await control("DELETE", "/faults");
  await control("DELETE", "/requests");
});

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${h.url}/__sandbox${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 400)
    throw new Error(`sandbox control ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

async function requestLog(filter: { method?: string; path?: string } = {}): Promise<LoggedRequest[]> {
  const q = new URLSearchParams(filter as Record<string, string>);
  return (await control("GET", `/requests?${q}`)).requests;
}

function basicClient(extra: Partial<ClientConfig> = {}): AtlassianClient {
  return new AtlassianClient({
    siteUrl: h.url,
    auth: { type: "basic", email: h.info.email, apiToken: h.info.apiToken },
    ...extra,
  });
}

function adf(text: string) {
  return { type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text }] }] };
}

describe("authentication against the sandbox", () => {
  it("GET with Basic (email + API token) works", async () => {
    const client = basicClient();
    const me = await client.request({ product: "jira", method: "GET", path: "/rest/api/3/myself" });
    expect(me.status).toBe(200);
    expect(me.attempts).toBe(1);
    expect((me.body as { accountId: string }).accountId).toBe(h.info.accountId);

    const issue = await client.request({
      product: "jira",
      method: "GET",
      path: "/rest/api/3/issue/BACKEND-1",
    });
    expect((issue.body as { key: string }).key).toBe("BACKEND-1");
    expect(client.stats.byStatus[200]).toBe(2);
  });

  it("a bad API token gives a 401 AtlassianError with Jira's message, a hint, and no token in its text", async () => {
    const badToken = "ATATT-definitely-wrong-token-4242";
    const client = new AtlassianClient({
      siteUrl: h.url,
      auth: { type: "basic", email: h.info.email, apiToken: badToken },
    });
    let error: AtlassianError | null = null;
    try {
      await client.request({ product: "jira", method: "GET", path: "/rest/api/3/myself" });
    } catch (e) {
      error = e as AtlassianError;
    }
    expect(error).toBeInstanceOf(AtlassianError);
    expect(error?.status).toBe(401);
    expect(error?.code).toBe("http");
    expect(error?.attempts).toBe(1);
    expect(error?.atlassianMessages).toEqual(["Client must be authenticated to access this resource."]);
    expect(error?.hint).toMatch(/API token/);
    const text = [error?.message, error?.stack, error?.hint, JSON.stringify(error)].join("\n");
    expect(text).not.toContain(badToken);
    expect(text).not.toContain(Buffer.from(`${h.info.email}:${badToken}`).toString("base64"));
  });

  it("OAuth goes through /ex/jira/{cloudId} with the access token", async () => {
    const tokens = await h.oauthTokens();
    const client = new AtlassianClient({
      siteUrl: "https://acme-robotics.atlassian.net",
      auth: {
        type: "oauth",
        cloudId: h.info.cloudId,
        apiBaseUrl: h.url,
        getAccessToken: async () => tokens.access_token,
      },
    });
    const me = await client.request({ product: "jira", method: "GET", path: "/rest/api/3/myself" });
    expect((me.body as { accountId: string }).accountId).toBe(h.info.accountId);
    const log = await requestLog({ method: "GET" });
    expect(log.map((r) => r.path)).toEqual([`/ex/jira/${h.info.cloudId}/rest/api/3/myself`]);
  });

  it("on 401 after the tokens expired, calls onUnauthorized once and retries with the new token", async () => {
    let tokens = await h.oauthTokens();
    const used: string[] = [];
    let refreshes = 0;
    const auth: AtlassianAuth = {
      type: "oauth",
      cloudId: h.info.cloudId,
      apiBaseUrl: h.url,
      getAccessToken: async () => {
        used.push(tokens.access_token);
        return tokens.access_token;
      },
      onUnauthorized: async () => {
        refreshes++;
        const res = await fetch(`${h.url}/oauth/token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            grant_type: "refresh_token",
            client_id: h.info.oauth.clientId,
            client_secret: h.info.oauth.clientSecret,
            refresh_token: tokens.refresh_token,
          }),
        });
        expect(res.status).toBe(200);
        tokens = (await res.json()) as typeof tokens;
      },
    };
    const client = new AtlassianClient({ siteUrl: h.url, auth });
    await client.request({ product: "jira", method: "GET", path: "/rest/api/3/myself" });
    await control("POST", "/expire-tokens");
    await control("DELETE", "/requests");

    // A write: the rejected attempt was never applied, so retrying it once is safe.
    const res = await client.request({
      product: "jira",
      method: "POST",
      path: "/rest/api/3/issue/BACKEND-1/comment",
      body: { json: { body: adf("after token refresh") } },
    });
    expect(res.status).toBe(201);
    expect(res.attempts).toBe(2);
    expect(refreshes).toBe(1);
    expect(used).toHaveLength(3);
    expect(used[2]).not.toBe(used[1]);
    const comments = await requestLog({
      method: "POST",
      path: `/ex/jira/${h.info.cloudId}/rest/api/3/issue/BACKEND-1/comment`,
    });
    expect(comments.map((r) => r.status)).toEqual([401, 201]);

    // Still rejected after the refresh: no second refresh, the 401 surfaces with the OAuth hint.
    await control("POST", "/expire-tokens");
    const stale = tokens.access_token;
    const noRefresh: AtlassianAuth = { ...auth, getAccessToken: async () => stale };
    const stuck = new AtlassianClient({ siteUrl: h.url, auth: noRefresh });
    const before = refreshes;
    const err = await stuck
      .request({ product: "jira", method: "GET", path: "/rest/api/3/myself" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AtlassianError);
    expect(err.status).toBe(401);
    expect(err.attempts).toBe(2);
    expect(refreshes).toBe(before + 1);
    expect(err.hint).toMatch(/Reconnect/);
    expect(err.message).not.toContain(stale);
  });
});

describe("faults", () => {
  it("50 GETs all succeed through 429s with Retry-After: 0", async () => {
    await control("POST", "/faults", { rateLimit: { share: 0.5, retryAfterSeconds: 0 }, seed: 1 });
    const client = basicClient({ retry: { maxAttempts: 12 } });
    for (let i = 0; i < 50; i++) {
      const res = await client.request({
        product: "jira",
        method: "GET",
        path: "/rest/api/3/issue/BACKEND-1",
      });
      expect(res.status).toBe(200);
    }
    const log = await requestLog({ method: "GET", path: "/rest/api/3/issue/BACKEND-1" });
    const limited = log.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(log.filter((r) => r.status === 200)).toHaveLength(50);
    expect(client.stats.rateLimited).toBe(limited.length);
    expect(client.stats.retries).toBe(limited.length);
    expect(client.stats.requests).toBe(50);
  });

  it("a POST answered 500 after it was applied is attempted exactly once", async () => {
    await control("POST", "/faults", { errors: { share: 1, status: 500, phase: "after" } });
    const client = basicClient();
    const err = await client
      .request({
        product: "jira",
        method: "POST",
        path: "/rest/api/3/issue/BACKEND-1/comment",
        body: { json: { body: adf("applied then failed") } },
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AtlassianError);
    expect(err.status).toBe(500);
    expect(err.attempts).toBe(1);
    expect(err.hint).toMatch(/may have been applied/);
    const posts = await requestLog({ method: "POST" });
    expect(posts).toHaveLength(1);
    expect(posts[0].fault).toBe("error-after");
  });

  it("a POST whose connection is reset after it was applied is attempted exactly once", async () => {
    await control("POST", "/faults", { resets: { share: 1, phase: "after" } });
    const client = basicClient();
    const err = await client
      .request({
        product: "jira",
        method: "POST",
        path: "/rest/api/3/issue/BACKEND-1/comment",
        body: { json: { body: adf("applied then reset") } },
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(AtlassianError);
    expect(err.code).toBe("network");
    expect(err.attempts).toBe(1);
    expect(await requestLog({ method: "POST" })).toHaveLength(1);
  });

  it("POSTs refused with 503 before they were applied are retried, and each is applied exactly once", async () => {
    const marker = `retry-marker-${Date.now()}`;
    const path = "/rest/api/3/issue/BACKEND-2/comment";
    // Retry-After: 1 from the sandbox is capped to 5 ms so the test does not sleep.
    await control("POST", "/faults", {
      paths: [path],
      errors: { share: 0.5, status: 503, phase: "before" },
      seed: 7,
    });
    const client = basicClient({ retry: { maxAttempts: 12, maxRetryAfterMs: 5 } });
    const calls = 10;
    for (let i = 0; i < calls; i++) {
      const res = await client.request({
        product: "jira",
        method: "POST",
        path,
        body: { json: { body: adf(`${marker} #${i}`) } },
      });
      expect(res.status).toBe(201);
    }
    const posts = await requestLog({ method: "POST", path });
    const refused = posts.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.fault === "error-before")).toBe(true);
    expect(posts.filter((r) => r.status >= 200 && r.status < 300)).toHaveLength(calls);
    expect(posts).toHaveLength(calls + refused.length);

    // The issue holds exactly one comment per logical call.
    await control("DELETE", "/faults");
    const listed = await client.request({
      product: "jira",
      method: "GET",
      path,
      query: [["maxResults", "5000"]],
    });
    const texts = (listed.body as { comments: Array<{ body: unknown }> }).comments
      .map((c) => JSON.stringify(c.body))
      .filter((t) => t.includes(marker));
    expect(texts).toHaveLength(calls);
  });

  it("GETs ride out connection resets and 502s before the answer", async () => {
    await control("POST", "/faults", {
      errors: { share: 0.2, status: 502, phase: "before" },
      resets: { share: 0.2, phase: "before" },
      seed: 3,
    });
    const client = basicClient({ retry: { maxAttempts: 12, baseDelayMs: 1, maxDelayMs: 5 } });
    for (let i = 0; i < 20; i++) {
      const res = await client.request({ product: "jira", method: "GET", path: "/rest/api/3/myself" });
      expect(res.status).toBe(200);
    }
    const log = await requestLog({ method: "GET" });
    expect(log.some((r) => r.fault === "reset")).toBe(true);
    expect(log.some((r) => r.status === 502)).toBe(true);
    expect(client.stats.retries).toBeGreaterThan(0);
  });
});
