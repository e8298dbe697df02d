import { Agent } from "undici";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AtlassianError } from "./errors.js";
import { type AtlassianAuth, AtlassianClient, type ClientConfig, USER_AGENT } from "./index.js";
import { closeSharedDispatcher } from "./proxy.js";
import {
  closedPortUrl,
  type ScriptHandler,
  type ScriptServer,
  sendJson,
  startScriptServer,
} from "./test-fixture.js";

const TOKEN = "ATATT-test-token-0123456789";
const basic: AtlassianAuth = { type: "basic", email: "ada@example.test", apiToken: TOKEN };
const fast = { baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 20 };

let server: ScriptServer | null = null;
const clients: AtlassianClient[] = [];

async function setup(handler: ScriptHandler, config: Partial<ClientConfig> = {}) {
  server = await startScriptServer(handler);
  const client = new AtlassianClient({ siteUrl: server.url, auth: basic, retry: fast, ...config });
  clients.push(client);
  return { s: server, client };
}

async function failure(p: Promise<unknown>): Promise<AtlassianError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AtlassianError);
    return err as AtlassianError;
  }
  throw new Error("expected the request to fail");
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server?.close();
  server = null;
});
afterAll(() => closeSharedDispatcher());

describe("requests", () => {
  it("sends Basic auth, Accept, User-Agent, and keeps a context path and the query", async () => {
    const { s, client } = await setup((_req, res) => sendJson(res, 200, { ok: true }));
    const dc = new AtlassianClient({ siteUrl: `${s.url}/jira/`, auth: basic });
    clients.push(dc);
    const res = await dc.request({
      product: "jira",
      method: "GET",
      path: "/rest/api/2/search",
      query: [
        ["jql", "project = BACKEND ORDER BY key"],
        ["fields", "summary,status"],
      ],
    });
    expect(res).toMatchObject({
      status: 200,
      body: { ok: true },
      attempts: 1,
      contentType: "application/json",
    });
    expect(res.upstreamMs).toBeGreaterThanOrEqual(0);
    const seen = s.seen[0];
    expect(seen.url).toBe(
      "/jira/rest/api/2/search?jql=project%20%3D%20BACKEND%20ORDER%20BY%20key&fields=summary%2Cstatus",
    );
    expect(seen.headers.authorization).toBe(
      `Basic ${Buffer.from(`ada@example.test:${TOKEN}`).toString("base64")}`,
    );
    expect(seen.headers.accept).toBe("application/json");
    expect(seen.headers["user-agent"]).toBe(USER_AGENT);
    expect(USER_AGENT).toMatch(
      /^atlasgate\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/atlasgate\/atlasgate\)$/,
    );
    void client;
  });

  it("uses Bearer for PATs, Basic for Data Center passwords, and lets callers add (not replace) headers", async () => {
    const { s } = await setup((_req, res) => sendJson(res, 200, {}));
    const pat = new AtlassianClient({
      siteUrl: s.url,
      auth: { type: "pat", token: "pat-secret-1" },
      userAgent: "ua/1",
    });
    const dc = new AtlassianClient({
      siteUrl: s.url,
      auth: { type: "dc-basic", username: "ada", password: "pw-secret" },
    });
    clients.push(pat, dc);
    await pat.request({
      product: "jira",
      method: "GET",
      path: "/a",
      headers: { Authorization: "Bearer stolen", "X-Extra": "1" },
    });
    await dc.request({ product: "confluence", method: "GET", path: "/b" });
    expect(s.seen[0].headers.authorization).toBe("Bearer pat-secret-1");
    expect(s.seen[0].headers["x-extra"]).toBe("1");
    expect(s.seen[0].headers["user-agent"]).toBe("ua/1");
    expect(s.seen[1].headers.authorization).toBe(`Basic ${Buffer.from("ada:pw-secret").toString("base64")}`);
  });

  it("OAuth goes to {apiBaseUrl}/ex/{product}/{cloudId} with a token fetched per attempt", async () => {
    let n = 0;
    const { s } = await setup((_req, res, _seen, i) =>
      i === 0 ? sendJson(res, 503, {}, { "retry-after": "0" }) : sendJson(res, 200, {}),
    );
    const client = new AtlassianClient({
      siteUrl: "https://acme.atlassian.net",
      auth: {
        type: "oauth",
        cloudId: "cloud-1",
        apiBaseUrl: s.url,
        getAccessToken: async () => `tok-${++n}`,
      },
      retry: fast,
    });
    clients.push(client);
    const res = await client.request({ product: "confluence", method: "GET", path: "/wiki/api/v2/pages/1" });
    expect(res.attempts).toBe(2);
    expect(s.seen.map((r) => r.url)).toEqual([
      "/ex/confluence/cloud-1/wiki/api/v2/pages/1",
      "/ex/confluence/cloud-1/wiki/api/v2/pages/1",
    ]);
    expect(s.seen.map((r) => r.headers.authorization)).toEqual(["Bearer tok-1", "Bearer tok-2"]);
  });

  it("sends JSON, raw and multipart bodies with the right content types", async () => {
    const { s, client } = await setup((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const r1 = await client.request({ product: "jira", method: "PUT", path: "/j", body: { json: { a: 1 } } });
    expect(r1.body).toBeUndefined();
    await client.request({
      product: "jira",
      method: "POST",
      path: "/r",
      body: { raw: "x=1", contentType: "text/plain" },
    });
    const form = new FormData();
    form.append("file", new Blob(["hello"], { type: "text/plain" }), "hello.txt");
    await client.request({ product: "jira", method: "POST", path: "/m", body: { multipart: form } });
    expect(s.seen[0].headers["content-type"]).toBe("application/json");
    expect(s.seen[0].body.toString()).toBe('{"a":1}');
    expect(s.seen[1].headers["content-type"]).toBe("text/plain");
    expect(s.seen[1].body.toString()).toBe("x=1");
    expect(s.seen[2].headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(s.seen[2].headers["x-atlassian-token"]).toBe("no-check");
    expect(s.seen[2].body.toString()).toContain("hello");
  });

  it("works with an injected dispatcher", async () => {
    const { s } = await setup((_req, res) => sendJson(res, 200, [1, 2]));
    const agent = new Agent();
    const client = new AtlassianClient({ siteUrl: s.url, auth: basic, dispatcher: agent });
    clients.push(client);
    expect((await client.request({ product: "jira", method: "GET", path: "/x" })).body).toEqual([1, 2]);
    await agent.close();
  });

  it("refuses unsafe paths before sending anything", async () => {
    const { s, client } = await setup((_req, res) => sendJson(res, 200, {}));
    await expect(
      client.request({ product: "jira", method: "GET", path: "/rest/../../admin" }),
    ).rejects.toThrow(TypeError);
    expect(s.seen).toHaveLength(0);
  });
});

describe("responses", () => {
  it("turns invalid JSON into an AtlassianError, not a crash", async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"truncated": ');
    });
    const e = await failure(client.request({ product: "jira", method: "GET", path: "/x" }));
    expect(e).toMatchObject({ status: 200, code: "http" });
    expect(e.message).toMatch(/not valid JSON/);
  });

  it("reports an HTML page where JSON was expected (SSO login page)", async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><head><title>Log in - Acme SSO</title></head></html>");
    });
    const e = await failure(client.request({ product: "jira", method: "GET", path: "/x" }));
    expect(e.message).toMatch(/HTML page.*Log in - Acme SSO/);
  });

  it("returns plain text as a string", async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("pong");
    });
    expect((await client.request({ product: "jira", method: "GET", path: "/x" })).body).toBe("pong");
  });

  it("caps the response size, declared or streamed", async () => {
    const { client } = await setup(
      (req, res) => {
        if (req.url === "/declared") {
          res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
          res.end(`"${"x".repeat(4998)}"`);
        } else {
          res.writeHead(200, { "content-type": "application/json" });
          for (let i = 0; i < 10; i++) res.write("x".repeat(500));
          res.end();
        }
      },
      { maxResponseBytes: 1000 },
    );
    for (const path of ["/declared", "/streamed"]) {
      const e = await failure(client.request({ product: "jira", method: "GET", path }));
      expect(e.message).toMatch(/larger than 1000 bytes/);
    }
  });

  it("binary downloads follow redirects and drop credentials on another origin", async () => {
    const media = await startScriptServer((_req, res) => {
      res.writeHead(200, { "content-type": "image/png" });
      res.end(Buffer.from([1, 2, 3]));
    });
    try {
      const { s, client } = await setup((req, res) => {
        if (req.url === "/same") {
          res.writeHead(302, { location: "/final" });
          res.end();
        } else if (req.url === "/final") {
          res.writeHead(200, { "content-type": "application/octet-stream" });
          res.end(Buffer.from("ok"));
        } else {
          res.writeHead(303, { location: `${media.url}/file?token=abc` });
          res.end();
        }
      });
      const cross = await client.request({
        product: "jira",
        method: "GET",
        path: "/attachment/content/1",
        accept: "binary",
      });
      expect(cross.status).toBe(200);
      expect(cross.bytes).toEqual(Buffer.from([1, 2, 3]));
      expect(cross.body).toBeUndefined();
      expect(cross.contentType).toBe("image/png");
      expect(media.seen[0].url).toBe("/file?token=abc");
      expect(media.seen[0].headers.authorization).toBeUndefined();
      expect(s.seen[0].headers.accept).toBe("*/*");

      const same = await client.request({ product: "jira", method: "GET", path: "/same", accept: "binary" });
      expect(same.bytes?.toString()).toBe("ok");
      expect(s.seen.at(-1)?.headers.authorization).toMatch(/^Basic /);

      // JSON requests do not follow redirects: the caller sees the 30x.
      const json = await client.request({ product: "jira", method: "GET", path: "/same" });
      expect(json.status).toBe(302);
      expect(json.headers.location).toBe("/final");
    } finally {
      await media.close();
    }
  });
});

