import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createTestDatabase, postgresUnavailableReason } from "../src/gateway/storage/test-postgres.js";
import {
  CLI,
  clearSandboxLog,
  firstJsonLine,
  fmt,
  issueKeys,
  type LoggedRequest,
  readRssMiB,
  sandboxLog,
  spawnOnOneCore,
  stop,
} from "./lib.js";

const BASELINE_SERVER = fileURLToPath(new URL("./baseline-server.mjs", import.meta.url));
const POSTGRES_ADMIN_URL =
  process.env.ATLASGATE_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const CONCURRENCY = [1, 8, 32] as const;
const WARMUP_MS = 1_000;
const MEASURE_MS = 5_000;
const RSS_CALLS = 200;
const STORED_ACCOUNTS = 1_000;
const STORED_SERVERS = 10_000;
const SPREAD_ACCOUNTS = 100;
const STARTUP_RUNS = 5;
const TOOL = "get_single_jira_issue_by_id";
/** The sandbox gets core 1 (as in the other suites), the gateway core 0; the bench client floats. */
const SANDBOX_CORE = 1;
const GATEWAY_CORE = 0;
const _MIB = 1024 * 1024;

/**
 * What the multi-tenant gateway costs on top of Atlassian: calls/s and latency through `/mcp/:token`
 * against the same requests sent straight to the sandbox, CPU per call, memory with a realistic
 * amount of stored configuration, and time to readiness on each storage engine.
 */
export async function benchGateway(): Promise<string[]> {
  const sandbox = spawnOnOneCore([CLI, "sandbox", "--port", "0"], SANDBOX_CORE);
  const info = await firstJsonLine(sandbox);
  const site: Site = {
    url: info.url,
    email: info.email,
    apiToken: info.apiToken,
    authorization: `Basic ${Buffer.from(`${info.email}:${info.apiToken}`).toString("base64")}`,
    pid: sandbox.pid ?? 0,
  };
  const lines: string[] = [];
  const temp = mkdtempSync(join(tmpdir(), "atlasgate-bench-gw-"));
  try {
    const keys = await issueKeys(site);
    const pgReason = await postgresUnavailableReason(POSTGRES_ADMIN_URL);
    if (pgReason) process.stdout.write(`gateway bench: Postgres runs skipped — ${pgReason}\n`);
    const load = await throughput(site, keys, temp);
    lines.push(...load.lines);
    if (!pgReason) lines.push(...(await postgresComparison(site, keys, temp, load.at8)));
    const rss = await storedDataRss(site, keys, temp);
    lines.push(...rss.lines);
    lines.push(...(await startup(temp, pgReason, rss.existing)));
  } finally {
    await stop(sandbox);
    rmSync(temp, { recursive: true, force: true });
  }
  return lines;
}

interface Site {
  url: string;
  email: string;
  apiToken: string;
  authorization: string;
  pid: number;
}

// ---------------------------------------------------------------------------------------- the gateway

interface GatewayProcess {
  url: string;
  pid: number;
  adminKey: string;
  /** Spawn → `/ready` answered 200. */
  readyMs: number;
  logTail(): string;
  stop(): Promise<void>;
}

interface GatewaySetup {
  dataDir: string;
  encryptionKey: Buffer;
  adminKey?: string;
  databaseUrl?: string;
}

/**
 * `node dist/cli/main.js serve` as an operator runs it (default log level; logs go to a file so the
 * pipe costs nothing), pinned to its own core so its CPU time and RSS are its own. The per-server rate
 * limit is lifted: it would otherwise be what the load test measures.
 */
