import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningGateway, startGateway } from "../../src/gateway/server.js";
import { SandboxHarness } from "../support/sandbox-harness.js";

describe("gateway OAuth connect against the sandbox", () => {
  let h: SandboxHarness;
  let gw: RunningGateway;
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${gw.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${gw.adminKey}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    h = await SandboxHarness.start();
    gw = await startGateway({
      env: {
        ATLASSIAN_OAUTH_CLIENT_ID: h.info.oauth.clientId,
        ATLASSIAN_OAUTH_CLIENT_SECRET: h.info.oauth.clientSecret,
        ATLASSIAN_OAUTH_AUTHORIZE_URL: `${h.url}/authorize`,
        ATLASSIAN_OAUTH_TOKEN_URL: `${h.url}/oauth/token`,
        ATLASSIAN_API_BASE_URL: h.url,
      },
      config: { dataDir: ":memory:", host: "127.0.0.1", port: 0, encryptionKey: Buffer.alloc(32, 5) },
      logger: pino({ level: "silent" }),
      announce: () => {},
    });
  });
  afterAll(async () => {
    await gw?.close();
    await h?.close();
  });

  it("connects an OAuth account through consent and calls a tool with its token", async () => {
    const started = await admin("POST", "/integrated-account", { name: "cloud", auth: { type: "oauth" } });
    expect(started.status).toBe(201);
    expect(started.json.status).toBe("pending");
    const authorize = new URL(started.json.authorize_url);
    expect(authorize.origin + authorize.pathname).toBe(`${h.url}/authorize`);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${gw.url}/oauth/atlassian/callback`);

    const form = new URLSearchParams(authorize.searchParams);
    form.set("decision", "accept");
    const consent = await fetch(`${h.url}/authorize`, {
      method: "POST",
      body: form,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      redirect: "manual",
    });
    const callback = consent.headers.get("location");
    expect(callback).toContain("/oauth/atlassian/callback");
    const done = await fetch(callback!);
    const doneBody = (await done.json()) as any;
    expect(done.status).toBe(200);
    expect(doneBody.status).toBe("active");
    // A replayed callback is refused.
    const replay = await fetch(callback!);
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as any).error.code).toBe("oauth_failed");

    const account = await admin("GET", `/integrated-account/${started.json.id}`);
    expect(account.json).toMatchObject({ auth_type: "oauth", status: "active", cloud_id: h.info.cloudId });

    const server = await admin("POST", `/integrated-account/${started.json.id}/mcp`, {
      name: "oauth",
      config: { tools: ["get_single_jira_current_user"] },
    });
    expect(server.status).toBe(201);
    const client = new Client({ name: "e2e", version: "1" });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.json.url)));
    try {
      const res: any = await client.callTool({ name: "get_single_jira_current_user", arguments: {} });
      expect(res.isError).not.toBe(true);
      expect(JSON.parse(res.content[0].text).accountId).toBeTypeOf("string");
    } finally {
      await client.close();
    }
  });
});
