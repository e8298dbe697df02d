import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testGateway } from "../admin/test-gateway.js";

type T = Awaited<ReturnType<typeof testGateway>>;

const rpc = (method: string, params: Record<string, unknown> = {}) =>
  JSON.stringify({ jsonrpc: "2.0", id: 1, method, params });

/** The JSON-RPC message of a response, whether it came as JSON or as one SSE event. */
async function message(res: Response): Promise<any> {
  const text = await res.text();
  if ((res.headers.get("content-type") ?? "").includes("text/event-stream")) {
    const data = text
      .split("\n")
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).trim())
      .find((l) => l.startsWith("{"));
    return data ? JSON.parse(data) : undefined;
  }
  return text ? JSON.parse(text) : undefined;
}

function postTo(t: T, path: string, body: string, headers: Record<string, string> = {}) {
  return t.gateway.app.request(path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-06-18",
      ...headers,
    },
    body,
  });
}

describe("MCP endpoint gates", () => {
  let t: T;
  let url: string;
  let path: string;
  let accountId: string;
  const logs: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    });
    t = await testGateway({
      env: {
        ATLASGATE_RATE_LIMIT_PER_HOUR: "3600",
        ATLASGATE_RATE_LIMIT_BURST: "3",
        ATLASGATE_ALLOWED_ORIGINS: "https://app.example.com",
        ATLASGATE_PUBLIC_URL: "https://gw.example.com",
      },
      logger: pino({ level: "debug" }, sink),
    });
    const acc = await t.request("POST", "/integrated-account", {
      body: {
        name: "a",
        auth: {
          type: "api_token",
          site_url: "http://127.0.0.1:9",
          email: "a@b.test",
          api_token: "tok-xyz-123",
        },
      },
    });
    accountId = ((await acc.json()) as any).id;
    const srv = await t.request("POST", `/integrated-account/${accountId}/mcp`, { body: { name: "s" } });
    url = ((await srv.json()) as any).url;
    path = new URL(url).pathname;
  });
  afterAll(() => t.gateway.close());

  const post = (body: string, headers: Record<string, string> = {}, p = path) => postTo(t, p, body, headers);

  it("hands out URLs on the public URL", () => {
    expect(url.startsWith("https://gw.example.com/mcp/agm_")).toBe(true);
  });

  it("answers unknown tokens 401 with a JSON-RPC error", async () => {
    const res = await post(rpc("tools/list"), {}, "/mcp/agm_unknown-token-000000000000");
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe(-32001);
  });

  it("checks Origin against the public URL and the allowlist", async () => {
    expect((await post(rpc("ping"), { origin: "https://evil.example" })).status).toBe(403);
    expect((await post(rpc("ping"), { origin: "null" })).status).toBe(403);
    expect((await post(rpc("ping"), { origin: "https://app.example.com" })).status).not.toBe(403);
    expect((await post(rpc("ping"), { origin: "https://gw.example.com" })).status).not.toBe(403);
  });

  it("refuses bodies over the size limit with 413", async () => {
    const big = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
      params: { pad: "x".repeat(1024 * 1024) },
    });
    const res = await post(big);
    expect(res.status).toBe(413);
  });

  it("turns a tool call on an account needing re-authorization into an isError result", async () => {
    await t.gateway.repos.accounts.setStatus(t.gateway.teamId, accountId, "needs_reauth");
    try {
      const res = await post(rpc("tools/call", { name: "get_single_jira_current_user", arguments: {} }));
      expect(res.status).toBe(200);
      const msg = await message(res);
      expect(msg.result.isError).toBe(true);
      expect(msg.result.content[0].text).toMatch(/reconnect/);
    } finally {
      await t.gateway.repos.accounts.setStatus(t.gateway.teamId, accountId, "active");
    }
  });

  it("rate-limits per server with 429, Retry-After and a JSON-RPC error; refills with time", async () => {
    t.advance(3_600_000); // full bucket
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await post(rpc("ping"));
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.filter((s) => s === 429).length).toBe(2);
    expect(limited!.headers.get("retry-after")).toBe("1");
    const body = (await limited!.json()) as any;
    expect(body.error.code).toBe(-32029);
    expect(body.error.message).toMatch(/rate limit/);
    t.advance(1_000);
    expect((await post(rpc("ping"))).status).not.toBe(429);
    const metrics = await (await t.request("GET", "/metrics", { key: null })).text();
    expect(metrics).toMatch(/atlasgate_inbound_rejections_total\{reason="rate_limit"\} 2/);
  });

  it("never writes the MCP token or credentials to the logs", async () => {
    const token = path.split("/").pop()!;
    const all = logs.join("");
    expect(all).toContain("/mcp/<redacted>");
    expect(all).not.toContain(token);
    expect(all).not.toContain("tok-xyz-123");
    expect(all).not.toContain(t.gateway.adminKey!);
  });
});

describe("MCP endpoint tool selection", () => {
  let t: T;
  let accountId: string;
  beforeAll(async () => {
    t = await testGateway();
    const acc = await t.request("POST", "/integrated-account", {
      body: {
        name: "a",
        auth: { type: "api_token", site_url: "http://127.0.0.1:9", email: "a@b.test", api_token: "tok-1" },
      },
    });
    accountId = ((await acc.json()) as any).id;
  });
  afterAll(() => t.gateway.close());

  const createServer = async (config: Record<string, unknown>) => {
    const res = await t.request("POST", `/integrated-account/${accountId}/mcp`, {
      body: { name: "s", config },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    return { id: body.id as string, path: new URL(body.url).pathname };
  };
  const listTools = async (path: string): Promise<string[]> => {
    const res = await postTo(t, path, rpc("tools/list"));
    expect(res.status).toBe(200);
    return (await message(res)).result.tools.map((tool: any) => tool.name);
  };

  it("reflects a config change on the very next tools/list, and a deletion at once", async () => {
    const s = await createServer({ methods: ["read"] });
    const reads = await listTools(s.path);
    expect(reads.length).toBeGreaterThan(0);
    expect(await listTools(s.path)).toEqual(reads); // served again, now from the cache

    // Same clock tick as the creation: an `updated_at`-keyed cache could not tell the versions apart.
    const patch = await t.request("PATCH", `/integrated-account/${accountId}/mcp/${s.id}`, {
      body: { config: { methods: ["create"] } },
    });
    expect(patch.status).toBe(200);
    const creates = await listTools(s.path);
    expect(creates.length).toBeGreaterThan(0);
    expect(creates.some((name) => reads.includes(name))).toBe(false);
    expect(creates.every((name) => name.startsWith("create_"))).toBe(true);

    const call = await postTo(t, s.path, rpc("tools/call", { name: reads[0], arguments: {} }));
    expect((await message(call)).error.message).toMatch(/Unknown tool/);

    expect((await t.request("DELETE", `/integrated-account/${accountId}/mcp/${s.id}`)).status).toBe(204);
    expect((await postTo(t, s.path, rpc("tools/list"))).status).toBe(401);
  });

  it("keeps servers with different configs apart, and alike ones equal", async () => {
    const a = await createServer({ tools: ["get_single_jira_current_user"] });
    const b = await createServer({ tools: ["get_single_jira_current_user"] });
    const discovery = await createServer({ tool_exposure: "discovery" });
    expect(await listTools(a.path)).toEqual(["get_single_jira_current_user"]);
    expect(await listTools(b.path)).toEqual(["get_single_jira_current_user"]);
    expect(await listTools(discovery.path)).toEqual(["search_tools", "get_tool_schema", "call_tool"]);
  });
});