async function startGatewayProcess(setup: GatewaySetup): Promise<GatewayProcess> {
  const port = await freePort();
  const adminKey = setup.adminKey ?? `agk_bench_${randomBytes(24).toString("base64url")}`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    ATLASGATE_ENCRYPTION_KEY: setup.encryptionKey.toString("base64"),
    ATLASGATE_ADMIN_KEY: adminKey,
    ATLASGATE_RATE_LIMIT_PER_HOUR: "1000000000",
    ATLASGATE_RATE_LIMIT_BURST: "1000000",
    ...(setup.databaseUrl ? { DATABASE_URL: setup.databaseUrl } : {}),
  };
  const logFile = join(setup.dataDir, `gateway-${port}.log`);
  mkdirSync(setup.dataDir, { recursive: true });
  const fd = openSync(logFile, "a");
  const args = [CLI, "serve", "--host", "127.0.0.1", "--port", String(port), "--data-dir", setup.dataDir];
  const hasTaskset = spawnSync("sh", ["-c", "command -v taskset"]).status === 0;
  const t0 = performance.now();
  const child = hasTaskset
    ? spawn("taskset", ["-c", String(GATEWAY_CORE), process.execPath, ...args], {
        env,
        stdio: ["ignore", "ignore", fd],
      })
    : spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", fd] });
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  const logTail = () => {
    try {
      return readFileSync(logFile, "utf8").slice(-2000);
    } catch {
      return "";
    }
  };
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  const until = t0 + 60_000;
  while (true) {
    if (exited) throw new Error(`the gateway exited during start-up:\n${logTail()}`);
    if (performance.now() > until) {
      await stop(child);
      throw new Error(`the gateway was not ready within 60 s:\n${logTail()}`);
    }
    try {
      const res = await fetch(`${url}/ready`);
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  const readyMs = performance.now() - t0;
  return { url, pid: child.pid ?? 0, adminKey, readyMs, logTail, stop: () => stop(child) };
}

/** An API-token account on the sandbox and an MCP server for it, through the admin API. */
async function mintMcpServer(gw: GatewayProcess, site: Site): Promise<string> {
  const call = async (path: string, body: unknown) => {
    const res = await fetch(`${gw.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${gw.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const account = await call("/integrated-account", {
    name: "bench",
    auth: { type: "api_token", site_url: site.url, email: site.email, api_token: site.apiToken },
  });
  const server = await call(`/integrated-account/${account.id}/mcp`, {
    name: "bench",
    config: { tags: ["core"] },
  });
  return server.url as string;
}

interface McpSession {
  call(key: string): Promise<boolean>;
  close(): Promise<void>;
}

/** One official client (Streamable HTTP) per simulated user, connected before any timing starts. */
async function connectMcp(url: string): Promise<McpSession> {
  const client = new Client({ name: "atlasgate-bench", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return {
    async call(key) {
      const res: any = await client.callTool({ name: TOOL, arguments: { issue_id_or_key: key } });
      return res.isError !== true && Array.isArray(res.content) && res.content.length > 0;
    },
    close: () => client.close(),
  };
}

// ------------------------------------------------------------------------------------------ throughput

interface Throughput {
  lines: string[];
  /** The 8-client run, for the Postgres comparison. */
  at8: { rps: number; cpuPerCallMs: number } | null;
}

async function throughput(site: Site, keys: string[], temp: string): Promise<Throughput> {
  const gw = await startGatewayProcess({ dataDir: join(temp, "throughput"), encryptionKey: randomBytes(32) });
  const lines: string[] = [];
  let at8: Throughput["at8"] = null;
  try {
    const mcpUrl = await mintMcpServer(gw, site);

    // The direct baseline asks the sandbox for exactly what the gateway asked: read it back from the log.
    const probe = await connectMcp(mcpUrl);
    await probe.call(keys[0] as string);
    await clearSandboxLog(site);
    if (!(await probe.call(keys[0] as string))) throw new Error("the probe call through the gateway failed");
    await probe.close();
    const logged = await sandboxLog(site);
    if (logged.length !== 1) throw new Error(`one gateway call made ${logged.length} sandbox requests`);
    const sent = logged[0] as LoggedRequest;
    const directUrl = (key: string) => {
      const path = sent.path.replace(encodeURIComponent(keys[0] as string), encodeURIComponent(key));
      const query = new URLSearchParams(sent.query).toString();
      return `${site.url}${path}${query ? `?${query}` : ""}`;
    };
    const direct = async (key: string) => {
      const res = await fetch(directUrl(key), {
        headers: { authorization: site.authorization, accept: "application/json" },
      });
      await res.json();
      return res.status === 200;
    };

    const cpuNotes: string[] = [];
    for (const c of CONCURRENCY) {
      const d = await closedLoop(c, (_w, i) => direct(keys[i % keys.length] as string), [site.pid]);
      const g = await mcpLoad(mcpUrl, keys, c, [gw.pid, site.pid]);
      lines.push(
        `${c} concurrent client${c === 1 ? "" : "s"}, ${TOOL} through /mcp/:token vs the same GET sent directly to the sandbox ` +
          `(${MEASURE_MS / 1000} s each after ${WARMUP_MS / 1000} s warm-up): ` +
          `${fmt(g.rps, 0)} vs ${fmt(d.rps, 0)} calls/s → **${fmt(g.rps / d.rps, 2)}×**; ` +
          `p50 ${fmt(g.p50, 2)} vs ${fmt(d.p50, 2)} ms → ${fmt(g.p50 / d.p50, 2)}×; ` +
          `p99 ${fmt(g.p99, 2)} vs ${fmt(d.p99, 2)} ms → ${fmt(g.p99 / d.p99, 2)}×; ` +
          `errors ${g.errors} / ${d.errors}`,
      );
      const gwCpu = (g.cpuMs.get(gw.pid) ?? Number.NaN) / g.calls;
      const sbViaGw = (g.cpuMs.get(site.pid) ?? Number.NaN) / g.calls;
      const sbDirect = (d.cpuMs.get(site.pid) ?? Number.NaN) / d.calls;
      if (c === 8) at8 = { rps: g.rps, cpuPerCallMs: gwCpu };
      cpuNotes.push(
        `gateway CPU time per call at ${c} client${c === 1 ? "" : "s"} (utime+stime of the serve process over the measured ${g.calls} calls): ` +
          `**${fmt(gwCpu * 1000, 0)} µs** vs ${fmt(sbDirect * 1000, 0)} µs the sandbox spends answering the request directly → **${fmt(gwCpu / sbDirect, 2)}×** ` +
          `(sandbox during the gateway run ${fmt(sbViaGw * 1000, 0)} µs/call; bench client ${fmt(g.clientCpuUs / g.calls, 0)} µs/call through MCP vs ${fmt(d.clientCpuUs / d.calls, 0)} µs/call direct)`,
      );
    }
    lines.push(...cpuNotes);
    lines.push(`gateway RSS after the load runs: ${fmt(readRssMiB(gw.pid))} MiB (informational)`);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- gateway log tail ---\n${gw.logTail()}`);
  } finally {
    await gw.stop();
  }
  return { lines, at8 };
}

/** `clients` connected official clients calling get-issue in a closed loop through one MCP URL. */
async function mcpLoad(
  mcpUrl: string,
  keys: string[],
  clients: number,
  watch: number[],
): Promise<LoopResult> {
  const sessions = await Promise.all(Array.from({ length: clients }, () => connectMcp(mcpUrl)));
  try {
    return await closedLoop(
      clients,
      (w, i) => (sessions[w] as McpSession).call(keys[i % keys.length] as string),
      watch,
    );
  } finally {
    await Promise.all(sessions.map((s) => s.close().catch(() => {})));
  }
}

interface LoopResult {
  calls: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time (utime+stime) of each watched pid during the measured window. */
  cpuMs: Map<number, number>;
  /** CPU time of this process (the clients) during the window. */
  clientCpuUs: number;
}

/**
 * Closed loop: each worker starts its next call as soon as the last one returns. Calls that finish
 * inside the window count; CPU of the watched processes is read at the window's edges.
 */
async function closedLoop(
  workers: number,
  call: (worker: number, i: number) => Promise<boolean>,
  watch: number[],
): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let stopped = false;
  let next = 0;
  const worker = async (w: number) => {
    while (!stopped) {
      const i = next++;
      const t0 = performance.now();
      let ok = false;
      try {
        ok = await call(w, i);
      } catch {
        ok = false;
      }
      if (measuring) {
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }
  };
  const running = Array.from({ length: workers }, (_, w) => worker(w));
  await sleep(WARMUP_MS);
  const cpu0 = new Map(watch.map((pid) => [pid, cpuMs(pid)]));
  const client0 = process.cpuUsage();
  measuring = true;
  const start = performance.now();
  await sleep(MEASURE_MS);
  measuring = false;
  const seconds = (performance.now() - start) / 1000;
  const client = process.cpuUsage(client0);
  const cpu = new Map(watch.map((pid) => [pid, cpuMs(pid) - (cpu0.get(pid) as number)]));
  stopped = true;
  await Promise.all(running);
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? Number.NaN;
  return {
    calls: latencies.length,
    rps: latencies.length / seconds,
    p50: q(0.5),
    p99: q(0.99),
    errors,
    cpuMs: cpu,
    clientCpuUs: client.user + client.system,
  };
}

// ------------------------------------------------------------------------------------ RSS, stored data

interface StoredRss {
  lines: string[];
  /** The 1-account data dir, reused by the start-up runs as "an existing data dir". */
  existing: GatewaySetup;
}

async function storedDataRss(site: Site, keys: string[], temp: string): Promise<StoredRss> {
  // Baseline: the same gateway holding only the one account and MCP server the calls need. It is
  // restarted once so both sides start on an existing data dir (a fresh PGlite dir runs initdb first).
  const emptyDir = join(temp, "rss-empty");
  const emptyKey = randomBytes(32);
  const first = await startGatewayProcess({ dataDir: emptyDir, encryptionKey: emptyKey });
  let url: string;
  let freshRss: number;
  try {
    freshRss = readRssMiB(first.pid);
    url = await mintMcpServer(first, site);
  } finally {
    await first.stop();
  }
  const empty = await startGatewayProcess({
    dataDir: emptyDir,
    encryptionKey: emptyKey,
    adminKey: first.adminKey,
  });
  let emptyStart: number;
  let emptyAfter: number;
  try {
    emptyStart = readRssMiB(empty.pid);
    await callsThrough([`${empty.url}/mcp/${url.slice(url.lastIndexOf("/") + 1)}`], keys, RSS_CALLS);
    emptyAfter = readRssMiB(empty.pid);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- gateway log tail ---\n${empty.logTail()}`);
  } finally {
    await empty.stop();
  }

  const fullDir = join(temp, "rss-full");
  const key = randomBytes(32);
  const t0 = performance.now();
  const seeded = await seedStoredData(fullDir, key, site);
  const seedSeconds = (performance.now() - t0) / 1000;
  const full = await startGatewayProcess({ dataDir: fullDir, encryptionKey: key, adminKey: seeded.adminKey });
  let fullStart: number;
  let fullAfter: number;
  let fullSpread: number;
  try {
    fullStart = readRssMiB(full.pid);
    await callsThrough([seeded.urls(full.url)[0] as string], keys, RSS_CALLS);
    fullAfter = readRssMiB(full.pid);
    await callsThrough(seeded.urls(full.url), keys, RSS_CALLS);
    fullSpread = readRssMiB(full.pid);
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- gateway log tail ---\n${full.logTail()}`);
  } finally {
    await full.stop();
  }
  const lines = [
    `RSS (VmRSS of the serve process, PGlite) with ${STORED_SERVERS.toLocaleString("en-US")} MCP servers and ${STORED_ACCOUNTS.toLocaleString("en-US")} accounts stored, ` +
      `after ${RSS_CALLS} get-issue calls through one of them (8 clients): **${fmt(fullAfter)} MiB** vs ${fmt(emptyAfter)} MiB with 1 account and 1 server after the same calls → **${fmt(fullAfter / emptyAfter, 2)}×** ` +
      `(right after /ready: ${fmt(fullStart)} vs ${fmt(emptyStart)} MiB → ${fmt(fullStart / emptyStart, 2)}×)`,
    `RSS after ${RSS_CALLS} more calls spread over ${SPREAD_ACCOUNTS} MCP servers on ${SPREAD_ACCOUNTS} different accounts (one upstream client each): ${fmt(fullSpread)} MiB ` +
      `(+${fmt(fullSpread - fullAfter)} MiB, informational); start-up on that data dir ${fmt(full.readyMs, 0)} ms vs ${fmt(empty.readyMs, 0)} ms on the 1-account one; ` +
      `RSS right after the very first start on a fresh data dir (PGlite initdb): ${fmt(freshRss)} MiB; seeding the rows through the repositories took ${fmt(seedSeconds)} s`,
  ];
  return { lines, existing: { dataDir: emptyDir, encryptionKey: emptyKey, adminKey: first.adminKey } };
}

