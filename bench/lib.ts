import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
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
