import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testGateway } from "./test-gateway.js";

type T = Awaited<ReturnType<typeof testGateway>>;

const apiTokenBody = {
  name: "acme",
  auth: {
    type: "api_token",
    site_url: "https://acme.atlassian.net/wiki/",
    email: "ada@acme.test",
    api_token: "tok-123456",
  },
};

async function expectError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as any;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(typeof body.error.code).toBe("string");
  expect(typeof body.error.message).toBe("string");
  expect("details" in body.error).toBe(true);
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

describe("admin API", () => {
  let t: T;
  let accountId: string;
  beforeAll(async () => {
    t = await testGateway();
    const res = await t.request("POST", "/integrated-account", { body: apiTokenBody });
    expect(res.status).toBe(201);
    accountId = ((await res.json()) as any).id;
  });
  afterAll(() => t.gateway.close());

  it("creates a team and prints a one-time admin key on first start", () => {
    expect(t.gateway.adminKey).toMatch(/^agk_/);
    expect(t.announced).toHaveLength(1);
    expect(t.announced[0]).toContain(t.gateway.adminKey!);
  });

  it("normalizes the site URL, checks the credentials and never returns them", async () => {
    expect(t.checked[0]).toMatchObject({ type: "api_token", siteUrl: "https://acme.atlassian.net" });
    const res = await t.request("GET", `/integrated-account/${accountId}`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain("tok-123456");
    expect(JSON.parse(text)).toMatchObject({
      id: accountId,
      auth_type: "api_token",
      status: "active",
      deployment: "cloud",
    });
  });

  it("answers 400 with Atlassian's message when the credentials fail, and stores nothing", async () => {
    const before = await t.counts();
    const res = await t.request("POST", "/integrated-account", {
      body: { ...apiTokenBody, auth: { ...apiTokenBody.auth, api_token: "bad" } },
    });
    const err = await expectError(res, 400, "invalid_credentials");
    expect(err.message).toContain("401");
    const after = await t.counts();
    expect(after.integrated_accounts).toBe(before.integrated_accounts);
  });

  const routes: Array<[string, () => string]> = [
    ["POST", () => "/integrated-account"],
    ["GET", () => "/integrated-account"],
    ["GET", () => `/integrated-account/${accountId}`],
    ["DELETE", () => `/integrated-account/${accountId}`],
    ["POST", () => `/integrated-account/${accountId}/mcp`],
    ["GET", () => `/integrated-account/${accountId}/mcp`],
    ["GET", () => `/integrated-account/${accountId}/mcp/00000000-0000-4000-8000-000000000000`],
    ["PATCH", () => `/integrated-account/${accountId}/mcp/00000000-0000-4000-8000-000000000000`],
    ["DELETE", () => `/integrated-account/${accountId}/mcp/00000000-0000-4000-8000-000000000000`],
    ["GET", () => "/audit-log"],
    ["POST", () => "/api-keys"],
    ["GET", () => "/api-keys"],
    ["DELETE", () => "/api-keys/00000000-0000-4000-8000-000000000000"],
  ];

  it.each(routes)("%s %s needs a valid API key (401, nothing written)", async (method, path) => {
    const before = await t.counts();
    for (const init of [
      { key: null },
      { key: "agk_not-a-real-key-0000000000000" },
      { key: null, headers: { authorization: "Basic Zm9vOmJhcg==" } },
      { key: null, headers: { authorization: "Bearer" } },
    ]) {
      const res = await t.request(method, path(), { ...init, body: {} });
      await expectError(res, 401, "unauthorized");
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
    }
    expect(await t.counts()).toEqual(before);
  });

  const bodyRoutes: Array<[string, () => string]> = [
    ["POST", () => "/integrated-account"],
    ["POST", () => `/integrated-account/${accountId}/mcp`],
    ["POST", () => "/api-keys"],
  ];

  it.each(bodyRoutes)("%s %s refuses bad JSON, wrong types and unknown keys", async (method, path) => {
    const before = await t.counts();
    await expectError(await t.request(method, path(), { raw: "{not json" }), 400, "invalid_json");
    await expectError(await t.request(method, path(), { raw: "" }), 400, "invalid_json");
    await expectError(await t.request(method, path(), { body: [] }), 400, "invalid_request");
    await expectError(await t.request(method, path(), { body: { name: 42 } }), 400, "invalid_request");
    await expectError(
      await t.request(method, path(), { body: { name: "x", surprise: true } }),
      400,
      "invalid_request",
    );
    await expectError(
      await t.request(method, path(), { raw: "{}", headers: { "content-type": "text/plain" } }),
      415,
      "unsupported_media_type",
    );
    expect(await t.counts()).toEqual(before);
  });

  it("validates the account auth variants strictly", async () => {
    const before = await t.counts();
    const bad = [
      { name: "x", auth: { type: "password", user: "a" } },
      { name: "x", auth: { type: "api_token", site_url: "not a url", email: "a@b.c", api_token: "t" } },
      { name: "x", auth: { type: "api_token", site_url: "https://a.test", email: "nope", api_token: "t" } },
      {
        name: "x",
        auth: { type: "api_token", site_url: "https://u:p@a.test", email: "a@b.c", api_token: "t" },
      },
      { name: "x", auth: { type: "pat", base_url: "https://jira.test", token: "t", extra: 1 } },
      { name: "", auth: { type: "pat", base_url: "https://jira.test", token: "t" } },
      { name: "x", auth: { type: "oauth", scope: "all" } },
    ];
    for (const body of bad) {
      const err = await expectError(
        await t.request("POST", "/integrated-account", { body }),
        400,
        "invalid_request",
      );
      expect(Array.isArray(err.details)).toBe(true);
    }
    // OAuth is valid input but not configured on this gateway.
    await expectError(
      await t.request("POST", "/integrated-account", { body: { name: "o", auth: { type: "oauth" } } }),
      400,
      "oauth_not_configured",
    );
    expect(await t.counts()).toEqual(before);
  });

  it("refuses malformed ids with 400 and unknown ones with 404, writing nothing", async () => {
    const before = await t.counts();
    for (const [method, path] of [
      ["GET", "/integrated-account/123"],
      ["DELETE", "/integrated-account/..%2F"],
      ["GET", `/integrated-account/${accountId}/mcp/x`],
      ["PATCH", `/integrated-account/${accountId}/mcp/not-a-uuid`],
      ["DELETE", "/api-keys/42"],
      ["POST", "/integrated-account/nope/mcp"],
    ] as const) {
      await expectError(await t.request(method, path, { body: { name: "x" } }), 400, "invalid_request");
    }
    const missing = "00000000-0000-4000-8000-000000000000";
    await expectError(await t.request("GET", `/integrated-account/${missing}`), 404, "not_found");
    await expectError(await t.request("DELETE", `/integrated-account/${missing}`), 404, "not_found");
    await expectError(
      await t.request("POST", `/integrated-account/${missing}/mcp`, { body: { name: "x" } }),
      404,
      "not_found",
    );
    await expectError(
      await t.request("GET", `/integrated-account/${accountId}/mcp/${missing}`),
      404,
      "not_found",
    );
    await expectError(await t.request("DELETE", `/api-keys/${missing}`), 404, "not_found");
    expect(await t.counts()).toEqual(before);
  });

  it("refuses unknown query parameters and bad paging values", async () => {
    await expectError(await t.request("GET", "/integrated-account?foo=1"), 400, "invalid_request");
    await expectError(await t.request("GET", "/integrated-account?limit=0"), 400, "invalid_request");
    await expectError(await t.request("GET", "/integrated-account?limit=abc"), 400, "invalid_request");
    await expectError(await t.request("GET", "/integrated-account?cursor=garbage"), 400, "invalid_request");
    await expectError(await t.request("GET", "/audit-log?outcome=maybe"), 400, "invalid_request");
    await expectError(await t.request("GET", "/audit-log?since=yesterday"), 400, "invalid_request");
    await expectError(await t.request("GET", `/integrated-account/${accountId}?x=1`), 400, "invalid_request");
  });

  it("validates MCP server filters, expiry and that some tool is left", async () => {
    const before = await t.counts();
    const path = `/integrated-account/${accountId}/mcp`;
    const cases: Array<[unknown, string]> = [
      [{ name: "s", config: { methods: ["reed"] } }, "invalid_request"],
      [{ name: "s", config: { tags: ["nope"] } }, "invalid_request"],
      [{ name: "s", config: { tools: ["no_such_tool"] } }, "invalid_request"],
      [{ name: "s", config: { tool_exposure: "some" } }, "invalid_request"],
      [{ name: "s", config: { methods: "read" } }, "invalid_request"],
      [{ name: "s", config: { unknown: 1 } }, "invalid_request"],
      [{ name: "s", expires_at: t.now() + 59_000 }, "invalid_request"],
      [{ name: "s", expires_at: new Date(t.now() - 1000).toISOString() }, "invalid_request"],
      [{ name: "s", expires_at: "tomorrow" }, "invalid_request"],
      [{ name: "s", require_api_token_auth: "yes" }, "invalid_request"],
      // Only Data Center has no such combination: a Cloud-only tool with write methods only.
      [{ name: "s", config: { methods: ["write"], tools: ["get_single_jira_current_user"] } }, "no_tools"],
    ];
    for (const [body, code] of cases) {
      await expectError(await t.request("POST", path, { body }), 400, code);
    }
    expect(await t.counts()).toEqual(before);
  });

  it("creates, lists, patches and deletes MCP servers; the token shows up only once", async () => {
    const path = `/integrated-account/${accountId}/mcp`;
    const res = await t.request("POST", path, {
      body: {
        name: "reader",
        config: { methods: ["read"], tags: ["core"] },
        expires_at: t.now() + 3_600_000,
      },
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as any;
    expect(created.token).toMatch(/^agm_/);
    expect(created.url).toBe(`${t.gateway.ctx.publicUrl}/mcp/${created.token}`);
    expect(created).toMatchObject({
      name: "reader",
      integrated_account_id: accountId,
      config: { methods: ["read"], tags: ["core"] },
      expires_at: new Date(t.now() + 3_600_000).toISOString(),
    });
    const list = await (await t.request("GET", path)).text();
    expect(list).not.toContain(created.token);
    expect(JSON.parse(list).result.map((s: any) => s.id)).toContain(created.id);
    const one = await (await t.request("GET", `${path}/${created.id}`)).text();
    expect(one).not.toContain(created.token);

    const before = await t.counts();
    await expectError(
      await t.request("PATCH", `${path}/${created.id}`, { body: {} }),
      400,
      "invalid_request",
    );
    await expectError(
      await t.request("PATCH", `${path}/${created.id}`, { body: { token: "x" } }),
      400,
      "invalid_request",
    );
    await expectError(
      await t.request("PATCH", `${path}/${created.id}`, {
        body: { config: { methods: ["write"], tools: ["get_single_jira_current_user"] } },
      }),
      400,
      "no_tools",
    );
    expect(await t.counts()).toEqual(before);

    const patched = await t.request("PATCH", `${path}/${created.id}`, {
      body: { config: { methods: ["read", "write"] }, expires_at: null },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ config: { methods: ["read", "write"] }, expires_at: null });

    expect((await t.request("DELETE", `${path}/${created.id}`)).status).toBe(204);
    await expectError(await t.request("GET", `${path}/${created.id}`), 404, "not_found");
  });

  it("manages API keys: the key once, then only its prefix; a revoked key stops working", async () => {
    const res = await t.request("POST", "/api-keys", { body: { name: "ci" } });
    expect(res.status).toBe(201);
    const created = (await res.json()) as any;
    expect(created.key).toMatch(/^agk_/);
    const list = await (await t.request("GET", "/api-keys")).text();
    expect(list).not.toContain(created.key);
    expect((await t.request("GET", "/integrated-account", { key: created.key })).status).toBe(200);
    expect((await t.request("DELETE", `/api-keys/${created.id}`)).status).toBe(204);
    await expectError(
      await t.request("GET", "/integrated-account", { key: created.key }),
      401,
      "unauthorized",
    );
  });

  it("records every admin action in the audit log without secrets", async () => {
    const res = await t.request("GET", "/audit-log?limit=200");
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text);
    const actions = body.result.map((r: any) => r.action);
    for (const a of [
      "integrated_account.create",
      "mcp_server.create",
      "mcp_server.update",
      "mcp_server.delete",
      "api_key.create",
      "api_key.revoke",
    ]) {
      expect(actions).toContain(a);
    }
    expect(text).not.toContain("tok-123456");
    expect(text).not.toContain(t.gateway.adminKey!);
    const filtered = (await (await t.request("GET", "/audit-log?action=api_key.create")).json()) as any;
    expect(filtered.result.every((r: any) => r.action === "api_key.create")).toBe(true);
  });

  it("filters the audit log by outcome before paging: full pages and a cursor to every match", async () => {
    const start = t.now() - 1_000_000; // before every other record of the team
    const errors: string[] = [];
    for (let i = 0; i < 40; i++) {
      const outcome = i % 8 === 2 ? "error" : "ok"; // the 14 newest are all "ok"
      const rec = await t.gateway.repos.audit.append({
        teamId: t.gateway.teamId,
        at: start + i,
        action: "tool_call",
        tool: "jira_search",
        outcome,
      });
      if (outcome === "error") errors.push(rec.id);
    }
    const range = `since=${start}&until=${start + 40}`;
    const sizes: number[] = [];
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const query = `${range}&outcome=error&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const res = await t.request("GET", `/audit-log?${query}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      sizes.push(body.result.length);
      seen.push(...body.result);
      cursor = body.next_cursor;
    } while (cursor && sizes.length < 40);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen.every((r) => r.outcome === "error")).toBe(true);
    expect(seen.map((r) => r.id)).toEqual([...errors].reverse());

    const combined = await t.request("GET", `/audit-log?${range}&outcome=ok&tool=jira_search&limit=30`);
    const page = (await combined.json()) as any;
    expect(page.result).toHaveLength(30);
    expect(page.result.every((r: any) => r.outcome === "ok")).toBe(true);
    expect(page.next_cursor).not.toBeNull();
  });

  it("refuses oversized admin bodies with 413", async () => {
    const before = await t.counts();
    const res = await t.request("POST", "/api-keys", {
      raw: JSON.stringify({ name: "x".repeat(70 * 1024) }),
    });
    await expectError(res, 413, "payload_too_large");
    expect(await t.counts()).toEqual(before);
  });

  it("answers unknown routes with the error shape", async () => {
    await expectError(await t.request("GET", "/nope"), 404, "not_found");
  });
});

