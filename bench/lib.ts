import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";

export const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

/** Pins a child to one core when `taskset` exists, so "requests/s on one core" means what it says. */
export function spawnOnOneCore(args: string[], core = 1): ChildProcess {
  const hasTaskset = spawnSync("sh", ["-c", "command -v taskset"]).status === 0;
  const [cmd, argv] = hasTaskset
    ? ["taskset", ["-c", String(core), process.execPath, ...args]]
    : [process.execPath, args];
  return spawn(cmd, argv, { stdio: ["ignore", "pipe", "inherit"] });
}

export async function firstJsonLine(child: ChildProcess): Promise<any> {
  const rl = createInterface({ input: child.stdout! });
  const [line] = (await once(rl, "line")) as [string];
  return JSON.parse(line);
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Closed-loop load: `concurrency` workers each send the next request as soon as the last returns. */
export async function load(
  make: () => { url: string; method?: string; headers?: Record<string, string>; body?: string },
  { concurrency = 32, durationMs = 5000, warmupMs = 1000 } = {},
): Promise<LoadResult> {
  const agent = new Agent({ connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let measuring = false;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const r = make();
      const t0 = performance.now();
      try {
        const res = await request(r.url, {
          method: (r.method ?? "GET") as "GET",
          headers: r.headers,
          body: r.body,
          dispatcher: agent,
        });
        await res.body.dump();
        if (res.statusCode >= 400) errors++;
      } catch {
        errors++;
      }
      if (measuring) latencies.push(performance.now() - t0);
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  await new Promise((r) => setTimeout(r, warmupMs));
  measuring = true;
  const start = performance.now();
  await new Promise((r) => setTimeout(r, durationMs));
  measuring = false;
  const seconds = (performance.now() - start) / 1000;
  stop = true;
  await Promise.all(workers);
  await agent.close();
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return {
    requests: latencies.length,
    seconds,
    rps: latencies.length / seconds,
    p50: q(0.5),
    p99: q(0.99),
    errors,
  };
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}

// --------------------------------------------------------------------- shared by the stdio and gateway suites

/** What the shared helpers need of a sandbox: its URL and a Basic authorization header. */
export interface SandboxSite {
  url: string;
  authorization: string;
}

const MIB = 1024 * 1024;

/** Resident memory of a child process (VmRSS from /proc), in MiB. */
export function readRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return (Number(kb) * 1024) / MIB;
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited within 15 s. */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export async function sandboxLog(site: SandboxSite): Promise<LoggedRequest[]> {
  const res = await fetch(`${site.url}/__sandbox/requests`);
  return ((await res.json()) as { requests: LoggedRequest[] }).requests;
}

export async function clearSandboxLog(site: SandboxSite): Promise<void> {
  const res = await fetch(`${site.url}/__sandbox/requests`, { method: "DELETE" });
  await res.arrayBuffer();
}

/** Real keys from the seed (a few per project), so every call hits an existing issue. */
export async function issueKeys(site: SandboxSite): Promise<string[]> {
  const headers = { authorization: site.authorization, accept: "application/json" };
  const page = (await (await fetch(`${site.url}/rest/api/3/project/search`, { headers })).json()) as {
    values: Array<{ key: string }>;
  };
  const keys: string[] = [];
  for (const { key } of page.values.slice(0, 3)) {
    const q = new URLSearchParams({
      jql: `project = ${key} ORDER BY key ASC`,
      maxResults: "7",
      fields: "summary",
    });
    const res = (await (await fetch(`${site.url}/rest/api/3/search/jql?${q}`, { headers })).json()) as {
      issues: Array<{ key: string }>;
    };
    keys.push(...res.issues.map((i) => i.key));
  }
  if (keys.length === 0) throw new Error("the sandbox seed has no issues");
  return keys;
}
