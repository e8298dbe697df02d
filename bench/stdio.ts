import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { Agent } from "undici";
import {
  CLI,
  clearSandboxLog,
  firstJsonLine,
  fmt,
  issueKeys,
  readRssMiB,
  sandboxLog,
  spawnOnOneCore,
  stop,
} from "./lib.js";

const MINIMAL = fileURLToPath(new URL("./minimal-server.mjs", import.meta.url));
const FLOOR_SERVER = fileURLToPath(new URL("./floor-server.mjs", import.meta.url));
const IMPORT_COST = fileURLToPath(new URL("./import-cost.mjs", import.meta.url));

const COLD_RUNS = 20;
const COLD_WARMUP = 2;
const LATENCY_CALLS = 200;
const LATENCY_WARMUP = 20;
const MIXED_CALLS = 100;
const _MIB = 1024 * 1024;

/** What the stdio server costs a desktop client: start time, memory, per-call overhead, HTTP fan-out and tokens. */
export async function benchStdio(): Promise<string[]> {
  const sandbox = spawnOnOneCore([CLI, "sandbox", "--port", "0"]);
  const info = await firstJsonLine(sandbox);
  const site: Site = {
    url: info.url,
    authorization: `Basic ${Buffer.from(`${info.email}:${info.apiToken}`).toString("base64")}`,
    env: {
      PATH: process.env.PATH ?? "",
      ATLASSIAN_URL: info.url,
      ATLASSIAN_EMAIL: info.email,
      ATLASSIAN_API_TOKEN: info.apiToken,
    },
  };
  const lines: string[] = [];
  try {
    lines.push(...(await coldStart(site)));
    lines.push(...(await session(site)));
    lines.push(...(await toolListTokens(site)));
  } finally {
    await stop(sandbox);
  }
  return lines;
}

interface Site {
  url: string;
  authorization: string;
  /** The stdio server's environment as a desktop client sets it (no ATLASGATE_TAGS: the default `core`). */
  env: Record<string, string>;
}

interface Server {
  client: Client;
  pid: number;
  close(): Promise<void>;
  call(name: string, args: Record<string, unknown>): Promise<string>;
}

async function startServer(args: string[], env: Record<string, string>): Promise<Server> {
  const transport = new StdioClientTransport({ command: process.execPath, args, env, stderr: "ignore" });
  const client = new Client({ name: "atlasgate-bench", version: "1.0.0" });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error("the server has no pid");
  return {
    client,
    pid,
    close: () => client.close(),
    async call(name, callArgs) {
      const res: any = await client.callTool({ name, arguments: callArgs });
      const text = (res.content ?? []).map((c: any) => c.text ?? "").join("");
      if (res.isError) throw new Error(`${name} failed: ${text.slice(0, 300)}`);
      return text;
    },
  };
}

// ---------------------------------------------------------------------------------------------- cold start

async function coldStart(site: Site): Promise<string[]> {
  const bundledMinimal = await bundleMinimal();
  const contenders: Record<"atlasgate" | "minimal" | "bundledMinimal", string[]> = {
    atlasgate: [CLI],
    minimal: [MINIMAL],
    bundledMinimal: [bundledMinimal],
  };
  const times: Record<keyof typeof contenders, number[]> = { atlasgate: [], minimal: [], bundledMinimal: [] };
  const rss: Record<keyof typeof contenders, number[]> = { atlasgate: [], minimal: [], bundledMinimal: [] };
  let atlasgateTools = 0;
  // Alternating runs share whatever else the machine is doing; the first ones only warm the file cache.
  for (let run = 0; run < COLD_WARMUP + COLD_RUNS; run++) {
    for (const name of run % 2 === 0
      ? (["atlasgate", "minimal", "bundledMinimal"] as const)
      : (["bundledMinimal", "minimal", "atlasgate"] as const)) {
      const t0 = performance.now();
      const server = await startServer(contenders[name], site.env);
      const { tools } = await server.client.listTools();
      const ms = performance.now() - t0;
      const residentMiB = readRssMiB(server.pid);
      await server.close();
      if (name === "atlasgate") atlasgateTools = tools.length;
      if (run < COLD_WARMUP) continue;
      times[name].push(ms);
      rss[name].push(residentMiB);
    }
  }
  const a = stats(times.atlasgate);
  const m = stats(times.minimal);
  const b = stats(times.bundledMinimal);
  const ratio = a.median / m.median;
  const lines = [
    `cold start, spawn → initialize → tools/list answered (${COLD_RUNS} alternating runs each, official client over stdio): ` +
      `atlasgate (default tags, ${atlasgateTools} tools) median ${fmt(a.median, 0)} ms, p95 ${fmt(a.p95, 0)} ms; ` +
      `minimal server (same SDK, serveStdio, 1 tool) median ${fmt(m.median, 0)} ms, p95 ${fmt(m.p95, 0)} ms; ` +
      `ratio of medians ${fmt(ratio, 2)}× ${verdict(ratio, 1.0, "×")}`,
    `cold start, informational: the same minimal server bundled the way atlasgate's stdio entry is (esbuild, one file) median ${fmt(b.median, 0)} ms, p95 ${fmt(b.p95, 0)} ms; ` +
      `atlasgate ${fmt(a.median / b.median, 2)}× that — what atlasgate's own start-up adds once module loading costs the same for both`,
    `RSS right after tools/list in the cold-start runs (median): atlasgate ${fmt(stats(rss.atlasgate).median)} MiB, minimal server ${fmt(stats(rss.minimal).median)} MiB, bundled minimal server ${fmt(stats(rss.bundledMinimal).median)} MiB`,
  ];
  if (ratio > 1.0) lines.push(...importProfile());
  return lines;
}

