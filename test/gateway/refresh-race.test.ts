import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../src/gateway/storage/test-postgres.js";
import { SandboxHarness } from "../support/sandbox-harness.js";
import {
  adminApi,
  connectOAuthAccount,
  postgresOrSkip,
  type ServeProcess,
  startServe,
} from "./serve-process.js";

const NODES = 3;
const ROUNDS = 20;
const CALLS_PER_ROUND = 50;
const TOOLS = ["get_single_jira_current_user", "list_all_jira_projects"] as const;

interface TokenRequest {
  seq: number;
  method: string;
  path: string;
  status: number;
  body: any;
}

/**
 * Three `atlasgate serve` processes on one Postgres share one OAuth account whose access token the
 * sandbox expires before every round of concurrent tool calls. Atlassian's refresh tokens work once:
 * a second refresh with the same token is `invalid_grant` and kills the account. So every round must
 * cost exactly one refresh_token grant, whichever node and whichever call notices the expiry first.
 *
 * Expiry is forced (`/__sandbox/expire-tokens`) with Atlassian's real lifetime of 3600 s rather than
 * a tiny TTL: a token that lives less than the token manager's 30 s minimum validity is never "valid
 * long enough" and would be refreshed on every call, and the refresh scheduler would pick it up at
 * once — neither says anything about the race this test is about.
 */
