import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/gateway/storage/db.js";
import { createTestDatabase, type TestDatabase } from "../../src/gateway/storage/test-postgres.js";
import type { Queryable } from "../../src/gateway/storage/types.js";
import { SandboxHarness } from "../support/sandbox-harness.js";
import {
  adminApi,
  connectOAuthAccount,
  listAll,
  postgresOrSkip,
  type ServeProcess,
  startServe,
} from "./serve-process.js";

const TOOL = "get_single_jira_current_user";

/** Thresholds of acknowledged work before the kill, so every kind of record is at stake. */
const MIN_ACKED = { accounts: 8, servers: 8, keys: 8, calls: 30 };
/** Concurrent admin writers and tool callers during the load. */
const WRITERS = 3;
const CALLERS = 6;

interface Acked {
  accounts: Array<{ id: string; kind: string }>;
  servers: Array<{ id: string; accountId: string; token: string }>;
  keys: Array<{ id: string; key: string }>;
  /** Successful tool calls per MCP server id. */
  calls: Map<string, number>;
}

interface Engine {
  name: "pglite" | "postgres";
  env: Record<string, string>;
  dataDir: string;
  /** Every row of every table as text; run with the gateway stopped (PGlite is single-process). */
  dump(): Promise<string[]>;
  /** Raw on-disk files to scan as well (PGlite heap and WAL); empty for a remote Postgres. */
  files(): Promise<string[]>;
}

async function dumpAll(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const out: string[] = [];
  for (const { table_name } of rows) {
    const res = await q.query<{ row: string }>(`SELECT t::text AS row FROM "${table_name}" t`, []);
    for (const r of res.rows) out.push(`${table_name}: ${r.row}`);
  }
  return out;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** `signal`: a response stream cut by the kill would otherwise wait out the SDK's 60 s request timeout. */
async function connectClient(url: string, signal?: AbortSignal): Promise<Client> {
  const client = new Client({ name: "crash-safety", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)), { signal });
  return client;
}

/**
 * `kill -9` of `atlasgate serve` in the middle of admin writes and tool calls, then a restart on the
 * same storage: everything the gateway answered 2xx for must still be there and still work, and no
 * secret may sit in the database (or, for PGlite, its files) in plain text.
 */