/**
 * Diagnostic, not part of the criterion: the same gateway on Postgres, so the share of PGlite (which
 * runs inside the gateway process, in WebAssembly) in the gateway's CPU and RSS is visible.
 */
async function postgresComparison(
  site: Site,
  keys: string[],
  temp: string,
  pglite: Throughput["at8"],
): Promise<string[]> {
  const db = await createTestDatabase(POSTGRES_ADMIN_URL);
  try {
    const gw = await startGatewayProcess({
      dataDir: join(temp, "pg-load"),
      encryptionKey: randomBytes(32),
      databaseUrl: db.url,
    });
    try {
      const url = await mintMcpServer(gw, site);
      const rssStart = readRssMiB(gw.pid);
      await callsThrough([url], keys, RSS_CALLS);
      const rssAfter = readRssMiB(gw.pid);
      const g = await mcpLoad(url, keys, 8, [gw.pid]);
      const cpu = (g.cpuMs.get(gw.pid) ?? Number.NaN) / g.calls;
      return [
        `diagnostic — the same gateway on Postgres (database CPU and memory in the postgres processes, not counted): 8 clients ${fmt(g.rps, 0)} calls/s ` +
          `(${fmt(g.rps / (pglite?.rps ?? Number.NaN), 2)}× the PGlite run), p50 ${fmt(g.p50, 2)} ms, p99 ${fmt(g.p99, 2)} ms, errors ${g.errors}; ` +
          `gateway CPU ${fmt(cpu * 1000, 0)} µs/call (${fmt(cpu / (pglite?.cpuPerCallMs ?? Number.NaN), 2)}× the PGlite run); ` +
          `RSS right after /ready ${fmt(rssStart)} MiB, after ${RSS_CALLS} calls ${fmt(rssAfter)} MiB`,
      ];
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- gateway log tail ---\n${gw.logTail()}`);
    } finally {
      await gw.stop();
    }
  } finally {
    await db.drop();
  }
}

/**
 * Writes the accounts and MCP servers straight into the data dir through the storage layer (the admin
 * API would check every account against the sandbox): the same key, so the gateway can decrypt them.
 */
async function seedStoredData(
  dataDir: string,
  key: Buffer,
  site: Site,
): Promise<{ adminKey: string; urls: (base: string) => string[] }> {
  const { openDatabase } = await import("../src/gateway/storage/db.js");
  const { migrate } = await import("../src/gateway/storage/migrations.js");
  const { Repositories } = await import("../src/gateway/storage/repositories.js");
  const db = await openDatabase({ dataDir });
  try {
    await migrate(db);
    const repos = new Repositories(db, key);
    const team = await repos.teams.create("default");
    const { key: adminKey } = await repos.apiKeys.create(team.id, "bench admin");
    const perAccount = STORED_SERVERS / STORED_ACCOUNTS;
    const tokens: string[] = [];
    await repos.transaction(async (_tx, r) => {
      for (let a = 0; a < STORED_ACCOUNTS; a++) {
        const account = await r.accounts.create(
          team.id,
          { name: `account ${a}`, authType: "api_token", siteUrl: site.url, deployment: "cloud" },
          { type: "api_token", email: site.email, apiToken: site.apiToken },
        );
        for (let s = 0; s < perAccount; s++) {
          const { token } = await r.mcpServers.create(team.id, {
            integratedAccountId: account.id,
            name: `server ${a}.${s}`,
            config: { tags: ["core"] },
          });
          if (s === 0 && a < SPREAD_ACCOUNTS) tokens.push(token);
        }
      }
    });
    return { adminKey, urls: (base) => tokens.map((t) => `${base}/mcp/${t}`) };
  } finally {
    await db.close();
  }
}

/** `total` calls, 8 clients at a time, round-robin over the given MCP URLs (one client per URL use). */
async function callsThrough(urls: string[], keys: string[], total: number): Promise<void> {
  const perUrl = Math.ceil(total / urls.length);
  let failed = 0;
  let u = 0;
  const worker = async () => {
    while (u < urls.length) {
      const url = urls[u++] as string;
      const s = await connectMcp(url);
      try {
        for (let i = 0; i < perUrl; i++) if (!(await s.call(keys[(u + i) % keys.length] as string))) failed++;
      } finally {
        await s.close();
      }
    }
  };
  if (urls.length === 1) {
    const sessions = await Promise.all(Array.from({ length: 8 }, () => connectMcp(urls[0] as string)));
    let n = 0;
    await Promise.all(
      sessions.map(async (s) => {
        while (n < total) if (!(await s.call(keys[n++ % keys.length] as string))) failed++;
        await s.close();
      }),
    );
  } else {
    await Promise.all(Array.from({ length: 8 }, worker));
  }
  if (failed > 0) throw new Error(`${failed} tool calls failed`);
}

// --------------------------------------------------------------------------------------------- startup

async function startup(temp: string, pgReason: string | null, existing: GatewaySetup): Promise<string[]> {
  const key = randomBytes(32);
  // The existing data dirs/databases hold a migrated schema and a team before any timed run (the PGlite
  // one also an account and an MCP server: the RSS section's baseline).
  const pgExisting = pgReason ? null : await createTestDatabase(POSTGRES_ADMIN_URL);
  if (pgExisting) {
    await (
      await startGatewayProcess({
        dataDir: join(temp, "pg-existing"),
        encryptionKey: key,
        databaseUrl: pgExisting.url,
      })
    ).stop();
  }

  const times: Record<string, number[]> = {
    baseline: [],
    pgliteFresh: [],
    pgliteExisting: [],
    postgresFresh: [],
    postgresExisting: [],
  };
  const contenders: Array<[keyof typeof times, () => Promise<number>]> = [
    ["baseline", bareServerStart],
    [
      "pgliteFresh",
      async () => {
        const dir = join(temp, `startup-fresh-${randomBytes(4).toString("hex")}`);
        const gw = await startGatewayProcess({ dataDir: dir, encryptionKey: key });
        await gw.stop();
        rmSync(dir, { recursive: true, force: true });
        return gw.readyMs;
      },
    ],
    [
      "pgliteExisting",
      async () => {
        const gw = await startGatewayProcess(existing);
        await gw.stop();
        return gw.readyMs;
      },
    ],
  ];
  if (pgExisting) {
    contenders.push(
      [
        "postgresFresh",
        async () => {
          const db = await createTestDatabase(POSTGRES_ADMIN_URL);
          try {
            const gw = await startGatewayProcess({
              dataDir: join(temp, "pg-fresh"),
              encryptionKey: key,
              databaseUrl: db.url,
            });
            await gw.stop();
            return gw.readyMs;
          } finally {
            await db.drop();
          }
        },
      ],
      [
        "postgresExisting",
        async () => {
          const gw = await startGatewayProcess({
            dataDir: join(temp, "pg-existing"),
            encryptionKey: key,
            databaseUrl: pgExisting.url,
          });
          await gw.stop();
          return gw.readyMs;
        },
      ],
    );
  }
  try {
    // The earlier sections warmed the file cache; the contenders take turns, rotating who goes first.
    for (let run = 0; run < STARTUP_RUNS; run++) {
      const order = [
        ...contenders.slice(run % contenders.length),
        ...contenders.slice(0, run % contenders.length),
      ];
      for (const [name, start] of order) {
        const ms = await start();
        times[name]?.push(ms);
      }
    }
  } finally {
    await pgExisting?.drop();
  }
  const base = median(times.baseline as number[]);
  const row = (label: string, name: keyof typeof times) => {
    const m = median(times[name] as number[]);
    return (
      `start-up, spawn → /ready answered 200, ${label} (median of ${STARTUP_RUNS}): **${fmt(m, 0)} ms** ` +
      `vs ${fmt(base, 0)} ms for a bare node:http server (spawn → first 200) → **${fmt(m / base, 2)}×** ` +
      `(runs: ${(times[name] as number[]).map((t) => fmt(t, 0)).join(", ")} ms)`
    );
  };
  const lines = [row("PGlite, fresh data dir (migrations, first team)", "pgliteFresh")];
  lines.push(row("PGlite, existing data dir", "pgliteExisting"));
  if (pgReason) {
    lines.push(`start-up on Postgres: skipped — ${pgReason}`);
  } else {
    lines.push(row("Postgres 127.0.0.1:5432, fresh database (migrations, first team)", "postgresFresh"));
    lines.push(row("Postgres 127.0.0.1:5432, existing database", "postgresExisting"));
  }
  return lines;
}

/** The floor: a bare node:http server, from spawn until it answers its first request. */
async function bareServerStart(): Promise<number> {
  const t0 = performance.now();
  const child = spawnOnOneCore([BASELINE_SERVER, "100"], GATEWAY_CORE);
  try {
    const { url } = await firstJsonLine(child);
    const res = await fetch(`${url}/`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`the bare server answered ${res.status}`);
    return performance.now() - t0;
  } finally {
    await stop(child);
  }
}

// ----------------------------------------------------------------------------------------------- helpers

const CLK_TCK = (() => {
  const out = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const n = Number(out.stdout?.trim());
  return Number.isFinite(n) && n > 0 ? n : 100;
})();

/** utime + stime of a process in ms, from /proc/<pid>/stat (fields 14 and 15, in clock ticks). */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
