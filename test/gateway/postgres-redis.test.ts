import { Socket } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway/server.js";
import {
  createTestDatabase,
  postgresUnavailableReason,
  type TestDatabase,
} from "../../src/gateway/storage/test-postgres.js";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

function redisUnavailableReason(): Promise<string | null> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const s = new Socket();
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(`Redis not reachable at ${REDIS_URL} (timeout)`);
    });
    s.once("connect", () => {
      s.destroy();
      resolve(null);
    });
    s.once("error", (e) => resolve(`Redis not reachable at ${REDIS_URL}: ${e.message}`));
    s.connect(Number(port || 6379), hostname);
  });
}

describe("gateway on Postgres with the Redis rate limiter", async () => {
  const reason = (await postgresUnavailableReason()) ?? (await redisUnavailableReason());
  if (reason) {
    if (process.env.CI === "true") throw new Error(`Postgres and Redis are required in CI: ${reason}`);
    console.warn(`skipping gateway Postgres/Redis tests: ${reason}`);
    it.skip(reason, () => {});
    return;
  }

  let db: TestDatabase;
  let gw: Gateway;
  let now = Date.UTC(2026, 10, 1);
  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await createGateway({
      env: {
        DATABASE_URL: db.url,
        REDIS_URL,
        ATLASGATE_RATE_LIMIT_BURST: "2",
        ATLASGATE_ADMIN_KEY: "agk_postgres-test-admin-key-0123456789",
      },
      config: { encryptionKey: Buffer.alloc(32, 9), dataDir: ":memory:" },
      logger: pino({ level: "silent" }),
      now: () => now,
      oauth: null,
      verifyCredentials: async () => ({ deployment: "cloud", accountId: "x", displayName: null }),
    });
  });
  afterAll(async () => {
    await gw?.close();
    await db?.drop();
  });

  const req = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    gw.app.request(path, {
      method,
      headers: {
        authorization: "Bearer agk_postgres-test-admin-key-0123456789",
        "content-type": "application/json",
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("is ready, serves the admin API and shares rate-limit buckets through Redis", async () => {
    expect((await req("GET", "/ready")).status).toBe(200);
    const acc = (await (
      await req("POST", "/integrated-account", {
        name: "pg",
        auth: {
          type: "api_token",
          site_url: "https://acme.atlassian.net",
          email: "a@b.test",
          api_token: "t-123456",
        },
      })
    ).json()) as any;
    const srv = (await (await req("POST", `/integrated-account/${acc.id}/mcp`, { name: "s" })).json()) as any;
    const path = new URL(srv.url).pathname;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await gw.app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
      });
      statuses.push(res.status);
    }
    expect(statuses[2]).toBe(429);
    expect(statuses.slice(0, 2).every((s) => s !== 429)).toBe(true);
    now += 2_000;
    expect((await req("GET", `/integrated-account/${acc.id}/mcp`)).status).toBe(200);
  });
});