/** The minimal server bundled with the same esbuild settings as dist/bundle/ (scripts/bundle-stdio.mjs). */
async function bundleMinimal(): Promise<string> {
  const { build } = await import("esbuild");
  const outdir = mkdtempSync(join(tmpdir(), "atlasgate-bench-"));
  await build({
    entryPoints: [MINIMAL],
    outdir,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "warning",
    outExtension: { ".js": ".mjs" },
    banner: {
      js: "import { createRequire as __benchRequire } from 'node:module'; const require = __benchRequire(import.meta.url);",
    },
  });
  return join(outdir, "minimal-server.mjs");
}

/**
 * Where atlasgate's start time goes: each module the stdio entry pulls in, imported one after another
 * in a fresh process (median of 5), so the report names what to load lazily.
 */
function importProfile(): string[] {
  const steps = [
    "@modelcontextprotocol/server",
    "@modelcontextprotocol/server/stdio",
    "undici",
    "ajv",
    "htmlparser2",
    "mdast-util-from-markdown",
    "micromark-extension-gfm",
    "mdast-util-gfm",
    "ajv-draft-04",
    "./dist/atlassian/index.js",
    "./dist/catalog/index.js",
    "./dist/rich-text/index.js",
    "./dist/router/validate.js",
    "./dist/pipeline/execute.js",
    "./dist/mcp/server.js",
    "./dist/transports/stdio.js",
  ];
  const runs: Array<Array<{ spec: string; ms: number; rssMiB: number }>> = [];
  for (let i = 0; i < 5; i++) {
    const out = spawnSync(process.execPath, [IMPORT_COST, ...steps], { encoding: "utf8" });
    if (out.status !== 0) return [`start-up profile failed: ${out.stderr.slice(0, 300)}`];
    runs.push(JSON.parse(out.stdout).rows);
  }
  const parts = steps.map((spec, i) => {
    const ms = stats(runs.map((r) => r[i]?.ms ?? Number.NaN)).median;
    const mib = stats(runs.map((r) => r[i]?.rssMiB ?? Number.NaN)).median;
    return { spec, ms, mib };
  });
  const sdk = parts.slice(0, 2).reduce((s, p) => s + p.ms, 0);
  const own = parts.slice(2).reduce((s, p) => s + p.ms, 0);
  return [
    `start-up profile (cold start is over 1.0×): modules in the order the stdio entry needs them, each imported after the previous in a fresh process, median of 5 — ` +
      `SDK ${fmt(sdk, 0)} ms (shared with the minimal server), everything atlasgate adds ${fmt(own, 0)} ms: ` +
      parts
        .slice(2)
        .map((p) => `${p.spec} ${fmt(p.ms, 0)} ms/${fmt(p.mib)} MiB`)
        .join(", "),
  ];
}

// ------------------------------------------------------------------------------- RSS, requests, latency

