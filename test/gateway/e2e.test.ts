import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/catalog/index.js";
import { type RunningGateway, startGateway } from "../../src/gateway/server.js";
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from "../../src/gateway/storage/test-postgres.js";
import { PROTOCOLS, type Protocol } from "../support/mcp-stdio.js";
import { SandboxHarness } from "../support/sandbox-harness.js";

const catalog = loadCatalog();
const writeTools = new Set(catalog.filter((t) => t.access === "write").map((t) => t.name));
const T0 = Date.UTC(2026, 10, 1, 9, 0, 0);

async function connect(url: string, options: { protocol?: Protocol; key?: string } = {}) {
  const protocol = options.protocol ?? "2025-11-25";
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: options.key ? { headers: { authorization: `Bearer ${options.key}` } } : undefined,
  });
  const clientOptions: Record<string, unknown> =
    protocol === "2026-07-28"
      ? { versionNegotiation: { mode: { pin: protocol } } }
      : { supportedProtocolVersions: [protocol] };
  const client = new Client({ name: "atlasgate-e2e", version: "1.0.0" }, clientOptions as any);
  await client.connect(transport);
  return {
    client,
    async call(name: string, args: Record<string, unknown> = {}) {
      const res: any = await client.callTool({ name, arguments: args });
      const text = (res.content ?? []).map((c: any) => c.text ?? "").join("");
      return { isError: res.isError === true, text };
    },
    close: () => client.close(),
  };
}

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** The same scenario on the embedded database and on real Postgres (with the Redis rate limiter). */
for (const backend of ["PGlite", "Postgres + Redis"] as const) {
  describe(`gateway end to end (real HTTP, official client, ${backend}, sandbox)`, async () => {
    if (backend !== "PGlite") {
      const reason = await postgresUnavailableReason();
      if (reason) {
        if (process.env.CI === "true") throw new Error(`Postgres is required in CI: ${reason}`);
        console.warn(`skipping the Postgres end-to-end run: ${reason}`);
        it.skip(reason, () => {});
        return;
      }
    }
    let h: SandboxHarness;
    let db: TestDatabase | undefined;
    let gw: RunningGateway;
    let now = T0;
    let key: string;
    let accountId: string;
    const admin = async (method: string, path: string, body?: unknown, as = key) => {
      const res = await fetch(`${gw.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${as}`, ...(body ? { "content-type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
    };

    beforeAll(async () => {
      h = await SandboxHarness.start();
      if (backend !== "PGlite") db = await createTestDatabase();
      gw = await startGateway({
        env: db ? { DATABASE_URL: db.url, REDIS_URL } : {},
        config: { dataDir: ":memory:", host: "127.0.0.1", port: 0, encryptionKey: Buffer.alloc(32, 3) },
        logger: pino({ level: "silent" }),
        announce: () => {},
        now: () => now,
        oauth: null,
      });
      key = gw.adminKey!;
      const res = await admin("POST", "/integrated-account", {
        name: "sandbox",
        auth: { type: "api_token", site_url: h.url, email: h.info.email, api_token: h.info.apiToken },
      });
      expect(res.status).toBe(201);
      expect(res.text).not.toContain(h.info.apiToken);
      accountId = res.json.id;
    });
    afterAll(async () => {
      await gw?.close();
      await h?.close();
      await db?.drop();
    });

    it("refuses credentials Atlassian rejects, with Atlassian's message", async () => {
      const res = await admin("POST", "/integrated-account", {
        name: "wrong",
        auth: { type: "api_token", site_url: h.url, email: h.info.email, api_token: "wrong-token-123" },
      });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("invalid_credentials");
      expect(res.text).not.toContain("wrong-token-123");
    });

    it("serves read tools only, refuses writes, then writes after a PATCH; require_api_token_auth; expiry", async () => {
      const created = await admin("POST", `/integrated-account/${accountId}/mcp`, {
        name: "reader",
        config: { methods: ["read"] },
        expires_at: new Date(now + 61_000).toISOString(),
      });
      expect(created.status).toBe(201);
      const { url, id: serverId } = created.json;
      expect(url).toBe(`${gw.url}/mcp/${created.json.token}`);

      // Only read tools.
      let s = await connect(url);
      const { tools } = await s.client.listTools();
      expect(tools.length).toBeGreaterThan(20);
      expect(tools.some((t) => writeTools.has(t.name))).toBe(false);
      const me = await s.call("get_single_jira_current_user");
      expect(me.isError).toBe(false);
      expect(JSON.parse(me.text).accountId).toBe(h.info.accountId);
      const before = h.sandbox.context.store.comments.size;
      await expect(
        s.client.callTool({
          name: "create_a_jira_issue_comment",
          arguments: { issue_id_or_key: "BACKEND-2", body: "no" },
        }),
      ).rejects.toThrow(/Unknown tool/);
      expect(h.sandbox.context.store.comments.size).toBe(before);
      await s.close();

      // PATCH adds write; the write lands in the sandbox.
      const patched = await admin("PATCH", `/integrated-account/${accountId}/mcp/${serverId}`, {
        config: { methods: ["read", "write"] },
      });
      expect(patched.status).toBe(200);
      s = await connect(url);
      const names = (await s.client.listTools()).tools.map((t) => t.name);
      expect(names).toContain("create_a_jira_issue_comment");
      const wrote = await s.call("create_a_jira_issue_comment", {
        issue_id_or_key: "BACKEND-2",
        body: "hello from the gateway",
      });
      expect(wrote.isError).toBe(false);
      expect(h.sandbox.context.store.comments.size).toBe(before + 1);
      const texts = [...h.sandbox.context.store.comments.values()].map((c) => JSON.stringify(c));
      expect(texts.some((t) => t.includes("hello from the gateway"))).toBe(true);
      await s.close();

      // The tool calls are audited, without secrets, with the stage durations.
      const audit = await admin("GET", `/audit-log?action=tool_call&mcp_server_id=${serverId}`);
      expect(audit.status).toBe(200);
      const calls = audit.json.result;
      expect(calls.map((r: any) => r.tool)).toEqual(
        expect.arrayContaining(["get_single_jira_current_user", "create_a_jira_issue_comment"]),
      );
      for (const r of calls) {
        expect(r.args_digest).toMatch(/^[0-9a-f]{64}$/);
        expect(Object.keys(r.durations).sort()).toEqual([
          "atlassian_api",
          "mcp_processing",
          "response_format",
        ]);
        expect(r.upstream_status).toBeGreaterThanOrEqual(200);
      }
      expect(audit.text).not.toContain(h.info.apiToken);
      expect(audit.text).not.toContain("hello from the gateway");

      // require_api_token_auth: no key or another team's key → 401; the team's key → OK.
      await admin("PATCH", `/integrated-account/${accountId}/mcp/${serverId}`, {
        require_api_token_auth: true,
      });
      await expect(connect(url)).rejects.toThrow();
      const other = await gw.repos.teams.create("other");
      const otherKey = (await gw.repos.apiKeys.create(other.id, "k")).key;
      await expect(connect(url, { key: otherKey })).rejects.toThrow();
      const raw = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
      expect(raw.status).toBe(401);
      s = await connect(url, { key });
      expect((await s.client.listTools()).tools.length).toBeGreaterThan(0);
      await s.close();

      // Expiry: the clock moves past expires_at → 401, and the row is gone.
      now += 62_000;
      const expired = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          authorization: `Bearer ${key}`,
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
      expect(expired.status).toBe(401);
      expect(((await expired.json()) as any).error.code).toBeTypeOf("number");
      await expect(connect(url, { key })).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 50));
      expect(await gw.repos.mcpServers.get(gw.teamId, serverId)).toBeNull();
    });

    it.each(PROTOCOLS)("answers a client speaking protocol %s", async (protocol) => {
      const created = await admin("POST", `/integrated-account/${accountId}/mcp`, {
        name: `p-${protocol}`,
        config: { tags: ["core"] },
      });
      const s = await connect(created.json.url, { protocol });
      try {
        expect((await s.client.listTools()).tools.length).toBeGreaterThan(0);
        const me = await s.call("get_single_jira_current_user");
        expect(me.isError).toBe(false);
        const negotiated = (s.client as any).getNegotiatedProtocolVersion?.();
        if (negotiated !== undefined) expect(negotiated).toBe(protocol);
      } finally {
        await s.close();
      }
    });

    it("checks Origin", async () => {
      const created = await admin("POST", `/integrated-account/${accountId}/mcp`, { name: "origin" });
      const post = (headers: Record<string, string>) =>
        fetch(created.json.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json, text/event-stream",
            ...headers,
          },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
        });
      expect((await post({ origin: "https://evil.example" })).status).toBe(403);
      expect((await post({ origin: new URL(gw.url).origin })).status).toBe(200);
      expect((await post({})).status).toBe(200);
    });

    it("drains a tool call in flight on close", async () => {
      const created = await admin("POST", `/integrated-account/${accountId}/mcp`, { name: "drain" });
      const s = await connect(created.json.url);
      await fetch(`${h.url}/__sandbox/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ latency: { ms: 700 } }),
      });
      const pending = s.call("get_single_jira_current_user");
      await new Promise((r) => setTimeout(r, 200));
      const closing = gw.close();
      const result = await pending;
      await closing;
      expect(result.isError).toBe(false);
      await fetch(`${h.url}/__sandbox/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({}),
      });
      await s.close().catch(() => {});
    });
  });
}