describe("errors", () => {
  it("401: Atlassian's message, a hint, and no secret anywhere — even when the server echoes it", async () => {
    const { client } = await setup((req, res) =>
      sendJson(res, 401, { errorMessages: [`Bad credentials: ${req.headers.authorization}`], errors: {} }),
    );
    const e = await failure(client.request({ product: "jira", method: "GET", path: "/rest/api/3/myself" }));
    expect(e).toMatchObject({ status: 401, code: "http", attempts: 1 });
    expect(e.hint).toMatch(/API token/);
    const everything = JSON.stringify({ ...e, message: e.message, stack: e.stack, hint: e.hint });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(Buffer.from(`ada@example.test:${TOKEN}`).toString("base64"));
    expect(e.atlassianMessages[0]).toBe("Bad credentials: Basic [redacted]");
  });

  it("429 after the last attempt carries retryAfterSeconds and the hint", async () => {
    const { s, client } = await setup(
      (_req, res) => sendJson(res, 429, { errorMessages: ["Rate limit exceeded."] }, { "retry-after": "0" }),
      {
        retry: { ...fast, maxAttempts: 3, maxRateLimitAttempts: 3 },
      },
    );
    const e = await failure(client.request({ product: "jira", method: "GET", path: "/x" }));
    expect(e).toMatchObject({ status: 429, attempts: 3, retryAfterSeconds: 0 });
    expect(s.seen).toHaveLength(3);
    expect(e.hint).toMatch(/try again after 0 s/);
    expect(client.stats).toMatchObject({ requests: 1, attempts: 3, retries: 2, rateLimited: 3, failures: 1 });
    expect(client.stats.byStatus[429]).toBe(3);
  });

  it("GET is retried after a dropped connection; POST is not", async () => {
    const { s, client } = await setup((req, res, _seen, i) => {
      if (i === 0 || req.method === "POST") req.socket.destroy();
      else sendJson(res, 200, { ok: 1 });
    });
    const ok = await client.request({ product: "jira", method: "GET", path: "/g" });
    expect(ok.attempts).toBe(2);
    const e = await failure(
      client.request({ product: "jira", method: "POST", path: "/p", body: { json: {} } }),
    );
    expect(e).toMatchObject({ code: "network", status: null, attempts: 1 });
    expect(e.hint).toMatch(/may or may not have been applied/);
    expect(s.seen.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(client.stats.networkErrors).toBe(2);
  });

  it("POST is retried when the connection was refused (nothing was sent)", async () => {
    const url = await closedPortUrl();
    const client = new AtlassianClient({ siteUrl: url, auth: basic, retry: { ...fast, maxAttempts: 3 } });
    clients.push(client);
    const e = await failure(
      client.request({ product: "jira", method: "POST", path: "/p", body: { json: {} } }),
    );
    expect(e).toMatchObject({ code: "network", status: null, attempts: 3 });
    expect(e.message).toMatch(/ECONNREFUSED/);
    expect(e.hint).toMatch(/HTTPS_PROXY/);
  });

  it("times out per attempt: GET retries, POST does not", async () => {
    const { s, client } = await setup(() => {}, { timeoutMs: 50, retry: { ...fast, maxAttempts: 2 } });
    const g = await failure(client.request({ product: "jira", method: "GET", path: "/g" }));
    expect(g).toMatchObject({ code: "timeout", attempts: 2 });
    const p = await failure(
      client.request({ product: "jira", method: "POST", path: "/p", body: { json: {} } }),
    );
    expect(p).toMatchObject({ code: "timeout", attempts: 1 });
    expect(s.seen.filter((r) => r.method === "POST")).toHaveLength(1);
    expect(client.stats.timeouts).toBe(3);
  });

  it("ends with code budget when the overall budget runs out", async () => {
    const { client } = await setup(() => {}, { timeoutMs: 10_000 });
    const e = await failure(client.request({ product: "jira", method: "GET", path: "/g", budgetMs: 50 }));
    expect(e.code).toBe("budget");
  });

  it("respects the caller's signal, and close() stops in-flight and later requests", async () => {
    const { client } = await setup(() => {});
    const ac = new AbortController();
    const p = client.request({ product: "jira", method: "GET", path: "/g", signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    expect((await failure(p)).code).toBe("aborted");
    const pre = await failure(
      client.request({ product: "jira", method: "GET", path: "/g", signal: AbortSignal.abort() }),
    );
    expect(pre.code).toBe("aborted");

    const inflight = client.request({ product: "jira", method: "GET", path: "/g" });
    setTimeout(() => void client.close(), 20);
    expect((await failure(inflight)).code).toBe("aborted");
    expect((await failure(client.request({ product: "jira", method: "GET", path: "/g" }))).code).toBe(
      "aborted",
    );
    expect(client.stats.inFlight).toBe(0);
  });

  it("400 and 404 are not retried and keep Atlassian's words", async () => {
    const { s, client } = await setup((req, res) =>
      req.url?.startsWith("/wiki")
        ? sendJson(res, 404, {
            errors: [{ status: 404, code: "NOT_FOUND", title: "Not Found", detail: null }],
          })
        : sendJson(res, 400, {
            errorMessages: [],
            errors: { summary: "You must specify a summary of the issue." },
          }),
    );
    const bad = await failure(
      client.request({ product: "jira", method: "POST", path: "/rest/api/3/issue", body: { json: {} } }),
    );
    expect(bad.atlassianMessages).toEqual(["summary: You must specify a summary of the issue."]);
    const missing = await failure(
      client.request({ product: "confluence", method: "GET", path: "/wiki/api/v2/pages/9" }),
    );
    expect(missing).toMatchObject({ status: 404, atlassianMessages: ["Not Found"] });
    expect(missing.hint).toMatch(/not visible|cannot see/);
    expect(s.seen).toHaveLength(2);
  });

  it("passes a token provider's own failure through unchanged", async () => {
    const { s } = await setup((_req, res) => sendJson(res, 200, {}));
    const boom = new Error("refresh token revoked");
    const client = new AtlassianClient({
      siteUrl: s.url,
      auth: { type: "oauth", cloudId: "c", apiBaseUrl: s.url, getAccessToken: () => Promise.reject(boom) },
    });
    clients.push(client);
    await expect(client.request({ product: "jira", method: "GET", path: "/x" })).rejects.toBe(boom);
    expect(s.seen).toHaveLength(0);
  });
});

describe("limits", () => {
  it("maxConcurrent caps requests in flight", async () => {
    const { s, client } = await setup(
      (_req, res) => {
        setTimeout(() => sendJson(res, 200, {}), 10);
      },
      { limits: { maxConcurrent: 2 } },
    );
    await Promise.all(
      Array.from({ length: 8 }, () => client.request({ product: "jira", method: "GET", path: "/x" })),
    );
    expect(s.seen).toHaveLength(8);
    expect(s.concurrency.max).toBeLessThanOrEqual(2);
    expect(client.stats.inFlight).toBe(0);
  });
});