describe("crash safety: kill -9 under load, restart on the same data", () => {
  let cloud: SandboxHarness;
  let dc: SandboxHarness;
  const scratch: string[] = [];

  beforeAll(async () => {
    [cloud, dc] = await Promise.all([
      SandboxHarness.start(),
      SandboxHarness.start({ deployment: "datacenter" }),
    ]);
  });
  afterAll(async () => {
    await cloud?.close();
    await dc?.close();
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  });

  const baseEnv = (): Record<string, string> => ({
    ATLASSIAN_OAUTH_CLIENT_ID: cloud.info.oauth.clientId,
    ATLASSIAN_OAUTH_CLIENT_SECRET: cloud.info.oauth.clientSecret,
    ATLASSIAN_OAUTH_AUTHORIZE_URL: `${cloud.url}/authorize`,
    ATLASSIAN_OAUTH_TOKEN_URL: `${cloud.url}/oauth/token`,
    ATLASSIAN_API_BASE_URL: cloud.url,
    ATLASGATE_RATE_LIMIT_PER_HOUR: "10000000",
    ATLASGATE_RATE_LIMIT_BURST: "100000",
    ATLASGATE_LOG_LEVEL: "warn",
  });

  async function scenario(engine: Engine): Promise<void> {
    const t0 = Date.now();
    const marks: string[] = [];
    const mark = (what: string) => marks.push(`${what} +${Date.now() - t0} ms`);
    const adminKey = `agk_crash-${randomBytes(16).toString("hex")}`;
    const env = { ...baseEnv(), ...engine.env, ATLASGATE_ADMIN_KEY: adminKey };
    const first = await startServe({ env, dataDir: engine.dataDir });
    let second: ServeProcess | null = null;
    try {
      let admin = adminApi(first.url, adminKey);
      mark("started");

      // An OAuth account up front, so OAuth tokens are stored too (and must be encrypted).
      const oauth = await connectOAuthAccount(admin, cloud.url, "oauth-before-crash");
      expect(oauth.callbackStatus).toBe(200);
      const acked: Acked = { accounts: [], servers: [], keys: [], calls: new Map() };
      acked.accounts.push({ id: oauth.id, kind: "oauth" });

      // ---------------------------------------------------------------- load
      let stop = false;
      let onCallAcked = () => {};
      const killed = new AbortController();
      let attempted = 0;
      let inFlight = 0;
      /** Answers that were not 2xx (or tool results with isError): the gateway must not refuse under load. */
      const refusals: string[] = [];
      const guarded = async <T>(fn: () => Promise<T>): Promise<T | null> => {
        attempted++;
        inFlight++;
        try {
          return await fn();
        } catch {
          return null; // connection refused/reset after the kill: not acknowledged
        } finally {
          inFlight--;
        }
      };
      const credentials = [
        {
          kind: "api_token",
          auth: {
            type: "api_token",
            site_url: cloud.url,
            email: cloud.info.email,
            api_token: cloud.info.apiToken,
          },
        },
        {
          kind: "api_token",
          auth: {
            type: "api_token",
            site_url: cloud.url,
            email: cloud.info.viewer.email,
            api_token: cloud.info.viewer.apiToken,
          },
        },
        { kind: "pat", auth: { type: "pat", base_url: dc.url, token: dc.info.pat } },
        { kind: "pat", auth: { type: "pat", base_url: dc.url, token: dc.info.viewer.pat } },
      ];
      const writer = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const c = credentials[(w + i) % credentials.length];
          const acc = await guarded(() =>
            admin("POST", "/integrated-account", { name: `w${w}-${i}`, auth: c.auth }),
          );
          if (acc && acc.status !== 201) refusals.push(`account ${acc.status} ${acc.text.slice(0, 200)}`);
          if (acc?.status === 201) acked.accounts.push({ id: acc.json.id, kind: c.kind });
          else continue;
          const srv = await guarded(() =>
            admin("POST", `/integrated-account/${acc.json.id}/mcp`, {
              name: `s${w}-${i}`,
              config: { tools: [TOOL] },
            }),
          );
          if (srv && srv.status !== 201) refusals.push(`server ${srv.status} ${srv.text.slice(0, 200)}`);
          if (srv?.status === 201)
            acked.servers.push({ id: srv.json.id, accountId: acc.json.id, token: srv.json.token });
          const key = await guarded(() => admin("POST", "/api-keys", { name: `k${w}-${i}` }));
          if (key && key.status !== 201) refusals.push(`key ${key.status} ${key.text.slice(0, 200)}`);
          if (key?.status === 201) acked.keys.push({ id: key.json.id, key: key.json.key });
        }
      };
      const oauthServer = await admin("POST", `/integrated-account/${oauth.id}/mcp`, {
        name: "oauth",
        config: { tools: [TOOL] },
      });
      expect(oauthServer.status).toBe(201);
      acked.servers.push({ id: oauthServer.json.id, accountId: oauth.id, token: oauthServer.json.token });
      const caller = async (w: number) => {
        for (let i = 0; !stop; i++) {
          const pool = acked.servers;
          const server = pool[(w * 7 + i) % pool.length];
          await guarded(async () => {
            const client = await connectClient(`${first.url}/mcp/${server.token}`, killed.signal);
            try {
              const res: any = await client.callTool(
                { name: TOOL, arguments: {} },
                { signal: killed.signal },
              );
              if (res.isError) {
                refusals.push(`tool call: ${JSON.stringify(res.content).slice(0, 200)}`);
                return;
              }
              acked.calls.set(server.id, (acked.calls.get(server.id) ?? 0) + 1);
              onCallAcked();
            } finally {
              await client.close().catch(() => {});
            }
          });
        }
      };
      const workers = [
        ...Array.from({ length: WRITERS }, (_, i) => writer(i)),
        ...Array.from({ length: CALLERS }, (_, i) => caller(i)),
      ];

      const totalCalls = () => [...acked.calls.values()].reduce((a, b) => a + b, 0);
      const enough = () =>
        acked.accounts.length > MIN_ACKED.accounts &&
        acked.servers.length > MIN_ACKED.servers &&
        acked.keys.length >= MIN_ACKED.keys &&
        totalCalls() >= MIN_ACKED.calls;
      let inFlightAtKill = 0;
      let killNow: () => void = () => {};
      const killSent = new Promise<void>((resolve) => {
        killNow = resolve;
      });
      // The kill goes out synchronously on the acknowledgement of a tool call, in the same tick the
      // answer arrived: the harshest moment for anything the gateway still does after answering.
      onCallAcked = () => {
        if (!enough() || stop) return;
        stop = true;
        inFlightAtKill = inFlight;
        first.child.kill("SIGKILL");
        killNow();
      };
      const progressGuard = setTimeout(() => {
        if (stop) return;
        stop = true;
        killNow();
      }, 60_000);
      await killSent;
      clearTimeout(progressGuard);
      if (!enough()) throw new Error(`load made too little progress: ${JSON.stringify(counts(acked))}`);
      mark("kill");
      const exit = await first.kill9();
      killed.abort();
      await Promise.all(workers);
      mark("workers done");
      expect(exit).toBe("SIGKILL");
      const ackedCalls = totalCalls();
      console.info(
        `[${engine.name}] killed with ${inFlightAtKill} requests in flight; ${attempted} attempted; acknowledged: ` +
          `${acked.accounts.length} accounts, ${acked.servers.length} MCP servers, ${acked.keys.length} API keys, ${ackedCalls} tool calls`,
      );

      expect(refusals, "refused or failed before the kill").toEqual([]);

      // ---------------------------------------------------------------- restart and verify
      second = await startServe({ env, dataDir: engine.dataDir });
      admin = adminApi(second.url, adminKey);
      mark("restarted");
      expect((await fetch(`${second.url}/ready`)).status).toBe(200);

      const accounts = new Map((await listAll(admin, "/integrated-account")).map((a) => [a.id, a]));
      const missingAccounts = acked.accounts.filter((a) => !accounts.has(a.id));
      expect(missingAccounts, "acknowledged accounts lost").toEqual([]);
      for (const a of acked.accounts) expect(accounts.get(a.id).status).toBe("active");

      const missingServers: string[] = [];
      for (const s of acked.servers) {
        const res = await admin("GET", `/integrated-account/${s.accountId}/mcp/${s.id}`);
        if (res.status !== 200) missingServers.push(`${s.id}: ${res.status}`);
      }
      expect(missingServers, "acknowledged MCP servers lost").toEqual([]);

      const keys = new Map(((await admin("GET", "/api-keys")).json.result as any[]).map((k) => [k.id, k]));
      expect(
        acked.keys.filter((k) => !keys.has(k.id)),
        "acknowledged API keys lost",
      ).toEqual([]);
      const deadKeys: string[] = [];
      for (const k of acked.keys) {
        const res = await admin("GET", "/integrated-account?limit=1", undefined, k.key);
        if (res.status !== 200) deadKeys.push(`${k.id}: ${res.status}`);
      }
      expect(deadKeys, "acknowledged API keys no longer authenticate").toEqual([]);

      // Audit: the admin API writes the record before it answers, so every acknowledged write has one.
      const audit = await listAll(admin, "/audit-log");
      const has = (action: string, pred: (r: any) => boolean) =>
        audit.some((r) => r.action === action && pred(r));
      const missingAudit = [
        ...acked.accounts
          .filter((a) => a.kind !== "oauth")
          .filter((a) => !has("integrated_account.create", (r) => r.integrated_account_id === a.id))
          .map((a) => `integrated_account.create ${a.id}`),
        ...(has("integrated_account.oauth_connect", (r) => r.integrated_account_id === oauth.id)
          ? []
          : [`integrated_account.oauth_connect ${oauth.id}`]),
        ...acked.servers
          .filter((s) => !has("mcp_server.create", (r) => r.mcp_server_id === s.id))
          .map((s) => `mcp_server.create ${s.id}`),
        ...acked.keys
          .filter((k) => !has("api_key.create", (r) => r.detail?.api_key_id === k.id))
          .map((k) => `api_key.create ${k.id}`),
      ];
      expect(missingAudit, "acknowledged admin writes without an audit record").toEqual([]);
      // Tool calls: one record per acknowledged call made before the crash.
      const toolRecords = new Map<string, number>();
      for (const r of audit) {
        if (r.action === "tool_call")
          toolRecords.set(r.mcp_server_id, (toolRecords.get(r.mcp_server_id) ?? 0) + 1);
      }
      const shortfall: string[] = [];
      for (const s of acked.servers) {
        const expected = acked.calls.get(s.id) ?? 0;
        const found = toolRecords.get(s.id) ?? 0;
        if (found < expected) shortfall.push(`${s.id}: ${found} of ${expected}`);
      }
      console.info(
        `[${engine.name}] after restart: ${accounts.size} accounts, ${keys.size} API keys, ${audit.length} audit records, ` +
          `${[...toolRecords.values()].reduce((a, b) => a + b, 0)} tool_call records`,
      );
      expect(shortfall, "acknowledged tool calls without an audit record").toEqual([]);

      // Every acknowledged MCP server still answers a tool call with its stored (decrypted) credential.
      const broken: string[] = [];
      for (let i = 0; i < acked.servers.length; i += 8) {
        await Promise.all(
          acked.servers.slice(i, i + 8).map(async (s) => {
            const client = await connectClient(`${second!.url}/mcp/${s.token}`);
            try {
              const res: any = await client.callTool({ name: TOOL, arguments: {} });
              if (res.isError) broken.push(`${s.id}: ${JSON.stringify(res.content).slice(0, 200)}`);
            } catch (e) {
              broken.push(`${s.id}: ${(e as Error).message}`);
            } finally {
              await client.close().catch(() => {});
            }
          }),
        );
      }
      mark("servers called");
      expect(broken, "MCP servers that stopped working").toEqual([]);

      expect(await second.stop()).toBe(0);
      mark("stopped");
      second = null;

      // ---------------------------------------------------------------- no plaintext secrets
      const secrets = new Map<string, string>([
        ["admin key", adminKey],
        ["cloud API token", cloud.info.apiToken],
        ["cloud viewer API token", cloud.info.viewer.apiToken],
        ["DC PAT", dc.info.pat],
        ["DC viewer PAT", dc.info.viewer.pat],
        ...acked.servers.map((s) => [`MCP server token ${s.id}`, s.token] as [string, string]),
        ...acked.keys.map((k) => [`API key ${k.id}`, k.key] as [string, string]),
      ]);
      // Sandbox OAuth tokens (`at-…`, `rt-…`) and any full gateway token (`agk_…`, `agm_…`, 43+ chars)
      // whatever request produced it, acknowledged or not.
      const shapes = /(?<![A-Za-z0-9_-])(?:(?:at|rt|code)-[A-Za-z0-9_-]{32}|ag[a-z]_[A-Za-z0-9_-]{40,})/;
      const rows = await engine.dump();
      expect(rows.join("\n")).toContain(oauth.id); // the dump sees the data
      const leaks: string[] = [];
      for (const row of rows) {
        for (const [what, value] of secrets)
          if (row.includes(value)) leaks.push(`${what} in ${row.slice(0, 80)}`);
        const m = shapes.exec(row);
        if (m) leaks.push(`token-shaped ${m[0].slice(0, 8)}… in ${row.slice(0, 80)}`);
      }
      mark("dumped");
      const files = await engine.files();
      for (const file of files) {
        const bytes = await readFile(file);
        const text = bytes.toString("latin1");
        for (const [what, value] of secrets) if (text.includes(value)) leaks.push(`${what} in file ${file}`);
        const m = shapes.exec(text);
        if (m) leaks.push(`token-shaped ${m[0].slice(0, 8)}… in file ${file}`);
      }
      console.info(
        `[${engine.name}] scanned ${rows.length} rows and ${files.length} files for ${secrets.size} secrets`,
      );
      mark("scanned");
      console.info(`[${engine.name}] phases: ${marks.join(", ")}`);
      expect(leaks).toEqual([]);
    } finally {
      await first.kill9();
      if (second) await second.kill9();
    }
  }

  it("PGlite in a data dir", async () => {
    const dir = await mkdtemp(join(tmpdir(), "atlasgate-crash-"));
    scratch.push(dir);
    await scenario({
      name: "pglite",
      // No ATLASGATE_ENCRYPTION_KEY: the key is generated into the data dir and must survive too.
      env: {},
      dataDir: dir,
      async dump() {
        const db = await openDatabase({ dataDir: dir });
        try {
          return await dumpAll(db);
        } finally {
          await db.close();
        }
      },
      async files() {
        const all = await filesUnder(join(dir, "pglite"));
        const out: string[] = [];
        for (const f of all) if ((await stat(f)).size > 0) out.push(f);
        return out;
      },
    });
  }, 180_000);

  describe("Postgres", async () => {
    if (await postgresOrSkip("the Postgres crash-safety test")) return;
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase();
    });
    afterAll(async () => {
      await db?.drop();
    });

    it("Postgres via DATABASE_URL", async () => {
      const dir = await mkdtemp(join(tmpdir(), "atlasgate-crash-pg-"));
      scratch.push(dir);
      await scenario({
        name: "postgres",
        env: { DATABASE_URL: db.url, ATLASGATE_ENCRYPTION_KEY: randomBytes(32).toString("base64") },
        dataDir: dir,
        async dump() {
          const client = new pg.Client({ connectionString: db.url });
          await client.connect();
          try {
            return await dumpAll({
              query: async <T>(sql: string, params?: unknown[]) => {
                const r = await client.query(sql, params);
                return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
              },
            });
          } finally {
            await client.end();
          }
        },
        files: async () => [],
      });
    }, 180_000);
  });
});

function counts(a: Acked) {
  return {
    accounts: a.accounts.length,
    servers: a.servers.length,
    keys: a.keys.length,
    calls: [...a.calls.values()].reduce((x, y) => x + y, 0),
  };
}