async function session(site: Site): Promise<string[]> {
  const lines: string[] = [];
  const server = await startServer([CLI], site.env);
  const direct = new Agent({ connections: 1 });
  try {
    await server.client.listTools();
    const rssStart = readRssMiB(server.pid);
    // The first tool call loads the pipeline and sends the one background request (serverInfo,
    // confirming the deployment); do it before counting requests per call.
    await server.call("get_single_jira_current_user", {});
    await waitFor(async () => (await sandboxLog(site)).some((r) => r.path.endsWith("/serverInfo")), 10_000);

    const keys = await issueKeys(site);
    const projects = [...new Set(keys.map((k) => k.split("-")[0] as string))];
    const jql = (i: number) => `project = ${projects[i % projects.length]} ORDER BY key ASC`;
    const simple: Array<(i: number) => [string, Record<string, unknown>]> = [
      (i) => ["get_single_jira_issue_by_id", { issue_id_or_key: keys[i % keys.length] }],
      (i) => ["list_all_jira_search", { jql: jql(i), limit: 10 }],
      (i) => ["list_all_jira_issue_comments", { issue_id_or_key: keys[i % keys.length] }],
      (i) => ["get_single_jira_project_by_id", { project_id_or_key: projects[i % projects.length] }],
    ];

    await clearSandboxLog(site);
    for (let i = 0; i < MIXED_CALLS; i++) {
      const [name, args] = (simple[i % simple.length] as (i: number) => [string, Record<string, unknown>])(
        Math.floor(i / simple.length),
      );
      await server.call(name, args);
    }
    const rssAfter = readRssMiB(server.pid);
    const log = await sandboxLog(site);
    const perCall = log.length / MIXED_CALLS;
    const failed = log.filter((r) => r.status >= 400).length;
    lines.push(
      `RSS (VmRSS of the server process) after start: ${fmt(rssStart)} MiB ${verdict(rssStart, 80, " MiB")}`,
      `RSS after ${MIXED_CALLS} mixed calls (get issue, 10-issue search, list comments, get project): ${fmt(rssAfter)} MiB ${verdict(rssAfter, 110, " MiB")}`,
      `HTTP requests to Atlassian per simple call (those ${MIXED_CALLS} calls, sandbox request log): ${log.length} requests → ${fmt(perCall, 2)} per call` +
        `${failed ? ` (${failed} answered ≥ 400)` : ""} ${perCall === 1 && failed === 0 ? "PASS (= 1.0)" : "FAIL (must be exactly 1.0)"}`,
    );

    // The direct baseline sends exactly what the server sent: read it back from the request log.
    await clearSandboxLog(site);
    await server.call("get_single_jira_issue_by_id", { issue_id_or_key: keys[0] });
    await server.call("list_all_jira_search", { jql: jql(0), limit: 10 });
    const [issueReq, searchReq] = await sandboxLog(site);
    if (!issueReq || !searchReq) throw new Error("the sandbox did not log the probe calls");
    const searchQuery = (i: number) => new URLSearchParams({ ...searchReq.query, jql: jql(i) }).toString();
    const issuePath = (i: number) =>
      issueReq.path.replace(
        encodeURIComponent(keys[0] as string),
        encodeURIComponent(keys[i % keys.length] as string),
      );
    // The baseline the issue names: a direct `fetch` (Node's global fetch, keep-alive) of the same URL.
    const fetchJson = async (path: string) => {
      const res = await fetch(`${site.url}${path}`, {
        headers: { authorization: site.authorization, accept: "application/json" },
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`direct GET ${path} answered ${res.status}`);
      return body;
    };

    const samples = {
      mcpIssue: [] as number[],
      directIssue: [] as number[],
      mcpSearch: [] as number[],
      directSearch: [] as number[],
      pipelineIssue: [] as number[],
      pipelineSearch: [] as number[],
      passIssue: [] as number[],
      passSearch: [] as number[],
      shapeIssue: [] as number[],
      shapeSearch: [] as number[],
      floor: [] as number[],
    };
    // Where the time goes: the same tool run in this process without MCP (atlasgate's pipeline and
    // Atlassian client), and a trivial tool on the minimal server (the SDK's stdio round trip alone).
    const inProcess = await pipelineInProcess(site);
    const minimal = await startServer([MINIMAL], site.env);
    const passThrough = await startServer([FLOOR_SERVER], {
      ...site.env,
      ATLASGATE_BENCH_FLOOR: "pass-through",
    });
    const shapingFloor = await startServer([FLOOR_SERVER], { ...site.env, ATLASGATE_BENCH_FLOOR: "shaping" });
    const time = async (into: number[] | null, fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      into?.push(performance.now() - t0);
    };
    // Interleaved so both sides see the same machine noise; warm-up calls are not recorded.
    for (let i = 0; i < LATENCY_WARMUP + LATENCY_CALLS; i++) {
      const rec = i >= LATENCY_WARMUP;
      await time(rec ? samples.mcpIssue : null, () =>
        server.call("get_single_jira_issue_by_id", { issue_id_or_key: keys[i % keys.length] }),
      );
      await time(rec ? samples.directIssue : null, () => fetchJson(issuePath(i)));
      await time(rec ? samples.mcpSearch : null, () =>
        server.call("list_all_jira_search", { jql: jql(i), limit: 10 }),
      );
      await time(rec ? samples.directSearch : null, () => fetchJson(`${searchReq.path}?${searchQuery(i)}`));
      await time(rec ? samples.pipelineIssue : null, () =>
        inProcess.call("get_single_jira_issue_by_id", { issue_id_or_key: keys[i % keys.length] }),
      );
      await time(rec ? samples.pipelineSearch : null, () =>
        inProcess.call("list_all_jira_search", { jql: jql(i), limit: 10 }),
      );
      await time(rec ? samples.passIssue : null, () => passThrough.call("get", { path: issuePath(i) }));
      await time(rec ? samples.passSearch : null, () =>
        passThrough.call("get", { path: `${searchReq.path}?${searchQuery(i)}` }),
      );
      await time(rec ? samples.shapeIssue : null, () => shapingFloor.call("get", { path: issuePath(i) }));
      await time(rec ? samples.shapeSearch : null, () =>
        shapingFloor.call("get", { path: `${searchReq.path}?${searchQuery(i)}` }),
      );
      await time(rec ? samples.floor : null, () => minimal.call("ping", {}));
    }
    await shapingFloor.close();
    await minimal.close();
    await passThrough.close();
    await inProcess.close();
    const rssEnd = readRssMiB(server.pid);
    const floor = stats(samples.floor);
    for (const [what, mcp, raw, pipeline, pass, shaped] of [
      [
        "get-issue",
        samples.mcpIssue,
        samples.directIssue,
        samples.pipelineIssue,
        samples.passIssue,
        samples.shapeIssue,
      ],
      [
        "10-issue search",
        samples.mcpSearch,
        samples.directSearch,
        samples.pipelineSearch,
        samples.passSearch,
        samples.shapeSearch,
      ],
    ] as const) {
      const a = stats(mcp);
      const d = stats(raw);
      const p = stats(pipeline);
      const f = stats(pass);
      const sf = stats(shaped);
      const ratio = a.median / d.median;
      lines.push(
        `per-call latency, ${what} (${LATENCY_CALLS} calls each, interleaved): through MCP median ${fmt(a.median, 2)} ms, p95 ${fmt(a.p95, 2)} ms; ` +
          `direct fetch + JSON parse of the same URL median ${fmt(d.median, 2)} ms, p95 ${fmt(d.p95, 2)} ms; ratio of medians ${fmt(ratio, 2)}× ${verdict(ratio, 1.5, "×")}` +
          ` — breakdown: same tool in-process without MCP (pipeline + Atlassian client) median ${fmt(p.median, 2)} ms (${fmt(p.median / d.median, 2)}× direct); ` +
          `pass-through server (same SDK and HTTP library, same request, Atlassian's body returned untouched) median ${fmt(f.median, 2)} ms, p95 ${fmt(f.p95, 2)} ms ` +
          `(${fmt(f.median / d.median, 2)}× direct; atlasgate ${fmt(a.median / f.median, 2)}× the pass-through); ` +
          `shaping floor (the pass-through plus JSON parse and atlasgate's issue shaper, nothing else) median ${fmt(sf.median, 2)} ms, p95 ${fmt(sf.p95, 2)} ms ` +
          `(${fmt(sf.median / d.median, 2)}× direct; atlasgate ${fmt(a.median / sf.median, 2)}× that)`,
      );
    }
    lines.push(
      `MCP stdio floor (informational): a trivial tool on the minimal server, same client, median ${fmt(floor.median, 2)} ms, p95 ${fmt(floor.p95, 2)} ms ` +
        `(${fmt(floor.median / stats(samples.directIssue).median, 2)}× the direct get-issue fetch)`,
    );
    lines.push(
      `RSS after all ${MIXED_CALLS + 2 + 2 * (LATENCY_WARMUP + LATENCY_CALLS)} calls of this session: ${fmt(rssEnd)} MiB (informational)`,
    );

    lines.push(...(await responseTokens(server, keys, projects)));
  } finally {
    await direct.close();
    await server.close();
  }
  return lines;
}

/** atlasgate's own tool execution in this process, with the server's client and default settings. */
async function pipelineInProcess(site: Site) {
  const { loadCatalog } = await import("../src/catalog/index.js");
  const { AtlassianClient } = await import("../src/atlassian/index.js");
  const { executeTool } = await import("../src/pipeline/execute.js");
  const catalog = loadCatalog();
  const upstream = new AtlassianClient({
    siteUrl: site.url,
    auth: {
      type: "basic",
      email: site.env.ATLASSIAN_EMAIL ?? "",
      apiToken: site.env.ATLASSIAN_API_TOKEN ?? "",
    },
  });
  return {
    async call(name: string, args: Record<string, unknown>): Promise<string> {
      const tool = catalog.find((t) => t.name === name);
      if (!tool) throw new Error(`no tool ${name}`);
      const { result } = await executeTool(tool, args, { upstream, deployment: "cloud" });
      if (result.isError)
        throw new Error(`${name} failed in-process: ${result.content[0]?.text.slice(0, 300)}`);
      return result.content[0]?.text ?? "";
    },
    close: () => upstream.close(),
  };
}

// ------------------------------------------------------------------------------------------------ tokens

const tokens = (text: string) => encode(text).length;

async function responseTokens(server: Server, keys: string[], projects: string[]): Promise<string[]> {
  const search = { shaped: [] as number[], raw: [] as number[] };
  for (const p of projects) {
    const args = { jql: `project = ${p} ORDER BY key ASC`, limit: 10 };
    search.shaped.push(tokens(await server.call("list_all_jira_search", args)));
    search.raw.push(tokens(await server.call("list_all_jira_search", { ...args, raw: true })));
  }
  const issue = { shaped: [] as number[], raw: [] as number[] };
  for (const key of keys) {
    issue.shaped.push(tokens(await server.call("get_single_jira_issue_by_id", { issue_id_or_key: key })));
    issue.raw.push(
      tokens(await server.call("get_single_jira_issue_by_id", { issue_id_or_key: key, raw: true })),
    );
  }
  const s = { shaped: stats(search.shaped), raw: stats(search.raw) };
  const g = { shaped: stats(issue.shaped), raw: stats(issue.raw) };
  return [
    `tokens (o200k_base), default 10-issue search response (\`project = X ORDER BY key ASC\`, limit 10, ${projects.length} projects): ` +
      `max ${s.shaped.max}, median ${s.shaped.median} ${verdict(s.shaped.max, 500, " tokens")}; raw JSON of the same data (raw: true) median ${s.raw.median}, max ${s.raw.max}`,
    `tokens (o200k_base), default get-issue response (${keys.length} issues): max ${g.shaped.max}, median ${g.shaped.median} ${verdict(g.shaped.max, 1000, " tokens")}; ` +
      `raw JSON of the same data (raw: true) median ${g.raw.median}, max ${g.raw.max}`,
  ];
}

async function toolListTokens(site: Site): Promise<string[]> {
  const listed = async (env: Record<string, string>) => {
    const server = await startServer([CLI], { ...site.env, ...env });
    try {
      return (await server.client.listTools()).tools;
    } finally {
      await server.close();
    }
  };
  const perTool = (tools: unknown[]) => tools.map((t) => tokens(JSON.stringify(t)));
  const all = perTool(await listed({ ATLASGATE_TAGS: "all" }));
  const core = perTool(await listed({}));
  const discoveryTools = await listed({ ATLASGATE_TOOL_EXPOSURE: "discovery" });
  const discovery = tokens(JSON.stringify(discoveryTools));
  const a = stats(all);
  const c = stats(core);
  const coreTotal = core.reduce((x, y) => x + y, 0);
  return [
    `tools/list tokens per tool (o200k_base, JSON of each tool object), all ${all.length} tools (ATLASGATE_TAGS=all): median ${a.median}, max ${a.max} ${verdict(a.median, 100, " tokens")}; ` +
      `the ${core.length} default (core) tools: median ${c.median}, max ${c.max}`,
    `tools/list tokens, the core set (default tags, ${core.length} tools) in all: ${coreTotal} ${verdict(coreTotal, 3000, " tokens")}`,
    `tools/list tokens, discovery exposure (ATLASGATE_TOOL_EXPOSURE=discovery, the whole tools array of ${discoveryTools.length}): ${discovery} ${verdict(discovery, 600, " tokens")}`,
  ];
}

// ----------------------------------------------------------------------------------------------- helpers

interface Stats {
  median: number;
  p95: number;
  max: number;
}

function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] ?? Number.NaN;
  const mid = s.length / 2;
  const median =
    s.length === 0
      ? Number.NaN
      : s.length % 2
        ? (s[Math.floor(mid)] as number)
        : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return { median, p95: q(0.95), max: s.at(-1) ?? Number.NaN };
}

function verdict(value: number, limit: number, unit: string): string {
  const shown = unit === "×" ? limit.toFixed(1) : limit.toLocaleString("en-US");
  return `(threshold ≤ ${shown}${unit}) ${value <= limit ? "PASS" : "FAIL"}`;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error("timed out waiting for the server's start-up request");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Real keys from the seed (a few per project), so every call hits an existing issue. */