describe("team isolation", () => {
  let t: T;
  let otherKey: string;
  let accountId: string;
  let serverId: string;
  beforeAll(async () => {
    t = await testGateway();
    const created = await t.request("POST", "/integrated-account", { body: apiTokenBody });
    accountId = ((await created.json()) as any).id;
    const srv = await t.request("POST", `/integrated-account/${accountId}/mcp`, { body: { name: "s" } });
    serverId = ((await srv.json()) as any).id;
    const team = await t.gateway.repos.teams.create("other");
    otherKey = (await t.gateway.repos.apiKeys.create(team.id, "other admin")).key;
  });
  afterAll(() => t.gateway.close());

  it("a second team's key sees nothing of the first and cannot touch it", async () => {
    const as = { key: otherKey };
    expect(await (await t.request("GET", "/integrated-account", as)).json()).toEqual({
      result: [],
      next_cursor: null,
    });
    const keys = (await (await t.request("GET", "/api-keys", as)).json()) as any;
    expect(keys.result.map((k: any) => k.name)).toEqual(["other admin"]);
    expect(await (await t.request("GET", "/audit-log", as)).json()).toEqual({
      result: [],
      next_cursor: null,
    });

    const before = await t.counts();
    await expectError(await t.request("GET", `/integrated-account/${accountId}`, as), 404, "not_found");
    await expectError(await t.request("DELETE", `/integrated-account/${accountId}`, as), 404, "not_found");
    await expectError(await t.request("GET", `/integrated-account/${accountId}/mcp`, as), 404, "not_found");
    await expectError(
      await t.request("POST", `/integrated-account/${accountId}/mcp`, { ...as, body: { name: "x" } }),
      404,
      "not_found",
    );
    await expectError(
      await t.request("GET", `/integrated-account/${accountId}/mcp/${serverId}`, as),
      404,
      "not_found",
    );
    await expectError(
      await t.request("PATCH", `/integrated-account/${accountId}/mcp/${serverId}`, {
        ...as,
        body: { name: "pwned" },
      }),
      404,
      "not_found",
    );
    await expectError(
      await t.request("DELETE", `/integrated-account/${accountId}/mcp/${serverId}`, as),
      404,
      "not_found",
    );
    const firstKeys = (await (await t.request("GET", "/api-keys")).json()) as any;
    await expectError(await t.request("DELETE", `/api-keys/${firstKeys.result[0].id}`, as), 404, "not_found");
    expect(await t.counts()).toEqual(before);

    // The first team still has everything.
    expect((await t.request("GET", `/integrated-account/${accountId}/mcp/${serverId}`)).status).toBe(200);
  });
});

describe("ATLASGATE_ADMIN_KEY", () => {
  it("is stored hashed and works; no key is announced", async () => {
    const key = "agk_operator-chosen-key-0123456789";
    const t = await testGateway({ env: { ATLASGATE_ADMIN_KEY: key } });
    try {
      expect(t.announced).toEqual([]);
      expect((await t.request("GET", "/integrated-account", { key })).status).toBe(200);
      const { rows } = await t.gateway.repos.db.query<{ key_hash: string }>("SELECT key_hash FROM api_keys");
      expect(rows.map((r) => r.key_hash).join()).not.toContain(key);
    } finally {
      await t.gateway.close();
    }
  });
});

describe("health, readiness, metrics", () => {
  it("serves /health, /ready and /metrics without an API key", async () => {
    const t = await testGateway();
    try {
      expect((await t.request("GET", "/health", { key: null })).status).toBe(200);
      expect(await (await t.request("GET", "/ready", { key: null })).json()).toEqual({ status: "ready" });
      const metrics = await (await t.request("GET", "/metrics", { key: null })).text();
      expect(metrics).toContain("atlasgate_tool_calls_total");
      expect(metrics).toContain("atlasgate_upstream_retries_total");
    } finally {
      await t.gateway.close();
    }
  });
});