describe("OAuth refresh race: three gateway processes, one Postgres", async () => {
  if (await postgresOrSkip("the multi-process OAuth refresh test")) return;

  let h: SandboxHarness;
  let db: TestDatabase;
  let dir: string;
  const nodes: ServeProcess[] = [];
  const clients: Client[] = [];
  const adminKey = `agk_race-${randomBytes(16).toString("hex")}`;

  beforeAll(async () => {
    h = await SandboxHarness.start();
    db = await createTestDatabase();
    dir = await mkdtemp(join(tmpdir(), "atlasgate-race-"));
    const env = {
      DATABASE_URL: db.url,
      ATLASGATE_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      ATLASGATE_ADMIN_KEY: adminKey,
      ATLASSIAN_OAUTH_CLIENT_ID: h.info.oauth.clientId,
      ATLASSIAN_OAUTH_CLIENT_SECRET: h.info.oauth.clientSecret,
      ATLASSIAN_OAUTH_AUTHORIZE_URL: `${h.url}/authorize`,
      ATLASSIAN_OAUTH_TOKEN_URL: `${h.url}/oauth/token`,
      ATLASSIAN_API_BASE_URL: h.url,
      // 1,000 calls on one MCP server in well under a minute: the limiter is not under test here.
      ATLASGATE_RATE_LIMIT_PER_HOUR: "10000000",
      ATLASGATE_RATE_LIMIT_BURST: "100000",
      ATLASGATE_LOG_LEVEL: "info",
    };
    // All three start at once on the empty database: migrations and the admin key must not collide.
    const started = await Promise.all(
      Array.from({ length: NODES }, (_, i) => startServe({ env, dataDir: join(dir, `node-${i}`) })),
    );
    nodes.push(...started);
  });

  afterAll(async () => {
    // RACE_DEBUG_DIR=<dir>: keep each node's log and the sandbox request log for a failed run.
    if (process.env.RACE_DEBUG_DIR) {
      const { writeFile } = await import("node:fs/promises");
      for (const [i, n] of nodes.entries())
        await writeFile(join(process.env.RACE_DEBUG_DIR, `node-${i}.log`), n.output());
      const res = await fetch(`${h.url}/__sandbox/requests`);
      await writeFile(join(process.env.RACE_DEBUG_DIR, "sandbox.json"), await res.text());
    }
    await Promise.allSettled(clients.map((c) => c.close()));
    await Promise.allSettled(nodes.map((n) => n.stop()));
    await db?.drop();
    await h?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const tokenRequests = async (since: number): Promise<TokenRequest[]> => {
    const res = await fetch(`${h.url}/__sandbox/requests?path=/oauth/token&method=POST&since=${since}`);
    return ((await res.json()) as { requests: TokenRequest[] }).requests.filter(
      (r) => r.path === "/oauth/token",
    );
  };
  const lastSeq = async (): Promise<number> => {
    const res = await fetch(`${h.url}/__sandbox/requests`);
    const all = ((await res.json()) as { requests: Array<{ seq: number }> }).requests;
    return all.at(-1)?.seq ?? 0;
  };

  it(`${ROUNDS} expiry rounds × ${CALLS_PER_ROUND} concurrent calls over ${NODES} nodes: one refresh per round, no invalid_grant`, async () => {
    // Connect on node 0, mint on node 1: every node must see what the others wrote.
    const admin0 = adminApi(nodes[0].url, adminKey);
    const admin1 = adminApi(nodes[1].url, adminKey);
    const connected = await connectOAuthAccount(admin0, h.url, "race");
    expect(connected.callbackStatus).toBe(200);
    const account = await admin1("GET", `/integrated-account/${connected.id}`);
    expect(account.json).toMatchObject({ auth_type: "oauth", status: "active" });
    const server = await admin1("POST", `/integrated-account/${connected.id}/mcp`, {
      name: "race",
      config: { tools: [...TOOLS] },
    });
    expect(server.status).toBe(201);
    const token: string = server.json.token;

    for (const node of nodes) {
      const client = new Client({ name: "refresh-race", version: "1.0.0" });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${node.url}/mcp/${token}`)));
      clients.push(client);
    }
    // Warm-up: every node reads the stored token once (no refresh: it is fresh).
    for (const client of clients) {
      const res: any = await client.callTool({ name: TOOLS[0], arguments: {} });
      expect(res.isError, JSON.stringify(res.content)).not.toBe(true);
    }
    const grantsBefore = await tokenRequests(0);
    expect(grantsBefore.filter((r) => r.body?.grant_type === "refresh_token")).toHaveLength(0);

    const perRound: number[] = [];
    const failures: string[] = [];
    let calls = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const since = await lastSeq();
      const expired = (await (
        await fetch(`${h.url}/__sandbox/expire-tokens`, { method: "POST" })
      ).json()) as {
        expiredAccessTokens: number;
      };
      expect(expired.expiredAccessTokens, `round ${round}: a live access token was expired`).toBeGreaterThan(
        0,
      );

      const results = await Promise.allSettled(
        Array.from({ length: CALLS_PER_ROUND }, (_, i) =>
          clients[i % NODES].callTool({ name: TOOLS[i % TOOLS.length], arguments: {} }),
        ),
      );
      calls += results.length;
      results.forEach((r, i) => {
        if (r.status === "rejected") failures.push(`round ${round} call ${i}: ${String(r.reason)}`);
        else if ((r.value as any).isError) {
          failures.push(
            `round ${round} call ${i}: ${JSON.stringify((r.value as any).content).slice(0, 300)}`,
          );
        }
      });

      const grants = await tokenRequests(since);
      const refreshes = grants.filter((r) => r.body?.grant_type === "refresh_token");
      perRound.push(refreshes.length);
      const refused = grants.filter((r) => r.status !== 200);
      expect(
        refused.map((r) => `${r.status} ${JSON.stringify(r.body)}`),
        `round ${round}: token endpoint refusals`,
      ).toEqual([]);
    }

    console.info(
      `refresh race: ${ROUNDS} rounds, ${calls} calls over ${NODES} processes; refresh_token grants per round: ${perRound.join(",")}`,
    );
    expect(failures.slice(0, 5), `${failures.length} failed calls`).toEqual([]);
    expect(perRound).toEqual(Array.from({ length: ROUNDS }, () => 1));

    // The account is still healthy everywhere, and nobody ever hit invalid_grant.
    const after = await admin0("GET", `/integrated-account/${connected.id}`);
    expect(after.json.status).toBe("active");
    const all = await tokenRequests(0);
    expect(all.filter((r) => r.status === 403)).toHaveLength(0);
    expect(all.filter((r) => r.body?.grant_type === "refresh_token")).toHaveLength(ROUNDS);
    for (const node of nodes) expect(node.output()).not.toMatch(/invalid_grant|needs reauth/);
  }, 120_000);
});
